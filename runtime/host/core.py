"""Core host functions: logging and the run's configuration."""
from __future__ import annotations

from runtime.errors import HostError

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


HOST_FUNCTIONS = {
    "log.write": log,
    "log.print": print_,
    "sys.config": config,
}
