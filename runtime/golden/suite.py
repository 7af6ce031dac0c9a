"""Find golden tests and run them, each in its own worker process with a hard time limit.

A script's own timeout (the sandbox's wall-clock limit) stops a runaway script inside
JavaScript; the worker's hard limit (that timeout plus HARD_GRACE seconds) also stops a run stuck
outside JavaScript (a database call, a lock): the worker is killed and a fresh one takes the next
script. Results are reported in discovery order whatever the number of workers.
"""
from __future__ import annotations

import fnmatch
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable
from multiprocessing.connection import wait
from pathlib import Path

from runtime.errors import UsageError
from runtime.golden.runner import Result, Settings, check_script, golden_path

HARD_GRACE = float(os.environ.get("XTKJS_TEST_HARD_GRACE", "15"))  # env: for our own tests
SKIP_DIRS = {"node_modules", "__pycache__"}


def discover(paths: Iterable[str | Path], pattern: str | None = None) -> list[Path]:
    """The scripts to test: named .js files (a .golden names its script), and under folders
    every .js with a .golden beside it. `pattern`: substring of the path (or a glob)."""
    found: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise UsageError(f"{p}: no such file or directory")
        if path.is_dir():
            for js in sorted(path.rglob("*.js")):
                rel = js.relative_to(path).parts[:-1]
                if any(part.startswith(".") or part in SKIP_DIRS for part in rel):
                    continue
                if golden_path(js).is_file():
                    found.append(js)
            continue
        if path.suffix == ".golden":
            path = path.with_suffix(".js")
            if not path.is_file():
                raise UsageError(f"{p}: the golden file's script {path} does not exist")
        elif path.suffix != ".js":
            raise UsageError(f"{p}: not a script (.js) or golden (.golden) file")
        found.append(path)
    seen, out = set(), []
    for f in found:
        key = f.resolve()
        if key not in seen and (pattern is None or matches(f, pattern)):
            seen.add(key)
            out.append(f)
    return out


def matches(path: Path, pattern: str) -> bool:
    text = path.as_posix().lower()
    pat = pattern.lower()
    if any(ch in pat for ch in "*?["):
        return fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name.lower(), pat)
    return pat in text


def hard_limit(script: Path, settings: Settings) -> float | None:
    """Seconds after which a worker is killed: the run's timeout plus HARD_GRACE."""
    timeout = settings.timeout
    g = golden_path(script)
    if g.is_file():
        try:
            from runtime.golden import format as F

            cfg = F.parse(g.read_text(encoding="utf-8"), g).config
            if cfg.timeout is not None:
                timeout = cfg.timeout
        except Exception:  # noqa: BLE001 - the worker reports a malformed golden
            pass
    return None if not timeout else timeout + HARD_GRACE


# --- workers ------------------------------------------------------------------------------
def _worker(conn, settings: Settings) -> None:  # pragma: no cover - runs in a child process
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    while True:
        try:
            script = conn.recv()
        except EOFError:
            return
        if script is None:
            return
        try:
            res = check_script(script, settings)
        except BaseException as exc:  # noqa: BLE001
            res = Result(str(script), "error", f"internal error: {type(exc).__name__}: {exc}")
        conn.send(res)


class _Worker:
    def __init__(self, ctx, settings: Settings) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, settings), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[int, Path] | None = None
        self.started = 0.0
        self.limit: float | None = None

    def give(self, index: int, script: Path, limit: float | None) -> None:
        self.task, self.started, self.limit = (index, script), time.monotonic(), limit
        self.conn.send(str(script))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def run_all(scripts: list[Path], settings: Settings, jobs: int = 1,
            on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Run every script in worker processes; results in the scripts' order. `on_result` is
    called in that order too, as soon as a result and all before it are known."""
    ctx = mp.get_context("spawn")
    results: list[Result | None] = [None] * len(scripts)
    pending = list(enumerate(scripts))
    pending.reverse()
    workers: list[_Worker] = []
    reported = 0

    def emit() -> None:
        nonlocal reported
        while reported < len(results) and results[reported] is not None:
            if on_result is not None:
                on_result(results[reported])
            reported += 1

    def finish(w: _Worker, res: Result) -> None:
        index, script = w.task
        res.script = str(script)
        results[index] = res
        w.task = None
        emit()

    try:
        jobs = max(1, min(jobs, len(scripts)))
        while pending or any(w.task for w in workers):
            while pending and (len(workers) < jobs or any(w.task is None for w in workers)):
                idle = next((w for w in workers if w.task is None), None)
                if idle is None:
                    idle = _Worker(ctx, settings)
                    workers.append(idle)
                index, script = pending.pop()
                idle.give(index, script, hard_limit(script, settings))
            busy = [w for w in workers if w.task]
            now = time.monotonic()
            deadlines = [w.started + w.limit - now for w in busy if w.limit]
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=max(0.0, min(deadlines)) if deadlines else None)
            for w in busy:
                if w.conn in ready:
                    try:
                        res = w.conn.recv()
                    except (EOFError, OSError):
                        res = None
                    if res is not None:
                        finish(w, res)
                        continue
                if w.proc.sentinel in ready or (w.conn in ready):
                    code = w.proc.exitcode
                    w.proc.join(1)
                    finish(w, Result(str(w.task[1]), "error",
                                     f"the test process died (exit code {w.proc.exitcode if code is None else code})",
                                     duration=time.monotonic() - w.started))
                    w.stop(kill=True)
                    workers.remove(w)
                elif w.limit and time.monotonic() - w.started >= w.limit:
                    elapsed = time.monotonic() - w.started
                    finish(w, Result(str(w.task[1]), "failed",
                                     f"timed out: no result after {elapsed:.0f} s; the test process was "
                                     "killed (stuck outside JavaScript, e.g. in a database call)",
                                     duration=elapsed))
                    w.stop(kill=True)
                    workers.remove(w)
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)
    return [r for r in results if r is not None]


def summary(results: list[Result], seconds: float) -> str:
    passed = sum(r.status == "passed" for r in results)
    updated = sum(r.status == "updated" for r in results)
    failed = sum(not r.ok for r in results)
    parts = [f"{passed} passed"]
    if updated:
        parts.append(f"{updated} updated")
    parts.append(f"{failed} failed")
    return f"{', '.join(parts)} in {seconds:.2f}s"
