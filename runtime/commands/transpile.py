"""`xtkjs transpile FILE`: print the plain JavaScript an E4X script becomes (same line numbers)."""
from __future__ import annotations

import sys

HELP = "print the plain JavaScript an E4X script becomes"


def add_arguments(p) -> None:
    p.add_argument("file", metavar="FILE", help="the script (.js, UTF-8)")


def main(args) -> int:
    from runtime.errors import ScriptError, UsageError
    from runtime.logs import RunLogger
    from runtime.run import read_script, report, transpile

    logger = RunLogger()
    try:
        script = read_script(args.file)
        sys.stdout.write(transpile(script.text, args.file))
    except (UsageError, ScriptError) as exc:
        return report(exc, logger)
    return 0
