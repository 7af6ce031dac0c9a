"""The schema files of a run: the built-ins shipped in runtime/schemas/ and the user's
`--schemas` folders. Kept apart from runtime/xtk/schema.py (the parser) so that the start-up
scan below costs no more than reading a few files.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path


def builtin_schema_files() -> list[tuple[str, bytes]]:
    root = resources.files("runtime") / "schemas"
    return sorted((f"<built-in>/{p.name}", p.read_bytes()) for p in root.iterdir() if p.name.endswith(".xml"))


_NAMESPACE_ATTR = re.compile(rb"<srcSchema\b[^>]*?\snamespace\s*=\s*[\"']([A-Za-z_]\w*)[\"']")


def schema_namespaces(schema_dirs=()) -> list[str]:
    """The namespaces of the built-in and user schemas, by a cheap scan of the files (no XML
    parsing): the JavaScript runtime defines one global per namespace (`nms.recipient`) at
    start-up, before any schema is needed. A file the scan misreads only misses its global."""
    found = set()
    datas = [data for _, data in builtin_schema_files()]
    for d in schema_dirs:
        d = Path(d)
        if d.is_dir():
            for p in d.rglob("*.xml"):
                try:
                    datas.append(p.read_bytes()[:4096])
                except OSError:
                    continue
    for data in datas:
        m = _NAMESPACE_ATTR.search(data)
        if m:
            found.add(m.group(1).decode("ascii"))
    return sorted(found)
