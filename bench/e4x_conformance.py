"""The Mozilla E4X conformance suite on xtkjs and on Rhino, side by side in one run.

The suite (ECMA-357 tests written for SpiderMonkey, kept in the mozilla/rhino repository under
tests/testsrc/tests/e4x) is Mozilla's code and is never committed here; fetch it yourself:

    git clone --depth 1 https://github.com/mozilla/rhino /tmp/rhino
    python bench/e4x_conformance.py /tmp/rhino/tests/testsrc/tests [--jobs 2] [--timeout 60]

SUITE is the folder holding `shell.js` and `e4x/` (or the `e4x` folder itself). Every test file
runs after the top `shell.js`, `e4x/shell.js` and its own folder's `shell.js`; it passes, as in
Mozilla's own harness, when no line starts with ` FAILED!` and either some line starts with
` PASSED!` or it ended with an exit code it declared (expectExitCode: 3 an uncaught error, 5 out
of memory; an xtkjs script stopped at the memory limit counts as 5). GC/, decompilation/ and
extensions/ are left out (SpiderMonkey internals): 254 tests. The harness gives xtkjs the shell functions Rhino's shell has (`gc`, `version`,
`options`) as no-ops.

Prints per-folder counts, the tests each engine passes that the other fails, the totals and,
with --failures, why each xtkjs failure failed.
"""
from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import have  # noqa: E402

SKIPPED_FOLDERS = ("GC", "decompilation", "extensions")
NOT_TESTS = ("shell.js", "browser.js", "template.js")
# What Rhino's shell offers that the suite's shell.js calls; no-ops here.
SHELL_PRELUDE = ("var gc = function () {}; var version = function () { return 0; };"
                 " var options = function () { return ''; };")


@dataclass
class Outcome:
    passed: bool
    reason: str  # why it failed ("" when it passed)
    seconds: float


# SpiderMonkey's shell exit codes, which the suite's expectExitCode(n) names.
EXIT_RUNTIME_ERROR, EXIT_OUT_OF_MEMORY, EXIT_TIMEOUT = 3, 5, 6
EXPECTED_EXIT = re.compile(r"--- NOTE: IN THIS TESTCASE, WE EXPECT EXIT CODE (-?\d+) ---")


def verdict(output: str, error: str | None, exit_code: int = 0) -> Outcome:
    """The suite's rule, as Mozilla's own harness applies it: no FAILED! line, and either PASSED!
    lines or an exit code the test declared with expectExitCode(n) (regress-319872 accepts an
    out-of-memory end, 5); any other uncaught error fails.

    The harness prints each result at the start of a line (`print(FAILED + ...)`); the same words
    elsewhere in a line are a test's own output (regress-380833 prints `uneval(this)`, which
    holds the harness's `FAILED` variable)."""
    lines = output.splitlines()
    failed = [ln for ln in lines if ln.startswith(" FAILED!")]
    expected_exits = {int(m.group(1)) for m in map(EXPECTED_EXIT.match, lines) if m}
    if error and exit_code not in expected_exits:
        return Outcome(False, error, 0.0)
    if failed:
        return Outcome(False, failed[0].strip()[:300], 0.0)
    if not error and not any(ln.startswith(" PASSED!") for ln in lines):
        return Outcome(False, "no PASSED! line", 0.0)
    return Outcome(True, "", 0.0)


def find_suite(folder: Path) -> Path:
    """The folder holding shell.js and e4x/."""
    folder = folder.resolve()
    if (folder / "e4x").is_dir() and (folder / "shell.js").is_file():
        return folder
    if folder.name == "e4x" and (folder.parent / "shell.js").is_file():
        return folder.parent
    raise SystemExit(f"{folder}: not the suite (expected shell.js and e4x/ there)")


def collect(root: Path, only: str | None) -> list[Path]:
    tests = []
    for path in sorted((root / "e4x").glob("*/*.js")):
        folder = path.parent.name
        if folder in SKIPPED_FOLDERS or path.name in NOT_TESTS:
            continue
        rel = path.relative_to(root / "e4x").as_posix()
        if only and only not in rel:
            continue
        tests.append(path)
    return tests


def harness_files(root: Path, test: Path) -> list[Path]:
    return [root / "shell.js", root / "e4x" / "shell.js", test.parent / "shell.js", test]


# -- xtkjs ------------------------------------------------------------------------------------
def run_xtkjs(root: str, test: str, timeout: float) -> Outcome:
    """One test in a fresh sandbox (in a pool worker): each file transpiled and run in turn."""
    from runtime.e4x import transpile
    from runtime.errors import ScriptError
    from runtime.host import HostEnv
    from runtime.logs import RunLogger
    from runtime.options import RunOptions
    from runtime.sandbox import Sandbox

    out = io.StringIO()
    env = HostEnv(RunOptions(timeout=timeout), RunLogger(out, out), script_name=test)
    start = time.perf_counter()
    error, exit_code = None, 0
    with Sandbox(env) as sb:
        sb.run(SHELL_PRELUDE, "<harness>")
        for path in harness_files(Path(root), Path(test)):
            source = path.read_text(encoding="utf-8", errors="replace")
            name = path.relative_to(root).as_posix()
            try:
                sb.run(transpile(source, name), name, timeout=timeout, original_source=source,
                       keep_result=False)
            except ScriptError as exc:
                error = str(exc).splitlines()[0][:300]
                exit_code = {"memory": EXIT_OUT_OF_MEMORY, "timeout": EXIT_TIMEOUT}.get(exc.kind, EXIT_RUNTIME_ERROR)
                break
    outcome = verdict(out.getvalue(), error, exit_code)
    outcome.seconds = time.perf_counter() - start
    return outcome


# -- Rhino ------------------------------------------------------------------------------------
def run_rhino(root: str, test: str, timeout: float) -> Outcome:
    cmd = ["rhino", "-version", "180"]
    for path in harness_files(Path(root), Path(test)):
        cmd += ["-f", str(path)]
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=root,
                           errors="replace")
    except subprocess.TimeoutExpired:
        return Outcome(False, f"timed out after {timeout:g} s", timeout)
    error = None
    if p.returncode != 0:
        err_lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
        error = (err_lines[0] if err_lines else f"exit code {p.returncode}")[:300]
    outcome = verdict(p.stdout, error, p.returncode)
    outcome.seconds = time.perf_counter() - start
    return outcome


def run_one(engine: str, root: str, test: str, timeout: float) -> tuple[str, str, Outcome]:
    try:
        outcome = (run_xtkjs if engine == "xtkjs" else run_rhino)(root, test, timeout)
    except Exception as exc:  # noqa: BLE001 - a harness failure is that test's failure
        outcome = Outcome(False, f"harness: {type(exc).__name__}: {exc}"[:300], 0.0)
    return engine, test, outcome


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("suite", type=Path, help="folder holding shell.js and e4x/ (or the e4x folder)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per test and engine (default 60)")
    ap.add_argument("--only", help="run only tests whose path (under e4x/) contains this")
    ap.add_argument("--skip-rhino", action="store_true", help="run xtkjs only")
    ap.add_argument("--failures", action="store_true", help="list every xtkjs failure with its reason")
    args = ap.parse_args(argv)

    root = find_suite(args.suite)
    tests = collect(root, args.only)
    if not tests:
        raise SystemExit("no tests selected")
    engines = ["xtkjs"] + ([] if args.skip_rhino or not have("rhino") else ["rhino"])
    if "rhino" not in engines and not args.skip_rhino:
        print("rhino is not installed: xtkjs only")
    results: dict[str, dict[str, Outcome]] = {e: {} for e in engines}
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, e, str(root), str(t), args.timeout) for t in tests for e in engines]
        for f in futures:
            engine, test, outcome = f.result()
            results[engine][test] = outcome
    elapsed = time.perf_counter() - started

    def rel(t: str) -> str:
        return Path(t).relative_to(root / "e4x").as_posix()

    folders = Counter(Path(t).parent.name for t in map(str, tests))
    print(f"E4X conformance suite: {len(tests)} tests ({root / 'e4x'}), {elapsed:.0f} s\n")
    header = f"  {'folder':<16}{'tests':>6}" + "".join(f"{e:>8}" for e in engines)
    print(header)
    for folder in sorted(folders):
        counts = [sum(1 for t, o in results[e].items() if Path(t).parent.name == folder and o.passed)
                  for e in engines]
        print(f"  {folder:<16}{folders[folder]:>6}" + "".join(f"{c:>8}" for c in counts))
    totals = [sum(o.passed for o in results[e].values()) for e in engines]
    print(f"  {'total':<16}{len(tests):>6}" + "".join(f"{c:>8}" for c in totals))

    if "rhino" in engines:
        for a, b in (("xtkjs", "rhino"), ("rhino", "xtkjs")):
            only = [t for t in map(str, tests) if results[a][t].passed and not results[b][t].passed]
            print(f"\n{a} passes, {b} fails ({len(only)}):")
            for t in only:
                print(f"  {rel(t)}  [{b}: {results[b][t].reason}]")
    if args.failures:
        failing = [t for t in map(str, tests) if not results["xtkjs"][t].passed]
        print(f"\nxtkjs failures ({len(failing)}):")
        for t in failing:
            print(f"  {rel(t)}: {results['xtkjs'][t].reason}")
    print("\ntotals: " + ", ".join(f"{e} {c}/{len(tests)}" for e, c in zip(engines, totals)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
