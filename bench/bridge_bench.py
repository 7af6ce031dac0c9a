"""Host-call round trips per second through the synchronous bridge (target >= 50,000/s with
small payloads), beside mini-racer's public async route (`wrap_py_function`) as the anchor.

    python bench/bridge_bench.py [--calls N]
"""
from __future__ import annotations

import argparse
import asyncio
import time

from py_mini_racer import MiniRacer

from _common import row
from runtime._bridge import SyncBridge


def sync_bridge(calls: int, payload_js: str) -> float:
    mr = MiniRacer()
    SyncBridge(mr, lambda name, args: args[0])
    mr.eval(f"var p = {payload_js}; for (let i = 0; i < 1000; i++) __host.call('echo', [p]);")  # warm-up
    start = time.perf_counter()
    mr.eval(f"for (let i = 0; i < {calls}; i++) __host.call('echo', [p]);")
    return calls / (time.perf_counter() - start)


def async_anchor(calls: int) -> float:
    """mini-racer's own JS -> Python route: every call is a Promise resolved by asyncio."""
    async def main() -> float:
        mr = MiniRacer()

        async def echo(x):
            return x

        async with mr.wrap_py_function(echo) as fn:
            run = mr.eval("async (f, n) => { for (let i = 0; i < n; i++) await f(i); return n; }")
            start = time.perf_counter()
            await run(fn, calls)
            return calls / (time.perf_counter() - start)

    return asyncio.run(main())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=200_000)
    args = ap.parse_args()
    print(f"Host-call round trips ({args.calls:,} calls each, same process, same run)")
    small = sync_bridge(args.calls, "1")
    rec = sync_bridge(args.calls // 4, "{id: 'ABC12345', testcol1: 'testValue1', testcol2: 'testValue2'}")
    kb = sync_bridge(args.calls // 20, "'x'.repeat(1024)")
    anchor = async_anchor(min(args.calls, 20_000))
    row("xtkjs sync bridge, small payload", f"{small:,.0f}/s", "target >= 50,000/s: " + ("met" if small >= 50_000 else "MISSED"))
    row("xtkjs sync bridge, 3-field record", f"{rec:,.0f}/s")
    row("xtkjs sync bridge, 1 KB string", f"{kb:,.0f}/s")
    row("anchor: mini-racer wrap_py_function", f"{anchor:,.0f}/s", "(async: JS must await a Promise)")
    print(f"  ratio sync/async anchor: {small / anchor:.1f}x")


if __name__ == "__main__":
    main()
