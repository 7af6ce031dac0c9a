// Segmenting recipients in the query itself: Case(When(...), Else(...)) buckets by age,
// Decode(...) maps the gender enumeration to a label. One SQL statement.
var people = [["ann@example.com", 2, "1990-05-17"], ["bob@example.com", 1, "1958-11-02"],
              ["cy@example.com", 0, null]];
people.forEach(function (p) {
  xtk.session.Write({recipient: {xtkschema: "nms:recipient", email: p[0], gender: p[1], birthDate: p[2]}});
});

var res = NLWS.xtkQueryDef.create({queryDef: {
  schema: "nms:recipient", operation: "select",
  select: {node: [
    {expr: "@email"},
    {expr: "Decode(@gender, 1, 'Mr', 2, 'Ms', '-')", alias: "@title"},
    {expr: "Case(When(@birthDate IS NULL, 'unknown'), When(@birthDate < #1970-01-01#, 'senior'), Else('adult'))",
     alias: "@segment"}
  ]},
  where: {condition: {expr: "Decode(@gender, 0, 0, 1) = 1 OR @email LIKE 'cy%'"}},
  orderBy: {node: {expr: "@email"}}
}}).ExecuteQuery();

res.getElements("recipient").forEach(function (r) {
  logInfo(r.$email, r.$title, r.$segment);
});

try {
  xtk.queryDef.create(<queryDef schema="nms:recipient" operation="select">
    <select><node expr="Case(@gender = 1, 'Mr')" alias="@title"/></select>
  </queryDef>).ExecuteQuery();
} catch (e) {
  logWarning(e.message);
}
