"""Every API that takes a document reads E4X, DOM, JXON and XML text alike (documentText in
stdlib_js/31_dom_jxon.js): Ingest, IngestExt, Write, WriteCollection and xtk.queryDef.create."""
import pytest

from tests.campaign.campaign_helpers import out
from tests.xtk.xtk_helpers import dump


def test_ingest_takes_e4x_dom_jxon_and_text(run_js, store_opts):
    out(run_js, """
var doc = new DOMDocument("sampleTableStg")
doc.root.$xtkschema = "dem:sampleTableStg"; doc.root.$id = "D1"; doc.root.$testcol1 = "dom"
xtk.session.Ingest(doc)
var el = DOMDocument.fromXMLString('<sampleTableStg id="D2" testcol1="element" xtkschema="dem:sampleTableStg"/>').root
xtk.session.Ingest(el)
xtk.session.Ingest({sampleTableStg: {id: "D3", testcol1: "jxon", xtkschema: "dem:sampleTableStg"}})
xtk.session.Ingest({id: "D4", testcol1: "flat jxon", xtkschema: "dem:sampleTableStg"})
xtk.session.Ingest(<sampleTableStg id="D5" testcol1="e4x" xtkschema="dem:sampleTableStg"/>)
xtk.session.Ingest('<sampleTableStg id="D6" testcol1="text" xtkschema="dem:sampleTableStg"/>')
""", **store_opts)
    rows = dump(store_opts, "dem:sampleTableStg")
    assert [(r["id"], r["testcol1"]) for r in rows] == [
        ("D1", "dom"), ("D2", "element"), ("D3", "jxon"), ("D4", "flat jxon"), ("D5", "e4x"), ("D6", "text")]


def test_ingestext_write_and_writecollection_take_dom_and_jxon(run_js, store_opts):
    out(run_js, """
var d = DOMDocument.fromJXON({sampleTableStg: {_key: "@id", id: "K1", testcol1: "v1", xtkschema: "dem:sampleTableStg"}})
xtk.session.IngestExt(d)
d.root.$testcol1 = "v2"
xtk.session.IngestExt(d.root)
xtk.session.Write(DOMDocument.fromJXON({sampleTable: {id: "W1", testcol1: "a", xtkschema: "dem:sampleTable"}}))
var coll = new DOMDocument("sampleTable-collection")
coll.root.$xtkschema = "dem:sampleTable"
coll.root.appendChild({sampleTable: [{id: "W2", testcol1: "b"}, {id: "W3", testcol1: "c"}]})
xtk.session.WriteCollection(coll)
""", **store_opts)
    assert [(r["id"], r["testcol1"]) for r in dump(store_opts, "dem:sampleTableStg")] == [("K1", "v2")]
    assert [(r["id"], r["testcol1"]) for r in dump(store_opts, "dem:sampleTable")] == [
        ("W1", "a"), ("W2", "b"), ("W3", "c")]


def test_querydef_create_takes_a_jxon_query_as_campaign_library_code_writes_it(run_js):
    lines = out(run_js, """
xtk.session.Ingest('<sampleTableStg _key="@id" id="Q1" testcol1="one" xtkschema="dem:sampleTableStg"/>')
xtk.session.Ingest('<sampleTableStg _key="@id" id="Q2" testcol1="two" xtkschema="dem:sampleTableStg"/>')
var query = NLWS.xtkQueryDef.create({queryDef: {schema: "dem:sampleTableStg", operation: "select",
  select: {node: [{expr: "@id"}]}, where: {condition: [{expr: "@testcol1 = 'two'"}]}}})
XML.prettyPrinting = false
logInfo(query.ExecuteQuery().toXMLString())
var doc = DOMDocument.fromXMLString('<queryDef schema="dem:sampleTableStg" operation="count"/>')
logInfo(xtk.queryDef.create(doc).ExecuteQuery().@count)
""")
    assert lines == ['<sampleTableStg-collection><sampleTableStg id="Q2"/></sampleTableStg-collection>', "2"]


@pytest.mark.parametrize("call", ["xtk.session.Ingest", "xtk.session.IngestExt", "xtk.session.Write",
                                  "xtk.session.WriteCollection", "xtk.queryDef.create"])
@pytest.mark.parametrize("arg, got", [("42", "a number"), ("null", "null"), ("[1]", "an array"),
                                      ("new DOMDocument('a').createTextNode('t')", "a DOMText")])
def test_anything_else_is_refused_with_the_api_name(run_js, call, arg, got):
    r = run_js(f"var x;\n{call}({arg})\n")
    assert r.code == 1
    first = r.err.splitlines()[0]
    assert first.startswith("script.js:2:"), first
    if got == "a DOMText":
        assert first.endswith(f"TypeError: {call}: expected a document, got a DOMText"), first
    else:
        assert first.endswith(f"TypeError: {call}: expected a document (E4X XML, DOMDocument, DOMElement, "
                              f"JXON object or XML text), got {got}"), first


def test_a_jxon_object_that_names_no_root_nor_schema_is_refused(run_js):
    r = run_js('var x;\nxtk.session.Write({id: "A", testcol1: "b"})\n')
    assert r.code == 1
    assert r.err.splitlines()[0] == (
        "script.js:2:13: Error: xtk.session.Write: a JXON document is {rootName: {...}}, or a flat object with an "
        "xtkschema naming its schema (got 2 properties: id, testcol1)")


def test_a_flat_jxon_object_with_only_its_schema_names_the_root(run_js, store_opts):
    lines = out(run_js, 'logInfo(xtk.session.Ingest({xtkschema: "dem:sampleTableStg"}).length)\n', **store_opts)
    assert lines == ["36"]
    assert len(dump(store_opts, "dem:sampleTableStg")) == 1
