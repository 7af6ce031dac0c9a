// SQL maintenance in a workflow: a work table managed with sqlExec, checked with sqlGetInt /
// sqlGetString / sqlSelect, and a watermark kept with setOption / getOption.
sqlExec("CREATE TABLE WkfPurgeLog (sLabel VARCHAR(64), iRows INTEGER, sState VARCHAR(16))");

var labels = ["orders", "bounces", "tracking", "sessions"];
for (var i = 0; i < labels.length; i++) {
  sqlExec("INSERT INTO WkfPurgeLog (sLabel, iRows, sState) VALUES ($1, $2, $3)",
          labels[i], (i + 1) * 250, "pending");
}
logInfo("rows to purge: " + sqlGetInt("SELECT SUM(iRows) FROM WkfPurgeLog WHERE sState = $1", "pending"));

var done = sqlExec("UPDATE WkfPurgeLog SET sState = 'done' WHERE iRows >= $1", 500);
logInfo("marked done: " + done);

var removed = sqlExec("DELETE FROM WkfPurgeLog WHERE sLabel = $1", "sessions");
logInfo("removed: " + removed);

logInfo("first pending: " + sqlGetString("SELECT sLabel FROM WkfPurgeLog WHERE sState = $1 ORDER BY sLabel",
                                          "pending"));
logInfo("none: [" + sqlGetString("SELECT sLabel FROM WkfPurgeLog WHERE sState = 'nope'") + "]");

var sel = sqlSelect("log,@label:string,@rows:long", "SELECT sLabel, iRows FROM WkfPurgeLog ORDER BY sLabel");
for each (var l in sel.log) {
  logInfo(l.@label + "=" + l.@rows);
}

var last = getOption("purgeWatermark");
logInfo("previous watermark: [" + last + "]");
setOption("purgeWatermark", "batch-1");
logInfo("watermark now: " + getOption("purgeWatermark"));

try {
  sqlExec("SELECT * FROM NoSuchTable");
} catch (e) {
  logWarning("expected failure: " + e.message.split("\n")[0]);   // the text varies by database
}
