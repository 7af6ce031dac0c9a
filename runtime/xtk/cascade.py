"""Deletes that follow `integrity="own"` / `"owncopy"` links, as Campaign cascades them.

Campaign: deleting a record whose link has integrity `own` (or `owncopy`, which differs only
when records are duplicated) also deletes the record(s) that link reaches. On a 1-1 link that is
the target record; the reverse (1-N) link of a 1-1 link takes `revIntegrity`, so
`<element name="customer" … revIntegrity="own"/>` on shp:order makes deleting a customer delete
its orders. The cascade continues through the deleted records' own links; a cycle (a folder
owning its children) ends when no new record is reached.

The records to delete are found first (their keys, in batches), then deleted schema by schema;
the caller runs it all in one savepoint, so an error deletes nothing.
"""
from __future__ import annotations

from sqlalchemy import and_, delete, or_, select

from runtime.errors import HostError
from runtime.xtk.links import OWNING
BATCH = 500


class CascadeError(HostError):
    """A cascade xtkjs cannot do (across the two store databases, into a schema without key)."""


def owning_links(schema):
    return [lk for lk in schema.links.values() if lk.integrity in OWNING]


def _in(cols, rows):
    """`cols IN rows` for one column or a tuple of columns."""
    if len(cols) == 1:
        return cols[0].in_([r[0] for r in rows])
    return or_(*[and_(*[c == v for c, v in zip(cols, r)]) for r in rows])


def _batches(rows):
    rows = list(rows)
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def delete_cascading(session, store, schema, first_keys) -> int:
    """Delete the records of `schema` with keys `first_keys` (key tuples) and every record their
    owning links reach, in `store` (the caller's transaction). Returns the number of records of
    `schema` deleted."""
    from runtime.xtk.store import store_for_schema

    registry = session.registry
    doomed: dict[str, set] = {}
    schemas = {schema.id: schema}
    pending = [(schema, list(first_keys))]
    while pending:
        s, keys = pending.pop()
        seen = doomed.setdefault(s.id, set())
        new = [k for k in keys if k not in seen]
        if not new:
            continue
        seen.update(new)
        table = store.table(s, create=False)
        key_cols = [table.c[s.fields[k].sqlname] for k in s.keys]
        for link in owning_links(s):
            target = registry.get(link.target, f"integrity=\"{link.integrity}\" link '{link.name}' of {s.id}")
            if store_for_schema(session.stores, target) is not store:
                raise CascadeError(f"{s.id}: link '{link.name}' owns {target.id} records, which live in the other "
                                   f"store; a delete cannot cascade across the two store databases")
            if not target.keys:
                raise CascadeError(f"{s.id}: link '{link.name}' owns {target.id} records, which have no key")
            ttable = store.table(target, create=False)
            if ttable is None:
                continue
            src = [table.c[s.fields[a].sqlname] for a, _ in link.joins]
            dst = [ttable.c[target.fields[b].sqlname] for _, b in link.joins]
            tkeys = [ttable.c[target.fields[k].sqlname] for k in target.keys]
            reached = []
            for batch in _batches(new):
                values = [tuple(r) for r in store.conn.execute(select(*src).where(_in(key_cols, batch)).distinct())
                          if all(v is not None for v in r)]
                for vb in _batches(values):
                    reached += [tuple(r) for r in store.conn.execute(select(*tkeys).where(_in(dst, vb)))]
            if reached:
                schemas[target.id] = target
                pending.append((target, reached))
    count = 0
    for sid, keys in doomed.items():
        s = schemas[sid]
        table = store.table(s, create=False)
        key_cols = [table.c[s.fields[k].sqlname] for k in s.keys]
        for batch in _batches(sorted(keys, key=repr)):
            n = store.conn.execute(delete(table).where(_in(key_cols, batch))).rowcount
            if sid == schema.id:
                count += n
    return count
