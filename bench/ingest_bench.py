"""Ingest write path: 100,000 `xtk.session.Ingest` calls from one script vs a raw executemany.

Side by side in one run, same rows, same columns, same table definition (copied from the staging
table xtkjs creates), same database and journal settings:
  SQLite      xtkjs (file-backed, WAL, synchronous=NORMAL)  vs  sqlite3 executemany, one transaction
  PostgreSQL  xtkjs --db URL                                 vs  psycopg executemany, one transaction
The script time counts everything from the first Ingest to the committed end of the run
(validation, UUIDs, the bridge, inserts, the final flush and commit); V8 start-up is not counted.

    python bench/ingest_bench.py [--rows N] [--repeat R] [--doc xml|jxon] [--pg URL | --no-pg]
PostgreSQL URL: --pg, else env XTKJS_TEST_POSTGRES_URL; skipped when neither is set.
Target (issue 4): xtkjs >= 50% of the raw rows/s on SQLite.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
import uuid as uuidlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runtime.host import HostEnv  # noqa: E402
from runtime.options import RunOptions  # noqa: E402
from runtime.sandbox import Sandbox  # noqa: E402

SCRIPTS = {
    "xml": """for (var i = 0; i < {n}; i++) {{
  xtk.session.Ingest('<sampleTableStg testcol1="testValue1-' + i + '" testcol2="testValue2" xtkschema="dem:sampleTableStg"></sampleTableStg>');
}}""",
    "jxon": """for (var i = 0; i < {n}; i++) {{
  xtk.session.Ingest({{sampleTableStg: {{testcol1: "testValue1-" + i, testcol2: "testValue2", xtkschema: "dem:sampleTableStg"}}}});
}}""",
    "e4x": """for (var i = 0; i < {n}; i++) {{
  xtk.session.Ingest(<sampleTableStg testcol1={{"testValue1-" + i}} testcol2="testValue2" xtkschema="dem:sampleTableStg"></sampleTableStg>);
}}""",
}
COLS = "sStgOperation, tsStgCreated, sStgUuid, sStgKey, sTestcol1, sTestcol2"


def run_xtkjs(options: RunOptions, n: int, doc: str) -> float:
    src = SCRIPTS[doc].format(n=n)
    if doc == "e4x":
        from runtime.e4x import transpile

        src = transpile(src, "bench.js")
    env = HostEnv(options)
    sb = Sandbox(env)
    try:
        start = time.perf_counter()
        sb.run(src, "bench.js", timeout=None)
        sb.eval_value("__xtkFlush()")
        env.close(True)
        return time.perf_counter() - start
    finally:
        sb.close()


def rows_for(n: int) -> list[tuple]:
    created = "2024-01-01 00:00:00.000000"
    return [("insert", created, str(uuidlib.uuid4()), None, f"testValue1-{i}", "testValue2") for i in range(n)]


def sqlite_ddl(db: Path) -> list[str]:
    import sqlite3

    c = sqlite3.connect(db)
    ddl = [r[0] for r in c.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'DemSampleTableStg' "
                                   "AND sql IS NOT NULL ORDER BY type DESC")]
    c.close()
    return [d.replace("DemSampleTableStg", "RawStg") for d in ddl]


def run_raw_sqlite(db: Path, ddl: list[str], rows: list[tuple]) -> float:
    import sqlite3

    if db.exists():
        db.unlink()
    c = sqlite3.connect(db)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA synchronous=NORMAL")
    for d in ddl:
        c.execute(d)
    c.commit()
    start = time.perf_counter()
    c.executemany(f"INSERT INTO RawStg ({COLS}) VALUES (?, ?, ?, ?, ?, ?)", rows)
    c.commit()
    elapsed = time.perf_counter() - start
    c.close()
    return elapsed


def run_raw_pg(url: str, pg_schema: str, rows: list[tuple]) -> float:
    import psycopg
    from sqlalchemy import MetaData
    from sqlalchemy.engine import make_url

    from runtime.xtk.schema import load_registry
    from runtime.xtk.store import build_table, get_engine

    schema = dataclasses.replace(load_registry(()).get("dem:sampleTableStg"), table="RawStg")
    eng = get_engine(url)
    t = build_table(schema, MetaData())   # same columns and indexes, another name
    with eng.begin() as c:
        t.drop(c, checkfirst=True)
        t.create(c)
    u = make_url(url).difference_update_query(["options"])
    conninfo = u.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as c:
        c.execute(f"SET search_path TO {pg_schema}")
        c.commit()
        start = time.perf_counter()
        with c.cursor() as cur:
            cur.executemany(f"INSERT INTO RawStg ({COLS}) VALUES (%s, %s, %s, %s, %s, %s)", rows)
        c.commit()
        return time.perf_counter() - start


def report(label: str, n: int, ours: list[float], raw: list[float], anchor: str) -> float:
    o, r = statistics.median(ours), statistics.median(raw)
    ratio = (n / o) / (n / r)
    print(f"{label}: {n:,} rows, median of {len(ours)}")
    print(f"  xtkjs Ingest            {n / o:>12,.0f} rows/s  ({o:.3f} s)")
    print(f"  raw {anchor:<20} {n / r:>12,.0f} rows/s  ({r:.3f} s)")
    print(f"  ratio xtkjs/raw         {ratio:>12.1%}")
    return ratio


def _pg_schemas(base: str, names, create: bool) -> None:
    """Drop the bench schemas `names` (and create them afresh when `create`)."""
    from sqlalchemy import create_engine, text

    e = create_engine(base)
    with e.begin() as c:
        for name in names:
            c.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            if create:
                c.execute(text(f"CREATE SCHEMA {name}"))
    e.dispose()


def drop_pg_schemas(base: str, names) -> None:
    _pg_schemas(base, names, create=False)


def pg_schema_url(base: str, name: str) -> str:
    """A URL whose tables live in a fresh schema `name`."""
    _pg_schemas(base, [name], create=True)
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{name}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--doc", choices=sorted(SCRIPTS), default="xml",
                    help="document form in the script (default xml text; e4x needs runtime/e4x)")
    ap.add_argument("--pg", default=os.environ.get("XTKJS_TEST_POSTGRES_URL"))
    ap.add_argument("--no-pg", action="store_true")
    a = ap.parse_args()
    n = a.rows
    rows = rows_for(n)
    print(f"documents: {a.doc}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ours, raw = [], []
        ddl = None
        for i in range(a.repeat):
            home = tmp / f"home{i}"
            ours.append(run_xtkjs(RunOptions(home=home, timeout=None), n, a.doc))
            if ddl is None:
                ddl = sqlite_ddl(home / "local.db")
            raw.append(run_raw_sqlite(tmp / "raw.db", ddl, rows))
        ratio = report("SQLite", n, ours, raw, "sqlite3 executemany")
        print(f"  target >= 50%: {'met' if ratio >= 0.5 else 'MISSED'}")
    if a.pg and not a.no_pg:
        from runtime.xtk.store import dispose_engines

        ours, raw = [], []
        for i in range(a.repeat):
            name = f"bench_ingest_{i}"
            url = pg_schema_url(a.pg, name)
            ours.append(run_xtkjs(RunOptions(db=url, cloud_db=url, home=Path(tempfile.gettempdir()), timeout=None),
                                  n, a.doc))
            raw.append(run_raw_pg(url, name, rows))
            dispose_engines([url])
        report("PostgreSQL", n, ours, raw, "psycopg executemany")
        drop_pg_schemas(a.pg, [f"bench_ingest_{i}" for i in range(a.repeat)])
    else:
        print("PostgreSQL: skipped (no --pg URL and no XTKJS_TEST_POSTGRES_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
