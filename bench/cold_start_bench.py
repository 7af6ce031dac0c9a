"""Cold start of `xtkjs run` on an empty script beside `rhino -e ''` and `node -e ''`, measured
in the same run (median of N runs each), printed as ratios. Target: xtkjs <= 1.2x Rhino.

    python bench/cold_start_bench.py [--runs N]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _common import have, median_seconds, row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    xtkjs = shutil.which("xtkjs")
    if xtkjs is None:
        sys.exit("xtkjs is not installed (pip install -e .)")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "empty.js"
        script.write_text("// nothing\n")
        results = {"xtkjs run empty.js": median_seconds([xtkjs, "run", str(script)], args.runs, tmp)}
        if have("rhino"):
            results["rhino -e ''"] = median_seconds(["rhino", "-e", ""], args.runs, tmp)
        if have("node"):
            results["node -e ''"] = median_seconds(["node", "-e", ""], args.runs, tmp)
    print(f"Cold start, median of {args.runs} runs each (same run)")
    for label, seconds in results.items():
        row(label, f"{seconds * 1000:.0f} ms")
    ours = results["xtkjs run empty.js"]
    if "rhino -e ''" in results:
        ratio = ours / results["rhino -e ''"]
        row("ratio xtkjs / rhino", f"{ratio:.2f}x", "target <= 1.2x: " + ("met" if ratio <= 1.2 else "MISSED"))
    else:
        print("  rhino not installed (apt-get install rhino): no anchor ratio")
    if "node -e ''" in results:
        node = results["node -e ''"]
        row("ratio xtkjs / node", f"{ours / node:.2f}x")


if __name__ == "__main__":
    main()
