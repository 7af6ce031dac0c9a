"""A filter predicate `x.(…)` keeps exactly the items for which it is true, in document order."""


def test_filter_keeps_every_matching_item_in_order(run_js):
    r = run_js("""
var orders = <orders>
  <order id="1" status="open"/><order id="2" status="closed"/><order id="3" status="open"/>
  <order id="4" status="open"/><order id="5" status="closed"/>
</orders>;
var open = orders.order.(@status == "open");
logInfo(open.length(), open.@id.toXMLString().split("\\n").join(","));
logInfo(orders.order.(@status == "none").length());
logInfo(orders.order.(true).length(), orders.order.(false).length());
var ids = [];
for each (var o in orders.order.(@id > 2)) ids.push(String(o.@id));
logInfo(ids.join(","));
""")
    assert r.code == 0, r.err
    assert r.out == "3 1,3,4\n0\n5 0\n3,4,5\n"
