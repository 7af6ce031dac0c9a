"""Run options through the real command line (not only RunOptions in-process): each flag and
environment variable must reach the run, and a bad one must stop it before the script starts."""
import json
import sqlite3

import pytest

STAGE = ('xtk.session.Ingest(<sampleTableStg testcol1="row" xtkschema="dem:sampleTableStg"/>);\n'
         'logInfo("staged");\n')


def _staged(path):
    with sqlite3.connect(path) as c:
        return c.execute('SELECT count(*) FROM "DemSampleTableStg"').fetchone()[0]


@pytest.mark.parametrize("args, message", [
    (["--schemas", "/nonexistent/schemas"], "xtkjs: error: --schemas /nonexistent/schemas: no such folder\n"),
    (["--db", "mysql://x/y"],
     "xtkjs: error: --db: the driver for 'mysql' is not installed (MySQLdb); PostgreSQL and SQLite are supported\n"),
    (["--cloud-db", "nosuchdb://x/y"],
     "xtkjs: error: --cloud-db: unknown database kind 'nosuchdb' (PostgreSQL and SQLite are supported)\n"),
    (["--db", "just words"],
     "xtkjs: error: --db 'just words': not a database URL (e.g. postgresql://user@host/db, "
     "sqlite:///path/to/file.db)\n"),
])
def test_bad_store_options_stop_the_run_before_the_script_starts(xtkjs, write, args, message):
    write("a.js", 'logInfo("started");\n' + STAGE)
    r = xtkjs("run", *args, "a.js")
    assert (r.returncode, r.stdout, r.stderr) == (2, "", message)


def test_bad_options_are_refused_by_the_other_commands_too(xtkjs):
    for cmd in (["sync"], ["db", "schemas"], ["test"]):
        r = xtkjs(*cmd, "--schemas", "/nonexistent/schemas")
        assert r.returncode == 2, (cmd, r.stderr)
        assert "--schemas /nonexistent/schemas: no such folder" in r.stderr


def test_xtkjs_db_environment_variable_names_the_local_store(xtkjs, write, tmp_path):
    import os
    import subprocess
    import sys

    write("a.js", STAGE)
    target = tmp_path / "elsewhere.db"
    r = subprocess.run([sys.executable, "-m", "runtime", "run", "a.js"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=120, env={**os.environ, "XTKJS_DB": f"sqlite:///{target}"})
    assert r.returncode == 0, r.stderr
    assert _staged(target) == 1
    assert not (tmp_path / ".xtkjs" / "local.db").exists()


def test_atomic_flag_rolls_the_run_back_on_failure(xtkjs, write, tmp_path):
    write("a.js", STAGE + 'throw new Error("boom");\n')
    assert xtkjs("run", "a.js").returncode == 1
    assert _staged(tmp_path / ".xtkjs" / "local.db") == 1
    write("b.js", STAGE + 'throw new Error("boom");\n')
    assert xtkjs("run", "--atomic", "b.js").returncode == 1
    assert _staged(tmp_path / ".xtkjs" / "local.db") == 1  # b.js's row was rolled back


def test_timeout_zero_means_no_limit(xtkjs, write):
    # enough work that any real limit of a few milliseconds would stop it
    write("a.js", "var n = 0; for (var i = 0; i < 3e7; i++) n += i % 7;\nlogInfo('done', n > 0);\n")
    r = xtkjs("run", "--timeout", "0", "a.js")
    assert (r.returncode, r.stdout) == (0, "done true\n"), r.stderr


def test_verbose_and_log_format_flags_reach_the_run(xtkjs, write):
    write("a.js", 'logVerbose("detail");\nlogInfo("info");\n')
    assert xtkjs("run", "a.js").stderr == ""
    assert xtkjs("run", "-v", "a.js").stderr == "VERBOSE: detail\n"
    r = xtkjs("run", "--log-format", "json", "-v", "a.js")
    assert json.loads(r.stdout)["message"] == "info"
    assert json.loads(r.stderr) | {"time": None} == {"time": None, "level": "verbose", "message": "detail"}


def test_xtkjs_test_schemas_option_loads_schemas_for_every_script(xtkjs, write):
    write("sch/person.xml", """<srcSchema name="person" namespace="tst" autoStg="true">
  <element name="person"><attribute name="email" type="string" length="80"/></element>
</srcSchema>
""")
    write("t/p.js", 'xtk.session.Ingest(<personStg email="a@b.c" xtkschema="tst:personStg"/>);\nlogInfo("ok");\n')
    r = xtkjs("test", "--update", "--schemas", "sch", "t/p.js")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "WARNING" not in r.stdout
    r = xtkjs("test", "--schemas", "sch", "t/p.js")
    assert r.returncode == 0 and "1 passed" in r.stdout
    missing = xtkjs("test", "--schemas", "nope", "t/p.js")
    assert (missing.returncode, missing.stderr) == (2, "xtkjs: error: --schemas nope: no such folder\n")


def test_xtkjs_test_update_warns_when_it_records_a_failing_run(xtkjs, write):
    write("t/f.js", 'logInfo("a");\nnull.x;\n')
    r = xtkjs("test", "--update", "t/f.js")
    assert r.returncode == 0
    assert ("WARNING: the recorded run failed (exit 1): check its stderr section is the failure "
            "you mean to test") in r.stdout
