// The documents the Campaign v8 SOAP examples carry, sent from a workflow instead:
// Ingest without key (a UUID comes back), Ingest with _key (an empty string comes back),
// then IngestExt updating the keyed record. The golden syncs to the cloud table after the run.
var noKey = <sampleTableStg
                testcol1="Test Value 1 (from SOAP)"
                testcol2="Test Value 2 (from SOAP)"
                xtkschema="dem:sampleTableStg">
            </sampleTableStg>;
logInfo("pstrSUuids: " + xtk.session.Ingest(noKey));

var withKey = <sampleTableStg  _key="@id" id="ABDCD321"
                 testcol1="Test Value 1 (from SOAP)"
                 testcol2="Test Value 2 (from SOAP)"
                 xtkschema="dem:sampleTableStg">
             </sampleTableStg>;
logInfo("pstrSUuids: [" + xtk.session.Ingest(withKey) + "]");

var update = <sampleTableStg  _key="@id" id="ABDCD321"
                testcol1="Test Value E (from SOAP)"
                testcol2="Test Value F (from SOAP)"
                xtkschema="dem:sampleTableStg">
            </sampleTableStg>;
xtk.session.IngestExt(update);
logInfo("IngestExtResponse");
