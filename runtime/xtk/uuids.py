"""Row UUIDs (version 4): cryptographically random by default (os.urandom), a reproducible
sequence when `options.uuid_seed` is set (golden tests).

`UuidSource.hex(n)` returns the 32-hex-digit bodies of n UUIDs as one string, version and variant
bits already set; `formatted(n)` the same n UUIDs formatted, one after the other (the JavaScript
side, stdlib_js/40_xtk.js, takes its pool in bulk this way and slices one UUID per row). Python
callers use `next()`.
"""
from __future__ import annotations

import os
import random

# byte 6: version 4 in the high nibble; byte 8: variant 10xx in the high bits.
_VERSION = bytes((b & 0x0F) | 0x40 for b in range(256))
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))


class UuidSource:
    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed) if seed is not None else None

    def _bytes(self, n: int) -> bytearray:
        raw = self._rng.randbytes(16 * n) if self._rng is not None else os.urandom(16 * n)
        b = bytearray(raw)
        b[6::16] = bytes(b[6::16]).translate(_VERSION)
        b[8::16] = bytes(b[8::16]).translate(_VARIANT)
        return b

    def hex(self, n: int) -> str:
        """n UUID bodies (32 lowercase hex digits each, no dashes), concatenated."""
        return self._bytes(n).hex()

    def formatted(self, n: int) -> str:
        """n UUIDs formatted 8-4-4-4-12 (36 characters each), concatenated: the same sequence
        as hex(n), formatted column by column (no per-UUID Python work)."""
        hb = self.hex(n).encode("ascii")
        out = bytearray(b"-" * (36 * n))
        for j in range(32):
            k = j + (j >= 8) + (j >= 12) + (j >= 16) + (j >= 20)   # dashes before hex digit j
            out[k::36] = hb[j::32]
        return out.decode("ascii")

    def next(self) -> str:
        """One UUID, formatted 8-4-4-4-12, lowercase."""
        return format_uuid(self._bytes(1).hex())


def format_uuid(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
