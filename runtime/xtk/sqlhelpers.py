"""sqlExec, sqlGetInt, sqlGetDouble, sqlGetString, sqlGetDate, sqlSelect.

A statement runs in the home store of the schema tables it names (`store_for_sql`: the cloud
store for `DemSampleTable`, the local store for `DemSampleTableStg`, the local store when it
names none), so it sees what Write, Ingest and the sync job wrote.

Parameters are always bound: `$1`, `$2`… in the SQL take the extra arguments in order
(`sqlGetInt("SELECT count(*) FROM DemSampleTableStg WHERE sTestcol1 = $1", "a")`), or `:name`
takes a property of one object argument. `$N` inside quoted strings and comments is left alone.
"""
from __future__ import annotations

import datetime as dt
import re

from runtime.errors import HostError

_SCAN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|\$(\d+)""", re.DOTALL)
SELECT_TYPES = {"string", "long", "int", "short", "byte", "int64", "double", "float", "boolean",
                "date", "datetime", "memo"}


class SqlError(HostError):
    """SQL a script ran that failed, or helper arguments that are wrong."""


def bind(sql: str, params: list) -> tuple[str, dict]:
    """SQL with `$N` rewritten to `:pN` and the bound values, or `:name` with one object."""
    if not isinstance(sql, str) or not sql.strip():
        raise SqlError("SQL: expected a non-empty SQL statement")
    if len(params) == 1 and isinstance(params[0], dict):
        return sql, dict(params[0])
    used: set[int] = set()

    def swap(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(0)
        n = int(m.group(1))
        if not 1 <= n <= len(params):
            raise SqlError(f"SQL: ${n} has no value ({len(params)} parameter(s) given)")
        used.add(n)
        return f":p{n}"

    text = _SCAN.sub(swap, sql)
    return text, {f"p{n}": params[n - 1] for n in used}


def _run(session, sql: str, params: list):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError, StatementError

    from runtime.xtk.store import store_for_sql

    text_sql, values = bind(sql, params)
    st = store_for_sql(session.stores, session.registry, sql)
    try:
        with st.conn.begin_nested():
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
    _, count = _run(session, sql, list(params))
    return count


def _first(session, sql: str, params):
    rows, _ = _run(session, sql, list(params))
    if not rows:
        return None
    return rows[0][0]


def sql_get_int(session, sql: str, *params) -> int:
    v = _first(session, sql, params)
    if v is None:
        return 0
    try:
        return int(v)
    except (TypeError, ValueError):
        raise SqlError(f"sqlGetInt: the first column is {v!r}, not an integer") from None


def sql_get_double(session, sql: str, *params) -> float:
    v = _first(session, sql, params)
    if v is None:
        return 0.0
    try:
        return float(v)
    except (TypeError, ValueError):
        raise SqlError(f"sqlGetDouble: the first column is {v!r}, not a number") from None


def sql_get_string(session, sql: str, *params) -> str:
    v = _first(session, sql, params)
    return "" if v is None else _text(v)


def sql_get_date(session, sql: str, *params) -> str | None:
    """ISO 8601 text (the JS side makes a Date), or None."""
    v = _first(session, sql, params)
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
    rows, _ = _run(session, sql, list(params))
    out = []
    for row in rows or []:
        if len(row) < len(outputs):
            raise SqlError(f"sqlSelect: the query returns {len(row)} column(s) but {len(outputs)} output(s) are named")
        attrs = "".join(f" {n}={quoteattr(_text(v))}" for (n, _, a), v in zip(outputs, row) if a and v is not None)
        elems = "".join(f"<{n}>{escape(_text(v))}</{n}>" for (n, _, a), v in zip(outputs, row)
                        if not a and v is not None)
        out.append(f"<{element}{attrs}>{elems}</{element}>" if elems else f"<{element}{attrs}/>")
    return f"<select>{''.join(out)}</select>"


def _text(v) -> str:
    from runtime.xtk.ingest import format_value

    return format_value(v)
