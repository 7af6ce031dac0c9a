"""MemoryBuffer's conversions: bytes travel between JavaScript and Python as "binary strings"
(one character per byte, 0-255), the text encodings and digests are Python's (codecs, base64,
hashlib, hmac)."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac as hmaclib

from runtime.errors import HostError
from runtime.host.permissions import codec

# Windows code page numbers Campaign scripts pass as integers.
CODE_PAGES = {65001: "utf-8", 28591: "iso-8859-1", 1252: "cp1252", 1200: "utf-16-le", 1201: "utf-16-be",
              20127: "us-ascii", 932: "shift_jis", 949: "euc-kr", 28605: "iso-8859-15"}
DIGESTS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")


def _codec(code_page, api: str) -> str:
    if isinstance(code_page, (int, float)) and not isinstance(code_page, bool):
        name = CODE_PAGES.get(int(code_page))
        if name is None:
            raise HostError(f"{api}: unknown code page {code_page:g}")
        return name
    return codec(code_page, api)


def to_bytes(binary: str) -> bytes:
    return binary.encode("latin-1")


def from_bytes(data: bytes) -> str:
    return data.decode("latin-1")


def encode(env, text, code_page=None) -> str:
    name = _codec(code_page, "MemoryBuffer.fromString")
    try:
        return from_bytes(str(text).encode(name))
    except UnicodeEncodeError as exc:
        raise HostError(f"MemoryBuffer.fromString: character {exc.object[exc.start]!r} cannot be written "
                        f"in {name}") from None


def decode(env, binary, code_page=None) -> str:
    name = _codec(code_page, "MemoryBuffer.toString")
    return to_bytes(binary).decode(name, errors="replace")


def to_base64(env, binary) -> str:
    return base64.b64encode(to_bytes(binary)).decode("ascii")


def from_base64(env, text) -> str:
    try:
        return from_bytes(base64.b64decode(str(text).strip(), validate=False))
    except (binascii.Error, ValueError) as exc:
        raise HostError(f"MemoryBuffer.appendBase64: not base 64 text: {exc}") from None


def digest(env, binary, algorithm) -> str:
    if algorithm not in DIGESTS:
        raise HostError(f"MemoryBuffer: unknown digest {algorithm!r}")
    return hashlib.new(algorithm, to_bytes(binary)).hexdigest()


def hmac(env, binary, key, algorithm="sha256", api="MemoryBuffer.hmac") -> str:
    algo = str(algorithm or "sha256").lower().replace("-", "")
    if algo not in DIGESTS:
        raise HostError(f"{api}: unknown algorithm {algorithm!r} ({', '.join(DIGESTS)})")
    key_bytes = str(key).encode("utf-8")
    return hmaclib.new(key_bytes, to_bytes(binary), algo).hexdigest()


HOST_FUNCTIONS = {
    "buffer.encode": encode, "buffer.decode": decode, "buffer.toBase64": to_base64,
    "buffer.fromBase64": from_base64, "buffer.digest": digest, "buffer.hmac": hmac,
}
