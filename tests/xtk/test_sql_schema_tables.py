"""Raw SQL sees the tables of the loaded schemas, as in a Campaign database whose structure is
up to date: a script may INSERT into a schema's table with sqlExec before any Write."""
from pathlib import Path

SCHEMA = """<srcSchema name="visit" namespace="cus">
  <element name="visit" autopk="true" sqltable="CusVisit">
    <attribute name="page" type="string" length="40" sqlname="sPage"/>
    <attribute name="hits" type="long" sqlname="iHits"/>
  </element>
</srcSchema>"""


def run(run_js, store_opts, write, body):
    write("schemas/visit.xml", SCHEMA)
    return run_js(body, schema_dirs=[Path("schemas")], **store_opts)


def test_sqlexec_inserts_into_a_schema_table_nothing_was_written_to_yet(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
logInfo(sqlExec("INSERT INTO CusVisit (sPage, iHits) VALUES ($(sz), $(l))", "/home", 3));
var res = xtk.queryDef.create(<queryDef schema="cus:visit"><select><node expr="@page"/>
  <node expr="@hits"/></select></queryDef>).ExecuteQuery();
logInfo(res.visit.@page, res.visit.@hits);""")
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["1", "/home 3"]


def test_every_helper_finds_the_table_whatever_the_case_of_its_name(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
logInfo(sqlGetInt("select count(*) from cusvisit"));
logInfo(sqlGetString("SELECT sPage FROM CUSVISIT") === "");
logInfo(sqlSelect("v,@page:string", "SELECT sPage FROM CusVisit").toXMLString());""")
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["0", "true", "<select/>"]


def test_a_table_no_schema_declares_is_still_a_database_error(run_js, store_opts, write):
    r = run(run_js, store_opts, write, """
try { sqlExec("INSERT INTO CusVisitArchive (sPage) VALUES ('x')"); } catch (e) { logInfo(e.message.indexOf("SQL error:") === 0); }
logInfo(sqlGetInt("SELECT count(*) FROM CusVisit"));""")
    assert r.code == 0, r.err
    assert r.out.splitlines() == ["true", "0"]
