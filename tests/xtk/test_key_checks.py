"""Key checks at bulk speed (docs/staging.md, "Key checks"): IngestExt and Write `update` /
`insert` check their key at the call; a table checked often gets its set of keys fetched once
(xtk.session.keySet) and the answers stay exactly those of a check per call, on SQLite and
PostgreSQL: after the script's own inserts and deletes, SQL helpers, a failed flush, writes to a
staging schema's cloud table, other keys of the same table, and across REPL evaluations."""
from __future__ import annotations

import io

import pytest

from xtk_helpers import dump, lines, refuse_in_staging, schema_dir

S = 'xtkschema="dem:sampleTableStg"'
T = 'xtkschema="dem:sampleTable"'
N = 40   # calls on one table and key: past the first fetch of its key set (40_xtk.js KEYSET_FIRST)
STAGE = f"""for (var i = 0; i < {N}; i++)
  xtk.session.Ingest('<sampleTableStg _key="@id" id="K' + i + '" testcol1="v' + i + '" {S}/>');"""
UPDATE_STAGED = f"""for (var i = 0; i < {N}; i++)
  xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K' + i + '" testcol2="u" {S}/>');"""
RECORDS = f"""for (var i = 0; i < {N}; i++) xtk.session.Write('<sampleTable id="K' + i + '" testcol1="v' + i + '" {T}/>');"""
UPDATE_RECORDS = f"""for (var i = 0; i < {N}; i++)
  xtk.session.Write('<sampleTable _operation="update" id="K' + i + '" testcol2="u" {T}/>');"""
AUTOPK = """<srcSchema name="event" namespace="tst">
  <element name="event" autopk="true">
    <attribute name="label" type="string" length="20"/>
  </element>
</srcSchema>
"""


def no_record(key: str) -> str:
    return f"IngestExt: dem:sampleTableStg: no record with id='{key}' to update (_operation=\"update\" needs an existing key)"


@pytest.fixture
def key_sets(monkeypatch):
    """The answers of xtk.session.keySet during the test: [(schema, names, fetched keys or None)],
    the keys sorted and distinct (tuples for keys of several fields)."""
    from runtime.xtk import batch

    calls = []
    real = batch.key_set

    def spy(session, schema_id, names, budget):
        res = real(session, schema_id, names, budget)
        n = len(names)
        if "joined" in res:   # (one key field on SQLite: joined by NUL, repeats possible)
            keys = set(res["joined"].split("\0")) if res["joined"] else set()
            if session.registry.get(schema_id).field(names[0]).family in ("int8", "int16", "int32"):
                keys = set(map(int, keys))   # (as the list form gives them)
            keys = list(keys)
        else:
            keys = res["keys"]
        calls.append((schema_id, names, None if keys is None else
                      sorted(keys) if n == 1 else sorted(tuple(keys[i:i + n]) for i in range(0, len(keys), n))))
        return res

    monkeypatch.setattr(batch, "key_set", spy)
    return calls


def test_a_table_checked_often_is_answered_from_its_fetched_keys_and_the_scripts_own_rows(
        run_js, store_opts, key_sets):
    assert run_js(STAGE, **store_opts).code == 0
    r = run_js(f"""{UPDATE_STAGED}
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="insert" id="NEW" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="NEW" testcol2="n" {S}/>');
        try {{ xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="insert" id="NEW" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="GONE" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="K3" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="insert" id="K3" testcol1="again" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="K4" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K4" testcol2="x" {S}/>');""",
               **store_opts)
    assert r.code == 1
    assert lines(r.out) == [
        "IngestExt: dem:sampleTableStg: a record with id='NEW' already exists (_operation=\"insert\")",
        no_record("GONE")]
    assert r.err.startswith("script.js:12:") and no_record("K4") in r.err
    assert key_sets == [("dem:sampleTableStg", ["id"], sorted(f"K{i}" for i in range(N)))]
    rows = {(x["id"], x["_operation"]): x for x in dump(store_opts, "dem:sampleTableStg")}
    assert rows[("NEW", "insert")]["testcol2"] == "n"
    assert rows[("K3", "insert")]["testcol1"] == "again" and ("K4", "delete") in rows
    assert all(x.get("testcol2") != "x" for x in rows.values())   # the failing call wrote nothing


def test_write_update_and_insert_use_the_fetched_keys_of_the_table(run_js, store_opts, key_sets):
    r = run_js(f"""{RECORDS}
        logInfo("stored");
        {UPDATE_RECORDS}
        try {{ xtk.session.Write('<sampleTable _operation="insert" id="K5" {T}/>'); }} catch (e) {{ logInfo(e.message); }}
        xtk.session.Write('<sampleTable _operation="delete" id="K6" {T}/>');
        try {{ xtk.session.Write('<sampleTable _operation="update" id="K6" testcol1="x" {T}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        xtk.session.Write('<sampleTable _operation="insert" id="K6" testcol1="back" {T}/>');
        xtk.session.Write('<sampleTable _operation="update" id="K6" testcol2="b" {T}/>');""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["stored", "Write: dem:sampleTable: a record with id='K5' already exists",
                            "Write: dem:sampleTable: no record with id='K6' to update"]
    assert [k[0] for k in key_sets] == ["dem:sampleTable"] and len(key_sets[0][2]) == N
    rows = {x["id"]: x for x in dump(store_opts, "dem:sampleTable")}
    assert len(rows) == N and (rows["K6"]["testcol1"], rows["K6"]["testcol2"]) == ("back", "b")


def test_sql_helpers_make_the_script_check_keys_in_the_store_again(run_js, store_opts, key_sets):
    assert run_js(STAGE, **store_opts).code == 0
    r = run_js(f"""{UPDATE_STAGED}
        sqlExec("DELETE FROM DemSampleTableStg WHERE sId = 'K5'");
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K5" testcol2="x" {S}/>');""",
               **store_opts)
    assert r.code == 1
    assert r.err.startswith("script.js:4:") and no_record("K5") in r.err
    assert len(key_sets) == 1


def test_reads_keep_the_fetched_keys(run_js, store_opts, key_sets):
    assert run_js(STAGE, **store_opts).code == 0
    r = run_js(f"""{UPDATE_STAGED}
        logInfo(xtk.session.lookup("dem:sampleTableStg", "K5").@testcol2);
        {UPDATE_STAGED}""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["u"] and len(key_sets) == 1


def test_a_failed_flush_makes_the_script_check_keys_in_the_store_again(run_js, store_opts, key_sets):
    assert run_js(STAGE, **store_opts).code == 0
    _refuse_boom(store_opts)
    r = run_js(f"""{UPDATE_STAGED}
        logInfo("flushed");
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K1" testcol2="boom" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="K2" {S}/>');
        try {{ logInfo("flushing"); }} catch (e) {{ logInfo("refused"); }}
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K2" testcol2="still there" {S}/>');""",
               **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["flushed", "refused"]
    assert len(key_sets) == 1
    rows = [x for x in dump(store_opts, "dem:sampleTableStg") if x["id"] == "K2"]
    assert [(x["_operation"], x.get("testcol2")) for x in rows] == [("insert", "still there")]


def _refuse_boom(store_opts: dict) -> None:
    """A trigger that refuses to set testcol2 to 'boom' in the staging table."""
    refuse_in_staging(store_opts, "UPDATE", "sTestcol2", "boom refused")


def test_writes_to_the_cloud_table_make_the_staging_checks_ask_the_store_again(run_js, store_opts, key_sets):
    # Keys without a staging row are present when the cloud table has them.
    assert run_js(f"""for (var i = 0; i < 50; i++) xtk.session.Write('<sampleTable id="C' + i + '" {T}/>');""",
                  **store_opts).code == 0
    r = run_js(f"""for (var i = 0; i < {N}; i++)
          xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="C' + i + '" testcol2="u" {S}/>');
        xtk.session.Write('<sampleTable _operation="delete" id="C45" {T}/>');
        logInfo("deleted");
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="C46" testcol2="u" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="C45" testcol2="u" {S}/>');""",
               **store_opts)
    assert r.code == 1
    assert r.err.startswith("script.js:6:") and no_record("C45") in r.err
    assert key_sets == [("dem:sampleTableStg", ["id"], sorted(f"C{i}" for i in range(50)))]


def test_rows_only_a_dropped_key_set_knew_are_stored_before_the_store_is_asked(run_js, store_opts, key_sets):
    # While a key set answers, the buffered rows' key states live in the set only; a write to
    # the cloud table drops the staging set with those rows still buffered: the next check
    # must see them (here: the delete of C35), not the store without them.
    assert run_js(f"""for (var i = 0; i < 50; i++) xtk.session.Write('<sampleTable id="C' + i + '" {T}/>');""",
                  **store_opts).code == 0
    r = run_js(f"""for (var i = 0; i < {N}; i++)
          xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="C' + i + '" testcol2="u" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="C35" {S}/>');
        xtk.session.Write('<sampleTable id="C49" testcol1="x" {T}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="C36" testcol2="w" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="C35" testcol2="w" {S}/>');""",
               **store_opts)
    assert r.code == 1
    assert r.err.startswith("script.js:6:") and no_record("C35") in r.err
    staged = {x["id"]: x for x in dump(store_opts, "dem:sampleTableStg")}
    assert len(staged) == N and staged["C35"]["_operation"] == "delete" and staged["C36"]["testcol2"] == "w"


def test_writes_by_other_keys_of_the_table_make_the_script_ask_the_store_again(run_js, store_opts, key_sets):
    r = run_js(f"""{RECORDS}
        logInfo("stored");
        {UPDATE_RECORDS}
        xtk.session.Write('<sampleTable _key="@testcol1" testcol1="v5" id="Z5" {T}/>');
        xtk.session.Write('<sampleTable _operation="update" id="Z5" testcol2="z" {T}/>');
        xtk.session.Write('<sampleTable _operation="update" id="K5" testcol2="z" {T}/>');""", **store_opts)
    assert r.code == 1
    assert r.err.startswith("script.js:7:") and "Write: dem:sampleTable: no record with id='K5' to update" in r.err
    rows = {x["id"]: x for x in dump(store_opts, "dem:sampleTable")}
    assert "K5" not in rows and rows["Z5"]["testcol2"] == "z"


def test_keys_the_store_generates_make_the_script_ask_the_store_again(run_js, store_opts, key_sets, tmp_path):
    opts = {**store_opts, "schema_dirs": [schema_dir(tmp_path, AUTOPK, "event.xml")]}
    r = run_js(f"""for (var i = 0; i < {N}; i++) xtk.session.Write('<event label="e' + i + '" xtkschema="tst:event"/>');
        logInfo("stored");
        for (var i = 1; i <= {N}; i++)
          xtk.session.Write('<event _operation="update" id="' + i + '" label="u" xtkschema="tst:event"/>');
        xtk.session.Write('<event label="generated" xtkschema="tst:event"/>');
        logInfo("stored");
        xtk.session.Write('<event _operation="insert" id="{N + 1}" label="again" xtkschema="tst:event"/>');""", **opts)
    assert r.code == 1
    assert r.err.startswith("script.js:7:") and f"Write: tst:event: a record with id='{N + 1}' already exists" in r.err
    assert [k[0] for k in key_sets] == ["tst:event"] and key_sets[0][2] == list(range(1, N + 1))


OWNER = """<srcSchema name="owner" namespace="tst"><element name="owner" autopk="true">
  <attribute name="n" type="string"/>
  <element name="card" type="link" target="tst:card" integrity="own" revLink="_NONE_"/>
</element></srcSchema>"""
CARD = """<srcSchema name="card" namespace="tst"><element name="card" autopk="true">
  <attribute name="number" type="string"/></element></srcSchema>"""


def test_a_delete_that_cascades_makes_the_script_ask_the_store_again(run_js, store_opts, key_sets, tmp_path):
    schema_dir(tmp_path, OWNER, "owner.xml")
    opts = {**store_opts, "schema_dirs": [schema_dir(tmp_path, CARD, "card.xml")]}
    assert run_js(f"""for (var i = 1; i <= {N}; i++) {{
          xtk.session.Write('<card number="c' + i + '" xtkschema="tst:card"/>');
          xtk.session.Write('<owner n="o' + i + '" card-id="' + i + '" xtkschema="tst:owner"/>');
        }}""", **opts).code == 0
    r = run_js(f"""for (var i = 1; i <= {N}; i++)
          xtk.session.Write('<card _operation="update" id="' + i + '" number="u' + i + '" xtkschema="tst:card"/>');
        xtk.session.Write('<owner _operation="delete" id="1" xtkschema="tst:owner"/>');
        xtk.session.Write('<card _operation="update" id="1" number="gone" xtkschema="tst:card"/>');""", **opts)
    assert r.code == 1
    assert r.err.startswith("script.js:4:") and "Write: tst:card: no record with id='1' to update" in r.err
    assert [k[0] for k in key_sets] == ["tst:card"]
    assert len(dump(opts, "tst:card")) == N - 1


def test_a_table_with_more_rows_than_the_limit_is_checked_key_by_key(run_js, store_opts, key_sets, monkeypatch):
    from runtime.xtk import batch

    monkeypatch.setattr(batch, "KEY_SET_MAX_ROWS", 10)
    assert run_js(STAGE, **store_opts).code == 0
    r = run_js(f"""{UPDATE_STAGED}
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="K4" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K4" testcol2="x" {S}/>');""",
               **store_opts)
    assert r.code == 1
    assert r.err.startswith("script.js:4:") and no_record("K4") in r.err
    assert key_sets == [("dem:sampleTableStg", ["id"], None)]   # asked once, then never again


def test_each_repl_statement_checks_keys_in_the_store_again(store_opts, key_sets):
    from sqlalchemy import text

    from runtime.options import RunOptions
    from runtime.repl.session import ReplSession
    from runtime.xtk.store import get_engine, store_url

    options = RunOptions(timeout=None, **store_opts)
    out, err = io.StringIO(), io.StringIO()
    with ReplSession(options, out, err, echo=False) as repl:
        assert repl.execute(STAGE.replace("\n", " ")), err.getvalue()
        assert repl.execute(UPDATE_STAGED.replace("\n", " ")), err.getvalue()
        with get_engine(store_url(options, "local")).begin() as c:   # another writer, between statements
            c.execute(text("DELETE FROM DemSampleTableStg WHERE sId = 'K7'"))
        assert not repl.execute(
            f"""xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K7" testcol2="x" {S}/>')""")
    assert err.getvalue().startswith("<repl>:1:") and no_record("K7") in err.getvalue()   # at the call
    assert len(key_sets) == 1


def test_a_call_the_fetched_keys_would_refuse_asks_the_store_first(run_js, store_opts, monkeypatch):
    # Another process may add or remove keys after the fetch: before a call fails, the store decides.
    from runtime.xtk import batch

    real = batch.key_set

    def stale(session, schema_id, names, budget):   # as if K7 was added and NEW0 removed later
        res = real(session, schema_id, names, budget)
        if "joined" in res:
            res["joined"] = "\0".join([k for k in res["joined"].split("\0") if k != "K7"] + ["NEW0"])
        else:
            res["keys"] = [k for k in res["keys"] if k != "K7"] + ["NEW0"]
        return res

    monkeypatch.setattr(batch, "key_set", stale)
    assert run_js(STAGE, **store_opts).code == 0
    r = run_js(f"""{UPDATE_STAGED}
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K7" testcol2="again" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="insert" id="NEW0" {S}/>');""", **store_opts)
    assert r.code == 0, r.err
    rows = {x["id"]: x for x in dump(store_opts, "dem:sampleTableStg")}
    assert rows["K7"]["testcol2"] == "again" and "NEW0" in rows


def test_keys_of_several_fields_are_told_apart_by_each_value(run_js, store_opts, key_sets):
    pair = '_key="@testcol1,@testcol2"'
    assert run_js(f"""for (var i = 0; i < {N}; i++)
          xtk.session.Ingest('<sampleTableStg {pair} testcol1="a' + i + '" testcol2="b' + i + '" {S}/>');
        xtk.session.Ingest('<sampleTableStg {pair} testcol1="a1" testcol2="2" {S}/>');
        xtk.session.IngestExt('<sampleTableStg {pair} _operation="delete" testcol1="a3" testcol2="b3" {S}/>');
        xtk.session.Write('<sampleTable id="C1" testcol1="c1" testcol2="d1" {T}/>');""", **store_opts).code == 0
    r = run_js(f"""for (var i = 0; i < {N}; i++) if (i != 3)
          xtk.session.IngestExt('<sampleTableStg {pair} _operation="update" testcol1="a' + i + '" testcol2="b' + i + '" id="X" {S}/>');
        try {{ xtk.session.IngestExt('<sampleTableStg {pair} _operation="update" testcol1="a" testcol2="12" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.IngestExt('<sampleTableStg {pair} _operation="update" testcol1="a3" testcol2="b3" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        try {{ xtk.session.IngestExt('<sampleTableStg {pair} _operation="insert" testcol1="c1" testcol2="d1" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        xtk.session.IngestExt('<sampleTableStg {pair} _operation="update" testcol1="a1" testcol2="2" id="Y" {S}/>');
        for (var i = 0; i < 3; i++)
          xtk.session.IngestExt('<sampleTableStg {pair} _operation="insert" testcol1="n' + i + '" testcol2="m" {S}/>');""",
               **store_opts)
    assert r.code == 0, r.err
    label = "IngestExt: dem:sampleTableStg: {} with testcol1='{}', testcol2='{}' {}"
    assert lines(r.out) == [
        label.format("no record", "a", "12", 'to update (_operation="update" needs an existing key)'),
        label.format("no record", "a3", "b3", 'to update (_operation="update" needs an existing key)'),
        label.format("a record", "c1", "d1", 'already exists (_operation="insert")')]
    ((schema, names, keys),) = key_sets
    assert names == ["testcol1", "testcol2"] and ("a1", "b1") in keys and ("a3", "b3") not in keys
    assert ("a1", "2") in keys and ("c1", "d1") in keys
    rows = dump(store_opts, "dem:sampleTableStg")
    assert {(x["testcol1"], x.get("id")) for x in rows if x["testcol1"] in ("a1", "a5", "n0")} == {
        ("a1", "X"), ("a1", "Y"), ("a5", "X"), ("n0", None)}


@pytest.mark.parametrize("args, message", [
    ('["dem:sampleTableStg", "id", 100]', "dem:sampleTableStg: bad key"),
    ('["dem:sampleTableStg", ["nope"], 100]', "dem:sampleTableStg: unknown attribute 'nope'"),
    ('["dem:sampleTableStg", ["id"], 0]', "dem:sampleTableStg: bad key set budget"),
    ('["dem:sampleTableStg", ["id"], true]', "dem:sampleTableStg: bad key set budget"),
])
def test_the_host_refuses_malformed_key_set_requests(run_js, args, message):
    r = run_js(f"try {{ __host.call('xtk.session.keySet', {args}); }} catch (e) {{ logInfo(e.message); }}")
    assert r.code == 0, r.err
    assert lines(r.out) == [message]


@pytest.mark.parametrize("store_opts", ["sqlite"], indirect=True)
@pytest.mark.parametrize("foreign", [(), (b"B1",), ("Z\0W", b"B1")])
def test_keys_holding_separators_newlines_or_unicode_are_fetched_exactly(run_js, store_opts, key_sets, foreign):
    # On SQLite one key field's set travels joined by NUL: a key holding any other character
    # stays one key; keys stored by another tool holding a NUL (then the rows are fetched) or
    # as a BLOB pass for no other key.
    from sqlalchemy import text

    from runtime.options import RunOptions
    from runtime.xtk.store import get_engine, store_url

    odd = ["a,b", "a&#10;b", "a&#9;&#13;b", "1:a", "é😀", "a\u2028b", " ", "a;b|c"]
    want = ["a,b", "a\nb", "a\t\rb", "1:a", "é😀", "a\u2028b", " ", "a;b|c"]
    stage = "".join(f"xtk.session.Ingest('<sampleTableStg _key=\"@id\" id=\"{k}\" {S}/>');\n" for k in odd)
    assert run_js(STAGE + "\n" + stage, **store_opts).code == 0, "setup"
    engine = get_engine(store_url(RunOptions(**store_opts), "local"))
    with engine.begin() as c:   # written by another tool: no sandbox key is either
        for v in foreign:
            c.execute(text("INSERT INTO DemSampleTableStg (iStgSeq, sStgOperation, tsStgCreated, sId) "
                           "VALUES ((SELECT max(iStgSeq) + 1 FROM DemSampleTableStg), 'insert', '2026-01-01 00:00:00', :v)"),
                      {"v": v})
    checks = "".join(f"xtk.session.IngestExt('<sampleTableStg _key=\"@id\" _operation=\"update\" id=\"{k}\" testcol2=\"u\" {S}/>');\n"
                     for k in odd)
    refused = "".join(f"""try {{ xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="{k}" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}\n""" for k in ("a", "b", "Z", "W", "B1", "1", "a&#10;", "K1,K2"))
    r = run_js(UPDATE_STAGED + "\n" + checks + refused, **store_opts)
    assert r.code == 0, r.err
    assert r.out == "".join(no_record(k) + "\n" for k in ("a", "b", "Z", "W", "B1", "1", "a\n", "K1,K2"))
    ((schema, names, keys),) = key_sets
    assert sorted(keys) == sorted([f"K{i}" for i in range(N)] + want + [k for k in foreign if k == "Z\0W"])
    rows = [x for x in dump(store_opts, "dem:sampleTableStg") if x.get("testcol2") == "u"]
    assert sorted(x["id"] for x in rows) == sorted([f"K{i}" for i in range(N)] + want)
