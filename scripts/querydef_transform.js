// A typical data workflow: read staged records with a queryDef, transform each one with E4X
// (normalise the names, derive a label), and ingest the result as updates.
var raw = [["C001", "  martin ", "paris"], ["C002", "DUBOIS", "lyon"], ["C003", "lefèvre", "NANTES"],
           ["C004", "garcia", ""]];
for (var i = 0; i < raw.length; i++) {
  xtk.session.Ingest(<sampleTableStg _key="@id" id={raw[i][0]} testcol1={raw[i][1]} testcol2={raw[i][2]}
                                     xtkschema="dem:sampleTableStg"/>);
}

var query = <queryDef schema="dem:sampleTableStg" operation="select">
              <select>
                <node expr="@id"/>
                <node expr="@testcol1"/>
                <node expr="@testcol2"/>
              </select>
              <where><condition expr="@testcol2 IS NOT NULL"/></where>
              <orderBy><node expr="@id"/></orderBy>
            </queryDef>;
var rows = xtk.queryDef.create(query).ExecuteQuery();
logInfo("read " + rows.sampleTableStg.length() + " records");

function capitalise(s) {
  s = String(s).replace(/^\s+|\s+$/g, "").toLowerCase();
  return s.charAt(0).toUpperCase() + s.substr(1);
}

var updates = <updates/>;
for each (var r in rows.sampleTableStg) {
  var name = capitalise(r.@testcol1);
  var city = r.@testcol2.toString() == "" ? "(unknown)" : capitalise(r.@testcol2);
  var out = <sampleTableStg _key="@id" xtkschema="dem:sampleTableStg"/>;
  out.@id = r.@id;
  out.@testcol1 = name;
  out.@testcol2 = city;
  updates.appendChild(out);
}

for each (var u in updates.sampleTableStg) {
  xtk.session.IngestExt(u);
  logInfo(u.@id + " -> " + u.@testcol1 + ", " + u.@testcol2);
}

var count = xtk.queryDef.create(<queryDef schema="dem:sampleTableStg" operation="count">
                                  <where><condition expr="@testcol2 = '(unknown)'"/></where>
                                </queryDef>).ExecuteQuery();
logInfo("without a city: " + count.@count);
