// Insert / update with xtk.session.IngestExt (Campaign v8 API "Update or delete data"): the record
// of the reconciliation example is staged, then updated; the pending staging row shows the
// updated record, as in Campaign. The golden runs the sync job after the script.
var xmlStagingSampleTable = <sampleTableStg  _key="@id" id="ABC12345"
                              testcol1="testValue1"
                              testcol2="testValue2"
                              xtkschema="dem:sampleTableStg">
                            </sampleTableStg>;
xtk.session.Ingest(xmlStagingSampleTable);

var xmlStagingRecipient = <sampleTableStg  _key="@id" id="ABC12345"
                              testcol1="testValue A (updated)"
                              testcol2="testValue B (updated)"
                              xtkschema="dem:sampleTableStg">
                            </sampleTableStg>;
var ret = xtk.session.IngestExt(xmlStagingRecipient);
logInfo("IngestExt returned " + ret);

// Insert is working whether the record key is not in the staging table.
xtk.session.IngestExt(<sampleTableStg _key="@id" id="NEW00001" testcol1="inserted by IngestExt"
                                      xtkschema="dem:sampleTableStg"/>);

var staged = xtk.session.lookup("dem:sampleTableStg", "ABC12345");
logInfo("staged: " + staged.@testcol1 + " / " + staged.@testcol2);
