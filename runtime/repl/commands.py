"""The REPL's dot-commands (`.help`, `.load FILE`, `.dump SCHEMA`…).

Each takes the session and the text after the command name, prints to the session's streams and
returns True on success. An error is one line on stderr (`session.command_error`) and never ends
the session.
"""
from __future__ import annotations

import json
import shlex
from pathlib import Path

from runtime.errors import XtkjsError

KEYS_HELP = """\
Keys:
  Enter            run the input when it is a complete statement, else start a new line
  Esc Enter        run the input as it is (Alt+Enter on most terminals)
  Tab              complete globals, properties (xtk.ses -> xtk.session), schema names in
                   xtkschema="…", dot-commands and file names; at the start of a line: indent
  Up / Down        history (kept in the history file) or move between the lines of an input
  Ctrl-C           stop a running statement (earlier definitions stay); at the prompt: clear the input
  Ctrl-D           leave (on an empty input)
  Ctrl-R           search the history
"""


def cmd_help(session, arg: str) -> bool:
    width = max(len(usage) for usage, _ in COMMANDS.values())
    lines = ["Commands:"]
    for usage, text in COMMANDS.values():
        lines.append(f"  {usage.ljust(width)}  {text}")
    session.out.write("\n".join(lines) + "\n\n" + KEYS_HELP +
                      "\nThe last result is in _. Piped input runs without prompts or echo.\n")
    return True


def cmd_exit(session, arg: str) -> bool:
    session.exit_requested = True
    return True


def cmd_clear(session, arg: str) -> bool:
    session.reset()
    session.out.write("Context cleared: a fresh context; earlier definitions are gone.\n")
    return True


def cmd_load(session, arg: str) -> bool:
    from runtime.errors import UsageError
    from runtime.run import read_script

    name = _one_path(arg)
    if not name:
        return session.command_error(".load: which file? usage: .load FILE")
    try:
        script = read_script(name)
    except UsageError as exc:
        return session.command_error(f".load: {exc}")
    for warning in script.warnings:
        session.err.write(f"WARNING: {warning}\n")
    if not script.text.strip():
        return True
    ok = session.evaluate(script.text, filename=name, echo=False)
    return ok


def cmd_save(session, arg: str) -> bool:
    name = _one_path(arg)
    if not name:
        return session.command_error(".save: where? usage: .save FILE")
    text = "".join(e.rstrip("\n") + "\n" for e in session.entries)
    path = Path(name).expanduser()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        return session.command_error(f".save: cannot write {name}: {exc.strerror or exc}")
    n = len(session.entries)
    session.out.write(f"Saved {n} statement{'s' if n != 1 else ''} to {name}\n")
    return True


def cmd_schemas(session, arg: str) -> bool:
    from runtime.xtk.dbtools import schemas_rows

    session._schema_ids = None  # noqa: SLF001 - re-read the folders (a schema may have been added)
    try:
        cols, rows = schemas_rows(session.options)
    except XtkjsError as exc:
        return session.command_error(f".schemas: {exc}")
    session.out.write(format_table(cols, rows))
    return True


def _store_flag(words: list[str], command: str) -> tuple[str | None, list[str]]:
    store = None   # the schema's home store
    rest = []
    for w in words:
        if w == "--cloud":
            store = "cloud"
        elif w == "--local":
            store = "local"
        else:
            rest.append(w)
    return store, rest


def cmd_dump(session, arg: str) -> bool:
    from runtime.xtk.dbtools import dump_records
    from runtime.xtk.schema import registry_for

    store, words = _store_flag(arg.split(), ".dump")
    if len(words) != 1:
        return session.command_error(".dump: usage: .dump SCHEMA [--cloud]  (e.g. .dump dem:sampleTableStg)")
    try:
        registry_for(session.options).get(words[0], ".dump")
        records = dump_records(session.options, words[0], store)
    except XtkjsError as exc:
        return session.command_error(f".dump: {exc}")
    text = json.dumps(records, indent=2, ensure_ascii=False, default=str)
    if session.color:
        from runtime.repl.highlight import color_json

        text = color_json(text)
    session.out.write(text + "\n")
    return True


def cmd_sql(session, arg: str) -> bool:
    from runtime.xtk.dbtools import run_sql

    store = None   # where the schema tables the statement names live (as sqlExec does)
    query = arg.strip()
    for flag in ("--cloud", "--local"):
        if query.startswith(flag + " ") or query == flag:
            store, query = flag[2:], query[len(flag):].strip()
    if not query:
        return session.command_error(".sql: usage: .sql [--cloud] QUERY  (e.g. .sql SELECT count(*) FROM DemSampleTableStg)")
    try:
        cols, rows = run_sql(session.options, query, store)
    except XtkjsError as exc:
        message = str(exc)
        return session.command_error(message if message.startswith("db sql") else f".sql: {message}")
    session.out.write(format_table(cols, rows))
    return True


def cmd_sync(session, arg: str) -> bool:
    try:
        from runtime.sync import DEFAULT_BATCH_SIZE, FAILED, start_sync
    except ImportError as exc:
        return session.command_error(f".sync: the sync job is not available: {exc}")
    schemas = arg.split()
    try:
        reqs = start_sync(session.options, schemas, DEFAULT_BATCH_SIZE)
    except XtkjsError as exc:
        return session.command_error(f".sync: {exc}")
    failed = False
    for r in reqs:
        if getattr(r, "already_in_progress", False):
            session.out.write(f"{r.mapping}: {r.info} (requestId {r.request_id})\n")
        else:
            session.out.write(f"{r.mapping}: {r.status}, {r.num_records} record(s), requestId {r.request_id}\n")
            if r.status == FAILED:
                failed = True
                if r.info:
                    session.err.write(f"{r.mapping}: {r.info}\n")
    if not reqs:
        session.out.write("nothing to sync: no staging table has been written yet\n")
    if failed:
        session.errors += 1
    return not failed


COMMANDS = {
    "help": (".help", "show this help"),
    "load": (".load FILE", "run a script file in this context (its definitions stay)"),
    "save": (".save FILE", "write the statements entered in this session to FILE"),
    "schemas": (".schemas", "list the loaded schemas and their tables"),
    "dump": (".dump SCHEMA [--cloud]", "print a schema's records as JSON (local store, or the cloud store)"),
    "sql": (".sql [--cloud] QUERY", "run one SQL statement on the local (or cloud) store, print its rows"),
    "sync": (".sync [SCHEMA...]", "move staged rows into the cloud store (like `xtkjs sync`)"),
    "clear": (".clear", "start over in a fresh context (earlier definitions are gone)"),
    "exit": (".exit", "leave the REPL (also Ctrl-D)"),
}

HANDLERS = {"help": cmd_help, "load": cmd_load, "save": cmd_save, "schemas": cmd_schemas,
            "dump": cmd_dump, "sql": cmd_sql, "sync": cmd_sync, "clear": cmd_clear, "exit": cmd_exit}


def run_command(session, line: str) -> bool:
    """Run one dot-command line (`.name args`)."""
    name, _, arg = line.strip()[1:].partition(" ")
    name = name.strip()
    handler = HANDLERS.get(name)
    if handler is None:
        return session.command_error(f"unknown command '.{name}'; type .help for the list of commands")
    try:
        return handler(session, arg.strip())
    except KeyboardInterrupt:
        return session.command_error(f".{name}: interrupted")
    except Exception as exc:  # noqa: BLE001 - never end the session
        if session.options.debug:
            import traceback

            session.err.write("".join(traceback.format_exception(exc)))
        return session.command_error(f".{name}: internal error: {type(exc).__name__}: {exc}")


def _one_path(arg: str) -> str:
    arg = arg.strip()
    if not arg:
        return ""
    try:
        words = shlex.split(arg)
    except ValueError:
        return arg
    return words[0] if len(words) == 1 else arg


def format_table(cols: list[str], rows: list) -> str:
    """Aligned columns and a row count, as `xtkjs db` prints them."""
    def cell(v) -> str:
        return "" if v is None else str(v)

    texts = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(t[i]) for t in texts]) for i, c in enumerate(cols)]
    out = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    for t in texts:
        out.append("  ".join(v.ljust(w) for v, w in zip(t, widths)).rstrip())
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
