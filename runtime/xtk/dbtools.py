"""What `xtkjs db` prints: schema list, record dumps, ad-hoc SQL (runtime/commands/db.py)."""
from __future__ import annotations

import datetime as dt

from runtime.xtk.ingest import XtkSession, format_value
from runtime.xtk.schema import Schema, ValidationError
from runtime.xtk.store import (STG_BATCH, STG_CREATED, STG_KEY, STG_OP, STG_SEQ, STG_UUID, StoreError,
                               home_of, store_for_schema, store_for_sql)

# Staging system columns in dumps: `_`-prefixed names, which no attribute can collide with.
SYSTEM_NAMES = {STG_SEQ: "_seq", STG_OP: "_operation", STG_UUID: "_uuid", STG_KEY: "_key",
                STG_CREATED: "_created", STG_BATCH: "_batch"}


def schemas_rows(options) -> tuple[list[str], list[list]]:
    with XtkSession(options, readonly=True) as s:
        rows = []
        for sc in s.registry:
            kind = (f"staging of {sc.staging_of}" if sc.is_staging
                    else "autoStg" if sc.auto_stg else "")
            rows.append([sc.id, sc.table, ",".join(sc.keys), len(sc.fields), kind, home_of(sc), sc.path])
    return ["schema", "table", "key", "fields", "staging", "store", "source"], rows


def _json_value(v):
    if isinstance(v, (dt.date, dt.time)):
        return format_value(v)
    return v


def _sort_key(schema: Schema, rec: dict):
    def part(v):
        return (0, "") if v is None else (1, str(v)) if not isinstance(v, (int, float)) else (1, f"{v:030.6f}")

    keys = tuple(part(rec.get(k)) for k in schema.keys)
    return keys + (part(rec.get("_uuid") or rec.get("uuid")), part(rec.get("_seq")))


def dump_records(options, schema_id: str, store: str | None = None) -> list[dict]:
    """Every record of a schema's table in its home store (`store`, if given, must name it),
    keyed by attribute name, sorted by key (staging tables: by key, then UUID, then arrival).
    Missing table: []."""
    with XtkSession(options, readonly=True) as s:
        schema = s.registry.get(schema_id, "db dump")
        st = store_for_schema(s.stores, schema, store)
        t = st.table(schema, create=False)
        if t is None:
            return []
        from sqlalchemy import select

        names = {f.sqlname.lower(): f.name for f in schema.fields.values()}
        names.update({k.lower(): v for k, v in SYSTEM_NAMES.items()})
        order = {n: i for i, n in enumerate(list(names.values()))}
        cols = sorted((c for c in t.columns if c.name.lower() in names),
                      key=lambda c: order[names[c.name.lower()]])
        out = []
        for row in st.conn.execute(select(*cols)):
            rec = {}
            for c, v in zip(cols, row):
                name = names[c.name.lower()]
                if v is None and not name.startswith("_"):
                    continue
                rec[name] = _json_value(v)
            out.append(rec)
    out.sort(key=lambda r: _sort_key(schema, r))
    return out


def run_sql(options, query: str, store: str | None = None) -> tuple[list[str], list]:
    """Run one statement on a store (default: where the schema tables it names live, as the
    SQL helpers do); (column names, rows). Statements without rows commit."""
    if not query.strip():
        raise ValidationError("db sql: empty statement")
    with XtkSession(options) as s:
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        st = s.stores.get(store) if store else store_for_sql(s.stores, s.registry, query)
        try:
            res = st.conn.execute(text(query))
            if not res.returns_rows:
                return ["rows affected"], [[res.rowcount]]
            return list(res.keys()), [[_json_value(v) for v in r] for r in res.fetchall()]
        except DBAPIError as exc:
            st.rollback()
            raise StoreError(f"db sql: {str(exc.orig).strip().splitlines()[0]}") from None
