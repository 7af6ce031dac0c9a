"""Reading files a script names, confined to the run's files root (host prefix `files`).

`read_text_in_files_root(path)` is the one place that turns a script's path into file text: the
path is resolved against the files root (RunOptions.files_root when the run has one, else the
current folder) and refused when it is absolute or leads outside the root, `..` and symlinks
included. DOMDocument.load (stdlib_js/30_dom.js) reads through `files.readText`.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from runtime.errors import HostError

_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def files_root(options=None) -> Path:
    """The folder scripts' relative paths start from."""
    root = getattr(options, "files_root", None) if options is not None else None
    return Path(root or ".").resolve()


def resolve_in_files_root(path: str, root: Path | None = None) -> Path:
    """The real path of `path` inside the files root, or a HostError saying why not."""
    root = (root or files_root()).resolve()
    p = str(path)
    if not p or "\0" in p:
        raise HostError(f"invalid file path {p!r}")
    target = (root / p).resolve()     # an absolute path replaces root; links are followed
    if target != root and root not in target.parents:
        raise HostError(f"'{p}' is outside the files root {root}")
    return target


def read_text_in_files_root(path: str, root: Path | None = None, kind: str = "text") -> str:
    """The text of a file inside the files root. kind "xml" honours the encoding an XML
    declaration names (UTF-8 otherwise); "text" reads UTF-8. A byte-order mark is dropped."""
    root = (root or files_root()).resolve()
    target = resolve_in_files_root(path, root)
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise HostError(f"'{path}': no such file in the files root {root}") from None
    except IsADirectoryError:
        raise HostError(f"'{path}' is a folder, not a file") from None
    except OSError as exc:
        raise HostError(f"'{path}': cannot read the file ({exc.strerror})") from None
    encoding = "utf-8-sig"
    if kind == "xml" and not data.startswith(codecs.BOM_UTF8):
        m = _XML_ENCODING.match(data)
        if m:
            encoding = m.group(1).decode("ascii")
    try:
        return data.decode(encoding)
    except LookupError:
        raise HostError(f"'{path}': unknown encoding {encoding!r} in the XML declaration") from None
    except UnicodeDecodeError as exc:
        raise HostError(f"'{path}' is not valid {encoding.replace('-sig', '').upper()} text "
                        f"(byte {exc.start})") from None


def read_text(env, path, kind="text") -> str:
    return read_text_in_files_root(str(path), files_root(env.options), str(kind))


HOST_FUNCTIONS = {
    "files.readText": read_text,
}
