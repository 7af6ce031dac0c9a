"""The E4X object model (stdlib_js/2*_e4x_*.js), by ECMA-357 section.

Two kinds of tests:
* the frozen cases of object_model_cases.py: E4X scripts transpiled to the contract forms, with
  the output Rhino printed for them (re-check: python3 tests/e4x/rhino_object_model.py);
* direct tests in contract-form JavaScript (no transpiler): the `__e4x` entry points, errors,
  deep nesting, and property-based round trips. Expected values were checked against Rhino.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e4x_sandbox import PRELUDE, sb  # noqa: E402,F401 (sb: the module's sandbox fixture)
from object_model_cases import CASES  # noqa: E402


def run(sb, js: str) -> list[str]:
    """Run contract-form JS; the lines it printed."""
    sb.eval_value(PRELUDE)
    sb.eval_value(js)
    out = sb.eval_value("__out.join('\\n')")
    return out.split("\n") if out else []


def ev(sb, expr: str):
    sb.eval_value("XML.setSettings(); __e4x.setDefaultNamespace('');")
    return sb.eval_value(expr)


# --- frozen cases, checked against Rhino -------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[f"{c['section']}-{c['name']}" for c in CASES])
def test_rhino_case(sb, case):
    got = run(sb, case["js"])
    want = case["expected"].split("\n")
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"line {i + 1} of {case['name']}"
    assert len(got) == len(want)


# --- 11.1 literals: the contract's tagged templates ----------------------------------------------
def test_literal_holes_contract_forms(sb):
    out = run(sb, r'''
        var tag = "item", an = "code", av = 'x&y"z', v = "a<b";
        var x = __e4x.xml`<${tag} ${an}=${av} n="1">t${v}</${tag}>`;
        print(x.toXMLString());
        print(x["@code"], x["@n"], x.name(), x.toString());
        var l = __e4x.list`<a/>${x}<b>${1}</b>`;
        print(l.length(), l[1].name(), l[2].toString());
        var l2 = __e4x.list`<><c/><d/></>`;
        print(l2.length());
        print(__e4x.xml`<a>&lt;&#65;&#x42;&amp;</a>`.toString());
        print(__e4x.xml`<a b="{x}"/>`["@b"]);
    ''')
    assert out == [
        '<item code="x&amp;y&quot;z" n="1">ta&lt;b</item>',
        'x&y"z 1 item ta<b',
        '3 item 1',
        '2',
        '<AB&',
        '{x}',
    ]


def test_literal_static_part_is_parsed_once_per_call_site(sb):
    out = run(sb, r'''
        var E = globalThis[Symbol.for('xtkjs.e4x.internal')];
        var real = E.compile, calls = 0;
        E.compile = function (s) { calls++; return real(s); };
        function mk(i) { return __e4x.xml`<r id=${i}><v>${"x" + i}</v></r>`; }
        var s = "";
        for (var i = 0; i < 50; i++) s += mk(i)["@id"];
        var other = __e4x.xml`<r id=${1}><v>${"y"}</v></r>`;
        E.compile = real;
        print(calls, s.length, mk(7).v.toString(), other.v.toString());
    ''')
    assert out == ["2 90 x7 y"]


def test_literal_default_namespace_is_applied_at_evaluation(sb):
    out = run(sb, r'''
        function mk() { return __e4x.xml`<a><b/></a>`; }
        print(mk().name().uri === "");
        __e4x.setDefaultNamespace("urn:d");
        print(mk().name().uri, mk().toXMLString());
        __e4x.setDefaultNamespace("");
    ''')
    assert out == ["true", "urn:d <a xmlns=\"urn:d\">", "  <b/>", "</a>"]


def test_literal_hole_values_are_copied(sb):
    out = run(sb, r'''
        var inner = __e4x.xml`<i>in</i>`;
        var o = __e4x.xml`<o>${inner}</o>`;
        inner["@z"] = "1";
        print(o.toXMLString(), inner.toXMLString());
        print(__e4x.xml`<o>x${inner.text()}y</o>`.children().length());
    ''')
    assert out == ["<o>", "  <i>in</i>", '</o> <i z="1">in</i>', "1"]



def test_literal_holes_may_build_literals_or_throw_midway(sb):
    # A hole's toString runs while the outer literal is half built: it may build literals of its
    # own, and when it throws, the next literal starts clean.
    out = run(sb, r'''
        var nested = {toString: function () { return __e4x.xml`<n a=${"1"}><m>${2}</m></n>`.toXMLString(); }};
        var x = __e4x.xml`<o><p q=${nested}>${nested}</p><r>${3}</r></o>`;
        print(x.p["@q"].toString() === x.p.toString(), x.r.toString(), x.children().length());
        var bad = {toString: function () { throw new Error("no string"); }};
        try { __e4x.xml`<o><p>${1}</p><q>${bad}</q></o>`; } catch (e) { print(e.message); }
        print(__e4x.xml`<o><p>${1}</p><q>${2}</q></o>`.toXMLString());
    ''')
    assert out == ["true 3 2", "no string", "<o>", "  <p>1</p>", "  <q>2</q>", "</o>"]

# --- 11.2 property keys of the contract ----------------------------------------------------------
def test_property_keys(sb):
    out = run(sb, r'''
        var ns = new Namespace("p", "urn:p");
        var x = __e4x.xml`<a xmlns:p="urn:p" id="1" p:id="2"><b>1</b><p:b>2</p:b><c><b>3</b></c></a>`;
        print(x["@id"], x[__e4x.qkey("@", ns, "id")], x["@*"].length(), x["@urn:p::id"]);
        print(x.b.length(), x[__e4x.qkey("", ns, "b")].toString(), x["urn:p::b"].toString(), x["*::b"].length());
        print(x["..b"].length(), x[__e4x.qkey("..", ns, "b")].length(), x["..*"].length(), x["..@*"].length());
        print(x[__e4x.qkey("", ns, "*")].length(), x[__e4x.qkey("", "urn:p", "b")].length());
        print(x[__e4x.attrKey("id")], x[__e4x.attrKey(new QName(ns, "id"))], x[__e4x.attrKey("@id")]);
        print(x["*"].length(), x[0] === x, x.b[0].toString(), x.b["0"].toString(), x[new QName("b")].length());
        print("b" in x, "zz" in x, "0" in x, "1" in x, "0" in x.b, "1" in x.b);
        print(Object.keys(x).join(), Object.keys(x.c.b).join(), Object.keys(x["*"]).join());
    ''')
    assert out == [
        "1 2 2 2",
        "1 2 2 2",
        "2 1 7 2",
        "1 1",
        "1 2 1",
        "3 true 1 1 1",
        "true false true false true false",
        "0 0 0,1,2",
    ]


def test_filter_symbol(sb):
    out = run(sb, r'''
        var x = __e4x.xml`<r><i id="1" n="a"/><i id="2" n="b"/><i id="3" n="a"/></r>`;
        var f = x.i[__e4x.FILTER](function (__e4x_item) { with (__e4x_item) { return (__e4x.eq(__e4x_item["@n"], "a")); } });
        print(f.length(), f["@id"].toString());
        var g = x.i[__e4x.FILTER](function (it) { with (it) { return it["@id"] == 2; } });
        print(g.toXMLString());
        var p = __e4x.xml`<p><e><k>a</k><v>1</v></e><e><k>b</k><v>2</v></e></p>`;
        print(p.e[__e4x.FILTER](function (it) { with (it) { return __e4x.eq(k, "b"); } }).v.toString());
        var Math2 = 0, k2 = "outer";
        print(p.e[__e4x.FILTER](function (it) { with (it) { return __e4x.eq(k2, "outer") && Math.max(1, 2) === 2; } }).length());
        print(x[__e4x.FILTER](function (it) { return true; }).length());
    ''')
    assert out == ["2 13", '<i id="2" n="b"/>', "2", "2", "1"]


# --- 11.5 / 11.6 / 11.4 the operators are plain JS for plain values ------------------------------
PLAIN = ["0", "1", "-0", "NaN", "''", "'1'", "'a'", "null", "undefined", "true", "false", "[]", "[1]",
         "({})", "'0'", "1n", "Symbol.iterator", "function(){}", "new String('a')", "new Date(0)"]


@pytest.mark.parametrize("a", PLAIN)
def test_eq_and_add_are_plain_js_for_plain_values(sb, a):
    checks = []
    for b in PLAIN:
        checks.append(f"[__e4x.eq({a}, {b}) === ({a} == {b})]")
        if "Symbol" not in a + b and not ("1n" in (a, b) and a != b):
            checks.append(f"[Object.is(__e4x.add({a}, {b}), {a} + {b}) || "
                          f"(typeof ({a} + {b}) === 'number' && isNaN({a} + {b}))]")
    js = "JSON.stringify([" + ",".join(f"(function(){{try{{return {c}[0]}}catch(e){{return 'E'}}}})()" for c in checks) + "])"
    res = json.loads(ev(sb, js))
    assert all(r is True for r in res), res


def test_typeof(sb):
    out = run(sb, r'''
        var x = __e4x.xml`<a><b/></a>`;
        print(__e4x.typeOf(x), __e4x.typeOf(x.b), __e4x.typeOf(x.b.length), __e4x.typeOf(x["@c"]));
        print(__e4x.typeOf(1), __e4x.typeOf("s"), __e4x.typeOf(null), __e4x.typeOf(undefined),
              __e4x.typeOf({}), __e4x.typeOf(function () {}), __e4x.typeOf(1n), __e4x.typeOf(Symbol()));
        print(typeof x, typeof x.toXMLString, __e4x.isXML(x), __e4x.isXML(x.b), __e4x.isXML({}), __e4x.isXML(null));
    ''')
    assert out == ["xml xml xml xml", "number string object undefined object function bigint symbol",
                   "object function true true false false"]


def test_add_and_add_to(sb):
    out = run(sb, r'''
        var x = __e4x.xml`<x a="1"><y>1</y></x>`;
        var l = __e4x.add(x.y, __e4x.xml`<y>2</y>`);
        print(l.length(), __e4x.add(x["@a"], "s"), __e4x.add(x["@a"], 1), __e4x.add(1, 2), __e4x.add("a", x.y));
        print(__e4x.addTo(x, "@a", "2"), x["@a"], __e4x.addTo(x, "y", __e4x.xml`<y>3</y>`).length());
        print(x.y.length(), x.toXMLString().split("\n").length);
        var o = {n: 1}; print(__e4x.addTo(o, "n", 2), o.n);
        print(x["@a"] * 2, +x["@a"], x["@a"] > 100, `${x["@a"]}`, String(x.y[0]), JSON.stringify(x.y[0]));
    ''')
    assert out == ["2 1s 11 3 a1", "12 12 2", "2 4", "3 3", '24 12 false 12 1 "1"']


def test_each(sb):
    out = run(sb, r'''
        var x = __e4x.xml`<r><i>1</i><i>2</i></r>`;
        var s = []; for (var v of __e4x.each(x.i)) s.push(__e4x.typeOf(v) + v); print(s.join());
        s = []; for (var v of __e4x.each(x)) s.push(v.name()); print(s.join());
        s = []; for (var v of __e4x.each([3, 4])) s.push(v); print(s.join());
        s = []; for (var v of __e4x.each({a: 5, b: 6})) s.push(v); print(s.join());
        print(__e4x.each(null).length, __e4x.each(undefined).length, __e4x.each(new XMLList()).length);
        s = []; for (var v of x.i) s.push(String(v)); print(s.join());
    ''')
    assert out == ["xml1,xml2", "r", "3,4", "5,6", "0 0 0", "1,2"]


def test_to_xml_string_entry_point(sb):
    assert ev(sb, "__e4x.toXMLString(__e4x.xml`<a><b>1</b></a>`)") == "<a>\n  <b>1</b>\n</a>"
    assert ev(sb, "__e4x.toXMLString(new XMLList('<a/><b/>'))") == "<a/>\n<b/>"
    assert ev(sb, "try { __e4x.toXMLString('x') } catch (e) { e.name }") == "TypeError"


def test_globals_are_not_enumerable(sb):
    assert ev(sb, "Object.keys(globalThis).filter(function (k) { return /e4x|XML|QName|Namespace/.test(k) }).length") == 0
    assert ev(sb, "typeof __e4x.FILTER") == "symbol"
    assert ev(sb, "Object.isFrozen(__e4x)") is True
    assert ev(sb, "[XML, XMLList, QName, Namespace, isXMLName].every(function (f) { return typeof f === 'function' })")


def test_instanceof_and_prototypes(sb):
    out = run(sb, r'''
        var x = __e4x.xml`<a><b/></a>`;
        print(x instanceof XML, x.b instanceof XMLList, x instanceof XMLList, Object.getPrototypeOf(x) === XML.prototype);
        print(Object.prototype.toString.call(x), Array.isArray(x.b), x.constructor === undefined);
        print(Object.keys(XML.prototype).length, Object.keys(XMLList.prototype).length);
        var m = ["addNamespace","appendChild","attribute","attributes","child","childIndex","children","comments","contains","copy","descendants","elements","hasComplexContent","hasOwnProperty","hasSimpleContent","inScopeNamespaces","insertChildAfter","insertChildBefore","length","localName","name","namespace","namespaceDeclarations","nodeKind","normalize","parent","processingInstructions","prependChild","propertyIsEnumerable","removeNamespace","replace","setChildren","setLocalName","setName","setNamespace","text","toString","toXMLString","valueOf"];
        print(m.filter(function (k) { return typeof XML.prototype[k] !== "function"; }).join() || "all XML methods");
        var lm = ["attribute","attributes","child","children","comments","contains","copy","descendants","elements","hasComplexContent","hasOwnProperty","hasSimpleContent","length","normalize","parent","processingInstructions","propertyIsEnumerable","text","toString","toXMLString","valueOf"];
        print(lm.filter(function (k) { return typeof XMLList.prototype[k] !== "function"; }).join() || "all XMLList methods");
    ''')
    assert out == ["true true false true", "[object Object] false false", "0 0", "all XML methods", "all XMLList methods"]


def test_list_of_one_delegates_xml_methods(sb):
    out = run(sb, r'''
        var x = __e4x.xml`<a><b><c/></b><d/><d/></a>`;
        x.b.appendChild(__e4x.xml`<e/>`);
        print(x.b.children().length(), x.b.name(), x.b.nodeKind(), x.b.childIndex());
        try { x.d.appendChild(__e4x.xml`<e/>`); print("no error"); } catch (e) { print(e.name); }
        try { x.d.name(); print("no error"); } catch (e) { print(e.name); }
    ''')
    assert out == ["2 b element 0", "TypeError", "TypeError"]


# --- errors ---------------------------------------------------------------------------------------
BAD = [
    ("<a>", "TypeError", "XML: unclosed element <a>"),
    ("<a><b></a>", "TypeError", "XML: end tag </a> does not match the start tag <b> (line 1, column 7)"),
    ("<a></b>", "TypeError", "XML: end tag </b> does not match the start tag <a> (line 1, column 4)"),
    ("<a>&foo;</a>", "TypeError", "XML: undeclared entity &foo; (line 1, column 4)"),
    ("<a>&#0;</a>", "TypeError", "XML: invalid character reference &#0; (line 1, column 4)"),
    ("<a>& b</a>", "TypeError", 'XML: "&" must start a character or entity reference ending with ";" (line 1, column 4)'),
    ("<a/><b/>", "SyntaxError", "XML objects may contain at most one node."),
    ("<p:a/>", "TypeError", 'XML: the prefix "p" of element <p:a> is not bound (line 1, column 1)'),
    ("<a p:b='1'/>", "TypeError", 'XML: the prefix "p" of attribute "p:b" in <a> is not bound (line 1, column 1)'),
    ("<a b='1' b='2'/>", "TypeError", 'XML: attribute "b" appears twice in <a> (line 1, column 1)'),
    ("<a b=1/>", "TypeError", "XML: the value of attribute b in <a> must be quoted (line 1, column 6)"),
    ("<a b='<'/>", "TypeError", 'XML: "<" is not allowed in an attribute value (line 1, column 6)'),
    ("<a><!-- x</a>", "TypeError", "XML: unterminated comment (line 1, column 4)"),
    ("<a><![CDATA[x</a>", "TypeError", "XML: unterminated CDATA section (line 1, column 4)"),
    ("<a><?p x</a>", "TypeError", "XML: unterminated processing instruction (line 1, column 4)"),
    ("<a>\n</b>", "TypeError", "XML: end tag </b> does not match the start tag <a> (line 2, column 1)"),
    ("<1a/>", "TypeError", "XML: invalid element name <1a> (line 1, column 1)"),
    ("<a></a></a>", "TypeError", "XML: unexpected end tag </a> (line 1, column 8)"),
    ("<a b/>", "TypeError", "XML: attribute b in <a> has no value (line 1, column 5)"),
    ("<a><!-- x -- y --></a>", "TypeError", 'XML: "--" is not allowed in a comment (line 1, column 4)'),
]


@pytest.mark.parametrize("src,name,message", BAD, ids=[b[0] for b in BAD])
def test_malformed_xml_throws_a_catchable_error(sb, src, name, message):
    got = ev(sb, f"try {{ new XML({json.dumps(src)}); 'no error' }} catch (e) {{ e.name + ': ' + e.message }}")
    assert got == f"{name}: {message}"


def test_malformed_xmllist_and_literal_hole_names(sb):
    assert ev(sb, "try { new XMLList('<a>'); 1 } catch (e) { e.message }") == "XML: unclosed element <a>"
    assert ev(sb, "try { __e4x.xml`<${'1x'}/>`; 1 } catch (e) { e.name + ': ' + e.message }") == \
        'TypeError: XML: invalid element name "1x" in an XML literal'
    assert ev(sb, "try { __e4x.xml`<a ${'b c'}=${1}/>`; 1 } catch (e) { e.name }") == "TypeError"
    assert ev(sb, "try { __e4x.xml`<a/>${1}<b/>`; 1 } catch (e) { e.message }") == "XML objects may contain at most one node."


def test_errors_of_the_semantics_layer(sb):
    out = run(sb, r'''
        function t(f) { try { f(); return "no error"; } catch (e) { return e.name + ": " + e.message; } }
        var x = __e4x.xml`<r><i>1</i><i>2</i></r>`;
        print(t(function () { x[0] = 1; }));
        print(t(function () { x.i.k = 1; }));
        print(t(function () { x.i.appendChild(1); }));
        print(t(function () { XML.prototype.name.call({}); }));
        print(t(function () { new Namespace("p", ""); }));
        print(t(function () { x.setLocalName("1x"); }));
    ''')
    assert out == [
        "TypeError: Assignment to indexed XML is not allowed",
        "TypeError: Assignment to lists with more than one item is not supported",
        "TypeError: appendChild is not a function (XML methods apply to an XMLList of exactly one item)",
        "TypeError: XML.prototype.name called on incompatible Object",
        "TypeError: Namespace: a prefix with an empty URI: p",
        'TypeError: setLocalName: invalid XML name "1x"',
    ]


def test_entities_and_xml_declaration(sb):
    out = run(sb, r'''
        var x = new XML('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE a>\n<a b="&#10;x&#9;&quot;">&lt;&#x1F600;&gt;</a>');
        print(JSON.stringify(x["@b"].toString()), x.toString().length, x.toXMLString());
        var y = new XML('<a b="x\ny\tz">l1\r\nl2\rl3</a>');
        print(JSON.stringify(y["@b"].toString()), JSON.stringify(y.toString()));
    ''')
    assert out == ['"\\nx\\t\\"" 4 <a b="&#xA;x&#x9;&quot;">&lt;\U0001F600&gt;</a>',
                   '"x y z" "l1\\nl2\\nl3"']


# --- deep nesting: nothing recursive ---------------------------------------------------------------
def test_ten_thousand_levels(sb):
    out = run(sb, r'''
        var N = 10000, s = "";
        for (var i = 0; i < N; i++) s += "<e" + (i % 7) + ' d="' + i + '">';
        s += "leaf";
        for (var i = N - 1; i >= 0; i--) s += "</e" + (i % 7) + ">";
        var x = new XML(s);
        var back = x.toXMLString();
        print(back.length > s.length, back.split("\n").length);
        XML.prettyPrinting = false;
        print(x.toXMLString() === s);
        XML.prettyPrinting = true;
        var y = new XML(back);
        print(__e4x.eq(y, x), __e4x.eq(x.copy(), x));
        print(x["..@d"].length(), x["..*"].length(), x["..e3"].length(), x.descendants().length());
        var deepest = x["..*"][N - 2];
        print(deepest.toString(), deepest["@d"], deepest.parent()["@d"]);
        x.normalize();
        var big = __e4x.xml`<wrap>${x}</wrap>`;
        print(big["*"][0]["@d"], __e4x.eq(big["*"][0], x));
        var l = __e4x.list`<a>${x}</a>`;
        print(l.length());
        var s2 = ""; for (var i = 0; i < N; i++) s2 += "<e>"; for (var i = 0; i < N; i++) s2 += "</e>";
        print(new XML(s2)["..e"].length());
        var bad = s.slice(0, s.length - 5);
        try { new XML(bad); print("no error"); } catch (e) { print(e.name, e.message.slice(0, 20)); }
    ''')
    assert out == [
        "true 19999",
        "true",
        "true true",
        "10000 10000 1429 10000",
        "leaf 9999 9998",
        "0 true",
        "1",
        "9999",
        "TypeError XML: unclosed elemen",
    ]


# --- round trips (hypothesis) ---------------------------------------------------------------------
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

NAMES = st.sampled_from(["a", "b", "item", "x-y", "n.m", "_u", "é", "p:q"])
TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'\t\n\r]é😀x=;#")), max_size=12)


@st.composite
def trees(draw, depth=0):
    name = draw(NAMES)
    attrs = draw(st.dictionaries(st.sampled_from(["a", "b", "id", "z", "p:r"]), TEXT, max_size=3))
    kids = []
    if depth < 4:
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["el", "el", "text", "comment", "cdata"]))
            if kind == "el":
                kids.append(draw(trees(depth + 1)))
            elif kind == "text":
                kids.append(("text", draw(TEXT)))
            elif kind == "comment":
                kids.append(("comment", draw(st.text(alphabet="ab c<>&", max_size=8)).replace("--", "")))
            else:
                kids.append(("cdata", draw(st.text(alphabet="ab <&]>", max_size=8)).replace("]]>", "")))
    return ("el", name, attrs, kids)


def to_js_builder(tree) -> str:
    """JS source that builds the tree with the object model's API (no parsing involved)."""
    lines = []
    counter = [0]

    def build(t, var):
        _, name, attrs, kids = t
        lines.append(f"var {var} = new XML({json.dumps('<' + name.replace('p:', '') + '/>')});")
        if name.startswith("p:"):
            lines.append(f"{var}.setNamespace(new Namespace('p', 'urn:p'));")
        for k, v in attrs.items():
            if k.startswith("p:"):
                lines.append(f"{var}[__e4x.attrKey(new QName(new Namespace('p', 'urn:p'), 'r'))] = {json.dumps(v)};")
            else:
                lines.append(f"{var}[{json.dumps('@' + k)}] = {json.dumps(v)};")
        for kid in kids:
            if kid[0] == "el":
                counter[0] += 1
                cv = f"n{counter[0]}"
                build(kid, cv)
                lines.append(f"{var}.appendChild({cv});")
            elif kid[0] == "text":
                lines.append(f"{var}.appendChild({json.dumps(kid[1])});")
            elif kid[0] == "comment":
                lines.append(f"{var}.appendChild(new XML({json.dumps('<!--' + kid[1] + '-->')}));")
            else:
                lines.append(f"{var}.appendChild(new XML({json.dumps('<x><![CDATA[' + kid[1] + ']]></x>')}).children());")

    build(tree, "root")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), st.booleans(), st.booleans())
def test_parse_of_serialize_round_trips(sb, tree, pretty, iw):
    js = to_js_builder(tree)
    res = ev(sb, f"""(function () {{
        XML.ignoreWhitespace = {str(iw).lower()}; XML.ignoreComments = false; XML.ignoreProcessingInstructions = false;
        {js}
        XML.prettyPrinting = {str(pretty).lower()};
        // What a parse keeps of the tree: normalised (adjacent text merged) and, with
        // ignoreWhitespace, trimmed text.
        root.normalize();
        var s1 = root.toXMLString();
        var again = new XML(s1);
        var s2 = again.toXMLString();
        var third = new XML(s2).toXMLString();
        var res = [s1, s2, third, again.copy().toXMLString(), String(__e4x.eq(new XML(s2), again))];
        XML.setSettings();
        return JSON.stringify(res);
    }})()""")
    s1, s2, s3, s4, same = json.loads(res)
    # One parse reaches the fixed point: printing what was parsed gives the same text again
    # (not with pretty printing and ignoreWhitespace off: the indentation becomes text).
    if iw or not pretty:
        assert s2 == s3
        assert same == "true"
    assert s4 == s2
    if not pretty and not iw:
        # a CR in text is printed as it is (SpiderMonkey) and read back as a line feed
        assert s1.replace("\r\n", "\n").replace("\r", "\n") == s2


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_text_and_attribute_values_survive_escaping(sb, text):
    res = ev(sb, f"""(function () {{
        var v = {json.dumps(text)};
        var x = __e4x.xml`<a b=${{v}}>${{v}}</a>`;
        XML.ignoreWhitespace = false; XML.prettyPrinting = false;
        var y = new XML(x.toXMLString());
        var r = [y["@b"].toString(), x["@b"].toString(), new XML(__e4x.xml`<a>${{v}}</a>`.toXMLString()).toString()];
        XML.setSettings();
        return JSON.stringify(r);
    }})()""")
    b_reparsed, b, t = json.loads(res)
    assert b == text and b_reparsed == text
    # text: a CR is printed as it is (SpiderMonkey) and read back as a line feed
    assert t == text.replace("\r\n", "\n").replace("\r", "\n")
