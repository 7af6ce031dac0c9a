// cus:counters.js: found as lib/cus_counters.js (the flat spelling of a library name).
var cusCounter = 0;
function cusNext() { return ++cusCounter; }
