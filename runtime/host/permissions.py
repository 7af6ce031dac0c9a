"""What a script may reach outside the sandbox: files under one root, HTTP hosts named with
--allow-http, processes with --allow-exec, environment variables named with --allow-env. Every host API that touches files, the network or
processes asks this module first; each refusal says which flag would open it.

`read_text_file(options, path)` is the one way for other host code (DOMDocument.load, ...) to
read a text file a script names: confined to the files root like loadFile.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from runtime.errors import HostError

DEFAULT_HTTP_TIMEOUT = 60.0   # seconds, when the run itself has no timeout


class PermissionDenied(HostError):
    """A script asked for something the run's flags do not allow."""


def files_root(options) -> Path:
    root = options.files_root if options.files_root is not None else Path.cwd()
    return Path(os.path.realpath(root))


def resolve_path(options, name, api: str) -> Path:
    """The real path of `name` (relative to the files root); refused when it leaves the root
    (absolute path, `..`, or a symbolic link that points outside)."""
    if not isinstance(name, str) or not name:
        raise HostError(f"{api}: expected a file name (a non-empty string), got "
                        f"{_js_type(name)}", "TypeError")
    if "\0" in name:
        raise PermissionDenied(f"{api}: {name!r}: a file name cannot contain a NUL character")
    root = files_root(options)
    p = Path(name)
    if p.is_absolute() or p.drive:
        raise PermissionDenied(f"{api}: {name}: absolute paths are refused; name files relative to the "
                               f"files root {root} (--files DIR)")
    if ".." in p.parts:
        raise PermissionDenied(f"{api}: {name}: '..' is refused; files stay inside the files root {root} "
                               "(--files DIR)")
    real = Path(os.path.realpath(root / p))
    if real != root and root not in real.parents:
        raise PermissionDenied(f"{api}: {name}: a symbolic link leads outside the files root {root} "
                               "(--files DIR)")
    return real


def read_text_file(options, name, encoding: str = "utf-8", api: str = "loadFile") -> str:
    """A text file inside the files root (for DOMDocument.load and other readers)."""
    path = resolve_path(options, name, api)
    charset = codec(encoding, api)
    try:
        return path.read_bytes().decode(charset)
    except FileNotFoundError:
        raise HostError(f"{api}: {name}: no such file in the files root {files_root(options)}") from None
    except IsADirectoryError:
        raise HostError(f"{api}: {name}: is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise HostError(f"{api}: {name}: not valid {encoding} text (byte {exc.start}); pass the file's "
                        "encoding as the second argument") from None
    except OSError as exc:
        raise HostError(f"{api}: {name}: cannot read: {exc.strerror or exc}") from None


def codec(encoding, api: str) -> str:
    """A Python codec name for a Campaign code page ("utf-8", "iso-8859-1", ...)."""
    import codecs

    name = "utf-8" if encoding in (None, "") else encoding
    if not isinstance(name, str):
        raise HostError(f"{api}: the encoding must be a string such as 'utf-8', got {_js_type(name)}",
                        "TypeError")
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise HostError(f"{api}: unknown encoding {name!r} (e.g. utf-8, iso-8859-1, utf-16)") from None


# --- HTTP ------------------------------------------------------------------------------------
def check_http(options, url: str, api: str = "HttpClientRequest") -> None:
    """Refuse a URL whose host (and port) is not opened with --allow-http."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise HostError(f"{api}: bad URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HostError(f"{api}: bad URL {url!r}: expected http://HOST/... or https://HOST/...")
    host = parts.hostname.lower()
    port = port or (443 if parts.scheme == "https" else 80)
    for allowed in options.allow_http:
        a_host, _, a_port = allowed.lower().rpartition(":") if _has_port(allowed) else (allowed.lower(), "", "")
        if a_host.strip("[]") == host and (not a_port or int(a_port) == port):
            return
    shown = f"{host}:{port}" if parts.port else host
    raise PermissionDenied(f"{api}: HTTP access to {shown} is not allowed; run with --allow-http {shown}")


def _has_port(entry: str) -> bool:
    head, sep, tail = entry.rpartition(":")
    return bool(sep) and tail.isdigit() and (not head.startswith("[") or head.endswith("]"))


# --- processes --------------------------------------------------------------------------------
def check_exec(options, command: str, api: str = "execCommand") -> None:
    if not options.allow_exec:
        raise PermissionDenied(f"{api}: running commands is not allowed; run with --allow-exec "
                               f"(command: {command})")


# --- environment variables -------------------------------------------------------------------
def check_env(options, name: str, api: str = "getEnv") -> None:
    """Refuse a variable not named with --allow-env: the process environment holds secrets
    (database passwords, tokens) a script must not read by default."""
    if name not in options.allow_env:
        raise PermissionDenied(f"{api}: reading the environment variable {name} is not allowed; "
                               f"run with --allow-env {name}")


# --- time -------------------------------------------------------------------------------------
def remaining_time(env, default: float | None = DEFAULT_HTTP_TIMEOUT) -> float | None:
    """Seconds left before the run's timeout (at least a little), or `default` without one."""
    deadline = getattr(env, "deadline", None)
    if deadline is None:
        return default
    return max(0.05, deadline - time.monotonic())


def _js_type(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "an empty string" if not v else "a string"
    if isinstance(v, list):
        return "an array"
    return "an object"
