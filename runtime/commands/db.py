"""`xtkjs db`: inspect the stores.

  xtkjs db schemas                                  loaded schemas and their tables
  xtkjs db dump SCHEMA [--store local|cloud] [--format json|table]
  xtkjs db sql "SELECT …" [--store local|cloud] [--format json|table]
"""
from __future__ import annotations

import json
import sys

from runtime.options import add_store_arguments, options_from_args

HELP = "inspect the stores: schemas, dump, sql"


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="db_command", metavar="ACTION")
    s = sub.add_parser("schemas", help="list the loaded schemas and their tables")
    add_store_arguments(s)
    d = sub.add_parser("dump", help="print a schema's records (keyed by attribute name)")
    d.add_argument("schema", metavar="SCHEMA", help="schema name, e.g. dem:sampleTableStg")
    d.add_argument("--store", choices=("local", "cloud"), default=None,
                   help="the schema's home store (the default); naming the other one is an error")
    d.add_argument("--format", choices=("json", "table"), default="json",
                   help="json (default): one array of objects sorted by key; table: aligned columns")
    add_store_arguments(d)
    q = sub.add_parser("sql", help="run one SQL statement for inspection and print its rows")
    q.add_argument("query", metavar="SQL")
    q.add_argument("--store", choices=("local", "cloud"), default=None,
                   help="default: the store of the schema tables the statement names (local if none)")
    q.add_argument("--format", choices=("json", "table"), default="table")
    add_store_arguments(q)
    p.set_defaults(db_parser=p)


def main(args) -> int:
    from runtime.errors import XtkjsError
    from runtime.logs import RunLogger
    from runtime.run import report

    if not getattr(args, "db_command", None):
        args.db_parser.print_help()
        return 2
    options = options_from_args(args)
    try:
        if args.db_command == "schemas":
            from runtime.xtk.dbtools import schemas_rows

            _print_table(*schemas_rows(options))
            return 0
        from runtime.xtk.dbtools import dump_records, run_sql

        if args.db_command == "dump":
            records = dump_records(options, args.schema, args.store)
            if args.format == "json":
                sys.stdout.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
            else:
                cols = list(dict.fromkeys(k for r in records for k in r))
                _print_table(cols, [[r.get(c) for c in cols] for r in records])
            return 0
        cols, rows = run_sql(options, args.query, args.store)
        if args.format == "json":
            sys.stdout.write(json.dumps([dict(zip(cols, r)) for r in rows], indent=2,
                                        ensure_ascii=False, default=str) + "\n")
        else:
            _print_table(cols, rows)
        return 0
    except XtkjsError as exc:
        return report(exc, RunLogger(), options.debug)


def _print_table(cols: list[str], rows: list) -> None:
    def cell(v) -> str:
        return "" if v is None else str(v)

    texts = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(t[i]) for t in texts]) for i, c in enumerate(cols)]
    out = sys.stdout
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for t in texts:
        out.write("  ".join(v.ljust(w) for v, w in zip(t, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
