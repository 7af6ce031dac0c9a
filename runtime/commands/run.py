"""`xtkjs run FILE`: run a workflow script."""
from __future__ import annotations

from runtime.errors import UsageError
from runtime.options import (add_host_arguments, add_limit_arguments, add_log_arguments, add_store_arguments,
                             options_from_args)

HELP = "run a workflow script"


def parse_var(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"--var {text!r}: expected NAME=VALUE")
    if not name.isidentifier():
        raise UsageError(f"--var {text!r}: {name!r} is not a valid variable name")
    return name, value


def add_arguments(p) -> None:
    p.add_argument("file", metavar="FILE", help="the script (.js, UTF-8)")
    p.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                   help="set vars.NAME for the script; repeatable")
    p.add_argument("--atomic", action="store_true",
                   help="roll back every write of the run if the script fails")
    add_limit_arguments(p)
    add_store_arguments(p)
    add_host_arguments(p)
    add_log_arguments(p)


def main(args) -> int:
    from runtime.logs import RunLogger
    from runtime.run import report, run_file

    options = options_from_args(args)
    try:
        options.vars = dict(parse_var(v) for v in args.var)
    except UsageError as exc:
        return report(exc, RunLogger())
    return run_file(args.file, options)
