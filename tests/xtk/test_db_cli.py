"""`xtkjs db schemas | dump | sql` through the real command line."""
from __future__ import annotations

import json

from xtk_helpers import TYPED_SCHEMA

SCRIPT = """xtk.session.Ingest('<sampleTableStg _key="@id" id="B" testcol1="b" xtkschema="dem:sampleTableStg"/>');
xtk.session.Ingest('<sampleTableStg _key="@id" id="A" testcol1="a" xtkschema="dem:sampleTableStg"/>');
xtk.session.Write('<sampleTable id="W" testcol2="w" xtkschema="dem:sampleTable"/>');
"""


def test_db_schemas_lists_builtins_and_user_schemas(xtkjs, write):
    write("schemas/person.xml", TYPED_SCHEMA)
    r = xtkjs("db", "schemas")
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0].split() == ["schema", "table", "key", "fields", "staging", "store", "source"]
    rows = {line.split()[0]: line for line in out[2:] if ":" in line.split()[0]}
    assert "DemSampleTableStg" in rows["dem:sampleTableStg"] and "staging of dem:sampleTable" in rows["dem:sampleTableStg"]
    assert rows["dem:sampleTableStg"].split()[-2] == "local" and rows["dem:sampleTable"].split()[-2] == "cloud"
    assert "TstPerson " in rows["tst:person"] and "schemas/person.xml" in rows["tst:person"]


def test_db_dump_json_sorted_by_key_and_table(xtkjs, write):
    write("s.js", SCRIPT)
    assert xtkjs("run", "s.js").returncode == 0
    r = xtkjs("db", "dump", "dem:sampleTableStg")
    assert r.returncode == 0, r.stderr
    recs = json.loads(r.stdout)
    assert [(x["id"], x["testcol1"], x["_operation"], x["_key"]) for x in recs] == [
        ("A", "a", "insert", "id"), ("B", "b", "insert", "id")]
    assert json.loads(xtkjs("db", "dump", "dem:sampleTable").stdout)[0]["testcol2"] == "w"
    # One home per schema: Write put dem:sampleTable's row in the cloud store, where dump reads it.
    assert json.loads(xtkjs("db", "dump", "dem:sampleTable", "--store", "cloud").stdout)[0]["id"] == "W"
    r = xtkjs("db", "dump", "dem:sampleTable", "--store", "local")
    assert r.returncode == 1 and "dem:sampleTable lives in the cloud store, not the local store" in r.stderr
    t = xtkjs("db", "dump", "dem:sampleTableStg", "--format", "table").stdout.splitlines()
    assert t[0].split()[:3] == ["id", "testcol1", "_seq"] and t[-1] == "(2 rows)"


def test_db_sql(xtkjs, write):
    write("s.js", SCRIPT)
    assert xtkjs("run", "s.js").returncode == 0
    r = xtkjs("db", "sql", "SELECT sId, sTestcol1 FROM DemSampleTableStg ORDER BY sId", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"sId": "A", "sTestcol1": "a"}, {"sId": "B", "sTestcol1": "b"}]


def test_db_errors_are_one_line_and_non_zero(xtkjs):
    r = xtkjs("db", "dump", "dem:nope")
    assert r.returncode == 1 and r.stderr.startswith("xtkjs: error: unknown schema 'dem:nope'")
    r = xtkjs("db", "sql", "SELECT * FROM nowhere")
    assert r.returncode == 1 and "no such table: nowhere" in r.stderr and "Traceback" not in r.stderr
    r = xtkjs("db", "dump", "dem:sampleTableStg", "--db", "postgresql://postgres@127.0.0.1:1/x")
    assert r.returncode == 1 and "cannot connect to the local store" in r.stderr
    assert xtkjs("db").returncode == 2
