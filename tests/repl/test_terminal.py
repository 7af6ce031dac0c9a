"""`xtkjs repl` on a pseudo-terminal (pexpect), and with piped input (subprocess).

The terminal tests run with TERM=dumb: prompt_toolkit then prints the prompt and typed text
without cursor movement or colours, so the transcript reads as plain text (the full-screen
rendering is covered by one TERM=xterm test). Keys are sent with short pauses: what arrives
before prompt_toolkit has put the terminal in raw mode goes through the line discipline.
"""
from __future__ import annotations

import json
import time

import pytest

from repl_helpers import ANSI, E4X_SKIP, finish, prompt, send_line, spawn_repl

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow


def test_a_multi_line_function(tmp_path):
    c = spawn_repl(tmp_path)
    send_line(c, "function add(a, b) {\n  var s = a + b;\n  return s;\n}")
    c.expect("undefined")
    prompt(c)
    send_line(c, "add(40, 2)")
    c.expect("42")
    prompt(c)
    assert finish(c) == 0


@E4X_SKIP
def test_an_e4x_literal_over_three_lines(tmp_path):
    c = spawn_repl(tmp_path)
    send_line(c, '<root a="1">\n  <item>x</item>\n</root>')
    c.expect('<root a="1">\r\n  <item>x</item>\r\n</root>')
    prompt(c)
    send_line(c, "_.item.toString() + _.@a")
    c.expect("'x1'")
    prompt(c)
    assert finish(c) == 0


def test_tab_completes_a_property_of_a_live_object(tmp_path):
    c = spawn_repl(tmp_path)
    c.send("typeof xtk.ses\t")
    time.sleep(0.5)
    c.send(".Ingest\r")
    c.expect("'function'")
    prompt(c)
    assert finish(c) == 0


def test_ctrl_c_stops_an_endless_loop_and_earlier_definitions_stay(tmp_path):
    c = spawn_repl(tmp_path)
    send_line(c, "var keep = 41")
    c.expect("undefined")
    prompt(c)
    send_line(c, "while(true){}")
    time.sleep(1.5)
    c.sendintr()
    c.expect("<repl>: script stopped: interrupted")
    prompt(c)
    send_line(c, "keep + 1")
    c.expect("42")
    prompt(c)
    assert finish(c) == 0


def test_ctrl_c_at_the_prompt_clears_the_input(tmp_path):
    c = spawn_repl(tmp_path)
    c.send("this is not run")
    time.sleep(0.3)
    c.sendintr()
    prompt(c)
    send_line(c, "6 * 7")
    c.expect("42")
    prompt(c)
    assert "SyntaxError" not in c.before
    assert finish(c) == 0


def test_ingest_then_dump(tmp_path):
    c = spawn_repl(tmp_path)
    send_line(c, 'var id = xtk.session.Ingest(\'<sampleTableStg xtkschema="dem:sampleTableStg" testcol1="a"/>\')')
    c.expect("undefined")
    prompt(c)
    send_line(c, "id")
    c.expect(r"'([0-9a-f-]{36})'")
    uuid = c.match.group(1)
    prompt(c)
    send_line(c, ".dump dem:sampleTableStg")
    c.expect(r"\]\r\n")
    dumped = c.before[c.before.index("["):] + "]"
    records = json.loads(dumped.replace("\r\n", "\n"))
    assert [(r["testcol1"], r["_uuid"]) for r in records] == [("a", uuid)]
    prompt(c)
    assert finish(c) == 0


def test_a_syntax_error_then_a_working_statement(tmp_path):
    c = spawn_repl(tmp_path)
    send_line(c, "var x = (1 +;")
    c.expect(r"<repl>:1:13: SyntaxError: Unexpected token ';'\r\nvar x = \(1 \+;\r\n {12}\^")
    prompt(c)
    send_line(c, "'still ' + 'here'")
    c.expect("'still here'")
    prompt(c)
    assert finish(c) == 0


def test_user_errors_of_dot_commands(tmp_path):
    c = spawn_repl(tmp_path)
    send_line(c, ".nope")
    c.expect(r"unknown command '\.nope'; type \.help for the list of commands")
    prompt(c)
    send_line(c, ".load missing.js")
    c.expect(r"\.load: missing\.js: no such file")
    prompt(c)
    send_line(c, ".dump dem:nope")
    c.expect(r"\.dump: unknown schema 'dem:nope' \(\.dump\); loaded schemas: dem:sampleTable, dem:sampleTableStg, nms:recipient, nms:recipientStg, xtk:workflowSignal")
    prompt(c)
    send_line(c, ".exit")
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 0


def test_history_is_kept_in_a_file(tmp_path):
    c = spawn_repl(tmp_path)
    send_line(c, "var remembered = 1")
    c.expect("undefined")
    prompt(c)
    assert finish(c) == 0
    assert "var remembered = 1" in (tmp_path / "history").read_text()
    c = spawn_repl(tmp_path)
    c.send("\x1b[A")          # Up: the previous session's statement
    time.sleep(0.3)
    c.send("\r")
    c.expect("undefined")
    prompt(c)
    send_line(c, "remembered")
    c.expect("1")
    assert finish(c) == 0


def test_bare_xtkjs_on_a_terminal_is_the_repl(tmp_path):
    c = spawn_repl(tmp_path, bare=True)
    send_line(c, "1 + 1")
    c.expect("2")
    prompt(c)
    assert finish(c) == 0


def test_full_terminal_rendering(tmp_path):
    c = spawn_repl(tmp_path, term="xterm-256color")
    send_line(c, "function f() {\n  return 'ok';\n}")
    time.sleep(0.5)
    send_line(c, "f() + 1")
    c.expect("ok1")
    time.sleep(0.5)
    assert finish(c) == 0
    text = ANSI.sub("", (tmp_path / "transcript.txt").read_text())
    assert "... " in text          # the continuation prompt of the multi-line input


# --- piped input -----------------------------------------------------------------------------
def test_piped_input(xtkjs):
    src = ("var a = 1;\n"
           "function f() {\n"
           "  return a + 1;\n"
           "}\n"
           "logInfo(f());\n"
           "f()\n"
           "null.x\n"
           "print('after');\n")
    r = xtkjs("repl", "--home", ".xtkjs", stdin=src)
    assert r.stdout == "2\nafter\n"          # no prompt, no echo of results
    assert r.stderr == ("<stdin>:7:6: TypeError: Cannot read properties of null (reading 'x')\n"
                        "null.x\n     ^\n")
    assert r.returncode == 1
    ok = xtkjs("repl", "--home", ".xtkjs", stdin="print('fine')\n.dump dem:sampleTableStg\n")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "fine\n[]\n", "")


def test_piped_dot_command_errors(xtkjs):
    r = xtkjs("repl", "--home", ".xtkjs", stdin=".nope\n.load missing.js\n.dump dem:nope\n")
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "unknown command '.nope'; type .help for the list of commands",
        ".load: missing.js: no such file",
        ".dump: unknown schema 'dem:nope' (.dump); loaded schemas: dem:sampleTable, dem:sampleTableStg, "
        "nms:recipient, nms:recipientStg, xtk:workflowSignal",
    ]
