"""E4XSyntaxError and the helpers that locate an offset in the user's source (1-based)."""
from __future__ import annotations

from runtime.errors import ScriptSyntaxError


class E4XSyntaxError(ScriptSyntaxError):
    """A malformed E4X construct, reported at the user's file:line:column before anything runs.

    `spidermonkey`: SpiderMonkey's wording of the error where scripts may compare it (the
    SyntaxError that eval and Function throw at run time carries it), else None."""

    spidermonkey: str | None = None


def position(src: str, pos: int) -> tuple[int, int]:
    """(line, column) of offset `pos`, both 1-based; lines end at "\\n"."""
    line_start = src.rfind("\n", 0, pos) + 1
    return src.count("\n", 0, pos) + 1, pos - line_start + 1


def fail(src: str, filename: str, pos: int, message: str, spidermonkey: str | None = None) -> E4XSyntaxError:
    """Raise an E4XSyntaxError for offset `pos` of `src` (never returns)."""
    pos = max(0, min(pos, len(src)))
    line, column = position(src, pos)
    start = pos - column + 1
    end = src.find("\n", pos)
    exc = E4XSyntaxError(message, filename, line, column, src[start:len(src) if end < 0 else end])
    exc.spidermonkey = spidermonkey
    raise exc
