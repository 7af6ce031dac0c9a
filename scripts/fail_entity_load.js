// Fails on purpose: loading a recipient that does not exist stops the script with an error
// naming the line (the record created before it stays: Campaign semantics).
var r = NLWS.nmsRecipient.create({recipient: {email: "kept@example.com"}});
r.save();
logInfo("saved " + r.id);
var missing = NLWS.nmsRecipient.load(r.id + 100);
logInfo("not reached");
