"""Ingestion REST API (Campaign's ingestion API) over the sync job."""
from __future__ import annotations

import time

from conftest import call

BASE = "/acme/campaign/dataIngestion/xdmIngestion"
DOC = '<sampleTableStg _key="@id" id="{i}" testcol1="v{i}" xtkschema="dem:sampleTableStg"/>'


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _wait_done(srv, token, mapping, rid, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        r = srv.client.get(f"{BASE}/{mapping}/ingest", params={"requestId": rid}, headers=_auth(token))
        assert r.status_code == 200, r.text
        if r.json()["status"] != "In Progress" or time.monotonic() > deadline:
            return r.json()
        time.sleep(0.05)


def test_start_and_status(server):
    token, _ = server.logon()
    for i in range(3):
        assert server.post(call("Ingest", token, DOC.format(i=f"R{i}"))).status_code == 200
    r = server.client.post(f"{BASE}/dem:sampleTable/ingest", headers=_auth(token))
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"requestId", "info", "status"}
    assert body["info"] == "Ingestion request submitted successfully for the Mapping ID: dem:sampleTable"
    assert body["status"] == "Success" and isinstance(body["requestId"], int)
    status = _wait_done(server, token, "dem:sampleTable", body["requestId"])
    assert list(status) == ["batchId", "info", "numRecords", "requestId", "status"]
    assert status["status"] == "Success" and status["numRecords"] == 3
    assert status["requestId"] == body["requestId"] and status["batchId"] == ""
    assert status["info"].startswith("Mapping Id: dem:sampleTableStg.")
    # The other spellings of the status call (documented: JSON body; path forms).
    rid = body["requestId"]
    for url, kw in ((f"{BASE}/dem:sampleTable/ingest", {"content": f'{{"requestId": {rid}}}'}),
                    (f"{BASE}/dem:sampleTable/ingest/{rid}", {}),
                    (f"/campaign/dataIngestion/xdmIngestion/dem:sampleTableStg/ingestion/{rid}", {})):
        r = server.client.request("GET", url, headers=_auth(token), **kw)
        assert r.status_code == 200 and r.json()["numRecords"] == 3, (url, r.text)
    # The rows are in the cloud table now.
    q = ('<queryDef schema="dem:sampleTable" operation="count"/>')
    r = server.post(call("ExecuteQuery", token, q, "entity", "xtk:queryDef"))
    assert '<sampleTable count="3"/>' in r.text


def test_already_in_progress(server):
    from runtime.sync import requests
    from runtime.xtk.ingest import XtkSession

    token, _ = server.logon()
    assert server.post(call("Ingest", token, DOC.format(i="P1"))).status_code == 200
    with XtkSession(server.options) as s:     # a live run of this process holds the mapping
        live, _ = requests.start(s.stores.local.conn, "dem:sampleTableStg")
        s.stores.local.commit()
    r = server.client.post(f"{BASE}/dem:sampleTableStg/ingest", headers=_auth(token))
    assert r.status_code == 200, r.text
    assert r.json() == {"requestId": live.request_id, "status": "In Progress",
                        "info": "Ingestion request already in progress for the Mapping ID: dem:sampleTableStg"}
    r = server.client.get(f"{BASE}/dem:sampleTableStg/ingest?requestId={live.request_id}", headers=_auth(token))
    assert r.json() == {"batchId": "", "info": "Mapping Id: dem:sampleTableStg.", "numRecords": 0,
                        "requestId": live.request_id, "status": "In Progress"}


def test_unknown_and_scheduled_mappings(make_server):
    srv = make_server(scheduled={"dem:sampleTable"})
    token, _ = srv.logon()
    r = srv.client.post(f"{BASE}/dem:nothing/ingest", headers=_auth(token))
    assert r.status_code == 404
    assert r.json() == {"info": "Unable to submit data ingestion request, XDM Mapping ID: dem:nothing is not published",
                        "status": "Failed"}
    r = srv.client.post(f"{BASE}/dem:sampleTableStg/ingest", headers=_auth(token))
    assert r.status_code == 409
    assert r.json() == {"info": "Unable to submit data ingestion request, XDM Mapping ID: dem:sampleTableStg is not stopped",
                        "status": "Failed"}
    r = srv.client.get(f"{BASE}/dem:sampleTable/ingest?requestId=999", headers=_auth(token))
    assert r.status_code == 404 and r.json()["status"] == "Failed"
    r = srv.client.get(f"{BASE}/dem:sampleTable/ingest?requestId=abc", headers=_auth(token))
    assert r.status_code == 400 and r.json()["info"] == "requestId 'abc' is not a number"
    r = srv.client.get(f"{BASE}/dem:sampleTable/ingest", headers=_auth(token))
    assert r.status_code == 400 and "requestId is missing" in r.json()["info"]


def test_rest_needs_a_session_token(proto):
    r = proto.client.post(f"{BASE}/dem:sampleTable/ingest")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
    assert r.json()["status"] == "Failed" and "Authorization: Bearer" in r.json()["info"]
    r = proto.client.post(f"{BASE}/dem:sampleTable/ingest", headers=_auth("___bogus"))
    assert r.status_code == 401 and r.json()["info"] == "invalid or expired session token"


def test_rest_refuses_the_session_cookie_alone(proto):
    """A browser adds the __sessiontoken cookie to cross-site requests by itself (CSRF): like the
    SOAP router, the REST API takes it only with the session's X-Security-Token header."""
    token, security = proto.logon()
    url = f"{BASE}/dem:sampleTable/ingest?requestId=1"
    proto.client.cookies.set("__sessiontoken", token)
    try:
        r = proto.client.get(url)
        assert r.status_code == 401 and r.json() == {
            "info": "the __sessiontoken cookie needs the X-Security-Token header of its session "
                    "(or send Authorization: Bearer <session token>)", "status": "Failed"}
        assert proto.client.post(f"{BASE}/dem:sampleTable/ingest").status_code == 401     # no run started
        assert proto.client.get(url, headers={"X-Security-Token": "@wrong"}).status_code == 401
        r = proto.client.get(url, headers={"X-Security-Token": security})
        assert r.status_code == 404 and r.json()["status"] == "Failed"      # authenticated: no request 1
    finally:
        proto.client.cookies.clear()
    r = proto.client.get(url, headers={"X-Session-Token": token})          # acc-js-sdk's header
    assert r.status_code == 404


def test_rest_is_throttled(make_sqlite_server):
    srv = make_sqlite_server(tps=0.1, burst=2)
    token, _ = srv.logon()
    codes = [srv.client.get(f"{BASE}/dem:sampleTable/ingest?requestId=1", headers=_auth(token)).status_code
             for _ in range(4)]
    assert codes[:2] == [404, 404] and codes[2:] == [429, 429]
