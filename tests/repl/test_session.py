"""The REPL's evaluation core (runtime/repl/session.py), without a terminal."""
from __future__ import annotations

import io
import json
import os
import signal
import threading

import pytest

from repl_helpers import E4X_SKIP, Session
from runtime.options import RunOptions
from runtime.repl.session import COMPLETE, INCOMPLETE, INVALID, ReplSession, run_piped

INGEST = 'xtk.session.Ingest(\'<sampleTableStg xtkschema="dem:sampleTableStg" testcol1="a"/>\')'


@pytest.fixture
def repl(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = Session(tmp_path / ".xtkjs")
    yield s
    s.s.close()


# --- completeness ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "function f() {",
    "function f() {\n  return 1;",
    "if (x) {",
    "foo(1,",
    "[1,\n2,",
    "var o = {a:",
    "`abc",
    "`a ${b",
    "x = 1 +",
    "a.b.",
    "class A {",
    "x =>",
    "/* a comment",
    "var q = a ?",
])
def test_incomplete_inputs_wait_for_more_lines(repl, text):
    assert repl.s.status(text) == INCOMPLETE


@pytest.mark.parametrize("text", [
    "var x = 1",
    "function f() {\n  return 1;\n}",
    "`a\nb`",
    "/* a\n comment */ 1",
    "",
    "   ",
    ".help",
    ".dump dem:sampleTableStg",
])
def test_complete_inputs_run(repl, text):
    assert repl.s.status(text) == COMPLETE


@pytest.mark.parametrize("text", ["var (", "}", "'abc", "foo(1 2)", "/abc", "return 1", "let z = 1; let z = 2"])
def test_invalid_inputs_run_at_once_and_report(repl, text):
    assert repl.s.status(text) == INVALID


def test_checking_completeness_runs_nothing(repl):
    repl.s.status("var sideEffect = 1; globalThis.touched = true; function g() {}")
    assert repl.echo("typeof sideEffect + ' ' + typeof touched + ' ' + typeof g") == "'undefined undefined undefined'"


@E4X_SKIP
def test_an_open_e4x_literal_is_incomplete(repl):
    assert repl.s.status("var x = <a>") == INCOMPLETE
    assert repl.s.status("var x = <a>\n  <b/>") == INCOMPLETE
    assert repl.s.status('var x = <a b="1') == INCOMPLETE
    assert repl.s.status("var x = <a>\n  <b/>\n</a>") == COMPLETE
    assert repl.s.status("var x = <a></b>") == INVALID


# --- echo ------------------------------------------------------------------------------------
@pytest.mark.parametrize("expr, shown", [
    ("1 + 1", "2"),
    ("'abc'", "'abc'"),
    ('"it\'s"', '"it\'s"'),
    ("'a\\nb'", "'a\\nb'"),
    ("-0", "-0"),
    ("1.5", "1.5"),
    ("true", "true"),
    ("null", "null"),
    ("undefined", "undefined"),
    ("var x = 1", "undefined"),
    ("10n", "10n"),
    ("Symbol('s')", "Symbol(s)"),
    ("[1, 2, 3]", "[ 1, 2, 3 ]"),
    ("[]", "[]"),
    ("[, 1]", "[ <1 empty item>, 1 ]"),
    ("({})", "{}"),
    ("({a: 1, 'b-c': 'x', d: [1, {e: 2}]})", "{ a: 1, 'b-c': 'x', d: [ 1, { e: 2 } ] }"),
    ("({a: {b: {c: {d: 1}}}})", "{ a: { b: { c: [Object] } } }"),
    ("var o = {}; o.self = o; o", "<ref *1> { self: [Circular *1] }"),
    ("({get g() { throw new Error('called') }})", "{ g: [Getter] }"),
    ("(function foo() {})", "[Function: foo]"),
    ("(() => 1)", "[Function (anonymous)]"),
    ("(class Foo {})", "[class Foo]"),
    ("class P { constructor() { this.x = 1 } }; new P()", "P { x: 1 }"),
    ("Object.create(null)", "[Object: null prototype] {}"),
    ("new Map([['k', 1]])", "Map(1) { 'k' => 1 }"),
    ("new Set([1, 2])", "Set(2) { 1, 2 }"),
    ("new Date(0)", "1970-01-01T00:00:00.000Z"),
    ("/a+b/g", "/a+b/g"),
    ("new String('s')", "[String: 's']"),
    ("new Uint8Array(2)", "Uint8Array(2) [ 0, 0 ]"),
])
def test_results_are_echoed_like_node(repl, expr, shown):
    assert repl.echo(expr) == shown


def test_long_objects_break_over_lines(repl):
    out = repl.echo("({alpha: 'aaaaaaaaaaaaaaaa', beta: 'bbbbbbbbbbbbbbbbbbbb', gamma: 'cccccccccccccccccccc'})")
    assert out == ("{\n  alpha: 'aaaaaaaaaaaaaaaa',\n  beta: 'bbbbbbbbbbbbbbbbbbbb',\n"
                   "  gamma: 'cccccccccccccccccccc'\n}")
    many = repl.echo("Array.from({length: 150}, (_, i) => i)")
    assert many.startswith("[\n   0,") or many.startswith("[\n  0,")
    assert many.endswith("... 50 more items\n]")


def test_errors_are_echoed_with_their_stack(repl):
    out = repl.echo("new Error('boom')")
    assert out.startswith("Error: boom\n    at <repl>:1:1")


def test_underscore_holds_the_last_result(repl):
    repl.echo("6 * 7")
    assert repl.echo("_ + 1") == "43"
    repl.echo("({k: 'v'})")
    assert repl.echo("_.k") == "'v'"
    repl.echo("new Date(0)")
    assert repl.echo("_ instanceof Date") == "true"   # the same object, not a copy


def test_assigning_underscore_stops_the_automatic_update(repl):
    repl.echo("_ = 'mine'")
    repl.echo("1 + 1")
    assert repl.echo("_") == "'mine'"


def test_a_bigint_result_is_shown_when_it_can_be_read_again(repl):
    repl.echo("var big = 2n ** 70n")
    assert repl.echo("big") == "1180591620717411303424n"
    assert repl.echo("big + 1n").startswith("[BigInt] (this value cannot leave V8")


def test_piped_sessions_do_not_echo(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with ReplSession(RunOptions(home=tmp_path / ".xtkjs"), out, err, echo=False) as s:
        assert s.execute("var a = 5")
        assert s.execute("a * 2")
        assert s.execute("print(_)")
    assert out.getvalue() == "10\n"


@E4X_SKIP
def test_xml_results_are_pretty_printed(repl):
    out = repl.echo("<a><b c='1'>t</b></a>")
    assert out == '<a>\n  <b c="1">t</b>\n</a>'
    assert repl.echo("_.b.@c.toString()") == "'1'"


# --- evaluation and errors -------------------------------------------------------------------
def test_definitions_persist_between_statements(repl):
    repl.echo("var v = 1")
    repl.echo("let l = 2")
    repl.echo("const c = 3")
    repl.echo("function f() { return v + l + c }")
    repl.echo("class K { get n() { return 4 } }")
    assert repl.echo("f() + new K().n") == "10"


def test_a_syntax_error_is_reported_and_the_session_goes_on(repl):
    ok, out, err = repl.run("var x = 1;\nvar (")
    assert not ok
    assert out == ""
    assert err == "<repl>:2:5: SyntaxError: Unexpected token '('\nvar (\n    ^\n"
    assert repl.echo("typeof x") == "'undefined'"   # nothing of the statement ran
    assert repl.echo("1 + 1") == "2"


def test_a_runtime_error_keeps_what_ran_before_it(repl):
    ok, out, err = repl.run("var before = 1;\nnull.x;\nvar after = 2")
    assert not ok
    assert err == ("<repl>:2:6: TypeError: Cannot read properties of null (reading 'x')\n"
                   "null.x;\n     ^\n")
    assert repl.echo("[before, typeof after]") == "[ 1, 'undefined' ]"


def test_uncaught_throw_of_a_value(repl):
    ok, _, err = repl.run("throw 'plain'")
    assert not ok
    assert err == "<repl>:1:1: plain\nthrow 'plain'\n^\n"


def test_log_error_reports_and_goes_on(repl):
    ok, out, err = repl.run("logError('bad thing')")
    assert not ok
    assert "ERROR: bad thing" in err
    assert repl.echo("2") == "2"


def test_print_and_log_info_write_before_the_echo(repl):
    ok, out, err = repl.run("print('hello'); logInfo('info'); 7")
    assert ok and err == ""
    assert out == "hello\ninfo\n7\n"


def test_ctrl_c_stops_a_running_statement_and_keeps_definitions(tmp_path):
    # SIGINT sent to the process (as a terminal's Ctrl-C is); the timeout only keeps a broken
    # interrupt from hanging the test.
    s = Session(tmp_path / ".xtkjs", timeout=30)
    try:
        s.echo("var keep = 41")
        timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
        timer.start()
        try:
            ok, out, err = s.run("while (true) {}")
        finally:
            timer.cancel()
        assert not ok
        assert err == "<repl>: script stopped: interrupted\n"
        assert s.echo("keep + 1") == "42"
    finally:
        s.s.close()


def test_the_timeout_stops_a_statement_and_the_session_goes_on(tmp_path):
    s = Session(tmp_path / ".xtkjs", timeout=0.5)
    try:
        s.echo("var keep = 1")
        ok, _, err = s.run("while (true) {}")
        assert not ok
        assert "ran longer than the 0.5 s timeout" in err
        assert s.echo("keep") == "1"
    finally:
        s.s.close()


def test_writes_are_flushed_and_committed_after_each_statement(repl, tmp_path):
    from runtime.xtk.dbtools import dump_records

    uuid = repl.echo(INGEST).strip("'")
    records = dump_records(repl.options, "dem:sampleTableStg")
    assert [(r["testcol1"], r["_uuid"]) for r in records] == [("a", uuid)]


# --- completion ------------------------------------------------------------------------------
def test_completes_properties_of_live_objects(repl):
    assert repl.s.complete("xtk.ses") == (3, ["session"])
    start, names = repl.s.complete("xtk.session.In")
    assert (start, names) == (2, ["Ingest", "IngestExt"])
    assert repl.s.complete("x = Math.ma") == (2, ["max"])
    repl.s.execute("var s = 'x'")
    assert repl.s.complete("'abc'.length; s.toU") == (3, ["toUpperCase"])
    repl.echo("var s = 'x'")
    assert repl.s.complete("s.toUpper") == (7, ["toUpperCase"])


def test_completes_globals_keywords_and_own_definitions(repl):
    repl.echo("var myVar = 1; let myLet = 2; const myConst = 3; function myFun() {}; class MyClass {}")
    assert repl.s.complete("my")[1] == ["myConst", "myFun", "myLet", "myVar"]
    assert repl.s.complete("My")[1] == ["MyClass"]
    assert "logInfo" in repl.s.complete("log")[1]
    assert "function" in repl.s.complete("func")[1]
    assert repl.s.complete("xt") == (2, ["xtk"])
    assert not [n for n in repl.s.complete("_")[1] if n.startswith("__")]  # no internals...
    assert "__repl" in repl.s.complete("__")[1]                             # ...unless asked


def test_completes_lexical_objects(repl):
    repl.echo("const cfg = {alpha: 1, beta: {gamma: 2}}")
    assert repl.s.complete("cfg.al") == (2, ["alpha"])
    assert repl.s.complete("cfg.beta.g") == (1, ["gamma"])


def test_completion_never_calls_getters_or_proxy_traps(repl):
    repl.echo("var calls = 0; var o = {get g() { calls++; return {inner: 1}; }, plain: {deep: 1}}")
    repl.echo("var trapped = 0; var h = {}; ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', "
              "'getPrototypeOf'].forEach(function (k) { h[k] = function () { trapped++; "
              "return Reflect[k].apply(null, arguments); }; }); var p = new Proxy({x: 1}, h);")
    assert repl.s.complete("o.g.") == (0, [])
    assert repl.s.complete("o.plain.d") == (1, ["deep"])
    assert repl.s.complete("p.") == (0, [])
    assert repl.s.complete("p.x.") == (0, [])
    assert repl.echo("[calls, trapped]") == "[ 0, 0 ]"
    assert repl.echo("p.x") == "1"   # the wrapped Proxy still works


def test_completes_schema_names(repl):
    assert repl.s.complete('xtk.session.Ingest(\'<sampleTableStg xtkschema="dem:sam') == (
        7, ["dem:sampleTable", "dem:sampleTableStg"])
    assert repl.s.complete("x = <a xtkschema='dem:sampleTableS") == (16, ["dem:sampleTableStg"])
    assert repl.s.complete(".dump dem:") == (4, ["dem:sampleTable", "dem:sampleTableStg"])


def test_completes_dot_commands_and_files(repl, tmp_path):
    assert repl.s.complete(".d") == (2, [".dump"])
    assert repl.s.complete(".s") == (2, [".save", ".schemas", ".sql", ".sync"])
    (tmp_path / "script1.js").write_text("1")
    (tmp_path / "sub").mkdir()
    assert repl.s.complete(".load scr") == (3, ["script1.js"])
    assert repl.s.complete(".load su") == (2, ["sub/"])


def test_nothing_to_complete(repl):
    assert repl.s.complete("1 + ") == (0, [])
    assert repl.s.complete("nosuchthing.") == (0, [])


# --- dot-commands ----------------------------------------------------------------------------
def test_help_lists_commands_and_keys(repl):
    ok, out, err = repl.run(".help")
    assert ok and err == ""
    for name in (".help", ".load FILE", ".save FILE", ".schemas", ".dump SCHEMA", ".sql", ".sync",
                 ".clear", ".exit", "Ctrl-C", "Ctrl-D", "Tab"):
        assert name in out


def test_unknown_command(repl):
    ok, out, err = repl.run(".frobnicate now")
    assert not ok
    assert err == "unknown command '.frobnicate'; type .help for the list of commands\n"
    assert repl.echo("1") == "1"


def test_load_runs_a_file_in_the_context(repl, tmp_path):
    (tmp_path / "lib.js").write_text("function twice(x) {\n  return 2 * x;\n}\nlet loaded = true;\n")
    ok, out, err = repl.run(".load lib.js")
    assert ok and err == "" and out == ""
    assert repl.echo("twice(21) + ' ' + loaded") == "'42 true'"


def test_load_reports_errors_at_the_files_position(repl, tmp_path):
    (tmp_path / "bad.js").write_text("var ok = 1;\nnull.y;\n")
    ok, out, err = repl.run(".load bad.js")
    assert not ok
    assert err.startswith("bad.js:2:6: TypeError: Cannot read properties of null (reading 'y')\n")
    assert repl.echo("ok") == "1"


def test_load_missing_file(repl):
    ok, out, err = repl.run(".load nowhere.js")
    assert not ok
    assert err == ".load: nowhere.js: no such file\n"
    ok, out, err = repl.run(".load")
    assert err == ".load: which file? usage: .load FILE\n"


def test_save_writes_the_entered_statements(repl, tmp_path):
    repl.echo("var a = 1")
    repl.run("var (")                    # a syntax error is not saved
    repl.run("null.x")                   # nor a failed one: reloading the file would stop there
    repl.echo("function f() {\n  return a;\n}")
    repl.run(".help")                    # dot-commands are not saved
    ok, out, err = repl.run(".save session.js")
    assert ok and err == ""
    assert out == "Saved 2 statements to session.js\n"
    assert (tmp_path / "session.js").read_text() == "var a = 1\nfunction f() {\n  return a;\n}\n"


def test_save_leaves_out_an_interrupted_statement(repl, tmp_path):
    repl.echo("var a = 1")
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        ok, _, err = repl.run("while (true) {}")
    finally:
        timer.cancel()
    assert not ok and "interrupted" in err
    repl.run(".save session.js")
    assert (tmp_path / "session.js").read_text() == "var a = 1\n"


def test_save_errors(repl):
    ok, out, err = repl.run(".save no/such/dir/x.js")
    assert not ok
    assert err == ".save: cannot write no/such/dir/x.js: No such file or directory\n"
    ok, out, err = repl.run(".save")
    assert err == ".save: where? usage: .save FILE\n"


def test_schemas_lists_the_registry(repl):
    ok, out, err = repl.run(".schemas")
    assert ok and err == ""
    assert out.splitlines()[0].split() == ["schema", "table", "key", "fields", "staging", "store", "source"]
    assert "dem:sampleTableStg  DemSampleTableStg" in out
    assert "nms:recipientStg" in out and "NmsRecipient " in out   # the built-in recipient subset
    assert "xtk:workflowSignal  XtkWorkflowSignal" in out   # built-in: workflow commands (docs/campaign-api.md)
    assert out.endswith("(5 rows)\n")


def test_dump_shows_what_a_statement_ingested(repl):
    uuid = repl.echo(INGEST).strip("'")
    ok, out, err = repl.run(".dump dem:sampleTableStg")
    assert ok and err == ""
    records = json.loads(out)
    assert len(records) == 1
    assert records[0]["testcol1"] == "a" and records[0]["_uuid"] == uuid


def test_dump_of_an_empty_table_and_of_the_cloud_store(repl):
    assert repl.run(".dump dem:sampleTable --cloud")[1] == "[]\n"


def test_dump_errors(repl):
    ok, out, err = repl.run(".dump dem:nope")
    assert not ok
    assert err == (".dump: unknown schema 'dem:nope' (.dump); loaded schemas: dem:sampleTable, "
                   "dem:sampleTableStg, nms:recipient, nms:recipientStg, xtk:workflowSignal\n")
    ok, out, err = repl.run(".dump notaschema")
    assert err == ".dump: 'notaschema' is not a schema name like 'dem:sampleTable' (.dump)\n"
    ok, out, err = repl.run(".dump")
    assert err == ".dump: usage: .dump SCHEMA [--cloud]  (e.g. .dump dem:sampleTableStg)\n"


def test_sql_runs_a_query(repl):
    repl.echo(INGEST)
    ok, out, err = repl.run(".sql SELECT sTestcol1 AS col FROM DemSampleTableStg")
    assert ok and err == ""
    assert out == "col\n---\na\n(1 row)\n"


def test_sql_errors(repl):
    ok, out, err = repl.run(".sql SELECT * FROM NoSuchTable")
    assert not ok
    assert err.startswith("db sql: no such table: NoSuchTable")
    ok, out, err = repl.run(".sql")
    assert err.startswith(".sql: usage: .sql [--cloud] QUERY")


def test_sync_moves_staged_rows_to_the_cloud(repl):
    repl.echo(INGEST)
    ok, out, err = repl.run(".sync")
    if not ok and "not available" in err:
        pytest.skip("runtime.sync is not finished: " + err.strip())
    assert ok, err
    assert out.startswith("dem:sampleTableStg: ")
    cloud = json.loads(repl.run(".dump dem:sampleTable --cloud")[1])
    assert [r["testcol1"] for r in cloud] == ["a"]


def test_clear_gives_a_fresh_context(repl):
    repl.echo("var gone = 1; let alsoGone = 2")
    ok, out, err = repl.run(".clear")
    assert ok and out.startswith("Context cleared")
    assert repl.echo("typeof gone + typeof alsoGone") == "'undefinedundefined'"
    assert repl.echo("let alsoGone = 3; alsoGone") == "3"   # no redeclaration error
    assert repl.s.complete("xtk.ses") == (3, ["session"])


def test_exit_ends_the_loop(repl):
    ok, _, _ = repl.run(".exit")
    assert ok and repl.s.exit_requested


# --- piped input -----------------------------------------------------------------------------
def test_piped_input_runs_statement_by_statement(tmp_path):
    src = ("var a = 1;\n"
           "function f() {\n"
           "  return a + 1;\n"
           "}\n"
           "print(f())\n"
           "null.x\n"
           ".nosuch\n"
           "print('after')\n"
           "var b = [1,\n"
           "  2];\n"
           "print(b.length)\n")
    out, err = io.StringIO(), io.StringIO()
    s = ReplSession(RunOptions(home=tmp_path / ".xtkjs"), out, err, echo=False, filename="<stdin>")
    try:
        code = run_piped(s, io.StringIO(src))
    finally:
        s.close()
    assert code == 1
    assert out.getvalue() == "2\nafter\n2\n"
    assert err.getvalue() == ("<stdin>:6:6: TypeError: Cannot read properties of null (reading 'x')\n"
                              "null.x\n     ^\n"
                              "unknown command '.nosuch'; type .help for the list of commands\n")


def test_piped_input_without_errors_exits_0_and_reports_an_unfinished_statement(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with ReplSession(RunOptions(home=tmp_path / ".xtkjs"), out, err, echo=False, filename="<stdin>") as s:
        assert run_piped(s, io.StringIO("print(1)\n\n.exit\nprint(2)\n")) == 0
    assert out.getvalue() == "1\n"
    out, err = io.StringIO(), io.StringIO()
    with ReplSession(RunOptions(home=tmp_path / ".xtkjs"), out, err, echo=False, filename="<stdin>") as s:
        assert run_piped(s, io.StringIO("print(1)\nfunction f() {\n")) == 1
    assert err.getvalue().startswith("<stdin>:")
    assert "Unexpected end of input" in err.getvalue()


# --- highlighting ----------------------------------------------------------------------------
def test_the_lexer_colours_e4x_literals_as_markup():
    from pygments.token import Name, Operator, String

    from runtime.repl.highlight import E4XJavascriptLexer

    toks = [(t, v) for t, v in E4XJavascriptLexer().get_tokens('var x = <a b="1">t{y}</a>;\nif (a < b) c()')
            if v.strip()]
    assert (Name.Tag, "<a") in toks and (Name.Attribute, "b") in toks and (String, '"1"') in toks
    assert (Name.Tag, "</a>") in toks
    tail = toks[toks.index((Name.Tag, "</a>")) + 1:]
    assert [v for t, v in tail] == [";", "if", "(", "a", "<", "b", ")", "c", "(", ")"]
    assert (Operator, "<") in tail                      # `a < b` stays JavaScript
    multi = [(t, v) for t, v in E4XJavascriptLexer().get_tokens("<a>\n  <b/>\n</a>") if v.strip()]
    assert [v for t, v in multi if t is Name.Tag] == ["<a", ">", "<b", "/>", "</a>"]
