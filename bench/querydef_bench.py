"""queryDef cost next to the same SELECT written by hand, in one run (SQLite).

Anchor: the equivalent SQL (join, filter, order) run with SQLAlchemy `text()` on the same
connection (the cloud store, the shop's home). Measured: `execute_query` of the queryDef (parse, compile, one statement, XML),
and the compile of a 5,000-term OR condition. Run: `python bench/querydef_bench.py`.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import row  # noqa: E402

SHOP = Path(__file__).resolve().parent.parent / "scripts" / "shop_schemas"
N_ORDERS = 20_000
QUERY = ('<queryDef schema="shp:order" operation="select"><select><node expr="@ref"/>'
         '<node expr="@amount"/><node expr="[customer/@email]"/></select>'
         '<where><condition expr="@amount &gt; 50"/><condition expr="[customer/@country] = \'FR\'"/></where>'
         '<orderBy><node expr="@ref"/></orderBy></queryDef>')
SQL = ("SELECT o.sRef, o.dAmount, c.sEmail FROM ShpOrder o LEFT OUTER JOIN ShpCustomer c ON o.iCustomerId = c.iCustomerId "
       "WHERE o.dAmount > :a AND c.sCountry = :c ORDER BY o.sRef")


def timed(fn, runs: int = 7) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    from sqlalchemy import insert, text

    from runtime.options import RunOptions
    from runtime.xtk.conditions import Compiler, parse
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.querydef import execute_query

    with tempfile.TemporaryDirectory() as home:
        s = XtkSession(RunOptions(home=Path(home), schema_dirs=[SHOP]))
        st = s.stores.cloud     # the shop's schemas live in the cloud store
        customers = st.table(s.registry.get("shp:customer"))
        orders = st.table(s.registry.get("shp:order"))
        st.conn.execute(insert(customers), [{"sEmail": f"c{i}@x.com", "sCountry": "FR" if i % 2 else "DE"}
                                            for i in range(1000)])
        st.conn.execute(insert(orders), [{"sRef": f"O{i:06d}", "dAmount": i % 100, "iCustomerId": i % 1000 + 1}
                                         for i in range(N_ORDERS)])
        st.commit()
        rows = len(st.conn.execute(text(SQL), {"a": 50, "c": "FR"}).all())
        anchor = timed(lambda: st.conn.execute(text(SQL), {"a": 50, "c": "FR"}).all())
        qd = timed(lambda: execute_query(s, QUERY))
        terms = " OR ".join(f"@ref = 'K{i}'" for i in range(5000))
        schema = s.registry.get("shp:order")
        compile_5000 = timed(lambda: Compiler(schema.id, lambda n: orders.c[schema.fields[n].sqlname]).compile(terms), 3)
        parse_5000 = timed(lambda: parse(terms), 3)
        s.finish(True)
    print(f"queryDef vs hand-written SQL, {N_ORDERS} orders, {rows} rows returned (SQLite)")
    row("hand-written SQL (anchor)", f"{anchor * 1000:.1f} ms")
    row("queryDef (compile + run + XML)", f"{qd * 1000:.1f} ms", f"x{qd / anchor:.2f} of the anchor")
    row("parse 5,000-term OR", f"{parse_5000 * 1000:.1f} ms")
    row("parse + compile 5,000-term OR", f"{compile_5000 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
