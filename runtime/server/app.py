"""The Starlette application of `xtkjs serve` (reference: docs/server.md).

    from runtime.server.app import create_app, ServerConfig
    app = create_app(RunOptions(home=...), ServerConfig(tps=100))

Routes:
    POST /nl/jsp/soaprouter.jsp                       SOAP 1.1 router (xtk:session, xtk:queryDef)
    GET  /nl/jsp/schemawsdl.jsp?schema=xtk:session    WSDL (also xtk:queryDef)
    GET  /nl/jsp/ping.jsp                             liveness
    POST/GET [/{org}]/campaign/dataIngestion/xdmIngestion/{mapping}/ingest   the ingestion API (rest.py)

Every request body is read with a size limit (413) before anything else; then the client's
token bucket is charged (429 + Retry-After): the client is the session when the request carries a
valid session token, else the IP address.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field

from runtime.server.auth import DEFAULT_SESSION_TTL, OperatorStore, SessionManager
from runtime.server.dispatch import CallContext, dispatch
from runtime.server.soap import SoapFault, parse_request, render_fault
from runtime.server.throttle import Throttle, retry_after_header

log = logging.getLogger("xtkjs.server")

SOAP_PATH = "/nl/jsp/soaprouter.jsp"
WSDL_PATH = "/nl/jsp/schemawsdl.jsp"
DEFAULT_MAX_BODY = 1024 * 1024
DEFAULT_TPS = 100.0
LOGON_RATE, LOGON_BURST = 2.0, 20.0    # Logon attempts per IP (scrypt costs ~50 ms of CPU each)
XML_TYPE = "text/xml; charset=utf-8"
_TOKEN_IN_BODY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sessiontoken(?:\s[^>]*)?>\s*([^<\s]{1,256})\s*<"
                            rb"|__sessiontoken=([^<\s;]{1,256})")


@dataclass
class ServerConfig:
    tps: float = DEFAULT_TPS               # per client; 0 = no limit
    burst: float | None = None             # bucket size; default max(1, tps)
    max_body: int = DEFAULT_MAX_BODY       # bytes; larger requests get 413
    session_ttl: float = DEFAULT_SESSION_TTL
    scheduled: set = field(default_factory=set)   # mappings synced on a schedule: REST start refused
    durable_sqlite: bool = True            # PRAGMA synchronous=FULL on the writer's connection


class BodyTooLarge(Exception):
    pass


class ClientGone(Exception):
    """The connection closed before the whole body came (the client left, or its read
    deadline passed: runtime/server/deadline.py)."""


class ServerState:
    def __init__(self, options, config: ServerConfig) -> None:
        from runtime.server.writer import Writer

        self.options = options
        self.config = config
        self.operators = OperatorStore(options.home)
        self.sessions = SessionManager(config.session_ttl)
        self.throttle = Throttle(config.tps, config.burst)
        self.logon_throttle = Throttle(LOGON_RATE, LOGON_BURST)
        self.writer = Writer(options, durable_sqlite=config.durable_sqlite)
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def registry(self):
        from runtime.xtk.schema import registry_for

        return registry_for(self.options)

    def execute_query(self, text: str) -> str:
        from runtime.xtk.ingest import XtkSession
        from runtime.xtk.querydef import execute_query

        with XtkSession(self.options, readonly=True) as s:
            return execute_query(s, text)

    def get_option(self, name: str) -> str:
        from runtime.xtk.ingest import XtkSession
        from runtime.xtk.options_store import get_option

        with XtkSession(self.options) as s:
            return get_option(s, name)

    def set_option(self, name: str, value: str) -> None:
        from runtime.xtk.ingest import XtkSession
        from runtime.xtk.options_store import set_option

        with XtkSession(self.options) as s:
            set_option(s, name, value)

    def track_thread(self, t: threading.Thread) -> None:
        with self._lock:
            self._threads = [x for x in self._threads if x.is_alive()] + [t]

    def close(self, timeout: float = 30.0) -> None:
        self.writer.close(timeout)
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(timeout)

    # -- per-request gates -----------------------------------------------------------------
    def client_key(self, request, token: str | None) -> str:
        s = self.sessions.lookup(token) if token else None
        if s is not None:
            return "session:" + s.key
        return "ip:" + (request.client.host if request.client else "?")

    def throttled(self, request, token: str | None) -> float:
        return self.throttle.take(self.client_key(request, token))

    async def rest_gate(self, request):
        """Body limit, bearer authentication and throttling of a REST call; None when it may go on."""
        from runtime.server.rest import _json

        try:
            request.state.body = await read_body(request, self.config.max_body)
        except ClientGone:
            return _json(408, {"info": "the client went away before its request was complete", "status": "Failed"})
        except BodyTooLarge:
            return _json(413, {"info": f"request body larger than {self.config.max_body} bytes", "status": "Failed"})
        from runtime.server.auth import check_security_token

        # Like the SOAP router: a token in a header the page must set itself (Bearer,
        # X-Session-Token), or the __sessiontoken cookie (which a browser adds to cross-site
        # requests by itself) only with the X-Security-Token header of its session (CSRF).
        token = _bearer(request) or request.headers.get("x-session-token") or None
        cookie = None if token else request.cookies.get("__sessiontoken")
        wait = self.throttled(request, token or cookie)
        if wait:
            return _json(429, {"info": "too many requests: throughput limit reached, retry later", "status": "Failed"},
                         {"Retry-After": retry_after_header(wait)})
        session = self.sessions.lookup(token or cookie)
        if session is not None and cookie and not check_security_token(session, request.headers.get("x-security-token")):
            return _json(401, {"info": "the __sessiontoken cookie needs the X-Security-Token header of its session "
                                       "(or send Authorization: Bearer <session token>)", "status": "Failed"},
                         {"WWW-Authenticate": 'Bearer realm="xtkjs"'})
        if session is None:
            return _json(401, {"info": "authentication required: Authorization: Bearer <session token from "
                                       "xtk:session#Logon>" if not (token or cookie) else "invalid or expired session token",
                               "status": "Failed"}, {"WWW-Authenticate": 'Bearer realm="xtkjs"'})
        return None


def _bearer(request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return None


async def read_body(request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise BodyTooLarge()
        except ValueError:
            pass
    from starlette.requests import ClientDisconnect

    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge()
            chunks.append(chunk)
    except ClientDisconnect:
        raise ClientGone() from None
    return b"".join(chunks)


def _xml(body: bytes, status: int = 200, headers: dict | None = None):
    from starlette.responses import Response

    return Response(body, status_code=status, media_type=XML_TYPE, headers=headers)


def _fault(f: SoapFault, request=None):
    return _xml(render_fault(f), fault_status(f, request), f.headers)


def fault_status(f: SoapFault, request) -> int:
    """A fault's HTTP status: 500 (SOAP 1.1), or the 4xx of a refusal (413, 429). Adobe's
    acc-js-sdk reads Campaign faults (faultcode, faultstring with its XSV-/SOP- code, detail)
    only from a successful HTTP answer: a 500 becomes an "Internal Server Error" with the
    envelope as text. Its requests (the `ACC-SDK-Version` header, or the `soapAction` URL
    parameter it adds) get their 500 faults with status 200, so the SDK raises its own
    CampaignException with the fault's code."""
    if f.status == 500 and request is not None and (
            "acc-sdk-version" in request.headers or "soapAction" in request.query_params):
        return 200
    return f.status


# --- endpoints ------------------------------------------------------------------------------------

async def soap_router(request):
    state: ServerState = request.app.state.xtk
    try:
        try:
            body = await read_body(request, state.config.max_body)
        except BodyTooLarge:
            raise SoapFault(f"request body larger than {state.config.max_body} bytes", status=413) from None
        m = _TOKEN_IN_BODY.search(body)
        token = ((m.group(1) or m.group(2)).decode("utf-8", "replace") if m else None) or _bearer(request) \
            or request.headers.get("x-session-token") or request.cookies.get("__sessiontoken")
        wait = state.throttled(request, token)
        if wait:
            raise SoapFault("too many requests: throughput limit reached, retry later", status=429,
                            detail="HTTP 429: the API throughput limit (TPS) of this client is reached",
                            headers={"Retry-After": retry_after_header(wait)})
        req = parse_request(body, request.headers.get("soapaction"))
        ctx = CallContext(client=request.client.host if request.client else "",
                          cookie_token=request.cookies.get("__sessiontoken"),
                          bearer_token=_bearer(request),
                          header_token=request.headers.get("x-session-token") or None,
                          security_token=request.headers.get("x-security-token") or None)
        return _xml(await dispatch(state, req, ctx))
    except SoapFault as f:
        return _fault(f, request)
    except ClientGone:      # nobody to answer; nothing was done
        return _fault(SoapFault("the client went away before its request was complete", status=408), request)
    except Exception as exc:  # noqa: BLE001 - never a traceback to the client
        log.exception("internal error in the SOAP router")
        return _fault(SoapFault(f"internal server error: {type(exc).__name__}", code="Server"), request)


async def soap_get(request):
    return _fault(SoapFault("the SOAP router only accepts POST requests (SOAP 1.1 envelopes)", status=405), request)


async def wsdl(request):
    from starlette.responses import PlainTextResponse

    from runtime.server.wsdl import render_wsdl

    schema = request.query_params.get("schema", "")
    location = str(request.url.replace(path=SOAP_PATH, query=""))
    try:
        return _xml(render_wsdl(schema, location))
    except KeyError:
        from runtime.server.soap import SERVICES

        return PlainTextResponse(f"unknown schema {schema!r}: WSDLs are available for {', '.join(SERVICES)}\n",
                                 status_code=404)


async def ping(request):
    import datetime as dt

    from starlette.responses import PlainTextResponse

    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%fZ")
    return PlainTextResponse(f"Ok\n{now}\n")


def create_app(options, config: ServerConfig | None = None):
    """The ASGI app. Its writer thread starts on the first write and stops (after finishing what
    is queued) at lifespan shutdown or `app.state.xtk.close()`."""
    import contextlib

    from starlette.applications import Starlette
    from starlette.routing import Route

    from runtime.server import rest

    state = ServerState(options, config or ServerConfig())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        state.close()

    routes = [
        Route(SOAP_PATH, soap_router, methods=["POST"]),
        Route(SOAP_PATH, soap_get, methods=["GET"]),
        Route(WSDL_PATH, wsdl, methods=["GET"]),
        Route("/nl/jsp/ping.jsp", ping, methods=["GET"]),
        *rest.routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.xtk = state
    return app
