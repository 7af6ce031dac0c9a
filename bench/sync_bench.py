"""Sync job: moving N staged rows into the cloud table vs one hand-written INSERT … SELECT.

Side by side in one run, same database, same rows (key-less Ingest rows, the seed's first
snippet), same table definitions (the ones xtkjs creates):
  xtkjs   `start_sync()` — request bookkeeping, then per batch (--batch-size, default 10,000) one transaction
          that takes the rows (PostgreSQL: one WITH … FOR UPDATE SKIP LOCKED / DELETE … RETURNING
          / INSERT … SELECT statement; SQLite: an aggregate over the window, INSERT … SELECT,
          DELETE), counts them in the request and commits
  anchor  one `INSERT INTO DemSampleTable (…) SELECT … FROM DemSampleTableStg` and COMMIT
          (it leaves staging as it is, so it does strictly less work)
A second xtkjs figure syncs keyed rows (distinct keys, so one INSERT … SELECT … ON CONFLICT
(key) DO UPDATE per batch), for information. Stores on SQLite (one file for local and cloud)
and PostgreSQL (one database).

    python bench/sync_bench.py [--rows N] [--repeat R] [--batch-size B] [--pg URL | --no-pg] [--pg-rows M]
PostgreSQL URL: --pg, else env XTKJS_TEST_POSTGRES_URL. --pg-rows 1000000 gives the 1M figure.
Target (issue 5): xtkjs <= 2x the anchor's time for 100,000 rows.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid as uuidlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runtime.options import RunOptions  # noqa: E402
from runtime.sync import start_sync  # noqa: E402
from runtime.xtk.ingest import XtkSession  # noqa: E402
from runtime.xtk.store import dispose_engines  # noqa: E402

STG, BASE = "dem:sampleTableStg", "dem:sampleTable"


def stage(options: RunOptions, n: int, keyed: bool) -> None:
    """Put n staged rows in place with one executemany (what n Ingest calls leave behind)."""
    from sqlalchemy import delete, insert

    with XtkSession(options) as s:
        stg = s.stores.local.table(s.registry.get(STG))
        base = s.stores.cloud.table(s.registry.get(BASE))
        conn = s.stores.local.conn
        conn.execute(delete(stg))
        s.stores.cloud.conn.execute(delete(base))
        now = time.time()
        import datetime as dt

        ts = dt.datetime.fromtimestamp(now)
        rows = [{"sStgOperation": "insert", "tsStgCreated": ts, "sStgUuid": str(uuidlib.uuid4()),
                 "sStgKey": None, "sId": None, "sTestcol1": f"testValue1-{i}", "sTestcol2": "testValue2"}
                for i in range(n)]
        if keyed:
            for i, r in enumerate(rows):
                r.update(sStgOperation="insert", sStgKey="id", sId=f"K{i}")
        cols = {c.name.lower(): c.name for c in stg.c}
        conn.execute(insert(stg), [{cols[k.lower()]: v for k, v in r.items()} for r in rows])
        s.stores.cloud.commit()
        s.stores.local.commit()


def run_sync(options: RunOptions, batch_size: int) -> float:
    t0 = time.perf_counter()
    [req] = start_sync(options, [STG], batch_size=batch_size)
    elapsed = time.perf_counter() - t0
    assert req.status == "Success", (req.status, req.info)
    return elapsed


def run_anchor(options: RunOptions) -> float:
    """The hand-written statement, on its own connection."""
    from sqlalchemy import text

    from runtime.xtk.store import get_engine, store_url

    engine = get_engine(store_url(options, "local"))
    with engine.connect() as conn:
        t0 = time.perf_counter()
        conn.execute(text("INSERT INTO DemSampleTable (sId, sTestcol1, sTestcol2, sUuid) "
                          "SELECT sId, sTestcol1, sTestcol2, sStgUuid FROM DemSampleTableStg ORDER BY iStgSeq"))
        conn.commit()
        return time.perf_counter() - t0


def cloud_count(options: RunOptions) -> int:
    from sqlalchemy import text

    from runtime.xtk.store import get_engine, store_url

    with get_engine(store_url(options, "cloud")).connect() as conn:
        return conn.execute(text("SELECT COUNT(*) FROM DemSampleTable")).scalar_one()


def bench(label: str, options: RunOptions, n: int, repeat: int, batch_size: int) -> None:
    xt, an, keyed = [], [], []
    for _ in range(repeat):
        stage(options, n, keyed=False)
        an.append(run_anchor(options))
        stage(options, n, keyed=False)
        xt.append(run_sync(options, batch_size))
        assert cloud_count(options) == n
        stage(options, n, keyed=True)
        keyed.append(run_sync(options, batch_size))
        assert cloud_count(options) == n
    x, a, k = statistics.median(xt), statistics.median(an), statistics.median(keyed)
    print(f"{label}: {n:,} rows, batch {batch_size:,}, median of {repeat}")
    print(f"  anchor INSERT … SELECT        {a * 1000:9.0f} ms  {n / a:12,.0f} rows/s")
    print(f"  xtkjs sync (key-less rows)    {x * 1000:9.0f} ms  {n / x:12,.0f} rows/s   {x / a:.2f}x the anchor's time (target <= 2x)")
    print(f"  xtkjs sync (keyed upserts)    {k * 1000:9.0f} ms  {n / k:12,.0f} rows/s   {k / a:.2f}x (information)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=10_000)
    ap.add_argument("--pg", default=os.environ.get("XTKJS_TEST_POSTGRES_URL"))
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--pg-rows", type=int, default=0, help="also run PostgreSQL with this many rows (e.g. 1000000)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        bench("SQLite", RunOptions(home=Path(tmp), db=db, cloud_db=db), args.rows, args.repeat, args.batch_size)
    if args.pg and not args.no_pg:
        from sqlalchemy import create_engine, text

        schema = "bench_sync_" + uuidlib.uuid4().hex[:8]
        admin = create_engine(args.pg)
        with admin.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
        sep = "&" if "?" in args.pg else "?"
        url = f"{args.pg}{sep}options=-csearch_path%3D{schema}"
        try:
            with tempfile.TemporaryDirectory() as tmp:
                opts = RunOptions(home=Path(tmp), db=url, cloud_db=url)
                bench("PostgreSQL", opts, args.rows, args.repeat, args.batch_size)
                if args.pg_rows:
                    bench("PostgreSQL", opts, args.pg_rows, 1, args.batch_size)
        finally:
            dispose_engines()
            with admin.begin() as c:
                c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    else:
        print("PostgreSQL: skipped (no --pg and no XTKJS_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
