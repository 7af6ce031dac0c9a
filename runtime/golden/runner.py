"""Run one script in deterministic mode, in a fresh store, and check it against its golden.

    from runtime.golden.runner import Settings, check_script
    result = check_script("scripts/hello.js", Settings(timeout=30))
    result.status      # "passed" | "failed" | "updated" | "error"
    result.diffs       # unified diffs, one per mismatching section

Deterministic mode: UUIDs from a seeded sequence (`uuid-seed`, default DEFAULT_SEED), a frozen
clock (`now`, default DEFAULT_NOW; staging `_created` and JavaScript `Date`), records in a stable
order (runtime/golden/snapshot.py). Every run gets its own store: a temporary folder of SQLite
files, or with `Settings.db` (a PostgreSQL URL) two fresh schemas (local, cloud), dropped after.
"""
from __future__ import annotations

import difflib
import io
import os
import shutil
import tempfile
import time
import uuid as uuidlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from runtime.golden import format as F

DEFAULT_NOW = "2024-01-01T12:00:00Z"
DEFAULT_SEED = 7
DEFAULT_TIMEOUT = 30.0
EXIT_TIMEOUT = 124


@dataclass
class Settings:
    """Run-wide settings (the command line); a golden's `config` overrides timeout and now."""
    timeout: float = DEFAULT_TIMEOUT     # 0 = no limit
    now: str = DEFAULT_NOW
    db: str | None = None                # PostgreSQL base URL: fresh schemas per test
    update: bool = False
    schema_dirs: list[Path] = field(default_factory=list)  # --schemas: for every script
    libs: list[str] = field(default_factory=list)        # --lib: extra library folders
    files: list[str] = field(default_factory=list)       # --files: copied into every files root
    allow_http: list[str] = field(default_factory=list)
    allow_exec: bool = False


@dataclass
class Actual:
    exit: int
    sections: dict[str, str]            # output sections (exit included), normalised
    timed_out: bool = False
    timeout: float | None = None


@dataclass
class Result:
    script: str
    status: str                          # passed, failed, updated, error
    message: str = ""                    # one line: why it failed / what was done
    diffs: list[str] = field(default_factory=list)
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("passed", "updated")

    def report(self) -> str:
        """What a failure prints: the reason, then each section's diff."""
        head = f"{self.script}: {self.message}" if self.message else self.script
        return head + "\n" + "".join(self.diffs)


def golden_path(script: str | Path) -> Path:
    return Path(script).with_suffix(".golden")


# --- fresh stores -------------------------------------------------------------------------
def _pg_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def _admin_url(base: str) -> str:
    if base.startswith("postgresql:") or base.startswith("postgres:"):
        return "postgresql+psycopg:" + base.split(":", 1)[1]
    return base


@contextmanager
def fresh_stores(db: str | None):
    """(home, local URL or None, cloud URL or None, {text: placeholder}) for one run."""
    home = Path(tempfile.mkdtemp(prefix="xtkjs-test-"))
    urls: list[str] = []
    schemas: list[str] = []
    admin = None
    try:
        replace = {str(home): "<home>"}
        if db:
            from sqlalchemy import create_engine, text

            admin = create_engine(_admin_url(db))
            tag = uuidlib.uuid4().hex[:12]
            for role in ("local", "cloud"):
                name = f"xtkjs_test_{tag}_{role}"
                with admin.begin() as c:
                    c.execute(text(f"CREATE SCHEMA {name}"))
                schemas.append(name)
                urls.append(_pg_url(db, name))
                replace[name] = f"<{role}-schema>"
            yield home, urls[0], urls[1], replace
        else:
            yield home, None, None, replace
    finally:
        from runtime.xtk.store import dispose_engines

        dispose_engines(urls or [f"sqlite:///{home / 'local.db'}", f"sqlite:///{home / 'cloud.db'}"])
        if admin is not None:
            try:
                from sqlalchemy import text

                with admin.begin() as c:
                    for name in schemas:
                        c.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            finally:
                admin.dispose()
        shutil.rmtree(home, ignore_errors=True)


# --- one run ------------------------------------------------------------------------------
def run_script(script: str | Path, config: F.Config, settings: Settings) -> Actual:
    """Run the script as `xtkjs run` would, deterministic, in fresh stores; its outputs."""
    from runtime.errors import UsageError
    from runtime.logs import RunLogger
    from runtime.options import RunOptions
    from runtime.run import EXIT_BY_KIND, read_script, report, run_source

    script = Path(script)
    name = script.name
    timeout = config.timeout if config.timeout is not None else settings.timeout
    out, err = io.StringIO(), io.StringIO()
    with fresh_stores(settings.db) as (home, local, cloud, replace):
        opts = RunOptions(
            timeout=timeout if timeout and timeout > 0 else None,
            home=home, db=local, cloud_db=cloud,
            schema_dirs=list(settings.schema_dirs) + [(script.parent / d) for d in config.schemas],
            atomic=config.atomic, verbose=config.verbose,
            vars=dict(config.vars),
            uuid_seed=config.uuid_seed if config.uuid_seed is not None else DEFAULT_SEED,
            now=config.now or settings.now,
        )
        if config.max_memory:
            opts.max_memory_mb = config.max_memory
        _host_options(opts, script, config, settings, home)
        logger = RunLogger(out, err, verbose=opts.verbose, fmt="text")
        try:
            src = read_script(script)
        except UsageError as exc:
            code = report(exc, logger)
        else:
            for w in src.warnings:
                logger.log("warning", w.replace(str(script), name))
            code = run_source(src.text, name, opts, logger)
        if config.sync:
            code = _sync(opts, logger, code)
        sections = {"exit": f"{code}\n", "stdout": out.getvalue(), "stderr": err.getvalue()}
        try:
            from runtime.golden.snapshot import snapshot

            sections.update(snapshot(opts))
        except Exception as exc:  # noqa: BLE001 - reported in the output, not a crash
            sections["stderr"] += f"xtkjs test: cannot read the stores after the run: {exc}\n"
    # paths under the script's folder (library files) as the script sees them, wherever the run is
    if script.parent != Path("."):
        replace[str(script.parent) + os.sep] = ""
    for k, v in list(sections.items()):
        for text, placeholder in replace.items():
            v = v.replace(text, placeholder)
        sections[k] = v
    return Actual(exit=code, sections=sections, timed_out=code == EXIT_BY_KIND["timeout"],
                  timeout=opts.timeout)


def _host_options(opts, script: Path, config: F.Config, settings: Settings, home: Path) -> None:
    """Libraries, a fresh files root (seeded from `files:` folders), HTTP hosts, exec."""
    from runtime.errors import UsageError

    libs = [script.parent / d for d in config.libs] + [Path(d) for d in settings.libs]
    if not config.libs and (script.parent / "lib").is_dir():
        libs.insert(0, script.parent / "lib")
    opts.lib_dirs = libs
    root = home / "files"
    root.mkdir()
    for seed in [Path(d) for d in settings.files] + [script.parent / d for d in config.files]:
        if not seed.is_dir():
            raise UsageError(f"{script}: files folder {seed} does not exist")
        shutil.copytree(seed, root, dirs_exist_ok=True, symlinks=True)
    opts.files_root = root
    opts.allow_http = list(config.allow_http) + list(settings.allow_http)
    opts.allow_exec = config.allow_exec or settings.allow_exec
    if config.transitions:
        opts.transitions = list(config.transitions)


def _sync(opts, logger, code: int) -> int:
    """`config: sync: true`: the sync job after the script; failures go to stderr."""
    from runtime.run import report

    try:
        from runtime.sync import FAILED, start_sync
    except ImportError as exc:
        logger.err.write(f"xtkjs test: the sync job is not available: {exc}\n")
        return code or 1
    try:
        for req in start_sync(opts):
            if req.status == FAILED:
                logger.err.write(f"sync: {req.mapping}: {req.status}: {req.info}\n")
                code = code or 1
    except BaseException as exc:  # noqa: BLE001
        c = report(exc, logger)
        code = code or c
    return code


# --- compare and update -------------------------------------------------------------------
def _lines(text: str | None) -> list[str]:
    if not text:
        return []
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    return out + [parts[-1]] if parts[-1] else out


def diff_section(name: str, expected: str | None, actual: str | None) -> str:
    exp, act = _lines(expected), _lines(actual)
    # Show a missing final newline the way the golden file does.
    for lines in (exp, act):
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n" + F.NO_EOL + "\n"
    if expected is None:
        head = f"section '{name}' is not in the golden file\n"
    elif actual is None:
        head = f"section '{name}' is in the golden file but not in the actual output\n"
    else:
        head = f"section '{name}' differs\n"
    body = "".join(difflib.unified_diff(exp, act, fromfile=f"golden: {name}", tofile=f"actual: {name}",
                                        n=3))
    return head + body


def compare(golden: F.Golden, actual: Actual) -> list[str]:
    diffs = []
    names = sorted(set(golden.outputs) | set(actual.sections), key=F.section_order)
    for name in names:
        exp, act = golden.outputs.get(name), actual.sections.get(name)
        if exp != act:
            diffs.append(diff_section(name, exp, act))
    return diffs


def normalise(golden: F.Golden, actual: Actual) -> None:
    for k in list(actual.sections):
        if k != "exit":
            actual.sections[k] = golden.normalize(actual.sections[k])


def check_script(script: str | Path, settings: Settings) -> Result:
    """Run one script and compare with (or with settings.update, rewrite) its golden file."""
    from runtime.errors import XtkjsError

    started = time.monotonic()
    script = Path(script)
    shown = str(script)
    gpath = golden_path(script)

    def done(status: str, message: str = "", diffs=None) -> Result:
        return Result(shown, status, message, diffs or [], time.monotonic() - started)

    try:
        if gpath.exists():
            golden = F.parse(gpath.read_text(encoding="utf-8"), gpath)
        elif settings.update:
            golden = F.Golden(path=gpath)
        else:
            return done("error", f"no golden file {gpath} (create it with: xtkjs test --update {shown})")
    except (XtkjsError, UnicodeDecodeError, OSError) as exc:
        return done("error", f"malformed golden file: {exc}")
    try:
        actual = run_script(script, golden.config, settings)
    except XtkjsError as exc:
        return done("error", str(exc))
    normalise(golden, actual)
    if settings.update:
        before = gpath.read_text(encoding="utf-8") if gpath.exists() else None
        golden.outputs = dict(actual.sections)
        text = F.render(golden, shown)
        if text == before:
            return done("passed", "unchanged")
        tmp = gpath.with_name(gpath.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, gpath)
        message = f"{'created' if before is None else 'updated'} {gpath}"
        if actual.exit != 0:
            # a failing run recorded as the expected output must not pass unnoticed
            message += (f"; WARNING: the recorded run failed (exit {actual.exit}): check its "
                        "stderr section is the failure you mean to test")
        return done("updated", message)
    diffs = compare(golden, actual)
    if not diffs:
        return done("passed")
    names = [d.split("'")[1] for d in diffs]
    message = f"output differs from {gpath.name} in section{'s' if len(names) > 1 else ''} " + \
        ", ".join(repr(n) for n in names)
    if actual.timed_out and golden.outputs.get("exit", "").strip() != str(EXIT_TIMEOUT):
        message = f"timed out after {actual.timeout:g} s (stopped); " + message
    return done("failed", message, diffs)
