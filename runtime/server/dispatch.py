"""The methods of the SOAP router: who the caller is (session token sources, security token)
and what each method does (reference: docs/server.md). Envelopes are read and written by soap.py.

    ctx = CallContext(client="127.0.0.1", header_token=..., security_token=...)
    envelope = await dispatch(state, parse_request(body, soap_action), ctx)
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from runtime.server.soap import Method, SoapFault, SoapRequest, element_xml, render_response

log = logging.getLogger("xtkjs.server")


@dataclass
class CallContext:
    """What the HTTP layer knows about the caller."""

    client: str = ""
    cookie_token: str | None = None      # the __sessiontoken cookie (ambient: a browser sends it)
    bearer_token: str | None = None      # Authorization: Bearer
    header_token: str | None = None      # X-Session-Token header (acc-js-sdk)
    security_token: str | None = None    # X-Security-Token header


_EXPIRED = "XSV-350008 Session has expired or is invalid. Please reconnect."


def _cookie_value(text: str | None, name: str = "__sessiontoken") -> str | None:
    for part in (text or "").split(";"):
        k, _, v = part.strip().partition("=")
        if k == name and v:
            return v
    return None


def request_token(req: SoapRequest, ctx: CallContext) -> tuple[str, bool]:
    """(session token, whether it came only from the ambient cookie). In order: the
    `sessiontoken` parameter, `Authorization: Bearer`, the `X-Session-Token` header, the SOAP
    Header `<Cookie>__sessiontoken=…</Cookie>`, then the `__sessiontoken` HTTP cookie."""
    for token in (req.text("sessiontoken"), ctx.bearer_token, ctx.header_token, _cookie_value(req.header("Cookie"))):
        if token:
            return token, False
    return (ctx.cookie_token or ""), bool(ctx.cookie_token)


def authenticate(state, req: SoapRequest, ctx: CallContext):
    """The session of a request, or a fault. A token that comes only from the `__sessiontoken`
    cookie must come with the security token (`X-Security-Token` header or SOAP Header
    element), as in Campaign: a browser sends cookies by itself (CSRF). A security token that
    is given (not empty) must match."""
    from runtime.server.auth import check_security_token

    token, via_cookie = request_token(req, ctx)
    if not token:
        raise SoapFault("no session token: call xtk:session#Logon first and pass its pstrSessionToken "
                        "in <sessiontoken>", detail=_EXPIRED)
    session = state.sessions.lookup(token)
    if session is None:
        raise SoapFault("invalid or expired session token: log on again (xtk:session#Logon)", detail=_EXPIRED)
    security = ctx.security_token or req.header("X-Security-Token") or None
    if (via_cookie or security is not None) and not check_security_token(session, security):
        raise SoapFault("missing or wrong X-Security-Token header for this session "
                        "(use the pstrSecurityToken that Logon answered)", detail=_EXPIRED)
    return session


def _host_fault(method: Method, exc: Exception) -> SoapFault:
    from runtime.xtk.store import StoreError

    code = "Server" if isinstance(exc, StoreError) else "Client"
    msg = str(exc).strip() or type(exc).__name__
    return SoapFault(msg, code=code,
                     detail=f"SOP-330011 Error while executing the method '{method.name}' of service "
                            f"'{method.service}': {msg}")


async def dispatch(state, req: SoapRequest, ctx: CallContext) -> bytes:
    """Run one parsed request; the response envelope, or SoapFault."""
    from starlette.concurrency import run_in_threadpool

    from runtime.errors import XtkjsError

    m = req.method
    if m.name == "Logon":
        return await _logon(state, req, ctx)
    session = authenticate(state, req, ctx)
    if m.name == "Logoff":
        state.sessions.remove(session)
        return render_response(m)
    try:
        if m.name == "GetEntityIfMoreRecent":
            return render_response(m, {"pdomDoc": await run_in_threadpool(_entity, state, req)})
        if m.name == "GetOption":
            value = await run_in_threadpool(state.get_option, req.text("strName"))
            # Options are strings here: type 6 (string) when set, 0 with "" when not (as Campaign).
            return render_response(m, {"pstrValue": value, "pbtType": 6 if value != "" else 0})
        if m.service == "xtk:workflow":
            await _workflow_signal(state, req, session)
            return render_response(m)
        if m.name == "DeleteCollection":
            await state.writer.call("DeleteCollection", _delete_args(req))
            return render_response(m)
        if m.service == "xtk:queryDef":
            entity = req.element("entity")
            if entity is None:
                raise SoapFault("ExecuteQuery: the <entity> parameter holds no <queryDef> document")
            text = element_xml(entity)
            out = await run_in_threadpool(state.execute_query, text)
            return render_response(m, {"pdomOutput": out})
        doc = req.element("domDoc")
        if doc is None:
            raise SoapFault(f"{m.name}: the <domDoc> parameter holds no document")
        if m.name == "Write" and doc.get("xtkschema") == "xtk:option":
            await run_in_threadpool(_write_option, state, doc)
            return render_response(m)
        payload = _prepare(m.name, doc)
        result = await state.writer.call(m.name, payload)
    except SoapFault:
        raise
    except XtkjsError as exc:
        raise _host_fault(m, exc) from None
    if m.name == "Ingest":
        return render_response(m, {"pstrSUuids": result or ""})
    return render_response(m)


async def _workflow_signal(state, req: SoapRequest, session) -> None:
    """xtk:workflow#PostEvent / Start / Stop / …: recorded in xtk:workflowSignal, as a script's
    xtk.workflow calls are (runtime/host/workflow.py), through the writer (committed before the
    answer). The sender column holds `soap:<login>`."""
    from runtime.host.workflow import describe_signal

    m = req.method
    args = {"method": m.name, "sender": f"soap:{session.login}"}
    if m.name == "PostEvent":
        variables = req.element("parameters")
        keep = variables is not None and (len(variables) or variables.attrib or (variables.text or "").strip())
        args.update(workflow=req.text("workflowId"), activity=req.text("activity"),
                    transition_name=req.text("transition"),
                    variables=element_xml(variables) if keep else "",
                    complete=req.text("complete").lower() in ("true", "1"))
    else:
        args["workflow"] = req.text("id")
    values = await state.writer.call("WorkflowSignal", args)
    log.info("%s (by %s from %s)", describe_signal(values), session.login, session.client)


def _delete_args(req: SoapRequest) -> dict:
    where = req.element("where")
    if not req.text("schema"):
        raise SoapFault("DeleteCollection: the <schema> parameter is empty: name the schema (e.g. dem:sampleTable)")
    if where is None:
        raise SoapFault("DeleteCollection: the <where> parameter holds no <where> element")
    return {"schema_id": req.text("schema"), "where": element_xml(where),
            "ignore_delete_status": req.text("ignoreDeleteStatus").lower() in ("true", "1")}


def _entity(state, req: SoapRequest) -> str:
    from runtime.server.entities import EntityNotFound, entity_if_more_recent

    must = req.text("mustExist").lower() in ("true", "1")
    try:
        return entity_if_more_recent(state.registry(), req.text("pk"), req.text("md5"), must)
    except ValueError as exc:
        raise SoapFault(f"GetEntityIfMoreRecent: {exc}") from None
    except EntityNotFound as exc:
        raise SoapFault(f"GetEntityIfMoreRecent: {exc}",
                        detail=f"XSV-350010 Unable to find the entity '{req.text('pk')}'.") from None


_OPTION_VALUES = ("stringValue", "memoValue", "longValue", "doubleValue", "timeStampValue", "dateValue")


def _write_option(state, doc) -> None:
    """Write of an `xtk:option` record (acc-js-sdk's setOption): the option store of scripts'
    getOption/setOption, which holds text (docs/server.md)."""
    op = doc.get("_operation") or "insertOrUpdate"
    if op not in ("insertOrUpdate", "insert", "update"):
        raise SoapFault(f'Write: xtk:option: _operation="{op}" is not supported (insertOrUpdate, insert, update)',
                        detail="SOP-330011 Error while executing the method 'Write' of service 'xtk:session'.")
    name = doc.get("name") or ""
    value = next((doc.get(a) for a in _OPTION_VALUES if doc.get(a) is not None), "")
    state.set_option(name, value)


def _prepare(name: str, el):
    """The document(s) as plain data (parsed here, in the request's thread)."""
    from runtime.xtk.ingest import parse_collection, parse_document

    return parse_collection(el) if name == "WriteCollection" else parse_document(el)


async def _logon(state, req: SoapRequest, ctx: CallContext) -> bytes:
    import datetime as dt

    from starlette.concurrency import run_in_threadpool

    from runtime.server.throttle import retry_after_header

    wait = state.logon_throttle.take("ip:" + ctx.client)
    if wait:   # scrypt is costly on purpose: password guessing is limited per IP on top of --tps
        raise SoapFault("too many Logon attempts from this address, retry later", status=429,
                        headers={"Retry-After": retry_after_header(wait)})
    login, password = req.text("strLogin"), req.text("strPassword")
    if not login:
        raise SoapFault("Logon: strLogin is empty")
    ok = await run_in_threadpool(state.operators.verify, login, password)
    if not ok:
        raise SoapFault("Logon failed: unknown operator or wrong password",
                        detail="XSV-350023 Unable to identify the operator: unknown login or wrong password.")
    s = state.sessions.create(login, ctx.client)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + "Z"
    from xml.sax.saxutils import quoteattr

    info = (f'<sessionInfo><serverInfo buildNumber="xtkjs" instanceName="xtkjs" majNumber="8" minNumber="0" '
            f'releaseName="xtkjs" serverDate="{now}"/>'
            f'<userInfo login={quoteattr(login)} loginCS={quoteattr(login)} locale="en" timezone="UTC" '
            f'homeDir="" orgUnitId="0"/></sessionInfo>')
    return render_response(req.method, {"pstrSessionToken": s.token, "pSessionInfo": info,
                                        "pstrSecurityToken": s.security_token})
