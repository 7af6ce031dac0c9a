// A script that fails on purpose with logError: Campaign logs the message and stops the
// activity; the row staged before the error is kept (no --atomic).
logInfo("staging the header row");
xtk.session.Ingest(<sampleTableStg _key="@id" id="HDR00001" testcol1="header" xtkschema="dem:sampleTableStg"/>);

var rows = 0;
if (rows === 0) {
  logError("no rows to import for " + instance.internalName + ": stopping the workflow");
}
logInfo("never printed");
