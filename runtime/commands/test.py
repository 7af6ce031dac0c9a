"""`xtkjs test [PATH...]`: golden-output tests of workflow scripts (docs/golden.md)."""
from __future__ import annotations

from pathlib import Path

HELP = "golden-output tests of workflow scripts"

EXIT_NO_TESTS = 5


def add_arguments(p) -> None:
    from runtime.golden.runner import DEFAULT_NOW, DEFAULT_TIMEOUT

    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="scripts (.js) or folders searched for .js files with a .golden beside them "
                        "(default: ./scripts)")
    p.add_argument("--update", action="store_true",
                   help="rewrite the golden files from the actual output (creates missing ones for named scripts)")
    p.add_argument("-k", dest="pattern", metavar="PATTERN",
                   help="only scripts whose path contains PATTERN (or matches it as a glob)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="run N scripts in parallel (default 1)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S",
                   help=f"wall-clock limit per script in seconds, 0 for none (default {DEFAULT_TIMEOUT:g}; "
                        "a golden's 'timeout:' overrides it)")
    p.add_argument("--db", metavar="URL", default=None,
                   help="PostgreSQL server for the stores: a fresh schema per test, dropped after "
                        "(default: temporary SQLite files)")
    p.add_argument("--now", metavar="ISO", default=None,
                   help=f"the frozen clock, ISO 8601 (default {DEFAULT_NOW}; a golden's 'now:' overrides it)")
    p.add_argument("--schemas", action="append", type=Path, default=[], metavar="DIR",
                   help="folder of srcSchema XML files for every script; repeatable (env XTKJS_SCHEMAS); "
                        "a golden's 'schemas:' adds its own")
    p.add_argument("--lib", action="append", default=[], metavar="DIR",
                   help="library folder for every test (besides lib/ beside each script and a golden's 'lib:')")
    p.add_argument("--files", action="append", default=[], metavar="DIR",
                   help="folder copied into every test's fresh files root (besides a golden's 'files:')")
    p.add_argument("--allow-http", action="append", default=[], metavar="HOST[:PORT]",
                   help="let HttpClientRequest reach this host in every test")
    p.add_argument("--allow-exec", action="store_true", help="let execCommand run commands in every test")
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")


def main(args) -> int:
    import os
    import sys
    import time

    from runtime.errors import UsageError
    from runtime.golden import format as F
    from runtime.golden.runner import DEFAULT_NOW, Settings
    from runtime.golden.suite import discover, run_all, summary
    from runtime.logs import RunLogger
    from runtime.run import report

    out = sys.stdout
    try:
        if args.jobs < 1:
            raise UsageError(f"--jobs {args.jobs}: expected a number of processes >= 1")
        if args.timeout < 0:
            raise UsageError(f"--timeout {args.timeout:g}: expected seconds >= 0 (0 for no limit)")
        now = F.parse_now(args.now) if args.now is not None else DEFAULT_NOW
        db = args.db
        if db and not db.split(":", 1)[0].startswith("postgres"):
            raise UsageError(f"--db {db!r}: expected a PostgreSQL URL "
                             "(postgresql://… or postgresql+psycopg://…); the default is temporary SQLite")
        schema_dirs = list(args.schemas)
        env_dirs = os.environ.get("XTKJS_SCHEMAS")
        if env_dirs:
            schema_dirs += [Path(d) for d in env_dirs.split(os.pathsep) if d]
        for d in schema_dirs:
            if not d.is_dir():
                raise UsageError(f"--schemas {d}: no such folder")
        schema_dirs = [d.resolve() for d in schema_dirs]
        paths = list(args.paths)
        if not paths:
            if not Path("scripts").is_dir():
                raise UsageError("no PATH given and no ./scripts folder: name the scripts or folders to test")
            paths = ["scripts"]
        scripts = discover(paths, args.pattern)
    except UsageError as exc:
        return report(exc, RunLogger())
    if not scripts:
        what = f" matching -k {args.pattern!r}" if args.pattern else ""
        out.write(f"no golden tests{what} in {', '.join(paths)} "
                  "(a test is a .js script with a .golden file beside it)\n")
        return EXIT_NO_TESTS
    settings = Settings(timeout=args.timeout, now=now, db=db, update=args.update, schema_dirs=schema_dirs,
                        libs=args.lib, files=args.files, allow_http=args.allow_http,
                        allow_exec=args.allow_exec)
    started = time.monotonic()
    failures = []

    def show(res) -> None:
        if not res.ok:
            failures.append(res)
        if args.quiet and res.ok:
            return
        tag = {"passed": "ok", "updated": "UPDATED", "failed": "FAIL", "error": "ERROR"}[res.status]
        extra = f"  ({res.message})" if res.status == "updated" else ""
        out.write(f"{tag:<8}{res.script}  {res.duration:.2f}s{extra}\n")
        out.flush()

    try:
        results = run_all(scripts, settings, args.jobs, show)
    except KeyboardInterrupt:
        out.write("xtkjs test: interrupted\n")
        return 130
    if failures:
        out.write("\n")
        for res in failures:
            out.write(f"{'=' * 20} {res.script} {'=' * 20}\n{res.report()}\n")
    out.write(summary(results, time.monotonic() - started) + "\n")
    return 0 if not failures else 1
