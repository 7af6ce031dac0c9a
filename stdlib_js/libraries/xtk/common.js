// xtk:common.js, xtkjs's built-in version: the NL helpers of xtk:shared/nl.js with the core
// modules they are used with (NL.XML, NL.SQL, NL.JS) already loaded.
loadLibrary("xtk:shared/nl.js");
NL.require("/nl/core/shared/xml.js").require("/nl/core/sql.js").require("/nl/core/shared/js.js");
