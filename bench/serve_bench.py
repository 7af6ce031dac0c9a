"""`xtkjs serve` under load: SOAP Ingest envelopes over HTTP on loopback.

Side by side in one run, per backend (SQLite, then PostgreSQL):
  anchor   XtkSession.ingest in-process, one call after the other, each committed
           (what a script's Ingest costs without HTTP)
  server   `python -m runtime serve --tps 0` in a subprocess; this process posts Ingest envelopes
           with httpx on --concurrency connections for --seconds: sustained Ingest/s, p50/p99
           latency. Every acknowledged write is committed before its response (group commit).
  throttle the server restarted with `--tps T`; one client (one session) offers 4 x T requests/s
           for --seconds, open loop: the server must keep answering (429 + Retry-After for the
           excess, no connection error, bounded latency) and lose no acknowledged write:
           acknowledged UUIDs == rows in the staging table.

    python bench/serve_bench.py [--seconds S] [--concurrency C] [--tps T] [--pg URL | --no-pg]
PostgreSQL URL: --pg, else env XTKJS_TEST_POSTGRES_URL; skipped when neither is set.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import row  # noqa: E402

ROUTER = "/nl/jsp/soaprouter.jsp"
OPERATOR, PASSWORD = "bench", "bench-password"
DOC = '<sampleTableStg testcol1="value {i}" testcol2="testValue2" xtkschema="dem:sampleTableStg"></sampleTableStg>'
ENVELOPE = ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:xtk:session">'
            '<soapenv:Header/><soapenv:Body><urn:Ingest><urn:sessiontoken>{token}</urn:sessiontoken>'
            '<urn:domDoc>{doc}</urn:domDoc></urn:Ingest></soapenv:Body></soapenv:Envelope>')
LOGON = ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:xtk:session">'
         '<soapenv:Body><urn:Logon><urn:sessiontoken/><urn:strLogin>{u}</urn:strLogin><urn:strPassword>{p}'
         '</urn:strPassword><urn:elemParameters/></urn:Logon></soapenv:Body></soapenv:Envelope>')
UUID = re.compile(r"<pstrSUuids[^>]*>([0-9a-f-]{36})</pstrSUuids>")


# --- anchor ----------------------------------------------------------------------------------------

def anchor(store: dict, seconds: float) -> float:
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession

    with XtkSession(RunOptions(**store)) as s:
        s.ingest(DOC.format(i=-1))   # table creation out of the timing
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            s.ingest(DOC.format(i=n))
            n += 1
        return n / (time.perf_counter() - start)


# --- the server subprocess -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(self, store: dict, tps: float) -> None:
        self.port = free_port()
        cmd = [sys.executable, "-m", "runtime", "serve", "--port", str(self.port), "--tps", f"{tps:g}",
               "--home", str(store["home"])]
        if store.get("db"):
            cmd += ["--db", store["db"], "--cloud-db", store["cloud_db"]]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        import httpx

        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.proc.stderr.read().decode()}")
            try:
                httpx.get(self.base + "/nl/jsp/ping.jsp", timeout=1)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def logon(client) -> str:
    r = await client.post(ROUTER, content=LOGON.format(u=OPERATOR, p=PASSWORD))
    r.raise_for_status()
    return re.search(r"<pstrSessionToken[^>]*>([^<]+)<", r.text).group(1)


async def closed_loop(base: str, seconds: float, concurrency: int) -> dict:
    """`concurrency` workers, each posting one Ingest after the other."""
    import httpx

    lat: list[float] = []
    uuids: list[str] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        token = await logon(client)
        stop = time.perf_counter() + seconds
        counter = iter(range(10 ** 9))

        async def worker():
            nonlocal errors
            while time.perf_counter() < stop:
                body = ENVELOPE.format(token=token, doc=DOC.format(i=next(counter)))
                t0 = time.perf_counter()
                r = await client.post(ROUTER, content=body, headers={"Content-Type": "text/xml; charset=utf-8"})
                lat.append(time.perf_counter() - t0)
                m = UUID.search(r.text) if r.status_code == 200 else None
                if m:
                    uuids.append(m.group(1))
                else:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(concurrency)])
        elapsed = time.perf_counter() - start
    return {"rate": len(uuids) / elapsed, "lat": lat, "uuids": uuids, "errors": errors}


async def open_loop(base: str, seconds: float, rate: float, concurrency: int) -> dict:
    """Requests sent on a fixed schedule (`rate` per second), whatever the answers."""
    import httpx

    out = {"200": 0, "429": 0, "other": 0, "transport": 0, "uuids": [], "lat": [], "retry_after": set()}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        token = await logon(client)
        await asyncio.sleep(1.5)     # let the bucket refill after the logon

        async def one(i):
            body = ENVELOPE.format(token=token, doc=DOC.format(i=i))
            t0 = time.perf_counter()
            try:
                r = await client.post(ROUTER, content=body)
            except httpx.TransportError:
                out["transport"] += 1
                return
            out["lat"].append(time.perf_counter() - t0)
            if r.status_code == 200:
                m = UUID.search(r.text)
                out["200"] += 1
                if m:
                    out["uuids"].append(m.group(1))
            elif r.status_code == 429:
                out["429"] += 1
                out["retry_after"].add(r.headers.get("Retry-After"))
            else:
                out["other"] += 1

        tasks, n = [], int(seconds * rate)
        start = time.perf_counter()
        for i in range(n):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
        out["elapsed"] = time.perf_counter() - start
        out["sent"] = n
    return out


def staged_uuids(store: dict) -> list[str]:
    from sqlalchemy import text

    from runtime.options import RunOptions
    from runtime.xtk.store import get_engine, store_url

    eng = get_engine(store_url(RunOptions(**store), "local"))
    with eng.connect() as c:
        return [r[0] for r in c.execute(text("SELECT sStgUuid FROM DemSampleTableStg WHERE sStgUuid IS NOT NULL"))]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def create_staging_table(store: dict) -> None:
    """Table creation out of the measured phases."""
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession

    with XtkSession(RunOptions(**store)) as s:
        s.stores.local.table(s.registry.get("dem:sampleTableStg"))


def bench_backend(label: str, make_store, a) -> bool:
    """make_store(tag) -> a fresh store {home[, db, cloud_db]} for each phase."""
    from runtime.server.auth import OperatorStore

    print(f"{label}:")
    ok = True
    rate0 = anchor(make_store("anchor"), min(a.seconds, 3.0))
    row("anchor XtkSession.ingest in-process", f"{rate0:,.0f}/s", "one call after the other, each committed")
    store = make_store("load")
    OperatorStore(store["home"]).add(OPERATOR, PASSWORD)
    create_staging_table(store)
    srv = ServerProcess(store, tps=0)
    try:
        asyncio.run(closed_loop(srv.base, 1.0, a.concurrency))   # warm-up
        res = asyncio.run(closed_loop(srv.base, a.seconds, a.concurrency))
    finally:
        srv.stop()
    row(f"server Ingest over HTTP (c={a.concurrency})", f"{res['rate']:,.0f}/s",
        f"{res['rate'] / rate0:.0%} of the anchor; p50 {pct(res['lat'], 50) * 1000:.1f} ms, "
        f"p99 {pct(res['lat'], 99) * 1000:.1f} ms, errors {res['errors']}")
    stored = set(staged_uuids(store))
    lost = [u for u in res["uuids"] if u not in stored]
    row("  acknowledged / lost", f"{len(res['uuids']):,} / {len(lost)}")
    ok &= not lost and res["errors"] == 0

    store = make_store("throttle")
    OperatorStore(store["home"]).add(OPERATOR, PASSWORD)
    create_staging_table(store)
    srv = ServerProcess(store, tps=a.tps)
    try:
        t = asyncio.run(open_loop(srv.base, a.seconds, 4 * a.tps, 4 * a.concurrency))
    finally:
        srv.stop()
    stored = staged_uuids(store)
    lost = set(t["uuids"]) - set(stored)
    extra = len(stored) - len(t["uuids"])
    row(f"throttle --tps {a.tps:g}, offered {4 * a.tps:g}/s", f"{t['200'] / t['elapsed']:,.0f} ok/s",
        f"200: {t['200']}, 429: {t['429']} (Retry-After {','.join(sorted(x or '-' for x in t['retry_after']))}), "
        f"other: {t['other']}, connection errors: {t['transport']}")
    row("  latency under 4x load", f"p99 {pct(t['lat'], 99) * 1000:.1f} ms", f"p50 {pct(t['lat'], 50) * 1000:.1f} ms")
    row("  acknowledged vs rows in staging", f"{len(t['uuids']):,} / {len(stored):,}",
        f"lost {len(lost)}, unacknowledged rows {extra}")
    answered = t["200"] + t["429"] == t["sent"]
    ok &= answered and not lost and extra == 0 and t["429"] > 0
    print(f"  keeps answering and loses nothing: {'yes' if answered and not lost and extra == 0 else 'NO'}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each measured phase (default 5)")
    ap.add_argument("--concurrency", type=int, default=8, help="client connections (default 8)")
    ap.add_argument("--tps", type=float, default=25.0,
                    help="server throttle for the 4x phase (default 25: 4x stays within what a shared "
                         "2-CPU machine can offer)")
    ap.add_argument("--pg", default=os.environ.get("XTKJS_TEST_POSTGRES_URL"))
    ap.add_argument("--no-pg", action="store_true")
    a = ap.parse_args()
    print(f"xtkjs serve benchmark: {a.seconds:g} s per phase, {a.concurrency} connections, "
          f"{os.cpu_count()} CPUs (client, server and database share them)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        ok &= bench_backend("SQLite (WAL, server commits with synchronous=FULL)",
                            lambda tag: {"home": Path(tmp) / tag}, a)
    if a.pg and not a.no_pg:
        from sqlalchemy import create_engine, text

        e = create_engine(a.pg)
        made: dict[str, str] = {}

        def pg_store(tag: str) -> dict:
            name = f"bench_serve_{tag}"
            with e.begin() as c:
                c.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
                c.execute(text(f"CREATE SCHEMA {name}"))
            url = made[name] = f"{a.pg}{'&' if '?' in a.pg else '?'}options=-csearch_path%3D{name}"
            return {"home": Path(tmp) / tag, "db": url, "cloud_db": url}

        try:
            with tempfile.TemporaryDirectory() as tmp:
                ok &= bench_backend("PostgreSQL", pg_store, a)
        finally:
            from runtime.xtk.store import dispose_engines

            dispose_engines(list(made.values()))
            with e.begin() as c:
                for name in made:
                    c.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            e.dispose()
    else:
        print("PostgreSQL: skipped (no --pg URL and no XTKJS_TEST_POSTGRES_URL)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
