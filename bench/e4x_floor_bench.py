"""E4X workload on xtkjs against its plain-JavaScript floor (same V8) and Rhino, in one run.

The floor (bench/e4x_floor.js) does the work of bench/e4x_bench.py's E4X script with plain
objects, a hand-written printer and parser, and must print byte-identical result lines. It runs
in mini-racer with xtkjs's V8 flags, in a fresh context per run. Every engine runs the workload
`--runs` times (default 3) as separate runs; per phase the median of the in-engine phase times
is reported (start-up and transpiling excluded). Ratios: xtkjs/floor (target <= 3x, goal 1.5x)
and Rhino/xtkjs (target for the whole workload, the sum of the phases: >= 20x).

    python bench/e4x_floor_bench.py [--records 5000 20000] [--runs 3] [--skip-rhino]
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
from e4x_bench import WORKLOAD  # noqa: E402

PHASES = ("build", "attributes", "filter", "descendants", "serialize", "parse")


def parse_output(stdout: str) -> tuple[list[str], dict[str, int]]:
    results, times = [], {}
    for line in stdout.splitlines():
        if line.startswith("time "):
            _, name, ms = line.split()
            times[name] = int(ms)
        elif line:
            results.append(line)
    return results, times


def run_process(cmd: list[str]) -> tuple[list[str], dict[str, int]]:
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return parse_output(p.stdout)


def run_floor(n: int) -> tuple[list[str], dict[str, int]]:
    """The floor script in a fresh mini-racer context with xtkjs's V8 flags (no transpiler)."""
    from runtime.sandbox import Sandbox

    js = (HERE / "e4x_floor.js").read_text(encoding="utf-8").replace("%(n)d", str(n))
    with Sandbox() as sb:
        out = sb.eval_value("(function () { var __out = [];\n"
                            "function print(s) { __out.push(String(s)); }\n"
                            + js + "\nreturn __out.join('\\n'); }())")
    return parse_output(out)


def medians(runs: list[dict[str, int]]) -> dict[str, float]:
    return {p: statistics.median(r[p] for r in runs) for p in PHASES}


def bench(n: int, runs: int, rhino: bool) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "e4x_workload.js"
        script.write_text(WORKLOAD % {"n": n}, encoding="utf-8")
        engines = {"xtkjs": lambda: run_process([sys.executable, "-m", "runtime", "run", "--timeout", "0",
                                                 "--home", tmp, str(script)]),
                   "floor": lambda: run_floor(n)}
        if rhino:
            engines["rhino"] = lambda: run_process(["rhino", str(script)])
        outputs, times = {}, {}
        for name, fn in engines.items():
            got = [fn() for _ in range(runs)]
            outputs[name] = got[0][0]
            if any(g[0] != outputs[name] for g in got):
                print(f"  {name}: output differs between runs")
            times[name] = medians([g[1] for g in got])
    same = all(out == outputs["xtkjs"] for out in outputs.values())
    print(f"\nE4X workload, {n:,} records, median of {runs} runs (ms, in-engine, start-up excluded)")
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
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-rhino", action="store_true")
    args = ap.parse_args()
    rhino = not args.skip_rhino and have("rhino")
    if not rhino:
        print("Rhino: skipped" + ("" if have("rhino") else " (not installed)"))
    ok = all([bench(n, args.runs, rhino) for n in args.records])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
