// Write, then read back what was written, in the same run: Write and WriteCollection put the
// rows in the schema's one home store, where the queryDef, lookup and the SQL helpers read.
xtk.session.Write(<sampleTable id="P001" testcol1="Notebook" testcol2="12.50" xtkschema="dem:sampleTable"/>);
xtk.session.WriteCollection(
  <sampleTable-collection xtkschema="dem:sampleTable">
    <sampleTable id="P002" testcol1="Pencil" testcol2="0.90"/>
    <sampleTable id="P003" testcol1="Stapler" testcol2="7.20"/>
  </sampleTable-collection>);
xtk.session.Write(<sampleTable id="P002" testcol2="1.10" _operation="update" xtkschema="dem:sampleTable"/>);

var products = xtk.queryDef.create(
  <queryDef schema="dem:sampleTable" operation="select">
    <select><node expr="@id"/><node expr="@testcol1"/><node expr="@testcol2"/></select>
    <orderBy><node expr="@id"/></orderBy>
  </queryDef>).ExecuteQuery();
logInfo("queryDef sees " + products.sampleTable.length() + " products");
for each (var p in products.sampleTable)
  logInfo("  " + p.@id + " " + p.@testcol1 + " at " + p.@testcol2);

var one = xtk.session.lookup("dem:sampleTable", "P002");
logInfo("lookup P002: " + one.@testcol1 + " now at " + one.@testcol2);
logInfo("sqlGetInt counts " + sqlGetInt("SELECT count(*) FROM DemSampleTable WHERE sTestcol2 IS NOT NULL"));
logInfo("entity load: " + NLWS.demSampleTable.load("P003").testcol1);
