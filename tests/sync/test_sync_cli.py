"""`xtkjs sync` through the real command line: its options, exit codes and output."""
import json
import sqlite3
import subprocess
import sys

ROWS = ("xtk.session.Ingest(<sampleTableStg _key=\"@id\" id=\"K1\" testcol1=\"a\" xtkschema=\"dem:sampleTableStg\"/>);\n"
        "xtk.session.Ingest(<sampleTableStg _key=\"@id\" id=\"K2\" testcol1=\"b\" xtkschema=\"dem:sampleTableStg\"/>);\n")
OTHER = """<srcSchema name="other" namespace="tst" autoStg="true">
  <element name="other"><attribute name="code" type="string" length="10"/></element>
</srcSchema>
"""


def _cloud_ids(tmp_path, table="DemSampleTable", column="sId"):
    with sqlite3.connect(tmp_path / ".xtkjs" / "cloud.db") as c:
        return sorted(r[0] for r in c.execute(f'SELECT "{column}" FROM "{table}"'))


def test_sync_schema_syncs_only_the_named_mapping(xtkjs, write, tmp_path):
    write("schemas/other.xml", OTHER)
    write("a.js", ROWS + 'xtk.session.Ingest(<otherStg code="c1" xtkschema="tst:otherStg"/>);\n')
    assert xtkjs("run", "a.js").returncode == 0
    r = xtkjs("sync", "--schema", "tst:other")
    assert (r.returncode, r.stdout) == (0, "tst:otherStg: Success, 1 record(s), requestId 1\n")
    assert _cloud_ids(tmp_path, "TstOther", "sCode") == ["c1"]
    with sqlite3.connect(tmp_path / ".xtkjs" / "cloud.db") as c:
        assert c.execute("SELECT name FROM sqlite_master WHERE name = 'DemSampleTable'").fetchall() == []
    r = xtkjs("sync", "--schema", "dem:sampleTableStg")
    assert r.stdout == "dem:sampleTableStg: Success, 2 record(s), requestId 2\n"
    assert _cloud_ids(tmp_path) == ["K1", "K2"]


def test_sync_refuses_a_batch_size_below_one(xtkjs):
    for size in ("0", "-5"):
        r = xtkjs("sync", "--batch-size", size)
        assert (r.returncode, r.stderr) == (2, "xtkjs: error: --batch-size must be at least 1\n")


def test_sync_unknown_schema_is_a_usage_error(xtkjs):
    r = xtkjs("sync", "--schema", "nms:nothing")
    assert r.returncode != 0
    assert "nms:nothing" in r.stderr and "Traceback" not in r.stderr


def test_a_failed_sync_exits_1_and_reports_the_failed_request(xtkjs, write, tmp_path):
    write("a.js", ROWS)
    assert xtkjs("run", "a.js").returncode == 0
    # a cloud table the rows cannot go into: a NOT NULL column the schema does not know
    with sqlite3.connect(tmp_path / ".xtkjs" / "cloud.db") as c:
        c.execute('CREATE TABLE "DemSampleTable" ("sId" VARCHAR(32) PRIMARY KEY, "sTestcol1" VARCHAR(255), '
                  '"sTestcol2" VARCHAR(255), "sUuid" VARCHAR(36), "iMandatory" INTEGER NOT NULL)')
    r = xtkjs("sync")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    status = json.loads(xtkjs("sync", "--status", "1", "--format", "json").stdout)
    assert status["status"] == "Failed" and "NOT NULL" in status["info"]
    # nothing was lost: the rows are still staged for the next try
    with sqlite3.connect(tmp_path / ".xtkjs" / "local.db") as c:
        assert c.execute('SELECT count(*) FROM "DemSampleTableStg"').fetchone()[0] == 2


def test_sync_status_lists_requests_as_a_table_and_as_json(xtkjs, write):
    write("a.js", ROWS)
    xtkjs("run", "a.js")
    xtkjs("sync")
    table = xtkjs("sync", "--status").stdout.splitlines()
    assert table[0].split() == ["requestId", "status", "numRecords", "mapping", "info"]
    assert table[1].split()[:4] == ["1", "Success", "2", "dem:sampleTableStg"]
    [req] = json.loads(xtkjs("sync", "--status", "--format", "json").stdout)
    assert (req["requestId"], req["status"], req["numRecords"]) == (1, "Success", 2)


def test_sync_status_into_a_closed_pipe_ends_quietly(xtkjs, write, tmp_path):
    write("a.js", ROWS)
    xtkjs("run", "a.js")
    xtkjs("sync")
    # `true` exits without reading: the first write meets a closed pipe
    r = subprocess.run(f"{sys.executable} -m runtime sync --status --format json | true",
                       shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.stderr == ""


def test_sync_watch_records_no_request_for_an_empty_tick(xtkjs, write, tmp_path):
    write("a.js", ROWS)
    xtkjs("run", "a.js")
    proc = subprocess.Popen([sys.executable, "-m", "runtime", "sync", "--watch", "--interval", "0.05"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert first == "dem:sampleTableStg: Success, 2 record(s), requestId 1\n"
        try:
            proc.wait(timeout=2)  # many empty ticks pass meanwhile
        except subprocess.TimeoutExpired:
            pass
    finally:
        proc.kill()
        proc.wait()
    reqs = json.loads(xtkjs("sync", "--status", "--format", "json").stdout)
    assert [r["requestId"] for r in reqs] == [1]
