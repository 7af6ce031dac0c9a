"""Validation: every bad document is an error naming schema and attribute, with the same message
from the JavaScript fast path (Ingest) and from the Python API; nothing half-written."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.host import HostEnv
from runtime.options import RunOptions
from runtime.sandbox import Sandbox
from runtime.xtk.ingest import XtkSession
from runtime.xtk.schema import ValidationError
from xtk_helpers import dump, lines, schema_dir


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def env_opts(request, tmp_path_factory):
    """Both validators against each store: a value one store cannot hold must be refused alike."""
    tmp = tmp_path_factory.mktemp("val")
    opts = {"home": tmp / ".xtkjs", "schema_dirs": [schema_dir(tmp)]}
    if request.param == "sqlite":
        yield opts
        return
    import os
    import uuid

    from sqlalchemy import create_engine, text

    from runtime.xtk.store import dispose_engines

    base = os.environ.get("XTKJS_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("XTKJS_TEST_POSTGRES_URL is not set: in CI the PostgreSQL tests must run")
        pytest.skip("PostgreSQL tests need XTKJS_TEST_POSTGRES_URL")
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {name}"))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{name}"
    yield {**opts, "db": url, "cloud_db": url}
    dispose_engines([url])
    with admin.begin() as c:
        c.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="module")
def sandbox(env_opts):
    env = HostEnv(RunOptions(**env_opts))
    sb = Sandbox(env)
    yield sb
    sb.close()
    env.close(True)


@pytest.fixture(scope="module")
def session(env_opts):
    s = XtkSession(RunOptions(**env_opts))
    yield s
    s.finish(True)


def js_ingest(sandbox, doc) -> tuple[str, str]:
    """('ok', uuid) or ('error', message) from xtk.session.Ingest in JavaScript."""
    arg = json.dumps(doc)
    return tuple(sandbox.eval_value(
        f"(function () {{ try {{ return ['ok', xtk.session.Ingest({arg})]; }}"
        f" catch (e) {{ return ['error', e.message]; }} }})()"))


def py_ingest(session, doc) -> tuple[str, str]:
    try:
        return ("ok", session.ingest(doc))
    except ValidationError as exc:
        return ("error", str(exc))


P = 'xtkschema="tst:personStg"'
BAD = [
    (f'<person email="a@b" nope="1" {P}/>', "tst:personStg: unknown attribute 'nope'"),
    (f'<person email="a@b" age="12x" {P}/>', "tst:personStg: attribute 'age' (long): '12x' is not an integer"),
    (f'<person email="a@b" age="1.5" {P}/>', "tst:personStg: attribute 'age' (long): '1.5' is not an integer"),
    (f'<person email="a@b" age="3000000000" {P}/>',
     "tst:personStg: attribute 'age' (long): '3000000000' is not in the range of a long (-2147483648 to 2147483647)"),
    (f'<person email="a@b" small="200" {P}/>', "tst:personStg: attribute 'small' (byte): '200' is not in the range"),
    (f'<person email="a@b" score="abc" {P}/>', "tst:personStg: attribute 'score' (double): 'abc' is not a number"),
    (f'<person email="a@b" vip="yes" {P}/>', "tst:personStg: attribute 'vip' (boolean): 'yes' is not a boolean"),
    (f'<person email="a@b" born="2024-02-30" {P}/>', "tst:personStg: attribute 'born' (date): '2024-02-30' is not a date"),
    (f'<person email="a@b" seen="yesterday" {P}/>', "tst:personStg: attribute 'seen' (datetime): 'yesterday' is not a date and time"),
    (f'<person email="a@b" at="25:00" {P}/>', "tst:personStg: attribute 'at' (time): '25:00' is not a time"),
    (f'<person email="a@b" big="9223372036854775808" {P}/>', "tst:personStg: attribute 'big' (int64): '9223372036854775808' is not in the range"),
    (f'<person email="a@b" ref="not-a-uuid" {P}/>', "tst:personStg: attribute 'ref' (uuid): 'not-a-uuid' is not a UUID"),
    (f'<person email="a@b" country="FRA" {P}/>', "tst:personStg: attribute 'country' is too long: 3 characters, at most 2 allowed"),
    (f'<person email="{"x" * 41}" {P}/>', "tst:personStg: attribute 'email' is too long: 41 characters, at most 40 allowed"),
    (f'<person age="1" {P}/>', "tst:personStg: attribute 'email' is mandatory (notNull) and has no value"),
    (f'<person email="" {P}/>', "tst:personStg: attribute 'email' is mandatory (notNull) and has no value"),
    ('<person email="a@b"/>', 'Ingest: <person> has no xtkschema attribute'),
    ('<person email="a@b" xtkschema="tst:nobody"/>', "unknown schema 'tst:nobody' (xtkschema of the Ingest document)"),
    ('<person email="a@b" xtkschema="nonsense"/>', "'nonsense' is not a schema name like 'dem:sampleTable'"),
    (f'<person email="a@b" note="x" {P}/>', "tst:personStg: 'note' is an element of the schema, not an attribute"),
    (f'<person {P}><email>a@b</email></person>', "tst:personStg: 'email' is an attribute of the schema, not an element"),
    (f'<person email="a@b" {P}><other>1</other></person>', "tst:personStg: unknown element 'other'"),
    (f'<person email="a@b" _operation="delete" {P}/>', 'Ingest: tst:personStg: _operation="delete" is not allowed'),
    ('<person email="a@b"', "malformed document: not well-formed XML"),
    ('', "malformed document:"),
    (f'<person email="a@b" {P}>text</person>', "has text content"),
]


@pytest.mark.parametrize("doc, message", BAD)
def test_bad_documents_same_message_from_js_and_python(sandbox, session, doc, message):
    js = js_ingest(sandbox, doc)
    py = py_ingest(session, doc)
    assert js[0] == "error" and message in js[1], js
    assert py[0] == "error" and message in py[1], py
    if not message.startswith("malformed"):
        assert js[1] == py[1]


def test_good_document_all_types_same_values(sandbox, session, env_opts):
    doc = (f'<person email="a@b" age="-12" small="7" short="300" score="1.5e3" vip="true" born="2024-02-29" '
           f'seen="2024-03-01T10:20:30+02:00" at="08:15" big="9223372036854775807" '
           f'ref="0F8FAD5B-D9CB-469F-A165-70867728950E" {P}><note>long &amp; text</note></person>')
    assert js_ingest(sandbox, doc)[0] == "ok"
    sandbox.eval_value("__xtkFlush()")
    sandbox.env.peek("xtk").stores.local.commit()
    assert py_ingest(session, doc)[0] == "ok"
    session.stores.local.commit()
    rows = [r for r in dump(env_opts, "tst:personStg") if r.get("email") == "a@b"]
    assert len(rows) == 2
    for r in rows:
        del r["_seq"], r["_uuid"], r["_created"]
    assert rows[0] == rows[1]
    assert rows[0]["seen"] == "2024-03-01 08:20:30Z" and rows[0]["big"] == 9223372036854775807
    assert rows[0]["country"] == "FR" and rows[0]["note"] == "long & text" and rows[0]["vip"] == 1
    assert rows[0]["ref"] == "0f8fad5b-d9cb-469f-a165-70867728950e" and rows[0]["born"] == "2024-02-29"


def test_bad_document_leaves_nothing(run_js, tmp_path):
    r = run_js(f"""xtk.session.Ingest('<person email="ok" {P}/>');
        try {{ xtk.session.Ingest('<person email="a@b" age="x" {P}/>'); }} catch (e) {{ logInfo("caught"); }}
        xtk.session.Ingest('<person email="ok2" {P}/>');""", schema_dirs=[schema_dir(tmp_path)])
    assert r.code == 0 and r.out == "caught\n"
    rows = dump({"home": tmp_path / ".xtkjs", "schema_dirs": [schema_dir(tmp_path)]}, "tst:personStg")
    assert [r["email"] for r in rows] == ["ok", "ok2"]


def test_uncaught_validation_error_names_the_script_line(run_js, tmp_path):
    r = run_js(f"var x = 1;\nxtk.session.Ingest('<person email=\"a@b\" age=\"x\" {P}/>');\n",
               schema_dirs=[schema_dir(tmp_path)])
    assert r.code == 1
    assert r.err.startswith("script.js:2:")
    assert "tst:personStg: attribute 'age' (long): 'x' is not an integer" in r.err


values = st.one_of(st.text(max_size=12), st.sampled_from(
    ["1", "-0", "+5", "1e3", ".5", "5.", "2024-01-31", "2024-13-01", "2024-01-01 10:00", "2024-01-01T10:00:00Z",
     "10:61", "23:59:59.5", "true", "FALSE", " 7 ", "0x10", "1_000", "NaN", "Infinity", "٣",
     # values the write paths used to disagree on (issue 17): NEL is not JavaScript white space,
     # an hour 25 in a date, numbers beyond a double, characters no store can hold
     "\x85", "\x1c5", "2024-01-01T25:00", "2024-01-01T10:00", "1e309", "-Infinity", "a\x00b", "a\ud800b"]))


@settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(["age", "small", "score", "vip", "born", "seen", "at", "big", "ref", "country", "email"]),
       value=values)
def test_js_and_python_validators_agree(sandbox, session, field, value):
    doc = {"person": {"email": "h@y", field: value, "xtkschema": "tst:personStg"}}
    js, py = js_ingest(sandbox, doc), py_ingest(session, doc)
    assert js[0] == py[0], (js, py)
    if js[0] == "error":
        assert js[1] == py[1]


def test_names_of_object_properties_are_not_values(run_js, tmp_path):
    """'__proto__' or 'constructor' as a boolean or an entity name is refused at the call, as
    any unknown word (the lookup tables have no prototype)."""
    r = run_js(f"""try {{ xtk.session.Ingest({{person: {{email: "a@b", vip: "__PROTO__", xtkschema: "tst:personStg"}}}}); }}
        catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.Ingest('<person email="a&constructor;" {P}/>'); }} catch (e) {{ logInfo(e.message); }}""",
               schema_dirs=[schema_dir(tmp_path)])
    assert r.code == 0, r.err
    assert lines(r.out) == ["tst:personStg: attribute 'vip' (boolean): '__PROTO__' is not a boolean (true, false, 1 or 0)",
                            "malformed document: unknown entity &constructor;"]
