"""Limits that stop a run: --timeout also inside host calls, --max-memory also outside the heap."""
import pytest

ENDLESS_SQLITE = ('sqlGetInt("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) '
                  'SELECT count(*) FROM c");')
ENDLESS_PG = 'sqlGetInt("SELECT count(*) FROM generate_series(1, 1000000000000)");'
KEEP = ("xtk.session.Ingest(<sampleTableStg _key=\"@id\" id=\"A1\" testcol1=\"before\" "
        "xtkschema=\"dem:sampleTableStg\"/>);\n")


def test_timeout_stops_a_script_inside_an_endless_sql_statement(run_js, store_opts):
    endless = ENDLESS_PG if store_opts.get("db") else ENDLESS_SQLITE
    r = run_js(KEEP + 'logInfo("querying");\n' + endless + '\nlogInfo("never");\n', timeout=2, **store_opts)
    assert r.code == 124, r.err
    assert r.out == "querying\n"
    assert r.err == "script.js: script stopped: it ran longer than the 2 s timeout (--timeout)\n"
    # the row staged before the endless statement is kept, and the store is usable afterwards
    again = run_js('logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTableStg"));', name="after.js", **store_opts)
    assert (again.code, again.out) == (0, "1\n")


def test_timeout_through_the_command_line_exits_124(xtkjs, write):
    write("stuck.js", 'logInfo("querying");\n' + ENDLESS_SQLITE + "\n")
    r = xtkjs("run", "--timeout", "2", "stuck.js")
    assert (r.returncode, r.stdout) == (124, "querying\n")
    assert "stuck.js: script stopped: it ran longer than the 2 s timeout (--timeout)" in r.stderr


def test_array_buffers_count_toward_the_memory_limit(run_js):
    r = run_js("var keep = [];\n"
               "for (var i = 0; i < 8; i++) { var a = new Uint8Array(64 * 1024 * 1024); a.fill(1); keep.push(a); }\n"
               'logInfo("not reached");\n', max_memory_mb=64)
    assert r.code == 125
    assert r.out == ""
    assert r.err == "script.js: script stopped: it used more than the 64 MB memory limit (--max-memory)\n"


def test_a_script_well_within_the_memory_limit_is_not_stopped(run_js):
    r = run_js("var a = new Uint8Array(8 * 1024 * 1024); a.fill(1); var s = [];\n"
               "for (var i = 0; i < 100000; i++) s.push('x' + i);\nlogInfo(a.length, s.length);\n", max_memory_mb=64)
    assert (r.code, r.out) == (0, "8388608 100000\n")


@pytest.mark.parametrize("statement", [
    "ATTACH DATABASE '{path}' AS other",
    "VACUUM INTO '{path}'",
])
def test_sql_cannot_reach_files_outside_the_sqlite_store(run_js, tmp_path, statement):
    target = tmp_path / "elsewhere.db"
    r = run_js('logInfo(sqlGetInt("SELECT 1"));\n'
               f'sqlExec("{statement.format(path=target)}");\n')
    assert r.code == 1
    assert not target.exists()
    if statement.startswith("ATTACH"):
        assert r.err.splitlines()[0] == (
            "script.js:2:1: Error: SQL error: not authorized: scripts may use only the store's own "
            "database (ATTACH, DETACH and VACUUM INTO are refused)")


def test_a_lone_surrogate_is_logged_as_a_replacement_character(xtkjs, write):
    write("emoji.js", "logInfo('\\ud83d\\ude00'.slice(0, 1), 'end');\nprint('x\\udc00');\n"
          "logWarning('\\ud800');\nlogInfo('still running');\n")
    r = xtkjs("run", "emoji.js")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "\ufffd end\nx\ufffd\nstill running\n"
    assert r.stderr == "WARNING: \ufffd\n"


def test_an_error_message_with_a_lone_surrogate_is_reported(xtkjs, write):
    write("bad.js", "throw new Error('half \\ud83d');\n")
    r = xtkjs("run", "bad.js")
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == "bad.js:1:7: Error: half \ufffd"
