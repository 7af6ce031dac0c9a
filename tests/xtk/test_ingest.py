"""Ingest / IngestExt / Write / lookup: Campaign's v8 API examples, on SQLite and PostgreSQL."""
from __future__ import annotations

import importlib.util

import pytest

from runtime.options import RunOptions
from runtime.xtk.ingest import XtkSession
from runtime.xtk.schema import ValidationError
from xtk_helpers import UUID_RE, dump, lines

# Records come back as E4X XML; show() prints them compactly (String() of an element without
# child elements is its text, as in E4X). Prepended on the script's first line: lines keep their numbers.
SHOW = 'XML.prettyPrinting = false; function show(x) { return x === null ? "null" : x.toXMLString(); } '


@pytest.fixture
def run_js(run_js):
    return lambda source, **fields: run_js(SHOW + source, **fields)


SEED_INSERT = """var xmlStagingSampleTable = '<sampleTableStg\\
                                testcol1="testValue1"\\
                                testcol2="testValue2"\\
                                xtkschema="dem:sampleTableStg">\\
                            </sampleTableStg>';
strUuid = xtk.session.Ingest(xmlStagingSampleTable);
logInfo(strUuid);
"""
SEED_KEYED = """var xmlStagingSampleTable = '<sampleTableStg  _key="@id" id="ABC12345" testcol1="testValue1" testcol2="testValue2" xtkschema="dem:sampleTableStg"></sampleTableStg>';
strUuid = xtk.session.Ingest(xmlStagingSampleTable);
logInfo("[" + strUuid + "]");
"""
SEED_UPDATE = """var xmlStagingRecipient = '<sampleTableStg  _key="@id" id="ABC12345" testcol1="testValue A (updated)" testcol2="testValue B (updated)" xtkschema="dem:sampleTableStg"></sampleTableStg>';
xtk.session.IngestExt(xmlStagingRecipient);
"""


def test_seed_insert_without_key_returns_a_fresh_uuid(run_js, store_opts):
    r = run_js(SEED_INSERT + SEED_INSERT, **store_opts)
    assert r.code == 0, r.err
    uuids = lines(r.out)
    assert len(uuids) == 2 and all(UUID_RE.match(u) for u in uuids) and uuids[0] != uuids[1]
    rows = dump(store_opts, "dem:sampleTableStg")
    assert sorted(r["_uuid"] for r in rows) == sorted(uuids)
    assert all(r["testcol1"] == "testValue1" and r["testcol2"] == "testValue2" and r["_operation"] == "insert"
               and r["_key"] is None and r["_batch"] is None and "id" not in r for r in rows)


def test_uuids_unique_over_many_calls(run_js, store_opts):
    r = run_js("""var seen = {};
        for (var i = 0; i < 3000; i++) {
          var u = xtk.session.Ingest({xtkschema: "dem:sampleTableStg", testcol1: "v" + i});
          if (seen[u]) throw new Error("duplicate " + u); seen[u] = 1;
        }
        logInfo(Object.keys(seen).length);""", **store_opts)
    assert r.code == 0, r.err
    assert r.out.strip() == "3000"
    assert len(dump(store_opts, "dem:sampleTableStg")) == 3000


def test_seed_insert_with_key_returns_empty_string(run_js, store_opts):
    r = run_js(SEED_KEYED, **store_opts)
    assert r.code == 0, r.err
    assert r.out == "[]\n"
    (row,) = dump(store_opts, "dem:sampleTableStg")
    assert row["id"] == "ABC12345" and row["_key"] == "id" and row["_uuid"] is None
    assert row["testcol1"] == "testValue1"


def test_seed_ingest_ext_replaces_values(run_js, store_opts):
    r = run_js(SEED_KEYED + SEED_UPDATE + """
        logInfo(show(xtk.session.lookup("dem:sampleTableStg", "ABC12345")));""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out)[1] == ('<sampleTableStg id="ABC12345" testcol1="testValue A (updated)" '
                               'testcol2="testValue B (updated)" xtkschema="dem:sampleTableStg"/>')
    (row,) = dump(store_opts, "dem:sampleTableStg")
    assert (row["testcol1"], row["testcol2"]) == ("testValue A (updated)", "testValue B (updated)")


def test_ingest_ext_inserts_when_key_absent_and_updates_in_a_later_run(run_js, store_opts):
    assert run_js(SEED_UPDATE, **store_opts).code == 0
    rows = dump(store_opts, "dem:sampleTableStg")
    assert [(r["id"], r["_operation"], r["testcol1"]) for r in rows] == [
        ("ABC12345", "upsert", "testValue A (updated)")]
    r = run_js("""xtk.session.IngestExt({sampleTableStg: {_key: "@id", id: "ABC12345",
        testcol2: "B2", xtkschema: "dem:sampleTableStg"}});
        logInfo(show(xtk.session.lookup("dem:sampleTableStg", {id: "ABC12345"})));""", **store_opts)
    assert r.code == 0, r.err
    assert 'testcol1="testValue A (updated)" testcol2="B2"' in r.out
    assert len(dump(store_opts, "dem:sampleTableStg")) == 1   # folded into the pending row


def test_ingest_ext_update_delete_insert(run_js, store_opts):
    r = run_js("""
        try { xtk.session.IngestExt('<sampleTableStg _key="@id" id="NOPE" _operation="update" testcol1="x" xtkschema="dem:sampleTableStg"/>'); }
        catch (e) { logInfo("E1 " + e.message); }
        xtk.session.IngestExt('<sampleTableStg _key="@id" id="K1" _operation="insert" testcol1="a" xtkschema="dem:sampleTableStg"/>');
        try { xtk.session.IngestExt('<sampleTableStg _key="@id" id="K1" _operation="insert" testcol1="b" xtkschema="dem:sampleTableStg"/>'); }
        catch (e) { logInfo("E2 " + e.message); }
        xtk.session.IngestExt('<sampleTableStg _key="@id" id="K1" _operation="update" testcol2="c" xtkschema="dem:sampleTableStg"/>');
        logInfo(show(xtk.session.lookup("dem:sampleTableStg", "K1")));
        xtk.session.IngestExt('<sampleTableStg _key="@id" id="K1" _operation="delete" xtkschema="dem:sampleTableStg"/>');
        logInfo(show(xtk.session.lookup("dem:sampleTableStg", "K1")));
        try { xtk.session.IngestExt('<sampleTableStg _key="@id" id="K1" _operation="update" testcol1="x" xtkschema="dem:sampleTableStg"/>'); }
        catch (e) { logInfo("E3 " + e.message); }
        var r = xtk.session.IngestExt('<sampleTableStg _key="@id" id="K2" xtkschema="dem:sampleTableStg"/>');
        logInfo(typeof r);
        try { xtk.session.IngestExt('<sampleTableStg _key="@id" id="K2" _operation="merge" xtkschema="dem:sampleTableStg"/>'); }
        catch (e) { logInfo("E4 " + e.message); }
        """, **store_opts)
    assert r.code == 0, r.err
    out = lines(r.out)
    assert out[0] == ("E1 IngestExt: dem:sampleTableStg: no record with id='NOPE' to update "
                      "(_operation=\"update\" needs an existing key)")
    assert out[1] == "E2 IngestExt: dem:sampleTableStg: a record with id='K1' already exists (_operation=\"insert\")"
    assert out[2] == '<sampleTableStg id="K1" testcol1="a" testcol2="c" xtkschema="dem:sampleTableStg"/>'
    assert out[3] == "null"
    assert out[4].startswith("E3 IngestExt: dem:sampleTableStg: no record with id='K1' to update")
    assert out[5] == "undefined"
    assert out[6].startswith('E4 IngestExt: dem:sampleTableStg: unknown _operation "merge"')
    rows = dump(store_opts, "dem:sampleTableStg")
    assert [(r["id"], r["_operation"]) for r in rows] == [("K1", "delete"), ("K2", "upsert")]
    assert "testcol1" not in rows[0]


def test_several_keys(tmp_path, run_js, store_opts):
    r = run_js("""
        logInfo("[" + xtk.session.Ingest('<sampleTableStg _key="@id,@testcol1" id="A" testcol1="x" xtkschema="dem:sampleTableStg"/>') + "]");
        logInfo("[" + xtk.session.Ingest('<sampleTableStg _key="@id @testcol1" id="A" testcol1="y" xtkschema="dem:sampleTableStg"/>') + "]");
        try { xtk.session.Ingest('<sampleTableStg _key="@id,@nope" id="A" xtkschema="dem:sampleTableStg"/>') } catch (e) { logInfo(e.message) }
        try { xtk.session.Ingest('<sampleTableStg _key="@id,@testcol2" id="A" xtkschema="dem:sampleTableStg"/>') } catch (e) { logInfo(e.message) }
        """, **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["[]", "[]",
                            "dem:sampleTableStg: _key names '@nope', which is not an attribute of the schema",
                            "Ingest: dem:sampleTableStg: key attribute 'testcol2' has no value"]
    assert [r["_key"] for r in dump(store_opts, "dem:sampleTableStg")] == ["id,testcol1", "id,testcol1"]


def test_write_and_write_collection_and_lookup(run_js, store_opts):
    r = run_js("""
        xtk.session.Write('<sampleTable id="W1" testcol1="a" xtkschema="dem:sampleTable"/>');
        xtk.session.Write({sampleTable: {id: "W1", testcol2: "b", _operation: "update", xtkschema: "dem:sampleTable"}});
        try { xtk.session.Write('<sampleTable id="W1" _operation="insert" xtkschema="dem:sampleTable"/>') } catch (e) { logInfo(e.message) }
        try { xtk.session.Write('<sampleTable id="W9" _operation="update" testcol1="x" xtkschema="dem:sampleTable"/>') } catch (e) { logInfo(e.message) }
        xtk.session.WriteCollection('<sampleTable-collection xtkschema="dem:sampleTable">' +
          '<sampleTable id="W2" testcol1="c"/><sampleTable id="W3" testcol1="d" _operation="insert"/></sampleTable-collection>');
        xtk.session.Write('<sampleTable _key="@id" id="W3" _operation="delete" xtkschema="dem:sampleTable"/>');
        var x = xtk.session.lookup("dem:sampleTable", "W1");
        logInfo(show(x).replace(/uuid="[^"]+"/, 'uuid="U"'));
        logInfo(show(xtk.session.lookup("dem:sampleTable", "W3")));
        """, **store_opts)
    assert r.code == 0, r.err
    out = lines(r.out)
    assert out[0] == "Write: dem:sampleTable: a record with id='W1' already exists"
    assert out[1] == "Write: dem:sampleTable: no record with id='W9' to update"
    assert out[2] == '<sampleTable id="W1" testcol1="a" testcol2="b" uuid="U" xtkschema="dem:sampleTable"/>'
    assert out[3] == "null"
    rows = dump(store_opts, "dem:sampleTable")
    assert [(r["id"], r.get("testcol1")) for r in rows] == [("W1", "a"), ("W2", "c")]
    assert all(UUID_RE.match(r["uuid"]) for r in rows)
    assert dump(store_opts, "dem:sampleTableStg") == []   # Write on a regular schema: its own table


def test_write_collection_is_all_or_nothing(run_js, store_opts):
    r = run_js("""
        try { xtk.session.WriteCollection('<sampleTable-collection xtkschema="dem:sampleTable">' +
          '<sampleTable id="C1"/><sampleTable id="C2" bad="1"/></sampleTable-collection>'); } catch (e) { logInfo(e.message) }
        xtk.session.Write('<sampleTable id="C0" xtkschema="dem:sampleTable"/>');
        try { xtk.session.WriteCollection('<sampleTable-collection xtkschema="dem:sampleTable">' +
          '<sampleTable id="C3"/><sampleTable id="C0" _operation="insert"/></sampleTable-collection>'); } catch (e) { logInfo(e.message) }
        """, **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["dem:sampleTable: unknown attribute 'bad'",
                            "WriteCollection: dem:sampleTable: a record with id='C0' already exists"]
    assert [r["id"] for r in dump(store_opts, "dem:sampleTable")] == ["C0"]


def test_reads_see_buffered_ingest_rows(run_js, store_opts):
    r = run_js("""
        xtk.session.Ingest('<sampleTableStg _key="@id" id="R1" testcol1="a" xtkschema="dem:sampleTableStg"/>');
        logInfo(show(xtk.session.lookup("dem:sampleTableStg", "R1")));""", **store_opts)
    assert r.code == 0, r.err
    assert r.out == '<sampleTableStg id="R1" testcol1="a" xtkschema="dem:sampleTableStg"/>\n'


def test_failed_script_keeps_rows_written_before_the_failure(run_js, store_opts):
    r = run_js("""xtk.session.Ingest({xtkschema: "dem:sampleTableStg", testcol1: "kept"});
        xtk.session.IngestExt('<sampleTableStg _key="@id" id="K" xtkschema="dem:sampleTableStg"/>');
        xtk.session.Ingest({xtkschema: "dem:sampleTableStg", testcol1: "kept too"});
        throw new Error("boom");""", **store_opts)
    assert r.code == 1 and "boom" in r.err
    assert sorted(r.get("testcol1", "") for r in dump(store_opts, "dem:sampleTableStg")) == ["", "kept", "kept too"]


def test_atomic_run_rolls_everything_back(run_js, store_opts):
    r = run_js("""xtk.session.IngestExt('<sampleTableStg _key="@id" id="K" xtkschema="dem:sampleTableStg"/>');
        xtk.session.Write('<sampleTable id="W" xtkschema="dem:sampleTable"/>');
        xtk.session.Ingest({xtkschema: "dem:sampleTableStg", testcol1: "gone"});
        throw new Error("boom");""", atomic=True, **store_opts)
    assert r.code == 1 and "boom" in r.err
    assert dump(store_opts, "dem:sampleTableStg") == [] and dump(store_opts, "dem:sampleTable") == []


def test_atomic_run_that_succeeds_commits(run_js, store_opts):
    r = run_js(SEED_KEYED + SEED_UPDATE, atomic=True, **store_opts)
    assert r.code == 0, r.err
    assert dump(store_opts, "dem:sampleTableStg")[0]["testcol1"] == "testValue A (updated)"


def test_seeded_uuids_are_reproducible(run_js, tmp_path):
    a = run_js(SEED_INSERT + SEED_INSERT, uuid_seed=7, home=tmp_path / "a")
    b = run_js(SEED_INSERT + SEED_INSERT, uuid_seed=7, home=tmp_path / "b")
    assert a.out == b.out and len(set(lines(a.out))) == 2 and all(UUID_RE.match(u) for u in lines(a.out))


def test_unreachable_database_is_a_clear_error(run_js):
    r = run_js(SEED_INSERT, db="postgresql+psycopg://postgres@127.0.0.1:1/none")
    assert r.code != 0
    assert "cannot connect to the local store postgresql+psycopg://postgres@127.0.0.1:1/none" in r.err
    assert "Traceback" not in r.err


# --- the Python API (what the SOAP server calls) ------------------------------------------------
def test_python_api_accepts_lxml_text_and_jxon(store_opts):
    from lxml import etree

    with XtkSession(RunOptions(**store_opts)) as s:
        u1 = s.ingest(etree.fromstring('<sampleTableStg testcol1="a" xtkschema="dem:sampleTableStg"/>'))
        u2 = s.ingest(b'<sampleTableStg testcol1="b" xtkschema="dem:sampleTableStg"/>')
        u3 = s.ingest({"sampleTableStg": {"@testcol1": "c", "@xtkschema": "dem:sampleTableStg"}})
        assert all(UUID_RE.match(u) for u in (u1, u2, u3)) and len({u1, u2, u3}) == 3
        assert s.ingest('<sampleTableStg _key="@id" id="P" xtkschema="dem:sampleTableStg"/>') == ""
        assert s.ingest_ext('<sampleTableStg _key="@id" id="P" testcol1="upd" xtkschema="dem:sampleTableStg"/>') is None
        assert s.lookup_record("dem:sampleTableStg", "P") == {"id": "P", "testcol1": "upd"}
        with pytest.raises(ValidationError, match="unknown attribute 'zz'"):
            s.ingest('<sampleTableStg zz="1" xtkschema="dem:sampleTableStg"/>')
    assert len(dump(store_opts, "dem:sampleTableStg")) == 4


@pytest.mark.skipif(importlib.util.find_spec("runtime.e4x") is None, reason="E4X transpiler not there yet")
def test_seed_snippets_with_e4x_literals(run_js, store_opts):
    r = run_js("""var xmlStagingSampleTable = <sampleTableStg
                                testcol1="testValue1"
                                testcol2="testValue2"
                                xtkschema="dem:sampleTableStg">
                            </sampleTableStg>;
strUuid = xtk.session.Ingest(xmlStagingSampleTable);
logInfo(strUuid);
var k = <sampleTableStg  _key="@id" id="ABC12345"
                              testcol1="testValue1"
                              testcol2="testValue2"
                              xtkschema="dem:sampleTableStg">
                            </sampleTableStg>;
logInfo("[" + xtk.session.Ingest(k) + "]");
var xmlStagingRecipient = <sampleTableStg  _key="@id" id="ABC12345"
                              testcol1="testValue A (updated)"
                              testcol2="testValue B (updated)"
                              xtkschema="dem:sampleTableStg">
                            </sampleTableStg>;
xtk.session.IngestExt(xmlStagingRecipient);
logInfo(xtk.session.lookup("dem:sampleTableStg", "ABC12345").@testcol1);
""", **store_opts)
    assert r.code == 0, r.err
    out = lines(r.out)
    assert UUID_RE.match(out[0]) and out[1] == "[]" and out[2] == "testValue A (updated)"
