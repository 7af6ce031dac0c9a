"""E4X (ECMA-357) -> plain JavaScript that calls the object model's `__e4x` (docs/e4x-contract.md).

`transpile(source, filename)` keeps every token on its source line (the output has as many line
breaks as the input). The pipeline: `tokenize` (literals and member operators rewritten there),
`operators.rewrite` (operand extents for ==, !=, +, +=, typeof, default xml namespace), then
`emit`, which copies the source between edited tokens verbatim.
"""
from __future__ import annotations

import re

from .errors import E4XSyntaxError, fail
from .filters import apply_guards
from .operators import rewrite
from .tokenize import Bail, Tokens, tokenize

__all__ = ["E4XSyntaxError", "transpile"]

# Source without any of these needs no rewrite at all.
_NEEDS = re.compile(r"[<@+]|[=!]=|typeof|::|\.[.*(]|each|default")
_IDENT_END = re.compile(r"[\w$\\]")
_HSPACE = re.compile(r"[ \t]*")


def transpile(source: str, filename: str) -> str:
    """The plain JavaScript for an E4X script. Raises E4XSyntaxError for malformed E4X."""
    if not _NEEDS.search(source):
        return source
    tk = Tokens(source, filename)
    try:
        tokenize(source, filename, tk)
    except Bail as exc:
        if not tk.e4x:
            return source  # plain JavaScript that does not tokenize: V8 reports it as it is
        fail(source, filename, exc.pos, f"syntax error: {exc.message}")
    rewrite(tk)
    apply_guards(tk)
    return emit(tk)


def emit(tk: Tokens) -> str:
    """The source with the recorded edits applied."""
    src, start, end = tk.src, tk.start, tk.end
    text, pre, post, nogap = tk.text, tk.pre, tk.post, tk.nogap
    edited = set(text)
    edited.update(pre)
    edited.update(post)
    edited.update(i for i in nogap if i < len(start))
    out: list[str] = []
    append = out.append
    last = 0
    prev_char = ""
    for i in sorted(edited):
        s = start[i]
        cut = s
        if i in nogap and i > 0:
            gap_start = end[i - 1]
            if _HSPACE.match(src, gap_start).end() == s and gap_start >= last:
                cut = gap_start
        if cut > last:
            chunk = src[last:cut]
            append(chunk)
            prev_char = chunk[-1]
        new = text.get(i)
        head = "".join(pre[i]) if i in pre else ""
        if new is None:
            body = head + src[s:end[i]]
        else:
            body = head + new
        if body:
            # never glue an inserted name to the previous one (`return<a/>` -> `return __e4x...`)
            if body[0] == "_" and (head or new is not None) and prev_char and _IDENT_END.match(prev_char):
                body = " " + body
            append(body)
            prev_char = body[-1]
        if i in post:
            tail = "".join(post[i])
            append(tail)
            prev_char = tail[-1]
        last = end[i]
    append(src[last:])
    return "".join(out)
