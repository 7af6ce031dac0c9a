"""Taking staged rows and applying them to the cloud tables.

Two ways to take a batch, both oldest first:
* stores in **one database**: `move_batch()` takes the next rows (`FOR UPDATE SKIP LOCKED` on
  PostgreSQL, so concurrent workers never take the same rows), applies them and removes them
  from staging in one transaction: a crash anywhere rolls back all of it. The key-less inserts
  of the batch are moved set-based (PostgreSQL: one statement that locks, deletes and inserts;
  SQLite: an aggregate over the window, one INSERT … SELECT, one DELETE); its keyed rows follow
  in the same transaction, as one INSERT … SELECT … ON CONFLICT when they are plain upserts of
  distinct keys, else folded in Python.
* stores in **two databases**: `claim()` marks the rows (`iStgBatch`) in a committed local
  transaction, the batch is applied to the cloud in one transaction with idempotent statements
  (upsert by key, insert-or-ignore by UUID, delete by key), and only then removed from staging.
  A crash between the cloud commit and the staging delete leaves claimed rows that the next run
  releases (`release_orphans`) and re-applies harmlessly.
Either way a batch's key-less inserts are applied before its keyed rows, and rows with the same
key are folded in arrival order first.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from runtime.errors import HostError
from runtime.xtk.store import STG_BATCH, STG_KEY, STG_OP, STG_OPERATIONS, STG_SEQ, STG_UUID
from runtime.xtk.uuids import UuidSource

# SQLite, while a sync runs (see sqlite_tuned): WAL pages between automatic checkpoints
# (64 MiB of 4 KiB pages) and the connection's page cache.
SQLITE_CHECKPOINT_PAGES = 16_384
SQLITE_CACHE_KIB = 65_536

# Test hook: called after the cloud commit and before staged rows are deleted (fault injection).
after_cloud_commit = None


class SyncError(HostError):
    """A sync that cannot run (unsupported dialect, bad schema…)."""


@dataclass
class BatchResult:
    rows: int = 0              # staged rows consumed
    keyed: bool = False        # the batch had keyed rows (they may have inserted rows without a UUID)
    folded: int = 0            # staged rows folded into an earlier one with the same key
    ignored_updates: int = 0   # updates of a key deleted earlier in the same batch
    notes: list[str] = field(default_factory=list)
    last_seq: int | None = None  # highest iStgSeq of the batch (one-database path)


class _Columns:
    """Staging and cloud columns of one mapping: `fields` (staging field names), `src[f]` /
    `dst[f]` their staging / cloud Column, `uuid` the cloud UUID column of key-less inserts."""

    def __init__(self, stg_schema, base_schema, stg, target, seeded: bool = False) -> None:
        self.stg, self.target = stg, target
        self.seeded = seeded   # deterministic run: UUIDs come from a seeded sequence
        self.fields = [f.name for f in stg_schema.fields.values()]
        self.src = {f: stg.c[stg_schema.fields[f].sqlname] for f in self.fields}
        self.dst = {f: target.c[base_schema.fields[f].sqlname] for f in self.fields}
        self.uuid = (target.c[base_schema.fields["uuid"].sqlname]
                     if "uuid" in base_schema.fields and base_schema.autouuid else None)


def _keyless(c):
    """Staged rows that are key-less inserts (what `fold` inserts by UUID, before keyed rows)."""
    return (c[STG_OP] == "insert") & c[STG_KEY].is_(None)


def _dialect_insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise SyncError(f"sync to a {dialect} cloud store is not supported yet (PostgreSQL and SQLite are)")
    return insert


def _insert_keyless(cols: _Columns, source, where=None):
    """INSERT INTO target (attributes, uuid) SELECT … FROM source (the staging table, or a CTE
    with its columns) in arrival order. A plain INSERT: in one database the rows can only be
    applied once (taking, applying and removing them is one transaction), so a UUID already in
    the cloud table is an error that fails the batch (ON CONFLICT DO NOTHING would hide it, and
    its speculative insertion costs PostgreSQL about a quarter of the statement)."""
    from sqlalchemy import insert, select

    sc = source.c
    dst = [cols.dst[f] for f in cols.fields]
    src = [sc[cols.src[f].name] for f in cols.fields]
    if cols.uuid is not None:
        dst.append(cols.uuid)
        src.append(sc[STG_UUID])
    sel = select(*src)
    if where is not None:
        sel = sel.where(where)
    return insert(cols.target).from_select([c.name for c in dst], sel.order_by(sc[STG_SEQ]))


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


def claimed_rows(stg_table, batch_id: int):
    return stg_table.c[STG_BATCH] == batch_id


def release_orphans(conn, stg_table) -> int:
    """Rows claimed by a dead run go back to pending (the caller holds the mapping lock)."""
    from sqlalchemy import update

    c = stg_table.c
    claimed = c[STG_BATCH].is_not(None) & (c[STG_BATCH] != QUARANTINED)
    return conn.execute(update(stg_table).where(claimed).values({STG_BATCH: None})).rowcount


# `iStgBatch` of staged rows the sync cannot apply: they stay in staging (nothing is lost; see
# them with `xtkjs db dump`), are never picked again, and the request's info says why.
QUARANTINED = -1


def quarantine(conn, stg_schema, stg_table) -> list[str]:
    """Set aside the pending rows that no batch could apply (an operation the sync does not
    know, a key naming no field of the schema, a key field without a value), so that they never
    block the valid rows around them. One note per reason, with the number of rows."""
    from sqlalchemy import and_, or_, select, update

    c = stg_table.c
    pending = c[STG_BATCH].is_(None)
    fields = {f.name: c[f.sqlname] for f in stg_schema.fields.values()}
    reasons: list[tuple[str, object]] = []
    ops = [r[0] for r in conn.execute(select(c[STG_OP]).where(pending).distinct())]
    bad_ops = [op for op in ops if op not in STG_OPERATIONS]
    if bad_ops:
        shown = ", ".join(repr(op) for op in bad_ops)
        reasons.append((f"unknown operation {shown}",
                        or_(c[STG_OP].in_([o for o in bad_ops if o is not None]), c[STG_OP].is_(None))
                        if None in bad_ops else c[STG_OP].in_(bad_ops)))
    for (spec,) in conn.execute(select(c[STG_KEY]).where(pending & c[STG_KEY].is_not(None)).distinct()).all():
        names = spec.split(",")
        unknown = [n for n in names if n not in fields]
        if unknown or not spec:
            reasons.append((f"key {spec!r} names no field of {stg_schema.id} ({', '.join(unknown)})",
                            c[STG_KEY] == spec))
        else:
            reasons.append((f"key field(s) of {spec!r} without a value",
                            and_(c[STG_KEY] == spec, or_(*[fields[n].is_(None) for n in names]))))
    notes = []
    for reason, cond in reasons:
        n = conn.execute(update(stg_table).where(pending & cond).values({STG_BATCH: QUARANTINED})).rowcount
        if n:
            notes.append(f"{n} staged row(s) quarantined ({STG_BATCH} = {QUARANTINED}): {reason}")
    return notes


@contextmanager
def sqlite_tuned(store):
    """SQLite: while the sync runs, its connection keeps a larger page cache
    (SQLITE_CACHE_KIB) and checkpoints the WAL every SQLITE_CHECKPOINT_PAGES pages instead of
    every 1,000, then once at the end; both settings are restored on the pooled connection.
    Each batch inserts keys all over the cloud table's indexes (UUIDs are random): with the
    default 2 MiB cache and a checkpoint after nearly every commit, every batch re-read and
    copied back most index pages. Each batch is still one transaction, so what a crash can
    lose or repeat is unchanged."""
    if store.dialect != "sqlite":
        yield
        return
    store.commit()
    raw = store.conn.connection.dbapi_connection  # PRAGMAs outside SQLAlchemy's transaction
    checkpoint = int(raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    cache = int(raw.execute("PRAGMA cache_size").fetchone()[0])
    # PRAGMA takes no bind parameters: the values are integers, formatted as such.
    if 0 < checkpoint < SQLITE_CHECKPOINT_PAGES:
        raw.execute(f"PRAGMA wal_autocheckpoint={int(SQLITE_CHECKPOINT_PAGES)}")
    if (-cache if cache < 0 else cache * 4) < SQLITE_CACHE_KIB:  # negative: KiB; positive: pages
        raw.execute(f"PRAGMA cache_size={-int(SQLITE_CACHE_KIB)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA wal_autocheckpoint={checkpoint}")
        raw.execute(f"PRAGMA cache_size={cache}")
        if not store.conn.in_transaction():
            raw.execute("PRAGMA wal_checkpoint(PASSIVE)")


def ensure_planner_stats(conn, stg_table) -> bool:
    """PostgreSQL: taking the oldest pending rows must walk the primary key. Without statistics
    the planner guesses that few rows have `iStgBatch IS NULL` and reads and sorts every pending
    row through the batch index for each batch instead (quadratic in the backlog), so a staging
    table without statistics on that column (never analyzed, or analyzed while empty) is
    analyzed for it. True when it was."""
    if conn.dialect.name != "postgresql":
        return False
    from sqlalchemy import bindparam, text

    name = conn.dialect.identifier_preparer.format_table(stg_table)
    column = conn.dialect.identifier_preparer.format_column(stg_table.c[STG_BATCH])
    known = conn.execute(text(
        "SELECT 1 FROM pg_catalog.pg_stats s JOIN pg_catalog.pg_class c ON c.relname = s.tablename "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname "
        "WHERE c.oid = to_regclass(:t) AND s.attname = lower(:c)").bindparams(
            bindparam("t", name), bindparam("c", STG_BATCH))).first()
    if known is not None:
        return False
    conn.execute(text(f"ANALYZE {name} ({column})"))  # identifiers from the table's metadata
    return True


def _upsert(dialect: str, table, key_cols: list[str], data_cols: list[str], *, keep_existing: bool,
            source=None, insert_only=()):
    """INSERT … ON CONFLICT (key) DO UPDATE SET col = COALESCE(new, old) / DO NOTHING; rows from
    executemany parameters, or from `source` (a SELECT of `data_cols` in that order).
    `insert_only` columns (the autouuid UUID) are written by the insert, never by the update."""
    from sqlalchemy import func

    stmt = _dialect_insert(dialect)(table)
    if source is not None:
        stmt = stmt.from_select(data_cols, source)
    if keep_existing:
        return stmt.on_conflict_do_nothing(index_elements=[table.c[k] for k in key_cols])
    sets = {c: func.coalesce(stmt.excluded[c], table.c[c]) for c in data_cols
            if c not in key_cols and c not in insert_only}
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


def _apply_folded(lconn, cconn, cols: _Columns, where, result: BatchResult, uuids=None) -> None:
    """The general path: read the staged rows matching `where` in arrival order, fold them and
    apply the net effect to the cloud table through `cconn` (not committed, not deleted)."""
    from sqlalchemy import and_, delete, insert, select, update

    sc, target = cols.stg.c, cols.target
    fields = cols.fields
    col = {f: cols.dst[f].name for f in fields}
    uuid_col = cols.uuid.name if cols.uuid is not None else None
    rows = lconn.execute(select(cols.stg).where(where).order_by(sc[STG_SEQ])).mappings().all()
    rows = [{**{f: r[cols.src[f].name] for f in fields},
             STG_OP: r[STG_OP], STG_KEY: r[STG_KEY], STG_UUID: r[STG_UUID]} for r in rows]
    result.rows += len(rows)
    keyless, keyed = fold(rows, fields, result)
    result.keyed = result.keyed or bool(keyed)
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
        if uuid_col:  # the UUID of a row the upsert inserts (an update keeps the row's own)
            source = uuids or UuidSource()
            data_cols.append(uuid_col)
            for p in params:
                p[uuid_col] = source.next()
        cconn.execute(_upsert(dialect, target, [col[n] for n in names], data_cols, keep_existing=False,
                              insert_only=(uuid_col,)), params)
    for (names, key), (op, values) in keyed.items():
        if op == "update":
            sets = {col[f]: v for f, v in values.items() if f not in names}
            if sets:
                cond = and_(*[target.c[col[n]] == v for n, v in zip(names, key)])
                cconn.execute(update(target).where(cond).values(sets))


def _plain_upsert_key(conn, cols: _Columns, where) -> list[str] | None:
    """The key field names when the keyed staged rows matching `where` are all upserts (no
    update, no delete) with one key definition and no key value twice: folding them changes
    nothing, so one INSERT … SELECT … ON CONFLICT (key) DO UPDATE SET col = COALESCE(new, old)
    does what `_apply_folded` does row by row. None otherwise. `where` may select more rows than
    the batch (a superset can only answer None more often)."""
    from sqlalchemy import case, func, literal, select

    sc = cols.stg.c
    specs = conn.execute(
        select(sc[STG_KEY], func.sum(case((sc[STG_OP].in_(("update", "delete")), 1), else_=0)))
        .where(where).group_by(sc[STG_KEY]).limit(2)).all()
    if len(specs) != 1 or not specs[0][0] or specs[0][1]:
        return None
    names = specs[0][0].split(",")
    if not all(n in cols.src for n in names):
        return None
    twice = conn.execute(select(literal(1)).select_from(cols.stg).where(where)
                         .group_by(*[cols.src[n] for n in names]).having(func.count() > 1).limit(1)).first()
    return None if twice is not None else names


def _upsert_from(dialect: str, cols: _Columns, names: list[str], source, where=None):
    """The set-based upsert of `_plain_upsert_key`, its rows from `source` (the staging table or
    a CTE with its columns) in arrival order. An autouuid table's UUID is generated by the
    database for the rows it inserts (deterministic runs fill it afterwards: `fill_uuids`)."""
    from sqlalchemy import select

    sc = source.c
    values = [sc[cols.src[f].name] for f in cols.fields]
    data_cols = [cols.dst[f].name for f in cols.fields]
    if cols.uuid is not None and not cols.seeded:
        values.append(_sql_uuid(dialect).label("new_uuid"))
        data_cols.append(cols.uuid.name)
    sel = select(*values)
    if where is not None:
        sel = sel.where(where)
    return _upsert(dialect, cols.target, [cols.dst[n].name for n in names], data_cols,
                   keep_existing=False, source=sel.order_by(sc[STG_SEQ]),
                   insert_only=(cols.uuid.name,) if cols.uuid is not None else ())


# SQLite has no UUID function: a version 4 UUID from randomblob(), evaluated per row.
_SQLITE_UUID = ("lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
                "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
                "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))")


def _sql_uuid(dialect: str):
    """A new version 4 UUID as text, evaluated per row by the database."""
    from sqlalchemy import String, cast, func, literal_column

    return cast(func.gen_random_uuid(), String) if dialect == "postgresql" else literal_column(_SQLITE_UUID)


def fill_uuids(conn, cols: _Columns, base_schema, uuids=None) -> int:
    """autouuid: the cloud rows that keyed staged rows inserted have no UUID yet (the staging
    table carries none for them): give each one, in one statement (PostgreSQL
    gen_random_uuid(), SQLite randomblob()), or from `uuids` (a UuidSource) in key order when
    the run is deterministic (golden tests). The number of rows given a UUID."""
    from sqlalchemy import and_, bindparam, select, update

    if cols.uuid is None:
        return 0
    target, col = cols.target, cols.uuid
    if uuids is None:
        return conn.execute(update(target).where(col.is_(None)).values({col.name: _sql_uuid(conn.dialect.name)})).rowcount
    keys = [target.c[base_schema.fields[k].sqlname] for k in base_schema.keys if k != "uuid"]
    if not keys:
        return 0
    rows = conn.execute(select(*keys).where(col.is_(None)).order_by(*keys)).all()
    if rows:
        stmt = (update(target).where(and_(*[k == bindparam(f"key_{i}") for i, k in enumerate(keys)]))
                .values({col.name: bindparam("new_uuid")}))
        conn.execute(stmt, [{"new_uuid": uuids.next(), **{f"key_{i}": v for i, v in enumerate(r)}} for r in rows])
    return len(rows)


def _pg_take_keyless(cols: _Columns, size: int, after: int | None):
    """PostgreSQL, one statement: lock the next `size` pending rows (SKIP LOCKED), delete the
    key-less inserts among them from staging and insert them into the cloud table; answers
    (rows taken, highest seq, seqs of the other rows in order or NULL, rows deleted)."""
    from sqlalchemy import any_, delete, func, select
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    stg = cols.stg
    c = stg.c
    q = select(c[STG_SEQ].label("seq"), _keyless(c).label("keyless")).where(c[STG_BATCH].is_(None))
    if after is not None:
        q = q.where(c[STG_SEQ] > after)
    picked = q.order_by(c[STG_SEQ]).limit(size).with_for_update(skip_locked=True).cte("picked")
    # `= ANY(ARRAY(…))`: an index scan of the primary key whatever the planner thinks of the
    # CTE's size (a join may be planned as a hash join over the whole staging table).
    keyless_seqs = func.array(select(picked.c.seq).where(picked.c.keyless).scalar_subquery())
    moved = (delete(stg).where(c[STG_SEQ] == any_(keyless_seqs))
             .returning(c[STG_SEQ], c[STG_UUID], *[cols.src[f] for f in cols.fields]).cte("moved"))
    ins = _insert_keyless(cols, moved).cte("ins")
    seq = picked.c.seq
    return select(func.count(), func.max(seq), func.array_agg(aggregate_order_by(seq, seq)).filter(~picked.c.keyless),
                  select(func.count()).select_from(moved).scalar_subquery()).add_cte(ins)


def move_batch(store, stg_schema, base_schema, size: int, after: int | None = None,
               before_commit=None, uuids=None) -> BatchResult | None:
    """One-database path: take the next `size` pending rows (only those after seq `after` when
    given), apply them, remove them from staging and commit, all in one transaction. None (and
    nothing committed) when no row is pending. The batch's key-less inserts are applied first
    (as `fold` orders them), then its keyed rows."""
    from sqlalchemy import BigInteger, any_, bindparam, case, delete, func, select
    from sqlalchemy.dialects.postgresql import ARRAY

    conn = store.conn
    dialect = conn.dialect.name
    stg = store.table(stg_schema)
    cols = _Columns(stg_schema, base_schema, stg, store.table(base_schema), seeded=uuids is not None)
    c = stg.c
    result = BatchResult()
    if dialect == "postgresql":
        count, last, others, removed = conn.execute(_pg_take_keyless(cols, size, after)).one()
        if not count:
            return None
        result.last_seq = last
        result.rows = count - len(others or [])
        if others:
            result.keyed = True
            # Exactly this worker's rows (others may hold rows in between; the range lets the
            # planner use the primary key). The checks may read the whole range.
            span = c[STG_SEQ].between(others[0], others[-1])
            rest = span & (c[STG_SEQ] == any_(bindparam("others", others, type_=ARRAY(BigInteger))))
            names = _plain_upsert_key(conn, cols, span & c[STG_BATCH].is_(None) & ~_keyless(c))
            if names:  # one statement again: delete the rows, upsert what the delete returns
                moved = (delete(stg).where(rest)
                         .returning(c[STG_SEQ], *[cols.src[f] for f in cols.fields]).cte("moved"))
                ins = _upsert_from(dialect, cols, names, moved).cte("ins")
                n = conn.execute(select(func.count()).select_from(moved).add_cte(ins)).scalar_one()
                result.rows += n
                removed += n
            else:
                _apply_folded(conn, conn, cols, rest, result, uuids)
                removed += conn.execute(delete(stg).where(rest)).rowcount
    elif dialect == "sqlite":
        # Writers are serial on SQLite, so the pending rows in [lo, hi] are exactly the window.
        q = select(c[STG_SEQ], _keyless(c).label("keyless")).where(c[STG_BATCH].is_(None))
        if after is not None:
            q = q.where(c[STG_SEQ] > after)
        w = q.order_by(c[STG_SEQ]).limit(size).subquery()
        count, lo, hi, keyless = conn.execute(select(
            func.count(), func.min(w.c[STG_SEQ]), func.max(w.c[STG_SEQ]),
            func.coalesce(func.sum(case((w.c.keyless, 1), else_=0)), 0))).one()
        if not count:
            return None
        result.last_seq = hi
        window = c[STG_SEQ].between(lo, hi) & c[STG_BATCH].is_(None)
        if keyless:
            conn.execute(_insert_keyless(cols, stg, window & _keyless(c)))
        result.rows = keyless
        if keyless < count:
            result.keyed = True
            rest = window & ~_keyless(c)
            names = _plain_upsert_key(conn, cols, rest)
            if names:
                conn.execute(_upsert_from(dialect, cols, names, stg, rest))
                result.rows += count - keyless
            else:
                _apply_folded(conn, conn, cols, rest, result, uuids)
        removed = conn.execute(delete(stg).where(window)).rowcount
    else:
        raise SyncError(f"sync to a {dialect} cloud store is not supported yet (PostgreSQL and SQLite are)")
    if removed != count or result.rows != count:  # cannot happen: the batch is rolled back
        raise SyncError(f"batch after seq {after}: {count} staged rows taken, {result.rows} applied, "
                        f"{removed} removed")
    if result.keyed and uuids is not None:   # the set-based upserts left them to us
        fill_uuids(conn, cols, base_schema, uuids)
    if before_commit is not None:
        before_commit(count)
    store.commit()
    _add_notes(result)
    return result


def _add_notes(result: BatchResult) -> None:
    if result.folded:
        result.notes.append(f"{result.folded} staged row(s) folded into earlier ones with the same key")
    if result.ignored_updates:
        result.notes.append(f"{result.ignored_updates} update(s) of keys deleted earlier were ignored")


def apply_batch(local, cloud, stg_schema, base_schema, where, before_commit=None, uuids=None) -> BatchResult:
    """Two-database path: apply the claimed rows matching `where` to the cloud table in one
    committed cloud transaction, then remove them from staging (and commit locally)."""
    from sqlalchemy import delete

    result = BatchResult()
    stg = local.table(stg_schema)
    cols = _Columns(stg_schema, base_schema, stg, cloud.table(base_schema), seeded=uuids is not None)
    lconn = local.conn
    _apply_folded(lconn, cloud.conn, cols, where, result, uuids)
    if cloud is not local:
        cloud.commit()
        if after_cloud_commit is not None:
            after_cloud_commit()
    lconn.execute(delete(stg).where(where))
    if before_commit is not None:
        before_commit(result.rows)
    local.commit()
    _add_notes(result)
    return result
