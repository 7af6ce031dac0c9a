"""Attribute defaults written as Campaign expressions: `default="'FR'"`, `default="0"`,
`default="true"`, `default="GetDate()"`, `default="DateOnly(GetDate())"`, `default="Today()"`.

A default is parsed once, when its schema is loaded (runtime/xtk/conditions.py's parser: one
expression language), and evaluated in Python when a record is inserted without that value.
Constant expressions (literals, arithmetic, string concatenation, Lower/Upper/Trim) evaluate to
a value; `GetDate()` / `Today()` read the session clock (frozen in golden tests). A bare word
(`default="FR"`, not valid Campaign but common in hand-written schemas) is taken as text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from runtime.xtk.conditions import ConditionError, parse

_BARE_WORD = re.compile(r"^[A-Za-z_][\w\-]*$")
NOW_FUNCTIONS = {"GETDATE": "datetime", "NOW": "datetime", "TODAY": "date"}


class DefaultError(ValueError):
    """A default expression xtkjs cannot evaluate (the caller names schema and attribute)."""


@dataclass(frozen=True)
class Default:
    """A parsed default: `tree` (None for a bare word) and whether it reads the clock."""

    text: str
    tree: object
    clock: str | None = None   # "datetime" / "date" when the value is GetDate() / Today() alone

    def value(self, now: dt.datetime):
        """The default's value at `now` (naive UTC)."""
        if self.tree is None:
            return self.text
        return _eval(self.tree, now, self.text)


def parse_default(text: str) -> Default:
    """A Default, or DefaultError saying what is wrong with the expression."""
    raw = text.strip()
    if _BARE_WORD.match(raw) and raw.upper() not in ("TRUE", "FALSE", "NULL"):
        return Default(text, None)
    try:
        tree = parse(raw, "default")
    except ConditionError as exc:
        raise DefaultError(str(exc)) from None
    _eval(tree, dt.datetime(2000, 1, 1), raw)   # refuses attributes and unknown functions now
    clock = None
    if tree[0] == "call" and tree[1] in NOW_FUNCTIONS and not tree[2]:
        clock = NOW_FUNCTIONS[tree[1]]
    elif tree[0] == "call" and tree[1] == "DATEONLY" and len(tree[2]) == 1 and tree[2][0][0] == "call" \
            and tree[2][0][1] in NOW_FUNCTIONS:
        clock = "date"
    return Default(text, tree, clock)


def _eval(node, now: dt.datetime, text: str):
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "null":
        return None
    if kind == "neg":
        v = _eval(node[1], now, text)
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise DefaultError(f"default {text!r}: '-' needs a number")
        return -v
    if kind == "arith":
        a, b = _eval(node[2], now, text), _eval(node[3], now, text)
        op = node[1]
        if op == "+" and isinstance(a, str) and isinstance(b, str):
            return a + b
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b)):
            raise DefaultError(f"default {text!r}: '{op}' needs numbers (or two strings for '+')")
        if op in ("/", "%") and b == 0:
            raise DefaultError(f"default {text!r}: division by zero")
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0, "%": a % b if b else 0}[op]
    if kind == "call":
        name, args = node[1], [_eval(a, now, text) for a in node[2]]
        if name in NOW_FUNCTIONS and not args:
            return now if NOW_FUNCTIONS[name] == "datetime" else now.date()
        if name == "DATEONLY" and len(args) == 1 and isinstance(args[0], (dt.date, dt.datetime)):
            return args[0].date() if isinstance(args[0], dt.datetime) else args[0]
        if name in ("LOWER", "UPPER", "TRIM") and len(args) == 1 and isinstance(args[0], str):
            return {"LOWER": str.lower, "UPPER": str.upper, "TRIM": str.strip}[name](args[0])
        raise DefaultError(f"default {text!r}: {name.title()}() with {len(args)} argument(s) is not supported "
                           "in a default (literals, GetDate(), Today(), DateOnly(GetDate()), Lower/Upper/Trim)")
    if kind in ("attr", "path"):   # @name, [@name], [link/@name]
        name = "/".join([*node[1], "@" + node[2]]) if kind == "path" else "@" + node[1]
        raise DefaultError(f"default {text!r}: a default cannot read another attribute ({name})")
    raise DefaultError(f"default {text!r}: not a constant expression")


def js_default(d: Default | None):
    """What stdlib_js/40_xtk.js needs of a default: (constant value or None, clock kind or None).
    Constants are sent as JSON values (dates as ISO text)."""
    if d is None:
        return None, None
    if d.clock:
        return None, d.clock
    v = d.value(dt.datetime(2000, 1, 1))
    if isinstance(v, (dt.date, dt.datetime)):  # a date computed from constants only
        return v.isoformat(), None
    return v, None
