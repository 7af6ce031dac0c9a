"""Host APIs: the Python functions scripts reach through `__host.call(name, args)`.

A call name's first dotted part picks the module that implements it (imported on first use, so
a script that never touches the database never imports SQLAlchemy). Each module exposes
`HOST_FUNCTIONS: dict[str, Callable[[HostEnv, ...], JSON]]`. Scripts are untrusted: only names
listed there can be called, and arguments arrive as plain JSON values.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from runtime.errors import HostError
from runtime.logs import RunLogger
from runtime.options import RunOptions

HOST_MODULES = {
    "log": "runtime.host.core",
    "sys": "runtime.host.core",
    "xtk": "runtime.xtk.host",   # xtk.session.*, xtk.queryDef.*, schemas
    "sql": "runtime.xtk.host",   # sqlExec, sqlGet*, sqlSelect
    "option": "runtime.xtk.host",  # getOption / setOption
    "dates": "runtime.host.dates",        # parseTimeStamp and the Format parsers
    "file": "runtime.host.files",    # loadFile, saveFile, File
    "buffer": "runtime.host.buffers",  # MemoryBuffer conversions and digests
    "http": "runtime.host.http",     # HttpClientRequest
    "exec": "runtime.host.process",  # execCommand
    "lib": "runtime.host.libraries",  # loadLibrary
    "e4x": "runtime.host.e4x_source",  # E4X in eval and Function
    "workflow": "runtime.host.workflow",  # task transitions, xtk.workflow signals, application
}


# Calls whose arguments reach their function as JSON text (runtime._bridge.RawArgs), parsed
# where they are used: a batch of buffered rows is parsed by the thread that applies it.
RAW_ARGS_CALLS = frozenset({"xtk.session.flushBatch"})


class HostEnv:
    """What host functions see of a run: its options, its logger and per-run resources.

    Resources (database sessions, caches) are created on first use with `resource()` and
    finished by `close()`: `success=True` commits, `False` ends the run after a failure.
    """

    def __init__(self, options: RunOptions | None = None, logger: RunLogger | None = None,
                 script_name: str = "<script>") -> None:
        self.options = options or RunOptions()
        self.logger = logger or RunLogger(verbose=self.options.verbose, fmt=self.options.log_format)
        self.script_name = script_name
        self.deadline: float | None = None      # time.monotonic() when the run times out
        self.sources: dict[str, str] = {}       # loaded libraries: display name -> source text
        self._resources: dict[str, Any] = {}
        # Set (from the timeout watchdog's thread) while the run is being stopped: host calls
        # then fail at once instead of starting new work.
        self.stopping: str | None = None

    def interrupt(self, reason: str) -> None:
        """Stop the host work of a run that must end (timeout): refuse new host calls and
        cancel the running database statement. Called from another thread."""
        self.stopping = reason
        for res in list(self._resources.values()):
            interrupt = getattr(res, "interrupt", None)
            if interrupt is not None:
                interrupt()

    def resource(self, name: str, factory: Callable[[], Any]) -> Any:
        res = self._resources.get(name)
        if res is None:
            res = self._resources[name] = factory()
        return res

    def peek(self, name: str) -> Any:
        return self._resources.get(name)

    def close(self, success: bool) -> None:
        """Finish every resource (in reverse creation order); raise the first failure."""
        first: BaseException | None = None
        for name in reversed(list(self._resources)):
            res = self._resources.pop(name)
            finish = getattr(res, "finish", None)
            try:
                if finish is not None:
                    finish(success)
            except BaseException as exc:  # noqa: BLE001 - finish the others, then report
                first = first or exc
        if first is not None:
            raise first


class HostDispatcher:
    """Resolves call names to functions and calls them with the run's HostEnv."""

    def __init__(self, env: HostEnv) -> None:
        self.env = env
        self._functions: dict[str, Callable[..., Any]] = {}
        self.busy = False  # a host call is running (read by the timeout watchdog)

    def __call__(self, name: str, args: list) -> Any:
        if self.env.stopping:
            raise HostError(f"script stopped: {self.env.stopping}")
        fn = self._functions.get(name)
        if fn is None:
            fn = self._functions[name] = self._resolve(name)
        self.busy = True
        try:
            return fn(self.env, *args)
        finally:
            self.busy = False

    @staticmethod
    def _resolve(name: str) -> Callable[..., Any]:
        module_name = HOST_MODULES.get(str(name).split(".", 1)[0])
        fn = None
        if module_name is not None:
            fn = importlib.import_module(module_name).HOST_FUNCTIONS.get(name)
        if fn is None:
            raise HostError(f"unknown host function {name!r}")
        return fn


def error_for_js(exc: BaseException) -> tuple[str, str]:
    """The (JS constructor, message) pair a host exception becomes."""
    if isinstance(exc, HostError):
        return exc.js_name, str(exc)
    if isinstance(exc, TypeError):
        return "TypeError", f"bad arguments to host function: {exc}"
    # Unexpected failures keep their type name so bug reports are useful.
    return "Error", f"{type(exc).__name__}: {exc}"
