"""E4X source compiled while a script runs (eval, Function): transpiled here like a script
(stdlib_js/24_e4x_eval.js calls it)."""
from __future__ import annotations

from functools import lru_cache

from runtime.errors import HostError


def transpile_source(env, source) -> dict:
    """{js} (None when the source needs no rewrite) or {syntaxError: message}."""
    if not isinstance(source, str):
        raise HostError("e4x.transpile: expected a string", "TypeError")
    if len(source) > _CACHED_SOURCE_MAX:
        return dict(_transpile(source))
    return dict(_transpile_cached(source))


# Scripts often eval the same few short texts in a loop; the answer depends on the text alone.
# Long texts are not kept: 512 of them could hold hundreds of MB.
_CACHED_SOURCE_MAX = 16_384


def _transpile(source: str) -> tuple:
    from runtime.e4x import E4XSyntaxError, transpile

    try:
        js = transpile(source, "<eval>")
    except E4XSyntaxError as exc:
        return (("syntaxError", exc.spidermonkey or exc.message),)
    return (("js", None if js == source else js),)


_transpile_cached = lru_cache(maxsize=512)(_transpile)

HOST_FUNCTIONS = {"e4x.transpile": transpile_source}
