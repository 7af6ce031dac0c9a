"""The column of an autopk schema's generated key is Campaign's `i<Element>Id`
(`iRecipientId` in NmsRecipient), on SQLite and PostgreSQL: raw SQL written for Campaign joins
on it, link foreign keys point at it, and a store made by an older xtkjs (column `iId`) is
migrated in place with its rows and its id sequence kept."""
from __future__ import annotations

from sqlalchemy import MetaData

from runtime.options import RunOptions
from runtime.xtk import schema as S
from runtime.xtk.store import build_table, get_engine, store_url
from xtk_helpers import dump, lines, schema_dir

SHOP = """<srcSchema name="{name}" namespace="shp">
  <element name="{name}" autopk="true">
    {body}
  </element>
</srcSchema>
"""
CUSTOMER = SHOP.format(name="customer", body='<attribute name="email" type="string" length="80"/>'
                                            '<attribute name="country" type="string" length="2"/>')
ORDER = SHOP.format(name="order", body='<attribute name="amount" type="double"/>'
                                      '<element name="customer" type="link" target="shp:customer"/>')


def _shop(tmp_path):
    d = schema_dir(tmp_path, CUSTOMER, "customer.xml")
    (d / "order.xml").write_text(ORDER)
    return d


def test_autopk_column_is_i_element_id_and_an_explicit_sqlname_wins():
    (c,) = S.parse_schema(CUSTOMER)
    assert c.fields["id"].sqlname == "iCustomerId" and c.keys == ["id"]
    (declared,) = S.parse_schema("""<srcSchema name="deliveryLog" namespace="cus">
      <element name="deliveryLog" autopk="true"><attribute name="id" type="long" label="Log id"/></element>
    </srcSchema>""")
    assert declared.fields["id"].sqlname == "iDeliveryLogId" and declared.fields["id"].label == "Log id"
    (named,) = S.parse_schema("""<srcSchema name="thing" namespace="cus">
      <element name="thing" autopk="true"><attribute name="id" type="long" sqlname="iThingKey"/></element>
    </srcSchema>""")
    assert named.fields["id"].sqlname == "iThingKey"


def test_builtin_recipient_key_column_is_iRecipientId():
    reg = S.load_registry()
    assert reg.get("nms:recipient").fields["id"].sqlname == "iRecipientId"


def test_raw_sql_joins_orders_to_customers_on_campaign_column_names(run_js, store_opts, tmp_path):
    opts = {**store_opts, "schema_dirs": [_shop(tmp_path)]}
    r = run_js("""
        xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email="a@x"/>);
        xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email="b@x"/>);
        xtk.session.Write(<order xtkschema="shp:order" _operation="insert" amount="12.5" customer-id="2"/>);
        sqlExec("UPDATE ShpCustomer SET sCountry = 'FR' WHERE iCustomerId = $(l)", 1);
        logInfo(sqlGetString("SELECT c.sEmail FROM ShpOrder o JOIN ShpCustomer c ON o.iCustomerId = c.iCustomerId"));
        logInfo(sqlGetInt("SELECT iOrderId FROM ShpOrder"));
        var q = xtk.queryDef.create(<queryDef schema="shp:order" operation="select">
          <select><node expr="@id"/><node expr="[customer/@email]" alias="@email"/></select></queryDef>).ExecuteQuery();
        logInfo(q.order.@id, q.order.@email);""", **opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["b@x", "1", "1 b@x"]
    assert [(x["id"], x.get("country")) for x in dump(opts, "shp:customer")] == [(1, "FR"), (2, None)]


def test_the_old_iId_column_is_an_error_in_raw_sql(run_js, store_opts, tmp_path):
    opts = {**store_opts, "schema_dirs": [_shop(tmp_path)]}
    r = run_js("""
        xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email="a@x"/>);
        sqlGetInt("SELECT iId FROM ShpCustomer");""", **opts)
    assert r.code != 0
    assert "iid" in r.err.lower() and ("no such column" in r.err or "does not exist" in r.err)


def test_a_store_made_with_the_old_iId_column_is_migrated_in_place(run_js, store_opts, tmp_path):
    opts = {**store_opts, "schema_dirs": [_shop(tmp_path)]}
    (legacy,) = S.parse_schema(CUSTOMER.replace('<attribute name="email"',
                                                '<attribute name="id" type="long" sqlname="iId"/><attribute name="email"'))
    engine = get_engine(store_url(RunOptions(**opts), "cloud"))   # shp:customer's home store
    with engine.begin() as conn:   # the table as xtkjs made it before the rename, with one row
        table = build_table(legacy, MetaData())
        table.create(conn)
        conn.execute(table.insert().values(sEmail="old@x"))
    r = run_js("""
        xtk.session.Write(<customer xtkschema="shp:customer" _operation="insert" email="new@x"/>);
        logInfo(sqlGetString("SELECT sEmail FROM ShpCustomer WHERE iCustomerId = 1"));""", **opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["old@x"]
    rows = dump(opts, "shp:customer")
    assert [(x["id"], x["email"]) for x in rows] == [(1, "old@x"), (2, "new@x")]   # the id sequence goes on
