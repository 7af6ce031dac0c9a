"""The pytest plugin (runtime/pytest_plugin.py): collects scripts that have a golden file."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

SCRIPT = """\
logInfo("hello " + xtk.session.Ingest('<sampleTableStg testcol1="p" xtkschema="dem:sampleTableStg"/>'));
"""


@pytest.fixture(scope="module")
def _warm(tmp_path_factory):
    """pytester's in-process runs drop the modules first imported during a run; run one script
    here first so that SQLAlchemy and the stores are imported (and cached) outside of them."""
    from runtime.golden.runner import Settings, check_script

    d = tmp_path_factory.mktemp("warm")
    (d / "w.js").write_text(SCRIPT)
    assert check_script(d / "w.js", Settings(update=True)).ok


@pytest.fixture
def project(pytester, _warm):
    pytester.makefile(".js", a=SCRIPT, lonely='logInfo("no golden, not collected");\n')
    pytester.makepyfile(test_plain="def test_python():\n    assert True\n")
    return pytester


def test_update_then_collect_and_pass(project):
    r = project.runpytest("--xtkjs-update", "-v")
    # before a golden exists the script is not a test; only the Python test runs
    r.assert_outcomes(passed=1)
    project.makefile(".golden", a="=== exit\n0\n")
    r = project.runpytest("--xtkjs-update", "-v")
    r.assert_outcomes(passed=2)
    golden = Path(project.path, "a.golden").read_text()
    assert "=== stdout\nhello " in golden and "=== local dem:sampleTableStg\n" in golden
    r = project.runpytest("-v")
    r.assert_outcomes(passed=2)
    r.stdout.fnmatch_lines(["*a.js::a.js PASSED*", "*test_plain.py::test_python PASSED*"])
    assert "lonely" not in r.stdout.str()


def test_failure_shows_the_section_diff(project):
    project.makefile(".golden", a="=== exit\n0\n")
    project.runpytest("--xtkjs-update").assert_outcomes(passed=2)
    g = Path(project.path, "a.golden")
    assert 'testcol1: "p"' in g.read_text(), g.read_text()
    g.write_text(g.read_text().replace('testcol1: "p"', 'testcol1: "q"'))
    r = project.runpytest()
    r.assert_outcomes(passed=1, failed=1)
    r.stdout.fnmatch_lines([
        "*a.js: output differs from a.golden in section 'local dem:sampleTableStg'",
        "section 'local dem:sampleTableStg' differs",
        "--- golden: local dem:sampleTableStg",
        "+++ actual: local dem:sampleTableStg",
        '-  testcol1: "q"',
        '+  testcol1: "p"',
    ])


def test_malformed_golden_fails_with_its_message(project):
    project.makefile(".golden", a="=== exit\nnope\n")
    r = project.runpytest()
    r.assert_outcomes(passed=1, failed=1)
    r.stdout.fnmatch_lines(["*a.js: malformed golden file: *a.golden:2: section 'exit': expected an exit code*"])


def test_bad_now_option(project):
    project.makefile(".golden", a="=== exit\n0\n")
    r = project.runpytest("--xtkjs-now", "someday")
    assert r.ret != 0
    assert "--xtkjs-now 'someday': not an ISO 8601 date-time" in r.stderr.str() + r.stdout.str()


def test_only_given_paths_are_collected(project):
    project.makefile(".golden", a="=== exit\n0\n")
    sub = project.mkdir("sub")
    (sub / "b.js").write_text("logInfo(1);\n")
    (sub / "b.golden").write_text("=== exit\n0\n=== stdout\n1\n=== stderr\n")
    r = project.runpytest("sub", "-v")
    r.assert_outcomes(passed=1)
    r.stdout.fnmatch_lines(["*sub/b.js::b.js PASSED*"])


SAMPLES = Path(__file__).resolve().parents[2] / "scripts"


def test_every_sample_script_has_a_golden():
    scripts = sorted(p.name for p in SAMPLES.glob("*.js"))
    assert "hello.js" in scripts
    missing = [s for s in scripts if not (SAMPLES / s).with_suffix(".golden").is_file()]
    assert missing == []
