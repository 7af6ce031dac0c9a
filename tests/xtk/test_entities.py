"""Entity objects (NLWS.<ns><Name>, <ns>.<name>), DeleteCollection and application.getSchema."""
from __future__ import annotations

import pytest

from xtk_helpers import dump, lines


def run_ok(run_js, opts, source, **more):
    r = run_js(source, **opts, **more)
    assert r.code == 0, r.err
    return lines(r.out)


def test_create_save_load_modify_save(run_js, store_opts):
    out = run_ok(run_js, store_opts, """
var r = NLWS.nmsRecipient.create({recipient: {email: "ann@example.com", firstName: "Ann", gender: 2}});
logInfo(r.id, r.email, r.gender, r.blackList);
r.save();
logInfo(r.id, typeof r.id, r.blackList, r.created instanceof Date, r.uuid.length);
var same = NLWS.nmsRecipient.load(r.id);
logInfo(same.email, same.$firstName, same["@gender"], same.lastName);
same.lastName = "Smith";
same.$firstName = "Anna";
same.save();
logInfo(NLWS.nmsRecipient.load(String(r.id)).toXMLString().replace(/ (created|lastModified|uuid)="[^"]*"/g, ""));
""", now="2026-01-31T10:00:00Z")
    assert out == [
        "null ann@example.com 2 null",
        "1 number false true 36",
        "ann@example.com Ann 2 null",
        '<recipient id="1" email="ann@example.com" firstName="Anna" lastName="Smith" gender="2" emailFormat="0" '
        'blackList="false" blackListEmail="false" xtkschema="nms:recipient"/>',
    ]
    rec = dump(store_opts, "nms:recipient")[0]
    assert rec["lastName"] == "Smith" and rec["created"].startswith("2026-01-31")


def test_namespace_spelling_xml_create_and_typed_values(run_js, store_opts):
    out = run_ok(run_js, store_opts, """
var t = dem.sampleTable.create(<sampleTable id="A1" testcol1="x"/>);
t.save();
var again = dem.sampleTable.load("A1");
logInfo(again.testcol1, again.uuid === t.uuid, Object.keys(again).join(","));
logInfo(JSON.stringify(NLWS.demSampleTable.load({id: "A1"})).length > 10);
var empty = NLWS.demSampleTable.create();
empty.id = "A2"; empty.save();
logInfo(xtk.queryDef.create(<queryDef schema="dem:sampleTable" operation="count"/>).ExecuteQuery().@count);
var b = NLWS.nmsRecipient.create({recipient: {email: "b@x.org", birthDate: "1990-05-17", blackList: true}});
b.save();
var l = NLWS.nmsRecipient.load(b.id);
logInfo(l.birthDate.toISOString().slice(0, 10), l.blackList === true);
""")
    assert out == ["x true id,testcol1,uuid", "true", "2", "1990-05-17 true"]


def test_save_with_operation_delete_and_insert_errors_write_nothing(run_js, store_opts):
    out = run_ok(run_js, store_opts, """
var a = NLWS.demSampleTable.create({sampleTable: {id: "D1"}}); a.save();
var dup = NLWS.demSampleTable.create({sampleTable: {id: "D1", testcol1: "dup"}});
try { dup.save() } catch (e) { logInfo(e.message) }
var bad = NLWS.demSampleTable.create({sampleTable: {id: "D2"}});
bad.testcol1 = new Array(300).join("x");
try { bad.save() } catch (e) { logInfo(e.message) }
var d = NLWS.demSampleTable.load("D1");
d._operation = "delete";
d.save();
try { NLWS.demSampleTable.load("D1") } catch (e) { logInfo(e.message) }
""")
    assert out == ["save: dem:sampleTable: a record with id='D1' already exists",
                   "dem:sampleTable: attribute 'testcol1' is too long: 299 characters, at most 255 allowed",
                   "dem:sampleTable: no record with id='D1' (load)"]
    assert dump(store_opts, "dem:sampleTable") == []


@pytest.mark.parametrize("line, message", [
    ('NLWS.nmsRecipient.load(424242);', "script.js:2:19: Error: nms:recipient: no record with id=424242 (load)"),
    ('NLWS.nmsRecipient.load();', "script.js:2:19: TypeError: NLWS.nmsRecipient.load: give the primary key of the record to load"),
    ('NLWS.nmsRecipiant.load(1);', "script.js:2:19: TypeError: Cannot read properties of undefined (reading 'load')"),
    ('NLWS.nmsRecipient.create({recipient: {email: "a", nope: 1}});',
     "script.js:2:19: Error: nms:recipient: unknown attribute 'nope'"),
    ('NLWS.nmsRecipient.create({delivery: {label: "x"}});',
     "script.js:2:19: Error: nms:recipient: create() got <delivery>, expected <recipient> (e.g. {recipient: {…}})"),
    ('NLWS.nmsRecipient.create({recipient: {gender: "two"}});',
     "script.js:2:19: Error: nms:recipient: attribute 'gender' (byte): 'two' is not an integer"),
    ('NLWS.nmsRecipient.create(42);',
     "script.js:2:19: TypeError: NLWS.nmsRecipient.create: expected a JXON object ({recipient: {…}}) or an XML document, got number"),
    ('NLWS.nmsRecipient.create("<recipient email=");',
     "script.js:2:19: Error: malformed document: not well-formed XML"),
    ('NLWS.nmsRecipient.create([{email: "a"}]);',
     "script.js:2:19: Error: malformed document: expected an XML document, XML text or a JXON object, got list"),
    ('var r = NLWS.nmsRecipient.create(); r.emial = "x";',
     "script.js:2:45: TypeError: nms:recipient: no attribute or element 'emial' (the schema has: id, email,"),
    ('application.getSchema("nms:nope");',
     "script.js:2:13: Error: unknown schema 'nms:nope' (application.getSchema); loaded schemas:"),
])
def test_bad_input_names_the_users_line(run_js, tmp_path, line, message):
    r = run_js("var before = 1;\n" + line + "\n", home=tmp_path / ".xtkjs")
    assert r.code == 1
    assert r.err.startswith(message), r.err


def test_delete_collection(run_js, store_opts):
    out = run_ok(run_js, store_opts, """
for (var i = 1; i <= 5; i++)
  NLWS.nmsRecipient.create({recipient: {email: "p" + i + "@x.org", lastName: i % 2 ? "Odd" : "Even"}}).save();
xtk.session.DeleteCollection("nms:recipient", <where><condition expr="@lastName = 'Odd'"/></where>, false);
logInfo(sqlGetInt("SELECT count(*) FROM NmsRecipient"));
NLWS.xtkSession.DeleteCollection("nms:recipient", {where: {condition: [{expr: "@email = 'p2@x.org'", boolOperator: "OR"},
                                                   {expr: "@email = 'p4@x.org'"}]}});
logInfo(sqlGetInt("SELECT count(*) FROM NmsRecipient"));
try { xtk.session.DeleteCollection("nms:recipient", <where/>) } catch (e) { logInfo(e.message) }
try { xtk.session.DeleteCollection("nms:recipient", <where><condition expr="@nope = 1"/></where>) } catch (e) { logInfo(e.message) }
try { xtk.session.DeleteCollection("dem:sampleTableStg", "@id = 'x'") } catch (e) { logInfo(e.message) }
try { xtk.session.DeleteCollection("nms:nope", "@id = 1") } catch (e) { logInfo(e.message.split(";")[0]) }
xtk.session.deleteCollection("dem:sampleTable", "@id = 'none'");
""")
    assert out == ["2", "0",
                   'DeleteCollection: the where clause has no condition; to delete every record say so with '
                   '<condition expr="1=1"/>',
                   "DeleteCollection: where condition expr: nms:recipient: unknown attribute '@nope' at column 1 "
                   "in '@nope = 1'",
                   "DeleteCollection: dem:sampleTableStg is a staging schema; delete its records with IngestExt and "
                   "_operation=\"delete\" (the sync job applies them)",
                   "unknown schema 'nms:nope' (DeleteCollection)"]


def test_get_schema_object(run_js, tmp_path):
    out = run_ok(run_js, {"home": tmp_path / ".xtkjs"}, """
var s = application.getSchema("nms:recipient");
logInfo(s.id, s.namespace, s.name, s.label, s.labelSingular, s.userDescription);
logInfo(s.root.name, s.root.children.length, s.root.keys.map(function (k) { return k.name; }).join());
var g = s.root.children["@gender"];
logInfo(g.name, g.label, g.type, g.isAttribute, g.SQLName, g.enumeration.name, g === s.root.findNode("gender"));
logInfo(s.root.findNode("@email").length, s.root.findNode("/@email").type, s.root.findNode("@nope"));
s.enumerations.gender.values.forEach(function (v) { logInfo(" ", v.name, v.value, v.label); });
logInfo(s.enumerations.gender.default.name, s.enumeration("nms:recipient:emailFormat").values.html.value);
var doc = s.toXML();
logInfo(doc.name().localName, doc.element.@sqltable, doc.element.attribute.(@name == "email").@sqlname);
logInfo(application.getSchema("nms:recipient") === s, String(s));
""")
    assert out == [
        "nms:recipient nms recipient Recipients Recipient Recipients (recipient)",
        "recipient 19 @id",
        "@gender Gender byte true iGender nms:recipient:gender true",
        "80 string null",
        "  unknown 0 Not specified", "  male 1 Male", "  female 2 Female",
        "unknown 2",
        "schema NmsRecipient sEmail",
        "true Recipients (recipient)",
    ]


DEFAULTS_SCHEMA = """<srcSchema name="order" namespace="cus">
  <enumeration name="status" basetype="string" default="open">
    <value name="open" label="Open" value="O"/><value name="closed" label="Closed" value="C"/>
  </enumeration>
  <element name="order" autopk="true">
    <attribute name="country" type="string" length="2" default="'FR'"/>
    <attribute name="qty" type="long" default="0"/>
    <attribute name="rush" type="boolean" default="true"/>
    <attribute name="placed" type="datetime" default="GetDate()"/>
    <attribute name="day" type="date" default="Today()"/>
    <attribute name="code" type="string" default="Upper('ab') + '-' + 'x'"/>
    <attribute name="status" type="string" length="1" enum="status"/>
    <attribute name="note" type="string"/>
  </element>
</srcSchema>"""


def test_defaults_are_campaign_expressions_applied_on_insert(run_js, store_opts, write, tmp_path):
    write("schemas/order.xml", DEFAULTS_SCHEMA)
    out = run_ok(run_js, store_opts, """
var o = NLWS.cusOrder.create({order: {note: "first"}}); o.save();
xtk.session.Write(<order _operation="insert" note="second" country="DE" xtkschema="cus:order"/>);
var p = NLWS.cusOrder.load(o.id);
p.note = "updated"; p.qty = 5; p.save();
""", schema_dirs=[tmp_path / "schemas"], now="2026-03-04T05:06:07Z")
    assert out == []
    recs = dump({**store_opts, "schema_dirs": [tmp_path / "schemas"]}, "cus:order")
    assert recs == [
        {"id": 1, "country": "FR", "qty": 5, "rush": 1, "placed": "2026-03-04 05:06:07Z", "day": "2026-03-04",
         "code": "AB-x", "status": "O", "note": "updated"},
        {"id": 2, "country": "DE", "qty": 0, "rush": 1, "placed": "2026-03-04 05:06:07Z", "day": "2026-03-04",
         "code": "AB-x", "status": "O", "note": "second"},
    ]


@pytest.mark.parametrize("default, message", [
    ("@other", "attribute 'a': default '@other': a default cannot read another attribute (@other)"),
    ("Year(GetDate())", "attribute 'a': default 'Year(GetDate())': Year() with 1 argument(s) is not supported"),
    ("'unterminated", "attribute 'a': default: unterminated string starting at column 1"),
])
def test_a_default_xtkjs_cannot_evaluate_is_a_schema_error(default, message):
    from runtime.xtk.schema import SchemaError, parse_schema

    src = f'<srcSchema name="t" namespace="cus"><element name="t"><attribute name="a" default="{default}"/></element></srcSchema>'
    with pytest.raises(SchemaError) as e:
        parse_schema(src, "t.xml")
    assert str(e.value).startswith(f"t.xml: schema cus:t, {message}")


def test_ingest_applies_defaults_on_the_fast_path(run_js, store_opts, tmp_path, write):
    write("schemas/order.xml", DEFAULTS_SCHEMA.replace('<srcSchema name="order" namespace="cus">',
                                                       '<srcSchema name="order" namespace="cus" autoStg="true">'))
    opts = {**store_opts, "schema_dirs": [tmp_path / "schemas"]}
    run_ok(run_js, opts, 'xtk.session.Ingest(<orderStg note="n" xtkschema="cus:orderStg"/>);', now="2026-03-04T05:06:07Z")
    rec = dump(opts, "cus:orderStg")[0]
    assert {k: rec[k] for k in ("country", "qty", "rush", "placed", "day", "code", "status")} == {
        "country": "FR", "qty": 0, "rush": 1, "placed": "2026-03-04 05:06:07Z", "day": "2026-03-04", "code": "AB-x",
        "status": "O"}


def test_an_entity_is_a_document_for_write(run_js, store_opts):
    out = run_ok(run_js, store_opts, """
var t = NLWS.demSampleTable.create({sampleTable: {id: "Z1", testcol1: "a"}});
NLWS.xtkSession.Write(t);
var l = NLWS.demSampleTable.load("Z1");
l.testcol1 = "b";
l._operation = "update";
xtk.session.Write(l);
logInfo(NLWS.demSampleTable.load("Z1").testcol1, l.toXMLString().indexOf('_operation="update"') > 0);
""")
    assert out == ["b true"]


def test_delete_collection_through_a_link_path(run_js, store_opts):
    from pathlib import Path

    shop = Path(__file__).resolve().parents[2] / "scripts" / "shop_schemas"
    out = run_ok(run_js, store_opts, """
xtk.session.Write(<folder xtkschema="xtk:folder" _operation="insert" name="a" label="Archive"/>);
xtk.session.Write(<folder xtkschema="xtk:folder" _operation="insert" name="b" label="Live"/>);
for (var i = 0; i < 4; i++)
  xtk.session.Write(<order xtkschema="shp:order" _operation="insert" ref={"O-" + i} folder-id={1 + i % 2}/>);
xtk.session.DeleteCollection("shp:order", <where><condition expr="[folder/@label] = 'Archive'"/></where>, false);
var left = xtk.queryDef.create(<queryDef schema="shp:order" operation="select">
  <select><node expr="@ref"/></select><orderBy><node expr="@ref"/></orderBy></queryDef>).ExecuteQuery();
for each (var o in left.order) logInfo(o.@ref);
""", schema_dirs=[shop])
    assert out == ["O-1", "O-3"]


# --- links as entity properties (tests/xtk/data/shop: shp:order -> xtk:folder, shp:customer) ---

SHOP_SETUP = """
var root = NLWS.xtkFolder.create({folder: {name: "root", label: "Root"}}); root.save();
var sales = NLWS.xtkFolder.create({folder: {name: "sales", label: "Sales"}});
sales.parent = root; sales.save();
var ann = NLWS.shpCustomer.create({customer: {email: "ann@x.com"}}); ann.save();
var o1 = NLWS.shpOrder.create({order: {ref: "O1", amount: 3}}); o1.folder = sales; o1.customer = ann; o1.save();
var o2 = NLWS.shpOrder.create({order: {ref: "O2", amount: 4, "customer-id": ann.id}}); o2.save();
"""


def shop_opts(store_opts):
    from query_helpers import SHOP

    return {**store_opts, "schema_dirs": [SHOP]}


def test_a_link_property_reads_the_linked_entity_through_the_join(run_js, store_opts):
    out = run_ok(run_js, shop_opts(store_opts), SHOP_SETUP + """
var o = NLWS.shpOrder.load(o1.id);
logInfo(o.folder.label, o.folder.parent.name, o["folder-id"], o.folder_id, o.$folder.name, "folder" in o);
logInfo(o2.folder, root.parent, o.folder === o.folder);   // no foreign key: null; read once per key
o.folder = root;                                            // assigning an entity sets the foreign key
logInfo(o.folder_id, o.folder.label, Object.keys(o).indexOf("folder") < 0);
o.folder = null; o.save();
logInfo(NLWS.shpOrder.load(o1.id).folder_id, NLWS.shpOrder.load(o1.id).folder);
""")
    assert out == ["Sales root 2 2 sales true", "null null true", "1 Root true", "null null"]


def test_a_1_n_link_is_a_read_only_array_of_entities(run_js, store_opts):
    out = run_ok(run_js, shop_opts(store_opts), SHOP_SETUP + """
var c = NLWS.shpCustomer.load(ann.id);
logInfo(Array.isArray(c.orders), c.orders.length, c.orders.map(function (o) { return o.ref + "=" + o.amount; }).join(","));
logInfo(root.children.length, root.children[0].label, sales.children.length);
logInfo(NLWS.shpCustomer.create().orders.length);          // not saved yet: no records
try { c.orders.push(o1); } catch (e) { logInfo(e.constructor.name); }
""")
    assert out == ["true 2 O1=3,O2=4", "1 Sales 0", "0", "TypeError"]


@pytest.mark.parametrize("line, message", [
    ("ann.orders = [];",
     "script.js:8:12: TypeError: shp:customer: orders is a collection (1-N link to shp:order): it is read-only; "
     "save the shp:order records instead"),
    ("o1.folder = ann;",
     "script.js:8:11: TypeError: shp:order: folder links to xtk:folder entities (e.g. NLWS.xtkFolder.load(id)), "
     "got shp:customer"),
    ("o1.folder = 2;",
     "script.js:8:11: TypeError: shp:order: folder links to xtk:folder entities (e.g. NLWS.xtkFolder.load(id)), "
     "got number"),
])
def test_bad_link_assignments_name_the_users_line(run_js, store_opts, line, message):
    r = run_js(SHOP_SETUP + line + "\n", **shop_opts(store_opts))
    assert r.code == 1
    assert r.err.startswith(message), r.err


# --- integrity="own": deletes cascade (runtime/xtk/cascade.py) -----------------------------------

OWNED_SCHEMAS = {
    "schemas/person.xml": '<srcSchema name="person" namespace="cus"><element name="person" autopk="true">'
                          '<attribute name="email" type="string"/></element></srcSchema>',
    # a contract belongs to its holder (revIntegrity="own": deleting the person deletes it) and
    # owns its card (integrity="own": deleting the contract deletes the card)
    "schemas/contract.xml": '<srcSchema name="contract" namespace="cus"><element name="contract" autopk="true">'
                            '<attribute name="ref" type="string"/>'
                            '<element name="holder" type="link" target="cus:person" revLink="contracts" '
                            'revIntegrity="own"/>'
                            '<element name="card" type="link" target="cus:card" integrity="own" revLink="_NONE_"/>'
                            '<element name="agent" type="link" target="cus:person" revLink="deals" '
                            'integrity="neutral"/></element></srcSchema>',
    "schemas/card.xml": '<srcSchema name="card" namespace="cus"><element name="card" autopk="true">'
                        '<attribute name="number" type="string"/></element></srcSchema>',
}
OWNED_SETUP = """
function w(doc) { xtk.session.Write(doc); }
w(<person xtkschema="cus:person" email="ann"/>); w(<person xtkschema="cus:person" email="bob"/>);
w(<card xtkschema="cus:card" number="C1"/>); w(<card xtkschema="cus:card" number="C2"/>);
w(<card xtkschema="cus:card" number="C3"/>);
w(<contract xtkschema="cus:contract" ref="K1" holder-id="1" card-id="1" agent-id="2"/>);
w(<contract xtkschema="cus:contract" ref="K2" holder-id="1" card-id="2"/>);
w(<contract xtkschema="cus:contract" ref="K3" holder-id="2" card-id="3" agent-id="1"/>);
"""


def owned_opts(store_opts, write, tmp_path):
    for path, text in OWNED_SCHEMAS.items():
        write(path, text)
    return {**store_opts, "schema_dirs": [tmp_path / "schemas"]}


def test_delete_collection_cascades_through_owning_links(run_js, store_opts, write, tmp_path):
    opts = owned_opts(store_opts, write, tmp_path)
    run_ok(run_js, opts, OWNED_SETUP + 'xtk.session.DeleteCollection("cus:person", "@email = \'ann\'", false);')
    assert [p["email"] for p in dump(opts, "cus:person")] == ["bob"]
    assert [c["ref"] for c in dump(opts, "cus:contract")] == ["K3"]      # ann's contracts, not the one she is agent of
    assert [c["number"] for c in dump(opts, "cus:card")] == ["C3"]       # the cards of the deleted contracts


def test_a_neutral_or_normal_link_deletes_nothing_else(run_js, store_opts, write, tmp_path):
    opts = owned_opts(store_opts, write, tmp_path)
    run_ok(run_js, opts, OWNED_SETUP + 'xtk.session.DeleteCollection("cus:card", "@number = \'C1\'", false);')
    assert [c["ref"] for c in dump(opts, "cus:contract")] == ["K1", "K2", "K3"]
    assert len(dump(opts, "cus:card")) == 2


def test_an_owning_self_link_deletes_the_whole_subtree(run_js, store_opts, write, tmp_path):
    write("schemas/folder.xml", '<srcSchema name="folder" namespace="xtk"><element name="folder" autopk="true">'
                                '<attribute name="name" type="string"/><element name="parent" type="link" '
                                'target="xtk:folder" revLink="children" revIntegrity="own"/></element></srcSchema>')
    opts = {**store_opts, "schema_dirs": [tmp_path / "schemas"]}
    run_ok(run_js, opts, """
[["root", null], ["a", 1], ["a1", 2], ["a11", 3], ["b", 1]].forEach(function (f) {
  xtk.session.Write({folder: {xtkschema: "xtk:folder", name: f[0], "parent-id": f[1]}});
});
xtk.session.DeleteCollection("xtk:folder", "@name = 'a'", false);
""")
    assert [f["name"] for f in dump(opts, "xtk:folder")] == ["root", "b"]


def test_a_cascade_into_the_other_store_is_refused_and_deletes_nothing(run_js, tmp_path, write):
    write("schemas/owner.xml", '<srcSchema name="owner" namespace="cus"><element name="owner" autopk="true">'
                               '<attribute name="n" type="string"/><element name="log" type="link" target="cus:log" '
                               'integrity="own"/></element></srcSchema>')
    write("schemas/log.xml", '<srcSchema name="log" namespace="cus" dataSource="default"><element name="log" '
                             'autopk="true"><attribute name="n" type="string"/></element></srcSchema>')
    opts = {"home": tmp_path / ".xtkjs", "schema_dirs": [tmp_path / "schemas"]}   # two databases
    r = run_js('xtk.session.Write(<log xtkschema="cus:log" n="x"/>);\n'
               'xtk.session.Write(<owner xtkschema="cus:owner" n="o" log-id="1"/>);\n'
               'xtk.session.DeleteCollection("cus:owner", "@n = \'o\'", false);\n', **opts)
    assert r.code == 1
    assert r.err.startswith("script.js:3:13: Error: DeleteCollection: cus:owner: link 'log' owns cus:log records, "
                            "which live in the other store; a delete cannot cascade across the two store databases")
    assert len(dump(opts, "cus:owner")) == 1 and len(dump(opts, "cus:log")) == 1


def test_rev_integrity_is_checked():
    from runtime.xtk.schema import SchemaError, parse_schema

    src = ('<srcSchema name="t" namespace="cus"><element name="t"><element name="o" type="link" target="cus:x" '
           'revIntegrity="mine"/></element></srcSchema>')
    with pytest.raises(SchemaError) as e:
        parse_schema(src, "t.xml")
    assert 'link \'o\': revIntegrity="mine" must be one of normal, own, owncopy, neutral, define' in str(e.value)


def test_write_and_entity_delete_cascade_too(run_js, store_opts, write, tmp_path):
    opts = owned_opts(store_opts, write, tmp_path)
    run_ok(run_js, opts, OWNED_SETUP + """
xtk.session.Write(<person xtkschema="cus:person" _operation="delete" id="2"/>);   // bob: K3 and its card C3
var k1 = NLWS.cusContract.load(1); k1._operation = "delete"; k1.save();        // K1 owns card C1
""")
    assert [p["email"] for p in dump(opts, "cus:person")] == ["ann"]
    assert [c["ref"] for c in dump(opts, "cus:contract")] == ["K2"]
    assert [c["number"] for c in dump(opts, "cus:card")] == ["C2"]


def test_schema_object_lists_the_declared_methods(run_js, tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "acme_contact.xml").write_text("""<srcSchema name="contact" namespace="acme">
  <element name="contact" autopk="true"><attribute name="email" type="string"/></element>
  <methods>
    <method name="Rescore" static="true" label="Compute the score">
      <parameters><param name="email" type="string" desc="whose score"/><param name="score" type="long" inout="out"/></parameters>
    </method>
    <method name="Touch"/>
  </methods>
</srcSchema>""", encoding="utf-8")
    out = run_ok(run_js, {"home": tmp_path / ".xtkjs", "schema_dirs": [tmp_path / "schemas"]}, """
var s = application.getSchema("acme:contact");
logInfo(s.methods.length, s.methods.map(function (m) { return m.name; }).join());
var m = s.methods.Rescore;
logInfo(m.label, m.isStatic, s.methods.Touch.isStatic, s.methods.Touch.parameters.length);
m.parameters.forEach(function (p) { logInfo(" ", p.name, p.type, p.isIn, p.isOut, p.desc); });
logInfo(s.toXML().methods.method[0].@name, application.getSchema("nms:recipient").methods.length);
""")
    assert out == ["2 Rescore,Touch", "Compute the score true false 0",
                   "  email string true false whose score", "  score long false true ",
                   "Rescore 0"]
