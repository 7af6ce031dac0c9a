"""Campaign condition and select expressions -> SQLAlchemy Core expressions.

`@testcol1 = 'a' AND (Lower(@testcol2) LIKE 'x%' OR @id IN ('A', 'B'))` is tokenized, parsed
into a small tree and compiled against a schema's table. Text never reaches SQL: attributes
become the schema's columns (unknown ones are errors naming schema and attribute), literals
become bound parameters, functions map to portable SQLAlchemy functions.

Grammar (lowest precedence first):
    or      := and ("OR" and)*
    and     := not ("AND" not)*
    not     := "NOT" not | compare
    compare := sum [ ("=" | "!=" | "<>" | "<" | "<=" | ">" | ">=") sum
                   | "IS" ["NOT"] "NULL" | ["NOT"] "IN" "(" list ")" | ["NOT"] "LIKE" sum ]
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | "%") unary)*
    unary   := "-" unary | primary
    primary := number | string | @name | NULL | TRUE | FALSE | name "(" [args] ")" | "(" or ")"
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from runtime.errors import HostError

MAX_DEPTH = 64  # nesting of parentheses, calls, NOT, unary minus (about 8 Python frames each)

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<string>'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*")
  | (?P<attr>@[A-Za-z_][\w\-]*)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<op><=|>=|!=|<>|==|[=<>+\-*/%(),])
""", re.VERBOSE)

KEYWORDS = {"AND", "OR", "NOT", "IS", "NULL", "IN", "LIKE", "TRUE", "FALSE"}


class ConditionError(HostError):
    """A condition or select expression that cannot be parsed or compiled."""


@dataclass(frozen=True)
class Token:
    kind: str    # number, string, attr, name, keyword, op, end
    value: str
    pos: int     # 0-based offset in the expression


def tokenize(text: str, what: str = "condition expr") -> list[Token]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos] in "'\"":
                raise ConditionError(f"{what}: unterminated string starting at column {pos + 1} in {text!r}")
            raise ConditionError(f"{what}: unexpected character {text[pos]!r} at column {pos + 1} in {text!r}")
        kind = m.lastgroup
        if kind != "ws":
            value = m.group()
            if kind == "name" and value.upper() in KEYWORDS:
                kind, value = "keyword", value.upper()
            tokens.append(Token(kind, value, pos))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _unquote(raw: str) -> str:
    quote, body = raw[0], raw[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
            i += 2
        elif ch == quote and i + 1 < len(body) and body[i + 1] == quote:
            out.append(quote)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


# --- parse tree: tuples (kind, ...) -------------------------------------------------------------
#   ("lit", value) ("attr", name, pos) ("null",) ("not", e) ("and", a, b) ("or", a, b)
#   ("cmp", op, a, b) ("isnull", e, negated) ("in", e, [items], negated) ("like", e, pattern, negated)
#   ("arith", op, a, b) ("neg", e) ("call", NAME, [args], pos) ("star",)

class _Parser:
    def __init__(self, text: str, what: str) -> None:
        self.text, self.what = text, what
        self.tokens = tokenize(text, what)
        self.i = 0
        self.depth = 0

    # -- helpers -----------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def fail(self, message: str | None = None, tok: Token | None = None):
        tok = tok or self.tok
        if message is None:
            shown = "end of expression" if tok.kind == "end" else repr(tok.value)
            message = f"unexpected {shown}"
        raise ConditionError(f"{self.what}: {message} at column {tok.pos + 1} in {self.text!r}")

    def take(self, kind: str, value: str | None = None) -> Token | None:
        t = self.tok
        if t.kind == kind and (value is None or t.value == value):
            self.i += 1
            return t
        return None

    def expect(self, kind: str, value: str) -> Token:
        t = self.take(kind, value)
        if t is None:
            self.fail(f"expected {value!r} but found "
                      + ("end of expression" if self.tok.kind == "end" else repr(self.tok.value)))
        return t

    def nest(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"nesting deeper than {MAX_DEPTH} levels")

    # -- grammar -----------------------------------------------------------------------------
    def parse(self):
        if self.tok.kind == "end":
            self.fail("empty expression")
        tree = self.or_()
        if self.tok.kind != "end":
            self.fail()
        return tree

    def or_(self):
        left = self.and_()
        while self.take("keyword", "OR"):
            left = ("or", left, self.and_())
        return left

    def and_(self):
        left = self.not_()
        while self.take("keyword", "AND"):
            left = ("and", left, self.not_())
        return left

    def not_(self):
        if self.take("keyword", "NOT"):
            self.nest()
            node = ("not", self.not_())
            self.depth -= 1
            return node
        return self.compare()

    def compare(self):
        left = self.sum_()
        t = self.tok
        if t.kind == "op" and t.value in ("=", "==", "!=", "<>", "<", "<=", ">", ">="):
            self.i += 1
            op = {"==": "=", "<>": "!="}.get(t.value, t.value)
            return ("cmp", op, left, self.sum_())
        if self.take("keyword", "IS"):
            negated = bool(self.take("keyword", "NOT"))
            self.expect("keyword", "NULL")
            return ("isnull", left, negated)
        negated = False
        if t.kind == "keyword" and t.value == "NOT" and self.tokens[self.i + 1].value in ("IN", "LIKE"):
            self.i += 1
            negated = True
        if self.take("keyword", "IN"):
            self.expect("op", "(")
            items = [self.sum_()]
            while self.take("op", ","):
                items.append(self.sum_())
            self.expect("op", ")")
            return ("in", left, items, negated)
        if self.take("keyword", "LIKE"):
            return ("like", left, self.sum_(), negated)
        return left

    def sum_(self):
        left = self.product()
        while self.tok.kind == "op" and self.tok.value in ("+", "-"):
            op = self.tok.value
            self.i += 1
            left = ("arith", op, left, self.product())
        return left

    def product(self):
        left = self.unary()
        while self.tok.kind == "op" and self.tok.value in ("*", "/", "%"):
            op = self.tok.value
            self.i += 1
            left = ("arith", op, left, self.unary())
        return left

    def unary(self):
        if self.take("op", "-"):
            self.nest()
            node = ("neg", self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self):
        t = self.tok
        if t.kind == "number":
            self.i += 1
            return ("lit", float(t.value) if any(c in t.value for c in ".eE") else int(t.value))
        if t.kind == "string":
            self.i += 1
            return ("lit", _unquote(t.value))
        if t.kind == "attr":
            self.i += 1
            return ("attr", t.value[1:], t.pos)
        if t.kind == "keyword" and t.value in ("NULL", "TRUE", "FALSE"):
            self.i += 1
            return ("null",) if t.value == "NULL" else ("lit", t.value == "TRUE")
        if t.kind == "name":
            self.i += 1
            if not self.take("op", "("):
                self.fail(f"unknown name {t.value!r} (attributes are written @{t.value})", t)
            args = []
            if self.take("op", "*"):
                args.append(("star",))
            elif self.tok.value != ")":
                self.nest()
                args.append(self.or_())
                while self.take("op", ","):
                    args.append(self.or_())
                self.depth -= 1
            self.expect("op", ")")
            return ("call", t.value.upper(), args, t.pos)
        if self.take("op", "("):
            self.nest()
            node = self.or_()
            self.depth -= 1
            self.expect("op", ")")
            return node
        self.fail()


def parse(text: str, what: str = "condition expr"):
    """The parse tree of an expression; ConditionError naming the column on bad input."""
    if not isinstance(text, str):
        raise ConditionError(f"{what}: expected a string, got {type(text).__name__}")
    return _Parser(text, what).parse()


# --- compilation ---------------------------------------------------------------------------------
AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG"}
FUNCTION_ARITY = {
    "LOWER": (1, 1), "UPPER": (1, 1), "TRIM": (1, 1), "SUBSTRING": (2, 3), "YEAR": (1, 1),
    "MONTH": (1, 1), "DAY": (1, 1), "GETDATE": (0, 0), "COUNT": (0, 1), "SUM": (1, 1),
    "MIN": (1, 1), "MAX": (1, 1), "AVG": (1, 1), "ISNULL": (2, 2), "COALESCE": (2, 99),
}


class Compiler:
    """Compiles parse trees against one schema's table.

    `column(name)` -> the SQLAlchemy column of attribute `name`; `convert(name, value)` turns a
    literal compared with that attribute into the attribute's Python type (so '2024-01-31'
    compared with a date column binds as a date on every dialect)."""

    def __init__(self, schema_id: str, column: Callable[[str], Any],
                 convert: Callable[[str, Any], Any] | None = None) -> None:
        self.schema_id = schema_id
        self.column = column
        self.convert = convert or (lambda name, value: value)
        self.has_aggregate = False

    def compile(self, text: str, what: str = "condition expr"):
        return self.build(parse(text, what), text, what)

    def build(self, node, text: str = "", what: str = "expr"):
        from sqlalchemy import and_, extract, func, literal, not_, null, or_, true

        kind = node[0]
        b = lambda n: self.build(n, text, what)  # noqa: E731
        if kind == "lit":
            return literal(node[1])
        if kind == "null":
            return null()
        if kind == "attr":
            try:
                return self.column(node[1])
            except HostError:
                raise ConditionError(f"{what}: {self.schema_id}: unknown attribute '@{node[1]}' "
                                     f"at column {node[2] + 1} in {text!r}") from None
        if kind == "not":
            return not_(b(node[1]))
        if kind in ("and", "or"):
            return (and_ if kind == "and" else or_)(b(node[1]), b(node[2]))
        if kind == "cmp":
            left, right = self._typed_pair(node[2], node[3], text, what)
            op = node[1]
            return {"=": left.__eq__, "!=": left.__ne__, "<": left.__lt__, "<=": left.__le__,
                    ">": left.__gt__, ">=": left.__ge__}[op](right)
        if kind == "isnull":
            e = b(node[1])
            return e.is_not(None) if node[2] else e.is_(None)
        if kind == "in":
            e = b(node[1])
            items = [self._typed_value(node[1], item, text, what) for item in node[2]]
            return e.not_in(items) if node[3] else e.in_(items)
        if kind == "like":
            e, pattern = b(node[1]), b(node[2])
            return e.not_like(pattern) if node[3] else e.like(pattern)
        if kind == "arith":
            left, right = b(node[2]), b(node[3])
            return {"+": left.__add__, "-": left.__sub__, "*": left.__mul__, "/": left.__truediv__,
                    "%": left.__mod__}[node[1]](right)
        if kind == "neg":
            return -b(node[1])
        if kind == "star":
            raise ConditionError(f"{what}: '*' is only allowed as Count(*) in {text!r}")
        if kind == "call":
            name, args, pos = node[1], node[2], node[3]
            arity = FUNCTION_ARITY.get(name)
            if arity is None:
                raise ConditionError(f"{what}: unknown function {name.title()}() at column {pos + 1} in {text!r}")
            if not arity[0] <= len(args) <= arity[1]:
                want = str(arity[0]) if arity[0] == arity[1] else f"{arity[0]} to {arity[1]}"
                raise ConditionError(f"{what}: {name.title()}() takes {want} argument(s), got {len(args)} "
                                     f"at column {pos + 1} in {text!r}")
            if name in AGGREGATES:
                self.has_aggregate = True
            if name == "COUNT":
                if not args or args[0] == ("star",):
                    return func.count()
                return func.count(b(args[0]))
            cargs = [b(a) for a in args]
            if name == "LOWER":
                return func.lower(cargs[0])
            if name == "UPPER":
                return func.upper(cargs[0])
            if name == "TRIM":
                return func.trim(cargs[0])
            if name == "SUBSTRING":
                return func.substr(*cargs)
            if name in ("YEAR", "MONTH", "DAY"):
                return extract(name.lower(), cargs[0])
            if name == "GETDATE":
                return func.current_timestamp()
            if name in ("ISNULL", "COALESCE"):
                return func.coalesce(*cargs)
            return getattr(func, name.lower())(cargs[0])  # SUM, MIN, MAX, AVG
        raise ConditionError(f"{what}: cannot compile {kind}")  # pragma: no cover

    # A literal next to an attribute takes the attribute's type (and its validation).
    def _typed_pair(self, a, b, text, what):
        if a[0] == "attr" and b[0] == "lit":
            return self.build(a, text, what), self._typed_value(a, b, text, what)
        if b[0] == "attr" and a[0] == "lit":
            return self._typed_value(b, a, text, what), self.build(b, text, what)
        return self.build(a, text, what), self.build(b, text, what)

    def _typed_value(self, attr_node, node, text, what):
        from sqlalchemy import literal

        if attr_node[0] == "attr" and node[0] == "lit":
            column = self.build(attr_node, text, what)
            value = node[1]
            if isinstance(value, bool):
                value = int(value)
            return literal(self.convert(attr_node[1], value), type_=column.type)
        if node[0] == "lit":
            return node[1]
        return self.build(node, text, what)
