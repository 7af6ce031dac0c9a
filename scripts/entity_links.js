// Entity objects follow schema links: an order's folder and customer are read as entities
// through the link's join, a customer's orders (the reverse 1-N link) as a read-only array.
// Schemas: scripts/shop_schemas (xtk:folder is built in).
var all = NLWS.xtkFolder.create({folder: {name: "orders", label: "All orders"}});
all.save();
var emea = NLWS.xtkFolder.create({folder: {name: "emea", label: "EMEA"}});
emea.parent = all;                      // sets @parent-id from the linked entity
emea.save();

var ann = NLWS.shpCustomer.create({customer: {email: "ann@example.com", country: "FR"}});
ann.save();
[["O-100", 120], ["O-101", 80.5]].forEach(function (o) {
  var order = NLWS.shpOrder.create({order: {ref: o[0], amount: o[1]}});
  order.folder = emea;
  order.customer = ann;
  order.save();
});

var order = NLWS.shpOrder.load(1);
logInfo(order.ref, "in", order.folder.parent.label + " / " + order.folder.label,
        "(folder-id " + order.folder_id + ") for", order.customer.email);

var customer = NLWS.shpCustomer.load(ann.id);
var total = 0;
customer.orders.forEach(function (o) { total += o.amount; });
logInfo(customer.email + ":", customer.orders.length, "orders,", total);
logInfo("sub-folders of " + all.label + ":", all.children.map(function (f) { return f.name; }).join(", "));

order.folder = null;                    // clears @folder-id
order.save();
logInfo(order.ref, "folder now", NLWS.shpOrder.load(1).folder);
try {
  customer.orders = [];
} catch (e) {
  logWarning(e.message);
}
