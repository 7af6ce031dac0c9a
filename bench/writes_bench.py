"""Unitary writes at bulk speed: IngestExt, Write and WriteCollection against Ingest and a raw
executemany, side by side in one run, on SQLite and PostgreSQL.

Each case is one script making N calls (one row each; WriteCollection: collections of 100 items),
timed from the first call to the committed end of the run (validation, the bridge, the batched
statements, the final flush and commit); V8 start-up and the set-up of existing rows are not
counted. Cases:
  Ingest                  N keyless inserts (the anchor of the targets)
  IngestExt update        N upserts by key of rows already staged (folded into the pending rows)
  IngestExt upsert new    N upserts of new keys (appended)
  IngestExt _op=update    N explicit updates of staged rows (each key checked at its call)
  IngestExt _op=insert    N explicit inserts of new keys (each key checked absent at its call)
  Write                   N Writes (insert-or-update by key) of new records
  Write update            N Writes updating existing records
  Write _op=update        N explicit updates of existing records (each key checked at its call)
  Write _op=insert        N explicit inserts of new records (each key checked absent at its call)
  WriteCollection         N records in collections of 100
  raw executemany         N rows into a copy of the staging table, one transaction

    python bench/writes_bench.py [--rows N] [--repeat R] [--linear] [--pg URL | --no-pg]
                                 [--cases "Write _op=update,WriteCollection"]
Targets (issue 16): every write API >= 50% of Ingest's rows/s; linear (100k within 12x of 10k).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ingest_bench import drop_pg_schemas, pg_schema_url, rows_for, run_raw_pg, run_raw_sqlite, sqlite_ddl  # noqa: E402
from runtime.host import HostEnv  # noqa: E402
from runtime.options import RunOptions  # noqa: E402
from runtime.sandbox import Sandbox  # noqa: E402

S = 'xtkschema="dem:sampleTableStg"'
T = 'xtkschema="dem:sampleTable"'
STAGED = f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.Ingest('<sampleTableStg _key="@id" id="K' + i + '" testcol1="v' + i + '" {S}/>');"""
TABLE = f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.Write('<sampleTable id="K' + i + '" testcol1="v' + i + '" {T}/>');"""
CASES = {
    # name: (set-up script or None, timed script)
    "Ingest": (None, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.Ingest('<sampleTableStg testcol1="testValue1-' + i + '" testcol2="testValue2" {S}/>');"""),
    "IngestExt update": (STAGED, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.IngestExt('<sampleTableStg _key="@id" id="K' + i + '" testcol2="u' + i + '" {S}/>');"""),
    "IngestExt upsert new": (None, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.IngestExt('<sampleTableStg _key="@id" id="N' + i + '" testcol1="v' + i + '" {S}/>');"""),
    "IngestExt _op=update": (STAGED, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K' + i + '" testcol2="u' + i + '" {S}/>');"""),
    "IngestExt _op=insert": (None, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="insert" id="N' + i + '" testcol1="v' + i + '" {S}/>');"""),
    "Write": (None, TABLE),
    "Write update": (TABLE, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.Write('<sampleTable id="K' + i + '" testcol2="u' + i + '" {T}/>');"""),
    "Write _op=update": (TABLE, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.Write('<sampleTable _operation="update" id="K' + i + '" testcol2="u' + i + '" {T}/>');"""),
    "Write _op=insert": (None, f"""for (var i = 0; i < {{n}}; i++)
  xtk.session.Write('<sampleTable _operation="insert" id="K' + i + '" testcol1="v' + i + '" {T}/>');"""),
    "WriteCollection": (None, f"""for (var c = 0; c < {{n}} / 100; c++) {{{{
  var x = '<sampleTable-collection {T}>';
  for (var i = c * 100; i < c * 100 + 100; i++) x += '<sampleTable id="K' + i + '" testcol1="v' + i + '"/>';
  xtk.session.WriteCollection(x + '</sampleTable-collection>');
}}}}"""),
}


def run_script(options: RunOptions, src: str, timed: bool = True) -> float:
    env = HostEnv(options)
    sb = Sandbox(env)
    try:
        start = time.perf_counter()
        sb.run(src, "bench.js", timeout=None)
        sb.flush_pending()
        env.close(True)
        return time.perf_counter() - start
    finally:
        sb.close()


def run_case(options: RunOptions, name: str, n: int) -> float:
    setup, timed = CASES[name]
    if setup:
        run_script(options, setup.format(n=n))
    return run_script(options, timed.format(n=n))


def bench_engine(label: str, make_options, raw, n: int, repeat: int, linear: bool, cases: list[str]) -> None:
    results: dict[str, list[float]] = {name: [] for name in cases}
    raw_times = []
    for name in cases:   # warm-up (imports, schema registry, first table creation): not timed
        run_case(make_options(f"warm_{_slug(name)}"), name, min(n, 1000))
    for r in range(repeat):
        for name in cases:
            results[name].append(run_case(make_options(f"{r}_{len(results[name])}_{_slug(name)}"), name, n))
        raw_times.append(raw())
    ingest = n / statistics.median(results["Ingest"])
    raw_rate = n / statistics.median(raw_times)
    print(f"{label}: {n:,} rows, median of {repeat}")
    print(f"  {'raw executemany':<24} {raw_rate:>10,.0f} rows/s")
    for name, times in results.items():
        rate = n / statistics.median(times)
        ratio = rate / ingest
        note = "" if name == "Ingest" else f"{ratio:>7.1%} of Ingest  {'met' if ratio >= 0.5 else 'MISSED'}"
        print(f"  {name:<24} {rate:>10,.0f} rows/s  ({statistics.median(times):.2f} s)  {note}")
    print(f"  Ingest / raw executemany: {ingest / raw_rate:.1%}")
    if linear:
        small = max(1, n // 10)
        print(f"  linearity ({n:,} rows vs {small:,}; target within 12x):")
        for name in cases:
            t_small = statistics.median([run_case(make_options(f"lin{r}_{_slug(name)}"), name, small)
                                         for r in range(repeat)])
            factor = statistics.median(results[name]) / t_small
            print(f"    {name:<24} {factor:>5.1f}x  {'met' if factor <= 12 else 'MISSED'}")


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name).lower()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--linear", action="store_true", help="also time N/10 rows (the linearity target)")
    ap.add_argument("--pg", default=os.environ.get("XTKJS_TEST_POSTGRES_URL"))
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--cases", default="", help="comma-separated case names to run (Ingest, the anchor, always runs)")
    a = ap.parse_args()
    cases = list(CASES)
    if a.cases:
        chosen = {c.strip() for c in a.cases.split(",") if c.strip()}
        unknown = chosen - set(CASES)
        if unknown:
            ap.error(f"unknown case(s): {', '.join(sorted(unknown))}; known: {', '.join(CASES)}")
        cases = [c for c in CASES if c == "Ingest" or c in chosen]
    n = a.rows
    rows = rows_for(n)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not a.no_sqlite:
            homes = []

            def sqlite_options(tag: str) -> RunOptions:
                homes.append(tmp / f"home_{tag}")
                return RunOptions(home=homes[-1], timeout=None)

            def sqlite_raw() -> float:
                return run_raw_sqlite(tmp / "raw.db", sqlite_ddl(homes[0] / "local.db"), rows)

            bench_engine("SQLite", sqlite_options, sqlite_raw, n, a.repeat, a.linear, cases)
        if a.pg and not a.no_pg:
            from runtime.xtk.store import dispose_engines

            made = []

            def pg_options(tag: str) -> RunOptions:
                name = f"bench_w_{os.getpid()}_{tag}"[:60]   # (two benches at once do not share schemas)
                if made:   # the previous case has finished: its pooled connections would pile up
                    dispose_engines([made[-1][1]])
                url = pg_schema_url(a.pg, name)
                made.append((name, url))
                return RunOptions(db=url, cloud_db=url, home=tmp, timeout=None)

            def pg_raw() -> float:
                pg_options(f"raw{len(made)}")   # a fresh schema for the anchor's table
                name, url = made[-1]
                return run_raw_pg(url, name, rows)

            try:
                bench_engine("PostgreSQL", pg_options, pg_raw, n, a.repeat, a.linear, cases)
            finally:
                dispose_engines([u for _, u in made])
                drop_pg_schemas(a.pg, [name for name, _ in made])
        else:
            print("PostgreSQL: skipped (no --pg URL and no XTKJS_TEST_POSTGRES_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
