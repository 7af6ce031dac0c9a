"""Small helpers shared by the benchmark scripts (timing, medians, table output)."""
from __future__ import annotations

import shutil
import statistics
import subprocess
import time


def median_seconds(cmd: list[str], runs: int, cwd: str | None = None) -> float:
    """Median wall time of a command over `runs` runs (after one warm-up run)."""
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<38} {value:>14}  {note}")
