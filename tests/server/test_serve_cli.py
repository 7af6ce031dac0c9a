"""`xtkjs serve` as a process: start, answer, stop on SIGTERM; acknowledged writes survive SIGKILL."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from conftest import OPERATOR, PASSWORD, ROUTER, call, logon_envelope, value

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(tmp_path, *extra):
    import httpx

    from runtime.server.auth import OperatorStore

    OperatorStore(tmp_path / "h").add(OPERATOR, PASSWORD)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "runtime", "serve", "--port", str(port), "--home", "h", *extra],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"xtkjs serve exited: {proc.stderr.read()}")
        try:
            httpx.get(base + "/nl/jsp/ping.jsp", timeout=1)
            return proc, base
        except httpx.TransportError:
            assert time.monotonic() < deadline, "xtkjs serve did not start"
            time.sleep(0.05)


def test_serve_starts_answers_and_stops_on_sigterm(tmp_path):
    import httpx

    proc, base = _start(tmp_path, "--tps", "50")
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
    r = xtkjs("serve", "--port", str(_free_port()), "--db", "nosuchdriver://x")
    assert (r.returncode, r.stderr) == (2, "xtkjs: error: --db: unknown database kind 'nosuchdriver' "
                                           "(PostgreSQL and SQLite are supported)\n")


@pytest.mark.slow
def test_acknowledged_writes_survive_sigkill(tmp_path):
    """Ingest from 8 threads, SIGKILL the server in the middle: every UUID it answered is a row."""
    import httpx

    proc, base = _start(tmp_path, "--tps", "0")
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
