// Shared code in libraries: loadLibrary evaluates a library once per run, in the global scope.
loadLibrary("cus:helpers.js");
loadLibrary("cus:helpers.js");          // already loaded: nothing happens
loadLibrary("cus:counters.js");

logInfo("helpers " + CUS_HELPERS_VERSION + ", counter " + cusNext() + "," + cusNext());

for (var i = 1; i <= 2; i++) {
  var id = "LIB" + cusPad(i, 4);
  xtk.session.Ingest(cusRecordXml(id, "O'Brien #" + i));
}
logInfo(cusWhereLabel("O'Brien #1"));
logInfo("rows: " + sqlGetInt("SELECT count(*) FROM DemSampleTableStg WHERE " + cusWhereLabel("O'Brien #1")));

// Campaign's own helper library, built into xtkjs.
loadLibrary("xtk:common.js");
logInfo(NL.XML.escape("a < b & c"), NL.XML.escapeAttribute('say "hi"'), NL.JS.escape("it's"));
logInfo(NL.isEmpty(""), NL.isEmpty("x"), NL.isEmpty([]));
try {
  NL.require("/nl/core/shared/unknownModule.js");
} catch (e) {
  logWarning(e.message);
}
