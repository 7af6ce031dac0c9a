// Delete with xtk.session.IngestExt and _operation="delete": two records are staged, one is
// deleted; the golden runs the sync job after the script, so the cloud table keeps only the
// other one.
xtk.session.Ingest(<sampleTableStg _key="@id" id="KEEP0001" testcol1="kept" testcol2="a"
                                   xtkschema="dem:sampleTableStg"/>);
xtk.session.Ingest(<sampleTableStg _key="@id" id="DROP0001" testcol1="dropped" testcol2="b"
                                   xtkschema="dem:sampleTableStg"/>);

var xmlDelete = <sampleTableStg _key="@id" id="DROP0001" _operation="delete"
                                xtkschema="dem:sampleTableStg">
                </sampleTableStg>;
xtk.session.IngestExt(xmlDelete);

var gone = xtk.session.lookup("dem:sampleTableStg", "DROP0001");
logInfo("DROP0001 after delete: " + (gone === null ? "null" : gone.toXMLString()));
logInfo("KEEP0001 after delete: " + xtk.session.lookup("dem:sampleTableStg", "KEEP0001").@testcol1);
