"""Fixes made for the Mozilla E4X conformance suite (bench/e4x_conformance.py), each checked here
in our own words; docs/e4x-contract.md records where SpiderMonkey and Rhino answer otherwise."""
from __future__ import annotations

import xml.parsers.expat

from e4x_sandbox import PRELUDE, sb  # noqa: F401 (sb: the module's sandbox fixture)

from runtime.e4x import transpile


def run(sb, src: str) -> list[str]:
    """Run E4X source; the lines it printed."""
    sb.eval_value(PRELUDE)
    sb.eval_value(transpile(src, "case.js"))
    out = sb.eval_value("__out.join('\\n')")
    return out.split("\n") if out else []


# -- XML names: XML 1.0 Appendix B, as SpiderMonkey (and expat) have them ----------------------
def expat_accepts(name: str) -> bool:
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(f"<{name}/>".encode("utf-8", "surrogatepass"), True)
    except xml.parsers.expat.ExpatError:
        return False
    return True


def test_is_xml_name_follows_appendix_b_for_every_bmp_code_unit(sb):
    # '1' where isXMLName accepts the code unit first (c + "x") / inside a name ("x" + c + "x")
    flags = sb.eval_value(r'''(function () {
        var first = [], inside = [];
        for (var c = 0; c < 0x10000; c++) {
            var ch = String.fromCharCode(c);
            first.push(isXMLName(ch + "x") ? 1 : 0);
            inside.push(isXMLName("x" + ch + "x") ? 1 : 0);
        }
        return first.join("") + "/" + inside.join("");
    })()''')
    first, inside = flags.split("/")
    wrong = []
    for c in range(0x10000):
        ch = chr(c)
        # ':' makes a qualified name, not an NCName; expat has no view on lone surrogates
        want_first = ch != ":" and not 0xD800 <= c <= 0xDFFF and expat_accepts(ch + "x")
        want_inside = ch != ":" and not 0xD800 <= c <= 0xDFFF and expat_accepts("x" + ch + "x")
        if (first[c] == "1") != want_first or (inside[c] == "1") != want_inside:
            wrong.append(hex(c))
    assert wrong == []


def test_names_outside_appendix_b_are_refused_by_the_parser_too(sb):
    # U+0132 (IJ ligature) and U+2070 are name characters in XML 1.0 fifth edition only
    assert run(sb, r'''
        function t(f) { try { return String(f()); } catch (e) { return e.name; } }
        print(isXMLName("\u0132"), isXMLName("a\u2070"), isXMLName("\u00C0\u0300"), isXMLName("a\u00B7b"));
        print(t(function () { return new XML("<\u0132/>").name(); }));
        print(t(function () { return new XML("<\u00C0\u0300 a\u00B7b='1'/>").@*.length(); }));
        print(t(function () { return <a/>.setLocalName("\u2070"); }));
    ''') == ["false false true true", "TypeError", "1", "TypeError"]


# -- the conformance runner's verdict ----------------------------------------------------------
def load_runner():
    import importlib.util
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[2] / "bench"
    sys.path.insert(0, str(bench))  # the runner imports its sibling _common
    try:
        spec = importlib.util.spec_from_file_location("e4x_conformance", bench / "e4x_conformance.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(bench))
    return module


def test_runner_counts_only_result_lines_the_harness_prints():
    verdict = load_runner().verdict
    # a test that prints the harness's own source (uneval(this)) shows the words mid-line
    printed_source = '({PASSED:" PASSED! ", FAILED:" FAILED! "})'
    assert verdict(printed_source + "\n PASSED! Section 1 of test\n", None).passed
    assert not verdict(printed_source + "\n", None).passed
    failed = verdict(" PASSED! Section 1\n FAILED! Section 2 expected: 1\n", None)
    assert (failed.passed, failed.reason) == (False, "FAILED! Section 2 expected: 1")
    assert verdict(" PASSED! Section 1\n", "ReferenceError: x is not defined").reason.startswith("Reference")


def test_runner_accepts_an_exit_the_test_declared_as_mozillas_harness_does():
    runner = load_runner()
    verdict, oom = runner.verdict, runner.EXIT_OUT_OF_MEMORY
    declared = "--- NOTE: IN THIS TESTCASE, WE EXPECT EXIT CODE 0 ---\n" \
               "--- NOTE: IN THIS TESTCASE, WE EXPECT EXIT CODE 5 ---\n"
    assert verdict(declared, "script stopped: memory limit", oom).passed
    assert not verdict(declared, "TypeError: x", runner.EXIT_RUNTIME_ERROR).passed
    assert not verdict(declared + " FAILED! Section 1\n", "script stopped: memory limit", oom).passed
    assert not verdict("", "script stopped: memory limit", oom).passed


# -- own methods: `x.function::name = f` ---------------------------------------------------------
def test_an_own_method_serves_that_object_calls_and_string_conversions(sb):
    assert run(sb, r'''
        var note = <note><to>Ann</to></note>, other = <note/>;
        note.function::toString = function () { return "note for " + this.to; };
        print(note + "", String(note), note.toString(), `${note}`, note.toXMLString().indexOf("<to>Ann</to>") > 0);
        print(other + "|", note.function::toString === other.function::toString, (note.copy() + "").charAt(0));
        note.function::valueOf = function () { return 41; };
        print(note + 1, String(note));
    ''') == ["note for Ann note for Ann note for Ann note for Ann true", "| false <", "42 note for Ann"]


def test_an_own_method_with_a_name_xml_does_not_know_is_called_but_read_as_children(sb):
    assert run(sb, r'''
        var order = <order><total>12</total></order>;
        order.function::total = function (rate) { return this.total * (1 + rate); };
        print(order.total(0.5), order.total.toXMLString(), order.function::total === order.function::total);
        var items = <><i>1</i><i>2</i></>;
        items.function::sum = function () { var s = 0; for each (var i in this) s += +i; return s; };
        print(items.sum(), items.sum.length());
    ''') == ["18 <total>12</total> true", "3 0"]


def test_bare_function_name_assigned_inside_with_sets_the_own_method_else_the_variable(sb):
    assert run(sb, r'''
        var list = <><a/><b/></>, label = "outer";
        with (list) { function::toString = function::label = function () { return "two items"; }; }
        print(String(list), list.label(), list.function::toString === list.function::label, label);
        function::label = "variable";
        print(label);
        var plain = {};
        plain.function::label = 5;
        print(plain.label);
    ''') == ["two items two items true outer", "variable", "5"]


def test_delete_through_function_namespace_removes_the_own_method_only(sb):
    assert run(sb, r'''
        var doc = <doc><title>T</title></doc>;
        doc.function::title = function () { return "own"; };
        print(doc.title(), delete doc.function::title, doc.title.toXMLString());
        try { doc.title(); } catch (e) { print(e.name); }
        doc.function::toString = function () { return "mine"; };
        delete doc.function::toString;
        print(doc.toString() === doc.toXMLString(), delete doc.function::never);
        var plain = {p: 1};
        print(delete plain.function::p, "p" in plain);
    ''') == ["own true <title>T</title>", "TypeError", "true true", "true false"]


def test_an_own_value_that_is_no_function_is_a_type_error_when_called(sb):
    assert run(sb, r'''
        var x = <x/>;
        x.function::name = "not callable";
        try { x.name(); } catch (e) { print(e.name, e.message); }
        print(x.function::name);
    ''') == ["TypeError name is not a function", "not callable"]


def test_xmllist_prototype_function_namespace_reads_the_shared_xml_method(sb):
    assert run(sb, r'''
        var one = <><a/></>;
        print(XMLList.prototype.function::setName === XML.prototype.function::setName);
        print(XMLList.prototype.function::length === XMLList.prototype.length);
        XMLList.prototype.function::setName.call(one, "b");
        print(one.toXMLString());
    ''') == ["true", "true", "<b/>"]
