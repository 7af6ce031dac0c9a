// Export for an ad partner: customers identified only by the SHA-256 of their normalised
// e-mail address (and an MD5 batch checksum), never the address itself. Schemas: scripts/shop_schemas.
var list = [["  Sofia.Rossi@Example.IT ", "IT"], ["jan.novak@example.cz", "CZ"], ["li.wei@example.cn", "CN"]];
for each (var c in list)
  xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email={c[0]} country={c[1]}/>);

var res = xtk.queryDef.create(
  <queryDef schema="shp:customer" operation="select">
    <select><node expr="@email"/><node expr="@country"/></select>
    <orderBy><node expr="@id"/></orderBy>
  </queryDef>).ExecuteQuery();

var lines = ["hashed_email;country"];
for each (var r in res.customer) {
  var normalised = String(r.@email).replace(/^\s+|\s+$/g, "").toLowerCase();
  lines.push(digestStrSha256(normalised) + ";" + r.@country);
}
var body = lines.join("\n") + "\n";
saveFile(body, "partner_audience.csv");
logInfo("rows: " + (lines.length - 1) + ", checksum " + digestStrMd5(body));
logInfo(loadFile("partner_audience.csv").split("\n")[1]);
logInfo("same hash for the same person: " +
        (digestStrSha256("sofia.rossi@example.it") === lines[1].split(";")[0]));
