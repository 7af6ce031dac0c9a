"""sqlExec, sqlGetInt, sqlGetDouble, sqlGetString, sqlGetDate, sqlSelect.

A statement runs in the home store of the schema tables it names (`store_for_sql`: the cloud
store for `DemSampleTable`, the local store for `DemSampleTableStg`, the local store when it
names none), so it sees what Write, Ingest and the sync job wrote.

Parameters are always bound, never pasted into the SQL:
* Campaign's typed placeholders take the extra arguments in order, each checked against its
  type: `$(sz)` / `$(m)` text, `$(l)` / `$(s)` / `$(b)` integers (long, short, byte), `$(d)` /
  `$(f)` numbers, `$(ts)` a date and time, `$(dt)` a date, `$(tm)` a time, `$(dur)` a duration
  in milliseconds. `$(curdate)` is the current time and `$(id)` a new identifier; they take no
  argument. (`sqlGetInt("SELECT count(*) FROM T WHERE sName = $(sz) AND iAge > $(l)", "a", 3)`)
* or `$1`, `$2`… number the extra arguments,
* or `:name` takes a property of one object argument.
Markers inside quoted strings and comments are left alone. A statement mixes no two styles.
"""
from __future__ import annotations

import datetime as dt
import math
import re

from runtime.errors import HostError

_SCAN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|\$(\d+)|\$\((\w+)(?::(\w+))?\)""",
                   re.DOTALL)
SELECT_TYPES = {"string", "long", "int", "short", "byte", "int64", "double", "float", "boolean",
                "date", "datetime", "memo"}
# placeholder -> (what the value must be, integer range or None)
TYPED = {
    "sz": ("text", None), "m": ("text", None),
    "l": ("integer", (-(1 << 31), (1 << 31) - 1)), "s": ("integer", (-(1 << 15), (1 << 15) - 1)),
    "b": ("integer", (-(1 << 7), (1 << 7) - 1)), "d": ("number", None), "f": ("number", None),
    "ts": ("datetime", None), "dt": ("date", None), "tm": ("time", None), "dur": ("number", None),
}
GENERATED = ("id", "curdate")


class SqlError(HostError):
    """SQL a script ran that failed, or helper arguments that are wrong."""


def bind(sql: str, params: list, api: str = "SQL", generate=None) -> tuple[str, dict]:
    """SQL with its placeholders rewritten to `:pN` and the bound values (typed values for
    `$(…)` placeholders). `generate(kind)` answers `$(id)` and `$(curdate)`."""
    if not isinstance(sql, str) or not sql.strip():
        raise SqlError(f"{api}: expected a non-empty SQL statement")
    if len(params) == 1 and isinstance(params[0], dict) and not _has_markers(sql):
        return sql, dict(params[0])
    used: set[int] = set()
    typed: list[str] = []
    values: dict = {}

    def swap(m: re.Match) -> str:
        if m.group(1) is None and m.group(2) is None:
            return m.group(0)
        if m.group(1) is not None:
            n = int(m.group(1))
            if not 1 <= n <= len(params):
                raise SqlError(f"{api}: ${n} has no value ({len(params)} parameter(s) given)")
            used.add(n)
            return f":p{n}"
        kind = m.group(2)
        name = f"t{len(values) + 1}"
        if kind in GENERATED:
            if generate is None:
                raise SqlError(f"{api}: $({kind}) is not available here")
            values[name] = generate(kind)
            return f":{name}"
        if kind not in TYPED or m.group(3) is not None:
            raise SqlError(f"{api}: unknown placeholder {m.group(0)} (known: "
                           + ", ".join(f"$({k})" for k in (*TYPED, *GENERATED)) + ")")
        typed.append(kind)
        index = len(typed)
        if index > len(params):
            raise SqlError(f"{api}: argument {index} for $({kind}) is missing ({len(params)} argument(s) given)")
        values[name] = typed_value(kind, params[index - 1], index, api)
        return f":{name}"

    text = _SCAN.sub(swap, sql)
    if typed and used:
        raise SqlError(f"{api}: the statement mixes $N and $(type) placeholders; use one style")
    if typed and len(params) > len(typed):
        raise SqlError(f"{api}: {len(params)} argument(s) given but the statement has {len(typed)} "
                       "typed placeholder(s)")
    values.update({f"p{n}": params[n - 1] for n in used})
    return text, values


def _has_markers(sql: str) -> bool:
    return any(m.group(1) is not None or m.group(2) is not None for m in _SCAN.finditer(sql))


def typed_value(kind: str, value, index: int, api: str):
    """One argument checked and converted for its `$(kind)` placeholder."""
    what, limits = TYPED[kind]
    if value is None:
        return None

    def bad(expected: str):
        shown = repr(value) if not isinstance(value, str) or len(value) <= 40 else repr(value[:37] + "...")
        return SqlError(f"{api}: argument {index} for $({kind}) must be {expected}, got {shown}")

    if what == "text":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise bad("a string")
        return value if isinstance(value, str) else _js_number(value)
    if what in ("integer", "number"):
        if isinstance(value, bool):
            return int(value) if what == "integer" else float(value)
        if isinstance(value, str):
            try:
                value = float(value.strip()) if value.strip() else math.nan
            except ValueError:
                raise bad("a number" if what == "number" else "an integer") from None
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise bad("a finite number" if what == "number" else "an integer")
        if what == "number":
            return value
        if value != int(value):
            raise bad("an integer")
        value = int(value)
        if not limits[0] <= value <= limits[1]:
            raise bad(f"an integer from {limits[0]} to {limits[1]}")
        return value
    if not isinstance(value, str):
        raise bad({"datetime": "a date and time", "date": "a date", "time": "a time"}[what])
    from runtime.xtk.schema import parse_datetime

    try:
        if what == "time":
            text = value.strip()
            return dt.time.fromisoformat(text[11:19] if len(text) > 10 and text[10] in "T " else text)
        moment = parse_datetime(value.strip())
        return moment.date() if what == "date" else moment
    except ValueError:
        raise bad({"datetime": "a date and time (a Date or YYYY-MM-DD HH:MM:SS)", "date": "a date (a Date or "
                   "YYYY-MM-DD)", "time": "a time (HH:MM:SS)"}[what]) from None


def _js_number(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() and abs(v) < 1e21 else str(v)


def _new_id(st) -> int:
    """A new identifier for `$(id)`: the next value of the store's XtkNewId sequence table."""
    from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, insert

    table = Table("XtkNewId", MetaData(), Column("iId", BigInteger().with_variant(Integer(), "sqlite"),
                                                  primary_key=True, autoincrement=True, quote=False), quote=False)
    from sqlalchemy import inspect

    from runtime.xtk.store import catalog_name

    if not inspect(st.conn).has_table(catalog_name(st.conn, table.name)):
        table.create(st.conn)
    return int(st.conn.execute(insert(table).values()).inserted_primary_key[0])


def _run(session, sql: str, params: list, api: str = "SQL"):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError, StatementError

    from runtime.xtk.store import store_for_sql

    st = store_for_sql(session.stores, session.registry, sql, create_tables=True)
    try:
        with st.conn.begin_nested():
            generate = lambda kind: _new_id(st) if kind == "id" else session.now()  # noqa: E731
            text_sql, values = bind(sql, params, api, generate)
            result = st.conn.execute(text(text_sql), values)
            rows = result.all() if result.returns_rows else None
            count = result.rowcount
    except (DBAPIError, StatementError) as exc:
        orig = getattr(exc, "orig", None) or exc
        first = str(orig).strip().splitlines()[0]
        if first == "not authorized" and st.dialect == "sqlite":
            from runtime.xtk.store import SQLITE_REFUSED

            first = SQLITE_REFUSED
        raise SqlError(f"SQL error: {first}") from None
    st.commit_point()
    return rows, count


def sql_exec(session, sql: str, *params) -> int:
    """Runs a statement; the number of rows it changed (-1 when the driver cannot tell)."""
    _, count = _run(session, sql, list(params), "sqlExec")
    return count


def _first(session, sql: str, params, api: str = "SQL"):
    rows, _ = _run(session, sql, list(params), api)
    if not rows:
        return None
    return rows[0][0]


def sql_get_int(session, sql: str, *params) -> int:
    v = _first(session, sql, params, "sqlGetInt")
    if v is None:
        return 0
    try:
        return int(v)
    except (TypeError, ValueError):
        raise SqlError(f"sqlGetInt: the first column is {v!r}, not an integer") from None


def sql_get_double(session, sql: str, *params) -> float:
    v = _first(session, sql, params, "sqlGetDouble")
    if v is None:
        return 0.0
    try:
        return float(v)
    except (TypeError, ValueError):
        raise SqlError(f"sqlGetDouble: the first column is {v!r}, not a number") from None


def sql_get_string(session, sql: str, *params) -> str:
    v = _first(session, sql, params, "sqlGetString")
    return "" if v is None else _text(v)


def sql_get_date(session, sql: str, *params) -> str | None:
    """ISO 8601 text (the JS side makes a Date), or None."""
    v = _first(session, sql, params, "sqlGetDate")
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return (v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)).isoformat()
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day, tzinfo=dt.timezone.utc).isoformat()
    text = str(v).strip().replace(" ", "T")
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SqlError(f"sqlGetDate: the first column is {v!r}, not a date") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)).isoformat()


def parse_select_spec(spec: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """`"coll,@id:long,@name:string,note:memo"` -> ("coll", [(name, type, is_attribute)…])."""
    if not isinstance(spec, str) or not spec.strip():
        raise SqlError("sqlSelect: the first argument describes the result, e.g. \"rec,@id:long,@name:string\"")
    parts = [p.strip() for p in spec.split(",")]
    element, outputs = parts[0], []
    if not re.fullmatch(r"[A-Za-z_][\w\-]*", element):
        raise SqlError(f"sqlSelect: {element!r} is not a valid element name")
    for p in parts[1:]:
        m = re.fullmatch(r"(@?)([A-Za-z_][\w\-]*)(?::(\w+))?", p)
        if m is None:
            raise SqlError(f"sqlSelect: {p!r} is not '@name:type' or 'name:type'")
        typ = m.group(3) or "string"
        if typ not in SELECT_TYPES:
            raise SqlError(f"sqlSelect: unknown type {typ!r} in {p!r}")
        outputs.append((m.group(2), typ, bool(m.group(1))))
    if not outputs:
        raise SqlError("sqlSelect: name at least one output, e.g. \"rec,@id:long\"")
    return element, outputs


def sql_select(session, spec: str, sql: str, *params) -> str:
    """Campaign's sqlSelect: `<select><rec id="1" name="a"/>…</select>` (XML text)."""
    from xml.sax.saxutils import escape, quoteattr

    element, outputs = parse_select_spec(spec)
    rows, _ = _run(session, sql, list(params), "sqlSelect")
    out = []
    for row in rows or []:
        if len(row) < len(outputs):
            raise SqlError(f"sqlSelect: the query returns {len(row)} column(s) but {len(outputs)} output(s) are named")
        texts = [(n, a, _typed_text(v, t, ("@" if a else "") + n)) for (n, t, a), v in zip(outputs, row) if v is not None]
        attrs = "".join(f" {n}={quoteattr(v)}" for n, a, v in texts if a)
        elems = "".join(f"<{n}>{escape(v)}</{n}>" for n, a, v in texts if not a)
        out.append(f"<{element}{attrs}>{elems}</{element}>" if elems else f"<{element}{attrs}/>")
    return f"<select>{''.join(out)}</select>"


def _typed_text(v, typ: str, output: str) -> str:
    """A column value as the declared output type writes it: dates and datetimes as a queryDef
    writes them (`2026-02-01 09:00:00Z`), whatever the engine returns (SQLite gives text)."""
    if typ in ("date", "datetime"):
        from runtime.xtk.schema import parse_datetime

        if isinstance(v, str):
            try:
                v = parse_datetime(v.strip())
            except ValueError:
                raise SqlError(f"sqlSelect: output {output}:{typ} got {v[:40]!r}, which is not a {typ}") from None
        elif isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            v = dt.datetime(v.year, v.month, v.day)
        elif not isinstance(v, dt.datetime):
            raise SqlError(f"sqlSelect: output {output}:{typ} got {v!r}, which is not a {typ}")
        if v.tzinfo is not None:
            v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
        if typ == "date":
            return v.date().isoformat()
    return _text(v)


def _text(v) -> str:
    from runtime.xtk.ingest import format_value

    return format_value(v)
