"""xtk.session.DeleteCollection(schema, where, deferred): delete the records of a schema's own
table (local store) that a queryDef `<where>` selects.

The `<where>` is compiled by the queryDef engine (runtime/xtk/querydef.py), so it accepts every
condition a queryDef does (links, EXISTS, subqueries); the matching records' keys are then
deleted in one savepoint: all of them or none."""
from __future__ import annotations

from runtime.xtk import schema as S
from runtime.xtk.schema import ValidationError

API = "DeleteCollection"
_CHUNK = 500


def delete_collection(session, schema_id: str, where_text: str) -> int:
    """Delete the matching records; returns how many were deleted."""
    from lxml import etree
    from sqlalchemy import and_

    from runtime.xtk.querydef import execute_query

    schema = session.registry.get(schema_id, f"{API} schema")
    if schema.is_staging:
        raise ValidationError(f"{API}: {schema.id} is a staging schema: delete staged records with "
                              "xtk.session.IngestExt (_operation=\"delete\")")
    keys = ["id"] if schema.autopk else list(schema.keys)
    if not keys:
        raise ValidationError(f"{API}: {schema.id} has neither autopk nor a <key>: no way to name the records")
    try:
        where = etree.fromstring(where_text.encode("utf-8"), S.safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ValidationError(f"{API}: the where argument is not well-formed XML: {exc}") from None
    if etree.QName(where).localname != "where":
        raise ValidationError(f"{API}: the second argument must be a <where> element, got "
                              f"<{etree.QName(where).localname}>")
    query = etree.Element("queryDef", schema=schema.id, operation="select", store="local")
    select = etree.SubElement(query, "select")
    for k in keys:
        etree.SubElement(select, "node", expr=f"@{k}")
    query.append(where)
    found = etree.fromstring(execute_query(session, etree.tostring(query, encoding="unicode")).encode("utf-8"))
    records = [S.validate_record(schema, {k: rec.get(k) for k in keys}, partial=True) for rec in found]
    store = session.stores.local
    table = store.table(schema, create=False)
    if not records or table is None:
        return 0
    cols = [table.c[schema.fields[k].sqlname] for k in keys]

    def work(conn):
        if len(cols) == 1:
            values = [r[keys[0]] for r in records]
            for i in range(0, len(values), _CHUNK):
                conn.execute(table.delete().where(cols[0].in_(values[i:i + _CHUNK])))
        else:
            for r in records:
                conn.execute(table.delete().where(and_(*[c == r[k] for c, k in zip(cols, keys)])))
        return len(records)

    return session._run(store, work)
