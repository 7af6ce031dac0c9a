// Weekly data-quality report: customers per e-mail domain, addresses that need cleaning, and
// order amounts rounded for the finance export. Expression functions scripts commonly use:
// GetEmailDomain, Lower, LTrim/RTrim, Replace, IfEmpty, Round, Floor, Mod. Schemas: scripts/shop_schemas.
var rows = [[" Kim.Ode@Mail.example ", "DE"], ["ravi@corp.example", ""], ["lu@mail.example", "CN"],
            ["no-at-sign.example", "FR"]];
for each (var r in rows)
  xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email={r[0]} country={r[1]}/>);
for each (var o in [["Q-1", 19.994, 1], ["Q-2", 250.5, 1], ["Q-3", 7.25, 3]])
  xtk.session.Write(<order xtkschema="shp:order" _operation="insert" ref={o[0]} amount={o[1]} customer-id={o[2]}/>);

var domains = xtk.queryDef.create(
  <queryDef schema="shp:customer" operation="select">
    <select>
      <node expr="IfEmpty(Lower(RTrim(GetEmailDomain(@email))), '(none)')" alias="@domain"/>
      <node expr="Count(@id)" alias="@customers"/>
    </select>
    <groupBy><node expr="Lower(RTrim(GetEmailDomain(@email)))"/></groupBy>
    <orderBy><node expr="IfEmpty(Lower(RTrim(GetEmailDomain(@email))), '(none)')"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var d in domains.customer) logInfo(d.@domain + ": " + d.@customers);

var dirty = xtk.queryDef.create(
  <queryDef schema="shp:customer" operation="select">
    <select>
      <node expr="@id"/>
      <node expr="Lower(Replace(LTrim(RTrim(@email)), ' ', ''))" alias="@clean"/>
      <node expr="IfEmpty(@country, '??')" alias="@cc"/>
    </select>
    <where>
      <condition expr="@email != Lower(LTrim(RTrim(@email)))" boolOperator="OR"/>
      <condition expr="IsEmpty(@country)"/>
    </where>
    <orderBy><node expr="@id"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var c in dirty.customer) logInfo("fix #" + c.@id + ": '" + c.@clean + "' country " + c.@cc);

var finance = xtk.queryDef.create(
  <queryDef schema="shp:order" operation="select">
    <select>
      <node expr="@ref"/>
      <node expr="Round(@amount, 2)" alias="@amount2"/>
      <node expr="Floor(@amount)" alias="@units"/>
      <node expr="Mod(Floor(@amount), 7)" alias="@bucket"/>
    </select>
    <orderBy><node expr="@ref"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var f in finance.order) logInfo(f.@ref + ";" + f.@amount2 + ";" + f.@units + ";" + f.@bucket);
