"""The functions of Campaign expressions, as SQLAlchemy expressions on SQLite and PostgreSQL.

Each function has an arity and a builder that gets the compiled arguments. Where the two
engines differ, the builder asks the compiler's dialect. SQLite lacks real date arithmetic on
the text SQLAlchemy stores dates as, so the date functions there are Python functions
registered on each connection (`register_sqlite`), answering text in SQLAlchemy's own storage
format so that results compare and read back like stored values. docs/querydef.md lists the
SQL of every function on both engines.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import (BigInteger, Date, DateTime, Float, Integer, Numeric, Text, case, cast, extract, func, literal,
                        literal_column)
from sqlalchemy import types as T
from sqlalchemy import type_coerce

from runtime.xtk.conditions import ConditionError

AGGREGATES = {"COUNT", "COUNTDISTINCT", "SUM", "MIN", "MAX", "AVG"}


@dataclass(frozen=True)
class Fn:
    name: str                 # as documented (Campaign's spelling)
    min_args: int
    max_args: int
    build: Callable           # (compiler, args) -> SQLAlchemy expression
    raw: bool = False         # build gets (compiler, argument nodes, text, what, pos) instead


# --- types --------------------------------------------------------------------------------------

def _types():
    return T


def is_text(e) -> bool:
    T = _types()
    return isinstance(getattr(e, "type", None), (T.String, T.Text))


def is_datetime(e) -> bool:
    return isinstance(getattr(e, "type", None), _types().DateTime)


def is_date(e) -> bool:
    T = _types()
    return isinstance(getattr(e, "type", None), T.Date) and not isinstance(e.type, T.DateTime)


def align_dates(c, left, right):
    """A date compared with a datetime: both as datetimes (SQLite compares the stored text)."""
    if is_date(left) and is_datetime(right):
        return _as_datetime(c, left), right
    if is_datetime(left) and is_date(right):
        return left, _as_datetime(c, right)
    return left, right


def _as_datetime(c, e):
    if c.dialect == "postgresql":
        return cast(e, DateTime())
    return type_coerce(func.xtk_todatetime(e), DateTime())


# --- SQLite: Python implementations ---------------------------------------------------------------
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def _parse(value):
    """Stored or bound text -> (datetime, had_time); None when it is not a date."""
    if value is None:
        return None
    m = _ISO.match(str(value).strip())
    if m is None:
        return None
    y, mo, d, h, mi, s, frac, zone = m.groups()
    try:
        v = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                        int((frac or "0").ljust(6, "0")))
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        hh, mm = int(zone[1:3]), int(zone[-2:])
        v -= sign * dt.timedelta(hours=hh, minutes=mm)
    return v, h is not None


def _fmt(v: dt.datetime, with_time: bool) -> str:
    return v.strftime("%Y-%m-%d %H:%M:%S.%f") if with_time else v.strftime("%Y-%m-%d")


def _add_months(v: dt.datetime, n: int) -> dt.datetime:
    month0 = v.month - 1 + n
    year, month = v.year + month0 // 12, month0 % 12 + 1
    return v.replace(year=year, month=month, day=min(v.day, calendar.monthrange(year, month)[1]))


def _sqlite_add(value, n, unit):
    p = _parse(value)
    if p is None or n is None:
        return None
    v, had_time = p
    try:
        n = int(n)
        if unit == "months":
            v = _add_months(v, n)
        elif unit == "years":
            v = _add_months(v, 12 * n)
        else:
            v += dt.timedelta(**{unit: n})
    except (ValueError, OverflowError):
        return None
    return _fmt(v, had_time or unit in ("hours", "minutes", "seconds"))


def _sqlite_dateonly(value):
    p = _parse(value)
    return None if p is None else _fmt(p[0].replace(hour=0, minute=0, second=0, microsecond=0), p[1])


def _sqlite_todate(value):
    p = _parse(value)
    return None if p is None else _fmt(p[0], False)


def _sqlite_todatetime(value):
    p = _parse(value)
    return None if p is None else _fmt(p[0], True)


def _sqlite_tostring(value):
    """Numbers as PostgreSQL's CAST(… AS TEXT) writes them (20, not 20.0), stored dates
    without SQLAlchemy's zero microseconds."""
    if value is None:
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    return text[:-7] if _ISO.match(text) and text.endswith(".000000") else text


_UNIT_US = {"days": 86_400_000_000, "hours": 3_600_000_000, "minutes": 60_000_000, "seconds": 1_000_000}
_EPOCH = dt.datetime(1970, 1, 1)


def _sqlite_diff(end, start, unit):
    """Whole units from start to end, toward zero (as PostgreSQL's trunc of the epoch difference);
    years: full years, as PostgreSQL's age() counts them."""
    a, b = _parse(end), _parse(start)
    if a is None or b is None:
        return None
    a, b = a[0], b[0]
    if unit in ("months", "years"):
        if a < b:
            return -_sqlite_diff(str(b), str(a), unit)
        months = (a.year - b.year) * 12 + a.month - b.month - ((a.day, a.time()) < (b.day, b.time()))
        return months if unit == "months" else months // 12
    us = (a - b) // dt.timedelta(microseconds=1)
    whole = abs(us) // _UNIT_US[unit]
    return whole if us >= 0 else -whole


def _sqlite_part(value, part):
    p = _parse(value)
    if p is None:
        return None
    return p[0].isocalendar()[1] if part == "week" else p[0].timetuple().tm_yday


def _sqlite_trunc_date(value, unit):
    """The start of the week (Monday), month, quarter or year of a date, or of its step of
    `unit` seconds (a number) since 1970-01-01."""
    p = _parse(value)
    if p is None or unit is None:
        return None
    v, had_time = p
    day = v.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        v = day - dt.timedelta(days=v.weekday())
    elif unit == "month":
        v = day.replace(day=1)
    elif unit == "quarter":
        v = day.replace(month=(v.month - 1) // 3 * 3 + 1, day=1)
    elif unit == "year":
        v = day.replace(month=1, day=1)
    else:
        step = int(float(unit) * 1_000_000)
        if step <= 0:
            return None
        v -= dt.timedelta(microseconds=((v - _EPOCH) // dt.timedelta(microseconds=1)) % step)
        had_time = True
    return _fmt(v, had_time)


def _sqlite_smart(value):
    """PostgreSQL's initcap: each word's first letter upper case, the other letters lower."""
    if value is None:
        return None
    out, prev_alnum = [], False
    for ch in str(value):
        out.append((ch.lower() if prev_alnum else ch.upper()) if ch.isalnum() else ch)
        prev_alnum = ch.isalnum()
    return "".join(out)


def _sqlite_pad(value, length, fill, left):
    """PostgreSQL's lpad/rpad: pad to `length` with `fill`, or cut to `length`."""
    if value is None or length is None or fill is None:
        return None
    text, n = str(value), int(length)
    if n <= 0:
        return ""
    if len(text) >= n or not fill:
        return text[:n]
    pad = (str(fill) * n)[:n - len(text)]
    return pad + text if left else text + pad


def _sqlite_trunc_number(value, places):
    from decimal import ROUND_DOWN, Decimal, InvalidOperation

    if value is None or places is None:
        return None
    try:
        return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_DOWN))
    except (InvalidOperation, ValueError, OverflowError):
        return None


SQLITE_FUNCTIONS = {
    "xtk_diff": (3, _sqlite_diff),
    "xtk_part": (2, _sqlite_part),
    "xtk_trunc_date": (2, _sqlite_trunc_date),
    "xtk_smart": (1, _sqlite_smart),
    "xtk_pad": (4, _sqlite_pad),
    "xtk_trunc_number": (2, _sqlite_trunc_number),
    "xtk_tostring": (1, _sqlite_tostring),
    "xtk_add": (3, _sqlite_add),
    "xtk_dateonly": (1, _sqlite_dateonly),
    "xtk_todate": (1, _sqlite_todate),
    "xtk_todatetime": (1, _sqlite_todatetime),
}


def register_sqlite(conn) -> None:
    """Make the Python date functions available on a SQLAlchemy connection (once per DBAPI
    connection; the pool keeps them)."""
    if conn.dialect.name != "sqlite":
        return
    pooled = conn.connection
    if pooled.info.get("xtk_functions"):
        return
    raw = pooled.dbapi_connection
    for name, (nargs, fn) in SQLITE_FUNCTIONS.items():
        raw.create_function(name, nargs, fn, deterministic=True)
    pooled.info["xtk_functions"] = True


# --- builders -------------------------------------------------------------------------------------

def _text(e):
    return e if is_text(e) else cast(e, Text())


def _int(e):
    return cast(e, Integer())


def _add(unit: str, sign: int = 1):
    def build(c, args):
        d, n = args
        n = -n if sign < 0 else n
        keep_date = is_date(d) and unit in ("days", "months", "years")
        result_type = Date() if keep_date else DateTime()
        if c.dialect == "postgresql":
            step = literal_column(f"INTERVAL '1 {unit[:-1]}'")
            return cast(d + n * step, result_type)
        return type_coerce(func.xtk_add(d, n, literal(unit)), result_type)

    return build


def _dateonly(c, args):
    d = args[0]
    if is_date(d):
        return d
    if c.dialect == "postgresql":
        return type_coerce(func.date_trunc(literal("day"), d), DateTime())
    return type_coerce(func.xtk_dateonly(d), DateTime())


def _todate(c, args):
    if c.dialect == "postgresql":
        return cast(args[0], Date())
    return type_coerce(func.xtk_todate(args[0]), Date())


def _todatetime(c, args):
    if c.dialect == "postgresql":
        return cast(args[0], DateTime())
    return type_coerce(func.xtk_todatetime(args[0]), DateTime())


def _part(field: str):
    def build(c, args):
        part = extract(field, args[0])   # SQLite: strftime cast to INTEGER; PostgreSQL: numeric
        return _int(part) if c.dialect == "postgresql" else part

    return build


def _diff(unit: str):
    def build(c, args):
        end, start = args
        if c.dialect != "postgresql":
            return type_coerce(func.xtk_diff(end, start, literal(unit)), BigInteger())
        end, start = cast(end, DateTime()), cast(start, DateTime())
        if unit in ("months", "years"):
            age = func.age(end, start)
            years = _int(extract("year", age))
            return years if unit == "years" else years * 12 + _int(extract("month", age))
        seconds = extract("epoch", end - start)
        return cast(func.trunc(seconds / literal_column(str(_UNIT_US[unit] // 1_000_000))), BigInteger())

    return build


def _old(unit: str):
    """DaysOld(d), MonthsOld(d), YearsOld(d): whole days / full months / full years from d to now."""
    return lambda c, args: _diff(unit)(c, [_getdate(c, []), args[0]])


def _ago(unit: str):
    """DaysAgo(n), MonthsAgo(n), YearsAgo(n): today at 00:00 minus n days / months / years."""
    return lambda c, args: _add(unit, -1)(c, [_dateonly(c, [_getdate(c, [])]), args[0]])


def _week_part(part: str):
    def build(c, args):
        if c.dialect == "postgresql":
            return _int(extract(part, args[0]))
        return type_coerce(func.xtk_part(args[0], literal(part)), Integer())

    return build


def _trunc_date(unit: str):
    def build(c, args):
        d = args[0]
        result_type = Date() if is_date(d) and unit != "seconds" else DateTime()
        if c.dialect == "postgresql":
            if unit == "seconds":   # TruncDate(d, n): down to a step of n seconds since 1970
                d = cast(d, DateTime())
                step = case((args[1] > 0, cast(args[1], Numeric())))   # NULL for no step, as on SQLite
                offset = func.mod(cast(extract("epoch", d), Numeric()), step)
                return type_coerce(d - offset * literal_column("INTERVAL '1 second'"), DateTime())
            return cast(func.date_trunc(literal(unit), d), result_type)
        return type_coerce(func.xtk_trunc_date(d, args[1] if unit == "seconds" else literal(unit)), result_type)

    return build


def _pad(left: bool):
    def build(c, args):
        text = _tostring(c, args[:1])
        fill = args[2] if len(args) > 2 else literal(" ")
        if c.dialect == "postgresql":
            return (func.lpad if left else func.rpad)(text, args[1], _text(fill), type_=Text())
        return type_coerce(func.xtk_pad(text, args[1], fill, literal(left)), Text())

    return build


def _smart(c, args):
    if c.dialect == "postgresql":
        return func.initcap(_text(args[0]), type_=Text())
    return type_coerce(func.xtk_smart(_text(args[0])), Text())


def _sign(c, args):
    x = args[0]
    return case((x > 0, literal_column("1")), (x < 0, literal_column("-1")), (x == 0, literal_column("0")))


def _trunc_number(c, args):
    places = args[1] if len(args) > 1 else literal(0)
    if c.dialect == "postgresql":
        return type_coerce(func.trunc(cast(args[0], Numeric()), places), Float())
    return type_coerce(func.xtk_trunc_number(args[0], places), Float())


def _getdate(c, args):
    return func.current_timestamp() if c.now is None else literal(c.now, DateTime())


def _isempty(c, args):
    return func.coalesce(_text(args[0]), literal("")) == literal("")


def _isnull(c, args):
    return args[0].is_(None) if len(args) == 1 else func.coalesce(*args)


def _iif(c, args):
    return case((args[0], args[1]), else_=args[2])


def _case(c, nodes, text, what, pos):
    """Case(When(cond, value), ..., Else(value)): the value of the first true condition, else
    the Else value (NULL without Else)."""
    whens, default = [], None
    for i, n in enumerate(nodes):
        name = n[1] if n[0] == "call" else None
        if name == "WHEN" and len(n[2]) == 2:
            whens.append((c.build(n[2][0], text, what), c.build(n[2][1], text, what)))
        elif name == "ELSE" and len(n[2]) == 1 and i == len(nodes) - 1 and whens:
            default = c.build(n[2][0], text, what)
        else:
            got = f"{name.title()}() with {len(n[2])} argument(s)" if name else "a plain value"
            raise ConditionError(f"{what}: Case() takes When(condition, value) arguments, then optionally "
                                 f"Else(value) last; argument {i + 1} is {got} at column {pos + 1} in {text!r}")
    return case(*whens, else_=default)


def _only_in_case(c, nodes, text, what, pos):
    raise ConditionError(f"{what}: When() and Else() are only allowed inside Case(…), e.g. "
                         f"Case(When(@x = 1, 'one'), Else('other')) at column {pos + 1} in {text!r}")


def _decode(c, nodes, text, what, pos):
    """Decode(value, v1, r1, v2, r2, ..., default): r<n> of the first v<n> equal to value (as
    the = operator compares, typed by the value's attribute), else default (NULL without)."""
    value, rest = nodes[0], nodes[1:]
    whens = [(c.build(("cmp", "=", value, rest[i]), text, what), c.build(rest[i + 1], text, what))
             for i in range(0, len(rest) - 1, 2)]
    default = c.build(rest[-1], text, what) if len(rest) % 2 else None
    return case(*whens, else_=default)


def _charindex(c, args):
    return (func.strpos if c.dialect == "postgresql" else func.instr)(_text(args[0]), _text(args[1]))


def _left(c, args):
    return func.substr(_text(args[0]), literal(1), args[1], type_=Text())


def _right(c, args):
    s, n = _text(args[0]), args[1]
    if c.dialect == "postgresql":
        return func.right(s, n, type_=Text())
    return case((n <= 0, literal("")), else_=func.substr(s, -n, type_=Text()))


def _concat(c, args):
    parts = [func.coalesce(_tostring(c, [a]), literal("")) for a in args]
    out = parts[0]
    for p in parts[1:]:
        out = out.op("||")(p)
    return type_coerce(out, Text())


def _tostring(c, args):
    if c.dialect == "postgresql" or is_text(args[0]):
        return _text(args[0])
    return type_coerce(func.xtk_tostring(args[0]), Text())


def _tointeger(c, args):
    return cast(args[0], BigInteger())


def _todouble(c, args):
    return cast(args[0], Float())


def _replace(c, args):
    return func.replace(*[_text(a) for a in args], type_=Text())


def _mod(c, args):
    if c.dialect == "postgresql":   # mod() has no floating-point form there
        return type_coerce(func.mod(cast(args[0], Numeric()), cast(args[1], Numeric())), Float())
    return args[0] % args[1]   # SQLAlchemy's operator: parenthesised against its neighbours


def _round(c, args):
    # PostgreSQL rounds to a number of places only on NUMERIC; the result reads as a number.
    places = args[1] if len(args) > 1 else literal(0)
    if c.dialect == "postgresql":
        return type_coerce(func.round(cast(args[0], Numeric()), places), Float())
    return type_coerce(func.round(args[0], places), Float())


def _floor_ceil(name: str):
    # SQLite has floor/ceil only when built with its math functions: use integer truncation.
    def build(c, args):
        x = args[0]
        if c.dialect == "postgresql":
            return getattr(func, name)(x)
        t = cast(x, BigInteger())
        step = case((x < t, -1), else_=0) if name == "floor" else case((x > t, 1), else_=0)
        return t + step

    return build


def _ifempty(c, args):
    return case((_isempty(c, args[:1]), args[1]), else_=args[0])


def _nonull(c, args):
    return type_coerce(func.coalesce(_text(args[0]), literal("")), Text())


def _greatest_least(name: str):
    # SQLite's max()/min() with several arguments are the scalar greatest/least.
    def build(c, args):
        if c.dialect == "postgresql":
            return getattr(func, name)(*args)
        return getattr(func, "max" if name == "greatest" else "min")(*args)

    return build


def _email_domain(c, args):
    # Constants inline, not bound: PostgreSQL matches a GROUP BY expression only when it is the
    # same SQL text as the selected one, and two bound parameters never are.
    email = _text(args[0])
    at = _charindex(c, [email, literal_column("'@'")])
    return case((at > literal_column("0"), func.substr(email, at + literal_column("1"), type_=Text())), else_=None)


def _simple(name: str, wrap=None, text_result: bool = False):
    def build(c, args):
        kw = {"type_": Text()} if text_result else {}
        return getattr(func, name)(*[wrap(a) if wrap else a for a in args], **kw)

    return build


def _count(c, args):
    return func.count() if not args or args[0] is None else func.count(args[0])


def _count_distinct(c, args):
    return func.count(args[0].distinct())


FUNCTIONS: dict[str, Fn] = {f.name.upper(): f for f in [
    # dates
    Fn("GetDate", 0, 0, _getdate),
    Fn("DateOnly", 1, 1, _dateonly),
    Fn("AddDays", 2, 2, _add("days")), Fn("SubDays", 2, 2, _add("days", -1)),
    Fn("AddHours", 2, 2, _add("hours")), Fn("SubHours", 2, 2, _add("hours", -1)),
    Fn("AddMinutes", 2, 2, _add("minutes")), Fn("SubMinutes", 2, 2, _add("minutes", -1)),
    Fn("AddMonths", 2, 2, _add("months")), Fn("SubMonths", 2, 2, _add("months", -1)),
    Fn("AddYears", 2, 2, _add("years")), Fn("SubYears", 2, 2, _add("years", -1)),
    Fn("Year", 1, 1, _part("year")), Fn("Month", 1, 1, _part("month")), Fn("Day", 1, 1, _part("day")),
    Fn("Hour", 1, 1, _part("hour")), Fn("Minute", 1, 1, _part("minute")), Fn("Second", 1, 1, _part("second")),
    Fn("ToDate", 1, 1, _todate), Fn("ToDateTime", 1, 1, _todatetime),
    Fn("DaysDiff", 2, 2, _diff("days")), Fn("HoursDiff", 2, 2, _diff("hours")),
    Fn("MinutesDiff", 2, 2, _diff("minutes")), Fn("SecondsDiff", 2, 2, _diff("seconds")),
    Fn("MonthsDiff", 2, 2, _diff("months")), Fn("YearsDiff", 2, 2, _diff("years")),
    Fn("DaysOld", 1, 1, _old("days")), Fn("MonthsOld", 1, 1, _old("months")), Fn("YearsOld", 1, 1, _old("years")),
    Fn("DaysAgo", 1, 1, _ago("days")), Fn("MonthsAgo", 1, 1, _ago("months")), Fn("YearsAgo", 1, 1, _ago("years")),
    Fn("Week", 1, 1, _week_part("week")), Fn("DayOfYear", 1, 1, _week_part("doy")),
    Fn("TruncDate", 2, 2, _trunc_date("seconds")), Fn("TruncWeek", 1, 1, _trunc_date("week")),
    Fn("TruncMonth", 1, 1, _trunc_date("month")), Fn("TruncQuarter", 1, 1, _trunc_date("quarter")),
    Fn("TruncYear", 1, 1, _trunc_date("year")),
    # conversions and tests
    Fn("ToString", 1, 1, _tostring), Fn("ToInteger", 1, 1, _tointeger), Fn("ToInt64", 1, 1, _tointeger),
    Fn("ToDouble", 1, 1, _todouble),
    Fn("IsEmpty", 1, 1, _isempty), Fn("IsNull", 1, 2, _isnull), Fn("Iif", 3, 3, _iif),
    Fn("Case", 1, 99, _case, raw=True), Fn("When", 0, 99, _only_in_case, raw=True),
    Fn("Else", 0, 99, _only_in_case, raw=True), Fn("Decode", 3, 99, _decode, raw=True),
    Fn("IfEmpty", 2, 2, _ifempty), Fn("NoNull", 1, 1, _nonull),
    Fn("Greatest", 2, 99, _greatest_least("greatest")), Fn("Least", 2, 99, _greatest_least("least")),
    Fn("Coalesce", 2, 99, _simple("coalesce")), Fn("Abs", 1, 1, _simple("abs")),
    Fn("Round", 1, 2, _round), Fn("Floor", 1, 1, _floor_ceil("floor")), Fn("Ceil", 1, 1, _floor_ceil("ceil")),
    Fn("Mod", 2, 2, _mod), Fn("Sign", 1, 1, _sign), Fn("Trunc", 1, 2, _trunc_number),
    # strings
    Fn("Lower", 1, 1, _simple("lower", _text, True)), Fn("Upper", 1, 1, _simple("upper", _text, True)),
    Fn("Trim", 1, 1, _simple("trim", _text, True)), Fn("Length", 1, 1, _simple("length", _text)),
    Fn("LTrim", 1, 1, _simple("ltrim", _text, True)), Fn("RTrim", 1, 1, _simple("rtrim", _text, True)),
    Fn("Replace", 3, 3, _replace), Fn("GetEmailDomain", 1, 1, _email_domain),
    Fn("Substring", 2, 3, lambda c, a: _simple("substr", None, True)(c, [_text(a[0]), *a[1:]])),
    Fn("Left", 2, 2, _left), Fn("Right", 2, 2, _right), Fn("Charindex", 2, 2, _charindex),
    Fn("Concat", 2, 99, _concat), Fn("Smart", 1, 1, _smart),
    Fn("LPad", 2, 3, _pad(True)), Fn("RPad", 2, 3, _pad(False)),
    # aggregates
    Fn("Count", 0, 1, _count), Fn("CountDistinct", 1, 1, _count_distinct),
    Fn("Sum", 1, 1, _simple("sum")), Fn("Min", 1, 1, _simple("min")), Fn("Max", 1, 1, _simple("max")),
    Fn("Avg", 1, 1, _simple("avg")),
]}


def call(c, node, text: str, what: str):
    """Compile ("call", NAME, args, pos) with compiler `c`."""
    name, args, pos = node[1], node[2], node[3]
    fn = FUNCTIONS.get(name)
    where = f"at column {pos + 1} in {text!r}"
    if fn is None:
        written = text[pos:pos + len(name)]   # the name as the script spells it
        shown = written if written.upper() == name else name.title()
        raise ConditionError(f"{what}: unknown function {shown}() {where}")
    if not fn.min_args <= len(args) <= fn.max_args:
        want = str(fn.min_args) if fn.min_args == fn.max_args else f"{fn.min_args} to {fn.max_args}"
        raise ConditionError(f"{what}: {fn.name}() takes {want} argument(s), got {len(args)} {where}")
    if ("star",) in args and not (name == "COUNT" and args == [("star",)]):
        raise ConditionError(f"{what}: '*' is only allowed as Count(*) in {text!r}")
    if fn.raw:
        return fn.build(c, args, text, what, pos)
    if name in AGGREGATES:
        c.has_aggregate = True
        if args and args[0][0] == "path":
            over = _over_collection(c, fn, args[0], text, what)
            if over is not None:
                return over
    compiled = [None if a == ("star",) else c.build(a, text, what) for a in args]
    return fn.build(c, compiled)


def _over_collection(c, fn: Fn, path, text: str, what: str):
    """Count([members/@x]) and friends over a 1-N link: a correlated scalar subquery."""
    steps, attr, pos = path[1], path[2], path[3]
    try:
        found = c.scope.collection(steps, what)
    except ConditionError as exc:
        raise ConditionError(f"{exc} at column {pos + 1} in {text!r}") from None
    if found is None:
        return None
    sub_scope, rest = found
    inner = c.child(sub_scope)
    arg = None if attr is None else inner.build(("path", rest, attr, pos), text, what)
    if arg is None and fn.name != "Count":
        raise ConditionError(f"{what}: {fn.name}() needs a value of the linked records, e.g. "
                             f"{fn.name}([{'/'.join(steps)}/@…]) at column {pos + 1} in {text!r}")
    return sub_scope.scalar(fn.build(inner, [arg]), zero=fn.name in ("Count", "CountDistinct"))
