"""xtk.session.DeleteCollection(schema, where, deferred): deletes the records of a schema's own
table that a queryDef <where> selects, in the schema's home store; all of them or none."""
from pathlib import Path

SCHEMAS = {
    "member.xml": """<srcSchema name="member" namespace="cus">
  <element name="member" autopk="true">
    <attribute name="email" type="string" length="80"/>
    <attribute name="country" type="string" length="2"/>
    <attribute name="age" type="long"/>
  </element>
</srcSchema>""",
    "badge.xml": """<srcSchema name="badge" namespace="cus">
  <element name="badge">
    <key name="code"><keyfield xpath="@club"/><keyfield xpath="@code"/></key>
    <attribute name="club" type="string" length="10"/>
    <attribute name="code" type="long"/>
    <element name="member" type="link" target="cus:member"/>
  </element>
</srcSchema>""",
    "visitStg.xml": """<srcSchema name="visit" namespace="cus">
  <element name="visit" autoStg="true"><attribute name="page" type="string" length="40"/></element>
</srcSchema>""",
}

SEED = """
var people = [["ann@x.org", "FR", 31], ["bob@x.org", "DE", 45], ["cy@x.org", "FR", 17], ["dee@x.org", "IT", 60]];
for each (var p in people)
  xtk.session.Write(<member xtkschema="cus:member" _operation="insert" email={p[0]} country={p[1]} age={p[2]}/>);
function emails() {
  var res = xtk.queryDef.create(<queryDef schema="cus:member"><select><node expr="@email"/></select>
    <orderBy><node expr="@email"/></orderBy></queryDef>).ExecuteQuery();
  var out = [];
  for each (var m in res.member) out.push(String(m.@email));
  return out.join(",");
}
"""


def run(run_js, store_opts, write, body):
    for name, text in SCHEMAS.items():
        write(f"schemas/{name}", text)
    return run_js(SEED + body, schema_dirs=[Path("schemas")], **store_opts)


def lines(r):
    assert r.code == 0, r.err
    return r.out.splitlines()


def test_deletes_exactly_the_records_the_where_selects(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
xtk.session.DeleteCollection("cus:member", <where><condition expr="@country = 'FR'"/><condition expr="@age >= 18"/></where>, false);
logInfo(emails());""")
    assert lines(r) == ["bob@x.org,cy@x.org,dee@x.org"]


def test_the_where_may_be_dom_jxon_or_text_and_conditions_combine_with_or(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
xtk.session.DeleteCollection("cus:member", DOMDocument.fromXMLString('<where><condition expr="@age &lt; 18"/></where>').root);
logInfo(emails());
xtk.session.DeleteCollection("cus:member", {where: {condition: [{expr: "@country = 'IT'", boolOperator: "OR"}, {expr: "@country = 'DE'"}]}});
logInfo(emails());
xtk.session.DeleteCollection("cus:member", '<where><condition expr="@email LIKE \\'ann%\\'"/></where>', true);
logInfo(JSON.stringify(emails()));""")
    assert lines(r) == ["ann@x.org,bob@x.org,dee@x.org", "ann@x.org", '""']


def test_a_composite_key_and_a_condition_through_a_link(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
xtk.session.Write(<badge xtkschema="cus:badge" _operation="insert" club="run" code="1" member-id="1"/>);
xtk.session.Write(<badge xtkschema="cus:badge" _operation="insert" club="run" code="2" member-id="2"/>);
xtk.session.Write(<badge xtkschema="cus:badge" _operation="insert" club="swim" code="1" member-id="3"/>);
xtk.session.DeleteCollection("cus:badge", <where><condition expr="[member/@country] = 'FR'"/></where>);
logInfo(sqlGetString("SELECT sClub || '-' || iCode FROM CusBadge"), sqlGetInt("SELECT count(*) FROM CusBadge"));""")
    assert lines(r) == ["run-2 1"]


def test_nothing_to_delete_is_not_an_error(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
xtk.session.DeleteCollection("cus:member", <where><condition expr="@age > 100"/></where>);
xtk.session.DeleteCollection("cus:badge", <where><condition expr="@code = 1"/></where>);
logInfo(emails().split(",").length);""")
    assert lines(r) == ["4"]


def test_bad_arguments_name_the_problem(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
function attempt(f) { try { f(); logInfo("no error"); } catch (e) { logInfo(e.message); } }
attempt(function () { xtk.session.DeleteCollection("cus:nobody", <where/>); });
attempt(function () { xtk.session.DeleteCollection("cus:member"); });
attempt(function () { xtk.session.DeleteCollection("cus:member", <condition expr="@age > 1"/>); });
attempt(function () { xtk.session.DeleteCollection("cus:member", <where><condition expr="@shoeSize = 4"/></where>); });
attempt(function () { xtk.session.DeleteCollection("cus:visit", <where/>); });
attempt(function () { xtk.session.DeleteCollection("cus:visitStg", <where/>); });
logInfo(emails().split(",").length);""")
    out = lines(r)
    assert out[0].startswith("unknown schema 'cus:nobody' (DeleteCollection); loaded schemas: cus:badge, ")
    assert out[1] == 'DeleteCollection: the second argument is the where clause, e.g. <where><condition expr="@id = 1"/></where>'
    assert out[2] == "no error"   # a lone <condition> is taken as the where clause: members over 1 go
    assert out[3] == ("DeleteCollection: where condition expr: cus:member: unknown attribute '@shoeSize' at "
                      "column 1 in '@shoeSize = 4'")
    assert out[4] == ('DeleteCollection: the where clause has no condition; to delete every record say so with '
                      '<condition expr="1=1"/>')
    assert out[5] == ("DeleteCollection: cus:visitStg is a staging schema; delete its records with IngestExt and "
                      '_operation="delete" (the sync job applies them)')
    assert out[6] == "1"


def test_an_uncaught_error_points_at_the_call(run_js, store_opts, write):
    r = run(run_js, store_opts, write, 'xtk.session.DeleteCollection("cus:member", "<where><oops></where>");')
    assert r.code == 1
    first = r.err.splitlines()[0]
    line = SEED.count("\n") + 1
    assert first.startswith(f"script.js:{line}:13: Error: DeleteCollection: the where clause is not well-formed XML")
