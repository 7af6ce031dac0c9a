"""Filter predicates `x.(pred)` compiled without `with` (runtime/e4x/filters.py).

A name the predicate does not declare reads the item's children first, then the enclosing
scope; every case here gives what the `with (item)` form gave (and Rhino, where noted), and
runs in strict-mode code as well.
"""
from __future__ import annotations

import pytest

from runtime.e4x import transpile

LIST = ('var x = <list><r a="1"><value>1</value><name>n1</name></r><r a="2"><value>5</value></r>'
        '<r a="3"><note>x</note></r></list>;\n')


@pytest.fixture(params=["", '"use strict";\n'], ids=["sloppy", "strict"])
def mode(request):
    return request.param


def lines(run_js, src: str) -> list[str]:
    out = run_js(src)
    assert out.code == 0, out.err
    return out.out.splitlines()


def test_a_child_of_the_item_hides_an_outer_variable_of_the_same_name(run_js, mode):
    assert lines(run_js, mode + LIST + "var value = 99;\nprint(x.r.(value == 1).@a, x.r.(value == 99).length());\n") \
        == ["1 1"]


def test_names_the_item_lacks_resolve_in_the_enclosing_scope(run_js, mode):
    src = mode + LIST + ('var N = 2, a = "outer";\n'
                         'print(x.r.(@a == N).@a, x.r.(a == "outer").length(), x.r.(parseInt(@a) > 1).length(),'
                         ' x.r.(String(@a).length == 1).length());\n')
    assert lines(run_js, src) == ["2 3 2 3"]  # as Rhino prints


def test_typeof_of_children_and_of_undeclared_names(run_js, mode):
    src = mode + LIST + ('var value = 1;\nprint(x.r.(typeof value == "xml").length(), '
                         'x.r.(typeof zzz == "undefined").length(), x.r.(typeof (note) == "xml").length());\n')
    assert lines(run_js, src) == ["2 3 1"]


def test_an_undeclared_name_is_a_reference_error_at_the_users_line(run_js, mode):
    out = run_js(mode + LIST + "\nprint(x.r.(zzz == 1).length());\n")
    assert out.code == 1
    line = 3 if mode else 2
    assert f"script.js:{line + 1}:" in out.err and "ReferenceError: zzz is not defined" in out.err


def test_nested_filters_look_at_the_inner_item_then_the_outer_item_then_the_scope(run_js, mode):
    src = mode + ('var y = <g><s k="1"><t k="2"/><v>8</v></s><s k="4"><t k="1"/><v>9</v></s></g>;\n'
                  'print(y.s.(t.(@k == 1 && k == undefined).length() > 0).@k);\n'
                  'var k = 7;\n'
                  'print(y.s.(t.(@k == 1 && k == 7).length() > 0).@k, y.s.(t.(v == 8).length() == 1).@k);\n')
    assert lines(run_js, src) == ["4", "4 1"]


def test_a_child_named_like_a_method_is_the_child(run_js, mode):
    src = mode + ('var x = <l><r a="1"><length>3</length></r><r a="2"><length>4</length></r></l>;\n'
                  'print(x.r.(length == 3).@a, x.r.(length.toString() == "4").@a);\n')
    assert lines(run_js, src) == ["1 2"]


def test_a_namespace_name_in_a_predicate(run_js, mode):
    src = mode + ('var ns = new Namespace("u");\n'
                  'var z = <z xmlns:p="u"><e n="1"><p:b>1</p:b></e><e n="2"><p:b>2</p:b></e></z>;\n'
                  'var p = <p/>;\n'
                  'print(z.e.(ns::b == 2).@n, z.e.(@n == 1 && p.ns::c.length() == 0).length());\n')
    assert lines(run_js, src) == ["2 1"]


def test_calls_in_a_predicate_see_plain_functions_and_item_children(run_js, mode):
    src = mode + LIST + ('var value = 0, note = "";\nfunction big(v) { return Number(v) > 2; }\n'
                         'print(x.r.(big(value)).@a, x.r.(note.toString() == "x").@a);\n')
    assert lines(run_js, src) == ["2 3"]


def test_a_predicate_that_assigns_or_holds_a_function_still_works_in_sloppy_code(run_js):
    src = LIST + ('var seen = 0;\n'
                  'print(x.r.(seen++ >= 0).length(), seen, x.r.(function () { return @a == 3; }()).length());\n'
                  'print(x.r.([1, 2].some(function (n) { return n == @a; }) && value.(true).length() == 1).@a);\n')
    assert lines(run_js, src) == ["3 3 1", "12"]


def test_what_each_predicate_compiles_to():
    compiled = transpile("x.(a == 1)", "t.js")
    assert "with" not in compiled and "__e4x.lookup(__e4x_n0, \"a\")" in compiled
    for src in ("x.(function () { return a; }())", "x.(a = 1)", "x.(a++)", "x.({b: 1}.b == a)",
                "x.(delete a.b)", "x.(eval('a'))", "x.((v) => v)"):
        assert "with (__e4x_item)" in transpile(src, "t.js"), src
    # a predicate around a `with` one uses `with` too; one inside it may stay compiled
    out = transpile("x.(y.(z.(q == 1) && f(function () {})))", "t.js")
    assert out.count("with (__e4x_item)") == 2 and "__e4x.lookup(__e4x_n2, \"q\")" in out
    assert "__e4x.lookup(__e4x_n1" not in out and "__e4x.lookup(__e4x_n0" not in out


def test_the_item_helpers_refuse_values_that_are_not_filter_items(run_js):
    out = run_js('print(__e4x.lookup({}, "a"));\n')
    assert out.code == 1 and "TypeError: __e4x.lookup: not a filter item" in out.err
    out = run_js('print(__e4x.item(<a b="1"/>, "@b"));\n')
    assert out.code == 1 and "TypeError: __e4x.item: not a filter item" in out.err


def test_attribute_comparisons_in_a_predicate(run_js, mode):
    src = mode + ('var x = <l><r a="1" b="x"/><r a="2"/><r a="01"/></l>, one = <v>1</v>;\n'
                  'print(x.r.(@a == 1).length(), x.r.(@a != 1).length(), x.r.(@b == "x").@a, '
                  'x.r.(@a == one).length(), x.r.(@zz == undefined).length(), x.r.(@a == "01").length());\n')
    assert lines(run_js, src) == ["1 2 1 1 3 1"]


def test_attribute_comparisons_compile_to_one_call():
    out = transpile('x.(@a == 1 && @b != "2" && (@c) == 3)', "t.js")
    assert '__e4x.itemEq(__e4x_n0, "@a", 1) && !__e4x.itemEq(__e4x_n0, "@b", "2")' in out
    assert '__e4x.eq((__e4x.item(__e4x_n0, "@c")), 3)' in out
