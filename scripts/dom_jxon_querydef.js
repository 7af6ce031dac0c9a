// A queryDef written in JXON, as Campaign's own library code writes them, and its result read
// with the DOM: getElements, $attributes, forEach on the arrays the DOM returns.
function stage(id, name, segment) {
  xtk.session.Ingest({sampleTableStg: {_key: "@id", id: id, testcol1: name, testcol2: segment,
                                       xtkschema: "dem:sampleTableStg"}});
}
stage("A1", "alpha", "gold");
stage("B2", "beta", "silver");
stage("C3", "gamma", "gold");

var query = NLWS.xtkQueryDef.create({queryDef: {
  schema: "dem:sampleTableStg", operation: "select",
  select: {node: [{expr: "@id"}, {expr: "@testcol1", alias: "@name"}]},
  where: {condition: [{expr: "@testcol2 = '" + "gold" + "'"}]},
  orderBy: {node: {expr: "@id"}}
}});
var result = DOMDocument.fromXMLString(query.ExecuteQuery().toXMLString());
var rows = result.root.getElements("sampleTableStg");
logInfo(rows.length + " gold record(s)");
rows.forEach(function (row) {
  logInfo(" - " + row.$id + ": " + row.$name);
});
var names = rows.map(function (row) { return row.getAttribute("name"); }).join(", ");
logInfo("names: " + names);

// The same query as a DOM document built node by node.
var q = new DOMDocument("queryDef");
q.root.$schema = "dem:sampleTableStg";
q.root.$operation = "count";
var where = q.root.appendChild(q.createElement("where"));
where.appendChild({condition: {expr: "@testcol2 = 'silver'"}});
logInfo("silver: " + xtk.queryDef.create(q).ExecuteQuery().@count);
