"""E4X workload on xtkjs and on Rhino, side by side in one run, with identical output required.

The script (one file, run unchanged by both engines) builds a document of N records from
literals with interpolation (the `coll.appendChild(<rec a={…}>…</rec>)` pattern of Campaign
workflows), reads attributes, filters with predicates, walks descendants, serializes and
re-parses. Each phase prints its result and, on a separate `time` line, its milliseconds; the
result lines must be equal across engines. Ratios are Rhino time / xtkjs time per phase, plus
the whole process (start-up included).

    python bench/e4x_bench.py [--records N] [--skip-rhino]
Target (issue 3): xtkjs >= 20x faster than Rhino on the whole workload.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import have  # noqa: E402

# N and the phase timer, shared with the plain-JavaScript floor (bench/e4x_floor.js).
PRELUDE = r"""
var N = %(n)d;
function phase(name, fn) {
  var t0 = new Date().getTime();
  var result = fn();
  var ms = new Date().getTime() - t0;
  print(name + ": " + result);
  print("time " + name + " " + ms);
}
"""
WORKLOAD = PRELUDE + r"""var doc;
phase("build", function () {
  doc = <records source="bench" xtkschema="dem:sampleTable"/>;
  for (var i = 0; i < N; i++) {
    doc.appendChild(<record group={i %% 10} id={"R" + i} label={"name & <" + i + '"'}>
      <value>{i * 3}</value>
      <note>{i %% 7 == 0 ? "seventh" : "plain"}</note>
    </record>);
  }
  return doc.record.length();
});
phase("attributes", function () {
  var sum = 0, n = 0;
  for each (var r in doc.record) { sum += Number(r.@group); n += r.@label.toString().length; }
  return sum + " " + n;
});
phase("filter", function () {
  var g3 = doc.record.(@group == 3);
  var big = doc.record.(Number(value) > 3 * N - 300);
  var seventh = doc.record.(note == "seventh" && @group == 0);
  return g3.length() + " " + big.length() + " " + seventh.length() + " " + g3[0].@id;
});
phase("descendants", function () {
  var total = 0;
  for each (var v in doc..value) total += Number(v);
  return doc..note.length() + " " + doc..@id.length() + " " + total;
});
var text;
phase("serialize", function () {
  text = doc.toXMLString();
  return text.length + " " + text.substring(0, 120).replace(/\n/g, "|");
});
phase("parse", function () {
  var again = new XML(text);
  return again.record.length() + " " + (again.toXMLString() == text) + " " + again.record[N - 1].@label;
});
"""


def run(cmd: list[str]) -> tuple[float, list[str], dict[str, int]]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    results, times = [], {}
    for line in p.stdout.splitlines():
        if line.startswith("time "):
            _, name, ms = line.split()
            times[name] = int(ms)
        else:
            results.append(line)
    return wall, results, times


def transpile_speed() -> None:
    """The transpiler on a 5,000-line script (the sample block of the transpiler tests)."""
    from runtime.e4x import transpile

    block = (Path(__file__).resolve().parent.parent / "tests/e4x/transpile_sample.js").read_text(encoding="utf-8")
    src = "\n".join([block] * (5000 // (block.count("\n") + 1) + 1))
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        transpile(src, "big.js")
        best = min(best, time.process_time() - t0)
    print(f"  transpile {src.count(chr(10)) + 1:,} lines: {best * 1000:.0f} ms CPU (best of 3)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--skip-rhino", action="store_true", help="xtkjs only (Rhino needs minutes at 20,000)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "e4x_workload.js"
        script.write_text(WORKLOAD % {"n": args.records}, encoding="utf-8")
        x_wall, x_out, x_times = run([sys.executable, "-m", "runtime", "run", "--timeout", "0",
                                      "--home", tmp, str(script)])
        print(f"E4X workload, {args.records:,} records")
        transpile_speed()
        if args.skip_rhino or not have("rhino"):
            print("  Rhino: skipped" + ("" if have("rhino") else " (not installed: apt-get install rhino)"))
            for name, ms in x_times.items():
                print(f"  {name:<12} xtkjs {ms:8d} ms")
            print(f"  whole run    xtkjs {x_wall * 1000:8.0f} ms")
            return
        r_wall, r_out, r_times = run(["rhino", str(script)])
    same = x_out == r_out
    print(f"  output identical to Rhino: {'yes' if same else 'NO'}")
    if not same:
        for a, b in zip(x_out, r_out):
            if a != b:
                print(f"    xtkjs: {a}\n    rhino: {b}")
    print(f"  {'phase':<12} {'xtkjs ms':>10} {'rhino ms':>10} {'ratio':>8}")
    for name in x_times:
        x, r = x_times[name], r_times.get(name, 0)
        print(f"  {name:<12} {x:>10d} {r:>10d} {r / max(x, 1):>7.1f}x")
    print(f"  {'whole run':<12} {x_wall * 1000:>10.0f} {r_wall * 1000:>10.0f} {r_wall / x_wall:>7.1f}x"
          "   (process wall time incl. start-up; target >= 20x)")


if __name__ == "__main__":
    main()
