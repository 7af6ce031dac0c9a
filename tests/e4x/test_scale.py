"""E4X at scale: long `+` chains and large XML literals (work that must grow linearly).

Sizes, not timings, are asserted: a chain of 10,000 terms must run (the nested form made V8's
parser overflow), and building a literal must scan its text a bounded number of times.
"""
from __future__ import annotations

import pytest

from runtime.e4x import transpile
from runtime.sandbox import Sandbox


def test_a_10000_term_plus_chain_runs(run_js):
    src = "var x = 1;\nvar s = " + " + ".join(["x"] * 10_000) + ";\nprint(s);\n"
    out = run_js(src)
    assert (out.code, out.out.strip()) == (0, "10000")


def test_a_long_chain_of_strings_and_xml_values_keeps_left_to_right_meaning(run_js):
    # string + XML concatenates the XML's string value; XML + XML makes an XMLList
    terms = ['"<"', "x.a", "1", "2"] + ['"."'] * 40 + ["x.a", "x.b"]
    src = ("var x = <r><a>A</a><b>B</b></r>;\n"
           f"var s = {' + '.join(terms)};\n"
           "var l = " + " + ".join(["x.a"] * 40) + ";\n"
           "print(s); print(typeof l, l.length(), l[39].toXMLString());\n")
    out = run_js(src)
    assert out.out.splitlines() == ["<A12" + "." * 40 + "AB", "xml 40 <a>A</a>"]


def test_chains_past_the_nesting_limit_become_one_flat_call():
    src = "s = " + " + ".join(f"v{i}" for i in range(40)) + ";"
    out = transpile(src, "t.js")
    assert out.startswith("s = __e4x.addAll(v0, v1, v2,") and out.endswith("v39);")
    assert "__e4x.add(" not in out


def test_short_chains_stay_nested_in_evaluation_order():
    assert transpile("s = a + b + c;", "t.js") == "s = __e4x.add(__e4x.add(a, b), c);"


def test_a_flattened_chain_inside_a_comparison_and_beside_a_nested_one():
    src = "r = " + " + ".join(f"v{i}" for i in range(33)) + " == y + z;"
    out = transpile(src, "t.js")
    assert out.startswith("r = __e4x.eq(__e4x.addAll(v0, v1,")
    assert out.endswith("v32), __e4x.add(y, z));")


# -- large literals: the template scanner must not rescan the rest of the text per tag -----------
COUNT_SCANS = r"""
var __scanned = 0;
var __indexOf = String.prototype.indexOf;
String.prototype.indexOf = function (s, from) {
  var r = __indexOf.call(this, s, from);
  __scanned += (r < 0 ? this.length : r) - (from || 0);
  return r;
};
"""


def scanned_for_literal(sb: Sandbox, n: int) -> int:
    body = "".join(f'<e i="{i}">t{i}</e>' for i in range(n))
    js = transpile(f"var x = <root>{body}</root>;", "t.js")
    sb.eval_value("__scanned = 0;")
    sb.eval_value(js + f"; if (x.e.length() !== {n}) throw new Error('wrong size');")
    return sb.eval_value("__scanned")


def test_building_a_large_literal_scans_its_text_a_bounded_number_of_times():
    with Sandbox() as sb:
        sb.eval_value(COUNT_SCANS)
        small, large = scanned_for_literal(sb, 1000), scanned_for_literal(sb, 8000)
    text_large = len("".join(f'<e i="{i}">t{i}</e>' for i in range(8000)))
    assert large < 8 * text_large, "characters scanned per character of the literal must be bounded"
    assert large < 8 * 1.5 * small, "8x the elements must cost about 8x the scanning, not 64x"


@pytest.mark.parametrize("holes", [3, 2000])
def test_literals_with_many_holes_build_every_value(run_js, holes):
    items = "".join(f"<e v={{{i}}}>{{{i} * 2}}</e>" for i in range(holes))
    out = run_js(f"var x = <r>{items}</r>;\nprint(x.e.length(), x.e[{holes - 1}].@v, x.e[{holes - 1}]);\n")
    assert out.out.split() == [str(holes), str(holes - 1), str((holes - 1) * 2)]
