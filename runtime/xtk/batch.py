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

import datetime as dt
import math

from runtime.xtk import schema as S
from runtime.xtk.schema import Schema, ValidationError
from runtime.xtk.store import STG_CREATED, STG_KEY, STG_OP, STG_UUID

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
    schema = session.registry.get(schema_id)
    if kind not in ("staging", "table") or (kind == "staging") != schema.is_staging:
        raise ValidationError(f"write batch: {schema_id}: wrong table kind {kind!r}")
    if list(fields) != list(schema.fields):
        raise ValidationError(f"write batch: {schema_id}: the fields do not match the schema")
    width = 3 + len(fields)
    if not isinstance(rows, int) or isinstance(rows, bool) or not isinstance(flat, list) or len(flat) != rows * width:
        raise ValidationError(f"write batch: {schema_id}: the buffered rows were altered on their way to the "
                              "store (row count or layout does not match); nothing of this batch was written")
    session.stores.local.table(schema)
    problem = check_rows(schema, flat, width, rows)
    good = problem[0] if problem else rows
    if good:
        part = flat[:good * width]
        if schema.is_staging and all(op == "insert" for op in part[0::width]):
            for i, v in enumerate(part):
                if v is False:
                    part[i] = None
            session.insert_rows(schema, list(fields), part, width)
        else:
            _apply_rows(session, schema, part, width)
        session.stores.local.commit_point(min_interval=BATCH_COMMIT_INTERVAL)
    if problem:
        raise ValidationError(problem[1])
    return rows


def key_exists(session, schema_id: str, names, values) -> bool:
    """Does the record with this key exist (for IngestExt: as the staging table's newest
    operation leaves it, else in the cloud table; for Write: in the schema's own table)?"""
    from sqlalchemy import and_, select

    from runtime.xtk.store import STG_SEQ

    schema = session.registry.get(str(schema_id))
    if not isinstance(names, list) or not isinstance(values, list) or len(names) != len(values) or not names:
        raise ValidationError(f"{schema.id}: bad key")
    key = {}
    for n, v in zip(names, values):
        key[n] = _py(schema.field(str(n)), S.convert(schema, schema.field(str(n)), v))
    store = session.stores.local
    t = store.table(schema)
    c = t.c
    where = and_(*[c[schema.fields[k].sqlname] == v for k, v in key.items()])
    if schema.is_staging:
        newest = store.conn.execute(select(c[STG_OP]).where(where).order_by(c[STG_SEQ].desc()).limit(1)).first()
        if newest is not None:
            return newest[0] != "delete"
        return session._in_cloud(schema, key)
    return store.conn.execute(select(1).select_from(t).where(where).limit(1)).first() is not None


def _py(f, v):
    conv = _PY_VALUE.get(f.family)
    return conv(v) if conv is not None and isinstance(v, str) else v


# --- applying rows that change records -----------------------------------------------------------

def _apply_rows(session, schema: Schema, flat: list, width: int) -> None:
    """Apply checked rows in order, in one savepoint. A row the store state refuses ("no record
    to update", "already exists") ends the batch: the rows before it are written, it raises."""
    store = session.stores.local
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

    try:
        session._run(store, lambda conn: run(n, conn), commit=False)
    except ValidationError:
        # The store refused row at[0] (the script checked each key at its call, so only another
        # writer between the call and this batch gets here): keep the rows before it.
        failed = at[0]
        if failed:
            session._run(store, lambda conn: run(failed, conn), commit=False)
        raise


# --- checks ---------------------------------------------------------------------------------------

def check_rows(schema: Schema, flat: list, width: int, rows: int):
    """The first row of the batch that breaks the schema: (row index, message), or None."""
    found = []
    ops = flat[0::width]
    allowed = STAGING_OPS if schema.is_staging else TABLE_OPS
    if not set(map(_hashable, ops)) <= allowed:
        i = next(i for i, op in enumerate(ops) if _hashable(op) not in allowed)
        found.append((i, f"{schema.id}: row {i + 1} of a write batch has an unknown operation"))
    uuids = flat[1::width]
    if set(map(type, uuids)) - {str, _NONE}:
        i = next(i for i, u in enumerate(uuids) if u is not None and type(u) is not str)
        found.append((i, f"{schema.id}: row {i + 1} of a write batch has a bad UUID"))
    else:
        bad = [i for i, u in enumerate(uuids) if u is not None and not S.UUID_RE.match(u)]
        if bad:
            found.append((bad[0], f"{schema.id}: row {bad[0] + 1} of a write batch has a bad UUID"))
    specs = flat[2::width]
    fields = list(schema.fields.values())
    columns = [flat[3 + j::width] for j in range(len(fields))]
    for spec in set(map(_hashable, specs)):
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
    vals = [v for v in col if v is not None and v is not False]
    if not vals:
        return None
    fam = f.family
    if fam in ("string", "text", "uuid"):
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
            if not all(map(match, vals)):
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
