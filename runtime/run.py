"""Running one workflow script: read it, transpile E4X, run it in a Sandbox, finish the stores.

This is the library behind `xtkjs run`; `run_file` returns the process exit code.
"""
from __future__ import annotations

import json
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from runtime.errors import ScriptError, UsageError, XtkjsError
from runtime.logs import RunLogger, printable
from runtime.options import RunOptions, check_options

EXIT_OK = 0
EXIT_SCRIPT_ERROR = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 124
EXIT_MEMORY = 125
EXIT_INTERRUPTED = 130

EXIT_BY_KIND = {"timeout": EXIT_TIMEOUT, "memory": EXIT_MEMORY, "interrupted": EXIT_INTERRUPTED}

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class ScriptSource:
    text: str
    warnings: list[str]


def read_script(path: str | Path) -> ScriptSource:
    """The script's text; a UsageError with one clear line for every way a file can be wrong."""
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{path}: no such file")
    if p.is_dir():
        raise UsageError(f"{path}: is a directory, not a script file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    warnings = []
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
        warnings.append(f"{path}: ignoring the UTF-8 byte-order mark at the start of the file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UsageError(f"{path}:{line}:{col}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                         "save the script as UTF-8") from None
    if not text.strip():
        warnings.append(f"{path}: the script is empty; nothing to run")
    return ScriptSource(text, warnings)


def transpile(source: str, filename: str) -> str:
    """E4X -> plain JavaScript, same line numbers (runtime/e4x)."""
    from runtime.e4x import transpile as e4x_transpile

    return e4x_transpile(source, filename)


def report(exc: BaseException, logger: RunLogger, debug: bool = False) -> int:
    """Print an error the way the CLI does; return the exit code it maps to."""
    if isinstance(exc, ScriptError) and logger.fmt == "json":
        logger.err.write(json.dumps({"level": "error", "kind": exc.kind, "file": exc.filename,
                                     "line": exc.line, "column": exc.column,
                                     "message": exc.message}, ensure_ascii=False) + "\n")
        code = EXIT_BY_KIND.get(exc.kind, EXIT_SCRIPT_ERROR)
    elif isinstance(exc, ScriptError):
        logger.err.write(printable(exc.format()) + "\n")
        if debug and getattr(exc, "js_stack", None):
            logger.err.write("JavaScript stack:\n" + exc.js_stack.rstrip() + "\n")
        code = EXIT_BY_KIND.get(exc.kind, EXIT_SCRIPT_ERROR)
    elif isinstance(exc, XtkjsError):
        logger.err.write(printable(f"xtkjs: error: {exc}") + "\n")
        code = exc.exit_code
    else:
        logger.err.write(f"xtkjs: internal error: {type(exc).__name__}: {exc}\n")
        code = EXIT_SCRIPT_ERROR
    if debug:
        logger.err.write("".join(traceback.format_exception(exc)))
    return code


def run_source(source: str, filename: str, options: RunOptions, logger: RunLogger) -> int:
    """Run script text; print errors through `logger`; return the exit code."""
    from runtime.host import HostEnv
    from runtime.sandbox import Sandbox

    env = HostEnv(options, logger, script_name=filename)
    success = False
    code = EXIT_OK
    sandbox = None
    try:
        js = transpile(source, filename) if source.strip() else source
        sandbox = Sandbox(env, options.max_memory_mb)
        sandbox.run(js, filename, timeout=options.timeout, original_source=source, keep_result=False,
                    activity=True)
        success = True
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a report and an exit code
        if isinstance(exc, KeyboardInterrupt):
            exc = ScriptError("script stopped: interrupted", filename, kind="interrupted")
        code = report(exc, logger, options.debug)
    finally:
        if sandbox is not None:
            # Writes the script made are buffered in JS (the Ingest fast path): save them even
            # when the script failed (Campaign keeps rows written before a failure).
            try:
                sandbox.flush_pending()
            except BaseException as exc:  # noqa: BLE001
                success = False
                flush_code = report(exc, logger, options.debug)
                code = code or flush_code
        try:
            env.close(success)  # commit the stores (or roll back with --atomic)
        except BaseException as exc:  # noqa: BLE001
            code = report(exc, logger, options.debug) if code == EXIT_OK else code
        if sandbox is not None:
            sandbox.close()
        logger.flush()
    return code


def run_file(path: str | Path, options: RunOptions | None = None,
             out: TextIO | None = None, err: TextIO | None = None) -> int:
    """`xtkjs run FILE`: the exit code (0 ok, 1 script error, 2 bad invocation, 124 timeout,
    125 memory limit)."""
    options = options or RunOptions()
    logger = RunLogger(out if out is not None else sys.stdout, err if err is not None else sys.stderr,
                       verbose=options.verbose, fmt=options.log_format)
    try:
        check_options(options)
        script = read_script(path)
    except UsageError as exc:
        return report(exc, logger)
    for warning in script.warnings:
        logger.log("warning", warning)
    return run_source(script.text, str(path), options, logger)
