"""xtkjs: run Adobe Campaign-style workflow JavaScript outside Campaign.

Library facade (the CLI is a thin shell over it)::

    from runtime import RunOptions, run_file
    exit_code = run_file("scripts/ingest.js", RunOptions(timeout=10))

Imports are lazy so that `import runtime` stays cheap.
"""
from __future__ import annotations

__all__ = ["RunOptions", "run_file", "run_source", "Sandbox", "HostEnv"]


def __getattr__(name: str):
    if name == "RunOptions":
        from runtime.options import RunOptions

        return RunOptions
    if name in ("run_file", "run_source"):
        from runtime import run

        return getattr(run, name)
    if name == "Sandbox":
        from runtime.sandbox import Sandbox

        return Sandbox
    if name == "HostEnv":
        from runtime.host import HostEnv

        return HostEnv
    raise AttributeError(name)
