"""E4X property selectors after `.`, `..`, `.@`, `..@` or a bare `@`: `name`, `*`, `[expr]`,
`ns::name`, `ns::*`, `*::name`, `ns::[expr]`; and the property keys they become (contract:
optional prefix `@`, `..` or `..@`, then `*`, a local name or `URI::local`)."""
from __future__ import annotations

import json
import re

_ESC = r"\\u(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})"
IDENT = rf"(?:[^\W\d]|\$|{_ESC})(?:[\w$\u200c\u200d]|{_ESC})*+"
_SELECTOR = re.compile(rf"(\*|{IDENT}|\[)(?:::(\*|{IDENT}|\[))?")
_BLANKS = re.compile(r"[ \t]*")
_ESCAPE = re.compile(r"\\u\{?([0-9a-fA-F]+)\}?")


class Selector:
    """What follows a `.@`-style prefix. `bracket` is True for `[expr]` (the name is an
    expression that follows in the token stream, closed by a `]`)."""

    __slots__ = ("prefix", "ns", "name", "bracket")

    def __init__(self, prefix: str, ns: str | None, name: str | None, bracket: bool) -> None:
        self.prefix, self.ns, self.name, self.bracket = prefix, ns, name, bracket

    def key(self) -> str:
        """The JS expression for the property key (not for `bracket` selectors)."""
        if self.ns is None or (self.ns == "function" and not self.prefix):
            # `x.function::name` is the method `name` (a plain property of a non-XML object)
            return _quote(self.prefix + self.name)
        if self.ns == "*":
            return _quote(f"{self.prefix}*::{self.name}")
        return f"__e4x.qkey({_quote(self.prefix)}, {self.ns}, {_quote(self.name)})"

    def key_open(self) -> str:
        """For `bracket` selectors: the text before the key expression (closed by ")")."""
        if self.ns is None:
            return '".." + __e4x.attrKey(' if self.prefix == "..@" else "__e4x.attrKey("
        return f"__e4x.qkey({_quote(self.prefix)}, {self.ns}, "


def scan_selector(src: str, pos: int, prefix: str):
    """The selector at `pos` -> (end, Selector), or (pos, error message) if there is none.

    A `[` selector ends after the `[`."""
    pos = _BLANKS.match(src, pos).end()  # `x.. y` (white space after the operator)
    m = _SELECTOR.match(src, pos)
    if m is None:
        return pos, f"E4X: expected a name or '*' after '{prefix or '.'}'"
    first, second = m.group(1), m.group(2)
    if second is None:
        if first == "[":
            if prefix not in ("@", "..@"):
                return pos, f"E4X: '{prefix}[expression]' is not supported (only .@[expression] and ..@[expression])"
            return m.end(), Selector(prefix, None, None, True)
        return m.end(), Selector(prefix, None, _name(first), False)
    if first == "[":
        return pos, "E4X: expected a namespace before '::'"
    if second == "[":
        if first == "*":
            return pos, "E4X: '*::[expression]' is not supported"
        return m.end(), Selector(prefix, _name(first), None, True)
    return m.end(), Selector(prefix, _name(first), _name(second), False)


def ident_name(ident: str) -> str:
    """The name an identifier spells (its \\u escapes decoded)."""
    return _name(ident)


def _name(ident: str) -> str:
    if "\\" not in ident:
        return ident
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), ident)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
