"""xtk.queryDef.create(…).ExecuteQuery() on SQLite and PostgreSQL."""
import pytest

SEED = """
function stage(id, c1, c2) {
  xtk.session.Ingest('<sampleTableStg _key="@id" id="' + id + '" testcol1="' + c1 + '" testcol2="' + c2
                     + '" xtkschema="dem:sampleTableStg"/>');
}
stage('A1', 'alpha', 'x'); stage('B2', 'beta', 'y'); stage('C3', 'gamma', 'y'); stage('D4', "o'neil", 'z');
// Results are E4X XML: print them compactly (toXMLString; String() of an element without
// child elements would be its text, as in E4X).
XML.prettyPrinting = false;
function q(text) { return xtk.queryDef.create(text).ExecuteQuery().toXMLString(); }
"""


def run(run_js, store_opts, body):
    r = run_js(SEED + body, **store_opts)
    assert r.code == 0, r.err
    return r.out.splitlines()


def test_select_with_where_order_and_alias(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(q('<queryDef schema="dem:sampleTableStg" operation="select">'
  + '<select><node expr="@id"/><node expr="Upper(@testcol1)" alias="@up"/></select>'
  + '<where><condition expr="@testcol2 = \\'y\\'"/></where>'
  + '<orderBy><node expr="@id" sortDesc="true"/></orderBy></queryDef>'));""")
    assert out == ['<sampleTableStg-collection><sampleTableStg id="C3" up="GAMMA"/>'
                   '<sampleTableStg id="B2" up="BETA"/></sampleTableStg-collection>']


def test_conditions_combine_with_bool_operator_and_nesting(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(q('<queryDef schema="dem:sampleTableStg"><select><node expr="@id"/></select><where>'
  + '<condition expr="@id = \\'A1\\'" boolOperator="OR"/>'
  + '<condition><condition expr="@testcol2 = \\'y\\'"/><condition expr="@testcol1 LIKE \\'g%\\'"/></condition>'
  + '</where><orderBy><node expr="@id"/></orderBy></queryDef>'));""")
    assert out == ['<sampleTableStg-collection><sampleTableStg id="A1"/><sampleTableStg id="C3"/>'
                   '</sampleTableStg-collection>']


def test_line_count_and_start_line_page_through_results(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(q('<queryDef schema="dem:sampleTableStg" lineCount="2" startLine="1"><select><node expr="@id"/></select>'
  + '<orderBy><node expr="@id"/></orderBy></queryDef>'));""")
    assert out == ['<sampleTableStg-collection><sampleTableStg id="B2"/><sampleTableStg id="C3"/>'
                   '</sampleTableStg-collection>']


def test_count_get_and_get_if_exists(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(q('<queryDef schema="dem:sampleTableStg" operation="count"><where><condition expr="@testcol2 IN (\\'y\\', \\'z\\')"/></where></queryDef>'));
logInfo(q('<queryDef schema="dem:sampleTableStg" operation="get"><select><node expr="@testcol1"/></select><where><condition expr="@id = \\'D4\\'"/></where></queryDef>'));
logInfo(q('<queryDef schema="dem:sampleTableStg" operation="getIfExists"><select><node expr="@id"/></select><where><condition expr="@id = \\'none\\'"/></where></queryDef>'));""")
    assert out == ['<sampleTableStg count="3"/>', '<sampleTableStg testcol1="o\'neil"/>', "<sampleTableStg/>"]


def test_group_by_with_aggregates(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(q('<queryDef schema="dem:sampleTableStg"><select><node expr="@testcol2"/><node expr="Count(*)" alias="@n"/></select>'
  + '<groupBy><node expr="@testcol2"/></groupBy><orderBy><node expr="@testcol2"/></orderBy></queryDef>'));""")
    # (attributes in select order: E4X prints them in document order, as SpiderMonkey does)
    assert out == ['<sampleTableStg-collection><sampleTableStg testcol2="x" n="1"/><sampleTableStg testcol2="y" n="2"/>'
                   '<sampleTableStg testcol2="z" n="1"/></sampleTableStg-collection>']


def test_injection_in_a_condition_value_matches_nothing_and_drops_nothing(run_js, store_opts):
    out = run(run_js, store_opts, """
logInfo(q('<queryDef schema="dem:sampleTableStg" operation="count"><where><condition expr="@id = \\'x\\'\\' OR 1=1 --\\'"/></where></queryDef>'));
try { q('<queryDef schema="dem:sampleTableStg" operation="count"><where><condition expr="@id = \\'a\\'; DROP TABLE DemSampleTableStg; --\\'"/></where></queryDef>') }
catch (e) { logInfo(e.message) }
logInfo(q('<queryDef schema="dem:sampleTableStg" operation="count"/>'));""")
    assert out == ['<sampleTableStg count="0"/>',
                   "queryDef: where condition expr: unexpected character ';' at column 10 in "
                   "\"@id = 'a'; DROP TABLE DemSampleTableStg; --'\"",
                   '<sampleTableStg count="4"/>']


def test_a_query_reads_what_write_wrote_in_the_schemas_one_home(run_js, store_opts):
    out = run(run_js, store_opts, """
xtk.session.Write('<sampleTable id="W1" testcol1="w" xtkschema="dem:sampleTable"/>');
logInfo(q('<queryDef schema="dem:sampleTable" operation="count"/>'));
logInfo(q('<queryDef schema="dem:sampleTable" operation="count" store="cloud"/>'));
try { q('<queryDef schema="dem:sampleTable" operation="count" store="local"/>') } catch (e) { logInfo(e.message) }""")
    assert out == ['<sampleTable count="1"/>', '<sampleTable count="1"/>',
                   "queryDef: dem:sampleTable lives in the cloud store, not the local store "
                   "(one home per schema: drop the store option)"]


@pytest.mark.parametrize("doc, message", [
    ('<queryDef operation="select"/>', 'queryDef: the schema attribute is missing (e.g. schema="dem:sampleTable")'),
    ('<queryDef schema="dem:sampleTableStg" operation="delete"/>',
     'queryDef: unknown operation "delete" (expected select, get, getIfExists, count)'),
    ('<queryDef schema="dem:nope"/>', "dem:nope"),
    ('<query schema="dem:sampleTableStg"/>', "queryDef: the document element is <query>, expected <queryDef>"),
    ('<queryDef schema="dem:sampleTableStg"><select><node/></select></queryDef>',
     "queryDef: a <node> in <select> has no expr attribute"),
    ('<queryDef schema="dem:sampleTableStg" lineCount="ten"/>', 'queryDef: lineCount="ten" is not an integer'),
    ('<queryDef schema="dem:sampleTableStg"><where><condition expr="@testcol1 = "/></where></queryDef>',
     "queryDef: where condition expr: unexpected end of expression at column 12 in '@testcol1 ='"),
    ('<queryDef schema="dem:sampleTableStg"><where><condition expr="@nope = 1"/></where></queryDef>',
     "queryDef: where condition expr: dem:sampleTableStg: unknown attribute '@nope' at column 1 in '@nope = 1'"),
    ('<queryDef schema="dem:sampleTableStg" operation="get"/>',
     'queryDef on dem:sampleTableStg: operation get found more than one record; add a condition or use operation="select"'),
    ('<queryDef schema="dem:sampleTableStg"', "queryDef: malformed XML"),
])
def test_malformed_querydefs_are_clear_catchable_errors(run_js, store_opts, doc, message):
    import json

    out = run(run_js, store_opts, f"try {{ q({json.dumps(doc)}); logInfo('no error') }} catch (e) {{ logInfo(e.message) }}")
    assert message in out[0]


def test_an_uncaught_querydef_error_stops_the_script_at_the_call(run_js, tmp_path):
    r = run_js("var x = 1;\nxtk.queryDef.create('<queryDef schema=\"dem:sampleTableStg\" operation=\"get\"/>').ExecuteQuery();\n")
    assert r.code == 1
    assert r.err.startswith("script.js:2:")
    assert "no record matches the query" in r.err.splitlines()[0]
