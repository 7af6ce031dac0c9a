"""`xtkjs test`: update, compare, diffs, timeouts, --jobs, bad inputs (SQLite and PostgreSQL).

The scripts here are plain JavaScript (XML documents as text), so they do not depend on E4X.
"""
from __future__ import annotations

import re

import pytest

INGEST = """\
var u = xtk.session.Ingest('<sampleTableStg testcol1="a" testcol2="b" xtkschema="dem:sampleTableStg"/>');
xtk.session.Ingest('<sampleTableStg _key="@id" id="K1" testcol1="keyed" xtkschema="dem:sampleTableStg"/>');
logInfo("uuid " + u);
logInfo("now " + new Date().toISOString());
logWarning("done");
"""


def _times(text: str) -> str:
    return re.sub(r"\d+\.\d\ds", "<t>", text)


def test_update_creates_golden_then_passes(xtkjs, write, tmp_path):
    write("a.js", INGEST)
    r = xtkjs("test", "--update", "a.js")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "UPDATED a.js" in r.stdout and "created a.golden" in r.stdout
    assert re.search(r"^0 passed, 1 updated, 0 failed in \d+\.\d\ds$", r.stdout, re.M)
    golden = (tmp_path / "a.golden").read_text()
    for part in ["=== exit\n0\n", "=== stdout\nuuid ", "now 2024-01-01T12:00:00.000Z\n",
                 "=== stderr\nWARNING: done\n", "=== local dem:sampleTableStg\n- _seq: 1\n",
                 '  _operation: "insert"\n', '  _created: "2024-01-01 12:00:00Z"\n', '  id: "K1"\n']:
        assert part in golden
    r = xtkjs("test", "a.js")
    assert r.returncode == 0, r.stdout
    assert re.search(r"^ok +a\.js", r.stdout, re.M)
    assert re.search(r"^1 passed, 0 failed in \d+\.\d\ds$", r.stdout, re.M)
    # deterministic: a second --update changes nothing
    r = xtkjs("test", "--update", "a.js")
    assert "1 passed, 0 failed" in r.stdout and (tmp_path / "a.golden").read_text() == golden


def test_mismatch_prints_section_diffs_and_fails(xtkjs, write, tmp_path):
    write("a.js", INGEST)
    assert xtkjs("test", "--update", "a.js").returncode == 0
    g = tmp_path / "a.golden"
    g.write_text(g.read_text().replace("WARNING: done", "WARNING: finished")
                 .replace('testcol1: "keyed"', 'testcol1: "other"'))
    r = xtkjs("test", "a.js")
    assert r.returncode == 1
    out = r.stdout
    assert "FAIL    a.js" in out
    assert "a.js: output differs from a.golden in sections 'stderr', 'local dem:sampleTableStg'" in out
    assert "section 'stderr' differs\n--- golden: stderr\n+++ actual: stderr\n" in out
    assert "-WARNING: finished\n+WARNING: done\n" in out
    assert "section 'local dem:sampleTableStg' differs" in out
    assert '-  testcol1: "other"\n+  testcol1: "keyed"\n' in out
    assert re.search(r"^0 passed, 1 failed in \d+\.\d\ds$", out, re.M)
    # --update regenerates, the next run passes
    r = xtkjs("test", "--update", "a.js")
    assert "UPDATED a.js" in r.stdout and "updated a.golden" in r.stdout
    assert xtkjs("test", "a.js").returncode == 0


def test_hanging_script_is_stopped_by_the_timeout_and_reported(xtkjs, write):
    write("hang.js", 'logInfo("start");\nwhile (true) {}\n')
    write("hang.golden", "=== exit\n0\n=== stdout\nstart\n=== stderr\n")
    r = xtkjs("test", "--timeout", "1", "hang.js", timeout=60)
    assert r.returncode == 1
    assert "hang.js: timed out after 1 s (stopped); output differs from hang.golden in sections 'exit', 'stderr'" \
        in r.stdout
    assert "+hang.js: script stopped: it ran longer than the 1 s timeout (--timeout)" in r.stdout
    assert "0 passed, 1 failed" in r.stdout


def test_golden_config_timeout_and_expected_timeout(xtkjs, write, tmp_path):
    write("loop.js", "while (true) {}\n")
    write("loop.golden", "=== config\ntimeout: 0.5\n")
    assert xtkjs("test", "--update", "loop.js").returncode == 0
    text = (tmp_path / "loop.golden").read_text()
    assert "=== config\ntimeout: 0.5\n\n=== exit\n124\n" in text
    assert "ran longer than the 0.5 s timeout" in text
    assert xtkjs("test", "loop.js").returncode == 0


def test_jobs_2_gives_the_same_result_as_serial(xtkjs, write):
    for i in range(4):
        write(f"t/s{i}.js", f'logInfo("script {i}");\n'
              f'xtk.session.Ingest(\'<sampleTableStg _key="@id" id="ID{i}" xtkschema="dem:sampleTableStg"/>\');\n')
    write("t/bad.js", 'logInfo("bad"); throw new Error("boom");\n')
    assert xtkjs("test", "--update", "t").returncode == 5  # no goldens yet: nothing to run
    paths = [f"t/s{i}.js" for i in range(4)] + ["t/bad.js"]
    assert xtkjs("test", "--update", *paths).returncode == 0
    write("t/s2.golden", "=== exit\n0\n=== stdout\nwrong\n=== stderr\n")
    serial = xtkjs("test", "t")
    parallel = xtkjs("test", "--jobs", "2", "t")
    assert serial.returncode == parallel.returncode == 1
    assert _times(serial.stdout) == _times(parallel.stdout)
    lines = [ln.split()[:2] for ln in serial.stdout.splitlines()[:5]]
    assert lines == [["ok", "t/bad.js"], ["ok", "t/s0.js"], ["ok", "t/s1.js"], ["FAIL", "t/s2.js"],
                     ["ok", "t/s3.js"]]
    assert "4 passed, 1 failed" in serial.stdout


def test_k_pattern_and_quiet(xtkjs, write):
    write("one.js", 'logInfo(1);\n')
    write("two.js", 'logInfo(2);\n')
    assert xtkjs("test", "--update", "one.js", "two.js").returncode == 0
    r = xtkjs("test", ".", "-k", "TWO")
    assert "two.js" in r.stdout and "one.js" not in r.stdout and "1 passed, 0 failed" in r.stdout
    r = xtkjs("test", ".", "-k", "o*.js", "-q")
    assert r.stdout.splitlines()[0].startswith("1 passed, 0 failed")
    r = xtkjs("test", ".", "-k", "three")
    assert r.returncode == 5 and "no golden tests matching -k 'three' in ." in r.stdout


def test_normalize_patterns_and_config(xtkjs, write, tmp_path):
    write("n.js", 'logInfo("random " + Math.random());\nlogInfo(vars.who, vars.n);\n'
                  'logVerbose("shown");\nlogInfo(new Date().toISOString());\n'
                  'logInfo(xtk.session.Ingest(\'<sampleTableStg testcol1="x" xtkschema="dem:sampleTableStg"/>\'));\n')
    write("n.golden", "=== config\nvar: who=me\nvar: n=2\nverbose: true\nnow: 2030-05-05T05:05:05Z\n"
                      "uuid-seed: 1\n\n=== normalize\n0\\.\\d+ => <random>\n")
    assert xtkjs("test", "--update", "n.js").returncode == 0
    text = (tmp_path / "n.golden").read_text()
    assert "=== stdout\nrandom <random>\nme 2\n2030-05-05T05:05:05.000Z\n" in text
    assert "=== stderr\nVERBOSE: shown\n" in text
    assert '_created: "2030-05-05 05:05:05Z"' in text
    r = xtkjs("test", "n.js")
    assert r.returncode == 0, r.stdout
    # another seed gives another UUID: the golden no longer matches
    (tmp_path / "n.golden").write_text(text.replace("uuid-seed: 1", "uuid-seed: 2"))
    r = xtkjs("test", "n.js")
    assert r.returncode == 1 and "'stdout'" in r.stdout and "'local dem:sampleTableStg'" in r.stdout


def test_now_option_moves_the_frozen_clock(xtkjs, write):
    write("c.js", "logInfo(new Date().toISOString(), Date.now());\n")
    assert xtkjs("test", "--update", "c.js").returncode == 0
    assert xtkjs("test", "--now", "2024-01-01T13:00:00+01:00", "c.js").returncode == 0
    r = xtkjs("test", "--now", "2025-02-03", "c.js")
    assert r.returncode == 1 and "+2025-02-03T00:00:00.000Z 1738540800000" in r.stdout


def test_bad_inputs(xtkjs, write):
    r = xtkjs("test", "missing.js")
    assert r.returncode == 2 and r.stderr == "xtkjs: error: missing.js: no such file or directory\n"
    r = xtkjs("test", "nowhere/")
    assert r.returncode == 2 and "nowhere/: no such file or directory" in r.stderr
    write("x.js", "logInfo(1);\n")
    r = xtkjs("test", "--now", "next tuesday", "x.js")
    assert r.returncode == 2
    assert r.stderr == ("xtkjs: error: --now 'next tuesday': not an ISO 8601 date-time "
                        "(e.g. 2024-01-01T00:00:00Z)\n")
    r = xtkjs("test", "--jobs", "0", "x.js")
    assert r.returncode == 2 and "--jobs 0" in r.stderr
    r = xtkjs("test", "--db", "sqlite:///x.db", "x.js")
    assert r.returncode == 2 and "expected a PostgreSQL URL" in r.stderr
    write("notes.txt", "hi")
    r = xtkjs("test", "notes.txt")
    assert r.returncode == 2 and "notes.txt: not a script (.js) or golden (.golden) file" in r.stderr
    r = xtkjs("test")
    assert r.returncode == 2 and "no PATH given and no ./scripts folder" in r.stderr
    # a script without a golden, named explicitly
    r = xtkjs("test", "x.js")
    assert r.returncode == 1
    assert "x.js: no golden file x.golden (create it with: xtkjs test --update x.js)" in r.stdout
    # a malformed golden file: named with its line, the test fails, the others still run
    write("y.js", "logInfo(2);\n")
    write("y.golden", "=== exit\n0\n=== sdtout\n2\n")
    write("x.golden", "=== exit\n0\n=== stdout\n1\n=== stderr\n")
    r = xtkjs("test", ".")
    assert r.returncode == 1
    assert "ERROR   y.js" in r.stdout and "ok      x.js" in r.stdout
    assert "y.js: malformed golden file: y.golden:3: unknown section 'sdtout'" in r.stdout
    assert "1 passed, 1 failed" in r.stdout


def test_script_errors_are_outputs(xtkjs, write, tmp_path):
    write("e.js", 'xtk.session.Ingest(\'<sampleTableStg _key="@id" id="E1" xtkschema="dem:sampleTableStg"/>\');\n'
                  'logError("stop here");\n')
    assert xtkjs("test", "--update", "e.js").returncode == 0
    text = (tmp_path / "e.golden").read_text()
    assert "=== exit\n1\n" in text and "ERROR: stop here\n" in text
    assert 'id: "E1"' in text  # the row staged before the error is kept


@pytest.mark.postgres
def test_postgres_fresh_schema_per_test_dropped_after(xtkjs, write, pg_url, tmp_path):
    import time

    from sqlalchemy import create_engine, text

    base = pg_url().split("?")[0]
    eng = create_engine(base)

    def test_schemas() -> set[str]:
        with eng.connect() as c:
            return {r[0] for r in c.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'xtkjs_test_%'"))}

    before = test_schemas()   # another suite may be running goldens on this server too
    write("a.js", INGEST + "sqlExec('CREATE TABLE WkT (sA VARCHAR(8))'); sqlExec(\"INSERT INTO WkT VALUES ('v')\");\n")
    assert xtkjs("test", "--update", "a.js").returncode == 0  # on SQLite
    r = xtkjs("test", "--db", base, "a.js")
    assert r.returncode == 0, r.stdout
    r = xtkjs("test", "--db", base, "--jobs", "2", "a.js", "a.js")
    assert r.returncode == 0, r.stdout
    # ours are dropped by now; schemas of a concurrent run come and go, so those seen now must
    # go within a while (a leaked schema never does)
    left = test_schemas() - before
    for _ in range(60):
        if not left:
            break
        time.sleep(1)
        left &= test_schemas()
    eng.dispose()
    assert left == set()


def test_run_stuck_in_a_database_call_is_stopped_by_its_timeout(xtkjs, write, tmp_path):
    # an endless SQL query: the timeout cancels the statement (the worker's hard limit is not
    # needed) and the next script still runs; the healthy script's own limit is generous, so a
    # loaded machine cannot fail it
    write("stuck.js", 'logInfo("querying");\n'
                      'sqlGetInt("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) '
                      'SELECT count(*) FROM c");\n')
    write("stuck.golden", "=== config\ntimeout: 2\n=== exit\n0\n")
    write("fine.js", "logInfo(1);\n")
    write("fine.golden", "=== config\ntimeout: 120\n=== exit\n0\n=== stdout\n1\n=== stderr\n")
    r = xtkjs("test", "stuck.js", "fine.js")
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"stuck\.js: timed out after 2 s \(stopped\)", r.stdout), r.stdout
    assert re.search(r"^ok +fine\.js", r.stdout, re.M)
    assert "1 passed, 1 failed" in r.stdout


def test_schemas_config_and_cloud_sections(xtkjs, write, tmp_path):
    write("sch/person.xml", """<srcSchema name="person" namespace="tst" autoStg="true">
  <element name="person">
    <key name="k"><keyfield xpath="@email"/></key>
    <attribute name="email" type="string" length="80"/>
    <attribute name="age" type="long"/>
  </element>
</srcSchema>
""")
    write("p.js", "xtk.session.Ingest('<personStg _key=\"@email\" email=\"b@x\" age=\"41\" xtkschema=\"tst:personStg\"/>');\n"
                  "xtk.session.Ingest('<personStg _key=\"@email\" email=\"a@x\" age=\"7\" xtkschema=\"tst:personStg\"/>');\n")
    write("p.golden", "=== config\nschemas: sch\nsync: true\n")
    r = xtkjs("test", "--update", "p.js")
    assert r.returncode == 0, r.stdout
    text = (tmp_path / "p.golden").read_text()
    assert "=== exit\n0\n" in text
    # synced: the staging rows are applied and gone; the cloud table is sorted by key
    assert '=== cloud tst:person\n- email: "a@x"\n  age: 7\n- email: "b@x"\n  age: 41\n' in text
    assert "=== local tst:personStg" not in text
