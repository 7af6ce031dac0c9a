"""Fixtures of the server tests: an app over a tmp store (SQLite, and PostgreSQL with
XTKJS_TEST_POSTGRES_URL), an operator, SOAP helpers."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROUTER = "/nl/jsp/soaprouter.jsp"
OPERATOR, PASSWORD = "admin", "s3cret-passw0rd"
REFERENCE_TOKEN = re.compile(r"___[0-9a-fx-]+")



def envelope(method: str, inner: str, service: str = "xtk:session") -> str:
    return ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
            f'xmlns:urn="urn:{service}"><soapenv:Header/><soapenv:Body><urn:{method}>{inner}'
            f'</urn:{method}></soapenv:Body></soapenv:Envelope>')


def logon_envelope(login: str = OPERATOR, password: str = PASSWORD) -> str:
    return envelope("Logon", f"<urn:sessiontoken/><urn:strLogin>{login}</urn:strLogin>"
                             f"<urn:strPassword>{password}</urn:strPassword><urn:elemParameters/>")


def call(method: str, token: str, doc: str, param: str = "domDoc", service: str = "xtk:session") -> str:
    return envelope(method, f"<urn:sessiontoken>{token}</urn:sessiontoken><urn:{param}>{doc}</urn:{param}>", service)


def value(text: str, name: str) -> str | None:
    m = re.search(rf"<{name}[^>]*?(?:/>|>([^<]*)</{name}>)", text)
    return None if m is None else (m.group(1) or "")


def fault(resp) -> tuple[str, str, str]:
    """(faultcode, faultstring, detail) of a fault response."""
    from lxml import etree

    root = etree.fromstring(resp.content)
    f = root.find(".//{http://schemas.xmlsoap.org/soap/envelope/}Fault")
    assert f is not None, resp.text
    return f.findtext("faultcode"), f.findtext("faultstring"), f.findtext("detail")


class Server:
    """A TestClient over create_app(...) plus helpers."""

    def __init__(self, client, options, app) -> None:
        self.client, self.options, self.app = client, options, app
        self.state = app.state.xtk

    def post(self, body, **kw):
        return self.client.post(ROUTER, content=body, **kw)

    def logon(self) -> tuple[str, str]:
        r = self.post(logon_envelope())
        assert r.status_code == 200, r.text
        return value(r.text, "pstrSessionToken"), value(r.text, "pstrSecurityToken")

    def rows(self, table: str = "DemSampleTableStg", where: str = "", order: str = "iStgSeq") -> list[dict]:
        from sqlalchemy import text

        from runtime.xtk.store import get_engine, store_url

        eng = get_engine(store_url(self.options, "local"))
        with eng.connect() as c:
            return [dict(r._mapping) for r in c.execute(text(f"SELECT * FROM {table} {where} ORDER BY {order}"))]


def _factory(store_fields: dict):
    with warnings.catch_warnings():   # starlette's notice about httpx2
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from runtime.options import RunOptions
    from runtime.server.app import ServerConfig, create_app
    from runtime.server.auth import OperatorStore

    made = []

    def make(**config) -> Server:
        options = RunOptions(**store_fields)
        OperatorStore(options.home).add(OPERATOR, PASSWORD)
        config.setdefault("tps", 0)
        app = create_app(options, ServerConfig(**config))
        client = TestClient(app)
        client.__enter__()
        made.append(client)
        return Server(client, options, app)

    def close() -> None:
        for c in made:
            c.__exit__(None, None, None)

    return make, close


@pytest.fixture
def make_server(store_opts):
    """make_server(**ServerConfig fields) -> Server (tps=0 unless given); one operator exists.
    Runs on SQLite and (with XTKJS_TEST_POSTGRES_URL) on PostgreSQL."""
    make, close = _factory(store_opts)
    yield make
    close()


@pytest.fixture
def server(make_server) -> Server:
    return make_server()


@pytest.fixture
def make_sqlite_server(tmp_path):
    """Like make_server, SQLite only: for protocol tests that do not depend on the store."""
    make, close = _factory({"home": tmp_path / ".xtkjs"})
    yield make
    close()


@pytest.fixture
def proto(make_sqlite_server) -> Server:
    return make_sqlite_server()


def reference(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# --- `xtkjs serve` as a process -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(cwd, *extra, log=None):
    """Start `xtkjs serve` in `cwd` (store home `cwd/h`, one operator) on a free loopback port;
    (process, base URL) once it answers. Its output goes to pipes, or to the file `log`."""
    import httpx

    from runtime.server.auth import OperatorStore

    OperatorStore(Path(cwd) / "h").add(OPERATOR, PASSWORD)
    port = free_port()
    out = open(log, "w") if log else subprocess.PIPE
    proc = subprocess.Popen([sys.executable, "-m", "runtime", "serve", "--port", str(port), "--home", "h", *extra],
                            cwd=cwd, stdout=out, stderr=subprocess.STDOUT if log else subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"xtkjs serve exited: {open(log).read() if log else proc.stderr.read()}")
        try:
            httpx.get(base + "/nl/jsp/ping.jsp", timeout=1)
            return proc, base
        except httpx.TransportError:
            assert time.monotonic() < deadline, "xtkjs serve did not start"
            time.sleep(0.05)
