"""Run options shared by every command (`run`, `repl`, `test`, `db`, `sync`, `serve`).

One dataclass; the CLI fills it from flags and environment variables, library users build it
directly. Store-related fields are read by the staging layer (runtime/xtk/).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_MEMORY_MB = 512


@dataclass
class RunOptions:
    timeout: float | None = DEFAULT_TIMEOUT_S       # wall clock per run, seconds; None = no limit
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB      # V8 heap limit
    vars: dict[str, str] = field(default_factory=dict)   # `vars.NAME` in scripts
    verbose: bool = False                           # show logVerbose
    debug: bool = False                             # tracebacks and JS stacks on errors
    log_format: str = "text"                        # "text" or "json"
    # Stores and schemas (see runtime/xtk/):
    home: Path = field(default_factory=lambda: Path(os.environ.get("XTKJS_HOME", ".xtkjs")))
    db: str | None = None                           # local (staging) store URL; None = SQLite in home
    cloud_db: str | None = None                     # cloud store URL; None = SQLite in home
    schema_dirs: list[Path] = field(default_factory=list)
    atomic: bool = False                            # roll the whole run back on failure
    # Deterministic mode (golden tests): seeded UUIDs and a frozen clock.
    uuid_seed: int | None = None
    now: str | None = None                          # ISO 8601 timestamp
    operator: str = "admin"                         # application.operator.login
    # Host access, all off or confined by default (runtime/host/permissions.py):
    lib_dirs: list[Path] = field(default_factory=list)   # loadLibrary folders (--lib)
    files_root: Path | None = None                  # loadFile/saveFile/File root (--files); None = cwd
    allow_http: list[str] = field(default_factory=list)  # HOST or HOST:PORT opened to HttpClientRequest
    allow_exec: bool = False                        # execCommand
    allow_env: list[str] = field(default_factory=list)   # environment variables getEnv may read
    transitions: list[str] = field(default_factory=lambda: ["ok"])  # the activity's outbound transitions


def add_limit_arguments(parser) -> None:
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S",
                        help=f"wall-clock limit per script in seconds, 0 for none (default {DEFAULT_TIMEOUT_S:g})")
    parser.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                        help=f"JavaScript heap limit in MB (default {DEFAULT_MAX_MEMORY_MB})")


def add_store_arguments(parser) -> None:
    parser.add_argument("--home", type=Path, default=None, metavar="DIR",
                        help="project folder for the embedded SQLite stores (env XTKJS_HOME, default ./.xtkjs)")
    parser.add_argument("--db", default=None, metavar="URL",
                        help="local (staging) store, any SQLAlchemy URL (env XTKJS_DB)")
    parser.add_argument("--cloud-db", default=None, metavar="URL",
                        help="cloud store, any SQLAlchemy URL (env XTKJS_CLOUD_DB)")
    parser.add_argument("--schemas", action="append", type=Path, default=[], metavar="DIR",
                        help="folder of srcSchema XML files; repeatable (env XTKJS_SCHEMAS, ./schemas when present)")


def add_log_arguments(parser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="show logVerbose output")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks and JS stacks on errors")
    parser.add_argument("--log-format", choices=("text", "json"), default="text",
                        help="text (default) or one JSON object per log line")


def add_host_arguments(parser) -> None:
    """Libraries, files, HTTP, processes and transitions: for every command that runs scripts."""
    parser.add_argument("--lib", action="append", type=Path, default=[], metavar="DIR",
                        help="folder of loadLibrary() libraries; repeatable "
                             "(env XTKJS_LIB, ./lib when present)")
    parser.add_argument("--files", type=Path, default=None, metavar="DIR",
                        help="root of loadFile/saveFile/File (default: the current folder)")
    parser.add_argument("--allow-http", action="append", default=[], metavar="HOST[:PORT]",
                        help="let HttpClientRequest reach this host (any port unless given); repeatable")
    parser.add_argument("--allow-exec", action="store_true", help="let execCommand run commands")
    parser.add_argument("--allow-env", action="append", default=[], metavar="NAME",
                        help="let getEnv read this environment variable; repeatable")
    parser.add_argument("--transition", action="append", default=[], metavar="NAME",
                        help="an outbound transition of the activity (default: ok); repeatable")


def _folders(given, env_name: str, default: str) -> list[Path]:
    """Folders from a repeatable flag, then the environment variable (os.pathsep-separated);
    the default folder when neither names one and it exists."""
    dirs = list(given or [])
    env_dirs = os.environ.get(env_name)
    if env_dirs:
        dirs += [Path(d) for d in env_dirs.split(os.pathsep) if d]
    if not dirs and Path(default).is_dir():
        dirs.append(Path(default))
    return dirs


def options_from_args(args) -> RunOptions:
    """Build RunOptions from parsed arguments, falling back to environment variables."""
    opts = RunOptions()
    if getattr(args, "timeout", None) is not None:
        opts.timeout = args.timeout if args.timeout > 0 else None
    if getattr(args, "max_memory", None) is not None:
        opts.max_memory_mb = args.max_memory
    opts.verbose = getattr(args, "verbose", False)
    opts.debug = getattr(args, "debug", False)
    opts.log_format = getattr(args, "log_format", "text") or "text"
    if getattr(args, "home", None) is not None:
        opts.home = args.home
    opts.db = getattr(args, "db", None) or os.environ.get("XTKJS_DB") or None
    opts.cloud_db = getattr(args, "cloud_db", None) or os.environ.get("XTKJS_CLOUD_DB") or None
    opts.schema_dirs = _folders(getattr(args, "schemas", None), "XTKJS_SCHEMAS", "schemas")
    opts.atomic = getattr(args, "atomic", False)
    opts.lib_dirs = _folders(getattr(args, "lib", None), "XTKJS_LIB", "lib")
    opts.files_root = getattr(args, "files", None)
    opts.allow_http = list(getattr(args, "allow_http", None) or [])
    opts.allow_exec = bool(getattr(args, "allow_exec", False))
    opts.allow_env = list(getattr(args, "allow_env", None) or [])
    if getattr(args, "transition", None):
        opts.transitions = list(args.transition)
    check_options(opts)
    return opts


def check_options(opts: RunOptions) -> None:
    """Refuse, before a script starts, options that would only fail at its first data call:
    a schema folder that is not there, a database URL no installed driver can open (UsageError,
    exit 2)."""
    from runtime.errors import UsageError

    for d in opts.schema_dirs:
        if not Path(d).is_dir():
            raise UsageError(f"--schemas {d}: no such folder")
    for flag, url in (("--db", opts.db), ("--cloud-db", opts.cloud_db)):
        if url:
            check_database_url(flag, url)


def check_database_url(flag: str, url: str) -> None:
    """A URL SQLAlchemy can parse, for a dialect and driver that are installed."""
    from runtime.errors import UsageError

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        u = make_url(url)
    except ArgumentError:
        raise UsageError(f"{flag} {url!r}: not a database URL (e.g. postgresql://user@host/db, "
                         "sqlite:///path/to/file.db)") from None
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    try:
        dialect = u.get_dialect()
        dialect.import_dbapi() if hasattr(dialect, "import_dbapi") else dialect.dbapi()
    except NoSuchModuleError:
        raise UsageError(f"{flag}: unknown database kind {u.drivername!r} "
                         "(PostgreSQL and SQLite are supported)") from None
    except ImportError as exc:
        raise UsageError(f"{flag}: the driver for {u.drivername!r} is not installed "
                         f"({exc.name or exc}); PostgreSQL and SQLite are supported") from None
