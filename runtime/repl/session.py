"""The REPL's evaluation core: one persistent Sandbox and everything the shell asks of it.

Importable and usable without a terminal (tests drive it directly; the prompt_toolkit shell in
runtime/repl/terminal.py and the piped-input loop are thin layers over it):

    s = ReplSession(RunOptions(home=...), out=io.StringIO(), err=io.StringIO())
    s.status("function f() {")      # "incomplete"
    s.execute("var a = 1 + 1")      # True; echoes `undefined` when echo is on
    s.complete("xtk.ses")           # (3, ["session"])

Each statement is transpiled (E4X), run as a script (so `let`, `const` and `class` persist, as in
node), then the writes it buffered are flushed and the stores committed, so `.dump` and other
processes see them. Errors are reported as FILE:LINE:COL with the source line and a caret and never
end the session; Ctrl-C (SIGINT) during a statement stops it and keeps every earlier definition.
"""
from __future__ import annotations

import os
import re
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from runtime.errors import ScriptError, ScriptSyntaxError, XtkjsError
from runtime.logs import RunLogger
from runtime.options import RunOptions

COMPLETE, INCOMPLETE, INVALID = "complete", "incomplete", "invalid"

# V8 messages that mean "the input stopped in the middle of something".
_V8_INCOMPLETE = ("Unexpected end of input", "Unterminated template literal",
                  "Missing } in template expression")
# E4X transpiler messages for a literal still open at the end of the input (runtime/e4x/literal.py).
_E4X_OPEN = re.compile(r"\bunclosed\b|\bunterminated\b|end of (?:the )?(?:input|script)", re.I)
_DOT_COMMAND = re.compile(r"\.[A-Za-z]")
_LEXICAL = re.compile(r"(?<![\w$.])(?:let|const|class)\s+([A-Za-z_$][\w$]*)")
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")

JS_KEYWORDS = ("async", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
               "default", "delete", "do", "else", "false", "finally", "for", "function", "if", "in",
               "instanceof", "let", "new", "null", "of", "return", "switch", "this", "throw", "true",
               "try", "typeof", "undefined", "var", "void", "while", "with", "yield")


def transpile(source: str, filename: str) -> str:
    """E4X -> plain JavaScript (runtime/e4x), or the source unchanged while no transpiler exists."""
    try:
        import runtime.e4x as e4x
    except ModuleNotFoundError as exc:
        if exc.name != "runtime.e4x":
            raise
        return source
    fn = getattr(e4x, "transpile", None)
    if fn is None:  # the package exists but does not export transpile yet
        return source
    return fn(source, filename)


def e4x_available() -> bool:
    """Both halves of E4X are present: the transpiler and the stdlib object model."""
    try:
        import runtime.e4x as e4x
    except ModuleNotFoundError:
        return False
    from runtime import stdlib

    return callable(getattr(e4x, "transpile", None)) and any(
        name.startswith("2") and "e4x" in name for name, _ in stdlib.sources())


@contextmanager
def sigint_interrupts():
    """Ctrl-C raises KeyboardInterrupt while a statement runs (Sandbox._eval then stops V8)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Unconvertible:
    def __repr__(self) -> str:
        return "<value mini-racer cannot convert>"


UNCONVERTIBLE = _Unconvertible()


def _handle_factory():
    """mini-racer's value converter, but never failing: values it cannot convert (a BigInt) and
    Dates, typed arrays and array buffers come back as opaque handles that can be passed back to
    JavaScript unchanged (the stock converter makes a datetime or a memoryview: `_` would be a
    copy, or fail). Installed after the Sandbox's bridge took its SharedArrayBuffer as a memoryview. A value it cannot convert
    (a BigInt: V8 keeps no handle to it) becomes UNCONVERTIBLE; the stock converter raises
    inside its event-loop callback and the evaluation never returns.
    """
    from py_mini_racer._exc import JSConversionException
    from py_mini_racer._objects import JSObjectImpl, ObjectFactoryImpl, _MiniRacerTypes

    keep = (_MiniRacerTypes.date, _MiniRacerTypes.array_buffer, _MiniRacerTypes.shared_array_buffer)

    class HandleFactory(ObjectFactoryImpl):
        def value_handle_to_python(self, ctx, val_handle):
            if val_handle.raw.contents.type in keep:
                return JSObjectImpl(ctx, val_handle)
            try:
                return super().value_handle_to_python(ctx, val_handle)
            except JSConversionException:
                return UNCONVERTIBLE

    return HandleFactory()


class ReplSession:
    """One REPL: options, a logger, a Sandbox with the REPL helpers, and the session's history.

    `echo`: print each result like node (the terminal); piped input runs with echo off.
    `color`: ANSI colours in echoes (terminal only).
    """

    def __init__(self, options: RunOptions | None = None, out: TextIO | None = None,
                 err: TextIO | None = None, *, echo: bool = True, color: bool = False,
                 filename: str = "<repl>") -> None:
        self.options = options or RunOptions(timeout=None)
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.echo = echo
        self.color = color
        self.filename = filename
        self.logger = RunLogger(self.out, self.err, verbose=self.options.verbose, fmt=self.options.log_format)
        self.entries: list[str] = []       # statements entered (for .save)
        self.errors = 0                    # statements or commands that failed
        self.exit_requested = False
        self._lexical: set[str] = set()
        self._schema_ids: list[str] | None = None
        self.env = None
        self.sandbox = None
        self._start()

    # -- context ------------------------------------------------------------------------------
    def _start(self) -> None:
        from runtime.host import HostEnv
        from runtime.repl.js import REPL_JS
        from runtime.sandbox import Sandbox

        self.env = HostEnv(self.options, self.logger, script_name=self.filename)
        self.sandbox = Sandbox(self.env, self.options.max_memory_mb)
        # mini-racer's Context is a frozen dataclass: set the converter the way its __init__ does.
        object.__setattr__(self.sandbox._mr._ctx, "_object_factory", _handle_factory())  # noqa: SLF001
        self.sandbox.eval_value(REPL_JS + "\n//# sourceURL=<repl-helpers>")
        fn = self.sandbox.function
        self._check = fn("__repl.check")
        self._record = fn("__repl.record")
        self._store = fn("__repl.store")
        self._record_again = fn("__repl.recordAgain")
        self._globals = fn("__repl.globals")
        self._props = fn("__repl.props")
        self._lexical_fn = fn("__repl.lexical")
        self._lexical = set()

    def reset(self) -> None:
        """`.clear`: a fresh context (stdlib loaded, nothing the user defined)."""
        self._stop()
        self._start()

    def _stop(self) -> None:
        sandbox, env = self.sandbox, self.env
        self.sandbox = self.env = None
        if sandbox is not None:
            try:
                sandbox.flush_pending()
            except BaseException as exc:  # noqa: BLE001
                self.report(exc)
        if env is not None:
            try:
                env.close(True)
            except BaseException as exc:  # noqa: BLE001
                self.report(exc)
        if sandbox is not None:
            sandbox.close()

    def close(self) -> None:
        self._stop()
        self.logger.flush()

    def __enter__(self) -> ReplSession:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- input completeness -------------------------------------------------------------------
    def status(self, text: str) -> str:
        """COMPLETE (run it), INCOMPLETE (keep reading lines) or INVALID (run it: it reports)."""
        stripped = text.strip()
        if not stripped or is_dot_command(stripped):
            return COMPLETE
        try:
            js = transpile(text, self.filename)
        except ScriptSyntaxError as exc:
            return INCOMPLETE if _E4X_OPEN.search(exc.message) else INVALID
        except Exception:  # noqa: BLE001 - evaluation reports it
            return INVALID
        message = self._syntax_error(js)
        if not message:
            return COMPLETE
        if any(m in message for m in _V8_INCOMPLETE):
            return INCOMPLETE
        if "Invalid or unexpected token" in message and "/*" in js:
            # An unclosed /* comment: complete once closed?
            closed = self._syntax_error(js + "*/")
            if not closed or any(m in closed for m in _V8_INCOMPLETE):
                return INCOMPLETE
        return INVALID

    def is_complete(self, text: str) -> bool:
        return self.status(text) != INCOMPLETE

    def _syntax_error(self, js: str) -> str:
        return str(self._check(js))

    # -- evaluation ---------------------------------------------------------------------------
    def execute(self, text: str) -> bool:
        """One input: a dot-command or a JavaScript statement. False when it failed."""
        stripped = text.strip()
        if not stripped:
            return True
        if is_dot_command(stripped):
            from runtime.repl.commands import run_command

            ok = run_command(self, stripped)
        else:
            ok = self.evaluate(text)
        self.logger.flush()
        return ok

    def evaluate(self, text: str, filename: str | None = None, first_line: int = 1,
                 echo: bool | None = None, record: bool = True) -> bool:
        """Run JavaScript text as one script in the session's context.

        `first_line`: the line of `text` in its file (piped input, .load), so that errors name
        the user's own line. Results are echoed when `echo` (default: the session's setting).
        """
        fname = filename or self.filename
        source = "\n" * (first_line - 1) + text
        echo = self.echo if echo is None else echo
        ok = parsed = False
        value = None
        try:
            with sigint_interrupts():
                js = transpile(source, fname)
                parsed = True
                value = self.sandbox.run(js, fname, timeout=self.options.timeout, original_source=source)
            ok = True
        except KeyboardInterrupt:
            self.report(ScriptError("script stopped: interrupted", fname, kind="interrupted"))
        except ScriptSyntaxError as exc:
            parsed = False
            self.report(exc)
        except BaseException as exc:  # noqa: BLE001 - reported; the session goes on
            self.report(exc)
        finally:
            ok = self._finish_statement(ok)
        if parsed and record:
            # .save keeps what ran to completion: replaying an interrupted or failing statement
            # would stop (or hang) the reload of the file
            if ok:
                self.entries.append(text)
            self._lexical.update(_LEXICAL.findall(text))
        if ok:
            self._show(value, echo, text)
        return ok

    def _finish_statement(self, ok: bool) -> bool:
        """Flush the writes the statement buffered and commit the stores (also after a failure:
        what a statement wrote before failing is kept, as in a Campaign workflow)."""
        try:
            with sigint_interrupts():
                self.sandbox.flush_pending()
        except KeyboardInterrupt:
            self.report(ScriptError("script stopped: interrupted while saving writes", self.filename,
                                    kind="interrupted"))
            ok = False
        except BaseException as exc:  # noqa: BLE001
            self.report(exc)
            ok = False
        try:
            self.env.close(ok)
        except BaseException as exc:  # noqa: BLE001
            self.report(exc)
            ok = False
        return ok

    def _show(self, value, echo: bool, text: str = "") -> None:
        try:
            if value is UNCONVERTIBLE:
                shown = str(self._record_again(text, self.color))
                if not echo:
                    return
            elif not echo:
                self._store(value)
                return
            else:
                shown = str(self._record(value, self.color))
        except BaseException as exc:  # noqa: BLE001 - an echo never ends the session
            self.err.write(f"(the result could not be shown: {type(exc).__name__}: {exc})\n")
            return
        kind, body = shown[:1], shown[1:]
        if kind == "X" and self.color:
            from runtime.repl.highlight import color_xml

            body = color_xml(body)
        self.out.write(body + "\n")

    def inspect(self, js: str) -> str:
        """The echo of an expression (for tests and tools): evaluate, then format like node."""
        value = self.sandbox.run(transpile(js, self.filename), self.filename)
        if value is UNCONVERTIBLE:
            return str(self._record_again(js, False))[1:]
        return str(self._record(value, False))[1:]

    def report(self, exc: BaseException) -> None:
        """Print an error the way `xtkjs run` does; count it."""
        from runtime.run import report

        self.errors += 1
        if isinstance(exc, XtkjsError) and not isinstance(exc, ScriptError):
            self.err.write(f"{exc}\n")
            if self.options.debug:
                import traceback

                self.err.write("".join(traceback.format_exception(exc)))
        else:
            report(exc, self.logger, self.options.debug)
        self.logger.flush()

    def command_error(self, message: str) -> bool:
        """A dot-command's error: one line on stderr; returns False."""
        self.errors += 1
        self.err.write(message.rstrip("\n") + "\n")
        return False

    # -- completion ---------------------------------------------------------------------------
    def complete(self, text: str) -> tuple[int, list[str]]:
        """Completion candidates for the text before the cursor: (length of the word they replace,
        the candidates). Globals, properties of live objects, schema names, dot-commands, files."""
        m = re.fullmatch(r"\s*(\.[A-Za-z]*)", text)
        if m:
            from runtime.repl.commands import COMMANDS

            word = m.group(1)
            return len(word), ["." + n for n in COMMANDS if ("." + n).startswith(word)]
        m = re.fullmatch(r"\s*\.dump\s+(?:--cloud\s+)?([\w:]*)", text)
        if m:
            return len(m.group(1)), self._schemas_starting(m.group(1))
        m = re.fullmatch(r"\s*\.(?:load|save)\s+(\S*)", text)
        if m:
            return len(m.group(1)), complete_path(m.group(1))
        if is_dot_command(text.lstrip()):
            return 0, []
        m = re.search(r"""xtkschema\s*=\s*\\?["']([\w:]*)$""", text)
        if m:
            return len(m.group(1)), self._schemas_starting(m.group(1))
        m = re.search(r"(?<![\w$.])([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)*)\.([\w$]*)$", text)
        if m:
            root, path, word = m.group(1), m.group(2).split(".")[1:], m.group(3)
            try:
                names = list(self._props(root, ".".join(path)))
            except Exception:  # noqa: BLE001 - no candidates rather than an error
                names = []
            return len(word), _filter(names, word)
        m = re.search(r"(?<![\w$.])([A-Za-z_$][\w$]*)$", text)
        if m:
            word = m.group(1)
            try:
                names = list(self._globals())
                lexical = sorted(n for n in self._lexical if n.startswith(word))
                names += str(self._lexical_fn(" ".join(lexical))).split() if lexical else []
            except Exception:  # noqa: BLE001
                names = []
            names += [k for k in JS_KEYWORDS if k not in names]
            return len(word), _filter(names, word)
        return 0, []

    def schema_ids(self) -> list[str]:
        if self._schema_ids is None:
            from runtime.xtk.schema import registry_for

            try:
                self._schema_ids = [s.id for s in registry_for(self.options)]
            except Exception:  # noqa: BLE001 - a broken schema folder: no candidates
                return []
        return self._schema_ids

    def _schemas_starting(self, word: str) -> list[str]:
        return [s for s in self.schema_ids() if s.startswith(word)]


def _filter(names, word: str) -> list[str]:
    out = []
    seen = set()
    for n in names:
        if n in seen or not n.startswith(word):
            continue
        if n.startswith("__") and not word.startswith("__"):
            continue  # internals (__host, __repl, __e4x…) only when asked for
        seen.add(n)
        out.append(n)
    return sorted(out, key=lambda n: (n.lower(), n))


def complete_path(word: str) -> list[str]:
    """File names for .load/.save: entries of the folder `word` points into."""
    head, base = os.path.split(os.path.expanduser(word))
    folder = Path(head) if head else Path(".")
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return []
    prefix = word[: len(word) - len(base)]
    return [prefix + e + ("/" if (folder / e).is_dir() else "") for e in entries
            if e.startswith(base) and (base.startswith(".") or not e.startswith("."))]


def is_dot_command(text: str) -> bool:
    return bool(_DOT_COMMAND.match(text))


def run_piped(session: ReplSession, stream: TextIO) -> int:
    """Piped (non-terminal) input: statements run one by one as they complete, no prompt, no
    echo; dot-commands work. Exit code 1 if any statement or command failed."""
    buf: list[str] = []
    start = 1
    number = 0
    for raw in stream:
        number += 1
        line = raw.rstrip("\n").rstrip("\r") if raw.endswith("\n") else raw
        if not buf:
            start = number
            if not line.strip():
                continue
            if is_dot_command(line.strip()):
                session.execute(line.strip())
                if session.exit_requested:
                    break
                continue
        buf.append(line)
        text = "\n".join(buf)
        if session.status(text) != INCOMPLETE:
            session.evaluate(text, first_line=start)
            buf = []
    if buf and not session.exit_requested:
        session.evaluate("\n".join(buf), first_line=start)
    return 1 if session.errors else 0
