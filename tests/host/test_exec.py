"""execCommand: refused unless --allow-exec; Campaign's [code, output]; bounded by the timeout."""
import pytest


def test_refused_without_allow_exec_naming_the_flag(run_js):
    r = run_js('logInfo("a");\nvar r = execCommand("echo hi");\nlogInfo("not reached");')
    assert (r.code, r.out) == (1, "a\n")
    assert r.err.splitlines()[0] == ("script.js:2:9: Error: execCommand: running commands is not allowed; run "
                                     "with --allow-exec (command: echo hi)")


def test_returns_the_exit_code_and_the_standard_output(run_js):
    r = run_js('var r = execCommand("echo hello; echo world");\nlogInfo(r.length, r[0], JSON.stringify(r[1]));',
               allow_exec=True)
    assert r.out == '2 0 "hello\\nworld\\n"\n'


def test_a_failing_command_throws_unless_no_throw(run_js):
    r = run_js('var r = execCommand("echo out; echo oops >&2; exit 5", true);\nlogInfo(r[0], r[1].trim());\n'
               'execCommand("echo oops >&2; exit 5");', allow_exec=True)
    assert r.out == "5 out\n"
    assert r.err.splitlines()[0] == ("script.js:3:1: Error: execCommand: echo oops >&2; exit 5: exit code 5: oops")


def test_runs_in_the_files_root(run_js, tmp_path):
    (tmp_path / "root").mkdir()
    r = run_js('logInfo(execCommand("pwd")[1].trim())', allow_exec=True, files_root=tmp_path / "root")
    assert r.out == f"{tmp_path / 'root'}\n"


def test_a_command_is_stopped_by_the_scripts_timeout(run_js):
    r = run_js('try { execCommand("sleep 20") } catch (e) { logInfo(e.message) }', allow_exec=True, timeout=1.5)
    assert r.code in (0, 124)
    if r.code == 0:
        assert r.out.startswith("execCommand: sleep 20: still running after")


@pytest.mark.parametrize("call, message", [
    ("execCommand()", "TypeError: execCommand: expected a command line (a non-empty string), got undefined"),
    ("execCommand('  ')", "TypeError: execCommand: expected a command line (a non-empty string), got an empty string"),
    ("execCommand(['ls'])", "TypeError: execCommand: expected a command line (a non-empty string), got object"),
])
def test_bad_arguments(run_js, call, message):
    r = run_js(f"\n  {call};", allow_exec=True)
    assert r.err.splitlines()[0] == f"script.js:2:3: {message}"
