// Fails on purpose: the library has a syntax error, reported at the library's own line.
loadLibrary("cus:broken.js");
logInfo(cusTotal([1, 2]));
