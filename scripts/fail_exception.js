// A script that fails on purpose with an uncaught exception: a record missing from the
// staging table is read and used. The error names file, line and column; the rows staged
// before the failure are kept.
xtk.session.Ingest(<sampleTableStg _key="@id" id="A0000001" testcol1="first" xtkschema="dem:sampleTableStg"/>);

function label(id) {
  var rec = xtk.session.lookup("dem:sampleTableStg", id);
  return rec.@testcol1.toString();
}

logInfo("A0000001 is " + label("A0000001"));
logInfo("B0000002 is " + label("B0000002"));
logInfo("never printed");
