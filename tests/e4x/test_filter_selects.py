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


def test_a_filter_over_one_element_a_comma_predicate_and_a_predicate_that_throws(run_js):
    # each compiled filter loops over its own items (runtime/e4x/filters.py): one XML value is a
    # list of one; the predicate's value (the last of a comma expression) decides; a throw ends
    # the filter with no result, at the user's line
    r = run_js("""var one = <r a="1"><c/></r>, seen = 0;
logInfo(one.(@a == 1).length(), one.(@a == 2).length(), one.(seen++, @a == 1).length(), seen);
var l = <l><i n="1"/><i n="2"/><i n="3"/></l>, kept;
try { kept = l.i.(@n == 3 ? missing : true); } catch (e) { logInfo(e.name, String(kept)); }
logInfo(l.i.(l.i.(@n > 1).length() == 2).length());
""")
    assert r.code == 0, r.err
    assert r.out == "1 0 1 1\nReferenceError undefined\n3\n"
