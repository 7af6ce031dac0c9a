"""Taking staged rows and applying them to the cloud tables.

Two ways to take a batch, both oldest first:
* stores in **one database**: `pick()` selects the batch's rows (`FOR UPDATE SKIP LOCKED` on
  PostgreSQL, so concurrent workers never take the same rows) and the apply and the removal from
  staging are one transaction: a crash anywhere rolls back all of it. A batch of key-less
  inserts is one INSERT … SELECT; keyed rows use ON CONFLICT upserts.
* stores in **two databases**: `claim()` marks the rows (`iStgBatch`) in a committed local
  transaction, the batch is applied to the cloud in one transaction with idempotent statements
  (upsert by key, insert-or-ignore by UUID, delete by key), and only then removed from staging.
  A crash between the cloud commit and the staging delete leaves claimed rows that the next run
  releases (`release_orphans`) and re-applies harmlessly.
Either way rows with the same key are folded in arrival order first.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from runtime.errors import HostError
from runtime.xtk.store import STG_BATCH, STG_KEY, STG_OP, STG_SEQ, STG_UUID

# Test hook: called after the cloud commit and before staged rows are deleted (fault injection).
after_cloud_commit = None


class SyncError(HostError):
    """A sync that cannot run (unsupported dialect, bad schema…)."""


@dataclass
class BatchResult:
    rows: int = 0              # staged rows consumed
    folded: int = 0            # staged rows folded into an earlier one with the same key
    ignored_updates: int = 0   # updates of a key deleted earlier in the same batch
    notes: list[str] = field(default_factory=list)


def claim(conn, stg_table, batch_id: int, size: int) -> int:
    """Two-database path: mark up to `size` pending rows (oldest first) as this batch's, in one
    statement; the number claimed."""
    from sqlalchemy import select, update

    c = stg_table.c
    pick = select(c[STG_SEQ]).where(c[STG_BATCH].is_(None)).order_by(c[STG_SEQ]).limit(size)
    if conn.dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    return conn.execute(update(stg_table).where(c[STG_SEQ].in_(pick.scalar_subquery()))
                        .values({STG_BATCH: batch_id})).rowcount


def pick(conn, stg_table, size: int):
    """Same-database path: the next `size` pending rows (seq, op, key), locked until commit."""
    from sqlalchemy import select

    c = stg_table.c
    q = select(c[STG_SEQ], c[STG_OP], c[STG_KEY]).where(c[STG_BATCH].is_(None)).order_by(c[STG_SEQ]).limit(size)
    if conn.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    return conn.execute(q).all()


def picked_rows(conn, stg_table, picked):
    """A condition selecting exactly the picked rows: an array parameter on PostgreSQL (other
    workers may hold rows in between); the seq range on SQLite, whose writers are serial, so the
    pending rows in the range are exactly the picked ones."""
    from sqlalchemy import BigInteger, any_, bindparam
    from sqlalchemy.dialects.postgresql import ARRAY

    c = stg_table.c
    seqs = [r[0] for r in picked]
    in_range = c[STG_SEQ].between(seqs[0], seqs[-1])  # lets the planner use the primary key
    if conn.dialect.name == "postgresql":
        return in_range & (c[STG_SEQ] == any_(bindparam("picked", seqs, type_=ARRAY(BigInteger))))
    return in_range & c[STG_BATCH].is_(None)


def claimed_rows(stg_table, batch_id: int):
    return stg_table.c[STG_BATCH] == batch_id


def batch_ops(conn, stg_table, where) -> set:
    from sqlalchemy import select

    c = stg_table.c
    return set(conn.execute(select(c[STG_OP], c[STG_KEY]).where(where).group_by(c[STG_OP], c[STG_KEY])).all())


def release_orphans(conn, stg_table) -> int:
    """Rows claimed by a dead run go back to pending (the caller holds the mapping lock)."""
    from sqlalchemy import update

    c = stg_table.c
    return conn.execute(update(stg_table).where(c[STG_BATCH].is_not(None)).values({STG_BATCH: None})).rowcount


def _upsert(dialect: str, table, key_cols: list[str], data_cols: list[str], *, keep_existing: bool):
    """INSERT … ON CONFLICT (key) DO UPDATE SET col = COALESCE(new, old) / DO NOTHING."""
    from sqlalchemy import func

    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise SyncError(f"sync to a {dialect} cloud store is not supported yet (PostgreSQL and SQLite are)")
    stmt = insert(table)
    if keep_existing:
        return stmt.on_conflict_do_nothing(index_elements=[table.c[k] for k in key_cols])
    sets = {c: func.coalesce(stmt.excluded[c], table.c[c]) for c in data_cols if c not in key_cols}
    if not sets:
        return stmt.on_conflict_do_nothing(index_elements=[table.c[k] for k in key_cols])
    return stmt.on_conflict_do_update(index_elements=[table.c[k] for k in key_cols], set_=sets)


def fold(rows, fields: list[str], result: BatchResult):
    """Net effect per key, in arrival order. Returns (keyless inserts, {key: (op, values)})."""
    keyless, keyed = [], {}
    for r in rows:
        values = {f: r[f] for f in fields}
        op = r[STG_OP]
        if not r[STG_KEY]:
            keyless.append((r[STG_UUID], values))
            continue
        names = r[STG_KEY].split(",")
        key = tuple(values[n] for n in names)
        prev = keyed.get((tuple(names), key))
        if prev is not None:
            result.folded += 1
        given = {k: v for k, v in values.items() if v is not None}
        if op == "delete":
            keyed[(tuple(names), key)] = ("delete", dict(zip(names, key)))
        elif prev is None:
            keyed[(tuple(names), key)] = ("update" if op == "update" else "upsert", given)
        elif prev[0] == "delete":
            if op == "update":
                result.ignored_updates += 1
            else:
                keyed[(tuple(names), key)] = ("replace", given)
        else:
            merged = {**prev[1], **given}
            # update keeps an earlier upsert/replace; an upsert turns an earlier update into one
            kept = prev[0] if op == "update" or prev[0] == "replace" else "upsert"
            keyed[(tuple(names), key)] = (kept, merged)
    return keyless, keyed


def apply_batch(local, cloud, stg_schema, base_schema, where, ops, before_commit=None) -> BatchResult:
    """Apply the staged rows matching `where` (a picked or claimed batch; `ops` its distinct
    (operation, key) pairs) to the cloud table, then remove them from staging."""
    from sqlalchemy import and_, delete, insert, select, update

    result = BatchResult()
    stg = local.table(stg_schema)
    target = cloud.table(base_schema)
    fields = [f.name for f in stg_schema.fields.values()]
    col = {f: base_schema.fields[f].sqlname for f in fields}
    same_db = local is cloud
    uuid_col = base_schema.fields["uuid"].sqlname if "uuid" in base_schema.fields and base_schema.autouuid else None
    sc = stg.c
    lconn = local.conn
    cconn = lconn if same_db else cloud.conn
    if same_db and all(op == "insert" and not key for op, key in ops):
        # Set-based: one INSERT … SELECT moves the batch, in the same transaction as the delete.
        cols = [target.c[col[f]] for f in fields]
        src = [sc[stg_schema.fields[f].sqlname] for f in fields]
        if uuid_col:
            cols.append(target.c[uuid_col])
            src.append(sc[STG_UUID])
        sel = select(*src).where(where).order_by(sc[STG_SEQ])
        lconn.execute(insert(target).from_select([c.name for c in cols], sel))
        result.rows = -1  # counted by the DELETE below (INSERT … SELECT has no rowcount on psycopg)
    else:
        rows = lconn.execute(select(stg).where(where).order_by(sc[STG_SEQ])).mappings().all()
        rows = [{**{f: r[stg_schema.fields[f].sqlname] for f in fields},
                 STG_OP: r[STG_OP], STG_KEY: r[STG_KEY], STG_UUID: r[STG_UUID]} for r in rows]
        result.rows = len(rows)
        keyless, keyed = fold(rows, fields, result)
        dialect = cconn.dialect.name
        if keyless:
            params = []
            for uuid, values in keyless:
                p = {col[f]: v for f, v in values.items()}
                if uuid_col:
                    p[uuid_col] = uuid
                params.append(p)
            data_cols = list(params[0])
            stmt = (_upsert(dialect, target, [uuid_col], data_cols, keep_existing=True) if uuid_col
                    else insert(target))
            cconn.execute(stmt, params)
        for (names, key), (op, values) in keyed.items():
            if op in ("delete", "replace"):
                cond = and_(*[target.c[col[n]] == v for n, v in zip(names, key)])
                cconn.execute(delete(target).where(cond))
        upserts = [(names, values) for (names, key), (op, values) in keyed.items() if op in ("upsert", "replace")]
        by_key: dict[tuple, list[dict]] = {}
        for names, values in upserts:
            by_key.setdefault(names, []).append(values)
        for names, value_list in by_key.items():
            data_cols = [col[f] for f in fields]
            params = [{col[f]: v.get(f) for f in fields} for v in value_list]
            cconn.execute(_upsert(dialect, target, [col[n] for n in names], data_cols, keep_existing=False), params)
        for (names, key), (op, values) in keyed.items():
            if op == "update":
                sets = {col[f]: v for f, v in values.items() if f not in names}
                if sets:
                    cond = and_(*[target.c[col[n]] == v for n, v in zip(names, key)])
                    cconn.execute(update(target).where(cond).values(sets))
    if not same_db:
        cloud.commit()
        if after_cloud_commit is not None:
            after_cloud_commit()
    deleted = lconn.execute(delete(stg).where(where)).rowcount
    if result.rows < 0:
        result.rows = deleted
    if before_commit is not None:
        before_commit(result.rows)
    local.commit()
    if result.folded:
        result.notes.append(f"{result.folded} staged row(s) folded into earlier ones with the same key")
    if result.ignored_updates:
        result.notes.append(f"{result.ignored_updates} update(s) of keys deleted earlier were ignored")
    return result
