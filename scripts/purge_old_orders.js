// Monthly purge: drop orders created before the retention date, then the customers left without
// any order, with xtk.session.DeleteCollection and queryDef conditions (a link, NOT EXISTS).
// Schemas: scripts/shop_schemas.
var clients = [["mara@example.com", "IT"], ["olaf@example.com", "NO"], ["pia@example.com", "DE"]];
for each (var c in clients)
  xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email={c[0]} country={c[1]}/>);
var orders = [["R-1", 40, "2025-01-10 08:00:00", 1], ["R-2", 75, "2026-10-02 12:30:00", 1],
              ["R-3", 12, "2024-06-30 17:45:00", 2], ["R-4", 99, "2026-11-20 09:15:00", 3]];
for each (var o in orders)
  xtk.session.Write(<order xtkschema="shp:order" _operation="insert" ref={o[0]} amount={o[1]}
                           created={o[2]} customer-id={o[3]}/>);

var retention = new Date(2026, 0, 1);
var cutoff = formatDate(retention, "%4Y-%2M-%2D");
logInfo("purging orders created before " + cutoff);
xtk.session.DeleteCollection("shp:order",
  <where><condition expr={"@created < #" + cutoff + "#"}/></where>, false);

xtk.session.DeleteCollection("shp:customer",
  <where><condition expr="orders" setOperator="NOT EXISTS"/></where>, false);

var left = xtk.queryDef.create(
  <queryDef schema="shp:order" operation="select">
    <select><node expr="@ref"/><node expr="[customer/@email]"/></select>
    <orderBy><node expr="@ref"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var r in left.order) logInfo("kept " + r.@ref + " of " + r.customer.@email);
logInfo(sqlGetInt("SELECT COUNT(*) FROM ShpCustomer") + " customers left");

// a purge without a where clause is refused, never "delete everything"
try {
  xtk.session.DeleteCollection("shp:order");
} catch (e) {
  logWarning(e.message);
}
