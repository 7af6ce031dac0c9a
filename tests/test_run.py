"""`xtkjs run`: output, logging, workflow globals, errors with positions, exit codes."""
import json

import pytest


# --- output ----------------------------------------------------------------------------------
def test_loginfo_and_print_write_their_arguments_joined_by_one_space(run_js):
    r = run_js('logInfo("smoke", 1 + 1);\nprint("a", [1, 2], {}, null, undefined);\n')
    assert (r.code, r.out, r.err) == (0, "smoke 2\na 1,2 [object Object] null undefined\n", "")


def test_warnings_and_errors_go_to_stderr_with_a_level_tag(run_js):
    r = run_js('logWarning("careful");\nlogInfo("info");\n')
    assert r.out == "info\n"
    assert r.err == "WARNING: careful\n"


def test_logverbose_is_shown_only_with_verbose(run_js):
    assert run_js('logVerbose("detail")').err == ""
    assert run_js('logVerbose("detail")', verbose=True).err == "VERBOSE: detail\n"


def test_logerror_logs_then_stops_the_script(run_js):
    r = run_js('logInfo("before");\nlogError("bad record", 42);\nlogInfo("after");\n')
    assert r.code == 1
    assert r.out == "before\n"
    assert r.err.splitlines()[0] == "ERROR: bad record 42"
    assert r.err.splitlines()[1] == "script.js:2:1: Error: bad record 42"


def test_logerror_can_be_caught_like_in_campaign(run_js):
    r = run_js('try { logError("x") } catch (e) { logInfo("caught", e.message) }')
    assert (r.code, r.out) == (0, "caught x\n")


def test_json_log_format_gives_one_object_per_line(run_js):
    r = run_js('logInfo("hello");\nlogWarning("w");\nprint("plain");\n', log_format="json")
    info, plain = r.out.splitlines()
    assert json.loads(info)["level"] == "info" and json.loads(info)["message"] == "hello"
    assert plain == "plain"  # print is the shell function, never a log line
    assert json.loads(r.err)["level"] == "warning"


def test_json_log_format_reports_errors_as_json_too(run_js):
    r = run_js('logInfo("a");\n  null.x;\n', log_format="json")
    report = json.loads(r.err)
    assert r.code == 1
    assert {k: report[k] for k in ("level", "kind", "file", "line", "column")} == {
        "level": "error", "kind": "runtime", "file": "script.js", "line": 2, "column": 8}
    assert report["message"].startswith("TypeError: Cannot read properties of null")


# --- workflow globals -------------------------------------------------------------------------
def test_vars_come_from_the_command_line(run_js):
    r = run_js('logInfo(vars.country, typeof vars.limit, vars.limit)', vars={"country": "FR", "limit": "10"})
    assert r.out == "FR string 10\n"


def test_workflow_objects_exist(run_js):
    r = run_js('instance.vars.count = 3;\n'
               'logInfo(typeof instance.vars, instance.vars.count, typeof task, application.operator.login)')
    assert r.out == "object 3 object admin\n"


def test_var_option_rejects_a_value_without_equals(xtkjs, write):
    write("a.js", "logInfo(1)")
    r = xtkjs("run", "a.js", "--var", "novalue")
    assert r.returncode == 2
    assert r.stderr == "xtkjs: error: --var 'novalue': expected NAME=VALUE\n"


def test_var_option_from_the_command_line(xtkjs, write):
    write("a.js", "logInfo(vars.x + '!')")
    r = xtkjs("run", "a.js", "--var", "x=a=b")
    assert (r.returncode, r.stdout) == (0, "a=b!\n")


# --- errors at the user's position ----------------------------------------------------------
def test_syntax_error_reports_file_line_column_source_and_caret(run_js):
    r = run_js("var a = 1;\nvar b = ;\n", name="bad.js")
    assert r.code == 1
    assert r.err == "bad.js:2:9: SyntaxError: Unexpected token ';'\nvar b = ;\n        ^\n"
    assert "Traceback" not in r.err


def test_uncaught_runtime_error_reports_where_it_was_thrown(run_js):
    r = run_js("function f(o) {\n  return o.missing.field;\n}\nf({});\n")
    assert r.code == 1
    assert r.err.splitlines() == [
        "script.js:2:20: TypeError: Cannot read properties of undefined (reading 'field')",
        "  return o.missing.field;",
        "                   ^",
    ]


def test_thrown_string_is_reported_with_its_position(run_js):
    r = run_js("\n  throw 'plain string';\n")
    assert r.err.splitlines()[0] == "script.js:2:3: plain string"


def test_host_errors_are_reported_at_the_users_call_not_inside_the_stdlib(run_js):
    r = run_js("var x = 1;\n  __host.call('no.such.function', []);\n")
    assert r.err.splitlines()[0] == "script.js:2:10: Error: unknown host function 'no.such.function'"


def test_errors_hide_the_python_traceback_unless_debug(run_js):
    r = run_js("null.x", debug=True)
    assert "JavaScript stack:" in r.err and "Traceback" in r.err
    assert "Traceback" not in run_js("null.x").err


# --- limits -----------------------------------------------------------------------------------
def test_endless_loop_is_stopped_by_the_timeout_and_the_next_run_works(run_js):
    import time

    start = time.monotonic()
    r = run_js("while (true) {}", timeout=1.0)
    elapsed = time.monotonic() - start
    assert r.code == 124
    assert r.err == "script.js: script stopped: it ran longer than the 1 s timeout (--timeout)\n"
    assert elapsed < 30  # stopped, not hung (generous: shared machines)
    again = run_js('logInfo("next run")')
    assert (again.code, again.out) == (0, "next run\n")


def test_allocation_bomb_is_stopped_by_the_memory_limit_and_the_process_lives_on(run_js):
    r = run_js("var a = []; while (true) a.push(new Array(100000).fill(1.5));", max_memory_mb=64)
    assert r.code == 125
    assert r.err == "script.js: script stopped: it used more than the 64 MB memory limit (--max-memory)\n"
    assert run_js('logInfo("alive")').out == "alive\n"


def test_string_doubling_bomb_is_a_catchable_range_error(run_js):
    r = run_js("var s = 'x'; try { while (true) s += s; } catch (e) { logInfo(e.name) }", max_memory_mb=2048)
    assert r.out == "RangeError\n"


# --- bad invocations: one clear line each ---------------------------------------------------
def test_missing_file(xtkjs):
    r = xtkjs("run", "nope.js")
    assert (r.returncode, r.stderr) == (2, "xtkjs: error: nope.js: no such file\n")


def test_directory_instead_of_a_file(xtkjs, tmp_path):
    (tmp_path / "dir.js").mkdir()
    r = xtkjs("run", "dir.js")
    assert (r.returncode, r.stderr) == (2, "xtkjs: error: dir.js: is a directory, not a script file\n")


def test_non_utf8_bytes_name_the_position(xtkjs, write):
    write("latin1.js", b'logInfo("ok");\nlogInfo("caf\xe9");\n')
    r = xtkjs("run", "latin1.js")
    assert r.returncode == 2
    assert r.stderr == "xtkjs: error: latin1.js:2:13: not valid UTF-8 (byte 0xe9); save the script as UTF-8\n"


def test_empty_file_runs_with_a_warning(xtkjs, write):
    write("empty.js", "")
    r = xtkjs("run", "empty.js")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "WARNING: empty.js: the script is empty; nothing to run\n")


def test_utf8_bom_is_ignored_with_a_warning(xtkjs, write):
    write("bom.js", b'\xef\xbb\xbflogInfo("with bom");\n')
    r = xtkjs("run", "bom.js")
    assert r.returncode == 0
    assert r.stdout == "with bom\n"
    assert r.stderr == "WARNING: bom.js: ignoring the UTF-8 byte-order mark at the start of the file\n"


def test_unknown_option_is_a_usage_error(xtkjs):
    r = xtkjs("run", "--no-such-flag", "a.js")
    assert r.returncode == 2 and "unrecognized arguments: --no-such-flag" in r.stderr


def test_exit_code_is_zero_on_success_and_one_on_script_error(xtkjs, write):
    write("ok.js", "logInfo('ok')")
    write("ko.js", "throw new Error('ko')")
    assert xtkjs("run", "ok.js").returncode == 0
    ko = xtkjs("run", "ko.js")
    assert ko.returncode == 1 and ko.stderr.startswith("ko.js:1:7: Error: ko\n")


def test_interrupt_stops_the_script_with_exit_code_130(tmp_path, write):
    import signal
    import subprocess
    import sys
    import time

    write("loop.js", "logInfo('started'); while (true) {}")
    p = subprocess.Popen([sys.executable, "-m", "runtime", "run", "loop.js"], cwd=tmp_path, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert p.stdout.readline() == "started\n"
    time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130
    assert err == "loop.js: script stopped: interrupted\n"


def test_a_script_ending_in_a_value_python_cannot_receive_still_succeeds(run_js):
    # The completion value of a script is dropped inside V8: a BigInt must not fail the run.
    r = run_js("logInfo('before');\n10n ** 20n")
    assert (r.code, r.out, r.err) == (0, "before\n", "")
