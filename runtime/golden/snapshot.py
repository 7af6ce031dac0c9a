"""The store contents after a run, as golden sections: records keyed by attribute name.

* `local SCHEMA` / `cloud SCHEMA`: every schema of the registry whose table holds rows in that
  store. Staging tables list the system columns first (`_seq`, `_operation`, `_uuid`, `_key`,
  `_created`, `_batch`, always shown) in arrival order; other tables are sorted by key, then by
  every value. NULL attributes are left out.
* `local table NAME` / `cloud table NAME`: other non-empty tables (created with sqlExec,
  `XtkOption` of setOption...), names in lower case (PostgreSQL folds unquoted names), records
  sorted by value. Bookkeeping tables whose contents depend on the wall clock are left out.

Reads only: nothing is created or changed.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json

from runtime.xtk.store import STG_SEQ

# Tables that are not the script's data: the sync job's request log (wall-clock times).
IGNORED_TABLES = {"xtkingestionrequest"}


def render_value(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, decimal.Decimal):
        v = float(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return json.dumps(str(v))
        return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return json.dumps(v.isoformat(sep=" ", timespec="milliseconds" if v.microsecond else "seconds") + "Z")
    if isinstance(v, (dt.date, dt.time)):
        return json.dumps(v.isoformat())
    if isinstance(v, (bytes, bytearray, memoryview)):
        return json.dumps("0x" + bytes(v).hex())
    return json.dumps(str(v), ensure_ascii=False)


def render_records(records: list[list[tuple[str, str]]]) -> str:
    """YAML-style list: `- name: value` then `  name: value` (values are JSON scalars)."""
    out = []
    for rec in records:
        if not rec:
            out.append("- {}\n")
            continue
        for i, (name, value) in enumerate(rec):
            out.append(f"{'- ' if i == 0 else '  '}{name}: {value}\n")
    return "".join(out)


def _sort_token(v):
    if v is None:
        return (0, 0, "")
    if isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool):
        return (1, float(v), "")
    return (2, 0, render_value(v))


def store_sections(registry, role: str, url: str) -> dict[str, str]:
    from sqlalchemy import MetaData, Table, inspect, select

    from runtime.xtk.dbtools import SYSTEM_NAMES
    from runtime.xtk.store import build_table, get_engine

    sections: dict[str, str] = {}
    engine = get_engine(url)
    with engine.connect() as conn:
        names = {n.lower(): n for n in inspect(conn).get_table_names()}
        claimed = set()
        for schema in sorted(registry, key=lambda s: s.id):
            real = names.get(schema.table.lower())
            if real is None:
                continue
            claimed.add(schema.table.lower())
            existing = {c["name"].lower() for c in inspect(conn).get_columns(real)}
            t = build_table(schema, MetaData())
            attr = {f.sqlname.lower(): f.name for f in schema.fields.values()}
            labels = {k.lower(): v for k, v in SYSTEM_NAMES.items()}
            labels.update(attr)
            system = [c for c in t.columns if c.name.lower() in SYSTEM_NAMES_LOWER]
            fields = [c for c in t.columns if c.name.lower() in attr]
            cols = [c for c in system + fields if c.name.lower() in existing]
            if not cols:
                continue
            rows = conn.execute(select(*cols)).fetchall()
            if not rows:
                continue
            key_pos = [i for i, c in enumerate(cols)
                       if labels[c.name.lower()] in schema.keys]
            if schema.is_staging:
                seq = next(i for i, c in enumerate(cols) if c.name.lower() == STG_SEQ.lower())
                rows.sort(key=lambda r: _sort_token(r[seq]))
            else:
                rows.sort(key=lambda r: tuple(_sort_token(r[i]) for i in key_pos)
                          + tuple(_sort_token(v) for v in r))
            records = []
            for r in rows:
                rec = []
                for c, v in zip(cols, r):
                    name = labels[c.name.lower()]
                    if v is None and not name.startswith("_"):
                        continue
                    rec.append((name, render_value(v)))
                records.append(rec)
            sections[f"{role} {schema.id}"] = render_records(records)
        for low, real in sorted(names.items()):
            if low in claimed or low in IGNORED_TABLES:
                continue
            t = Table(real, MetaData(), autoload_with=conn)
            cols = list(t.columns)
            rows = conn.execute(select(*cols)).fetchall()
            if not rows:
                continue
            rows.sort(key=lambda r: tuple(_sort_token(v) for v in r))
            records = [[(c.name.lower(), render_value(v)) for c, v in zip(cols, r) if v is not None]
                       for r in rows]
            sections[f"{role} table {low}"] = render_records(records)
    return sections


def _system_names_lower() -> set[str]:
    from runtime.xtk.dbtools import SYSTEM_NAMES

    return {k.lower() for k in SYSTEM_NAMES}


SYSTEM_NAMES_LOWER = _system_names_lower()


def snapshot(options) -> dict[str, str]:
    """Sections for both stores of these RunOptions."""
    from runtime.xtk.schema import registry_for
    from runtime.xtk.store import store_url

    registry = registry_for(options)
    out = {}
    for role in ("local", "cloud"):
        out.update(store_sections(registry, role, store_url(options, role)))
    return out
