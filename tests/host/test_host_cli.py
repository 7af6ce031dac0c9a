"""The host-access flags on the command line: run, repl, test."""
import json


def test_run_flags_open_files_libraries_exec_and_transitions(xtkjs, write):
    write("data/in.txt", "from the files root")
    write("mylib/cus/h.js", "var H = 'lib';")
    write("s.js", 'loadLibrary("cus:h.js");\nlogInfo(H, loadFile("in.txt"), execCommand("echo x")[1].trim());\n'
                  'task.postEvent(task.transitionByName("done"));\n')
    r = xtkjs("run", "s.js", "--lib", "mylib", "--files", "data", "--allow-exec", "--transition", "done")
    assert (r.returncode, r.stdout, r.stderr) == (0, "lib from the files root x\n", "transition: done\n")


def test_lib_folder_defaults_to_lib_and_env(xtkjs, write, tmp_path):
    write("lib/cus/a.js", "var A = 1;")
    write("s.js", 'loadLibrary("cus:a.js"); logInfo(A);')
    assert xtkjs("run", "s.js").stdout == "1\n"


def test_the_transition_is_a_field_of_json_logs(xtkjs, write):
    write("s.js", 'task.postEvent(task.transitionByName("ok"));')
    r = xtkjs("run", "s.js", "--log-format", "json")
    event = json.loads(r.stderr)
    assert (event["event"], event["transition"]) == ("transition", "ok")


def test_refused_http_names_the_flag_on_the_command_line(xtkjs, write):
    write("s.js", 'var h = new HttpClientRequest("https://api.example.com:8443/x");\nh.execute();')
    r = xtkjs("run", "s.js")
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == ("s.js:2:3: Error: HttpClientRequest.execute: HTTP access to "
                                        "api.example.com:8443 is not allowed; run with --allow-http api.example.com:8443")


def test_repl_and_test_accept_the_flags(xtkjs, write):
    for cmd in ("repl", "test", "run"):
        help_text = xtkjs(cmd, "--help").stdout
        for flag in ("--lib", "--files", "--allow-http", "--allow-exec"):
            assert flag in help_text, (cmd, flag)
    r = xtkjs("repl", "--allow-exec", stdin='logInfo(execCommand("echo piped")[1].trim())\n')
    assert r.stdout == "piped\n"


def test_golden_tests_take_the_flags_for_every_script(xtkjs, write, tmp_path):
    write("scripts/e.js", 'logInfo(execCommand("echo g")[1].trim());')
    assert xtkjs("test", "--update", "scripts/e.js", "--allow-exec").returncode == 0
    assert "=== stdout\ng\n" in (tmp_path / "scripts" / "e.golden").read_text()
    r = xtkjs("test", "scripts/e.js")
    assert r.returncode == 1 and "--allow-exec" in r.stdout
    assert xtkjs("test", "scripts/e.js", "--allow-exec").returncode == 0
