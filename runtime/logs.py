"""Script logging: logInfo/print to stdout exactly, warnings and errors tagged on stderr.

`--log-format json` turns every log line (not `print`) into one JSON object per line.
"""
from __future__ import annotations

import json
import re
import sys
import time
from typing import TextIO

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
LEVEL_TAGS = {"warning": "WARNING", "error": "ERROR", "verbose": "VERBOSE"}


def printable(text: str) -> str:
    """The text with lone UTF-16 surrogates (a JS string cut in the middle of a pair, say
    `'\U0001F600'.slice(0, 1)`) replaced by U+FFFD, as browsers and node print them: such a
    string cannot be encoded as UTF-8 and must not stop the script."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


class RunLogger:
    def __init__(self, out: TextIO | None = None, err: TextIO | None = None,
                 verbose: bool = False, fmt: str = "text") -> None:
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.verbose = verbose
        self.fmt = fmt

    def print(self, text: str) -> None:
        """The shell's `print`: the text and a newline on stdout, whatever the format."""
        self.out.write(printable(text) + "\n")

    def log(self, level: str, text: str) -> None:
        if level == "verbose" and not self.verbose:
            return
        stream = self.out if level == "info" else self.err
        text = printable(text)
        if self.fmt == "json":
            stream.write(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "level": level,
                                     "message": text}, ensure_ascii=False) + "\n")
        elif level == "info":
            stream.write(text + "\n")
        else:
            stream.write(f"{LEVEL_TAGS[level]}: {text}\n")

    def event(self, kind: str, text: str, **fields) -> None:
        """A workflow event of the run (a posted transition, a workflow signal): one line on
        stderr; in json format an object with `event` and the fields."""
        if self.fmt == "json":
            self.err.write(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "level": "info",
                                       "event": kind, "message": text, **fields}, ensure_ascii=False) + "\n")
        else:
            self.err.write(text + "\n")

    def flush(self) -> None:
        for stream in (self.out, self.err):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
