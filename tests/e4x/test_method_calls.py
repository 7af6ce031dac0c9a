"""`x.m(args)` for XML method names (`__e4x.call`) and `x.appendChild(<literal>)`
(`__e4x.appendLiteral`): same results as the property-then-call path, on XML and on anything
else (runtime/e4x/operators.py)."""
from __future__ import annotations


def lines(run_js, src: str) -> list[str]:
    out = run_js(src)
    assert out.code == 0, out.err
    return out.out.splitlines()


def test_appending_literals_builds_the_document_and_returns_the_receiver(run_js):
    src = ('var doc = <d/>;\n'
           'for (var i = 0; i < 3; i++) var r = doc.appendChild(<r n={i}>{i * 2}</r>);\n'
           'print(r === doc, doc.r.length(), doc.r[2].@n, doc.toXMLString().replace(/\\n */g, ""));\n'
           'doc.r[0].@n = "x";\n'
           'print(doc.r[0].@n, doc.r.(@n == "x").length());\n')
    assert lines(run_js, src) == ["true 3 2 <d><r n=\"0\">0</r><r n=\"1\">2</r><r n=\"2\">4</r></d>", "x 1"]


def test_appending_a_literal_to_a_one_item_list_appends_to_that_item(run_js):
    src = ('var doc = <d><g/></d>;\n'
           'var r = doc.g.appendChild(<x/>);\n'
           'print(r.toXMLString(), doc.g.x.length());\n')
    assert lines(run_js, src) == ["<g>", "  <x/>", "</g> 1"]


def test_appending_to_a_list_of_two_items_is_an_error(run_js):
    fails_at(run_js, 'var doc = <d><g/><g/></d>;\ndoc.g.appendChild(<x/>);\n', "script.js:2:",
             "TypeError: appendChild is not a function (XML methods apply to an XMLList of exactly one item)")


def test_appending_a_text_or_comment_literal_behaves_as_appendChild_does(run_js):
    # the literal form (appendLiteral) and a value held in a variable (appendChild) agree
    src = ('var d = <d/>, e = <d/>;\nd.appendChild(<!-- c -->);\nd.appendChild(<![CDATA[t]]>);\n'
           'var c = <!-- c -->, t = <![CDATA[t]]>;\ne.appendChild(c);\ne.appendChild(t);\n'
           'print(d.children().length(), d.toXMLString() == e.toXMLString());\n')
    assert lines(run_js, src) == ["2 true"]


def test_an_overridden_appendChild_is_still_called(run_js):
    src = ('var calls = 0, orig = XML.prototype.appendChild;\n'
           'XML.prototype.appendChild = function (c) { calls++; return orig.call(this, c); };\n'
           'var d = <d/>;\nd.appendChild(<a/>);\nprint(calls, d.a.length());\n')
    assert lines(run_js, src) == ["1 1"]


def test_objects_that_are_not_xml_get_their_own_methods(run_js):
    src = ('var log = [];\n'
           'var o = {appendChild: function (c) { log.push(typeof c, this === o); return 1; },\n'
           '         length: function () { return 7; }, text: function (a, b, c) { return a + b + c; }};\n'
           'print(o.appendChild(<a/>), log.join(" "), o.length(), o.text(1, 2, 3), (5).toString(2));\n')
    assert lines(run_js, src) == ["1 xml true 7 6 101"]


def fails_at(run_js, src: str, where: str, message: str) -> None:
    out = run_js(src)
    assert out.code == 1
    assert where in out.err and message in out.err, out.err


def test_calling_a_missing_method_or_a_method_of_null_is_an_error(run_js):
    fails_at(run_js, 'var a = <a/>;\nvar n = null;\nn.toString();\n', "script.js:3:",
             "TypeError: Cannot read properties of null (reading 'toString')")
    fails_at(run_js, 'var a = <a/>;\nvar o = {};\no.length();\n', "script.js:3:", "TypeError: length is not a function")


def test_attribute_reads_on_xml_lists_and_other_values(run_js):
    src = ('var x = <r a="1"><c a="2"/><c a="3"/></r>, o = {"@a": "plain"};\n'
           'var s = 0;\nfor each (var c in x.c) s += Number(c.@a);\n'
           'print(x.@a, x.c.@a.length(), x.c.@a[1], s, o.@a, x.@a.toString().length, typeof x.@zz);\n')
    assert lines(run_js, src) == ["1 2 3 5 plain 1 xml"]


def test_reading_an_attribute_of_null_is_an_error_at_the_users_line(run_js):
    fails_at(run_js, 'var x = <r/>;\nvar n = null;\nprint(n.@a);\n', "script.js:3:",
             "TypeError: Cannot read properties of null (reading '@a')")


def test_for_each_takes_the_items_when_the_loop_starts(run_js):
    src = ('var x = <r><i>1</i><i>2</i></r>, seen = [];\n'
           'for each (var i in x.i) { seen.push(String(i)); x.appendChild(<i>9</i>); }\n'
           'print(seen.join(), x.i.length());\n')
    assert lines(run_js, src) == ["1,2 4"]


def test_attribute_text_reads(run_js):
    src = ('var x = <r a="1" b="x &amp; y"><c a="2"/><c a="3"/></r>, o = {"@a": 5};\n'
           'print(x.@a.toString(), "[" + x.@zz.toString() + "]", x.@b.toString().length, x.c.@a.toString(),'
           ' x.c[1].@a.toString(), o.@a.toString());\n'
           'XMLList.prototype.toString = function () { return "custom"; };\n'
           'print(x.@a.toString());\n')
    assert lines(run_js, src) == ["1 [] 5 23 3 5", "custom"]


def test_attribute_text_of_undefined_is_an_error(run_js):
    fails_at(run_js, 'var x = <r/>, o = {};\nprint(o.@a.toString());\n', "script.js:2:",
             "TypeError: Cannot read properties of undefined (reading 'toString')")


def test_attribute_text_reads_compile_to_one_call():
    from runtime.e4x import transpile
    assert transpile("n = r.@label.toString().length;", "t.js") == 'n = __e4x.attrString(r, "@label").length;'
    assert transpile("n = r.@a.toString(2);", "t.js") == 'n = __e4x.call(__e4x.attr(r, "@a"), "toString", 2);'
