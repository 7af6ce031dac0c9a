"""Helpers of the REPL tests (tests/repl): an in-process session and a pseudo-terminal REPL."""
from __future__ import annotations

import io
import os
import re
import sys
import time
from pathlib import Path

import pytest

from runtime.options import RunOptions
from runtime.repl.session import ReplSession, e4x_available
from runtime.xtk.schema import load_registry

# The schemas every run has (runtime/schemas/ and their staging schemas), as the REPL lists them:
# tests compare against this, so a new built-in schema needs no test edits.
BUILTIN_SCHEMAS = [s.id for s in load_registry(())]

E4X_SKIP = pytest.mark.skipif(
    not e4x_available(),
    reason="E4X is not delivered yet: needs runtime/e4x exporting transpile() and stdlib_js/2*_e4x*.js")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|[\x08\x07]")


class Session:
    """A ReplSession writing into strings; `take()` returns and clears what it printed."""

    def __init__(self, home: Path, **fields) -> None:
        fields.setdefault("timeout", None)
        self.out, self.err = io.StringIO(), io.StringIO()
        self.options = RunOptions(home=home, **fields)
        self.s = ReplSession(self.options, self.out, self.err)

    def run(self, text: str) -> tuple[bool, str, str]:
        ok = self.s.execute(text)
        return ok, self.take_out(), self.take_err()

    def echo(self, text: str) -> str:
        ok, out, err = self.run(text)
        assert ok, err
        assert err == ""
        return out.rstrip("\n")

    def take_out(self) -> str:
        v = self.out.getvalue()
        self.out.seek(0)
        self.out.truncate()
        return v

    def take_err(self) -> str:
        v = self.err.getvalue()
        self.err.seek(0)
        self.err.truncate()
        return v


def spawn_repl(tmp_path: Path, *args: str, term: str = "dumb", bare: bool = False):
    """`python -m runtime repl` on a pseudo-terminal, in tmp_path, history in tmp_path.

    TERM=dumb: prompt_toolkit then prints the prompt and the typed characters without cursor
    movement or colours, so that the transcript can be matched as text."""
    import pexpect

    env = dict(os.environ, TERM=term, PROMPT_TOOLKIT_NO_CPR="1",
               XTKJS_REPL_HISTORY=str(tmp_path / "history"), XTKJS_HOME=str(tmp_path / ".xtkjs"))
    env.pop("NO_COLOR", None)
    argv = ["-m", "runtime"] + ([] if bare else ["repl", *args])
    child = pexpect.spawn(sys.executable, argv, cwd=str(tmp_path), env=env, encoding="utf-8",
                          timeout=60, dimensions=(40, 120))
    child.logfile_read = open(tmp_path / "transcript.txt", "w", encoding="utf-8")  # noqa: SIM115
    # A full terminal draws the prompt with escape codes (">" then a cursor move).
    child.prompt_re = "> " if term == "dumb" else r"\r\n(?:\x1b\[[0-9;?]*[A-Za-z])*>"
    child.expect("Type .help")
    prompt(child)
    return child


def prompt(child) -> None:
    """Wait for a prompt, then a moment for prompt_toolkit to switch the terminal to raw mode
    (keys sent before that go through the terminal's line discipline instead)."""
    child.expect(getattr(child, "prompt_re", "> "))
    time.sleep(0.3)


def send_line(child, text: str) -> None:
    """Type one line and Enter, pausing between lines so each is read as the REPL sees keys."""
    for i, line in enumerate(text.split("\n")):
        if i:
            time.sleep(0.2)
        child.send(line + "\r")


def finish(child) -> int:
    """Ctrl-D at the prompt; the exit status."""
    import pexpect

    time.sleep(0.3)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus
