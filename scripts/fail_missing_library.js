// Fails on purpose: the library is in none of the library folders.
loadLibrary("cus:missing.js");
logInfo("not reached");
