"""queryDef in every input form scripts use (E4X, XML text, JXON, NLWS), its operations, and
its bad-input paths: each error is catchable and, uncaught, names the user's line."""
import json

import pytest

SEED = """XML.prettyPrinting = false;
var rows = [['A1', 'alpha', 'x'], ['B2', 'beta', 'y'], ['C3', 'gamma', 'y'], ['D4', 'delta', 'z']];
for (var i = 0; i < rows.length; i++)
  xtk.session.Ingest({sampleTableStg: {xtkschema: 'dem:sampleTableStg', _key: '@id', id: rows[i][0],
                                       testcol1: rows[i][1], testcol2: rows[i][2]}});
function show(r) { return r.toXMLString(); }
"""


def run(run_js, store_opts, body):
    r = run_js(SEED + body, **store_opts)
    assert r.code == 0, r.err
    return r.out.splitlines()


def test_e4x_text_jxon_and_nlws_forms_give_the_same_rows(run_js, store_opts):
    out = run(run_js, store_opts, """
var e4x = xtk.queryDef.create(<queryDef schema="dem:sampleTableStg" operation="select">
  <select><node expr="@id"/></select><where><condition expr="@testcol2 = 'y'"/></where>
  <orderBy><node expr="@id"/></orderBy></queryDef>).ExecuteQuery();
var text = xtk.queryDef.create('<queryDef schema="dem:sampleTableStg"><select><node expr="@id"/></select>'
  + '<where><condition expr="@testcol2 = \\'y\\'"/></where><orderBy><node expr="@id"/></orderBy></queryDef>').ExecuteQuery();
var q = {queryDef: {schema: 'dem:sampleTableStg', operation: 'select', select: {node: {expr: '@id'}},
                    where: {condition: {expr: "@testcol2 = 'y'"}}, orderBy: {node: {expr: '@id'}}}};
var jxon = xtk.queryDef.create(q).ExecuteQuery();
var nlws = NLWS.xtkQueryDef.create(q).ExecuteQuery();
logInfo(show(e4x)); logInfo(show(text)); logInfo(show(jxon)); logInfo(show(nlws));
logInfo(e4x.sampleTableStg.length(), typeof e4x.sampleTableStg.@id);""")
    want = '<sampleTableStg-collection><sampleTableStg id="B2"/><sampleTableStg id="C3"/></sampleTableStg-collection>'
    assert out == [want] * 4 + ["2 xml"]


def test_jxon_arrays_nested_conditions_order_group_having_and_paging(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(show(NLWS.xtkQueryDef.create({queryDef: {schema: 'dem:sampleTableStg', operation: 'select',
  lineCount: 2, startLine: 1,
  select: {node: [{expr: '@id'}, {expr: 'Upper(@testcol1)', alias: '@up'}]},
  where: {condition: [{expr: "@id = 'A1'", boolOperator: 'OR'},
                      {condition: [{expr: "@testcol2 = 'y'"}, {expr: "@testcol1 != 'zzz'"}]},
                      {expr: "@id != 'D4'", boolOperator: 'OR'}, {expr: "@id = 'D4'"}]},
  orderBy: {node: [{expr: '@id', sortDesc: true}]}}}).ExecuteQuery()));
logInfo(show(xtk.queryDef.create({queryDef: {schema: 'dem:sampleTableStg', distinct: true,
  select: {node: [{expr: 'Count(*)', alias: '@n'}, {expr: '@testcol2'}]},
  groupBy: {node: {expr: '@testcol2'}}, having: {condition: {expr: 'Count(*) > 1'}},
  orderBy: {node: {expr: '@testcol2'}}}}).ExecuteQuery()));
logInfo(show(xtk.queryDef.create(<queryDef schema="dem:sampleTableStg" distinct="true">
  <select><node expr="@testcol2"/></select><orderBy><node expr="@testcol2" sortDesc="true"/></orderBy>
</queryDef>).ExecuteQuery()));""")
    assert out == [
        '<sampleTableStg-collection><sampleTableStg id="C3" up="GAMMA"/><sampleTableStg id="B2" up="BETA"/>'
        '</sampleTableStg-collection>',
        '<sampleTableStg-collection><sampleTableStg n="2" testcol2="y"/></sampleTableStg-collection>',
        '<sampleTableStg-collection><sampleTableStg testcol2="z"/><sampleTableStg testcol2="y"/>'
        '<sampleTableStg testcol2="x"/></sampleTableStg-collection>',
    ]


def test_get_get_if_exists_and_count(run_js, store_opts):
    out = run(run_js, store_opts, """
function q(op, cond) {
  return NLWS.xtkQueryDef.create({queryDef: {schema: 'dem:sampleTableStg', operation: op,
    select: {node: {expr: '@testcol1'}}, where: {condition: {expr: cond}}}}).ExecuteQuery();
}
logInfo(show(q('get', "@id = 'B2'")), show(q('getIfExists', "@id = 'none'")), show(q('count', "@testcol2 = 'y'")));
try { q('get', "@id = 'none'"); } catch (e) { logInfo(e.message); }
try { q('get', "@testcol2 = 'y'"); } catch (e) { logInfo(e.message); }""")
    assert out == ['<sampleTableStg testcol1="beta"/> <sampleTableStg/> <sampleTableStg count="2"/>',
                   "queryDef on dem:sampleTableStg: no record matches the query (operation get)",
                   'queryDef on dem:sampleTableStg: operation get found more than one record; add a condition '
                   'or use operation="select"']


BAD = [
    ("xtk.queryDef.create({queryDef: {schema: 'dem:sampleTableStg', select: {node: 5}}})",
     'queryDef: <select node="5">: node must be an element (in JXON: an object or an array of objects'),
    ("xtk.queryDef.create({queryDef: 'dem:sampleTableStg'})",
     "queryDef: <queryDef> holds the text 'dem:sampleTableStg'; a queryDef is made of elements and attributes"),
    ("xtk.queryDef.create({queryDef: {schema: 'dem:sampleTableStg'}, extra: {}})",
     "xtk.queryDef.create: a JXON document is {rootName: {...}}, or a flat object with an xtkschema "
     "naming its schema (got 2 properties: queryDef, extra)"),
    ("xtk.queryDef.create({queryDef: {schema: 'dem:sampleTableStg', where: {condition: [5]}}})",
     "queryDef: <condition> holds the text '5'"),
    ("xtk.queryDef.create({query: {schema: 'dem:sampleTableStg'}})",
     "queryDef: the document element is <query>, expected <queryDef>"),
    ("NLWS.xtkQueryDef.create({queryDef: {schema: 'dem:sampleTableStg', operation: 'get', "
     "where: {condition: {expr: \"@id = 'none'\"}}}})",
     "queryDef on dem:sampleTableStg: no record matches the query (operation get)"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr='Soundex(@id)'/></select></queryDef>)",
     "queryDef: select node expr: unknown function Soundex() at column 1 in 'Soundex(@id)'"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr=\"Case(@id = 'a', 1)\"/></select></queryDef>)",
     "queryDef: select node expr: Case() takes When(condition, value) arguments, then optionally Else(value) last; "
     "argument 1 is a plain value at column 1 in \"Case(@id = 'a', 1)\""),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr=\"Case(Else(0), When(@id = 'a', 1))\"/></select></queryDef>)",
     "argument 1 is Else() with 1 argument(s) at column 1"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr=\"Case(When(@id = 'a'))\"/></select></queryDef>)",
     "argument 1 is When() with 1 argument(s) at column 1"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr=\"Iif(1 = 1, When(@id = 'a', 1), 0)\"/></select></queryDef>)",
     "queryDef: select node expr: When() and Else() are only allowed inside Case(…), e.g. "
     "Case(When(@x = 1, 'one'), Else('other')) at column 12"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr=\"Decode(@id, 'a')\"/></select></queryDef>)",
     "queryDef: select node expr: Decode() takes 3 to 99 argument(s), got 2 at column 1"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr='DaysDiff(GetDate())'/></select></queryDef>)",
     "queryDef: select node expr: DaysDiff() takes 2 argument(s), got 1 at column 1 in 'DaysDiff(GetDate())'"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr=\"LPad(@id, 5, '0', 'x')\"/></select></queryDef>)",
     "queryDef: select node expr: LPad() takes 2 to 3 argument(s), got 4 at column 1"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr='[owner/@id]'/></select></queryDef>)",
     "queryDef: select node expr: dem:sampleTableStg: unknown link 'owner' (links: none) at column 1 in '[owner/@id]'"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><where><condition expr='@id = #2026-02-30#'/></where></queryDef>)",
     "queryDef: where condition expr: #2026-02-30# is not a date (#YYYY-MM-DD# or #YYYY-MM-DD HH:MM:SSZ#) at column 7"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr='@id' alias='@x&quot; y=&quot;1'/></select></queryDef>)",
     "queryDef: alias '@x\" y=\"1' is not an XML name (use @name for an attribute, name for an element)"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr='@id' alias='&lt;x'/></select></queryDef>)",
     "queryDef: alias '<x' is not an XML name"),
    ("xtk.queryDef.create(<queryDef schema='dem:sampleTableStg'><select><node expr='@id'/><node expr='@testcol1' alias='@id'/></select></queryDef>)",
     "queryDef: select nodes '@id' and '@testcol1' both write @id; give one of them another alias"),
    ("xtk.queryDef.create(42)", "xtk.queryDef.create: expected"),
]


@pytest.mark.parametrize("call, message", BAD, ids=[b[1][:60] for b in BAD])
def test_bad_input_is_a_clear_error_at_the_users_line(run_js, store_opts, call, message):
    r = run_js(SEED + "var before = 1;\n" + call + ".ExecuteQuery();\nlogInfo('not reached');\n", **store_opts)
    line = SEED.count("\n") + 2
    assert r.code == 1
    first = r.err.splitlines()[0]
    assert first.startswith(f"script.js:{line}:"), r.err
    assert message in first
    assert "not reached" not in r.out


def test_5000_or_terms_and_5000_conditions_run_without_recursion_errors(run_js, store_opts):
    terms = " OR ".join(f"@id = 'K{i}'" for i in range(5000)) + " OR @id = 'C3'"
    conditions = [{"expr": f"@id = 'K{i}'", "boolOperator": "OR"} for i in range(5000)] + [{"expr": "@id = 'B2'"}]
    ands = " AND ".join(f"@id != 'K{i}'" for i in range(5000))
    out = run(run_js, store_opts, f"""
var terms = {json.dumps(terms)}, conditions = {json.dumps(conditions)}, ands = {json.dumps(ands)};
function count(where) {{
  return xtk.queryDef.create({{queryDef: {{schema: 'dem:sampleTableStg', operation: 'count', where: where}}}})
    .ExecuteQuery().toXMLString();
}}
logInfo(count({{condition: {{expr: terms}}}}));
logInfo(count({{condition: conditions}}));
logInfo(count({{condition: {{expr: ands}}}}));""")
    assert out == ['<sampleTableStg count="1"/>', '<sampleTableStg count="1"/>', '<sampleTableStg count="4"/>']


def test_values_that_are_not_xml_characters_keep_the_result_parsable(run_js, store_opts):
    out = run(run_js, store_opts, r"""
sqlExec("UPDATE DemSampleTableStg SET sTestcol1 = $1 WHERE sId = 'A1'", 'a\u0001b<&>"');
var r = xtk.queryDef.create(<queryDef schema="dem:sampleTableStg" operation="get">
  <select><node expr="@testcol1"/><node expr="@testcol1" alias="note"/></select>
  <where><condition expr="@id = 'A1'"/></where></queryDef>).ExecuteQuery();
logInfo(JSON.stringify(String(r.@testcol1)), String(r.@testcol1) === String(r.note));""")
    assert out == ['"a\ufffdb<&>\\"" true']


def test_select_all_adds_every_field_after_the_named_nodes(run_js, store_opts):
    out = run(run_js, store_opts, """
var q = NLWS.xtkQueryDef.create({queryDef: {schema: 'dem:sampleTableStg', operation: 'get',
  select: {node: {expr: 'Upper(@testcol1)', alias: '@up'}}, where: {condition: {expr: "@id = 'A1'"}}}});
q.SelectAll(false);
logInfo(show(q.ExecuteQuery()));""")
    from lxml import etree

    record = etree.fromstring(out[0])
    assert record.tag == "sampleTableStg" and len(out) == 1
    assert dict(record.attrib) == {"up": "ALPHA", "id": "A1", "testcol1": "alpha", "testcol2": "x"}


def test_jxon_and_nlws_results_are_dom_elements_e4x_calls_stay_e4x(run_js, store_opts):
    out = run(run_js, store_opts, """
var q = {queryDef: {schema: 'dem:sampleTableStg', operation: 'select',
  select: {node: [{expr: '@id'}, {expr: 'Length(@testcol1)', alias: '@len'}, {expr: '@testcol2', alias: 'segment'}]},
  where: {condition: {expr: "@testcol2 = 'y'"}}, orderBy: {node: {expr: '@id'}}}};
var res = NLWS.xtkQueryDef.create(q).ExecuteQuery();
logInfo(res instanceof DOMElement, res.nodeName, Array.isArray(res.getElements('sampleTableStg')));
res.getElements('sampleTableStg').forEach(function (r) {
  logInfo(r.$id, r.getAttribute('len'), r.getFirstElement('segment').textContent);
});
logInfo(res.getElements('sampleTableStg').map(function (r) { return r.$id; }).join('+'));
for each (var r in res) logInfo('each', r.$id);
var first = res.getFirstElement('sampleTableStg');
first.$len = 7; first.setAttribute('id', 'Z9'); first.$seen = new Date(Date.UTC(2026, 0, 31, 10));
logInfo(first.toXMLString());
logInfo(xtk.queryDef.create(q).ExecuteQuery() instanceof DOMElement,
        typeof xtk.queryDef.create(<queryDef schema="dem:sampleTableStg" operation="count"/>).ExecuteQuery());
var one = NLWS.xtkQueryDef.create(<queryDef schema="dem:sampleTableStg" operation="get">
  <select><node expr="@testcol1"/></select><where><condition expr="@id = 'A1'"/></where></queryDef>).ExecuteQuery();
logInfo(one.$testcol1, one.nodeName);
var d = new DOMDocument('queryDef'); d.root.$schema = 'dem:sampleTableStg'; d.root.$operation = 'count';
logInfo(xtk.queryDef.create(d).ExecuteQuery().$count);""")
    assert out == ["true sampleTableStg-collection true",
                   "B2 4 y", "C3 5 y", "B2+C3", "each B2", "each C3",
                   '<sampleTableStg id="Z9" len="7" seen="2026-01-31 10:00:00.000Z"><segment>y</segment></sampleTableStg>',
                   "true xml", "alpha sampleTableStg", "4"]
