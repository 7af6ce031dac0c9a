"""One home per schema: whatever --db / --cloud-db say, a script reads back what it wrote."""
from __future__ import annotations

import json

import pytest

from runtime.options import RunOptions
from runtime.xtk.schema import load_registry
from runtime.xtk.store import StoreError, Stores, home_of, schemas_in_sql, store_for_schema, store_for_sql
from xtk_helpers import dump, lines


@pytest.fixture(params=["embedded", "db-only", "one-sqlite-db",
                        pytest.param("postgres-two-dbs", marks=pytest.mark.postgres),
                        pytest.param("postgres-one-db", marks=pytest.mark.postgres)])
def config(request, tmp_path):
    """RunOptions fields of each store configuration."""
    fields = {"home": tmp_path / ".xtkjs"}
    if request.param == "db-only":
        fields["db"] = f"sqlite:///{tmp_path / 'mine.db'}"
    elif request.param == "one-sqlite-db":
        fields["db"] = fields["cloud_db"] = f"sqlite:///{tmp_path / 'one.db'}"
    elif request.param.startswith("postgres"):
        make = request.getfixturevalue("pg_url")
        local = make()
        fields.update(db=local, cloud_db=make() if request.param == "postgres-two-dbs" else local)
    yield fields
    from runtime.xtk.store import dispose_engines, store_url

    o = RunOptions(**fields)
    dispose_engines([store_url(o, "local"), store_url(o, "cloud")])


WRITE_THEN_READ = """
xtk.session.Write(<sampleTable id="W1" testcol1="one" xtkschema="dem:sampleTable"/>);
xtk.session.WriteCollection(<sampleTable-collection xtkschema="dem:sampleTable">
  <sampleTable id="W2" testcol1="two"/></sampleTable-collection>);
var res = xtk.queryDef.create(<queryDef schema="dem:sampleTable" operation="select">
  <select><node expr="@id"/><node expr="@testcol1"/></select><orderBy><node expr="@id"/></orderBy>
</queryDef>).ExecuteQuery();
for each (var r in res.sampleTable) logInfo(r.@id, r.@testcol1);
logInfo(xtk.session.lookup("dem:sampleTable", "W2").@testcol1);
logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTable"));
logInfo(NLWS.demSampleTable.load("W1").testcol1);
xtk.session.Ingest(<sampleTableStg id="S1" xtkschema="dem:sampleTableStg"/>);
logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTableStg"));
"""


def test_write_then_read_back_in_every_store_configuration(run_js, config):
    r = run_js(WRITE_THEN_READ, **config)
    assert r.code == 0, r.err
    assert lines(r.out) == ["W1 one", "W2 two", "two", "2", "one", "1"]
    assert [x["id"] for x in dump(config, "dem:sampleTable")] == ["W1", "W2"]
    assert [x["id"] for x in dump(config, "dem:sampleTableStg")] == ["S1"]


def test_each_schema_has_one_home():
    reg = load_registry(())
    assert home_of(reg.get("dem:sampleTableStg")) == "local"
    assert home_of(reg.get("dem:sampleTable")) == "cloud"
    assert home_of(reg.get("nms:recipient")) == "cloud"
    assert home_of(reg.get("nms:recipientStg")) == "local"
    assert home_of(reg.get("xtk:workflowSignal")) == "local"   # written by xtkjs itself (dataSource="default")


@pytest.mark.parametrize("source, home", [
    ('<srcSchema name="t" namespace="xtk"><element name="t"><attribute name="a"/></element></srcSchema>', "cloud"),
    ('<srcSchema name="t" namespace="cus" dataSource="default"><element name="t"><attribute name="a"/></element>'
     '</srcSchema>', "local"),
    ('<srcSchema name="t" namespace="cus"><element name="t" dataSource="nms:extAccount:ffda"><attribute name="a"/>'
     '</element></srcSchema>', "cloud"),
    ('<srcSchema name="t" namespace="cus"><element name="t"><attribute name="a"/></element></srcSchema>', "cloud"),
])
def test_data_source_decides_the_home(source, home):
    from runtime.xtk.schema import parse_schema

    assert home_of(parse_schema(source)[0]) == home


def test_a_store_option_naming_the_other_store_is_an_error(tmp_path):
    reg = load_registry(())
    stores = Stores(RunOptions(home=tmp_path))
    assert store_for_schema(stores, reg.get("dem:sampleTable"), "cloud") is stores.cloud
    with pytest.raises(StoreError, match="dem:sampleTableStg lives in the local store, not the cloud store"):
        store_for_schema(stores, reg.get("dem:sampleTableStg"), "cloud")
    with pytest.raises(StoreError, match="unknown store 'elsewhere'"):
        store_for_schema(stores, reg.get("dem:sampleTable"), "elsewhere")


def test_sql_helpers_run_where_the_named_tables_live(tmp_path):
    reg = load_registry(())
    stores = Stores(RunOptions(home=tmp_path))
    def homes(sql):
        return {t: home_of(s) for t, s in schemas_in_sql(reg, sql).items()}

    assert homes("select count(*) from demsampletable -- DemSampleTableStg") == {"DemSampleTable": "cloud"}
    assert homes("SELECT 'DemSampleTable' FROM DemSampleTableStg") == {"DemSampleTableStg": "local"}
    assert store_for_sql(stores, reg, "SELECT 1") is stores.local
    assert store_for_sql(stores, reg, "UPDATE NmsRecipient SET sEmail = NULL") is stores.cloud
    with pytest.raises(StoreError, match=r"names tables of both stores: DemSampleTable \(cloud\), "
                                         r"DemSampleTableStg \(local\)"):
        store_for_sql(stores, reg, "SELECT * FROM DemSampleTable JOIN DemSampleTableStg ON 1=1")


def test_a_statement_on_both_stores_names_the_users_line(run_js, tmp_path):
    r = run_js('var a = 1;\nsqlGetInt("SELECT count(*) FROM DemSampleTable, DemSampleTableStg");\n',
               home=tmp_path / ".xtkjs")
    assert r.code == 1
    assert r.err.startswith("script.js:2:1: Error: SQL: this statement names tables of both stores")


def test_write_collection_cannot_mix_homes(run_js, tmp_path, write):
    write("schemas/tech.xml", '<srcSchema name="note" namespace="xtk" dataSource="default"><element name="note">'
          '<key name="k"><keyfield xpath="@k"/></key><attribute name="k"/></element></srcSchema>')
    r = run_js("""
try {
  xtk.session.WriteCollection({"x-collection": {recipient: {email: "a@b.c", _operation: "insert", xtkschema: "nms:recipient"},
                                               note: {k: "n1", xtkschema: "xtk:note"}}});
} catch (e) { logInfo(e.message) }
xtk.session.Write({note: {k: "n1", xtkschema: "xtk:note"}});
logInfo(xtk.queryDef.create(<queryDef schema="xtk:note" operation="count"/>).ExecuteQuery().@count);
""", home=tmp_path / ".xtkjs", schema_dirs=[tmp_path / "schemas"])
    assert r.code == 0, r.err
    assert lines(r.out) == ["WriteCollection: a collection cannot mix schemas of the local and cloud stores "
                            "(one home per schema, one transaction per call)", "1"]
    assert dump({"home": tmp_path / ".xtkjs", "schema_dirs": [tmp_path / "schemas"]}, "xtk:note", "local") == [{"k": "n1"}]


def test_db_sql_and_dump_read_the_home_store(xtkjs, write):
    write("w.js", 'xtk.session.Write(<sampleTable id="W1" xtkschema="dem:sampleTable"/>);\n')
    assert xtkjs("run", "w.js").returncode == 0
    r = xtkjs("db", "sql", "SELECT count(*) AS n FROM DemSampleTable", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"n": 1}]
    r = xtkjs("db", "sql", "SELECT count(*) FROM DemSampleTable", "--store", "local")
    assert r.returncode == 1 and "no such table: DemSampleTable" in r.stderr
