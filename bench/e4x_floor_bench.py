"""E4X workload on xtkjs against its plain-JavaScript floor (same V8) and Rhino, in one run.

The floor (bench/e4x_floor.js) does the work of bench/e4x_bench.py's E4X script with plain
objects, a hand-written printer and parser, and must print byte-identical result lines.
xtkjs (the transpiled workload on xtkjs's stdlib, in a Sandbox: xtkjs's V8 and flags) and the
floor (same V8, no transpiler) run in this process, one repetition each in turn, so both see the
same machine load; Rhino runs the repetitions in a loop in one process. Per phase the median of
`--reps` repetitions is reported (engine start-up and transpiling excluded; the first
repetition includes the JIT's warm-up). Ratios: xtkjs/floor (target <= 3x, goal 1.5x) and
Rhino/xtkjs (target for the whole workload, the sum of the phases: >= 20x).

    python bench/e4x_floor_bench.py [--records 5000 20000] [--reps 3] [--skip-rhino]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _common import have  # noqa: E402
from e4x_bench import PRELUDE, WORKLOAD  # noqa: E402

PHASES = ("build", "attributes", "filter", "descendants", "serialize", "parse")


def parse_output(stdout: str) -> tuple[list[str], dict[str, list[int]]]:
    """(result lines, phase -> its times, one per repetition)."""
    results, times = [], {}
    for line in stdout.splitlines():
        if line.startswith("time "):
            _, name, ms = line.split()
            times.setdefault(name, []).append(int(ms))
        elif line:
            results.append(line)
    return results, times


def repeated(js: str, reps: int) -> str:
    """The script run `reps` times in a loop (the same code each time, so the JIT warms up)."""
    return f"for (var __rep = 0; __rep < {reps}; __rep++) {{\n{js}\n}}\n"


def run_process(cmd: list[str]) -> tuple[list[str], dict[str, list[int]]]:
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return parse_output(p.stdout)


class InProcess:
    """One V8 context (xtkjs's stdlib and V8 flags) holding the workload as a function, so that
    repetitions reuse warm code; `once()` runs it and returns (result lines, phase times)."""

    def __init__(self, js: str) -> None:
        from runtime.sandbox import Sandbox

        self.sb = Sandbox()
        self.sb.eval_value("var __out = []; print = function (s) { __out.push(String(s)); };\n"
                           "function __workload() {\n" + js + "\n}\n0")

    def once(self) -> tuple[list[str], dict[str, list[int]]]:
        out = self.sb.eval_value("__out = []; __workload(); __out.join('\\n')")
        return parse_output(out)

    def close(self) -> None:
        self.sb.close()


def interleaved(n: int, reps: int) -> dict[str, list]:
    """xtkjs (the transpiled workload on its stdlib) and the floor, one repetition each in turn:
    both see the same machine load."""
    from runtime.e4x import transpile

    engines = {"xtkjs": InProcess(transpile(WORKLOAD % {"n": n}, "e4x_workload.js")),
               "floor": InProcess(PRELUDE % {"n": n} + (HERE / "e4x_floor.js").read_text(encoding="utf-8"))}
    got: dict[str, list] = {name: [] for name in engines}
    try:
        for _ in range(reps):
            for name, engine in engines.items():
                got[name].append(engine.once())
    finally:
        for engine in engines.values():
            engine.close()
    return got


def medians(runs: list[dict[str, list[int]]]) -> dict[str, float]:
    return {p: statistics.median(t for r in runs for t in r[p]) for p in PHASES}


def bench(n: int, reps: int, rhino: bool) -> bool:
    got = interleaved(n, reps)
    if rhino:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "e4x_workload.js"
            script.write_text(repeated(WORKLOAD % {"n": n}, reps), encoding="utf-8")
            got["rhino"] = [run_process(["rhino", str(script)])]
    outputs, times = {}, {}
    for name, runs_ in got.items():
        outputs[name] = runs_[0][0][:len(PHASES)]
        if any(g[0][i % len(PHASES)] != outputs[name][i % len(PHASES)] for g in runs_ for i in range(len(g[0]))):
            print(f"  {name}: output differs between repetitions")
        times[name] = medians([g[1] for g in runs_])
    same = all(out == outputs["xtkjs"] for out in outputs.values())
    print(f"\nE4X workload, {n:,} records, median of {reps} repetitions (ms, in-engine, start-up excluded)")
    print(f"  output identical ({', '.join(outputs)}): {'yes' if same else 'NO'}")
    if not same:
        for name, out in outputs.items():
            for a, b in zip(outputs["xtkjs"], out):
                if a != b:
                    print(f"    xtkjs: {a}\n    {name}: {b}")
    x, f = times["xtkjs"], times["floor"]
    r = times.get("rhino")
    head = f"  {'phase':<12} {'xtkjs':>8} {'floor':>8} {'xtkjs/floor':>12}"
    if r:
        head += f" {'rhino':>8} {'rhino/xtkjs':>12}"
    print(head)
    rows = [(p, x[p], f[p], r[p] if r else None) for p in PHASES]
    rows.append(("whole", sum(x.values()), sum(f.values()), sum(r.values()) if r else None))
    for name, xv, fv, rv in rows:
        line = f"  {name:<12} {xv:>8.0f} {fv:>8.0f} {xv / max(fv, 1):>11.1f}x"
        if rv is not None:
            line += f" {rv:>8.0f} {rv / max(xv, 1):>11.1f}x"
        print(line)
    print("  targets: every phase xtkjs/floor <= 3x (goal 1.5x); whole rhino/xtkjs >= 20x"
          "  (a floor under 1 ms counts as 1 ms)")
    return same


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, nargs="+", default=[5_000, 20_000])
    ap.add_argument("--reps", type=int, default=3, help="repetitions of the workload per engine")
    ap.add_argument("--skip-rhino", action="store_true")
    args = ap.parse_args()
    rhino = not args.skip_rhino and have("rhino")
    if not rhino:
        print("Rhino: skipped" + ("" if have("rhino") else " (not installed)"))
    ok = all([bench(n, args.reps, rhino) for n in args.records])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
