"""The ingestion REST API of Campaign's ingestion API, over the sync job (runtime/sync).

    POST …/campaign/dataIngestion/xdmIngestion/{mappingId}/ingest
        starts a sync run of the mapping; answers {requestId, info, status}
    GET  …/campaign/dataIngestion/xdmIngestion/{mappingId}/ingest?requestId=N
        (or a JSON body {"requestId": N}, or …/ingest/N): {batchId, info, numRecords, requestId, status}

`…` is empty or one path segment (the documented `<ORGANIZATION>`). A mapping id is a schema
name: the staging schema (`dem:sampleTableStg`) or its base schema (`dem:sampleTable`).
Authentication: `Authorization: Bearer <session token from xtk:session#Logon>`.
"""
from __future__ import annotations

import json
import threading

SUBMIT_WAIT_S = 10.0


def _failed(info: str) -> dict:
    return {"info": info, "status": "Failed"}


def resolve_mapping(state, mapping: str):
    """The staging schema of a mapping id, or None (unknown: "not published")."""
    from runtime.errors import XtkjsError

    try:
        reg = state.registry()
        s = reg.get(mapping)
        return s if s.is_staging else (reg.staging_for(mapping) if s.auto_stg else None)
    except XtkjsError:
        return None


def start_ingestion(state, mapping: str) -> tuple[int, dict]:
    """Start a sync run for `mapping` in a background thread; Campaign's answer once the run has
    its request (or turned out to be already running)."""
    from runtime.sync import start_sync
    from runtime.xtk.ingest import XtkSession

    stg = resolve_mapping(state, mapping)
    if stg is None:
        return 404, _failed(f"Unable to submit data ingestion request, XDM Mapping ID: {mapping} is not published")
    if mapping in state.config.scheduled or stg.id in state.config.scheduled or stg.staging_of in state.config.scheduled:
        return 409, _failed(f"Unable to submit data ingestion request, XDM Mapping ID: {mapping} is not stopped")
    # The run records a request only for a staging table that exists: make sure it does.
    with XtkSession(state.options) as s:
        s.stores.local.table(stg)
    started = threading.Event()
    holder: dict = {}

    def on_start(req) -> None:
        holder["request"] = req
        started.set()

    def run() -> None:
        try:
            start_sync(state.options, [stg.id], on_start=on_start)
        except BaseException as exc:  # noqa: BLE001 - recorded in the request row too
            holder["error"] = exc
        finally:
            started.set()

    t = threading.Thread(target=run, name=f"xtkjs-sync-{stg.id}", daemon=True)
    state.track_thread(t)
    t.start()
    if not started.wait(SUBMIT_WAIT_S):
        return 503, _failed(f"Unable to submit data ingestion request, XDM Mapping ID: {mapping}: "
                            "the sync run did not start in time (the local store is busy); try again")
    req = holder.get("request")
    if req is None:
        err = holder.get("error")
        msg = (str(err).strip().splitlines() or [type(err).__name__])[0] if err else "the sync run did not start"
        return 500, _failed(f"Unable to submit data ingestion request, XDM Mapping ID: {mapping}: {msg}")
    if req.already_in_progress:
        return 200, {"requestId": req.request_id,
                     "info": f"Ingestion request already in progress for the Mapping ID: {mapping}",
                     "status": "In Progress"}
    return 200, _submitted(req.request_id, mapping)


def _submitted(request_id: int, mapping: str) -> dict:
    return {"requestId": request_id,
            "info": f"Ingestion request submitted successfully for the Mapping ID: {mapping}",
            "status": "Success"}


def ingestion_status(state, mapping: str, request_id) -> tuple[int, dict]:
    from runtime.sync import get_request

    stg = resolve_mapping(state, mapping)
    if stg is None:
        return 404, _failed(f"XDM Mapping ID: {mapping} is not published")
    try:
        rid = int(str(request_id).strip())
    except (TypeError, ValueError):
        return 400, _failed(f"requestId {request_id!r} is not a number")
    req = get_request(state.options, rid)
    if req is None or req.mapping != stg.id:
        return 404, _failed(f"Mapping Id: {mapping}. No ingestion request {rid} for this mapping")
    fields = req.as_api()
    return 200, {k: fields[k] for k in ("batchId", "info", "numRecords", "requestId", "status")}


# --- Starlette endpoints --------------------------------------------------------------------------

async def ingest_post(request):
    from starlette.concurrency import run_in_threadpool

    state = request.app.state.xtk
    denied = await state.rest_gate(request)
    if denied is not None:
        return denied
    code, body = await run_in_threadpool(start_ingestion, state, request.path_params["mapping"])
    return _json(code, body)


async def ingest_get(request):
    from starlette.concurrency import run_in_threadpool

    state = request.app.state.xtk
    denied = await state.rest_gate(request)
    if denied is not None:
        return denied
    rid = request.path_params.get("request_id") or request.query_params.get("requestId")
    if rid is None:
        raw = getattr(request.state, "body", b"")
        try:
            data = json.loads(raw) if raw.strip() else {}
            rid = data.get("requestId") if isinstance(data, dict) else None
        except ValueError:
            return _json(400, _failed("the request body is not JSON ({\"requestId\": N})"))
    if rid is None:
        return _json(400, _failed("requestId is missing: GET …/ingest?requestId=N"))
    code, body = await run_in_threadpool(ingestion_status, state, request.path_params["mapping"], rid)
    return _json(code, body)


def _json(code: int, body: dict, headers: dict | None = None):
    from starlette.responses import JSONResponse

    return JSONResponse(body, status_code=code, headers=headers)


def routes() -> list:
    from starlette.routing import Route

    out = []
    for prefix in ("/campaign", "/{org}/campaign"):
        base = prefix + "/dataIngestion/xdmIngestion/{mapping}/ingest"
        out += [Route(base, ingest_post, methods=["POST"]),
                Route(base, ingest_get, methods=["GET"]),
                Route(base + "/{request_id}", ingest_get, methods=["GET"]),
                Route(base + "ion/{request_id}", ingest_get, methods=["GET"])]   # …/ingestion/N
    return out
