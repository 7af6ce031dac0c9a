"""Helpers shared by the Campaign library tests (tests/campaign)."""
from __future__ import annotations


def out(run_js, source: str, **fields) -> list[str]:
    """stdout lines of a script that must succeed."""
    r = run_js(source, **fields)
    assert r.code == 0, r.err
    return r.out.splitlines()


def error(run_js, source: str, **fields) -> str:
    """The first stderr line of a script that must fail: FILE:LINE:COL: Type: message."""
    r = run_js(source, **fields)
    assert r.code == 1, r.out
    return r.err.splitlines()[0]
