// Prepare a signed export request for a partner API from an XML configuration file, wait
// between status checks, and leave an HTML report for the notification e-mail: the Campaign
// global functions such a workflow script calls (loadXmlFile, getUUID, HMACStr, sleep,
// encodeHtml, fileGetTempName, fileRename, fileSize, getEnv).
var api = loadXmlFile("api.xml");
var requestId = getUUID();
var stringToSign = "GET\n" + api.@endpoint + "\n" + requestId;
var signature = HMACStr(stringToSign, String(api.@secret), "sha256");
logInfo("request " + requestId + " to " + api.@endpoint);
logInfo("signature " + signature);

// The region comes from the instance configuration when the run allows it.
var region;
try {
  region = getEnv("BOUTIQUE_REGION");
} catch (e) {
  logWarning(e.message);
  region = "eu";
}

// Poll a status that turns ready at the third check.
var attempts = parseInt(api.poll.@attempts, 10), status = "pending";
for (var i = 1; i <= attempts && status != "ready"; i++) {
  sleep(parseInt(api.poll.@waitMs, 10));
  status = i == 3 ? "ready" : "pending";
  logInfo("check " + i + ": " + status);
}

var html = "<html><body><h1>" + encodeHtml(api.@name + " export (" + region + ")") + "</h1>" +
  "<p>Status: " + encodeHtml(status) + "</p>" +
  "<p title='" + encodeHtml("Tom's \"signed\" <request>") + "'>" + encodeHtml(signature.substr(0, 12)) + "&hellip;</p>" +
  "</body></html>";
var scratch = fileGetTempName("html");
saveFile(html, scratch);
fileRename(scratch, "export_report.html");
logInfo("report: " + fileSize("export_report.html") + " bytes");
logInfo(loadFile("export_report.html"));
