"""A workflow JavaScript activity runs as a function body: a top-level `return` ends it.

V8 evaluates scripts, where `return` outside a function is a syntax error. A script that has
one is run again in the form `activity_body()` builds: the same text inside a function, on the
same lines (only line 1 is shifted right by the prefix, which error reports subtract). Its
top-level declarations must stay globals, as Campaign users expect (later statements,
libraries it loads, the REPL see them): the body runs inside `with (globalThis)`, the names it
declares with `var` are created on the global object first (`declared_names`, set by the
runtime before the run), so reads and writes of them reach the globals, and each function it
declares at the top level is copied to the global object as the body starts (function
declarations are initialised before any statement runs).
Scripts without a top-level return run unchanged.
"""
from __future__ import annotations

import re

ILLEGAL_RETURN = "Illegal return statement"
_VAR_LIST = re.compile(r"(?<![\w$.])var\s+([^;\n]*)")
_DECLARATOR = re.compile(r"(?:^|,)\s*([A-Za-z_$][\w$]*)")
_FUNCTION = re.compile(r"(?<![\w$.])function\s+([A-Za-z_$][\w$]*)")
_NOT_NAMES = frozenset(("arguments", "eval", "undefined", "NaN", "Infinity", "globalThis"))


def declared_names(js: str) -> list[str]:
    """Names the script may declare with `var` (over-approximated: a name too many only adds an
    undefined global property, one too few would stay local to the activity's function)."""
    names = set()
    for m in _VAR_LIST.finditer(js):
        names.update(_DECLARATOR.findall(m.group(1)))
    return sorted(names - _NOT_NAMES)


def activity_body(js: str) -> tuple[str, int]:
    """(`js` as a function body run against the global object, length of its line-1 prefix)."""
    functions = sorted(set(_FUNCTION.findall(js)) - _NOT_NAMES)
    exports = "".join(f"try{{globalThis.{n}={n}}}catch(e){{}}" for n in functions)
    prefix = f"(function(){{with(globalThis){{{exports}"
    return f"{prefix}{js}\n}}}}).call(this)", len(prefix)
