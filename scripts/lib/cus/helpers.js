// cus:helpers.js: shared helpers of the sample workflows (loaded with loadLibrary).
loadLibrary("xtk:shared/nl.js");
NL.require("/nl/core/sql.js").require("/nl/core/shared/xml.js");

var CUS_HELPERS_VERSION = "1.3";

function cusPad(value, width) {
  var s = String(value);
  while (s.length < width) s = "0" + s;
  return s;
}

function cusRecordXml(id, label) {
  return <sampleTableStg xtkschema="dem:sampleTableStg" id={id} testcol1={label}/>;
}

function cusWhereLabel(label) {
  return "sTestcol1 = " + NL.SQL.escape(label);
}
