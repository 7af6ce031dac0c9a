"""Reads that make no XMLList: `Number(x.@a)` / `String(x.@a)` (the call made as written, on the
attribute's string), and in compiled filters `Number(a)` / `String(a)`, `a == literal` and
`@a == literal` (runtime/e4x/operators.py).

Each gives what the general form gives; the general form is written here with the callee or
the operand in parentheses (`(Number)(x.@a)`, `(a) == 1`), which the transpiler leaves alone.
Every fast path falls back to it when the receiver is not plain XML, the callee is not the
builtin, or the item has no such child.
"""
from __future__ import annotations

import pytest

from runtime.e4x import transpile
from test_filters import lines, mode  # noqa: F401 (mode: the sloppy/strict fixture)

DOC = ('var x = <list><r a="1" b="x"><value>1</value><name>n1</name></r>'
       '<r a="2"><value>5</value><value>6</value></r><r a="3"><value><v>7</v></value></r>'
       '<r><note>n</note></r></list>;\n')


def same_as_general(run_js, mode: str, fast: str, general: str, scope: str = "") -> str:
    """Both expressions printed after DOC and `scope`; they must agree. The fast one's line."""
    got = lines(run_js, mode + DOC + scope + f"print({fast});\nprint({general});\n")
    assert got[0] == got[1]
    return got[0]


@pytest.mark.parametrize("fast, general, expected", [
    ('Number(x.r[0].@a), String(x.r[0].@b)', '(Number)(x.r[0].@a), (String)(x.r[0].@b)', "1 x"),
    # no such attribute: the empty list's string value
    ('Number(x.r[3].@a), String(x.r[3].@a).length', '(Number)(x.r[3].@a), (String)(x.r[3].@a).length', "0 0"),
    # a list receiver: the attributes' values joined
    ('Number(x.r.@a), String(x.r.@b)', '(Number)(x.r.@a), (String)(x.r.@b)', "123 x"),
    ('Number(x.@a), String(x.r.@*)', '(Number)(x.@a), (String)(x.r.@*)', "0 1x23"),
    # not XML: the property of that name, as `x.@a` reads it
    ('Number({"@a": "5"}.@a), String([].@a)', '(Number)({"@a": "5"}.@a), (String)([].@a)', "5 undefined"),
])
def test_number_and_string_of_an_attribute(run_js, mode, fast, general, expected):
    assert same_as_general(run_js, mode, fast, general) == expected


def test_attributes_with_two_prefixes_read_as_the_general_list(run_js, mode):
    src = mode + ('var p = <p xmlns:a="urn:a" xmlns:b="urn:b" a:k="1" b:k="2" k="3"/>;\n'
                  'print(Number(p.@k), String(p.@*::k), (String)(p.@*::k));\n')
    assert lines(run_js, src) == ["3 123 123"]


def test_a_callee_that_is_not_the_builtin_gets_the_attribute_list(run_js, mode):
    src = mode + DOC + ('function f() { var Number = function (v) { return typeof v + ":" + v; };'
                        ' return Number(x.r[0].@a); }\n'
                        'var o = {String: function (v) { return this === o ? typeof v : "lost this"; }};\n'
                        'print(f(), o.String(x.r[0].@a), typeof new Number(x.r[0].@a), new String(x.r[0].@b).length);\n')
    assert lines(run_js, src) == ["xml:1 xml object 1"]


def test_a_missing_receiver_fails_as_the_general_read_does(run_js, mode):
    fast = run_js(mode + "var u;\nprint(Number(u.@a));\n")
    general = run_js(mode + "var u;\nprint((Number)(u.@a));\n")
    assert fast.code == general.code == 1
    assert "TypeError: Cannot read properties of undefined (reading '@a')" in fast.err
    assert fast.err.splitlines()[0].split(": ", 1)[1] == general.err.splitlines()[0].split(": ", 1)[1]


def test_a_callee_that_is_not_a_function_fails_with_its_own_name(run_js, mode):
    out = run_js(mode + DOC + "var Number = 5;\nprint(Number(x.r[0].@a));\n")
    assert out.code == 1 and "TypeError: Number is not a function" in out.err


def test_with_block_method_named_like_the_builtin_keeps_its_this(run_js):
    src = DOC + ('var o = {Number: function (v) { return this === o ? "this kept " + v : "lost"; }};\n'
                 'with (o) { print(Number(x.r[0].@a)); }\n')
    assert lines(run_js, src) == ["this kept 1"]


@pytest.mark.parametrize("fast, general, expected", [
    # one <value> (1), several (their XML: NaN), complex content (its XML), none (the scope's 4)
    ('x.r.(Number(value) >= 1).length()', 'x.r.((Number)(value) >= 1).length()', "2"),
    ('x.r.(String(value).indexOf("<value>5</value>") == 0).length()',
     'x.r.((String)(value).indexOf("<value>5</value>") == 0).length()', "1"),
    ('x.r.(String(value).indexOf("<v>") >= 0).length()', 'x.r.((String)(value).indexOf("<v>") >= 0).length()', "1"),
    ('x.r.(String(value) == "4").length()', 'x.r.((String)(value) == "4").length()', "1"),
    # a child of a method's name (`name`) reads through the method-or-children value
    ('x.r.(String(name) == "n1").length()', 'x.r.((String)(name) == "n1").length()', "1"),
])
def test_number_and_string_of_a_child_in_a_filter(run_js, mode, fast, general, expected):
    assert same_as_general(run_js, mode, fast, general, 'var value = 4, name = "scope";\n') == expected


def test_an_item_with_a_child_named_like_the_builtin_calls_that_child(run_js, mode):
    # <Number> is found on the last item before the global Number: calling a list fails
    doc = "var y = <list><r><note>1</note></r><r><Number>9</Number><note>2</note></r></list>;\n"
    fast = run_js(mode + doc + "print(y.r.(Number(note) > 0).length());\n")
    general = run_js(mode + doc + "print(y.r.((Number)(note) > 0).length());\n")
    assert fast.code == general.code == 1
    assert "TypeError" in fast.err and "is not a function" in fast.err
    assert "__e4x" not in fast.err


def test_a_local_function_named_like_the_builtin_gets_the_child_list(run_js, mode):
    src = mode + DOC + ('function f() { var Number = function (v) { return typeof v == "xml"; };'
                        ' var value = 0; return x.r.(Number(value)).length(); }\nprint(f());\n')
    assert lines(run_js, src) == ["3"]


@pytest.mark.parametrize("fast, general, expected", [
    ('x.r.(value == 1).length(), x.r.(value == "5").length()', 'x.r.((value) == 1).length(), x.r.((value) == "5").length()', "1 0"),
    ('x.r.(value != 1).length(), x.r.(note == "n").length()', 'x.r.((value) != 1).length(), x.r.((note) == "n").length()', "3 1"),
    # no <nope> child: the scope's variable; <name> is also a method name
    ('x.r.(nope == 2).length(), x.r.(name == "n1").length()', 'x.r.((nope) == 2).length(), x.r.((name) == "n1").length()', "4 4"),
    ('x.r.(value == true).length(), x.r.(nope == false).length()', 'x.r.((value) == true).length(), x.r.((nope) == false).length()', "0 0"),
    ('x.r.(@a == 2).length(), x.r.(@a != "2").length(), x.r.(@a == 2.0).length()', 'x.r.((@a) == 2).length(), x.r.((@a) != "2").length(), x.r.((@a) == 2.0).length()', "1 3 1"),
])
def test_equality_with_a_literal_in_a_filter(run_js, mode, fast, general, expected):
    scope = 'var nope = 2, value = 9, name = "n1", note = "m";\n'
    assert same_as_general(run_js, mode, fast, general, scope) == expected


def test_equality_with_a_literal_on_an_undeclared_name_is_a_reference_error(run_js, mode):
    out = run_js(mode + DOC + "print(x.r.(nothere == 1).length());\n")
    assert out.code == 1 and "ReferenceError: nothere is not defined" in out.err


def test_filters_over_values_that_are_not_xml(run_js, mode):
    src = mode + ('var o = {r: [1, 2]};\n'
                  'try { o.r.(value == 1); } catch (e) { print(e instanceof TypeError); }\n'
                  'try { o.r.(Number(value) == 1); } catch (e) { print(e instanceof TypeError); }\n')
    assert lines(run_js, src) == ["true", "true"]


def test_for_each_loops_nested_over_the_same_list_and_over_plain_values(run_js, mode):
    src = mode + DOC + ('var s = "";\n'
                        'for each (var a in x.r.@a) { for each (var b in x.r.@a) s += a + b + " "; }\n'
                        'print(s);\n'
                        'var t = [];\n'
                        'for each (var v in [1, "two"]) t.push(v);\n'
                        'for each (var w in {p: 3}) t.push(w);\n'
                        'for each (var r in x.r) { if (r.@a == 2) break; t.push(Number(r.@a)); }\n'
                        'print(t.join(","));\n')
    assert lines(run_js, src) == ["11 12 13 21 22 23 31 32 33 ", "1,two,3,1"]


def test_the_cases_above_take_the_fast_paths_and_the_parenthesised_forms_do_not():
    fast = transpile('x.r.(Number(value) > 1 && note == "n" && @a == 2); Number(x.@a);', "a.js")
    assert all(f"__e4x.{name}(" in fast for name in ("convertChild", "childEq", "itemEq", "attrArg"))
    general = transpile('x.r.((Number)(value) > 1 && (note) == "n" && (@a) == 2); (Number)(x.@a);', "a.js")
    assert not any(f"__e4x.{name}(" in general for name in ("convertChild", "childEq", "itemEq", "attrArg"))
