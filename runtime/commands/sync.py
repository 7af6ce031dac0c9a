"""`xtkjs sync`: apply staged rows to the cloud tables; `--status` shows ingestion requests."""
from __future__ import annotations

import json
import sys
import time

from runtime.options import add_store_arguments, options_from_args

HELP = "move staged rows into the cloud store; request status"


def add_arguments(p) -> None:
    p.add_argument("--schema", action="append", default=[], metavar="NS:NAME",
                   help="only this schema (base or staging id); repeatable; default: every staging schema")
    p.add_argument("--batch-size", type=int, default=10_000, metavar="N", help="rows per batch (default 10000)")
    p.add_argument("--watch", action="store_true", help="keep running, one sync every --interval seconds")
    p.add_argument("--interval", type=float, default=3600.0, metavar="S", help="seconds between --watch runs (default 3600)")
    p.add_argument("--status", nargs="?", const="", default=None, metavar="REQUEST_ID",
                   help="show ingestion requests (or one) instead of syncing")
    p.add_argument("--format", choices=("table", "json"), default="table", help="--status output format")
    add_store_arguments(p)


class _Progress:
    """A rich progress bar on a terminal (rows, rows/s, ETA); nothing otherwise."""

    def __init__(self, mapping: str) -> None:
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn,
                                   TextColumn, TimeRemainingColumn, TransferSpeedColumn)

        self._p = Progress(TextColumn(mapping), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                           TransferSpeedColumn(), TimeRemainingColumn(), transient=True)
        self._task = None
        self._p.start()

    def __call__(self, done: int, total: int) -> None:
        if self._task is None:
            self._task = self._p.add_task("sync", total=max(total, done))
        self._p.update(self._task, completed=done, total=max(total, done))

    def close(self) -> None:
        self._p.stop()


def _print_requests(reqs, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([r.as_api() for r in reqs], indent=2))
        return
    print(f"{'requestId':>9}  {'status':<11}  {'numRecords':>10}  {'mapping':<24}  info")
    for r in reqs:
        print(f"{r.request_id:>9}  {r.status:<11}  {r.num_records:>10}  {r.mapping:<24}  {r.info}")


def main(args) -> int:
    from runtime.errors import UsageError, XtkjsError
    from runtime.logs import RunLogger
    from runtime.run import report
    from runtime.sync import FAILED, get_request, list_requests, start_sync

    options = options_from_args(args)
    try:
        if args.status is not None:
            if args.status:
                if not args.status.isdigit():
                    raise UsageError(f"--status {args.status!r}: a request id is a number")
                req = get_request(options, int(args.status))
                if req is None:
                    raise UsageError(f"no ingestion request {args.status}")
                if args.format == "json":
                    print(json.dumps(req.as_api(), indent=2))
                else:
                    _print_requests([req], "table")
            else:
                _print_requests(list_requests(options), args.format)
            return 0
        if args.batch_size < 1:
            raise UsageError("--batch-size must be at least 1")
        factory = _Progress if sys.stderr.isatty() else None
        while True:
            reqs = start_sync(options, args.schema, args.batch_size, factory, skip_idle=args.watch)
            for r in reqs:
                if r.already_in_progress:
                    print(f"{r.mapping}: {r.info} (requestId {r.request_id})")
                else:
                    print(f"{r.mapping}: {r.status}, {r.num_records} record(s), requestId {r.request_id}")
            if not reqs and not args.watch:
                print("nothing to sync: no staging table has been written yet")
            if not args.watch:
                return 1 if any(r.status == FAILED for r in reqs) else 0
            sys.stdout.flush()
            time.sleep(args.interval)
    except XtkjsError as exc:
        return report(exc, RunLogger())
