"""A small shop for the queryDef tests: folders, customers, orders (tests/xtk/data/shop)."""
from __future__ import annotations

from pathlib import Path

import pytest

SHOP = Path(__file__).parent / "data" / "shop"

FOLDERS = [{"name": "root", "label": "Root"}, {"name": "sales", "label": "Sales", "parent-id": 1}]
CUSTOMERS = [{"email": "ann@x.com", "country": "FR"}, {"email": "bob@x.com", "country": "DE"},
             {"email": "cy@x.com", "country": "FR"}]
ORDERS = [
    {"ref": "O1", "amount": 10.5, "created": "2026-01-31 10:00:00Z", "due": "2026-02-15", "folder-id": 2,
     "customer-id": 1},
    {"ref": "O2", "amount": 20, "created": "2026-01-15 08:30:00Z", "due": "2026-01-31", "customer-id": 1},
    {"ref": "O3", "amount": 5, "created": "2025-12-31 23:00:00Z", "folder-id": 1, "customer-id": 2},
]


def _doc(element: str, schema: str, values: dict) -> dict:
    return {element: {"xtkschema": schema, "_operation": "insert", **values}}


def one_database(store_opts: dict) -> dict:
    """Store options with one database for both stores: links join schemas whatever store
    each one's rows live in (one SQL statement cannot join two databases)."""
    url = store_opts.get("db") or f"sqlite:///{store_opts['home']}/shop.db"
    return {**store_opts, "db": url, "cloud_db": url}


@pytest.fixture
def shop(store_opts):
    """An XtkSession whose store holds the shop (one database for both store roles)."""
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession

    session = XtkSession(RunOptions(**one_database(store_opts), schema_dirs=[SHOP], now="2026-02-01T12:00:00Z"))
    for rows, element, schema in ((FOLDERS, "folder", "xtk:folder"), (CUSTOMERS, "customer", "shp:customer"),
                                  (ORDERS, "order", "shp:order")):
        for r in rows:
            session.write(_doc(element, schema, r))
    yield session
    session.finish(True)


def query(session, doc) -> str:
    from runtime.xtk.querydef import execute_query

    return execute_query(session, doc)
