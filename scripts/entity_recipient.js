// Entity objects as a Campaign workflow uses them: create recipients with NLWS, save them,
// load one back by its primary key, modify it and save again, then read the result with a
// queryDef. nms:recipient is xtkjs's built-in subset of Campaign's recipient schema.
var people = [
  {email: "ann.martin@example.com", firstName: "Ann", lastName: "Martin", gender: 2},
  {email: "bob.dubois@example.com", firstName: "Bob", lastName: "Dubois", gender: 1},
  {email: "chloe@example.com", firstName: "Chloé"}
];
var ids = [];
for (var i = 0; i < people.length; i++) {
  var recipient = NLWS.nmsRecipient.create({recipient: people[i]});
  recipient.save();                       // insert: the id, the uuid and the defaults are set
  ids.push(recipient.id);
  logInfo("created recipient " + recipient.id + " <" + recipient.email + ">");
}

// Load by primary key, change two fields, save (an update).
var chloe = NLWS.nmsRecipient.load(ids[2]);
chloe.lastName = "Lefèvre";
chloe.$blackListEmail = true;             // Campaign's $-spelling works too
chloe.save();
logInfo("updated " + chloe.firstName + " " + chloe.lastName + ", created " + chloe.created.toISOString());

// The E4X spelling of a field, and the record as XML.
var bob = nms.recipient.load(ids[1]);
logInfo("bob's gender code: " + bob["@gender"]);

var res = xtk.queryDef.create(
  <queryDef schema="nms:recipient" operation="select">
    <select>
      <node expr="@id"/>
      <node expr="@email"/>
      <node expr="@lastName"/>
      <node expr="@blackListEmail"/>
    </select>
    <orderBy><node expr="@id"/></orderBy>
  </queryDef>).ExecuteQuery();
for each (var r in res.recipient)
  logInfo(r.@id + ": " + r.@email + " " + r.@lastName + (r.@blackListEmail == "1" ? " (no email)" : ""));
