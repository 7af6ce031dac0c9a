"""loadFile, saveFile and the File class: text files confined to the files root (--files).

Open files are the HostEnv resource "files" (closed at the end of the run); the script holds a
handle number.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
import shutil

from runtime._bridge import UNDEFINED
from runtime.errors import HostError
from runtime.host.permissions import codec, files_root, read_text_file, resolve_path

MODES = {"r": "r", "w": "w", "a": "a", "rt": "r", "wt": "w", "at": "a", "r+": "r+", "w+": "w+", "a+": "a+"}


class OpenFiles:
    def __init__(self) -> None:
        self.handles: dict[int, tuple] = {}
        self.next = 1

    def finish(self, success: bool) -> None:
        for fh, _name in self.handles.values():
            fh.close()
        self.handles.clear()


def _files(env) -> OpenFiles:
    return env.resource("files", OpenFiles)


def _text(value, api: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise HostError(f"{api}: expected text, got an object", "TypeError")
    return str(value)


def load(env, name, encoding=None) -> str:
    return read_text_file(env.options, name, encoding, "loadFile")


_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def load_xml(env, name, api="DOMDocument.load") -> str:
    """DOMDocument.load, loadXmlFile: an XML file's text, decoded as its XML declaration says
    (UTF-8 otherwise)."""
    encoding = None
    try:
        with open(resolve_path(env.options, name, api), "rb") as fh:
            head = fh.read(256)
        if head.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        elif (m := _XML_ENCODING.match(head)) is not None:
            encoding = m.group(1).decode("ascii")
    except OSError:
        pass   # read_text_file says what is wrong with the file
    return read_text_file(env.options, name, encoding, api)


def save(env, text, name, encoding=None):
    path = resolve_path(env.options, name, "saveFile")
    data = _text(text, "saveFile").encode(codec(encoding, "saveFile"))
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        raise HostError(f"saveFile: {name}: its folder does not exist in the files root") from None
    except IsADirectoryError:
        raise HostError(f"saveFile: {name}: is a folder, not a file") from None
    except OSError as exc:
        raise HostError(f"saveFile: {name}: cannot write: {exc.strerror or exc}") from None
    return UNDEFINED


def info(env, name) -> dict:
    path = resolve_path(env.options, name, "File")
    out = {"exists": path.exists(), "isFile": path.is_file(), "isDirectory": path.is_dir(),
           "size": 0, "lastModified": None, "fullName": str(path),
           "canRead": os.access(path, os.R_OK),
           "canWrite": os.access(path, os.W_OK) if path.exists() else os.access(path.parent, os.W_OK)}
    if out["exists"]:
        st = path.stat()
        out["size"] = st.st_size
        out["lastModified"] = dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc).isoformat()
    return out


def open_(env, name, mode="r", encoding=None) -> int:
    m = MODES.get(mode if isinstance(mode, str) and mode else "r")
    if m is None:
        raise HostError(f"File.open: unknown mode {mode!r}: use 'r' (read), 'w' (write) or 'a' (append)")
    path = resolve_path(env.options, name, "File.open")
    try:
        fh = open(path, m, encoding=codec(encoding, "File.open"), newline="")
    except FileNotFoundError:
        what = "no such file" if "r" in m and "+" not in m else "its folder does not exist"
        raise HostError(f"File.open: {name}: {what} in the files root {files_root(env.options)}") from None
    except IsADirectoryError:
        raise HostError(f"File.open: {name}: is a folder, not a file") from None
    except OSError as exc:
        raise HostError(f"File.open: {name}: {exc.strerror or exc}") from None
    files = _files(env)
    handle = files.next
    files.next += 1
    files.handles[handle] = (fh, name)
    return handle


def _handle(env, handle, api):
    entry = _files(env).handles.get(handle)
    if entry is None:
        raise HostError(f"{api}: the file is not open (call open() first)")
    return entry


def readln(env, handle):
    fh, name = _handle(env, handle, "File.readln")
    try:
        line = fh.readline()
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise HostError(f"File.readln: {name}: {exc}") from None
    if line == "":
        return None
    return line.rstrip("\r\n") if line.endswith(("\n", "\r")) else line


def write(env, handle, text, newline=False):
    fh, name = _handle(env, handle, "File.writeln" if newline else "File.write")
    try:
        fh.write(_text(text, "File.writeln") + ("\n" if newline else ""))
    except (OSError, ValueError) as exc:
        raise HostError(f"File.writeln: {name}: {exc} (open the file with 'w' or 'a' to write)") from None
    return UNDEFINED


def flush(env, handle):
    _handle(env, handle, "File.flush")[0].flush()
    return UNDEFINED


def close(env, handle):
    entry = _files(env).handles.pop(handle, None)
    if entry is not None:
        entry[0].close()
    return UNDEFINED


def list_(env, name, pattern=None) -> list[str]:
    path = resolve_path(env.options, name, "File.list")
    if not path.is_dir():
        raise HostError(f"File.list: {name}: not a folder")
    names = sorted(p.name for p in path.iterdir())
    if pattern:
        names = [n for n in names if fnmatch.fnmatchcase(n, str(pattern))]
    return names


def remove(env, name):
    path = resolve_path(env.options, name, "File.remove")
    try:
        path.unlink()
    except FileNotFoundError:
        raise HostError(f"File.remove: {name}: no such file") from None
    except OSError as exc:
        raise HostError(f"File.remove: {name}: {exc.strerror or exc}") from None
    return UNDEFINED


def mkdir(env, name):
    resolve_path(env.options, name, "File.mkdir").mkdir(parents=True, exist_ok=True)
    return UNDEFINED


def rmdir(env, name):
    path = resolve_path(env.options, name, "File.rmdir")
    try:
        path.rmdir()
    except OSError as exc:
        raise HostError(f"File.rmdir: {name}: {exc.strerror or exc}") from None
    return UNDEFINED


def _two_paths(env, name, target, api: str, action) -> object:
    src = resolve_path(env.options, name, api)
    dst = resolve_path(env.options, target, api)
    try:
        action(src, dst)
    except OSError as exc:
        raise HostError(f"{api}: {name} -> {target}: {exc.strerror or exc}") from None
    return UNDEFINED


def rename(env, name, target, api="File.renameTo"):
    return _two_paths(env, name, target, api, os.replace)


def size(env, name, api="fileSize") -> int:
    """fileSize: the size in bytes of an existing file (a missing one is an error, not 0)."""
    path = resolve_path(env.options, name, api)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else f"no such file in the files root {files_root(env.options)}"
        raise HostError(f"{api}: {name}: {what}")
    return path.stat().st_size


def copy(env, name, target):
    return _two_paths(env, name, target, "File.copyTo", shutil.copyfile)


HOST_FUNCTIONS = {
    "file.load": load, "file.loadXml": load_xml, "file.save": save, "file.info": info, "file.open": open_,
    "file.readln": readln, "file.write": write, "file.flush": flush, "file.close": close,
    "file.list": list_, "file.remove": remove, "file.mkdir": mkdir, "file.rmdir": rmdir,
    "file.rename": rename, "file.copy": copy, "file.size": size,
}
