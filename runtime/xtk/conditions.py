"""Campaign condition and select expressions -> SQLAlchemy Core expressions.

`[@testcol1] = 'a' AND (Lower([folder/@label]) LIKE 'x%' OR @id IN ('A', 'B'))` is tokenized,
parsed into a small tree and compiled against a schema's table through a scope
(runtime/xtk/joins.py) that turns link paths into joins. Text never reaches SQL: attributes
become columns (unknown ones are errors naming schema and attribute), literals become bound
parameters, functions come from runtime/xtk/sqlfuncs.py.

Grammar (lowest precedence first):
    or      := and ("OR" and)*                      (a flat list: no recursion per term)
    and     := not ("AND" not)*
    not     := "NOT" not | compare
    compare := sum [ ("=" | "!=" | "<>" | "<" | "<=" | ">" | ">=") sum
                   | "IS" ["NOT"] "NULL" | ["NOT"] "IN" "(" list ")" | ["NOT"] "LIKE" sum ]
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | "%") unary)*
    unary   := "-" unary | primary
    primary := number | string | #date# | @name | [path] | link/@name | NULL | TRUE | FALSE
             | name "(" [args] ")" | "(" or ")"
    path    := (link "/")* "@" name | (link "/")* link
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from runtime.errors import HostError

MAX_DEPTH = 64  # nesting of parentheses, calls, NOT, unary minus (about 8 Python frames each)
GROUP = 64      # AND/OR lists longer than this are emitted as nested groups of this size
MAX_CHAIN = 500  # terms of one + - * / % chain (SQLite refuses expressions 1000 levels deep)

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<string>'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*")
  | (?P<date>\#[^#]*\#)
  | (?P<path>\[[^\]]*\])
  | (?P<attr>@[A-Za-z_][\w\-]*)
  | (?P<linkpath>[A-Za-z_][\w\-]*(?:/[A-Za-z_][\w\-]*)*/@[A-Za-z_][\w\-]*)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<op><=|>=|!=|<>|==|[=<>+\-*/%(),])
""", re.VERBOSE)
_STEP = re.compile(r"[A-Za-z_][\w\-]*")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?")

KEYWORDS = {"AND", "OR", "NOT", "IS", "NULL", "IN", "LIKE", "TRUE", "FALSE"}


class ConditionError(HostError):
    """A condition or select expression that cannot be parsed or compiled."""


@dataclass(frozen=True)
class Token:
    kind: str    # number, string, date, path, attr, name, keyword, op, end
    value: str
    pos: int     # 0-based offset in the expression


def tokenize(text: str, what: str = "condition expr") -> list[Token]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos] in "'\"":
                raise ConditionError(f"{what}: unterminated string starting at column {pos + 1} in {text!r}")
            if text[pos] in "#[":
                closing = "#" if text[pos] == "#" else "]"
                raise ConditionError(f"{what}: unterminated {text[pos]}…{closing} starting at column {pos + 1} "
                                     f"in {text!r}")
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


def parse_date_literal(raw: str) -> dt.date | dt.datetime | None:
    """`2026-01-31` -> date; `2026-01-31 10:00:00Z` -> naive UTC datetime; None if invalid."""
    m = _DATE.fullmatch(raw.strip())
    if m is None:
        return None
    try:
        if m.group(4) is None:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        from runtime.xtk.schema import parse_datetime

        return parse_datetime(raw.strip())
    except ValueError:
        return None


# --- parse tree: tuples (kind, ...) -------------------------------------------------------------
#   ("lit", value) ("path", [links], attr-or-None, pos) ("null",) ("not", e)
#   ("and", [e...]) ("or", [e...]) ("cmp", op, a, b) ("isnull", e, negated)
#   ("in", e, [items], negated) ("like", e, pattern, negated) ("arith", op, a, b) ("neg", e)
#   ("call", NAME, [args], pos) ("star",)

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
        items = [self.and_()]
        while self.take("keyword", "OR"):
            items.append(self.and_())
        return items[0] if len(items) == 1 else ("or", items)

    def and_(self):
        items = [self.not_()]
        while self.take("keyword", "AND"):
            items.append(self.not_())
        return items[0] if len(items) == 1 else ("and", items)

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
        return self.chain(self.product, ("+", "-"))

    def product(self):
        return self.chain(self.unary, ("*", "/", "%"))

    def chain(self, operand, ops):
        left, n = operand(), 0
        while self.tok.kind == "op" and self.tok.value in ops:
            op = self.tok
            self.i += 1
            n += 1
            if n >= MAX_CHAIN:
                self.fail(f"more than {MAX_CHAIN} terms joined by {' '.join(ops)}", op)
            left = ("arith", op.value, left, operand())
        return left

    def unary(self):
        if self.take("op", "-"):
            self.nest()
            node = ("neg", self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def path(self, t: Token):
        """`[@a]`, `[link/@a]`, `[link/link2/@a]`, `[link]` -> ("path", links, attr, pos)."""
        body = t.value[1:-1].strip()
        steps = [s.strip() for s in body.split("/")] if body else []
        if not steps or any(not s for s in steps):
            self.fail(f"empty step in path {t.value}", t)
        attr = None
        if steps[-1].startswith("@"):
            attr = steps.pop()[1:]
            if not _STEP.fullmatch(attr):
                self.fail(f"'@{attr}' is not an attribute name in {t.value}", t)
        for s in steps:
            if not _STEP.fullmatch(s):
                self.fail(f"'{s}' is not a link name in {t.value} (attributes are written @name)", t)
        return ("path", steps, attr, t.pos)

    def primary(self):
        t = self.tok
        if t.kind == "number":
            self.i += 1
            return ("lit", float(t.value) if any(c in t.value for c in ".eE") else int(t.value))
        if t.kind == "string":
            self.i += 1
            return ("lit", _unquote(t.value))
        if t.kind == "date":
            self.i += 1
            value = parse_date_literal(t.value[1:-1])
            if value is None:
                self.fail(f"{t.value} is not a date (#YYYY-MM-DD# or #YYYY-MM-DD HH:MM:SSZ#)", t)
            return ("lit", value)
        if t.kind == "attr":
            self.i += 1
            return ("path", [], t.value[1:], t.pos)
        if t.kind == "path":
            self.i += 1
            return self.path(t)
        if t.kind == "linkpath":   # folder/@label, as [folder/@label]
            self.i += 1
            return self.path(Token("path", f"[{t.value}]", t.pos))
        if t.kind == "keyword" and t.value in ("NULL", "TRUE", "FALSE"):
            self.i += 1
            return ("null",) if t.value == "NULL" else ("lit", t.value == "TRUE")
        if t.kind == "name":
            self.i += 1
            if not self.take("op", "("):
                self.fail(f"unknown name {t.value!r} (attributes are written @{t.value}, "
                          f"links [{t.value}/@attribute])", t)
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


def parse_link_name(text: str, what: str) -> list[str] | None:
    """`members` or `[folder/members]` as a list of link steps (EXISTS conditions); None if the
    text is not a bare link path."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
    steps = [s.strip() for s in text.split("/")]
    return steps if all(_STEP.fullmatch(s) for s in steps) else None


# --- compilation ---------------------------------------------------------------------------------

def combine(op: str, items: list):
    """AND / OR of many SQLAlchemy clauses without a deep tree: SQLite refuses expressions
    deeper than 1000 levels, so long lists become parenthesised groups of GROUP."""
    from sqlalchemy import and_, or_

    join = and_ if op == "and" else or_
    while len(items) > GROUP:
        items = [Parens(join(*items[i:i + GROUP])) if len(items[i:i + GROUP]) > 1 else items[i]
                 for i in range(0, len(items), GROUP)]
    return items[0] if len(items) == 1 else join(*items)


class Parens(ColumnElement):
    """`( clause )`, always: SQLAlchemy would flatten a nested AND of ANDs into one list."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [("clause", InternalTraversal.dp_clauseelement)]

    def __init__(self, clause) -> None:
        self.clause = clause


@compiles(Parens)
def _compile_parens(element, compiler, **kw):
    return "(" + compiler.process(element.clause, **kw) + ")"


class ColumnScope:
    """A scope over one table given by a `column(name)` function (no links)."""

    def __init__(self, schema_id: str, column: Callable[[str], Any],
                 convert: Callable[[str, Any], Any] | None = None) -> None:
        self.schema_id = schema_id
        self._column = column
        self._convert = convert or (lambda name, value: value)

    def column(self, steps, attr, where: str):
        if steps:
            raise ConditionError(f"{where}: {self.schema_id} has no link '{steps[0]}'")
        try:
            return self._column(attr)
        except HostError:
            raise ConditionError(f"{where}: {self.schema_id}: unknown attribute '@{attr}'") from None

    def convert(self, steps, attr, value):
        return self._convert(attr, value)

    def collection(self, steps, where: str):
        if not steps:
            return None
        raise ConditionError(f"{where}: {self.schema_id} has no link '{steps[0]}'")


class Compiler:
    """Compiles parse trees in a scope (a table and its links; see runtime/xtk/joins.py).

    `Compiler(schema_id, column, convert)` is the link-less form: `column(name)` -> the
    SQLAlchemy column of attribute `name`; `convert(name, value)` turns a literal compared with
    that attribute into the attribute's Python type (so '2024-01-31' compared with a date column
    binds as a date on every dialect). `now` is what GetDate() answers (a bound value, so that
    a frozen clock holds in SQL too); `dialect` picks the SQL of functions that differ."""

    def __init__(self, schema_id: str, column: Callable[[str], Any] | None = None,
                 convert: Callable[[str, Any], Any] | None = None, *, scope=None,
                 now: dt.datetime | None = None, dialect: str = "sqlite") -> None:
        self.schema_id = schema_id
        self.scope = scope if scope is not None else ColumnScope(schema_id, column, convert)
        self.now = now
        self.dialect = dialect
        self.has_aggregate = False

    def child(self, scope) -> Compiler:
        return Compiler(scope.schema_id, scope=scope, now=self.now, dialect=self.dialect)

    def compile(self, text: str, what: str = "condition expr"):
        return self.build(parse(text, what), text, what)

    def build(self, node, text: str = "", what: str = "expr"):
        from sqlalchemy import literal, not_, null

        from runtime.xtk import sqlfuncs

        kind = node[0]
        b = lambda n: self.build(n, text, what)  # noqa: E731
        if kind == "lit":
            return literal(node[1])
        if kind == "null":
            return null()
        if kind == "path":
            return self._path(node, text, what)
        if kind == "not":
            return not_(b(node[1]))
        if kind in ("and", "or"):
            return combine(kind, [b(n) for n in node[1]])
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
            if node[1] == "+" and sqlfuncs.is_text(left) and sqlfuncs.is_text(right):
                return left.op("||")(right)   # Campaign's + joins strings
            return {"+": left.__add__, "-": left.__sub__, "*": left.__mul__, "/": left.__truediv__,
                    "%": left.__mod__}[node[1]](right)
        if kind == "neg":
            return -b(node[1])
        if kind == "star":
            raise ConditionError(f"{what}: '*' is only allowed as Count(*) in {text!r}")
        if kind == "call":
            return sqlfuncs.call(self, node, text, what)
        raise ConditionError(f"{what}: cannot compile {kind}")  # pragma: no cover

    def _path(self, node, text, what):
        steps, attr, pos = node[1], node[2], node[3]
        if attr is None:
            raise ConditionError(f"{what}: [{'/'.join(steps)}] is a link, not a value: name an attribute "
                                 f"([{'/'.join(steps)}/@…]) or count it (Count([{'/'.join(steps)}])) "
                                 f"at column {pos + 1} in {text!r}")
        try:
            return self.scope.column(steps, attr, what)
        except ConditionError as exc:
            raise ConditionError(f"{exc} at column {pos + 1} in {text!r}") from None

    # A literal next to an attribute takes the attribute's type (and its validation).
    def _typed_pair(self, a, b, text, what):
        if a[0] == "path" and b[0] == "lit":
            return self.build(a, text, what), self._typed_value(a, b, text, what)
        if b[0] == "path" and a[0] == "lit":
            return self._typed_value(b, a, text, what), self.build(b, text, what)
        left, right = self.build(a, text, what), self.build(b, text, what)
        from runtime.xtk import sqlfuncs

        return sqlfuncs.align_dates(self, left, right)

    def _typed_value(self, attr_node, node, text, what):
        from sqlalchemy import literal

        if attr_node[0] == "path" and node[0] == "lit":
            column = self.build(attr_node, text, what)
            value = node[1]
            if isinstance(value, bool):
                value = int(value)
            try:
                converted = self.scope.convert(attr_node[1], attr_node[2], value)
            except HostError as exc:
                raise ConditionError(f"{what}: {exc} in {text!r}") from None
            return literal(converted, type_=column.type)
        if node[0] == "lit":
            return node[1]
        return self.build(node, text, what)
