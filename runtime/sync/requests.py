"""Ingestion requests (ingestion API): one row per sync run, kept in the local store.

A request is `In Progress` while its process keeps a heartbeat; a run that died (its pid is gone
on this host, or its heartbeat is older than the lease) is marked `Aborted` by the next run for
the same mapping, which then takes over its claimed rows.
"""
from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass

IN_PROGRESS, SUCCESS, FAILED, ABORTED = "In Progress", "Success", "Failed", "Aborted"
TABLE = "XtkIngestionRequest"
LEASE_SECONDS = 120  # a heartbeat older than this means the run is dead (other hosts)
ABORTED_INFO = ("Ingestion request aborted due to some issue with data ingestion service. "
                "Please submit a new request")


@dataclass
class Request:
    request_id: int
    mapping: str
    status: str
    num_records: int = 0
    batch_id: str = ""
    info: str = ""
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    already_in_progress: bool = False  # set on the answer to a second start

    def as_api(self) -> dict:
        """The ingestion API's field names (GET …/ingest), plus the mapping and timestamps."""
        return {
            "batchId": self.batch_id,
            "info": self.info,
            "numRecords": self.num_records,
            "requestId": self.request_id,
            "status": self.status,
            "mapping": self.mapping,
            "created": _iso(self.created),
            "updated": _iso(self.updated),
        }


def _iso(t: dt.datetime | None) -> str | None:
    return None if t is None else t.replace(microsecond=0).isoformat() + "Z"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def table(metadata=None):
    from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table, Text

    md = metadata or MetaData()
    return Table(
        TABLE, md,
        Column("iRequestId", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
               autoincrement=True, quote=False),
        Column("sMapping", String(128), nullable=False, index=True, quote=False),
        Column("sStatus", String(16), nullable=False, quote=False),
        Column("iNumRecords", BigInteger(), nullable=False, default=0, quote=False),
        Column("sBatchId", String(64), nullable=False, default="", quote=False),
        Column("mInfo", Text(), nullable=False, default="", quote=False),
        Column("tsCreated", DateTime(), nullable=False, quote=False),
        Column("tsUpdated", DateTime(), nullable=False, quote=False),
        Column("tsHeartbeat", DateTime(), nullable=False, quote=False),
        Column("iPid", Integer(), quote=False),
        Column("sHost", String(255), quote=False),
        quote=False,
    )


_T = None


def requests_table(conn):
    """The requests Table, created on first use."""
    global _T
    if _T is None:
        _T = table()
    if not conn.info.get("xtk_requests_table"):
        from runtime.xtk.store import create_missing

        create_missing(conn, _T.metadata)
        conn.info["xtk_requests_table"] = True
    return _T


def from_row(r) -> Request:
    return Request(r.iRequestId, r.sMapping, r.sStatus, r.iNumRecords, r.sBatchId, r.mInfo,
                   r.tsCreated, r.tsUpdated)


def _alive(row) -> bool:
    if row.sHost == socket.gethostname() and row.iPid:
        try:
            os.kill(row.iPid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return (now() - row.tsHeartbeat).total_seconds() < LEASE_SECONDS


def lock_mapping(conn, mapping: str) -> None:
    """Serialise request starts for one mapping (PostgreSQL advisory lock; SQLite's BEGIN
    IMMEDIATE already serialises writers)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy import text

        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:m))"), {"m": "xtkjs-sync:" + mapping})


def start(conn, mapping: str) -> tuple[Request, list[int]]:
    """In one transaction: answer the running request if there is a live one, else mark dead
    ones Aborted and insert a new In Progress request. Returns (request, aborted ids)."""
    from sqlalchemy import insert, select, update

    t = requests_table(conn)
    lock_mapping(conn, mapping)
    aborted = []
    for row in conn.execute(select(t).where(t.c.sMapping == mapping, t.c.sStatus == IN_PROGRESS)):
        if _alive(row):
            req = from_row(row)
            req.already_in_progress = True
            return req, []
        aborted.append(row.iRequestId)
    t_now = now()
    if aborted:
        conn.execute(update(t).where(t.c.iRequestId.in_(aborted)).values(
            sStatus=ABORTED, tsUpdated=t_now, mInfo=f"Mapping Id: {mapping}. {ABORTED_INFO}"))
    rid = conn.execute(insert(t).values(
        sMapping=mapping, sStatus=IN_PROGRESS, iNumRecords=0, sBatchId="", mInfo=f"Mapping Id: {mapping}.",
        tsCreated=t_now, tsUpdated=t_now, tsHeartbeat=t_now, iPid=os.getpid(), sHost=socket.gethostname(),
    ).returning(t.c.iRequestId)).scalar_one()
    return Request(rid, mapping, IN_PROGRESS, 0, "", f"Mapping Id: {mapping}.", t_now, t_now), aborted


def heartbeat(conn, req: Request) -> None:
    from sqlalchemy import update

    t = requests_table(conn)
    t_now = now()
    conn.execute(update(t).where(t.c.iRequestId == req.request_id).values(
        iNumRecords=req.num_records, tsUpdated=t_now, tsHeartbeat=t_now))


def finish(conn, req: Request, status: str, info: str, batch_id: str = "") -> None:
    from sqlalchemy import update

    t = requests_table(conn)
    req.status, req.info, req.batch_id, req.updated = status, info, batch_id, now()
    conn.execute(update(t).where(t.c.iRequestId == req.request_id).values(
        sStatus=status, mInfo=info, sBatchId=batch_id, iNumRecords=req.num_records,
        tsUpdated=req.updated, tsHeartbeat=req.updated))


def get(conn, request_id: int) -> Request | None:
    from sqlalchemy import select

    t = requests_table(conn)
    row = conn.execute(select(t).where(t.c.iRequestId == int(request_id))).first()
    return None if row is None else from_row(row)


def recent(conn, limit: int = 50, mapping: str | None = None) -> list[Request]:
    from sqlalchemy import select

    t = requests_table(conn)
    stmt = select(t).order_by(t.c.iRequestId.desc()).limit(limit)
    if mapping:
        stmt = stmt.where(t.c.sMapping == mapping)
    return [from_row(r) for r in conn.execute(stmt)]
