"""Per-client throttling (throughput limits): token bucket, HTTP 429 with Retry-After."""
from __future__ import annotations

from conftest import call, fault, value

from runtime.server.throttle import Throttle, retry_after_header

DOC = '<sampleTableStg testcol1="{v}" xtkschema="dem:sampleTableStg"/>'


def test_token_bucket_refills_at_the_rate():
    now = [0.0]
    t = Throttle(rate=2, burst=3, clock=lambda: now[0])
    assert [t.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = t.take("a")
    assert 0.49 < wait <= 0.5
    assert t.take("b") == 0.0            # another client has its own bucket
    now[0] += 0.5
    assert t.take("a") == 0.0            # one token back after 1/rate seconds
    assert t.take("a") > 0
    now[0] += 100
    assert [t.take("a") for _ in range(4)][:3] == [0.0, 0.0, 0.0]   # never more than the burst
    assert retry_after_header(0.01) == "1" and retry_after_header(2.2) == "3"


def test_disabled_throttle_never_refuses():
    t = Throttle(rate=0)
    assert not t.enabled and all(t.take("x") == 0.0 for _ in range(1000))


def test_burst_gets_429_with_retry_after_and_loses_nothing(make_server):
    srv = make_server(tps=2, burst=5)
    token, _ = srv.logon()
    answers = [srv.post(call("Ingest", token, DOC.format(v=f"b{i}"))) for i in range(12)]
    codes = [r.status_code for r in answers]
    assert codes[:4] == [200] * 4                 # the bucket had 5 tokens (logon took one)
    assert codes.count(429) >= 6
    for r in answers:
        if r.status_code == 429:
            assert int(r.headers["Retry-After"]) >= 1
            assert fault(r)[1] == "too many requests: throughput limit reached, retry later"
    acked = {value(r.text, "pstrSUuids") for r in answers if r.status_code == 200}
    stored = {r.get("sStgUuid") or r.get("sstguuid") for r in srv.rows()}
    assert stored == acked                        # refused calls wrote nothing, acked ones are there


def test_clients_are_throttled_separately(make_sqlite_server):
    srv = make_sqlite_server(tps=0.2, burst=2)
    a, _ = srv.logon()          # a logon counts against the IP bucket (1 token left)
    r = srv.post(call("Ingest", "___made-up", DOC.format(v="x")))
    assert r.status_code == 500  # unknown tokens are counted per IP: the IP bucket is now empty
    r = srv.post(call("Ingest", "___made-up-too", DOC.format(v="x")))
    assert r.status_code == 429  # no fresh bucket per made-up token
    # Session a has its own bucket.
    assert srv.post(call("Ingest", a, DOC.format(v="a1"))).status_code == 200
    assert srv.post(call("Ingest", a, DOC.format(v="a2"))).status_code == 200
    assert srv.post(call("Ingest", a, DOC.format(v="a3"))).status_code == 429


def test_logon_attempts_are_limited_per_ip(proto):
    from conftest import logon_envelope

    codes = []
    while 429 not in codes and len(codes) < 60:   # each refused attempt costs a scrypt (~50-100 ms)
        codes.append(proto.post(logon_envelope("admin", "wrong-password")).status_code)
    assert codes[-1] == 429 and len(codes) > 20 and set(codes[:-1]) == {500}
    r = proto.post(logon_envelope())
    assert r.status_code == 429 and fault(r)[1] == "too many Logon attempts from this address, retry later"
    assert int(r.headers["Retry-After"]) >= 1
