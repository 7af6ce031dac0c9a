"""The JavaScript standard library: every `stdlib_js/*.js`, loaded in file-name order."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def sources() -> tuple[tuple[str, str], ...]:
    """(name, source) of each stdlib file, read once per process."""
    root = resources.files("stdlib_js")
    files = sorted((p for p in root.iterdir() if p.name.endswith(".js")), key=lambda p: p.name)
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in files)
