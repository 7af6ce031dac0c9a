"""Shared fixtures. Blocks below are owned by the areas that named them."""
from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from runtime.options import RunOptions
from runtime.run import run_file


# --- runtime: running scripts in-process and through the CLI --------------------------------
@dataclass
class RunOutcome:
    code: int
    out: str
    err: str


@pytest.fixture
def run_js(tmp_path, monkeypatch):
    """run_js(source, **RunOptions fields) -> RunOutcome, run in tmp_path (store home there)."""
    monkeypatch.chdir(tmp_path)

    def run(source: str | bytes, name: str = "script.js", **fields) -> RunOutcome:
        (tmp_path / name).write_bytes(source.encode("utf-8") if isinstance(source, str) else source)
        fields.setdefault("home", tmp_path / ".xtkjs")
        out, err = io.StringIO(), io.StringIO()
        code = run_file(name, RunOptions(**fields), out=out, err=err)
        return RunOutcome(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def xtkjs(tmp_path):
    """xtkjs(*args) -> CompletedProcess: the real command line, run in tmp_path."""

    def call(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "runtime", *args], cwd=tmp_path, input=stdin,
                              capture_output=True, text=True, timeout=timeout)

    return call


@pytest.fixture
def write(tmp_path):
    def write(name: str, content: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return p

    return write
