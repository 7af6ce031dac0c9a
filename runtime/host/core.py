"""Core host functions: logging and the run's configuration."""
from __future__ import annotations

import math
import os
import threading

from runtime.errors import HostError
from runtime.host.permissions import check_env

LEVELS = ("info", "warning", "error", "verbose")
# application.instanceName / buildNumber: a Campaign v8 build xtkjs's APIs follow.
INSTANCE_NAME = "xtkjs"
BUILD_NUMBER = "9387"


def _acknowledge(env) -> None:
    """A line the script writes acknowledges the writes made before it: they are committed
    first (stdlib_js sends its buffered rows before the line; docs/staging.md)."""
    xtk = env.peek("xtk")
    if xtk is not None:
        xtk.acknowledge()


def log(env, level: str, text: str) -> None:
    if level not in LEVELS:
        raise HostError(f"unknown log level {level!r}")
    if level != "verbose" or env.logger.verbose:
        _acknowledge(env)
    env.logger.log(level, str(text))


def print_(env, text: str) -> None:
    _acknowledge(env)
    env.logger.print(str(text))


def config(env) -> dict:
    """What stdlib_js needs at start: the workflow objects' values."""
    o = env.options
    return {
        "vars": dict(o.vars),
        "verbose": o.verbose,
        "operator": o.operator,
        "script": env.script_name,
        "now": o.now,
        "transitions": list(o.transitions),
        "instanceName": INSTANCE_NAME,
        "buildNumber": BUILD_NUMBER,
    }


class _Wakeup:
    """Ends a sleep early when the run is stopped (HostEnv.interrupt calls `interrupt`)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def interrupt(self) -> None:
        self.event.set()


def sleep(env, ms) -> None:
    """sleep(ms): wait, within the run's timeout: a sleep past it is stopped with the run."""
    if isinstance(ms, bool) or not isinstance(ms, (int, float)) or not math.isfinite(ms) or ms < 0:
        raise HostError(f"sleep: expected a number of milliseconds (0 or more), got {ms!r}", "RangeError")
    wakeup = env.resource("sleep", _Wakeup)
    if env.stopping is None:
        wakeup.event.clear()   # an earlier stop (REPL) must not cut this sleep short
    # (HostEnv.interrupt sets `stopping` before the event: checked after the clear, no stop is missed)
    if env.stopping is not None or wakeup.event.wait(ms / 1000):
        raise HostError(f"script stopped: {env.stopping or 'interrupted'}")


def get_env(env, name) -> str:
    """getEnv(name): a variable the run opened with --allow-env; "" when it is not set."""
    if not isinstance(name, str) or not name:
        raise HostError("getEnv: expected a variable name (a non-empty string)", "TypeError")
    check_env(env.options, name)
    return os.environ.get(name, "")


HOST_FUNCTIONS = {
    "sys.sleep": sleep,
    "sys.env": get_env,
    "log.write": log,
    "log.print": print_,
    "sys.config": config,
}
