// Campaign's typed SQL placeholders: every value bound with its type, never pasted into SQL.
sqlExec("CREATE TABLE WkDelivery (iId INTEGER, sLabel VARCHAR(64), iCount INTEGER, dRate DOUBLE PRECISION, "
        + "tsSent TIMESTAMP, dDay DATE)");
var rows = [["Newsletter", 1200, 0.25, new Date(Date.UTC(2026, 0, 31, 10))],
            ["O'Brien offer", 80, 0.5, new Date(Date.UTC(2026, 1, 2, 8, 30))]];
for each (var r in rows)
  sqlExec("INSERT INTO WkDelivery (iId, sLabel, iCount, dRate, tsSent, dDay) "
          + "VALUES ($(id), $(sz), $(l), $(d), $(ts), $(dt))", r[0], r[1], r[2], r[3], r[3]);
sqlExec("INSERT INTO WkDelivery (iId, sLabel, tsSent) VALUES ($(id), $(sz), $(curdate))", "Reminder");

logInfo("sent since Feb 1st: " + sqlGetInt("SELECT count(*) FROM WkDelivery WHERE tsSent >= $(ts)",
                                           new Date(Date.UTC(2026, 1, 1))));
logInfo("label with a quote: " + sqlGetString("SELECT sLabel FROM WkDelivery WHERE sLabel = $(sz)", "O'Brien offer"));
logInfo("rate: " + sqlGetDouble("SELECT dRate FROM WkDelivery WHERE iCount > $(l) AND dDay = $(dt)", 100, "2026-01-31"));
logInfo("last sent: " + sqlGetDate("SELECT max(tsSent) FROM WkDelivery WHERE sLabel <> $(sz)", "Reminder").toISOString());
var big = sqlSelect("delivery,@label:string,@count:long",
                    "SELECT sLabel, iCount FROM WkDelivery WHERE iCount >= $(l) ORDER BY sLabel", 80);
for each (var d in big.delivery) logInfo(d.@label + ": " + d.@count);

try {
  sqlExec("UPDATE WkDelivery SET iCount = $(l) WHERE sLabel = $(sz)", "many", "Newsletter");
} catch (e) {
  logWarning(e.message);
}
try {
  sqlGetInt("SELECT count(*) FROM WkDelivery WHERE sLabel = $(sz) AND iCount = $(l)", "Newsletter");
} catch (e) {
  logWarning(e.message);
}
