// Clean-up step of a workflow: delete the test recipients in one call with
// xtk.session.DeleteCollection and a where clause, then count what is left.
var domains = ["example.com", "test.invalid", "example.com", "test.invalid", "partner.org"];
for (var i = 0; i < domains.length; i++) {
  NLWS.nmsRecipient.create({recipient: {email: "user" + i + "@" + domains[i], lastName: "User " + i}}).save();
}
function count() {
  return xtk.queryDef.create(<queryDef schema="nms:recipient" operation="count"/>).ExecuteQuery().@count;
}
logInfo("before: " + count() + " recipients");

xtk.session.DeleteCollection("nms:recipient",
  <where>
    <condition expr="@email LIKE '%@test.invalid'"/>
  </where>, false);
logInfo("after removing test addresses: " + count());

// The NLWS spelling and a JXON where clause.
NLWS.xtkSession.DeleteCollection("nms:recipient",
  {where: {condition: [{expr: "@lastName = 'User 0'", boolOperator: "OR"}, {expr: "@lastName = 'User 4'"}]}}, false);
logInfo("after removing two more: " + count());
