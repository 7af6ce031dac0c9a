"""What users see of their own source through the transpiler: syntax errors at V8's real
FILE:LINE:COL, names V8 reserves but Campaign's engine accepts, E4X literal errors at the
construct that is really wrong, and Function.prototype.toString showing the user's text."""
from __future__ import annotations

import pytest

from runtime.e4x import E4XSyntaxError, source_column, transpile


# -- plain JavaScript syntax errors --------------------------------------------------------------
@pytest.mark.parametrize("src, report", [
    ("var a = 1;\nif (a > 0 {\n  logInfo(a);\n}\n",
     "bad.js:2:11: SyntaxError: Unexpected token '{'\nif (a > 0 {\n          ^\n"),
    ('logInfo("a");\nlogInfo("b"\nvar c = 1;\n',
     'bad.js:2:9: SyntaxError: missing ) after argument list\nlogInfo("b"\n        ^\n'),
    # E4X elsewhere in the script: the transpiled script fails in V8 at the same place
    ("var x = <a/>;\nvar y = 1 +* 2;\n",
     "bad.js:2:12: SyntaxError: Unexpected token '*'\nvar y = 1 +* 2;\n           ^\n"),
    ("function f() { return <a>{1}</a>; }\nvar s = 'open;\n",
     "bad.js:2:9: syntax error: unexpected character \"'\"\nvar s = 'open;\n        ^\n"),
])
def test_javascript_syntax_errors_are_reported_where_v8_finds_them(run_js, src, report):
    r = run_js(src, name="bad.js")
    assert (r.code, r.out, r.err) == (1, "", report)


def test_runtime_error_columns_are_the_users_after_rewritten_e4x(run_js):
    # the literal's rewrite (and the function-source registration on line 1) would shift what
    # follows on the same line: the report maps V8's column back to the user's text
    r = run_js("function f() { return <a/>.b; } var q = null; q.x;\n", name="one.js")
    assert r.err.splitlines()[0] == "one.js:1:49: TypeError: Cannot read properties of null (reading 'x')"
    r = run_js("var q = null; q.x;\n", name="one.js")
    assert r.err.splitlines()[0] == "one.js:1:17: TypeError: Cannot read properties of null (reading 'x')"
    r = run_js("var x = <a><b c='1'/></a>;\nvar n = null;\nlogInfo(x.b.@c + n.@missing);\n", name="two.js")
    assert r.err.splitlines()[:3] == [
        "two.js:3:18: TypeError: Cannot read properties of null (reading '@missing')",
        "logInfo(x.b.@c + n.@missing);",
        "                 ^"]


def test_source_column_maps_transpiled_columns_back():
    src = "var a = <x y='1'/>; var b = a.@y; b.z.w;\n"
    js = transpile(src, "t.js")
    assert js != src
    # a column in plain text after the literal maps to the same text in the source
    assert source_column(src, "t.js", 1, js.index("b.z.w") + 1) == src.index("b.z.w") + 1
    # inside inserted code: the user's text that follows it
    assert source_column(src, "t.js", 1, js.index("__e4x") + 1) == src.index("<x") + 1
    assert source_column("plain();", "t.js", 1, 3) == 3


# -- `enum` as a name ------------------------------------------------------------------------------
def test_enum_is_an_ordinary_name_as_in_campaign(run_js):
    r = run_js('var enum = {a: 1};\nvar o = {enum: 2, b: enum.a};\n'
               'function f(enum) { return enum + 1; }\n'
               'logInfo(enum.a, o.enum, o.b, f(4), JSON.stringify(o));\n')
    assert (r.code, r.out, r.err) == (0, '1 2 1 5 {"enum":2,"b":1}\n', "")


# -- literal errors at the real culprit ---------------------------------------------------------------
@pytest.mark.parametrize("src, pos", [
    ("var v = 1;\nvar x = <root>{v + </root>;\n", (2, 15)),
    ("var x = <root><a>{f(v, </a></root>;\n", (1, 18)),
])
def test_a_closing_tag_inside_an_open_hole_reports_the_unclosed_brace(src, pos):
    with pytest.raises(E4XSyntaxError) as info:
        transpile(src, "t.js")
    assert (info.value.line, info.value.column) == pos
    assert info.value.message == "E4X: unterminated {expression} in an XML literal (missing '}')"


def test_a_closing_tag_with_no_literal_open_is_still_reported_as_such():
    with pytest.raises(E4XSyntaxError) as info:
        transpile("var x = </root>;\n", "t.js")
    assert info.value.message == "E4X: closing tag without an opening tag"


# -- Function.prototype.toString ------------------------------------------------------------------------
def test_functions_holding_e4x_print_the_users_source(run_js):
    r = run_js('"use strict";\n'
               'function build(id) {\n  return <rec id={id}>{id + 1}</rec>;\n}\n'
               'var pick = function (x) { return x..rec.@id + 1; };\n'
               'logInfo(build.toString());\nlogInfo(String(pick));\n'
               'logInfo(String(function plain(a) { return a * 2; }));\n'
               'logInfo((function () { return this === undefined; })());\n')
    assert r.err == ""
    assert r.out == ("function build(id) {\n  return <rec id={id}>{id + 1}</rec>;\n}\n"
                     "function (x) { return x..rec.@id + 1; }\n"
                     "function plain(a) { return a * 2; }\n"
                     "true\n")  # the directive prologue still applies


def test_function_source_registration_keeps_lines_and_the_directive_prologue():
    src = "'use strict';\nfunction f() { return <a/>; }\n"
    out = transpile(src, "t.js")
    assert out.count("\n") == src.count("\n")
    assert out.startswith("'use strict';__e4x.sources([")
    assert "function f() { return __e4x.xml`<a/>`; }" in out.split("\n")[1]
    assert transpile("function g() { return 1; }\nvar x = <a/>;\n", "t.js").startswith("function g()")
