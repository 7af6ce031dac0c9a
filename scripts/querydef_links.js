// Orders filed in folders and placed by customers: link paths become joins, 1-N links
// (customer -> orders) are counted and tested with EXISTS. Schemas: scripts/shop_schemas.
xtk.session.Write(<folder xtkschema="xtk:folder" _operation="insert" name="root" label="All orders"/>);
xtk.session.Write(<folder xtkschema="xtk:folder" _operation="insert" name="emea" label="EMEA" parent-id="1"/>);
var customers = [["ann@example.com", "FR"], ["bob@example.com", "DE"], ["cy@example.com", "FR"]];
for each (var c in customers)
  xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email={c[0]} country={c[1]}/>);
var orders = [["O-100", 120.5, 2, 1], ["O-101", 80, 2, 1], ["O-102", 15, 1, 2]];
for each (var o in orders)
  xtk.session.Write(<order xtkschema="shp:order" _operation="insert" ref={o[0]} amount={o[1]}
                           folder-id={o[2]} customer-id={o[3]}/>);

// One statement: the order, its folder and the folder's parent, its customer.
var res = xtk.queryDef.create(
  <queryDef schema="shp:order" operation="select">
    <select>
      <node expr="@ref"/>
      <node expr="[folder/@label]"/>
      <node expr="[folder/parent/@label]"/>
      <node expr="[customer/@email]"/>
    </select>
    <where><condition expr="[customer/@country] = 'FR'"/></where>
    <orderBy><node expr="@ref"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var r in res.order) {
  var path = r.folder.parent.@label.length() ? r.folder.parent.@label + " / " + r.folder.@label : r.folder.@label;
  logInfo(r.@ref + " by " + r.customer.@email + " in " + path);
}

// Customers with their order count and total, only those with an order above 50.
var best = xtk.queryDef.create(
  <queryDef schema="shp:customer" operation="select">
    <select>
      <node expr="@email"/>
      <node expr="Count([orders])" alias="@orders"/>
      <node expr="Sum([orders/@amount])" alias="@total"/>
    </select>
    <where>
      <condition expr="orders" setOperator="EXISTS"><condition expr="@amount > 50"/></condition>
    </where>
  </queryDef>).ExecuteQuery();
for each (var b in best.customer) logInfo(b.@email + ": " + b.@orders + " orders, " + b.@total);

// Customers without any order, through a subquery on the foreign key.
var idle = xtk.queryDef.create(
  <queryDef schema="shp:customer" operation="select">
    <select><node expr="@email"/></select>
    <where>
      <condition expr="@id" setOperator="NOT IN">
        <subQuery schema="shp:order"><select><node expr="[@customer-id]"/></select></subQuery>
      </condition>
    </where>
  </queryDef>).ExecuteQuery();
logInfo("no order yet: " + idle.customer.@email);

try {
  xtk.queryDef.create(<queryDef schema="shp:order">
    <select><node expr="[seller/@name]"/></select></queryDef>).ExecuteQuery();
} catch (e) {
  logWarning(e.message);
}
