"""The staging-to-cloud synchronisation job (issue 5; reference: docs/sync.md).

    from runtime.sync import start_sync, get_request, list_requests
    requests = start_sync(options, ["dem:sampleTable"], batch_size=10_000)

Each mapping (staging schema) gets an ingestion request (`runtime/sync/requests.py`); a second
start while one is live answers that request with `already_in_progress=True`.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

from runtime.sync.requests import ABORTED, FAILED, IN_PROGRESS, SUCCESS, Request  # noqa: F401

DEFAULT_BATCH_SIZE = 10_000


def _staging_schemas(session, schema_ids) -> list:
    reg = session.registry
    if schema_ids:
        out = []
        for sid in schema_ids:
            s = reg.get(sid, "sync --schema")
            out.append(s if s.is_staging else reg.staging_for(sid, "sync"))
        return out
    return [s for s in reg if s.is_staging]


def sync_mapping(session, stg_schema, batch_size: int = DEFAULT_BATCH_SIZE,
                 progress: Callable[[int, int], None] | None = None,
                 on_start: Callable[[Request], None] | None = None) -> Request:
    """One request for one staging schema: claim and apply batches until none are pending.

    `on_start(request)` is called once the request is committed (new, or the running one when
    `already_in_progress`), before any batch: callers answering "submitted" need no polling."""
    from sqlalchemy import func, select

    from runtime.sync import apply, requests
    from runtime.xtk.store import STG_BATCH

    local, cloud = session.stores.local, session.stores.cloud
    base = session.registry.get(stg_schema.staging_of)
    conn = local.conn
    req, aborted = requests.start(conn, stg_schema.id)
    if req.already_in_progress:
        local.commit()
        req.info = f"Ingestion request already in progress for the Mapping ID: {stg_schema.id}"
        if on_start is not None:
            on_start(req)
        return req
    stg = local.table(stg_schema)
    # No live request holds this mapping now, so any claimed rows belong to a run that died or
    # failed after claiming them: they go back to pending (re-applying them is idempotent).
    released = apply.release_orphans(conn, stg)
    set_aside = apply.quarantine(conn, stg_schema, stg)
    local.commit()
    if on_start is not None:
        on_start(req)
    notes: list[str] = list(set_aside)
    if released:
        notes.append(f"{released} rows of an interrupted run re-queued"
                     + (f" (request {', '.join(map(str, aborted))} aborted)" if aborted else ""))
    total = 0
    if progress is not None:  # only the progress bar needs it
        total = conn.execute(select(func.count()).select_from(stg).where(stg.c[STG_BATCH].is_(None))).scalar_one()
        local.commit()
    batch_no = 0
    batch_id = 0
    committed = 0

    def beat(rows: int) -> None:  # in the batch's own transaction, so the count is exact
        req.num_records += rows
        requests.heartbeat(conn, req)

    with ExitStack() as tuned:
        for store in (local,) if cloud is local else (local, cloud):
            tuned.enter_context(apply.sqlite_tuned(store))
        try:
            apply.ensure_planner_stats(conn, stg)
            local.commit()
            cloud.table(base)
            cloud.commit()
            after = None  # one database: the highest seq taken so far, where the next pick starts
            while True:
                committed = req.num_records  # what the request counts if this batch rolls back
                batch_no += 1
                batch_id = req.request_id * 1_000_000 + batch_no
                if local is cloud:  # one database: take, apply and remove in one transaction
                    result = apply.move_batch(local, stg_schema, base, batch_size, after, before_commit=beat)
                    if result is None:
                        local.commit()
                        if after is None:
                            break
                        # Nothing after the last batch: one more look from the start, for rows that
                        # another worker released or that were committed late with a lower seq.
                        after = None
                        batch_no -= 1
                        continue
                    after = result.last_seq
                else:
                    if not apply.claim(conn, stg, batch_id, batch_size):
                        local.commit()
                        break
                    local.commit()
                    result = apply.apply_batch(local, cloud, stg_schema, base, apply.claimed_rows(stg, batch_id),
                                               before_commit=beat)
                notes += result.notes
                if progress is not None:
                    progress(req.num_records, total)
        except BaseException as exc:
            local.rollback()
            cloud.rollback()
            req.num_records = committed
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            status = ABORTED if isinstance(exc, KeyboardInterrupt) else FAILED
            requests.finish(conn, req, status, f"Mapping Id: {stg_schema.id}. {message}", str(batch_id))
            local.commit()
            raise
        info = f"Mapping Id: {stg_schema.id}. " + " ".join(f"{n}." for n in notes)
        requests.finish(conn, req, SUCCESS, info.rstrip() + (" " if not notes else ""))
        local.commit()
    return req


def _has_work(session, stg) -> bool:
    """Whether the staging table holds a row a sync would take (pending, or claimed by a run
    that died); quarantined rows do not count."""
    from sqlalchemy import select

    from runtime.sync.apply import QUARANTINED
    from runtime.xtk.store import STG_BATCH

    table = session.stores.local.table(stg)
    batch = table.c[STG_BATCH]
    found = session.stores.local.conn.execute(
        select(batch).where(batch.is_(None) | (batch != QUARANTINED)).limit(1)).first()
    session.stores.local.commit()
    return found is not None


def start_sync(options, schema_ids=None, batch_size: int = DEFAULT_BATCH_SIZE,
               progress_factory: Callable | None = None,
               on_start: Callable[[Request], None] | None = None,
               skip_idle: bool = False) -> list[Request]:
    """Sync the given mappings (all staging schemas when none are named); their requests.

    `skip_idle`: no request for a mapping with nothing to take (`sync --watch` ticks)."""
    from runtime.xtk.ingest import XtkSession

    out = []
    with XtkSession(options) as session:
        for stg in _staging_schemas(session, schema_ids):
            if not session.stores.local.has_table(stg):
                continue
            if skip_idle and not _has_work(session, stg):
                continue
            progress = progress_factory(stg.id) if progress_factory else None
            try:
                out.append(sync_mapping(session, stg, batch_size, progress, on_start))
            finally:
                if progress is not None and hasattr(progress, "close"):
                    progress.close()
    return out


def get_request(options, request_id: int) -> Request | None:
    from runtime.sync import requests
    from runtime.xtk.ingest import XtkSession

    with XtkSession(options) as session:
        return requests.get(session.stores.local.conn, request_id)


def list_requests(options, limit: int = 50, mapping: str | None = None) -> list[Request]:
    from runtime.sync import requests
    from runtime.xtk.ingest import XtkSession

    with XtkSession(options) as session:
        return requests.recent(session.stores.local.conn, limit, mapping)
