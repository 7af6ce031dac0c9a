"""User-facing errors. Each carries a message a Campaign developer can act on; the CLI prints
it without a Python traceback (unless --debug)."""
from __future__ import annotations


class XtkjsError(Exception):
    """An error caused by the user's input or environment: printed as one clear line."""

    exit_code = 2


class UsageError(XtkjsError):
    """A bad invocation (missing file, bad option value...)."""


class HostError(XtkjsError):
    """Raised by a host API; it reaches the script as a catchable JS Error with this message.

    `js_name` is the JS error constructor name the script sees (Error, TypeError, ...)."""

    exit_code = 1

    def __init__(self, message: str, js_name: str = "Error") -> None:
        super().__init__(message)
        self.js_name = js_name


class ScriptError(XtkjsError):
    """An error located in a script: `FILE:LINE:COL: message`, the source line and a caret."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        filename: str,
        line: int | None = None,
        column: int | None = None,
        source_line: str | None = None,
        kind: str = "error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line
        self.column = column
        self.source_line = source_line
        self.kind = kind  # "syntax", "runtime", "timeout", "memory", "logError"

    def location(self) -> str:
        if self.line is None:
            return self.filename
        if self.column is None:
            return f"{self.filename}:{self.line}"
        return f"{self.filename}:{self.line}:{self.column}"

    def format(self) -> str:
        """The three-line report: location and message, source line, caret."""
        out = f"{self.location()}: {self.message}"
        if self.source_line is not None and self.column is not None:
            src = self.source_line.rstrip("\r\n")
            # Keep tabs so that the caret lines up under the same characters.
            pad = "".join(ch if ch == "\t" else " " for ch in src[: self.column - 1])
            out += f"\n{src}\n{pad}^"
        return out

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class ScriptSyntaxError(ScriptError):
    """A script that does not parse (JavaScript or E4X): reported before anything runs."""

    def __init__(self, message: str, filename: str, line: int, column: int, source_line: str | None = None):
        super().__init__(message, filename, line, column, source_line, kind="syntax")
