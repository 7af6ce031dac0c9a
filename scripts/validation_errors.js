// Bad records are rejected with an Error naming schema and attribute; the workflow catches
// it, logs a warning and goes on with the next record.
var inputs = [
  <sampleTableStg _key="@id" id="OK000001" testcol1="fine" xtkschema="dem:sampleTableStg"/>,
  <sampleTableStg _key="@id" id="TOO-LONG-IDENTIFIER-0123456789-ABCDEF" testcol1="x" xtkschema="dem:sampleTableStg"/>,
  <sampleTableStg _key="@id" id="OK000002" colour="red" xtkschema="dem:sampleTableStg"/>,
  <sampleTableStg _key="@id" id="OK000003" testcol1="also fine"/>,
  <sampleTableStg _key="@id" id="OK000004" testcol1="fine too" xtkschema="dem:sampleTableStg"/>
];
var ok = 0, rejected = 0;
for (var i = 0; i < inputs.length; i++) {
  try {
    xtk.session.Ingest(inputs[i]);
    ok++;
  } catch (e) {
    rejected++;
    logWarning("record " + (i + 1) + " rejected: " + e.message);
  }
}
logInfo(ok + " staged, " + rejected + " rejected");
