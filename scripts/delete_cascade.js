// Deleting records whose links own other records (integrity="own" / revIntegrity="own"):
// the owned records go in the same transaction. Schemas: scripts/contract_schemas.
function count(schema) {
  return xtk.queryDef.create(<queryDef schema={schema} operation="count"/>).ExecuteQuery().@count;
}
["ann@example.com", "bob@example.com"].forEach(function (email) {
  xtk.session.Write(<person xtkschema="crm:person" email={email}/>);
});
[["C-1", 1, 2], ["C-2", 1, null], ["C-3", 2, 1]].forEach(function (c, i) {
  xtk.session.Write(<card xtkschema="crm:card" number={"CARD-" + (i + 1)}/>);
  var contract = <contract xtkschema="crm:contract" ref={c[0]} holder-id={c[1]} card-id={i + 1}/>;
  if (c[2] !== null) contract.@["agent-id"] = c[2];
  xtk.session.Write(contract);
});
logInfo("before:", count("crm:person"), "people,", count("crm:contract"), "contracts,", count("crm:card"), "cards");

// Ann holds C-1 and C-2 (and is the agent of C-3, a neutral link): her contracts and their cards go.
xtk.session.DeleteCollection("crm:person", <where><condition expr="@email = 'ann@example.com'"/></where>, false);
logInfo("after deleting ann:", count("crm:person"), "people,", count("crm:contract"), "contracts,",
        count("crm:card"), "cards");

// An entity delete cascades too: C-3 takes its card with it.
var c3 = NLWS.crmContract.load(3);
c3._operation = "delete";
c3.save();
logInfo("after deleting C-3:", count("crm:contract"), "contracts,", count("crm:card"), "cards");
