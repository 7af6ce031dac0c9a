"""DOMDocument, DOMElement and JXON as Campaign scripts use them (stdlib_js/30_dom.js, 31_dom_jxon.js)."""
import json

import pytest

from tests.campaign.campaign_helpers import error, out


# --- building and printing ------------------------------------------------------------------
def test_the_campaign_example_builds_a_recipient_document(run_js):
    lines = out(run_js, """var doc = new DOMDocument("recipient")
var root = doc.root
root.setAttribute("id", 12345)
var firstName = doc.createElement("firstName")
firstName.textContent = "John"
root.appendChild(firstName)
logInfo(doc.root.toXMLString())
logInfo(doc.root.toXMLString(true))
""")
    assert lines == ['<recipient id="12345"><firstName>John</firstName></recipient>',
                     '<recipient id="12345">', '  <firstName>John</firstName>', '</recipient>']


def test_a_document_prints_with_the_xml_declaration_and_an_element_without(run_js):
    lines = out(run_js, """var doc = DOMDocument.fromXMLString('<a><b/></a>')
logInfo(doc.toXMLString())
logInfo(doc.root.toXMLString(), String(doc.root.firstChild))
var again = DOMDocument.fromXMLString(doc.toXMLString())
logInfo(again.root.childNodes.length, new XML(doc.toXMLString()).b.length())
""")
    assert lines == ['<?xml version="1.0" encoding="UTF-8"?>', "<a><b/></a>", "<a><b/></a> <b/>", "1 1"]


def test_dollar_properties_read_and_write_attributes_with_campaign_conversions(run_js):
    lines = out(run_js, """var r = new DOMDocument("recipient").root
r.$firstName = "John"
r.$age = 35
r.$ratio = 0.5
r.$blocklist = false
r.$lastModified = new Date(Date.UTC(2024, 0, 15, 9, 5, 7, 42))
r.$nothing = null
logInfo(r.toXMLString())
logInfo(r.$age, typeof r.$age, "[" + r.$missing + "]", r.hasAttribute("missing"))
r.setAttribute("active", true)
logInfo(r.getAttribute("active"), "[" + r.getAttribute("missing") + "]")
r.removeAttribute("age")
logInfo(r.attributes.map(function (a) { return a.name + "=" + a.value }).join(" "))
""")
    assert lines == [
        '<recipient firstName="John" age="35" ratio="0.5" blocklist="false" '
        'lastModified="2024-01-15 09:05:07.042Z" nothing=""/>',
        "35 string [] false",
        "true []",
        "firstName=John ratio=0.5 blocklist=false lastModified=2024-01-15 09:05:07.042Z nothing= active=true",
    ]


def test_e4x_attribute_syntax_also_reads_and_writes_dom_attributes(run_js):
    lines = out(run_js, """var r = DOMDocument.fromXMLString('<row id="7"/>').root
r.@status = 1
logInfo(r.@id, r.$status, "[" + r.@missing + "]", r.toXMLString())
""")
    assert lines == ['7 1 [] <row id="7" status="1"/>']


def test_deep_documents_do_not_overflow_the_stack(run_js):
    lines = out(run_js, """var s = ""; for (var i = 0; i < 5000; i++) s += "<a>"; s += "x"; for (var i = 0; i < 5000; i++) s += "</a>";
var d = DOMDocument.fromXMLString(s)
var again = DOMDocument.fromJXON(d.toJXON())
logInfo(d.root.textContent, again.root.toXMLString() === d.root.toXMLString(), d.root.getElementsByTagName("a").length)
logInfo(new XML(d.root)..a.length(), d.root.cloneNode(true).getElementsByTagName("*").length)
""")
    assert lines == ["x true 4999", "4999 4999"]


def test_an_invalid_date_cannot_be_stored(run_js):
    assert error(run_js, 'var r = new DOMDocument("a").root\nr.$when = new Date("no")\n') == \
        "script.js:2:9: RangeError: invalid Date: an attribute cannot hold it"


def test_navigation_members_answer_like_the_w3c_dom_with_arrays(run_js):
    lines = out(run_js, """var doc = DOMDocument.fromXMLString('<a x="1"><b>one</b><!--note--><c/><b>two</b></a>')
var a = doc.root
logInfo(a.nodeType, a.nodeName, a.tagName, a.childNodes.length, Array.isArray(a.childNodes))
logInfo(a.firstChild.nodeName, a.firstChild.firstChild.nodeType, a.firstChild.firstChild.nodeValue)
logInfo(a.firstChild.nextSibling.nodeType, a.firstChild.nextSibling.data, a.lastChild.textContent)
logInfo(a.lastChild.previousSibling.nodeName, a.lastChild.parentNode === a, a.ownerDocument === doc)
logInfo(a.firstElement.nextElement.tagName, a.lastElement.previousElement.tagName, a.parentNode)
logInfo(doc.nodeType, doc.documentElement === a, doc.childNodes[0] === a, "[" + a.nodeValue + "]")
logInfo(a.attributes[0].nodeType, a.attributes[0].ownerElement === a, a.hasChildNodes(), a.childElementCount)
""")
    assert lines == ["1 a a 4 true", "b 3 one", "8 note two", "c true true", "c c null",
                     "9 true true []", "2 true true 3"]


def test_a_generic_node_walker_treats_the_document_as_a_node(run_js):
    lines = out(run_js, """function walk(node, depth) {
  var line = new Array(depth + 1).join("  ") + node.nodeType + " " + node.nodeName;
  if (node.nodeType == 1 && node.attributes.length > 0)
    line += " [" + node.attributes.map(function (a) { return a.nodeName + "=" + a.nodeValue }).join(" ") + "]";
  if (node.nodeType == 3) line += " '" + node.nodeValue + "'";
  logInfo(line);
  if (node.hasChildNodes()) for (var i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i], depth + 1);
}
walk(DOMDocument.fromXMLString('<r a="1"><c>t</c><d/></r>'), 0)
""")
    assert lines == ["9 #document", "  1 r [a=1]", "    1 c", "      3 #text 't'", "    1 d"]


def test_getelements_reads_children_and_getelementsbytagname_descendants(run_js):
    lines = out(run_js, """var a = DOMDocument.fromXMLString('<a><b id="1"><b id="2"/></b><c/><b id="3"/></a>').root
logInfo(a.getElements("b").map(function (e) { return e.$id }).join())
logInfo(a.getElements().length, a.getElements("*").length, a.getElements("zz").length)
logInfo(a.getElementsByTagName("b").map(function (e) { return e.$id }).join())
logInfo(a.getFirstElement("b").$id, a.getFirstElement().tagName, a.getFirstElement("zz"))
logInfo(a.hasElement("c"), a.hasElement("d"), a.getLastElement("b").$id)
""")
    assert lines == ["1,3", "3 3 0", "1,2,3", "1 b null", "true false 3"]


def test_getvalue_and_setvalue_follow_simple_paths(run_js):
    lines = out(run_js, """var doc = DOMDocument.fromXMLString('<delivery><mailParameters subject="Hi"><senderName>Ann</senderName></mailParameters></delivery>')
var r = doc.root
logInfo(r.getValue("mailParameters/@subject"), r.getValue("mailParameters/senderName"), r.getValue("/delivery/mailParameters/@subject"))
logInfo("[" + r.getValue("nothing/here") + "]", "[" + r.getValue("@none") + "]")
r.setValue("scheduling/@validityDate", new Date(Date.UTC(2025, 5, 1)))
r.setValue("mailParameters/senderName", "Bob")
logInfo(doc.root.toXMLString())
""")
    assert lines == ["Hi Ann Hi", "[] []",
                     '<delivery><mailParameters subject="Hi"><senderName>Bob</senderName></mailParameters>'
                     '<scheduling validityDate="2025-06-01 00:00:00.000Z"/></delivery>']


def test_tree_edits_move_nodes_and_keep_the_document(run_js):
    lines = out(run_js, """var doc = new DOMDocument("list")
var r = doc.root
var a = r.appendChild(doc.createElement("a")), b = r.appendChild(doc.createElement("b"))
r.insertBefore(doc.createComment("first"), a)
r.appendChild(a)
logInfo(doc.root.toXMLString())
var old = r.removeChild(b)
logInfo(doc.root.toXMLString(), old.parentNode, old.ownerDocument === doc)
r.replaceChild(old, a)
logInfo(doc.root.toXMLString())
var copy = r.cloneNode(true); copy.$copied = 1
logInfo(copy.toXMLString(), r.toXMLString())
r.textContent = "just text"
logInfo(doc.root.toXMLString(), r.childNodes.length)
""")
    assert lines == ["<list><!--first--><b/><a/></list>", "<list><!--first--><a/></list> null true",
                     "<list><!--first--><b/></list>", '<list copied="1"><!--first--><b/></list> <list><!--first--><b/></list>',
                     "<list>just text</list> 1"]


def test_text_cdata_and_special_characters_are_escaped_when_printed(run_js):
    lines = out(run_js, """var doc = new DOMDocument("m")
doc.root.$expr = 'a < b & "c"'
doc.root.appendChild(doc.createTextNode("x < y & z"))
doc.root.appendChild(doc.createCDATASection("<raw>"))
logInfo(doc.root.toXMLString())
var back = DOMDocument.fromXMLString(doc.root.toXMLString())
logInfo(back.root.$expr, back.root.textContent, back.root.childNodes[1].nodeType)
""")
    assert lines == ['<m expr="a &lt; b &amp; &quot;c&quot;">x &lt; y &amp; z<![CDATA[<raw>]]></m>',
                     'a < b & "c" x < y & z<raw> 4']


def test_parsing_keeps_text_but_drops_indentation_between_elements(run_js):
    lines = out(run_js, """var r = DOMDocument.fromXMLString('<?xml version="1.0"?>\\n<a>\\n  <b> padded </b>\\n  <c>x</c>\\n</a>\\n').root
logInfo(r.childNodes.length, "[" + r.firstChild.textContent + "]", JSON.stringify(r.textContent))
""")
    assert lines == ['2 [ padded ] " padded x"']


# --- JXON --------------------------------------------------------------------------------------
def test_fromjxon_builds_attributes_children_arrays_and_text(run_js):
    lines = out(run_js, """var doc = DOMDocument.fromJXON({queryDef: {
  schema: "xtk:folder", operation: "select", lineCount: 10, distinct: true,
  select: {node: [{expr: "@id"}, {expr: "@name"}]},
  where: {condition: {expr: "@name = 'x'", "@boolOperator": "AND"}},
  comment: {$: "some text"},
  $label: "as an element"
}})
logInfo(doc.root.toXMLString(true))
""")
    assert lines == [
        '<queryDef schema="xtk:folder" operation="select" lineCount="10" distinct="true">',
        "  <select>", '    <node expr="@id"/>', '    <node expr="@name"/>', "  </select>",
        "  <where>", '    <condition expr="@name = \'x\'" boolOperator="AND"/>', "  </where>",
        "  <comment>some text</comment>", "  <label>as an element</label>", "</queryDef>"]


def test_tojxon_maps_attributes_text_and_repeated_elements(run_js):
    lines = out(run_js, """var doc = DOMDocument.fromXMLString('<book title="Dunces"><author>Toole</author><chapter n="1"/><chapter n="2"/><empty/></book>')
logInfo(JSON.stringify(doc.toJXON()))
logInfo(JSON.stringify(doc.root.getFirstElement("author").toJXON()))
var coll = DOMDocument.fromXMLString('<recipient-collection><recipient id="1"/></recipient-collection>')
logInfo(JSON.stringify(coll.toJXON()))
var again = DOMDocument.fromJXON(doc.toJXON())
logInfo(again.root.toXMLString() === doc.root.toXMLString())
""")
    assert [json.loads(x) for x in lines[:3]] == [
        {"book": {"title": "Dunces", "author": {"$": "Toole"}, "chapter": [{"n": "1"}, {"n": "2"}], "empty": {}}},
        {"$": "Toole"},
        {"recipient-collection": {"recipient": [{"id": "1"}]}},
    ]
    assert lines[3] == "true"


def test_appendchild_takes_jxon_objects_as_campaign_library_code_does(run_js):
    lines = out(run_js, """var doc = new DOMDocument("devices")
var devices = [{id: "a1", name: "Phone", tags: ["x", "y"]}, {id: "b2", name: "Tablet"}]
for (var i = 0; i < devices.length; i++) doc.root.appendChild({device: devices[i]})
doc.root.appendChild({emailList: "a@b.com"})
logInfo(doc.root.toXMLString())
""")
    assert lines == ['<devices><device id="a1" name="Phone"><tags>x</tags><tags>y</tags></device>'
                     '<device id="b2" name="Tablet"/><emailList>a@b.com</emailList></devices>']


@pytest.mark.parametrize("arg, message", [
    ("42", "TypeError: DOMDocument.fromJXON: expected a JXON object such as {recipient: {email: \"a@b.com\"}}, got a number"),
    ("{}", "Error: DOMDocument.fromJXON: a JXON document has exactly one property, the root element (the object is empty)"),
    ("{a: {}, b: {}}", "Error: DOMDocument.fromJXON: a JXON document has exactly one property, the root element (got 2: a, b)"),
    ("{a: [{}, {}]}", "Error: DOMDocument.fromJXON: the root element \"a\" cannot be an array (a document has one root)"),
    ("{'bad name': {}}", "Error: DOMDocument.fromJXON: \"bad name\" is not a valid XML element name"),
    ("{a: {'x y': 1}}", "Error: DOMDocument.fromJXON: \"x y\" is not a valid XML attribute name"),
    ("{a: {$: {b: 1}}}", "TypeError: DOMDocument.fromJXON: the text (\"$\") of <a> must be a string, number, boolean or date, got an object"),
    ("{a: {b: new DOMDocument('x')}}", "TypeError: DOMDocument.fromJXON: property \"b\" holds a DOMDocument; JXON values are "
                                       "strings, numbers, booleans, dates, objects and arrays"),
    ("{a: {when: new Date('x')}}", "RangeError: invalid Date: an attribute cannot hold it"),
])
def test_bad_jxon_is_refused_with_the_reason(run_js, arg, message):
    assert error(run_js, f"var x = 1;\nDOMDocument.fromJXON({arg})\n") == f"script.js:2:13: {message}"


# --- E4X conversions -------------------------------------------------------------------------------
def test_documents_convert_both_ways_with_e4x(run_js):
    lines = out(run_js, """var x = <recipient id="7"><email>a@b.com</email></recipient>
var viaText = DOMDocument.fromXMLString(x.toXMLString())
var native = DOMDocument.fromXML(x)
var direct = DOMDocument.fromXMLString(x)
logInfo(viaText.root.toXMLString(), native.root.toXMLString() === viaText.root.toXMLString(), direct.root.$id)
native.root.$id = 8
logInfo(x.@id, native.root.$id)
var back = new XML(native.root.toXMLString())
var fast = new XML(native.root), fromDoc = XML(native), viaMethod = native.toXML()
logInfo(back.@id, fast.@id, fromDoc.email, viaMethod.email.toString())
fast.@id = 9
logInfo(native.root.$id, fast.@id)
""")
    assert lines == ['<recipient id="7"><email>a@b.com</email></recipient> true 7', "7 8",
                     "8 8 a@b.com a@b.com", "8 9"]


def test_an_e4x_value_that_is_not_one_element_is_refused(run_js):
    assert error(run_js, 'var l = <><a/><b/></>;\nDOMDocument.fromXML(l)\n') == \
        "script.js:2:13: TypeError: DOMDocument.fromXML: the E4X value is not one XML element (an XMLList of 2 elements)"
    assert error(run_js, 'DOMDocument.fromXML("<a/>")\n') == \
        "script.js:1:13: TypeError: DOMDocument.fromXML: expected an E4X XML element, got a string"


# --- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, message", [
    ("<a><b></a>", "malformed XML: end tag </a> does not match the start tag <b> (line 1, column 7)"),
    ("<a>", "malformed XML: unclosed element <a>"),
    ("", "malformed XML: no root element (the text is empty)"),
    ("<a/><b/>", "malformed XML: more than one root element (<a> and <b>)"),
    ("<a/>trailing", "malformed XML: text outside the root element (\"trailing\")"),
    ("<a x='1' x='2'/>", "malformed XML: attribute \"x\" appears twice in <a> (line 1, column 1)"),
    ("<a>&ent;</a>", "malformed XML: undeclared entity &ent; (line 1, column 4)"),
])
def test_malformed_xml_is_a_clear_error_at_the_call(run_js, text, message):
    assert error(run_js, f"var t = {json.dumps(text)};\nvar d = DOMDocument.fromXMLString(t)\n") == \
        f"script.js:2:21: Error: DOMDocument.fromXMLString: {message}"


def test_a_doctype_with_entities_is_not_expanded(run_js):
    src = ('var t = \'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>\';\n'
           'DOMDocument.fromXMLString(t)\n')
    assert "undeclared entity &x;" in error(run_js, src)


@pytest.mark.parametrize("source, message", [
    ('new DOMDocument()', "TypeError: new DOMDocument: the name of the root element is missing"),
    ('new DOMDocument("a b")', 'Error: new DOMDocument: "a b" is not a valid XML element name'),
    ('DOMDocument("a")', 'TypeError: DOMDocument is a constructor: write new DOMDocument("a")'),
    ('DOMDocument.fromXMLString(12)', "TypeError: DOMDocument.fromXMLString: expected XML text, got a number"),
    ('new DOMDocument("a").createElement("1x")', 'Error: createElement: "1x" is not a valid XML element name'),
    ('new DOMDocument("a").root.setAttribute("", 1)', 'Error: setAttribute: "" is not a valid XML attribute name'),
    ('new DOMDocument("a").root.appendChild("text")',
     "TypeError: appendChild: expected a DOM node, an E4X XML object or a JXON object, got a string"),
    ('var d = new DOMDocument("a"); d.root.removeChild(d.createElement("b"))',
     "Error: removeChild: the node is not a child of this node"),
    ('var d = new DOMDocument("a"); var b = d.root.appendChild(d.createElement("b")); b.appendChild(d.root)',
     "Error: appendChild: a node cannot be inserted into itself or its own descendants"),
    ('var d = new DOMDocument("a"); d.root.insertBefore(d.createElement("b"), d.createElement("c"))',
     "Error: insertBefore: the reference node is not a child of this node"),
    ('new DOMDocument("a").root.getValue("b//c")', 'Error: getValue: malformed path "b//c"'),
    ('new DOMDocument("a").root.getValue("@x/b")', 'Error: getValue: malformed path "@x/b" (an attribute ends a path)'),
    ('DOMDocument.prototype.toXMLString.call({})', "TypeError: toXMLString called on an object, not a DOMDocument"),
    ('var t = new DOMDocument("a").createTextNode("x"); t.appendChild({b: {}})',
     "TypeError: appendChild called on a DOMText, not a DOMElement"),
])
def test_api_misuse_names_the_api_and_the_problem(run_js, source, message):
    line = error(run_js, "var pad = 0;\n" + source + "\n")
    assert line.startswith("script.js:2:") and line.endswith(": " + message), line


# --- DOMDocument.load ------------------------------------------------------------------------
def test_load_reads_a_document_from_the_files_root(run_js, write, tmp_path):
    write("data/in.xml", '<?xml version="1.0" encoding="ISO-8859-1"?>\n<a t="caf\xe9"/>'.encode("latin-1"))
    write("data/bom.xml", b"\xef\xbb\xbf<a t='utf8 \xc3\xa9'/>")
    assert out(run_js, 'logInfo(DOMDocument.load("data/in.xml").root.$t, DOMDocument.load("data/bom.xml").root.$t)\n') == \
        ["café utf8 é"]
    write("root/data/other.xml", "<b v='from --files'/>")
    assert out(run_js, 'logInfo(DOMDocument.load("data/other.xml").root.$v)\n', files_root=tmp_path / "root") == \
        ["from --files"]


@pytest.mark.parametrize("path, message", [
    ("missing.xml", "missing.xml: no such file in the files root {root}"),
    ("../outside.xml", "../outside.xml: '..' is refused; files stay inside the files root {root} (--files DIR)"),
    ("/etc/passwd", "/etc/passwd: absolute paths are refused; name files relative to the files root {root} "
                    "(--files DIR)"),
    ("link.xml", "link.xml: a symbolic link leads outside the files root {root} (--files DIR)"),
    ("data", "data: is a folder, not a file"),
    ("", "expected a file path (a non-empty string), got a string"),
])
def test_load_refuses_what_is_not_a_file_inside_the_files_root(run_js, write, tmp_path, path, message):
    (tmp_path.parent / "outside.xml").write_text("<a/>")
    (tmp_path / "link.xml").symlink_to(tmp_path.parent / "outside.xml")
    (tmp_path / "data").mkdir()
    line = error(run_js, f"var x;\nDOMDocument.load({json.dumps(path)})\n")
    kind = "TypeError" if path == "" else "Error"
    assert line == f"script.js:2:13: {kind}: DOMDocument.load: " + message.format(root=tmp_path.resolve()), line


def test_load_reports_malformed_files_with_their_name(run_js, write):
    write("bad.xml", "<a><b></a>")
    assert error(run_js, 'DOMDocument.load("bad.xml")\n') == (
        'script.js:1:13: Error: DOMDocument.load("bad.xml"): malformed XML: end tag </a> does not match '
        "the start tag <b> (line 1, column 7)")


# --- the rest of Campaign's documented members -----------------------------------------------------
def test_getfirstelement_and_haselement_can_match_an_attribute(run_js):
    lines = out(run_js, """var r = DOMDocument.fromXMLString('<s><node expr="@id"/><node expr="@email" alias="@mail"/><node/></s>').root
logInfo(r.getFirstElement("node", "alias").$expr, r.getFirstElement("node", "expr", "@email").$alias)
logInfo(r.getFirstElement("node", "expr", "@nope"), r.hasElement("node", "alias", "@mail"), r.hasElement("node", "zz"))
""")
    assert lines == ["@email @mail", "null true false"]


def test_namespaced_members(run_js):
    lines = out(run_js, """var doc = DOMDocument.fromXMLString('<a xmlns:x="urn:x"><x:b x:k="1"/><b/></a>')
var r = doc.root
logInfo(r.getElementsByTagNameNS("urn:x", "b").length, r.getElementsByTagNameNS("*", "b").length)
var b = r.firstChild
logInfo(b.namespaceURI, b.prefix, b.localName, b.nodeName, b.getAttributeNS("urn:x", "k"), b.hasAttributeNS("urn:x", "k"))
b.setAttributeNS("urn:y", "y:n", 5)
logInfo(b.toXMLString(), b.lookupNamespaceURI("x"), r.lookupNamespaceURI("zz"))
b.removeAttributeNS("urn:x", "k")
var e = doc.createElementNS("urn:z", "z:c")
r.appendChild(e)
logInfo(r.toXMLString())
logInfo(new XML(doc.toXMLString()).toXMLString().replace(/\\n\\s*/g, ""))
""")
    assert lines == [
        "1 2",
        "urn:x x b x:b 1 true",
        '<x:b xmlns:x="urn:x" xmlns:y="urn:y" x:k="1" y:n="5"/> urn:x null',
        '<a xmlns:x="urn:x"><x:b xmlns:y="urn:y" y:n="5"/><b/><z:c xmlns:z="urn:z"/></a>',
        # E4X writes attributes before namespace declarations (SpiderMonkey, docs/e4x-contract.md)
        '<a xmlns:x="urn:x"><x:b y:n="5" xmlns:y="urn:y"/><b/><z:c xmlns:z="urn:z"/></a>',
    ]


def test_normalize_isequalnode_importnode_and_renamenode(run_js):
    lines = out(run_js, """var doc = new DOMDocument("a")
var r = doc.root
r.appendChild(doc.createTextNode("x")); r.appendChild(doc.createTextNode("")); r.appendChild(doc.createTextNode("y"))
logInfo(r.childNodes.length); r.normalize(); logInfo(r.childNodes.length, r.firstChild.data)
var other = DOMDocument.fromXMLString('<a>xy</a>')
logInfo(r.isEqualNode(other.root), r.isSameNode(other.root), r.firstChild.attributes, r.hasAttributes())
var copy = doc.importNode(<b k="1"><c/></b>, true)
r.appendChild(copy)
doc.renameNode(copy, null, "renamed")
logInfo(doc.root.toXMLString(), copy.ownerDocument === doc, doc.documentURI === "")
""")
    assert lines == ["3", "1 xy", "true false null false", '<a>xy<renamed k="1"><c/></renamed></a> true true']


def test_e4x_literals_and_methods_take_dom_values_as_copies(run_js):
    lines = out(run_js, """var doc = DOMDocument.fromJXON({recipient: {email: "a@b.c"}})
XML.prettyPrinting = false
var x = <list>{doc.root}</list>
x.appendChild(doc)
doc.root.$email = "changed"
logInfo(x.toXMLString())
""")
    assert lines == ['<list><recipient email="a@b.c"/><recipient email="a@b.c"/></list>']
