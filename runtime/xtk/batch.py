"""The rows scripts buffer (stdlib_js/40_xtk.js), checked again and applied in batches.

Scripts validate each document at its call and buffer one row per call, per table; a buffer is
sent here when it is full, before any read (queryDef, lookup, SQL helpers), before each line the
script logs, and at the end of the run. The sandbox is not trusted: every batch is checked here
column by column (types, lengths, ranges, formats, characters a store cannot hold, notNull,
keys) before anything is written. Rows before the first bad one are written; the bad one is an
error (so a tampered sandbox gets an error, never a silent loss or a row that breaks its schema).

Row layout: [operation, UUID or None, key spec or None, one value per schema field...]; in rows
that change records, `False` marks a value the document did not give.
Operations on a staging table: insert (Ingest, and IngestExt without key), xinsert (IngestExt
insert by key), upsert, update, delete; on a schema's own table (Write): insert, upsert, update,
delete.
"""
from __future__ import annotations

import collections
import datetime as dt
import gc
import itertools
import json
import math
import operator
import threading

from runtime.xtk import schema as S
from runtime.xtk.schema import Schema, ValidationError
from runtime.xtk.store import STG_CREATED, STG_KEY, STG_OP, STG_SEQ, STG_UUID, store_for_schema

# Batches commit at most this often (seconds): a commit per batch would rewrite the same index
# pages into the WAL again and again. Logged lines, reads and the run's end commit the rest.
BATCH_COMMIT_INTERVAL = 1.0
STAGING_OPS = frozenset(("insert", "xinsert", "upsert", "update", "delete"))
TABLE_OPS = frozenset(("insert", "upsert", "update", "delete"))
EXT_OP = {"xinsert": "insert", "upsert": "upsert", "update": "update", "delete": "delete"}
WRITE_OP = {"insert": "insert", "upsert": "insertOrUpdate", "update": "update", "delete": "delete"}
FULL_RECORD_OPS = frozenset(("insert", "xinsert"))   # rows that must carry every notNull value
_NONE = type(None)
_EXPECTED = {"string": (str,), "text": (str,), "uuid": (str,), "int8": (int,), "int16": (int,),
             "int32": (int,), "int64": (str, int), "bool": (int,), "float": (int, float),
             "date": (str,), "datetime": (str,), "time": (str,)}
_PY_VALUE = {"int64": int, "date": lambda v: S.parse_datetime(v).date(), "datetime": S.parse_datetime,
             "time": dt.time.fromisoformat}


def apply_batch(session, schema_id: str, kind: str, fields: list, flat: list, rows: int) -> int:
    """Check, then write, one buffer of rows; returns the number written."""
    # A batch allocates tens of thousands of small containers (keys, rows, parameters) and
    # makes no cycles: the cyclic collector, paused meanwhile, would walk them all several
    # times per batch (reference counting frees everything as before).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _apply_batch(session, schema_id, kind, fields, flat, rows)
    finally:
        if was_enabled:
            gc.enable()


def _apply_batch(session, schema_id: str, kind: str, fields: list, flat: list, rows: int) -> int:
    schema = session.registry.get(str(schema_id))
    if kind not in ("staging", "table") or (kind == "staging") != schema.is_staging:
        raise ValidationError(f"write batch: {schema_id}: wrong table kind {kind!r}")
    if list(fields) != list(schema.fields):
        raise ValidationError(f"write batch: {schema_id}: the fields do not match the schema")
    width = 3 + len(fields)
    if not isinstance(rows, int) or isinstance(rows, bool) or not isinstance(flat, list) or len(flat) != rows * width:
        raise ValidationError(f"write batch: {schema_id}: the buffered rows were altered on their way to the "
                              "store (row count or layout does not match); nothing of this batch was written")
    store_for_schema(session.stores, schema).table(schema)
    problem = check_rows(schema, flat, width, rows)
    good = problem[0] if problem else rows
    if good:
        part = flat[:good * width]
        if schema.is_staging and set(part[0::width]) == {"insert"}:
            if any(bool in set(map(type, part[j::width])) for j in range(3, width)):
                part = [None if v is False else v for v in part]
            _insert_keeping_good_rows(session, schema, list(fields), part, width)
        elif not _apply_set_based(session, schema, part, width):
            _apply_rows(session, schema, part, width)
        store_for_schema(session.stores, schema).commit_point(min_interval=BATCH_COMMIT_INTERVAL)
    if problem:
        raise ValidationError(problem[1])
    return rows


# Batches handed to the writer thread and not yet applied, at most: the script builds the next
# batch while the writer applies this one. One keeps memory bounded and makes a refused batch's
# error reach the script at a fixed point: the very next batch sent waits for it.
MAX_IN_FLIGHT = 1


class BatchWriter:
    """Applies a session's batches on one thread while the script goes on buffering the next
    (docs/staging.md, "When a batch is applied"): V8 runs the script without the GIL, and the
    store drivers release it while a statement runs.

    One thread, first in first out, at most MAX_IN_FLIGHT batches: the store sees the batches in
    the order they were sent. The session (its connections, UUID source, caches) is used by one
    thread at a time: everything else that touches it calls `settle()` first, which waits until
    the writer is idle (the condition hands the session over). A refused batch is kept as the
    pending error: the batches sent after it are not applied, and `settle()` or the next
    `submit()` raises it (naming the API and schema, since the call that gets it is a later one)."""

    def __init__(self, session) -> None:
        self.session = session
        self._cond = threading.Condition()
        self._queue: collections.deque = collections.deque()
        self._busy = False       # the thread is applying a batch
        self._error = None       # a refused batch's error, not yet raised to the script
        self._thread = None
        self._closed = False

    def submit(self, schema_id: str, kind: str, fields: list, flat: list, rows: int) -> None:
        """Queue a batch (waiting while MAX_IN_FLIGHT are queued); raises the error of an earlier
        batch instead (this batch is then not written: the script learns of the failure now)."""
        self._enqueue((schema_id, kind, fields, flat, rows))

    def submit_json(self, text: str) -> None:
        """`submit`, the arguments given as the JSON text of their array (parsed by the writer)."""
        self._enqueue(text)

    def _enqueue(self, batch) -> None:
        with self._cond:
            while self._error is None and len(self._queue) + self._busy >= MAX_IN_FLIGHT:
                self._cond.wait()
            if self._error is not None:
                self._raise_error(_row_count(batch))
            self._queue.append(batch)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="xtkjs-batch-writer", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def settle(self, discarded: int = 0) -> None:
        """Wait until every batch sent is applied; raise the error of one the store refused
        (`discarded`: rows of a batch the caller then does not apply)."""
        with self._cond:
            self._wait_idle()
            if self._error is not None:
                self._raise_error(discarded)

    def wait(self) -> None:
        """Wait until every batch sent is applied (an error stays pending for `settle`)."""
        with self._cond:
            self._wait_idle()

    def _wait_idle(self) -> None:
        while self._queue or self._busy:
            self._cond.wait()

    def close(self) -> None:
        """End the thread (after `settle()`); a later submit starts a new one."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self._closed = False

    def _raise_error(self, discarded: int = 0):
        """Raise the pending error, with the rows it cost: the rest of its batch, the batches
        dropped after it and `discarded` (the batch whose sending reports it)."""
        error, rows, dropped = self._error
        self._error = None
        dropped += discarded
        more = f" and the {dropped} rows sent after it are" if dropped else " is"
        error.args = (f"{error.args[0]} (in a batch of {rows} rows sent before this call: the rows before the "
                      f"refused one are stored, the rest of that batch{more} not)",)
        raise error

    def _work(self) -> None:
        cond = self._cond
        while True:
            with cond:
                while not self._queue and not self._closed:
                    cond.wait()
                if not self._queue:
                    return
                batch = self._queue.popleft()
                self._busy = True
            error = None
            try:
                batch = batch_args(batch)
                apply_batch(self.session, *batch)
            except Exception as exc:  # noqa: BLE001 - every failure reaches the script, later
                try:
                    error = _later_error(batch, exc)
                except Exception:  # noqa: BLE001 - (a batch too altered to describe)
                    error = exc
            with cond:
                self._busy = False
                if error is not None:
                    self._error = (error, _row_count(batch), sum(map(_row_count, self._queue)))
                    self._queue.clear()
                cond.notify_all()


def batch_args(batch) -> tuple:
    """(schema_id, kind, fields, flat, rows) of a batch given as a tuple or as the JSON text of
    the host call's arguments (runtime/xtk/host.py flush_batch)."""
    if not isinstance(batch, str):
        return batch
    args = json.loads(batch)
    if not isinstance(args, list) or len(args) < 5:
        raise ValidationError("write batch: the buffered rows were altered on their way to the store "
                              "(not a batch); nothing of this batch was written")
    return tuple(args[:5])


def _row_count(batch) -> int:
    try:
        rows = batch_args(batch)[4]
    except Exception:  # noqa: BLE001 - (a batch too altered to count)
        return 0
    return rows if type(rows) is int else 0   # (apply_batch refuses a batch whose count is not)


def _later_error(batch: tuple, exc: Exception) -> Exception:
    """The error of a batch applied in the background, for the later call that raises it: the
    store's message, prefixed with the API and schema when it does not name them."""
    from runtime.errors import HostError

    schema_id, kind, fields, flat, _rows = batch
    message = str(exc) if isinstance(exc, HostError) else f"{type(exc).__name__}: {exc}"
    api = "Write"
    if kind == "staging":
        width = 3 + len(fields)
        api = "Ingest" if all(op == "insert" for op in flat[0::width]) else "IngestExt"
    if not (message.startswith(f"{schema_id}: ") or message.split(": ", 1)[0] in ("Ingest", "IngestExt", "Write")):
        message = f"{api}: {schema_id}: {message}"
    if isinstance(exc, HostError):
        error = type(exc)(message)
        error.js_name = exc.js_name
        return error
    return HostError(message)


def _insert_keeping_good_rows(session, schema: Schema, fields: list, part: list, width: int) -> None:
    """Multi-row INSERTs; if the store refuses the batch, the rows before the refused one are
    inserted one by one and the refused row's error is raised (nothing before it is lost)."""
    from runtime.errors import HostError

    try:
        session.insert_rows(schema, fields, list(part), width)   # (it converts its list in place)
        return
    except HostError:
        pass
    for i in range(0, len(part), width):
        session.insert_rows(schema, fields, part[i:i + width], width)


def key_exists(session, schema_id: str, names, values) -> bool:
    """Does the record with this key exist (for IngestExt: as the staging table's newest
    operation leaves it, else in the cloud table; for Write: in the schema's own table)?
    One indexed lookup, its statement text cached per schema and key."""
    schema = session.registry.get(str(schema_id))
    fields = _key_fields(schema, names)
    if not isinstance(values, list) or len(names) != len(values):
        raise ValidationError(f"{schema.id}: bad key")
    key = [S.convert(schema, f, v) for f, v in zip(fields, values)]
    store = store_for_schema(session.stores, schema)
    store.table(schema)
    cache = session.key_sql
    sql = cache.get((schema.id, tuple(names), store.url))
    if sql is None:
        ph = "?" if store.paramstyle == "qmark" else "%s"
        where = " AND ".join(f"{f.sqlname} = {ph}" for f in fields)
        sql = (f"SELECT {STG_OP} FROM {schema.table} WHERE {where} ORDER BY {STG_SEQ} DESC LIMIT 1"
               if schema.is_staging else f"SELECT 1 FROM {schema.table} WHERE {where} LIMIT 1")
        cache[(schema.id, tuple(names), store.url)] = sql
    params = tuple(_sqlite_text(v) if store.dialect == "sqlite" else v for v in key)
    row = store.conn.exec_driver_sql(sql, params).first()
    if not schema.is_staging:
        return row is not None
    if row is not None:
        return row[0] != "delete"
    return session._in_cloud(schema, {f.name: _py(f, v) for f, v in zip(fields, key)})


# A key set is fetched only from tables of at most this many rows (staging rows plus cloud
# rows): beyond it the script goes on checking key by key. In the sandbox a key costs ~100
# bytes of heap.
KEY_SET_MAX_ROWS = 500_000
# Key families whose values the sandbox writes exactly as the store gives them back (text,
# integers); the others (dates, floats, booleans) are checked key by key.
KEY_SET_FAMILIES = frozenset(("string", "text", "uuid", "int8", "int16", "int32", "int64"))
_SMALL_INTS = ("int8", "int16", "int32")   # (their values travel as numbers; int64 as text)


def key_set(session, schema_id: str, names, budget) -> dict:
    """Every key present in the table, as key_exists would answer for each, for the script's
    key-presence cache (stdlib_js/40_xtk.js): {"keys": [the values of each key, flat],
    "watch": [schemas whose records the answers also read]} (or, for one key field on SQLite,
    {"joined": the keys as text joined by NUL, repeats possible, "watch": …}); or, when more than `budget` rows
    would be read, {"keys": None, "rows": rows to read, "retry": whether a budget may do}.
    The rows are counted first (at most KEY_SET_MAX_ROWS + 1): a refused fetch costs a count."""
    schema = session.registry.get(str(schema_id))
    fields = _key_fields(schema, names)
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
        raise ValidationError(f"{schema.id}: bad key set budget")
    if any(f.family not in KEY_SET_FAMILIES for f in fields):
        return {"keys": None, "rows": 0, "retry": False}
    sources = [(store_for_schema(session.stores, schema), schema.table, [f.sqlname for f in fields])]
    sources[0][0].table(schema)
    watch = []
    if schema.is_staging:
        base = session.registry.get(schema.staging_of)
        if all(n in base.fields for n in names):   # else never in the cloud (XtkSession._in_cloud)
            watch.append(base.id)
            cloud = store_for_schema(session.stores, base)
            if cloud.table(base, create=False) is not None:
                sources.append((cloud, base.table, [base.fields[n].sqlname for n in names]))
    rows = 0
    counts = []
    for store, table, kcols in sources:
        counts.append(_count_keyed(store, table, kcols, KEY_SET_MAX_ROWS + 1 - rows))
        rows += counts[-1]
        if rows > KEY_SET_MAX_ROWS:
            return {"keys": None, "rows": rows, "retry": False}
    if rows > budget:
        return {"keys": None, "rows": rows, "retry": True}
    store, table, kcols = sources[0]
    if (len(fields) == 1 and store.dialect == "sqlite" and sum(counts[1:]) == 0
            and not (schema.is_staging and _deleted_keys(store, table, kcols, fields))):
        # The usual case (one key field, no cloud rows, no deletes): the stored keys, joined
        # by SQLite itself (~3x cheaper than rows, a set and a JSON list of them).
        text = _joined_keys(store, table, kcols[0], fields[0])
        if text is not None:
            return {"joined": text, "watch": watch}
    present = _distinct_keys(store, table, kcols, fields)
    if present is None:
        return {"keys": None, "rows": KEY_SET_MAX_ROWS + 1, "retry": False}   # grown since the count
    if schema.is_staging:
        staged = set(present)
        present -= _deleted_keys(store, table, kcols, fields)
        for store, table, kcols in sources[1:]:
            cloud = _distinct_keys(store, table, kcols, fields)
            if cloud is None:
                return {"keys": None, "rows": KEY_SET_MAX_ROWS + 1, "retry": False}
            present |= cloud - staged
    return {"keys": list(present) if len(fields) == 1 else [v for k in present for v in k], "watch": watch}


def _key_fields(schema: Schema, names) -> list:
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ValidationError(f"{schema.id}: bad key")
    return [schema.field(n) for n in names]


def _keyed(kcols: list) -> str:
    return " AND ".join(f"{c} IS NOT NULL" for c in kcols)


def _count_keyed(store, table: str, kcols: list, limit: int) -> int:
    """How many rows of `table` have every key column set, counted up to `limit`."""
    return int(store.conn.exec_driver_sql(
        f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {_keyed(kcols)} LIMIT {int(limit)}) keyed").scalar())


def _distinct_keys(store, table: str, kcols: list, fields: list) -> set | None:
    """The keys of `table`'s rows (a value, or a tuple for several fields), as the sandbox
    writes them; None when there are more than KEY_SET_MAX_ROWS rows."""
    rows = _driver_rows(store, f"SELECT {', '.join(kcols)} FROM {table} WHERE {_keyed(kcols)} "
                               f"LIMIT {KEY_SET_MAX_ROWS + 1}")
    return None if len(rows) > KEY_SET_MAX_ROWS else _normalised(rows, fields)


def _joined_keys(store, table: str, kcol: str, field) -> str | None:
    """SQLite: every stored key of one field (those _normalised keeps: non-empty text for text
    and UUID fields, integers in decimal for integer fields) joined by NUL, which no key the
    sandbox checks can hold (the validator refuses it); repeats are kept. None when a stored key
    holds a NUL itself (it would pass for two: the caller fetches rows instead) or when there are
    more than KEY_SET_MAX_ROWS."""
    # ('' < text < BLOB in SQLite's order: a range of the key's index, no call per row; BINARY,
    # whatever the column's collation, so that no non-empty key passes for '')
    kept = (f"{kcol} > '' COLLATE BINARY AND {kcol} < x''" if field.family in ("string", "text", "uuid")
            else f"typeof({kcol}) = 'integer'")
    count, text = _driver_rows(store, f"SELECT count(*), group_concat({kcol}, char(0)) FROM {table} WHERE {kept}")[0]
    if count > KEY_SET_MAX_ROWS or (count and text.count("\0") != count - 1):
        return None
    return text or ""


def _deleted_keys(store, table: str, kcols: list, fields: list) -> set:
    """The keys whose newest staging row is a delete."""
    cols = ", ".join(kcols)
    rows = _driver_rows(store, f"SELECT {cols}, max({STG_SEQ}), max(CASE WHEN {STG_OP} = 'delete' THEN {STG_SEQ} END) "
                               f"FROM {table} WHERE {_keyed(kcols)} AND ({cols}) IN "
                               f"(SELECT {cols} FROM {table} WHERE {STG_OP} = 'delete') GROUP BY {cols}")
    return _normalised([r[:-2] for r in rows if r[-2] == r[-1]], fields)


def _driver_rows(store, sql: str, params: tuple = ()) -> list:
    """All rows of a query as the driver's tuples (no SQLAlchemy row objects: key sets and batch
    lookups read thousands), in the transaction the store's connection has begun."""
    cur = store.conn.connection.dbapi_connection.cursor()
    try:
        cur.execute(sql, params)
        return cur.fetchall()
    finally:
        cur.close()


def _key_value(f):
    """A stored key value as the script's validator writes it (None: no key can have it)."""
    if f.family == "int64":
        return lambda v: str(v) if type(v) is int else None
    if f.family in _SMALL_INTS:
        return lambda v: v if type(v) is int else None
    return lambda v: v if type(v) is str and v != "" else None


def _normalised(rows: list, fields: list) -> set:
    """The keys of `rows` (a value, or a tuple for several fields) as the sandbox writes them."""
    if len(fields) == 1:
        out = set(map(_first_item, rows))
        kinds = set(map(type, out))
        if kinds == {str}:   # the usual case, without a call per value
            out.discard("")
            return out
        if kinds == {int} and fields[0].family in _SMALL_INTS:   # (int64 keys travel as text)
            return out
        out = set(map(_key_value(fields[0]), out))
    else:
        norm = [_key_value(f) for f in fields]
        out = {tuple(n(v) for n, v in zip(norm, r)) for r in rows}
        out = {k for k in out if None not in k}
    out.discard(None)
    return out


def _sqlite_text(v):
    """A date/time value as SQLAlchemy stores it in SQLite (text), for driver-level SQL."""
    from runtime.xtk.ingest import SQLITE_DATETIME

    if isinstance(v, dt.datetime):
        return v.strftime(SQLITE_DATETIME)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.time):
        return v.strftime("%H:%M:%S.%f")
    return v


def _py(f, v):
    conv = _PY_VALUE.get(f.family)
    return conv(v) if conv is not None and isinstance(v, str) else v


# --- applying rows that change records -----------------------------------------------------------

def _apply_rows(session, schema: Schema, flat: list, width: int) -> None:
    """Apply checked rows in order, in one savepoint. A row the store state refuses ("no record
    to update", "already exists") ends the batch: the rows before it are written, it raises."""
    store = store_for_schema(session.stores, schema)
    table = store.table(schema)
    names = list(schema.fields)
    fields = [schema.fields[n] for n in names]
    n = len(flat) // width
    specs: dict = {}

    def row_parts(i):
        base = i * width
        op, uuid, spec = flat[base], flat[base + 1], flat[base + 2]
        values = {}
        for j, f in enumerate(fields):
            v = flat[base + 3 + j]
            if v is not False:
                values[f.name] = _py(f, v)
        keys = specs.get(spec)
        if keys is None:
            keys = specs[spec] = S.parse_key_spec(schema, spec) if spec else []
        return op, uuid, keys, values

    at = [0]

    def run(count, conn):
        for i in range(count):
            at[0] = i
            op, uuid, keys, values = row_parts(i)
            if schema.is_staging:
                if op == "insert":
                    row = {schema.fields[k].sqlname: v for k, v in values.items()}
                    row.update({STG_OP: "insert", STG_UUID: uuid, STG_KEY: ",".join(keys) or None,
                                STG_CREATED: session.now()})
                    conn.execute(table.insert(), [row])
                else:
                    session.ext_row(conn, schema, table, EXT_OP[op], values, keys, "IngestExt")
            else:
                session.write_row(conn, table, schema, WRITE_OP[op], values, keys, "Write")

    from runtime.errors import HostError

    try:
        session._run(store, lambda conn: run(n, conn), commit=False)
    except HostError:
        # The store refused row at[0] (the script checked each key at its call, so only another
        # writer between the call and this batch, or a constraint of the store, gets here):
        # keep the rows before it.
        failed = at[0]
        if failed:
            session._run(store, lambda conn: run(failed, conn), commit=False)
        raise


# --- set-based application ------------------------------------------------------------------------

_first_item = operator.itemgetter(0)
IN_CHUNK = 2000   # keys per lookup statement (well under both drivers' parameter limits)


class _Refused(Exception):
    def __init__(self, index: int, message: str) -> None:
        self.index, self.message = index, message


class _Unverified(Exception):
    """A batch of updates changed fewer records than it names: a key is missing (the row-by-row
    path finds which, keeping the rows before it)."""


def _apply_set_based(session, schema: Schema, flat: list, width: int) -> bool:
    """Apply the rows with a few set-based statements (key lookups in chunks, multi-row
    INSERTs and UPDATEs, executemany DELETE), with exactly the per-row rules of ext_row/write_row.
    Returns False when the batch needs the row-by-row path (several key specs; a Write key
    that is not the schema's unique key)."""
    specs = {s for s in flat[2::width] if s is not None}
    if len(specs) > 1:
        return False
    spec = next(iter(specs)) if specs else None
    keys = S.parse_key_spec(schema, spec) if spec else list(schema.keys)
    if not schema.is_staging and spec and sorted(keys) != sorted(schema.keys):
        return False
    if not keys and any(op != "insert" for op in flat[0::width]):
        return False
    if schema.autopk and spec is not None and any(s is None for s in flat[2::width]):
        return False   # keys generated by inserts of this batch may be what later rows name
    from sqlalchemy.exc import DBAPIError

    store = store_for_schema(session.stores, schema)
    plan = _StagingPlan(session, schema, keys, spec) if schema.is_staging else _TablePlan(session, schema, keys)
    refused = None
    try:
        with store.conn.begin_nested():
            refused = plan.run(flat, width)
    except (DBAPIError, store.engine.dialect.loaded_dbapi.Error, _Unverified):   # (fetch: the driver's cursor)
        return False   # the store refused a statement, or a key is missing: the row-by-row path finds the row
    if refused is not None:
        raise ValidationError(refused.message)
    return True


# PostgreSQL array types for a field family's values in set-based UPDATEs (wide enough for
# every field of the family; the assignment to the column converts).
_PG_ARRAY_TYPES = {"string": "text[]", "text": "text[]", "uuid": "text[]", "int8": "bigint[]", "int16": "bigint[]",
                   "int32": "bigint[]", "int64": "bigint[]", "bool": "bigint[]", "float": "float8[]",
                   "date": "date[]", "datetime": "timestamp[]", "time": "time[]"}


def sqlite_update_from(store) -> bool:
    """Does this SQLite library take `UPDATE … FROM` (3.33 and later)?"""
    return store.engine.dialect.loaded_dbapi.sqlite_version_info >= (3, 33, 0)


class _Plan:
    def __init__(self, session, schema: Schema, keys: list[str]) -> None:
        from runtime.xtk.ingest import _BATCH_CONVERTERS, _SQLITE_CONVERTERS

        self.session, self.schema, self.keys = session, schema, keys
        self.store = store_for_schema(session.stores, schema)
        self.conn = self.store.conn
        self.table = self.store.table(schema)
        self.names = list(schema.fields)
        self.fields = [schema.fields[n] for n in self.names]
        self.kidx = [self.names.index(k) for k in keys]
        self.ph = "?" if self.store.paramstyle == "qmark" else "%s"
        conv = _SQLITE_CONVERTERS if self.store.dialect == "sqlite" else _BATCH_CONVERTERS
        self.conv = [conv.get(f.family) for f in self.fields]

    def keys_of(self, flat, width: int, n: int) -> list:
        """Each row's key (a tuple of values), None for a row without all of them."""
        if len(self.kidx) == 1:
            return [None if v is None or v is False or v == "" else (v,) for v in flat[3 + self.kidx[0]::width]]
        out = []
        for i in range(n):
            k = tuple(flat[i * width + 3 + j] for j in self.kidx)
            out.append(None if any(v is None or v is False or v == "" for v in k) else k)
        return out

    def bind(self, j, v):
        c = self.conv[j]
        return c(v) if c is not None and v is not None else v

    def select_keys(self, table, schema, cols_sql: str, keys: list) -> list:
        """Rows (cols..., key values...) of `table` whose key is one of `keys`."""
        kcols = [schema.fields[k].sqlname for k in self.keys]
        out = []
        if len(kcols) == 1 and self.store.dialect == "postgresql":
            # One array parameter: a short statement the driver parses once (an IN list of
            # thousands of placeholders is parsed again at each execution); the same plan.
            j = self.kidx[0]
            values = [k[0] for k in keys] if self.conv[j] is None else [self.bind(j, k[0]) for k in keys]
            sql = f"SELECT {cols_sql}{', ' if cols_sql else ''}{kcols[0]} FROM {table} WHERE {kcols[0]} = ANY(%s)"
            for i in range(0, len(values), IN_CHUNK):
                out += _driver_rows(self.store, sql, (values[i:i + IN_CHUNK],))
            return out
        for i in range(0, len(keys), IN_CHUNK):
            chunk = keys[i:i + IN_CHUNK]
            if len(kcols) == 1:
                where = f"{kcols[0]} IN ({', '.join([self.ph] * len(chunk))})"
                params = (tuple(k[0] for k in chunk) if self.conv[self.kidx[0]] is None
                          else tuple(self.bind(self.kidx[0], k[0]) for k in chunk))
            else:
                one = "(" + " AND ".join(f"{c} = {self.ph}" for c in kcols) + ")"
                where = " OR ".join([one] * len(chunk))
                params = tuple(self.bind(j, v) for k in chunk for j, v in zip(self.kidx, k))
            out += _driver_rows(self.store, f"SELECT {cols_sql}{', ' if cols_sql else ''}{', '.join(kcols)} FROM {table} WHERE {where}",
                              params)
        return out

    def label(self, key) -> str:
        return ", ".join(f"{k}='{v}'" for k, v in zip(self.keys, key))

    def executemany(self, sql: str, params: list) -> None:
        if params:
            self.conn.exec_driver_sql(sql, params)

    def update_rows(self, sets: list, where: list, params: list) -> int:
        """UPDATE the table's rows: each tuple of `params` holds the values of the `sets`
        columns, then those of the `where` columns ((SQL name, field family) pairs), which
        name at most one row (a unique key, or the staging sequence). Returns the rows updated."""
        if not params:
            return 0
        if self.store.dialect != "postgresql":
            return self._update_rows_sqlite(sets, where, params)
        # PostgreSQL: one statement for all the rows, passed as arrays joined to the table by
        # its index. An executemany costs a round of parsing, binding and planning per row; this
        # costs about half. The nested loop is asked for: the planner, without statistics on
        # a table just filled, would scan and sort the whole table for every batch.
        cols = sets + where
        arrays = [list(col) for col in zip(*params)]
        for i, (_, fam) in enumerate(cols):
            if fam == "float":   # (one element type per array: integers given to a float field)
                arrays[i] = [None if v is None else float(v) for v in arrays[i]]
        source = ", ".join(f"%s::{_PG_ARRAY_TYPES[fam]}" for _, fam in cols)
        names = ", ".join(f"c{i}" for i in range(len(cols)))
        sql = (f"UPDATE {self.schema.table} AS target SET {', '.join(f'{c} = v.c{i}' for i, (c, _) in enumerate(sets))} "
               f"FROM unnest({source}) AS v({names}) "
               f"WHERE {' AND '.join(f'target.{c} = v.c{len(sets) + i}' for i, (c, _) in enumerate(where))}")
        conn = self.conn
        before = tuple(conn.exec_driver_sql(
            "SELECT current_setting('enable_hashjoin'), current_setting('enable_mergejoin')").first())
        conn.exec_driver_sql("SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)")
        updated = conn.exec_driver_sql(sql, tuple(arrays)).rowcount
        # (restored for the rest of the transaction; a failed statement's savepoint undoes it anyway)
        conn.exec_driver_sql("SELECT set_config('enable_hashjoin', %s, true), set_config('enable_mergejoin', %s, true)",
                             before)
        return updated

    def _update_rows_sqlite(self, sets: list, where: list, params: list) -> int:
        """update_rows on SQLite: `UPDATE … FROM (VALUES …)` in chunks of rows (SQLite looks each
        row up by the table's index; about a third cheaper than an executemany, which binds,
        steps and resets a statement per row), or an executemany before SQLite 3.33."""
        t, ph = self.schema.table, self.ph
        if not sqlite_update_from(self.store):
            return self.conn.exec_driver_sql(f"UPDATE {t} SET {', '.join(f'{c} = {ph}' for c, _ in sets)} "
                                             f"WHERE {' AND '.join(f'{c} = {ph}' for c, _ in where)}", params).rowcount
        from runtime.xtk.ingest import rows_per_statement

        width = len(sets) + len(where)
        per = rows_per_statement(width)
        one = "(" + ", ".join([ph] * width) + ")"
        head = f"UPDATE {t} SET {', '.join(f'{c} = v.column{i + 1}' for i, (c, _) in enumerate(sets))} FROM (VALUES "
        tail = (") AS v WHERE " +
                " AND ".join(f"{t}.{c} = v.column{len(sets) + i + 1}" for i, (c, _) in enumerate(where)))
        updated = 0
        for i in range(0, len(params), per):
            chunk = params[i:i + per]
            updated += self.conn.exec_driver_sql(head + ", ".join([one] * len(chunk)) + tail,
                                                 tuple(itertools.chain.from_iterable(chunk))).rowcount
        return updated


class _StagingPlan(_Plan):
    """IngestExt rows (and Ingest rows between them) on a staging table."""

    def __init__(self, session, schema, keys, spec) -> None:
        super().__init__(session, schema, keys)
        self.spec = ",".join(keys) if spec else None

    def newest_in_store(self, keys: list) -> dict:
        from runtime.xtk.store import STG_BATCH

        newest: dict = {}
        nk = len(self.keys)
        plain = all(self.fields[j].family != "int64" for j in self.kidx)
        rows = self.select_keys(self.schema.table, self.schema, f"{STG_SEQ}, {STG_OP}, {STG_BATCH}, {STG_KEY}", keys)
        if nk == 1 and plain:   # (the common case in one pass: oldest first, so the newest stays)
            rows.sort(key=_first_item)
            return {(r[4],): ["db", r[0], r[1], r[2], r[3]] for r in rows}
        for r in rows:
            key = tuple(self._norm(j, v) for j, v in zip(self.kidx, r[4:4 + nk]))
            have = newest.get(key)
            if have is None or have[1] < r[0]:
                newest[key] = ["db", r[0], r[1], r[2], r[3]]
        return newest

    def _norm(self, j, v):
        """A key value read back from the store, in the form the batch carries."""
        return v if isinstance(v, str) or v is None else (str(v) if self.fields[j].family == "int64" else v)

    def in_cloud(self, keys: list) -> set:
        """Those of `keys` (without a staging row) that the base schema's cloud table has
        (XtkSession._in_cloud): chunked lookups, or one per key for key types whose values do
        not read back in the form the batch carries (dates, floats)."""
        base = self.session.registry.get(self.schema.staging_of)
        if not keys or any(k not in base.fields for k in self.keys):
            return set()
        if any(self.fields[j].family not in KEY_SET_FAMILIES for j in self.kidx):
            return {k for k in keys if self.session._in_cloud(self.schema, dict(zip(self.keys, self.py_key(k))))}
        store = store_for_schema(self.session.stores, base)
        t = store.table(base, create=False)
        if t is None:
            return set()
        from sqlalchemy import select, tuple_

        cols = [t.c[base.fields[k].sqlname] for k in self.keys]
        found = set()
        for i in range(0, len(keys), IN_CHUNK):
            chunk = [self.py_key(k) for k in keys[i:i + IN_CHUNK]]
            where = cols[0].in_([k[0] for k in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)
            for r in store.conn.execute(select(*cols).where(where)):
                found.add(tuple(self._norm(j, v) for j, v in zip(self.kidx, r)))
        return found

    def py_key(self, key) -> tuple:
        return tuple(_py(self.fields[j], v) for j, v in zip(self.kidx, key))

    def run(self, flat: list, width: int):
        n = len(flat) // width
        row_keys = self.keys_of(flat, width, n)
        wanted = list(dict.fromkeys(k for i, k in enumerate(row_keys)
                                    if k is not None and flat[i * width] != "insert"))
        state = self.newest_in_store(wanted) if wanted else {}
        # keys an update or checked insert needs, that no staging row answers for
        unanswered = dict.fromkeys(k for i, k in enumerate(row_keys)
                                   if k is not None and k not in state and flat[i * width] in ("update", "xinsert"))
        cloud = self.in_cloud(list(unanswered))
        new_rows: list[list] = []
        folds: dict = {}       # pending row's iStgSeq -> {field index: value}
        deleted = set()        # pending rows a delete folded into
        refused = None
        for i in range(n):
            base = i * width
            op = flat[base]
            key = row_keys[i]
            if op == "insert":
                new_rows.append([None if v is False else v for v in flat[base:base + width]])
                if key is not None:
                    state[key] = ["new", len(new_rows) - 1, "insert", None, flat[base + 2]]
                continue
            st = state.get(key)
            present = None if st is None else st[2] != "delete"
            if present is None and op in ("update", "xinsert"):
                present = key in cloud
            if op == "update" and not present:
                refused = _Refused(i, f"IngestExt: {self.schema.id}: no record with {self.label(key)} to update "
                                      "(_operation=\"update\" needs an existing key)")
                break
            if op == "xinsert" and present:
                refused = _Refused(i, f"IngestExt: {self.schema.id}: a record with {self.label(key)} already exists "
                                      "(_operation=\"insert\")")
                break
            values = flat[base + 3:base + width]
            if op == "delete":
                values = [values[j] if j in self.kidx else None for j in range(len(values))]
            if st is not None and st[3] is None and st[2] != "delete" and st[4] == self.spec and op != "xinsert":
                if st[0] == "new":
                    target = new_rows[st[1]]
                    for j, v in enumerate(values):
                        if v is not False:
                            target[3 + j] = v
                    if op == "delete":
                        target[0] = "delete"
                else:
                    fold = folds.get(st[1])
                    if fold is None:
                        fold = folds[st[1]] = {}
                    for j, v in enumerate(values):
                        if v is not False:
                            fold[j] = v
                    if op == "delete":
                        deleted.add(st[1])
                if op == "delete":
                    st[2] = "delete"
                continue
            row = [("insert" if op == "xinsert" else op), None, self.spec] + [None if v is False else v for v in values]
            new_rows.append(row)
            state[key] = ["new", len(new_rows) - 1, row[0], None, self.spec]
        if new_rows:
            flat_new = [v for r in new_rows for v in r]
            self.session.insert_rows(self.schema, self.names, flat_new, width)
        by_cols: dict = {}
        conv = self.conv
        for seq, fold in folds.items():
            cols = tuple(sorted(fold))
            has_op = seq in deleted
            params = [fold[j] if conv[j] is None or fold[j] is None else conv[j](fold[j]) for j in cols]
            if has_op:
                params.append("delete")
            params.append(seq)
            group = by_cols.get((cols, has_op))
            if group is None:
                group = by_cols[(cols, has_op)] = []
            group.append(tuple(params))
        for (cols, has_op), params in by_cols.items():
            sets = [(self.fields[j].sqlname, self.fields[j].family) for j in cols] + ([(STG_OP, "string")] if has_op else [])
            if sets:
                self.update_rows(sets, [(STG_SEQ, "int64")], params)
        return refused


class _TablePlan(_Plan):
    """Write rows on a schema's own table, keyed by the schema's (unique) key."""

    def run(self, flat: list, width: int):
        n = len(flat) // width
        row_keys = self.keys_of(flat, width, n)
        wanted = list(dict.fromkeys(k for k in row_keys if k is not None))
        nk = len(self.keys)
        # A batch of updates only (Write _operation="update") looks up no key first: that every
        # record exists is what the UPDATEs' row counts must show (_execute), else nothing of
        # the batch stays and the row-by-row path finds the missing one.
        self.verify = bool(wanted) and None not in row_keys and set(flat[0::width]) == {"update"}
        found = self.select_keys(self.schema.table, self.schema, "", wanted) if wanted and not self.verify else []
        if self.verify:
            in_store = set(wanted)
        elif nk == 1 and self.fields[self.kidx[0]].family != "int64":
            in_store = set(found)   # (the rows are 1-tuples of values the batch writes as they are)
        else:
            in_store = {tuple(self._norm(j, v) for j, v in zip(self.kidx, r[:nk])) for r in found}
        plans: dict = {}      # key -> [in store, delete from store, insert index or None, update values or None]
        inserts: list = []    # value lists (None: cancelled by a later delete)
        refused = None
        for i in range(n):
            base = i * width
            op = flat[base]
            values = flat[base + 3:base + width]
            key = row_keys[i]
            if key is None:   # insert without key (autopk)
                inserts.append(list(values))
                continue
            p = plans.get(key)
            if p is None:
                p = plans[key] = [key in in_store, False, None, None]
            present = (p[0] and not p[1]) or p[2] is not None
            if op == "upsert":
                op = "update" if present else "insert"
            if op == "insert":
                if present:
                    refused = _Refused(i, f"Write: {self.schema.id}: a record with {self.label(key)} already exists")
                    break
                inserts.append(list(values))
                p[2] = len(inserts) - 1
            elif op == "update":
                if not present:
                    refused = _Refused(i, f"Write: {self.schema.id}: no record with {self.label(key)} to update")
                    break
                if p[2] is not None:
                    target = inserts[p[2]]
                    for j, v in enumerate(values):
                        if v is not False:
                            target[j] = v
                else:
                    upd = p[3] if p[3] is not None else {}
                    for j, v in enumerate(values):
                        if v is not False:
                            upd[j] = v
                    p[3] = upd
            else:   # delete
                if p[2] is not None:
                    inserts[p[2]] = None
                    p[2] = None
                if p[0]:
                    p[1] = True
                p[3] = None
        self._execute(plans, inserts)
        return refused

    def _norm(self, j, v):
        return v if isinstance(v, str) or v is None else (str(v) if self.fields[j].family == "int64" else v)

    def _execute(self, plans: dict, inserts: list) -> None:
        t, ph = self.schema.table, self.ph
        kcols = [self.schema.fields[k].sqlname for k in self.keys]
        where = " AND ".join(f"{c} = {ph}" for c in kcols)
        gone = [tuple(self.bind(j, v) for j, v in zip(self.kidx, k)) for k, p in plans.items() if p[1]]
        from runtime.xtk.cascade import delete_cascading, owning_links

        if gone and owning_links(self.schema):   # integrity="own": the owned records go too
            delete_cascading(self.session, self.store, self.schema, gone)
        else:
            self.executemany(f"DELETE FROM {t} WHERE {where}", gone)
        by_cols: dict = {}
        conv = self.conv
        key_conv = any(conv[j] is not None for j in self.kidx)
        for k, p in plans.items():
            upd = p[3]
            if upd and not p[1]:
                cols = tuple(sorted(upd))
                params = [upd[j] for j in cols]
                for n, j in enumerate(cols):
                    if conv[j] is not None and params[n] is not None:
                        params[n] = conv[j](params[n])
                params.extend(k if not key_conv else [self.bind(j, v) for j, v in zip(self.kidx, k)])
                group = by_cols.get(cols)
                if group is None:
                    group = by_cols[cols] = []
                group.append(tuple(params))
        kfields = [(self.fields[j].sqlname, self.fields[j].family) for j in self.kidx]
        updated = 0
        for cols, params in by_cols.items():
            updated += self.update_rows([(self.fields[j].sqlname, self.fields[j].family) for j in cols], kfields, params)
        if self.verify:
            unchanged = [k for k, p in plans.items() if not p[3]]   # (updates that gave no value)
            if (updated != sum(map(len, by_cols.values()))
                    or len(self.select_keys(t, self.schema, "", unchanged) if unchanged else ()) != len(unchanged)):
                raise _Unverified()
        rows = [r for r in inserts if r is not None]
        if not rows:
            return
        uuid_j = self.names.index("uuid") if self.schema.autouuid and "uuid" in self.names else None
        if uuid_j is not None:   # new records' UUIDs, drawn in bulk
            need = [r for r in rows if r[uuid_j] in (None, False, "")]
            if need:
                u = self.session.uuids.formatted(len(need))
                for i, r in enumerate(need):
                    r[uuid_j] = u[36 * i:36 * i + 36]
        autopk = [j for j, f in enumerate(self.fields) if f.implicit == "autopk"]
        conv = [(j, c) for j, c in enumerate(self.conv) if c is not None]
        every = tuple(range(len(self.fields)))
        groups: dict = {}
        for r in rows:
            r = [None if v is False else v for v in r]
            for j, c in conv:
                if r[j] is not None:
                    r[j] = c(r[j])
            # an autopk id not given is left to the store
            cols = tuple(j for j in every if r[j] is not None or j not in autopk) if autopk else every
            groups.setdefault(cols, []).append(r if cols is every else [r[j] for j in cols])
        from runtime.xtk.ingest import rows_per_statement

        for cols, params in groups.items():
            names = ", ".join(self.fields[j].sqlname for j in cols)
            one = "(" + ", ".join([ph] * len(cols)) + ")"
            per = rows_per_statement(len(cols))
            full = len(params) // per * per
            head = f"INSERT INTO {t} ({names}) VALUES "
            if full:   # the full chunks in one executemany: the driver parses the statement once
                whole = head + ", ".join([one] * per)
                self.executemany(whole, [tuple(itertools.chain.from_iterable(params[i:i + per]))
                                         for i in range(0, full, per)])
            if full < len(params):
                self.conn.exec_driver_sql(head + ", ".join([one] * (len(params) - full)),
                                          tuple(itertools.chain.from_iterable(params[full:])))


# --- checks ---------------------------------------------------------------------------------------

def check_rows(schema: Schema, flat: list, width: int, rows: int):
    """The first row of the batch that breaks the schema: (row index, message), or None."""
    found = []
    ops = flat[0::width]
    allowed = STAGING_OPS if schema.is_staging else TABLE_OPS
    if not _distinct(ops) <= allowed:
        i = next(i for i, op in enumerate(ops) if _hashable(op) not in allowed)
        found.append((i, f"{schema.id}: row {i + 1} of a write batch has an unknown operation"))
    uuids = flat[1::width]
    if set(map(type, uuids)) - {str, _NONE}:
        i = next(i for i, u in enumerate(uuids) if u is not None and type(u) is not str)
        found.append((i, f"{schema.id}: row {i + 1} of a write batch has a bad UUID"))
    elif not _all_uuids(list(filter(None, uuids))) or "" in uuids:
        i = next(i for i, u in enumerate(uuids) if u is not None and not S.UUID_RE.match(u))
        found.append((i, f"{schema.id}: row {i + 1} of a write batch has a bad UUID"))
    specs = flat[2::width]
    fields = list(schema.fields.values())
    columns = [flat[3 + j::width] for j in range(len(fields))]
    for spec in _distinct(specs):
        if spec is None:
            continue
        first = specs.index(spec)
        try:
            if not isinstance(spec, str):
                raise ValidationError(f"{schema.id}: bad _key")
            keys = S.parse_key_spec(schema, spec)
        except ValidationError as exc:
            found.append((first, str(exc)))
            continue
        for k in keys:
            col = columns[list(schema.fields).index(k)]
            for i, s in enumerate(specs):
                if s == spec and (col[i] is None or col[i] is False or col[i] == ""):
                    found.append((i, f"{schema.id}: key attribute '{k}' has no value"))
                    break
    for f, col in zip(fields, columns):
        problem = _column_problem(schema, f, col)
        if problem is not None:
            found.append(problem)
        if f.not_null and f.implicit is None:
            for i, v in enumerate(col):
                if (v is None or v is False or v == "") and (ops[i] in FULL_RECORD_OPS or v is not False):
                    found.append((i, f"{schema.id}: attribute '{f.name}' is mandatory (notNull) and has no value"))
                    break
    return min(found, key=lambda p: p[0]) if found else None


def _distinct(values: list) -> set:
    try:
        return set(values)
    except TypeError:   # a list or object where a text belongs: shown by its repr
        return set(map(_hashable, values))


def _hashable(v):
    return v if isinstance(v, (str, int, float, type(None))) else repr(v)


def _column_problem(schema: Schema, f, col: list):
    """(row index, message) of the first value of one column that its field cannot hold."""
    expected = _EXPECTED[f.family]
    types = set(map(type, col))
    if types - set(expected) - {_NONE, bool}:
        return _first(schema, f, col, lambda v: v is None or v is False or type(v) in expected)
    if bool in types:
        if any(v is True for v in col):
            return _first(schema, f, col, lambda v: v is not True)
    fam = f.family
    text = fam in ("string", "text", "uuid")
    # (text: the empty strings are left out too; they are within every length and format)
    vals = list(filter(None, col)) if text else [v for v in col if v is not None and v is not False]
    if not vals:
        return None
    if text:
        if f.length is not None and max(map(len, vals)) > f.length:
            return _first(schema, f, col, lambda v: not isinstance(v, str) or len(v) <= f.length)
        joined = "".join(vals)
        if "\x00" in joined:
            return _first(schema, f, col, lambda v: not isinstance(v, str) or "\x00" not in v)
        try:
            joined.encode("utf-8")
        except UnicodeEncodeError:
            return _first(schema, f, col, _encodable)
        if fam == "uuid":
            match = S.UUID_RE.match
            if not _all_uuids(vals):
                return _first(schema, f, col, lambda v: not isinstance(v, str) or v == "" or match(v))
        return None
    if fam == "int64":
        ok = _int64_ok
    elif fam in S.INT_RANGES:
        lo, hi = S.INT_RANGES[fam]
        if min(vals) >= lo and max(vals) <= hi:
            return None
        ok = (lambda v: lo <= v <= hi)
    elif fam == "bool":
        if set(vals) <= {0, 1}:
            return None
        ok = (lambda v: v in (0, 1))
    elif fam == "float":
        if all(map(math.isfinite, vals)):
            return None
        ok = math.isfinite
    else:
        ok = _TEXT_OK[fam]
    if all(map(ok, vals)):
        return None
    return _first(schema, f, col, lambda v: v is None or v is False or ok(v))


_NOT_HEX_DASH = str.maketrans("", "", "0123456789abcdefABCDEF-")   # (deletes them: what is left is not)


def _all_uuids(values: list) -> bool:
    """all(map(UUID_RE.match, values)) for a list of texts, in a few passes over their
    concatenation instead of one regular-expression call per value (a batch holds thousands)."""
    n = len(values)
    joined = "".join(values)
    dashes = "-" * n
    if (set(map(len, values)) <= {36} and joined[8::36] == dashes and joined[13::36] == dashes
            and joined[18::36] == dashes and joined[23::36] == dashes and joined.count("-") == 4 * n
            and not joined.translate(_NOT_HEX_DASH)):
        return True
    return all(map(S.UUID_RE.match, values))   # (the exact rule decides anything unusual)


def _encodable(v) -> bool:
    try:
        v.encode("utf-8")
        return True
    except (UnicodeEncodeError, AttributeError):
        return False


def _int64_ok(v) -> bool:
    if isinstance(v, str):
        if not S.INT_RE.match(v):
            return False
        v = int(v)
    return S.INT_RANGES["int64"][0] <= v <= S.INT_RANGES["int64"][1]


def _text_ok(pattern, parse):
    def ok(v) -> bool:
        if not pattern.match(v):
            return False
        try:
            parse(v)
        except ValueError:
            return False
        return True
    return ok


_TEXT_OK = {
    "date": _text_ok(S.DATETIME_RE, S.parse_datetime),
    "datetime": _text_ok(S.DATETIME_RE, S.parse_datetime),
    "time": _text_ok(S.TIME_RE, dt.time.fromisoformat),
}


def _first(schema: Schema, f, col: list, ok):
    """The first value of `col` that `ok` refuses, with the validator's message for it."""
    for i, v in enumerate(col):
        if not ok(v):
            try:
                S.convert(schema, f, v)
            except ValidationError as exc:
                return i, str(exc)
            shown = repr(v)[:60]
            return i, f"{schema.id}: attribute '{f.name}' ({f.type}): {shown} is not a value the validator produces"
    return None
