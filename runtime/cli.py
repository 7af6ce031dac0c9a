"""The `xtkjs` command: a thin shell over the library.

Each subcommand lives in `runtime/commands/NAME.py` with `HELP`, `add_arguments(parser)` and
`main(args) -> int`; only the chosen one is imported, which keeps `xtkjs run` start-up small.
"""
from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "run": "run a workflow script",
    "transpile": "print the plain JavaScript an E4X script becomes",
    "repl": "interactive workflow JavaScript (default on a terminal)",
    "db": "inspect the stores: schemas, dump, sql",
    "sync": "move staged rows into the cloud store; request status",
    "test": "golden-output tests of workflow scripts",
    "serve": "Campaign-compatible SOAP router and ingestion REST API",
}


def _module(name: str):
    return importlib.import_module(f"runtime.commands.{name}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xtkjs",
        description="Run Adobe Campaign-style workflow JavaScript (E4X, xtk APIs) outside Campaign.",
    )
    parser.add_argument("--version", action="version", version=f"xtkjs {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == only:
            _module(name).add_arguments(p)
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("xtkjs")
    except Exception:  # noqa: BLE001 - running from a source tree
        return "dev"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    if command is None and not argv and sys.stdin.isatty() and sys.stdout.isatty():
        argv, command = ["repl"], "repl"
    known = command if command in COMMANDS else None
    parser = build_parser(known)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from runtime.errors import XtkjsError

    try:
        return int(_module(args.command).main(args) or 0)
    except XtkjsError as exc:  # a bad option found before the command started
        sys.stderr.write(f"xtkjs: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("xtkjs: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`xtkjs sync --status | head`): stop quietly, as Unix tools do.
        # Python would otherwise fail again flushing stdout at exit.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def entry() -> None:  # pragma: no cover - console script
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
