"""`xtkjs serve` as a process: start, answer, stop on SIGTERM; acknowledged writes survive SIGKILL."""
from __future__ import annotations

import os
import re
import signal
import socket
import threading
import time

import pytest

from conftest import ROUTER, call, free_port, logon_envelope, start_server, value

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_serve_starts_answers_and_stops_on_sigterm(tmp_path):
    import httpx

    proc, base = start_server(tmp_path, "--tps", "50")
    try:
        r = httpx.post(base + ROUTER, content=logon_envelope())
        token = value(r.text, "pstrSessionToken")
        r = httpx.post(base + ROUTER, content=call("Ingest", token, '<sampleTableStg testcol1="cli" '
                                                                    'xtkschema="dem:sampleTableStg"/>'))
        assert r.status_code == 200 and len(value(r.text, "pstrSUuids")) == 36
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "SOAP router http://127.0.0.1:" in err and "throttle 50 requests/s per client" in err
    assert "Traceback" not in err


def test_serve_refuses_a_bad_store_cleanly(xtkjs):
    r = xtkjs("serve", "--port", str(free_port()), "--db", "nosuchdriver://x")
    assert (r.returncode, r.stderr) == (2, "xtkjs: error: --db: unknown database kind 'nosuchdriver' "
                                           "(PostgreSQL and SQLite are supported)\n")


@pytest.mark.slow
def test_acknowledged_writes_survive_sigkill(tmp_path):
    """Ingest from 8 threads, SIGKILL the server in the middle: every UUID it answered is a row."""
    import httpx

    proc, base = start_server(tmp_path, "--tps", "0")
    token = value(httpx.post(base + ROUTER, content=logon_envelope()).text, "pstrSessionToken")
    acked: list[str] = []
    stop = threading.Event()

    def worker(w):
        with httpx.Client(base_url=base, timeout=30) as c:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r = c.post(ROUTER, content=call("Ingest", token, f'<sampleTableStg testcol1="w{w}-{i}" '
                                                                     'xtkschema="dem:sampleTableStg"/>'))
                except httpx.TransportError:
                    return
                if r.status_code == 200:
                    acked.append(value(r.text, "pstrSUuids"))

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acked) < 150 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    stop.set()
    for t in threads:
        t.join(30)
    assert len(acked) >= 150
    import sqlite3

    db = sqlite3.connect(tmp_path / "h" / "local.db")
    stored = {r[0] for r in db.execute("SELECT sStgUuid FROM DemSampleTableStg")}
    db.close()
    missing = [u for u in acked if u not in stored]
    assert not missing, f"{len(missing)} acknowledged writes lost of {len(acked)}"
    assert re.fullmatch(r"[0-9a-f-]{36}", acked[0])


def _slow_client(base: str, head: bytes):
    """A raw connection that sends `head` and then nothing more."""
    host, port = base.rsplit("//", 1)[1].split(":")
    s = socket.create_connection((host, int(port)), timeout=120)
    s.sendall(head)
    return s


def _answer_then_close(s) -> bytes:
    """Everything the server sends until it closes the connection (bounded by the socket timeout)."""
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            return data
        data += chunk


def test_slow_clients_are_disconnected_while_others_are_served(tmp_path):
    import httpx

    proc, base = start_server(tmp_path, "--tps", "0", "--read-timeout", "1")
    try:
        slow_head = _slow_client(base, b"POST /nl/jsp/soaprouter.jsp HTTP/1.1\r\nHost: x\r\nContent-Ty")
        slow_body = _slow_client(base, b"POST /nl/jsp/soaprouter.jsp HTTP/1.1\r\nHost: x\r\n"
                                       b"Content-Length: 1000\r\n\r\n<soapenv:Envelope")
        silent = _slow_client(base, b"")
        r = httpx.post(base + ROUTER, content=logon_envelope(), timeout=60)     # a normal client meanwhile
        assert r.status_code == 200 and value(r.text, "pstrSessionToken")
        for s in (slow_head, slow_body):
            answer = _answer_then_close(s)
            assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), answer
            assert answer.endswith(b"request not received in time: disconnected\n")
            s.close()
        assert _answer_then_close(silent) == b""      # nothing sent: closed without an answer
        silent.close()
        assert httpx.get(base + "/nl/jsp/ping.jsp", timeout=60).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err and "internal error" not in err, err


def test_read_timeout_must_be_positive(xtkjs):
    r = xtkjs("serve", "--read-timeout", "0")
    assert r.returncode == 2 and "--read-timeout 0: must be more than 0 seconds" in r.stderr
