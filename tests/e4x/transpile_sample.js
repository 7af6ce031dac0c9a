// A workflow-like script: queries, E4X, string building, loops (sample for the speed test).
var query = xtk.queryDef.create(
  <queryDef schema="nms:recipient" operation="select" lineCount={limit + 1}>
    <select>
      <node expr="@id"/>
      <node expr="@email"/>
      <node expr={"Lower(@lastName)"} alias="@last"/>
    </select>
    <where>
      <condition expr={"@email LIKE '%" + domain + "'"}/>
    </where>
  </queryDef>);
var res = query.ExecuteQuery();
var total = 0, names = [], seen = {};
for each (var r in res.recipient) {
  if (r.@email == "" || seen[r.@id] != undefined) continue;
  seen[r.@id] = true;
  total += 1;
  names.push(r.@last + " <" + r.@email + ">");
  if (total % 100 == 0) logInfo("processed " + total + " of " + res.recipient.length());
}
var doc = <report date={new Date().toISOString()}><count>{total}</count></report>;
for (var i = 0; i < names.length && i < 10; i++) {
  doc.appendChild(<name index={i}>{names[i]}</name>);
}
var filtered = doc.name.(@index >= 5 && text().toString().indexOf("@") > -1);
function pad(s, n) { s = String(s); while (s.length < n) s = "0" + s; return s; }
var label = typeof vars.label == "undefined" ? "none" : vars.label;
var re = /^[a-z]+<\d>$/i, ok = re.test(label) ? 1 : 0;
var t = `total=${total + ok} label=${label}`;
logInfo(t + " " + pad(total, 8) + (doc..name.length() > 0 ? " has names" : ""));
var obj = {a: 1, b: total * 2 + 1, c: function (x) { return x == null ? "" : x + "!" }};
switch (obj.a + 1) { case 2: logInfo("two"); break; default: logInfo("other") }
