"""E4X (ECMA-357) -> plain JavaScript that calls the object model's `__e4x` (docs/e4x-contract.md).

`transpile(source, filename)` keeps every token on its source line (the output has as many line
breaks as the input). The pipeline: `tokenize` (literals and member operators rewritten there),
`operators.rewrite` (operand extents for ==, !=, +, +=, typeof, default xml namespace), then
`emit`, which copies the source between edited tokens verbatim.
"""
from __future__ import annotations

import bisect
import json
import re

from .errors import E4XSyntaxError, fail
from .filters import apply_guards
from .operators import rewrite
from .tokenize import Bail, Tokens, tokenize

__all__ = ["E4XSyntaxError", "source_column", "transpile"]

# Source without any of these needs no rewrite at all.
_NEEDS = re.compile(r"[<@+]|[=!]=|typeof|::|\.[.*(]|each|default|enum|const\s+[\w$]+\s*[;,]|\beval\s*\(|(?:^|[(;{},=!&|?:])\s*\*(?![*=/])")
_IDENT_END = re.compile(r"[\w$\\]")
_HSPACE = re.compile(r"[ \t]*")


def transpile(source: str, filename: str) -> str:
    """The plain JavaScript for an E4X script. Raises E4XSyntaxError for malformed E4X."""
    return _transpile(source, filename)[0]


def _transpile(source: str, filename: str, track=()) -> tuple[str, dict[int, int]]:
    """The output, and where each source offset in `track` landed in it (offsets inside text
    the transpiler replaced have no place and are left out)."""
    if not _NEEDS.search(source):
        return source, {p: p for p in track}
    tk = Tokens(source, filename)
    try:
        tokenize(source, filename, tk)
    except Bail as exc:
        if not tk.e4x:
            return source, {p: p for p in track}  # plain JavaScript: V8 reports it as it is
        fail(source, filename, exc.pos, f"syntax error: {exc.message}")
    rewrite(tk)
    apply_guards(tk)
    route_eval(tk)
    bodies = function_bodies(tk)
    scope_default_namespaces(tk, bodies)
    spans = edited_functions(tk, bodies)
    marks: dict[int, int] = {p: -1 for p in track}
    if not spans:
        out = emit(tk, marks)
        return out, _placed(marks, track)
    at = prologue_end(tk)
    for p in (at, *(b for span in spans for b in span)):
        marks.setdefault(p, -1)
    out = emit(tk, marks)
    pairs = [[out[marks[s]:marks[e]], source[s:e]] for s, e in spans]
    pairs = [p for p in pairs if p[0] != p[1]]
    if not pairs:
        return out, _placed(marks, track)
    # Function.prototype.toString shows the user's own source (runtime: __e4x.sources)
    register = _REGISTER + json.dumps(pairs, ensure_ascii=False) + ");"
    cut = marks[at]
    placed = {p: o + len(register) if o >= cut else o for p, o in _placed(marks, track).items()}
    return out[:cut] + register + out[cut:], placed


def _placed(marks: dict[int, int], track) -> dict[int, int]:
    return {p: marks[p] for p in track if marks.get(p, -1) >= 0}


_REGISTER = "__e4x.sources("


def source_column(source: str, filename: str, line: int, column: int) -> int:
    """The user's 1-based column for the 1-based (line, column) that V8 reports in the
    transpiled form of `source` (lines are the same; columns move where E4X was rewritten).
    A position inside code the transpiler inserted is shown at the user's text that follows."""
    lines = source.split("\n")
    if not 0 < line <= len(lines):
        return column
    start = sum(len(x) + 1 for x in lines[: line - 1])
    end = start + len(lines[line - 1])
    try:
        out, placed = _transpile(source, filename, range(start, end + 1))
    except E4XSyntaxError:
        return column
    out_start = 0
    for _ in range(line - 1):
        out_start = out.find("\n", out_start) + 1
    want = out_start + column - 1
    after = [(o, p) for p, o in placed.items() if o >= want]
    if not after:
        return column
    o, p = min(after)
    return p - start + 1


def emit(tk: Tokens, marks: dict[int, int] | None = None) -> str:
    """The source with the recorded edits applied. `marks` (source offset -> 0) is filled with
    the output offset of each given source offset (token boundaries outside edited text)."""
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
    size = 0
    for i in sorted(edited):
        s = start[i]
        cut = s
        if i in nogap and i > 0:
            gap_start = end[i - 1]
            if _HSPACE.match(src, gap_start).end() == s and gap_start >= last:
                cut = gap_start
        if cut > last:
            chunk = src[last:cut]
            if marks:
                _mark(marks, last, cut, size)
            append(chunk)
            size += len(chunk)
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
        if marks:
            if s in marks:
                marks[s] = size + len(body) - (len(src[s:end[i]]) if new is None else len(new))
            if end[i] in marks:
                marks[end[i]] = size + len(body)
        size += len(body)
        if i in post:
            tail = "".join(post[i])
            append(tail)
            size += len(tail)
            prev_char = tail[-1]
        last = end[i]
    if marks:
        _mark(marks, last, len(src), size)
    append(src[last:])
    return "".join(out)


def _mark(marks: dict[int, int], lo: int, hi: int, size: int) -> None:
    """Source offsets lo..hi were copied verbatim to output offset `size` onwards."""
    for p in marks:
        if lo <= p <= hi and (p > lo or lo == 0):  # at lo > 0: the edited token before set it
            marks[p] = size + p - lo


def route_eval(tk: Tokens) -> None:
    """`eval(s)` -> `eval(__e4x.evalSource(s))`: code given to eval is transpiled when it runs
    (still a direct eval, so it sees the caller's variables)."""
    typ, val, match = tk.typ, tk.val, tk.match
    if "eval" not in tk.src:
        return
    i = -1
    while True:
        try:
            i = val.index("eval", i + 1)
        except ValueError:
            return
        if typ[i] != "name" or i + 1 >= len(val) or val[i + 1] != "(" or i + 1 not in match:
            continue
        if i and val[i - 1] in (".", "?.", "function"):
            continue
        close = match[i + 1]
        if close + 1 < len(val) and val[close + 1] == "{" and typ[close + 1] == "punct":
            continue  # a method named eval: `{ eval(s) {…} }`
        tk.post.setdefault(i + 1, []).append("__e4x.evalSource(")
        tk.pre.setdefault(close, []).insert(0, ")")


def function_bodies(tk: Tokens) -> list[tuple[int, int, int]]:
    """(`function` token, body `{`, body `}`) of every function declaration and expression."""
    typ, val, match = tk.typ, tk.val, tk.match
    n = len(typ)
    out = []
    for i in range(n):
        if val[i] != "function" or typ[i] != "name" or (i and val[i - 1] in (".", "?.") and typ[i - 1] == "punct"):
            continue
        j = i + 1
        if j < n and val[j] == "*":
            j += 1
        if j < n and typ[j] == "name":
            j += 1
        if j >= n or val[j] != "(" or j not in match:
            continue
        body = match[j] + 1
        if body < n and val[body] == "{" and body in match:
            out.append((i, body, match[body]))
    return out


def edited_functions(tk: Tokens, bodies: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Source spans (`function` ... `}`) of the functions whose text the transpiler changed:
    their toString must show the user's text."""
    edited = sorted(set(tk.text) | set(tk.pre) | set(tk.post))
    spans = []
    for i, _, close in bodies if edited else ():
        k = bisect.bisect_left(edited, i)
        if k < len(edited) and edited[k] <= close:
            spans.append((tk.start[i], tk.end[close]))
    return spans


def scope_default_namespaces(tk: Tokens, bodies: list[tuple[int, int, int]]) -> None:
    """`default xml namespace = e` in a function holds until the function returns (ECMA-357
    12.1): its body saves the default namespace first and restores it in a `finally`."""
    stmts = [i for i, t in enumerate(tk.typ) if t == "defns"]
    scoped = set()
    for i in stmts:
        inner = [b for b in bodies if b[1] < i < b[2]]
        if inner:
            scoped.add(max(inner, key=lambda b: b[1]))
    for _, open_, close in scoped:
        after = _prologue(tk, open_ + 1, close)
        if after == open_ + 1:
            tk.post.setdefault(open_, []).append(_SAVE_NS)
        else:
            tk.post.setdefault(after - 1, []).append(_SAVE_NS)
        tk.pre.setdefault(close, []).insert(0, _RESTORE_NS)


_SAVE_NS = " var __e4x_dns = __e4x.getDefaultNamespace(); try {"
_RESTORE_NS = "} finally { __e4x.setDefaultNamespace(__e4x_dns); } "


def prologue_end(tk: Tokens) -> int:
    """Where code may be inserted before the first statement: after the directive prologue
    ("use strict"; ...), so that the directives keep their meaning."""
    i = _prologue(tk, 0, len(tk.typ))
    if i == 0:
        return tk.start[0] if tk.typ else 0
    return tk.end[i - 1]


def _prologue(tk: Tokens, i: int, limit: int) -> int:
    """The token index after the directive prologue ("use strict"; ...) starting at token i."""
    typ, val = tk.typ, tk.val
    while i < limit and typ[i] == "str" and (i + 1 == limit or val[i + 1] in (";", "}") or tk.nl[i + 1]):
        i += 1
        if i < limit and val[i] == ";":
            i += 1
    return i
