"""E4X source compiled while a script runs (eval, Function): transpiled here like a script
(stdlib_js/24_e4x_eval.js calls it)."""
from __future__ import annotations

from runtime.errors import HostError


def transpile_source(env, source) -> dict:
    """{js} (None when the source needs no rewrite) or {syntaxError: message}."""
    from runtime.e4x import E4XSyntaxError, transpile

    if not isinstance(source, str):
        raise HostError("e4x.transpile: expected a string", "TypeError")
    try:
        js = transpile(source, "<eval>")
    except E4XSyntaxError as exc:
        return {"syntaxError": exc.spidermonkey or exc.message}
    return {"js": None if js == source else js}


HOST_FUNCTIONS = {"e4x.transpile": transpile_source}
