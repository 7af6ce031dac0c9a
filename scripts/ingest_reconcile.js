// Insert with reconciliation (Campaign v8 API): with _key the record carries its own key and
// Ingest returns an empty string instead of a UUID.
var xmlStagingSampleTable = <sampleTableStg  _key="@id" id="ABC12345"
                              testcol1="testValue1"
                              testcol2="testValue2"
                              xtkschema="dem:sampleTableStg">
                            </sampleTableStg>;
strUuid = xtk.session.Ingest(xmlStagingSampleTable);
logInfo(strUuid);
logInfo("returned " + (strUuid === "" ? "an empty string" : "a UUID"));
