"""srcSchema parsing, SQL naming, autoStg, the registry, and table creation/evolution."""
from __future__ import annotations

import pytest

from runtime.xtk import schema as S
from runtime.xtk.store import Store, StoreError, dispose_engines
from xtk_helpers import TYPED_SCHEMA


def test_builtin_sample_table_and_its_staging_schema():
    reg = S.load_registry(())
    base, stg = reg.get("dem:sampleTable"), reg.get("dem:sampleTableStg")
    assert base.table == "DemSampleTable" and stg.table == "DemSampleTableStg"
    assert base.auto_stg and stg.staging_of == "dem:sampleTable"
    assert stg.keys == ["id"] and base.keys == ["id"]
    assert {n: f.sqlname for n, f in stg.fields.items()} == {
        "id": "sId", "testcol1": "sTestcol1", "testcol2": "sTestcol2"}
    assert stg.fields["id"].type == "string" and stg.fields["id"].length == 32
    # autouuid's implicit column is on the base table only (staging rows carry sStgUuid)
    assert base.fields["uuid"].sqlname == "sUuid" and "uuid" not in stg.fields
    assert reg.staging_for("dem:sampleTable").id == "dem:sampleTableStg"


def test_type_prefixes_and_sql_names():
    (person, stg) = S.parse_schema(TYPED_SCHEMA)
    assert person.table == "TstPerson" and stg.table == "TstPersonStg"
    got = {n: f.sqlname for n, f in person.fields.items()}
    assert got == {"email": "sEmail", "age": "iAge", "small": "iSmall", "short": "iShort", "score": "dScore",
                   "vip": "iVip", "born": "dBorn", "seen": "tsSeen", "at": "tsAt", "big": "iBig",
                   "ref": "sRef", "country": "sCountry", "note": "mNote"}
    assert person.fields["note"].kind == "elem"
    assert person.fields["email"].not_null and person.fields["country"].default == "FR"


def test_sqltable_sqlname_autopk():
    (s,) = S.parse_schema("""<srcSchema name="thing" namespace="ns">
      <element name="thing" sqltable="MyThings" autopk="true">
        <attribute name="label" type="string" sqlname="sLbl" length="10"/>
      </element></srcSchema>""")
    assert s.table == "MyThings" and s.fields["label"].sqlname == "sLbl"
    assert s.keys == ["id"] and s.fields["id"].sqlname == "iThingId" and s.fields["id"].implicit == "autopk"


@pytest.mark.parametrize("text, message", [
    ("<srcSchema", "not well-formed XML"),
    ("<schema name='a' namespace='b'/>", "expected <srcSchema>"),
    ("<srcSchema name='a'/>", "needs both name and namespace"),
    ("<srcSchema name='a' namespace='b'><element name='zz'/></srcSchema>", "has no <element name=\"a\">"),
    ("<srcSchema name='a' namespace='b'><element name='a'><attribute name='x' type='blob'/></element></srcSchema>",
     "attribute 'x': unknown type 'blob'"),
    ("<srcSchema name='a' namespace='b'><element name='a'><attribute name='x' length='ten'/></element></srcSchema>",
     "length 'ten' is not a number"),
    ("<srcSchema name='a' namespace='b'><element name='a'><key name='k'><keyfield xpath='@nope'/></key>"
     "<attribute name='x'/></element></srcSchema>", "key field 'nope' is not an attribute"),
    ("<srcSchema name='a' namespace='b'><element name='a'><attribute name='x'/><attribute name='x'/>"
     "</element></srcSchema>", "'x' is defined twice"),
])
def test_bad_schema_files(text, message):
    with pytest.raises(S.SchemaError) as e:
        S.parse_schema(text, "bad.xml")
    assert "bad.xml" in str(e.value) and message in str(e.value)


def test_schema_parser_resolves_no_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    text = (f'<!DOCTYPE s [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<srcSchema name="a" namespace="b" label="&x;"><element name="a"><attribute name="v"/></element>'
            '</srcSchema>')
    try:
        schemas = S.parse_schema(text)
    except S.SchemaError:
        return  # refusing the document is fine too
    assert "TOPSECRET" not in schemas[0].label


def test_registry_from_folders(tmp_path):
    d = tmp_path / "schemas"
    d.mkdir()
    (d / "person.xml").write_text(TYPED_SCHEMA)
    reg = S.load_registry((d,))
    assert {"dem:sampleTable", "dem:sampleTableStg", "tst:person", "tst:personStg"} <= set(reg.schemas)
    (d / "again.xml").write_text(TYPED_SCHEMA)
    with pytest.raises(S.SchemaError, match="tst:person is defined twice"):
        S.load_registry((d,))
    with pytest.raises(S.SchemaError, match="no such folder"):
        S.load_registry((tmp_path / "missing",))


def test_reserved_column_name_needs_sqlname():
    with pytest.raises(S.SchemaError, match="column name iN is an SQL reserved word"):
        S.parse_schema("<srcSchema name='a' namespace='b'><element name='a'><attribute name='n' type='long'/>"
                       "</element></srcSchema>")


def test_unknown_schema_and_no_staging():
    reg = S.load_registry(())
    with pytest.raises(S.ValidationError, match="unknown schema 'dem:nope'"):
        reg.get("dem:nope")
    with pytest.raises(S.ValidationError, match="not a schema name"):
        reg.get("nope")


def _store(url):
    return Store(url, "local")


def _evolve(tmp_path, v1: str, v2: str):
    url = f"sqlite:///{tmp_path / 'evo.db'}"
    s1 = S.parse_schema(v1)[0]
    st = _store(url)
    st.table(s1)
    st.finish(True)
    dispose_engines([url])
    st = _store(url)
    try:
        return st, st.table(S.parse_schema(v2)[0])
    finally:
        st.finish(True)
        dispose_engines([url])


BASE = ("<srcSchema name='e' namespace='t'><element name='e'><key name='k'><keyfield xpath='@k'/></key>"
        "<attribute name='k' notNull='true'/>{}</element></srcSchema>")


def test_tables_created_idempotently_and_columns_added(tmp_path):
    _evolve(tmp_path, BASE.format(""), BASE.format(""))
    st, table = _evolve(tmp_path, BASE.format(""), BASE.format("<attribute name='extra' type='long'/>"))
    import sqlite3

    cols = [r[1] for r in sqlite3.connect(tmp_path / "evo.db").execute("PRAGMA table_info(TE)")]
    assert cols == ["sK", "iExtra"]


def test_incompatible_change_is_an_error_and_drops_nothing(tmp_path):
    # (The type prefix is part of a default column name: a type change without sqlname makes a
    # new column. With a fixed sqlname it is a real type change.)
    import sqlite3

    v1 = BASE.format("<attribute name='num' type='long'/>")
    url = f"sqlite:///{tmp_path / 'evo.db'}"
    st = _store(url)
    st.table(S.parse_schema(v1)[0])
    st.finish(True)
    dispose_engines([url])
    with pytest.raises(StoreError) as e:
        _evolve(tmp_path, v1, BASE.format("<attribute name='num' type='datetime' sqlname='iNum'/>"))
    assert "table TE" in str(e.value) and "column iNum" in str(e.value) and "Nothing was changed" in str(e.value)
    dropped = "<srcSchema name='e' namespace='t'><element name='e'><attribute name='num' type='long'/></element></srcSchema>"
    with pytest.raises(StoreError, match="column sK \\(NOT NULL\\) is in the table but no longer in the schema"):
        _evolve(tmp_path, v1, dropped)
    cols = [r[1] for r in sqlite3.connect(tmp_path / "evo.db").execute("PRAGMA table_info(TE)")]
    assert cols == ["sK", "iNum"]


METHODS_SCHEMA = """<srcSchema name="thing" namespace="ns" xmlns="urn:ignored">
  <element name="thing" autopk="true"/>
  <methods><method name="Touch" static="true"><parameters><param name="label" type="string"/></parameters>
  </method></methods></srcSchema>"""


def test_declared_methods_are_part_of_the_schema_document():
    from runtime.xtk.schema_doc import schema_document, schema_xml

    (s,) = S.parse_schema(METHODS_SCHEMA)
    assert s.methods.startswith('<methods><method name="Touch" static="true"><parameters><param name="label"')
    xml = schema_xml(s)
    assert xml.endswith('<param name="label" type="string"/></parameters>\n  </method></methods></schema>')
    doc, md5 = schema_document(s)
    assert f'md5="{md5}"' in doc and len(md5) == 32 and md5 == md5.upper()
    assert schema_document(s) == (doc, md5)   # stable: a client's current copy is recognised


def test_declared_interfaces_and_implements_are_part_of_the_schema_document():
    from runtime.xtk.schema_doc import schema_xml

    (s,) = S.parse_schema("""<srcSchema name="thing" namespace="ns" implements="ns:touchable">
      <interface name="touchable"><method name="Touch" static="true"/></interface>
      <element name="thing" autopk="true"/></srcSchema>""")
    xml = schema_xml(s)
    assert xml.startswith('<schema namespace="ns" name="thing" label="thing" implements="ns:touchable" mappingType="sql" '
                          'xtkschema="xtk:schema"><interface name="touchable"><method name="Touch" static="true"/>'
                          '</interface><element name="thing"')


@pytest.mark.parametrize("methods, message", [
    ('<methods><soap name="X"/></methods>', "<methods> holds <soap name='X'>, expected <method name=\"…\">"),
    ('<methods><method/></methods>', "<methods> holds <method name=''>, expected <method name=\"…\">"),
    ('<methods><method name="A"/><method name="A"/></methods>', "method 'A' is declared twice"),
    ('<methods/><methods/>', "more than one <methods> element"),
    ('<interface><method name="A"/></interface>', "<interface> needs a name"),
    ('<interface name="i"><param name="A"/></interface>', "<interface> holds <param name='A'>, expected <method name=\"…\">"),
])
def test_bad_methods_declarations_are_schema_errors(methods, message):
    src = f'<srcSchema name="t" namespace="cus"><element name="t"/>{methods}</srcSchema>'
    with pytest.raises(S.SchemaError) as e:
        S.parse_schema(src, "t.xml")
    assert str(e.value) == f"t.xml: schema cus:t: {message}"
