// Dates and text helpers in log lines and queries: formatDate codes, parseTimeStamp on values
// from XML, Format.toISO8601 in a condition, escapeXmlStr and escapeUrl when building text.
var now = getCurrentDate();
logInfo("Started " + formatDate(now, "%Al %D %Bl %4Y at %02H:%02N:%02S"));
logInfo("file name: export_" + formatDate(now, "%4Y%2M%2D_%2H%2N%2S") + ".csv");
logInfo("Paris time: " + formatDate(now, "%2H:%2N", "Europe/Paris") + ", week " + formatDate(now, "%W"));

var rows = <rows>
  <row id="R1" label="Tom &amp; Jerry" created="2024-06-01 09:30:00.000Z"/>
  <row id="R2" label="Système &lt;fr&gt;" created="2024-06-28T18:00:00+02:00"/>
</rows>;
for each (var row in rows.row) {
  var created = parseTimeStamp(row.@created);
  var ageDays = Math.floor((now - created) / 86400000);
  xtk.session.Ingest(<sampleTableStg _key="@id" id={row.@id} testcol1={row.@label}
                                     testcol2={Format.toXtkDateTime(created)} xtkschema="dem:sampleTableStg"/>);
  logInfo(row.@id + " created " + formatDate(created, "%2D/%2M/%4Y %2H:%2N") + " (" + ageDays + " days ago)");
  logInfo("  xml: <label>" + escapeXmlStr(row.@label) + "</label>");
  logInfo("  url: https://example.com/track?label=" + escapeUrl(row.@label));
}

var since = new Date(now.getTime() - 7 * 86400000);
var recent = xtk.queryDef.create(
  <queryDef schema="dem:sampleTableStg" operation="count">
    <where><condition expr={"@testcol2 >= '" + Format.toISO8601(since).substring(0, 10) + "'"}/></where>
  </queryDef>).ExecuteQuery();
logInfo("created in the last 7 days (since " + Format.formatDateTimeInter(since) + "): " + recent.@count);
