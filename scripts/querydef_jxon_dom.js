// A queryDef written in JXON with NLWS.xtkQueryDef, as Campaign library code writes it; the
// result is a DOM element: getElements / getFirstElement arrays, $attributes, for each.
var segments = [["C001", "Martin", "gold"], ["C002", "Dubois", "silver"], ["C003", "Garcia", "gold"],
                ["C004", "Leroy", "bronze"]];
segments.forEach(function (s) {
  xtk.session.Ingest({sampleTableStg: {xtkschema: "dem:sampleTableStg", _key: "@id",
                                       id: s[0], testcol1: s[1], testcol2: s[2]}});
});

var query = NLWS.xtkQueryDef.create({queryDef: {
  schema: "dem:sampleTableStg", operation: "select", lineCount: 10,
  select: {node: [{expr: "@id"}, {expr: "Upper(@testcol1)", alias: "@name"}, {expr: "@testcol2", alias: "segment"}]},
  where: {condition: [{expr: "@testcol2 = 'gold'", boolOperator: "OR"}, {expr: "@testcol2 = 'silver'"}]},
  orderBy: {node: {expr: "@id", sortDesc: true}}
}});
var result = query.ExecuteQuery();
var rows = result.getElements("sampleTableStg");
logInfo(rows.length + " customers in gold or silver");
rows.forEach(function (row) {
  logInfo(" - " + row.$id + " " + row.$name + " (" + row.getFirstElement("segment").textContent + ")");
});

// for each walks the child elements; $attr writes convert JavaScript values.
for each (var row in result) {
  row.$checked = new Date(Date.UTC(2026, 0, 31, 9, 30));
  row.$rank = rows.indexOf(row) + 1;
}
logInfo(result.getFirstElement("sampleTableStg").toXMLString());

var counts = NLWS.xtkQueryDef.create({queryDef: {
  schema: "dem:sampleTableStg", operation: "select",
  select: {node: [{expr: "@testcol2", alias: "@segment"}, {expr: "Count(*)", alias: "@n"}]},
  groupBy: {node: {expr: "@testcol2"}},
  orderBy: {node: {expr: "@testcol2"}}
}}).ExecuteQuery();
logInfo(counts.getElements("sampleTableStg").map(function (c) { return c.$segment + "=" + c.$n; }).join(", "));

var one = NLWS.xtkQueryDef.create({queryDef: {schema: "dem:sampleTableStg", operation: "getIfExists",
  select: {node: {expr: "@testcol1"}}, where: {condition: {expr: "@id = 'C999'"}}}}).ExecuteQuery();
logInfo("C999 exists: " + one.hasAttribute("testcol1"));

try {
  NLWS.xtkQueryDef.create({queryDef: {schema: "dem:sampleTableStg", operation: "get",
    where: {condition: {expr: "@id = 'C999'"}}}}).ExecuteQuery();
} catch (e) {
  logWarning(e.message);
}
