"""One V8 context with the stdlib preloaded, the host bridge, a wall-clock limit and a heap limit.

A runaway script (endless loop, allocation bomb) is stopped with a ScriptError; the process and,
for the REPL, the context itself live on.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import threading
import time
from typing import Any

from py_mini_racer import MiniRacer, init_mini_racer
from py_mini_racer._exc import (
    JSEvalException,
    JSOOMException,
    JSParseException,
    JSTerminatedException,
    JSTimeoutException,
)

from runtime import stdlib
from runtime.activity import ILLEGAL_RETURN, activity_body, declared_names
from runtime._bridge import SyncBridge
from runtime.e4x import source_column
from runtime.errors import HostError, ScriptError, ScriptSyntaxError
from runtime.host import RAW_ARGS_CALLS, HostDispatcher, HostEnv, error_for_js

# V8's own heap ceiling must sit well above our limit, so that our limit (checked by mini-racer
# after each GC) is what stops a script, not a fatal V8 out-of-memory abort of the process.
# --no-lazy-feedback-allocation: a function records type feedback from its first call, not from
# its ninth or so. Without it, what only the first calls did (the one-off literal before a loop,
# the first append to an empty list) leaves no feedback, the optimized code has no path for it,
# and meeting it again later deoptimizes the function; with --single-threaded its recompile runs on
# the script's thread (bench/e4x_profile.md).
V8_FLAGS = ("--single-threaded", "--max-old-space-size=16384", "--no-lazy-feedback-allocation")
_initialized = False
FLUSH_HEADROOM_MB = 256


def _init_v8() -> None:
    global _initialized
    if not _initialized:
        init_mini_racer(flags=V8_FLAGS, ignore_duplicate_init=True)
        _initialized = True


class Sandbox:
    """A V8 context for one run (or one REPL session)."""

    def __init__(self, env: HostEnv | None = None, max_memory_mb: int | None = None) -> None:
        _init_v8()
        self.env = env or HostEnv()
        limit_mb = max_memory_mb if max_memory_mb is not None else self.env.options.max_memory_mb
        self._mr = MiniRacer()
        self._mr.set_hard_memory_limit(limit_mb * 1024 * 1024)
        self.max_memory_mb = limit_mb
        self._dispatcher = HostDispatcher(self.env)
        self._bridge = SyncBridge(self._mr, self._dispatcher, error_for_js, raw_calls=RAW_ARGS_CALLS)
        for name, source in stdlib.sources():
            self._mr.eval(f"{source}\n//# sourceURL=stdlib_js/{name}")

    # -- evaluation ---------------------------------------------------------------------
    def run(self, js: str, filename: str, timeout: float | None = None,
            original_source: str | None = None, keep_result: bool = True, activity: bool = False) -> Any:
        """Evaluate a whole script; ScriptError (with the user's position) on failure.

        `original_source` is the user's text when `js` is its transpiled form: error reports
        quote the user's line, which has the same number. `keep_result=False` drops the
        script's completion value inside V8 (a value Python cannot receive, such as a BigInt,
        must not fail a script whose result nobody reads). `activity=True` runs it as a workflow
        activity: a top-level `return` ends it (runtime/activity.py).
        """
        import time

        self.env.deadline = time.monotonic() + timeout if timeout else None
        tail = "" if keep_result else "\n;void 0"
        source = original_source or js
        try:
            try:
                return self._run_code(js, filename, timeout, source, tail, 0)
            except ScriptSyntaxError as exc:
                if not (activity and exc.message.endswith(ILLEGAL_RETURN)):
                    raise
            import json

            body, shift = activity_body(js)
            self._eval(f"__xtkjsDeclare({json.dumps(declared_names(js))})", timeout)
            return self._run_code(body, filename, timeout, source, tail, shift)
        except ScriptError as exc:
            # V8's column is one of the transpiled line: show the user's own
            if (exc.filename == filename and exc.line is not None and exc.column is not None
                    and original_source is not None and js != original_source):
                exc.column = source_column(original_source, filename, exc.line, exc.column)
            raise

    def _run_code(self, code: str, filename: str, timeout: float | None, source: str, tail: str,
                  shift: int) -> Any:
        try:
            # (the tail goes after the sourceURL comment: V8 only names the file in syntax
            # errors when that comment is the last one before the error is found)
            return self._eval(f"{code}\n//# sourceURL={filename}{tail}", timeout)
        except JSTimeoutException:
            raise ScriptError(f"script stopped: it ran longer than the {timeout:g} s timeout "
                              "(--timeout)", filename, kind="timeout") from None
        except JSOOMException:
            raise ScriptError(f"script stopped: it used more than the {self.max_memory_mb} MB memory "
                              "limit (--max-memory)", filename, kind="memory") from None
        except JSTerminatedException:
            raise ScriptError("script stopped: interrupted", filename, kind="interrupted") from None
        except JSEvalException as exc:
            sources = dict(self.env.sources)
            sources[filename] = source
            raise script_error_from_v8(exc, filename, sources, {filename: shift}) from None

    def eval_value(self, js: str, timeout: float | None = None) -> Any:
        """Evaluate trusted code of ours (stdlib glue, REPL helpers); no error translation."""
        return self._eval(js, timeout)

    def _eval(self, code: str, timeout: float | None) -> Any:
        """mini-racer's eval, but Ctrl-C (KeyboardInterrupt) also cancels the running JS.

        mini-racer runs evaluations on its own event-loop thread; we wait for the result here
        and, when interrupted, cancel the task, which terminates V8 execution and leaves the
        context usable (every earlier definition intact).
        """
        ctx = self._mr._ctx
        finished = threading.Event()
        self.env.stopping = None   # a new evaluation may make host calls (after a stop, REPL)

        async def evaluate() -> Any:
            try:
                return await asyncio.wait_for(ctx.eval_cancelable(code), timeout=timeout)
            except asyncio.TimeoutError as exc:
                self._stop_host_work(f"it ran longer than the {timeout:g} s timeout (--timeout)")
                raise JSTimeoutException from exc
            finally:
                finished.set()

        future = watch = None
        try:
            # (inside the try: a Ctrl-C that lands before the wait must still stop the script,
            # which may already be running)
            future = asyncio.run_coroutine_threadsafe(evaluate(), ctx.event_loop)
            watch = _MemoryWatch(self.max_memory_mb, future)
            return future.result()
        except KeyboardInterrupt:
            if future is None:
                raise
            future.cancel()
            # end the host call running now (a sleep, an SQL statement); host calls stay refused
            # until the next evaluation starts, so one the stopped script is still making fails
            self.env.interrupt("interrupted")
            self._settle(finished)
            raise JSTerminatedException("interrupted") from None
        except concurrent.futures.CancelledError:
            self._settle(finished)
            if watch is not None and watch.exceeded:
                raise JSOOMException("memory limit reached outside the heap") from None
            raise JSTerminatedException("interrupted") from None
        finally:
            if watch is not None:
                watch.stop()

    def _settle(self, finished: threading.Event) -> None:
        finished.wait(10)
        # The terminated task still reports back to mini-racer's loop; a trivial eval queued
        # behind it returns only after that, so the context can then be used or closed.
        self._mr.eval("0")

    def _stop_host_work(self, reason: str) -> None:
        """V8 stops only between host calls: end the one running now (a long SQL statement),
        repeating until it has returned, so that the timeout really ends the run."""
        env, dispatcher = self.env, self._dispatcher

        def keep_interrupting() -> None:
            while True:
                env.interrupt(reason)
                if not dispatcher.busy:
                    return
                time.sleep(0.05)

        threading.Thread(target=keep_interrupting, name="xtkjs-timeout", daemon=True).start()

    def function(self, js: str) -> Any:
        """A JS function object made from trusted code, callable from Python."""
        return self._mr.eval(js)

    def flush_pending(self, timeout: float = 300) -> None:
        """Hand writes still buffered in JS (see stdlib_js/40_xtk.js) to the host.

        Called at the end of every run, also after a failure, a timeout or an interrupt (the
        context stays usable after V8 terminates execution). A failure is a HostError.
        """
        # A termination V8 still has pending (a script stopped at the memory limit) would end
        # the flush instead: trivial evaluations absorb it first. (Host calls the stopped script
        # might still make are refused until the flush's own evaluation starts.)
        for _ in range(3):
            try:
                self._mr.eval("0")
                break
            except JSEvalException:
                continue
        # A script stopped at the memory limit leaves the heap full; the flush must still be
        # able to allocate to hand over the rows it buffered, so it gets some headroom.
        self._mr.set_hard_memory_limit((self.max_memory_mb + FLUSH_HEADROOM_MB) * 1024 * 1024)
        try:
            self._eval("typeof __xtkFlush === 'function' && __xtkFlush(true); 0", timeout)
        except JSEvalException as exc:
            first = str(exc).split("\n", 1)[0]
            message = _HEAD.match(first).group("msg") if _HEAD.match(first) else first
            raise HostError(f"writes buffered by the script could not be saved: {message}") from None
        finally:
            self._mr.set_hard_memory_limit(self.max_memory_mb * 1024 * 1024)

    def was_memory_limit_reached(self) -> bool:
        return self._mr.was_hard_memory_limit_reached()

    def close(self) -> None:
        self._bridge.close()
        self._mr.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class _MemoryWatch:
    """--max-memory for memory outside the V8 heap (ArrayBuffer backing stores, which mini-racer's
    heap limit does not see): while a script runs, a thread samples the process's resident size
    and cancels the evaluation when it has grown by more than the limit plus EXTRA_MB (room for
    V8's own code and bookkeeping) since the evaluation started."""

    EXTRA_MB = 64
    INTERVAL_S = 0.02

    def __init__(self, limit_mb: int, future: concurrent.futures.Future) -> None:
        self.exceeded = False
        self._future = future
        self._stop = threading.Event()
        start = _resident_bytes()
        if start is None:  # no /proc: the heap limit alone applies
            return
        self._ceiling = start + (limit_mb + self.EXTRA_MB) * 1024 * 1024
        threading.Thread(target=self._run, name="xtkjs-memory", daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            rss = _resident_bytes()
            if rss is not None and rss > self._ceiling:
                self.exceeded = True
                self._future.cancel()
                return

    def stop(self) -> None:
        self._stop.set()


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


# mini-racer formats V8 messages as "NAME:LINE: MESSAGE\nSOURCE LINE\n   ^^^\n\nSTACK".
_HEAD = re.compile(r"^(?P<name>.*?):(?P<line>\d+): (?P<msg>.*)$")
_FRAME = re.compile(r"^\s+at (?:.*? \()?(?P<name>.+?):(?P<line>\d+):(?P<col>\d+)\)?$")


def script_error_from_v8(exc: JSEvalException, filename: str, sources: dict[str, str] | str,
                         shifts: dict[str, int] | None = None) -> ScriptError:
    """Turn mini-racer's exception text into a ScriptError at the user's own position.

    `sources` maps the user's files (the script, loaded libraries) to their text; an error is
    reported in the first of them on the JavaScript stack. `shifts` gives, per file, how far
    the runtime moved its line 1 to the right (runtime/activity.py)."""
    if isinstance(sources, str):
        sources = {filename: sources}
    shifts = shifts or {}
    text = str(exc)
    lines = text.split("\n")
    head = _HEAD.match(lines[0]) if lines else None
    message = head.group("msg") if head else text.strip()
    where, line, col = filename, None, None
    # (a parse error is always in the code evaluated, whatever name V8 gives it)
    if head and (head.group("name") in sources or isinstance(exc, JSParseException)):
        where = head.group("name") if head.group("name") in sources else filename
        line = int(head.group("line"))
        caret = lines[2] if len(lines) > 2 else ""
        if "^" in caret:
            col = caret.index("^") + 1
    # A runtime error thrown inside the stdlib (say a host call failing) is reported where the
    # user's code made the call: the first stack frame in one of the user's files. A syntax
    # error in a library (evaluated by loadLibrary) keeps the library's own position.
    library_syntax = message.startswith("SyntaxError") and where != filename
    if not isinstance(exc, JSParseException) and not library_syntax:
        for frame_line in lines[3:]:
            m = _FRAME.match(frame_line)
            if m and m.group("name") in sources:
                where, line, col = m.group("name"), int(m.group("line")), int(m.group("col"))
                break
    if line == 1 and col is not None and shifts.get(where):
        col = max(1, col - shifts[where])
    if where != filename and line is not None:
        line -= 1   # a library's code starts on line 2 (its name is on line 1: 12_libraries.js)
    source_lines = sources.get(where, "").split("\n")
    src = source_lines[line - 1] if line is not None and 0 < line <= len(source_lines) else None
    if isinstance(exc, JSParseException) or library_syntax:
        return ScriptSyntaxError(message, where, line or 1, col or 1, src)
    err = ScriptError(message, where, line, col, src, kind="runtime")
    err.js_stack = text
    return err
