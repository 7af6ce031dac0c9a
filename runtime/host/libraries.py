"""loadLibrary("ns:path.js"): finds a library in the --lib folders (then the built-in ones),
transpiles it for E4X like a script, and hands the JavaScript back to be evaluated in the
global scope (stdlib_js/12_libraries.js). A name resolves to `NS/PATH` or `NS_PATH` in each
folder, in order; the first match wins.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from runtime.errors import HostError

NAME = re.compile(r"^(?P<ns>[A-Za-z_][\w]*):(?P<path>[\w.\-]+(?:/[\w.\-]+)*)$")
BUILTIN_PREFIX = "<built-in>/"
PATH_NAME = re.compile(r"^/(?P<path>[\w.\-]+(?:/[\w.\-]+)*)$")
# Campaign also loads its core libraries by path ("/nl/core/shared/nl.js").
PATH_ALIASES = {"nl/core/shared/nl.js": "xtk/shared/nl.js"}


def candidates(name: str) -> list[str]:
    p = PATH_NAME.match(name)
    if p is not None and ".." not in p.group("path").split("/"):
        rel = p.group("path")
        return [rel] + ([PATH_ALIASES[rel]] if rel in PATH_ALIASES else [])
    m = NAME.match(name)
    if m is None or ".." in m.group("path").split("/"):
        raise HostError(f"loadLibrary: {name!r} is not a library name: expected NAMESPACE:PATH.js "
                        "(e.g. 'cus:helpers.js') or /PATH.js")
    ns, path = m.group("ns"), m.group("path")
    return [f"{ns}/{path}", f"{ns}_{path}"]


def _builtin(rel: str) -> str | None:
    node = resources.files("stdlib_js") / "libraries"
    for part in rel.split("/"):
        node = node / part
    return node.read_text(encoding="utf-8") if node.is_file() else None


def find(options, name: str) -> tuple[str, str]:
    """(display file name, source text) of a library, or a HostError naming what was searched."""
    rels = candidates(name)
    for d in options.lib_dirs:
        for rel in rels:
            p = Path(d) / rel
            if p.is_file():
                try:
                    data = p.read_bytes()
                except OSError as exc:
                    raise HostError(f"loadLibrary: {p}: cannot read: {exc.strerror or exc}") from None
                try:
                    return str(p), data.decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    line = data.count(b"\n", 0, exc.start) + 1
                    raise HostError(f"loadLibrary: {p}:{line}: not valid UTF-8; save the library as UTF-8") from None
    for rel in rels:
        text = _builtin(rel)
        if text is not None:
            return BUILTIN_PREFIX + rel, text
    folders = ", ".join(str(d) for d in options.lib_dirs) or "none (use --lib DIR, env XTKJS_LIB, or ./lib)"
    raise HostError(f"loadLibrary: library '{name}' not found: looked for {' and '.join(rels)} in the "
                    f"library folders: {folders}; and in the built-in libraries")


def load(env, name) -> dict:
    """{file, js} to evaluate, or {file, syntaxError: {message, line, column}}."""
    from runtime.e4x import E4XSyntaxError, transpile

    if not isinstance(name, str):
        raise HostError("loadLibrary: expected a library name such as 'cus:helpers.js', got "
                        f"{'null' if name is None else type(name).__name__}", "TypeError")
    file, source = find(env.options, name)
    if not file.startswith(BUILTIN_PREFIX):
        env.sources[file] = source
    try:
        js = transpile(source, file)
    except E4XSyntaxError as exc:
        return {"file": file, "syntaxError": {"message": exc.message, "line": exc.line, "column": exc.column}}
    return {"file": file, "js": js}


HOST_FUNCTIONS = {"lib.load": load}
