"""`xtkjs repl`: interactive workflow JavaScript (the default of a bare `xtkjs` on a terminal).

The REPL itself is runtime/repl/ (docs/repl.md). Piped (non-terminal) input is run statement by
statement without prompts or echo; the exit code is then 1 if any statement failed.
"""
from __future__ import annotations

from runtime.options import (add_host_arguments, add_limit_arguments, add_log_arguments, add_store_arguments,
                             options_from_args)

HELP = "interactive workflow JavaScript (default on a terminal)"


def add_arguments(p) -> None:
    add_limit_arguments(p)
    # Interactive statements have no time limit unless asked (Ctrl-C stops them); piped input
    # keeps the default of `xtkjs run`.
    p.set_defaults(timeout=None)
    for action in p._actions:  # noqa: SLF001 - the shared option's help names run's default
        if action.dest == "timeout":
            action.help = ("wall-clock limit per statement in seconds, 0 for none "
                           "(default: none on a terminal, 60 for piped input)")
    add_store_arguments(p)
    add_host_arguments(p)
    add_log_arguments(p)
    p.add_argument("--no-color", action="store_true", help="no colours (also env NO_COLOR)")


def main(args) -> int:
    import os
    import sys

    from runtime.errors import XtkjsError
    from runtime.logs import RunLogger
    from runtime.run import report

    options = options_from_args(args)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if args.timeout is None and interactive:
        options.timeout = None
    color = (interactive and not args.no_color and not os.environ.get("NO_COLOR")
             and os.environ.get("TERM", "") != "dumb")
    from runtime.repl.session import ReplSession, run_piped

    try:
        session = ReplSession(options, echo=interactive, color=color,
                              filename="<repl>" if interactive else "<stdin>")
    except XtkjsError as exc:
        return report(exc, RunLogger(), options.debug)
    try:
        if interactive:
            from runtime.repl.terminal import run_terminal

            return run_terminal(session)
        return run_piped(session, sys.stdin)
    finally:
        session.close()
