// hello.js - a small workflow: log, stage three records with xtk.session.Ingest, read this
// run's records back with a queryDef and print them.   Run it:  xtkjs run scripts/hello.js
var run = new Date().toISOString();   // labels this run's records (the store keeps earlier runs)
logInfo("Hello from " + application.operator.login + ": staging three sample records, run " + run);

var people = [
  {id: "P001", name: "Ada Lovelace"},
  {id: "P002", name: "Alan Turing"},
  {id: "P003", name: "Grace Hopper"}
];
for each (var p in people) {
  var record = <sampleTableStg _key="@id" id={p.id} testcol1={p.name} testcol2={run}
                               xtkschema="dem:sampleTableStg"/>;
  xtk.session.Ingest(record);
}

var result = xtk.queryDef.create(
  <queryDef schema="dem:sampleTableStg" operation="select">
    <select><node expr="@id"/><node expr="@testcol1"/></select>
    <where><condition expr={"@testcol2 = '" + run + "'"}/></where>
    <orderBy><node expr="@id"/></orderBy>
  </queryDef>).ExecuteQuery();

var count = 0;
for each (var row in result.sampleTableStg) {
  logInfo(row.@id + ": " + row.@testcol1);
  count++;
}
logInfo(count + " records staged in dem:sampleTableStg");
