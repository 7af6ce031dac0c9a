"""Schema links in queryDefs: joins, 1-N collections, subqueries; one SQL statement each."""
import pytest
from query_helpers import SHOP, query, shop  # noqa: F401 - fixture

from runtime.xtk.querydef import QueryDefError


def refs(out: str, element: str = "order", attr: str = "ref") -> list[str]:
    import re

    return re.findall(rf'<{element} [^>]*?{attr}="([^"]*)"', out)


def test_link_paths_join_and_nest_their_values(shop):
    out = query(shop, '<queryDef schema="shp:order"><select><node expr="@ref"/>'
                      '<node expr="[folder/@label]"/><node expr="[folder/parent/@label]"/><node expr="[customer/@email]"/>'
                      '</select><orderBy><node expr="@ref"/></orderBy></queryDef>')
    assert out == ('<order-collection>'
                   '<order ref="O1"><folder label="Sales"><parent label="Root"/></folder><customer email="ann@x.com"/></order>'
                   '<order ref="O2"><customer email="ann@x.com"/></order>'
                   '<order ref="O3"><folder label="Root"/><customer email="bob@x.com"/></order>'
                   '</order-collection>')


def test_default_foreign_key_follows_campaign_naming(shop):
    schema = shop.registry.get("shp:order")
    assert schema.fields["folder-id"].sqlname == "iFolderId"      # declared by <join xpath-src="@folder-id">
    assert schema.fields["customer-id"].sqlname == "iCustomerId"  # no <join>: link name + target key
    assert schema.links["customer"].joins == [("customer-id", "id")]
    assert shop.registry.get("shp:customer").links["orders"].unbound   # the reverse link (revLink)


def test_exists_and_not_exists_on_a_1_n_link_filter_by_the_linked_records(shop):
    exists = query(shop, '<queryDef schema="shp:customer"><select><node expr="@email"/></select>'
                         '<where><condition expr="orders" setOperator="EXISTS"><condition expr="@amount &gt; 6"/>'
                         '</condition></where></queryDef>')
    assert refs(exists, "customer", "email") == ["ann@x.com"]
    none = query(shop, '<queryDef schema="shp:customer"><select><node expr="@email"/></select>'
                       '<where><condition expr="[orders]" setOperator="NOT EXISTS"/></where></queryDef>')
    assert refs(none, "customer", "email") == ["cy@x.com"]


def test_aggregates_over_a_1_n_link_are_correlated_subqueries(shop):
    out = query(shop, '<queryDef schema="shp:customer"><select><node expr="@email"/>'
                      '<node expr="Count([orders])" alias="@n"/><node expr="Sum([orders/@amount])" alias="@total"/>'
                      '<node expr="Max([orders/folder/@label])" alias="@folder"/></select>'
                      '<orderBy><node expr="@email"/></orderBy></queryDef>')
    assert out == ('<customer-collection><customer email="ann@x.com" n="2" total="30.5" folder="Sales"/>'
                   '<customer email="bob@x.com" n="1" total="5" folder="Root"/><customer email="cy@x.com" n="0"/>'
                   '</customer-collection>')


@pytest.mark.parametrize("op, expected", [("IN", ["O1", "O2"]), ("NOT IN", ["O3"]), ("NOTIN", ["O3"])])
def test_subquery_in_and_not_in(shop, op, expected):
    out = query(shop, f'<queryDef schema="shp:order"><select><node expr="@ref"/></select><where>'
                      f'<condition expr="[@customer-id]" setOperator="{op}"><subQuery schema="shp:customer">'
                      f'<select><node expr="@id"/></select><where><condition expr="@country = \'FR\'"/></where>'
                      f'</subQuery></condition></where><orderBy><node expr="@ref"/></orderBy></queryDef>')
    assert refs(out) == expected


def test_exists_subquery(shop):
    out = query(shop, '<queryDef schema="shp:order" operation="count"><where>'
                      '<condition setOperator="EXISTS"><subQuery schema="shp:customer"><where>'
                      '<condition expr="@country = \'DE\'"/></where></subQuery></condition></where></queryDef>')
    assert out == '<order count="3"/>'


def test_each_query_is_one_sql_statement(shop):
    from sqlalchemy import event

    doc = ('<queryDef schema="shp:customer"><select><node expr="@email"/>'
           '<node expr="Count([orders])" alias="@n"/><node expr="Max([orders/customer/@country])" alias="@c"/></select>'
           '<where><condition expr="orders" setOperator="EXISTS"><condition expr="[folder/@label] = \'Sales\'"/>'
           '</condition></where></queryDef>')
    query(shop, doc)   # first use: tables are checked
    engine = shop.stores.local.engine
    seen = []

    def record(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO", "BEGIN", "COMMIT")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert query(shop, doc) == '<customer-collection><customer email="ann@x.com" n="2" c="FR"/></customer-collection>'
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(seen) == 1, seen
    assert "LEFT OUTER JOIN" in seen[0] and "EXISTS" in seen[0]


def test_a_link_to_a_table_never_written_reads_as_empty_and_creates_nothing(store_opts):
    from query_helpers import _doc, one_database

    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession

    with XtkSession(RunOptions(**one_database(store_opts), schema_dirs=[SHOP])) as s:
        s.write(_doc("order", "shp:order", {"ref": "X", "folder-id": 9}))
        out = query(s, '<queryDef schema="shp:order"><select><node expr="@ref"/>'
                       '<node expr="[folder/@label]"/><node expr="Count([customer/orders])" alias="@n"/></select>'
                       '<where><condition expr="[folder/@label] IS NULL"/></where></queryDef>')
        assert out == '<order-collection><order ref="X" n="0"/></order-collection>'
        assert not s.stores.local.has_table(s.registry.get("xtk:folder"))


@pytest.mark.parametrize("doc, message", [
    ('<queryDef schema="shp:order"><select><node expr="[owner/@name]"/></select></queryDef>',
     "queryDef: select node expr: shp:order: unknown link 'owner' (links: customer, folder) at column 1 in "
     "'[owner/@name]'"),
    ('<queryDef schema="shp:order"><where><condition expr="[folder/@nope] = 1"/></where></queryDef>',
     "queryDef: where condition expr: xtk:folder: unknown attribute '@nope' at column 1 in '[folder/@nope] = 1'"),
    ('<queryDef schema="shp:customer"><select><node expr="[orders/@ref]"/></select></queryDef>',
     "queryDef: select node expr: shp:customer: link 'orders' is a 1-N collection, not one value: use it in an "
     "EXISTS condition or an aggregate such as Count([orders]) at column 1 in '[orders/@ref]'"),
    ('<queryDef schema="shp:order"><select><node expr="[folder]"/></select></queryDef>',
     "is a link, not a value"),
    ('<queryDef schema="shp:order"><where><condition expr="owner" setOperator="EXISTS"/></where></queryDef>',
     "unknown link 'owner'"),
    ('<queryDef schema="shp:order"><where><condition expr="@ref" setOperator="IN"/></where></queryDef>',
     'queryDef: setOperator="IN" needs a <subQuery> inside the condition'),
    ('<queryDef schema="shp:order"><where><condition expr="@ref" setOperator="SOME"/></where></queryDef>',
     'queryDef: setOperator="SOME" must be EXISTS, NOT EXISTS, IN or NOT IN'),
    ('<queryDef schema="shp:order"><where><condition expr="@ref" setOperator="IN"><subQuery schema="shp:customer">'
     '<select><node expr="@id"/><node expr="@email"/></select></subQuery></condition></where></queryDef>',
     "subQuery on shp:customer: select exactly one <node> for setOperator IN / NOT IN"),
])
def test_link_errors_are_clear(shop, doc, message):
    with pytest.raises(QueryDefError) as e:
        query(shop, doc)
    assert message in str(e.value)


def test_schema_link_errors():
    from runtime.xtk.schema import SchemaError, parse_schema

    bad = ('<srcSchema name="a" namespace="t"><element name="a"><element name="l" type="link" target="t:b" '
           'integrity="{}"/></element></srcSchema>')
    with pytest.raises(SchemaError) as e:
        parse_schema(bad.format("strict"))
    assert "link 'l': integrity=\"strict\" must be one of normal, own, owncopy, neutral, define" in str(e.value)
    with pytest.raises(SchemaError) as e:
        parse_schema('<srcSchema name="a" namespace="t"><element name="a"><element name="l" type="link" '
                     'target="t:b"><join xpath-src="x" xpath-dst="@id"/></element></element></srcSchema>')
    assert "<join> needs xpath-src=\"@…\" and xpath-dst=\"@…\"" in str(e.value)


def test_a_declared_unbound_link_is_a_1_n_collection(shop):
    out = query(shop, '<queryDef schema="shp:customer"><select><node expr="@email"/>'
                      '<node expr="Count([purchases])" alias="@n"/><node expr="Min([purchases/@ref])" alias="@first"/>'
                      '</select><where><condition expr="purchases" setOperator="EXISTS">'
                      '<condition expr="[folder/@name] = \'sales\'"/></condition></where></queryDef>')
    assert out == '<customer-collection><customer email="ann@x.com" n="2" first="O1"/></customer-collection>'


def test_the_servers_read_only_path_takes_5000_conditions(shop):
    """SOAP ExecuteQuery (runtime/server/app.py) runs queries in a read-only session."""
    from runtime.xtk.ingest import XtkSession

    conditions = "".join(f'<condition expr="@ref = \'K{i}\'" boolOperator="OR"/>' for i in range(5000))
    terms = " OR ".join(f"@amount = {i + 1000}" for i in range(5000))
    doc = (f'<queryDef schema="shp:order" operation="count"><where>{conditions}'
           f'<condition expr="{terms} OR @ref = \'O2\'"/></where></queryDef>')
    with XtkSession(shop.options, readonly=True) as s:
        assert query(s, doc) == '<order count="1"/>'


def test_link_paths_may_be_written_without_brackets(shop):
    out = query(shop, '<queryDef schema="shp:order"><select><node expr="@ref"/>'
                      '<node expr="Upper(folder/parent/@label)" alias="@top"/></select>'
                      '<where><condition expr="folder/@name = \'sales\' AND customer/@country = \'FR\'"/></where>'
                      '</queryDef>')
    assert out == '<order-collection><order ref="O1" top="ROOT"/></order-collection>'
    named = query(shop, '<queryDef schema="shp:order" operation="get"><select>'
                        '<node expr="folder/parent/@label"/></select><where><condition expr="@ref = \'O1\'"/></where>'
                        '</queryDef>')
    assert named == '<order><folder><parent label="Root"/></folder></order>'


VISIT = """<srcSchema name="visit" namespace="tst" autoStg="true">
  <element name="visit"><key name="pk"><keyfield xpath="@code"/></key>
    <attribute name="code" type="string" length="10"/>
    <element name="customer" type="link" target="shp:customer" revLink="_NONE_"/>
  </element>
</srcSchema>"""


@pytest.mark.parametrize("same_database", [False, True])
def test_a_link_across_two_store_databases_is_a_clear_error(tmp_path, store_opts, same_database):
    """Staging rows live in the local store, shp:customer in the cloud store."""
    from query_helpers import _doc, one_database

    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession

    (tmp_path / "visit").mkdir()
    (tmp_path / "visit" / "visit.xml").write_text(VISIT)
    opts = one_database(store_opts) if same_database else store_opts
    with XtkSession(RunOptions(**opts, schema_dirs=[SHOP, tmp_path / "visit"])) as s:
        s.write(_doc("customer", "shp:customer", {"email": "ann@x.com"}))
        s.ingest({"visitStg": {"xtkschema": "tst:visitStg", "code": "V1", "customer-id": 1}})
        doc = ('<queryDef schema="tst:visitStg"><select><node expr="@code"/><node expr="[customer/@email]"/>'
               '</select></queryDef>')
        if same_database:
            assert query(s, doc) == ('<visitStg-collection><visitStg code="V1"><customer email="ann@x.com"/>'
                                     '</visitStg></visitStg-collection>')
        else:
            with pytest.raises(QueryDefError) as e:
                query(s, doc)
            assert ("shp:customer lives in the cloud store and this query reads the local store: one SQL "
                    "statement cannot join two databases (give --db and --cloud-db the same database to join "
                    "them) at column 1 in '[customer/@email]'") in str(e.value)
