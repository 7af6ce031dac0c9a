"""Golden files: parse and render (format reference: docs/golden.md).

A golden file sits beside its script (`scripts/hello.js` + `scripts/hello.golden`):

    # comment lines (kept by --update)
    === config                 declared: how to run the script (kept by --update)
    timeout: 5
    === normalize              declared: REGEX => REPLACEMENT, applied to the actual output
    \\d+ ms => <ms>
    === exit                   recorded output sections (rewritten by --update)
    0
    === stdout
    ...
    === stderr
    === local dem:sampleTableStg
    - _seq: 1
      ...

A section's text is every line up to the next header (or the end of the file); the one blank
line that ends each section is not part of it. A content line starting with `===` or a backslash is written with
one more backslash in front; `\\ (no newline at end)` says the text does not end with a newline.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from runtime.errors import UsageError

MARK = "==="
NO_EOL = "\\ (no newline at end)"
DECLARED = ("config", "normalize")
FIXED_OUTPUTS = ("exit", "stdout", "stderr")
STORES = ("local", "cloud")
CONFIG_KEYS = {
    "timeout": "seconds, 0 for no limit (overrides --timeout)",
    "now": "ISO 8601 instant of the frozen clock (overrides --now)",
    "uuid-seed": "integer seed of the UUID sequence",
    "var": "NAME=VALUE: vars.NAME for the script; repeatable",
    "schemas": "folder of srcSchema files, relative to the script; repeatable",
    "sync": "true: run the sync job after the script (staging -> cloud tables)",
    "atomic": "true: roll back every write if the script fails (--atomic)",
    "verbose": "true: show logVerbose lines (-v)",
    "max-memory": "JavaScript heap limit in MB",
    "lib": "folder of loadLibrary libraries, relative to the script; repeatable (default: lib beside it)",
    "files": "folder copied into the test's fresh files root, relative to the script; repeatable",
    "allow-http": "HOST[:PORT] opened to HttpClientRequest (--allow-http); repeatable",
    "allow-exec": "true: let execCommand run commands (--allow-exec)",
    "transition": "NAME: an outbound transition of the activity (--transition); repeatable",
}
DEFAULT_HEADER = ("# Golden output of {name} for `xtkjs test` (format: docs/golden.md).\n"
                  "# Regenerate: xtkjs test --update {name}\n")


class GoldenFormatError(UsageError):
    """A malformed golden file: the message names file and line."""


def parse_now(text: str, what: str = "--now") -> str:
    """An ISO 8601 instant -> canonical UTC text `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.

    A value without a time zone is taken as UTC (Campaign stores UTC)."""
    raw = text.strip()
    try:
        d = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(f"{what} {text!r}: not an ISO 8601 date-time "
                         "(e.g. 2024-01-01T00:00:00Z)") from None
    if d.tzinfo is not None:
        d = d.astimezone(dt.timezone.utc).replace(tzinfo=None)
    spec = "microseconds" if d.microsecond else "seconds"
    return d.isoformat(timespec=spec) + "Z"


@dataclass
class Config:
    timeout: float | None = None      # None: the run's --timeout; 0: no limit
    now: str | None = None
    uuid_seed: int | None = None
    vars: dict[str, str] = field(default_factory=dict)
    schemas: list[str] = field(default_factory=list)
    sync: bool = False
    atomic: bool = False
    verbose: bool = False
    max_memory: int | None = None
    libs: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    allow_http: list[str] = field(default_factory=list)
    allow_exec: bool = False
    transitions: list[str] = field(default_factory=list)


@dataclass
class Rule:
    pattern: re.Pattern
    replacement: str
    line: int

    def apply(self, text: str) -> str:
        return self.pattern.sub(self.replacement, text)


@dataclass
class Golden:
    path: Path | None = None
    header: str = ""                       # comment lines before the first section, verbatim
    config_text: str | None = None         # the declared sections, verbatim (None: absent)
    normalize_text: str | None = None
    config: Config = field(default_factory=Config)
    rules: list[Rule] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)   # section name -> text
    lines: dict[str, int] = field(default_factory=dict)     # section name -> header line

    def normalize(self, text: str) -> str:
        for r in self.rules:
            text = r.apply(text)
        return text


def valid_section(name: str) -> bool:
    if name in DECLARED or name in FIXED_OUTPUTS:
        return True
    parts = name.split()
    if len(parts) == 2 and parts[0] in STORES:
        return ":" in parts[1]
    return len(parts) == 3 and parts[0] in STORES and parts[1] == "table"


def section_order(name: str) -> tuple:
    """Canonical order: declared, exit, stdout, stderr, then local and cloud store sections."""
    if name in DECLARED:
        return (0, DECLARED.index(name), "")
    if name in FIXED_OUTPUTS:
        return (1, FIXED_OUTPUTS.index(name), "")
    parts = name.split()
    return (2 + STORES.index(parts[0]), 1 if parts[1] == "table" else 0, " ".join(parts[1:]))


def parse(text: str, path: str | Path | None = None) -> Golden:
    where = str(path) if path is not None else "<golden>"

    def fail(line: int, message: str):
        raise GoldenFormatError(f"{where}:{line}: {message}")

    g = Golden(path=Path(path) if path is not None else None)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header: list[str] = []
    sections: list[tuple[str, int, list[str]]] = []
    for no, line in enumerate(lines, 1):
        if line.startswith(MARK):
            name = " ".join(line[len(MARK):].split())
            if not name:
                fail(no, "section header without a name (expected e.g. '=== stdout')")
            if not valid_section(name):
                fail(no, f"unknown section {name!r} (expected config, normalize, exit, stdout, stderr, "
                         "'local SCHEMA', 'cloud SCHEMA', 'local table NAME' or 'cloud table NAME')")
            if any(s[0] == name for s in sections):
                fail(no, f"section {name!r} appears twice")
            sections.append((name, no, []))
        elif sections:
            sections[-1][2].append(line)
        elif line.strip() and not line.startswith("#"):
            fail(no, "expected a '=== SECTION' header or a '#' comment line before the first section")
        else:
            header.append(line)
    if not sections:
        fail(max(len(lines), 1), "no sections: a golden file needs at least '=== exit', '=== stdout' "
                                 "and '=== stderr' (create it with xtkjs test --update)")
    g.header = "".join(h + "\n" for h in header)
    for name, no, body in sections:
        if body and body[-1] == "":
            body = body[:-1]  # the separator blank line
        g.lines[name] = no
        if name == "config":
            g.config_text = "".join(b + "\n" for b in body)
            g.config = _parse_config(body, no, fail, g.path)
        elif name == "normalize":
            g.normalize_text = "".join(b + "\n" for b in body)
            g.rules = _parse_rules(body, no, fail)
        else:
            g.outputs[name] = _unescape(body, no, fail)
    if "exit" in g.outputs:
        value = g.outputs["exit"].strip()
        if not re.fullmatch(r"-?\d+", value):
            fail(g.lines["exit"] + 1, f"section 'exit': expected an exit code (an integer), got {value!r}")
    return g


def _unescape(body: list[str], start: int, fail) -> str:
    out = []
    eol = True
    for i, line in enumerate(body):
        if line == NO_EOL:
            if i != len(body) - 1:
                fail(start + 1 + i, f"{NO_EOL!r} may only be the last line of a section")
            eol = False
            continue
        if line.startswith("\\\\") or line.startswith("\\" + MARK):
            line = line[1:]
        out.append(line)
    if not out:
        return ""
    text = "\n".join(out)
    return text + "\n" if eol else text


def _escape(text: str) -> list[str]:
    if text == "":
        return []
    eol = text.endswith("\n")
    lines = (text[:-1] if eol else text).split("\n")
    out = ["\\" + ln if ln.startswith("\\") or ln.startswith(MARK) else ln for ln in lines]
    if not eol:
        out.append(NO_EOL)
    return out


def _bool(value: str, key: str, no: int, fail) -> bool:
    v = value.strip().lower()
    if v in ("true", "yes", "1", "on"):
        return True
    if v in ("false", "no", "0", "off"):
        return False
    fail(no, f"config: {key}: expected true or false, got {value!r}")


def _parse_config(body: list[str], start: int, fail, path: Path | None) -> Config:
    c = Config()
    for i, line in enumerate(body):
        no = start + 1 + i
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        key, sep, value = s.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep:
            fail(no, f"config: expected 'KEY: VALUE', got {s!r}")
        if key not in CONFIG_KEYS:
            fail(no, f"config: unknown key {key!r} (known: {', '.join(CONFIG_KEYS)})")
        if key == "timeout":
            try:
                c.timeout = float(value)
                if c.timeout < 0:
                    raise ValueError
            except ValueError:
                fail(no, f"config: timeout: expected seconds (a number >= 0), got {value!r}")
        elif key == "now":
            try:
                c.now = parse_now(value, "config: now:")
            except UsageError as exc:
                fail(no, str(exc))
        elif key == "uuid-seed":
            if not re.fullmatch(r"-?\d+", value):
                fail(no, f"config: uuid-seed: expected an integer, got {value!r}")
            c.uuid_seed = int(value)
        elif key == "max-memory":
            if not re.fullmatch(r"\d+", value) or int(value) == 0:
                fail(no, f"config: max-memory: expected megabytes (a positive integer), got {value!r}")
            c.max_memory = int(value)
        elif key == "var":
            name, eq, v = value.partition("=")
            if not eq or not name.strip().isidentifier():
                fail(no, f"config: var: expected NAME=VALUE with NAME an identifier, got {value!r}")
            c.vars[name.strip()] = v
        elif key == "schemas":
            if not value:
                fail(no, "config: schemas: expected a folder")
            c.schemas.append(value)
        elif key in ("lib", "files", "allow-http", "transition"):
            if not value:
                fail(no, f"config: {key}: expected a value")
            attr = {"lib": "libs", "transition": "transitions"}.get(key, key.replace("-", "_"))
            getattr(c, attr).append(value)
        else:
            setattr(c, key.replace("-", "_"), _bool(value, key, no, fail))
    return c


def _parse_rules(body: list[str], start: int, fail) -> list[Rule]:
    rules = []
    for i, line in enumerate(body):
        no = start + 1 + i
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, sep, repl = line.partition(" => ")
        if not sep:
            fail(no, f"normalize: expected 'REGEX => REPLACEMENT', got {line!r}")
        try:
            rx = re.compile(pattern)
        except re.error as exc:
            fail(no, f"normalize: bad regular expression {pattern!r}: {exc}")
        try:  # checks the replacement's group references now, not at the first match
            rx.sub(repl, "")
        except (re.error, IndexError) as exc:
            fail(no, f"normalize: bad replacement {repl!r}: {exc}")
        rules.append(Rule(rx, repl, no))
    return rules


def render(g: Golden, name: str = "script.js") -> str:
    """The golden file's text; sections in canonical order, one blank line between them."""
    parts = [g.header if g.header else DEFAULT_HEADER.format(name=name)]
    if not parts[0].endswith("\n\n"):
        parts.append("\n")
    if g.config_text is not None:
        parts.append(f"{MARK} config\n{g.config_text}\n")
    if g.normalize_text is not None:
        parts.append(f"{MARK} normalize\n{g.normalize_text}\n")
    for sec in sorted(g.outputs, key=section_order):
        body = "".join(line + "\n" for line in _escape(g.outputs[sec]))
        parts.append(f"{MARK} {sec}\n{body}\n")
    return "".join(parts)
