// A file collector dropped newsletter sign-ups as XML: insert them with typed SQL straight into
// the customers' table (no Write before: the schema's table exists, as in Campaign), then count
// them per country with a queryDef. Schemas: scripts/shop_schemas.
var doc = DOMDocument.load("in/newsletter_signups.xml");
var signups = doc.getElementsByTagName("signup");
logInfo("batch " + doc.root.getAttribute("batch") + ": " + signups.length + " sign-ups");

var inserted = 0;
for each (var s in signups) {
  inserted += sqlExec("INSERT INTO ShpCustomer (sEmail, sCountry) VALUES ($(sz), $(sz))",
                      s.getValue("mail"), s.getAttribute("country"));
}
logInfo("inserted " + inserted + ", table holds " + sqlGetInt("SELECT COUNT(*) FROM ShpCustomer"));

var perCountry = xtk.queryDef.create(
  <queryDef schema="shp:customer" operation="select">
    <select><node expr="@country"/><node expr="Count(@id)" alias="@signups"/></select>
    <groupBy><node expr="@country"/></groupBy>
    <orderBy><node expr="@country"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var c in perCountry.customer) logInfo(c.@country + ": " + c.@signups);

// A table that no schema declares is still the database's business: an SQL error.
try {
  sqlExec("INSERT INTO ShpSignupArchive (sEmail) VALUES ($(sz))", "x@example.org");
} catch (e) {
  logWarning("no archive table, sign-ups not archived (" + e.message.split(":")[0] + ")");
}
task.postEvent(task.transitionByName("ok"));
