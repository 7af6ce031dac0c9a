"""Helpers of the host-API tests (files, HTTP, processes, libraries, workflow)."""
from __future__ import annotations


def first_error(r, where: str, message: str) -> str:
    """Check that a run failed with `message` reported at `where` (e.g. "script.js:2:"); return the
    report's first line."""
    assert r.code == 1, (r.out, r.err)
    first = r.err.splitlines()[0]
    assert first.startswith(where), first
    assert message in first, first
    return first
