// Call a REST service with Basic authentication. HTTP is off unless the run opens the host
// (--allow-http api.example.com): here it is not, so the call is refused before any network use.
var credentials = new MemoryBuffer();
credentials.fromString("svc-campaign:s3cret", "iso-8859-1");

var http = new HttpClientRequest("https://api.example.com/v1/orders?since=2024-01-01");
http.method = "GET";
http.header["Authorization"] = "Basic " + credentials.toBase64();
http.header["Accept"] = "application/json";
logInfo(http.method + " " + http.url);
logInfo("Authorization: " + http.header["Authorization"]);

try {
  http.execute();
  var response = http.response;
  if (response.code == 200) {
    var orders = JSON.parse(response.body.toString());
    logInfo(orders.length + " orders");
  }
} catch (e) {
  logWarning(e.message);
}

var body = new MemoryBuffer();
body.fromString('{"name":"Zoë"}', "utf-8");
logInfo("body: " + body.size + " bytes, sha256 " + body.sha256().slice(0, 16) + "…, hex " +
        body.toHexString().slice(0, 12) + "…");
