"""SOAP router: the v8 API envelopes, Logon/Logoff, Ingest/IngestExt/Write/WriteCollection,
ExecuteQuery, faults (SQLite, and PostgreSQL with XTKJS_TEST_POSTGRES_URL)."""
from __future__ import annotations

import re
import uuid

from conftest import REFERENCE_TOKEN, call, envelope, fault, logon_envelope, reference, value

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DOC = '<sampleTableStg testcol1="{v}" testcol2="two" xtkschema="dem:sampleTableStg"/>'


def test_logon_answers_campaign_shaped_tokens(proto):
    r = proto.post(logon_envelope())
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/xml")
    assert '<LogonResponse SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns="urn:xtk:session">' in r.text
    token, security = value(r.text, "pstrSessionToken"), value(r.text, "pstrSecurityToken")
    assert re.fullmatch(r"___[0-9a-f-]{36}", token)
    assert security.startswith("@") and len(security) > 40
    assert '<userInfo login="admin"' in r.text and "<sessionInfo>" in r.text


def test_logon_then_ingest_writes_the_row(server):
    token, _ = server.logon()
    r = server.post(call("Ingest", token, DOC.format(v="hello")))
    assert r.status_code == 200, r.text
    uid = value(r.text, "pstrSUuids")
    assert UUID_RE.match(uid)
    rows = server.rows()
    assert len(rows) == 1
    row = {k.lower(): v for k, v in rows[0].items()}
    assert row["sstguuid"] == uid and row["stestcol1"] == "hello" and row["sstgoperation"] == "insert"


def test_reference_envelopes_answered_as_campaign_does(server):
    """The three requests of the v8 API, byte for byte (only the session token replaced), and the
    three responses compared with Campaign's text (only the generated UUID replaced)."""
    token, _ = server.logon()
    # Insert with no reconciliation: the UUID comes back.
    r = server.post(REFERENCE_TOKEN.sub(token, reference("ingest_request.xml")))
    assert r.status_code == 200, r.text
    uid = value(r.text, "pstrSUuids")
    assert UUID_RE.match(uid)
    assert r.text == reference("ingest_response.xml").replace("e1e7c8b3-6f79-44da-a72d-49ed0f73db2c", uid)
    # Insert with reconciliation: empty pstrSUuids.
    r = server.post(REFERENCE_TOKEN.sub(token, reference("ingest_key_request.xml")))
    assert r.status_code == 200, r.text
    assert r.text == reference("ingest_key_response.xml")
    # IngestExt: empty IngestExtResponse.
    r = server.post(REFERENCE_TOKEN.sub(token, reference("ingestext_request.xml")))
    assert r.status_code == 200, r.text
    assert r.text == reference("ingestext_response.xml")
    rows = [{k.lower(): v for k, v in row.items()} for row in server.rows()]
    assert [(x["sid"], x["stestcol1"], x["sstgoperation"]) for x in rows] == [
        (None, "Test Value 1 (from SOAP)", "insert"),
        ("ABDCD321", "Test Value E (from SOAP)", "insert"),  # IngestExt folded into the pending row
    ]
    assert rows[0]["sstguuid"] == uid and rows[1]["sstguuid"] is None and rows[1]["sstgkey"] == "id"


def test_reference_envelope_with_its_placeholder_token_is_refused(server):
    r = server.post(reference("ingest_request.xml"))
    assert r.status_code == 500
    code, msg, detail = fault(r)
    assert code == "SOAP-ENV:Client"
    assert msg == "XSV-350008 invalid or expired session token: log on again (xtk:session#Logon)"
    assert "XSV-350008" in detail
    assert server.rows() == [] if _has_table(server) else True


def _has_table(server, table: str = "DemSampleTableStg") -> bool:
    from sqlalchemy import inspect

    from runtime.xtk.store import get_engine, store_url

    eng = get_engine(store_url(server.options, "local"))
    with eng.connect() as c:
        return inspect(c).has_table(table) or inspect(c).has_table(table.lower())


def test_nothing_is_written_without_a_valid_token(server):
    for token in ("", "___00000000-0000-4000-8000-000000000000", "x" * 300):
        r = server.post(call("Ingest", token, DOC.format(v="nope")))
        assert r.status_code == 500
        code, msg, _ = fault(r)
        assert "session token" in msg
    assert not _has_table(server) or server.rows() == []


def test_logon_failures(proto):
    for login, pw in (("admin", "wrong-password"), ("nobody", "s3cret-passw0rd")):
        r = proto.post(logon_envelope(login, pw))
        assert r.status_code == 500
        assert fault(r)[1] == "XSV-350023 Logon failed: unknown operator or wrong password"
    r = proto.post(logon_envelope("", "x"))
    assert fault(r)[1] == "Logon: strLogin is empty"


def test_logoff_ends_the_session(proto):
    token, _ = proto.logon()
    r = proto.post(envelope("Logoff", f"<urn:sessiontoken>{token}</urn:sessiontoken>"))
    assert r.status_code == 200 and "<LogoffResponse" in r.text
    r = proto.post(call("Ingest", token, DOC.format(v="late")))
    assert r.status_code == 500 and "invalid or expired session token" in fault(r)[1]


def test_cookie_token_needs_the_security_token(proto):
    token, security = proto.logon()
    body = call("Ingest", "", DOC.format(v="cookie"))
    proto.client.cookies.set("__sessiontoken", token)
    try:
        r = proto.post(body)
        assert r.status_code == 500 and "X-Security-Token" in fault(r)[1]
        r = proto.post(body, headers={"X-Security-Token": "@wrong"})
        assert r.status_code == 500 and "X-Security-Token" in fault(r)[1]
        r = proto.post(body, headers={"X-Security-Token": security})
        assert r.status_code == 200, r.text
    finally:
        proto.client.cookies.clear()
    # In the body, the session token is enough; a wrong X-Security-Token still fails.
    r = proto.post(call("Ingest", token, DOC.format(v="body")), headers={"X-Security-Token": "@wrong"})
    assert r.status_code == 500 and "X-Security-Token" in fault(r)[1]
    assert proto.post(call("Ingest", token, DOC.format(v="body"))).status_code == 200


def test_validation_errors_are_client_faults_naming_schema_and_attribute(server):
    token, _ = server.logon()
    r = server.post(call("Ingest", token, '<sampleTableStg foo="1" xtkschema="dem:sampleTableStg"/>'))
    assert r.status_code == 500
    code, msg, detail = fault(r)
    assert code == "SOAP-ENV:Client"
    assert msg == "SOP-330011 dem:sampleTableStg: unknown attribute 'foo'"
    assert detail.startswith("SOP-330011 Error while executing the method 'Ingest' of service 'xtk:session'")
    r = server.post(call("Ingest", token, '<sampleTableStg testcol1="x"/>'))
    assert "has no xtkschema attribute" in fault(r)[1]
    r = server.post(call("Ingest", token, ""))
    assert fault(r)[1] == "Ingest: the <domDoc> parameter holds no document"
    # A rejected call in the middle does not disturb the others.
    assert server.post(call("Ingest", token, DOC.format(v="ok"))).status_code == 200
    assert len(server.rows()) == 1


def test_write_writecollection_and_execute_query(server):
    token, _ = server.logon()
    r = server.post(call("Write", token, '<sampleTable _key="@id" id="W1" testcol1="a" xtkschema="dem:sampleTable"/>'))
    assert r.status_code == 200, r.text
    assert '<WriteResponse SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns="urn:xtk:session"/>' in r.text
    coll = ('<sampleTable-collection xtkschema="dem:sampleTable">'
            '<sampleTable id="W2" testcol1="b"/><sampleTable id="W3" testcol1="c"/></sampleTable-collection>')
    r = server.post(call("WriteCollection", token, coll))
    assert r.status_code == 200, r.text
    q = ('<queryDef schema="dem:sampleTable" operation="select"><select><node expr="@id"/>'
         '<node expr="@testcol1"/></select><orderBy><node expr="@id"/></orderBy></queryDef>')
    r = server.post(call("ExecuteQuery", token, q, "entity", "xtk:queryDef"))
    assert r.status_code == 200, r.text
    assert ('<sampleTable-collection><sampleTable id="W1" testcol1="a"/><sampleTable id="W2" testcol1="b"/>'
            '<sampleTable id="W3" testcol1="c"/></sampleTable-collection>') in r.text
    assert '<ExecuteQueryResponse SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns="urn:xtk:queryDef">' in r.text
    # A collection item that fails rolls the whole collection back.
    bad = ('<sampleTable-collection xtkschema="dem:sampleTable"><sampleTable id="W4" testcol1="d"/>'
           '<sampleTable id="W5" nope="x"/></sampleTable-collection>')
    r = server.post(call("WriteCollection", token, bad))
    assert r.status_code == 500 and fault(r)[1] == "SOP-330011 dem:sampleTable: unknown attribute 'nope'"
    r = server.post(call("ExecuteQuery", token, '<queryDef schema="dem:sampleTable" operation="count"/>',
                         "entity", "xtk:queryDef"))
    assert '<sampleTable count="3"/>' in r.text
    r = server.post(call("ExecuteQuery", token, '<queryDef schema="dem:sampleTable" operation="nope"/>',
                         "entity", "xtk:queryDef"))
    assert r.status_code == 500 and fault(r)[1].startswith('SOP-330011 queryDef: unknown operation "nope"')


def test_ingest_ext_operations_over_soap(server):
    token, _ = server.logon()
    doc = '<sampleTableStg _key="@id" id="K1" testcol1="v1" xtkschema="dem:sampleTableStg"/>'
    assert server.post(call("IngestExt", token, doc)).status_code == 200
    r = server.post(call("IngestExt", token, '<sampleTableStg _key="@id" id="K9" _operation="update" '
                                             'testcol1="v" xtkschema="dem:sampleTableStg"/>'))
    assert r.status_code == 500 and "no record with id='K9' to update" in fault(r)[1]


def test_every_acknowledged_write_is_committed(server):
    """Concurrent Ingests (group commit): each answered UUID is a committed row."""
    from concurrent.futures import ThreadPoolExecutor

    token, _ = server.logon()

    def one(i):
        r = server.post(call("Ingest", token, DOC.format(v=f"c{i}")))
        return r.status_code, value(r.text, "pstrSUuids")

    with ThreadPoolExecutor(8) as ex:
        results = list(ex.map(one, range(80)))
    assert all(code == 200 for code, _ in results)
    uuids = {u for _, u in results}
    assert len(uuids) == 80
    stored = {r.get("sStgUuid") or r.get("sstguuid") for r in server.rows()}
    assert stored == uuids


def test_soapaction_resolves_a_method_without_namespace(proto):
    token, _ = proto.logon()
    body = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Ingest>'
            f'<sessiontoken>{token}</sessiontoken><domDoc>{DOC.format(v="sa")}</domDoc></Ingest></s:Body></s:Envelope>')
    r = proto.post(body, headers={"SOAPAction": '"xtk:session#Ingest"'})
    assert r.status_code == 200 and UUID_RE.match(value(r.text, "pstrSUuids"))
    r = proto.post(body)
    assert r.status_code == 500 and "no service namespace" in fault(r)[1]


# --- malformed and hostile requests ----------------------------------------------------------------

def test_malformed_envelopes(proto):
    cases = {
        b"": "malformed SOAP request: the request body is empty",
        b"<soapenv:Envelope": "malformed SOAP request: not well-formed XML",
        b"<Envelope/>": "malformed SOAP request: the document element is <Envelope>, expected a SOAP 1.1",
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"/>': "malformed SOAP request: the envelope has no <Body>",
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>':
            "malformed SOAP request: the <Body> holds no method element",
        b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>':
            "SOAP 1.2 envelopes are not supported",
    }
    for body, message in cases.items():
        r = proto.post(body)
        assert r.status_code == 500, body
        code, msg, _ = fault(r)
        assert msg.startswith(message), (body, msg)
        assert code in ("SOAP-ENV:Client", "SOAP-ENV:VersionMismatch")


def test_unknown_method_and_service(proto):
    token, _ = proto.logon()
    r = proto.post(envelope("DropEverything", f"<urn:sessiontoken>{token}</urn:sessiontoken>"))
    assert r.status_code == 500
    code, message, detail = fault(r)
    assert message == ("SOP-330006 unknown method 'DropEverything' of service 'xtk:session' (implemented: Logon, Logoff, "
                       "Ingest, IngestExt, Write, WriteCollection, DeleteCollection, GetOption)")
    assert detail == "SOP-330006 The method 'DropEverything' is not defined in SOAP service 'xtk:session'."
    r = proto.post(envelope("Foo", "", service="nms:delivery"))
    assert fault(r)[1] == ("SOP-330005 unknown service 'nms:delivery' (this server implements xtk:persist, xtk:queryDef, "
                           "xtk:session, xtk:workflow)")
    assert fault(r)[2] == "SOP-330005 The SOAP service 'nms:delivery' is not defined."
    r = proto.post(envelope("StartWithParameters", f"<urn:sessiontoken>{token}</urn:sessiontoken><urn:id>1</urn:id>",
                            service="xtk:workflow"))
    assert fault(r)[1] == ("SOP-330006 unknown method 'StartWithParameters' of service 'xtk:workflow' (implemented: "
                           "PostEvent, Start, Stop, Pause, Resume, Restart, Wakeup, Kill)")


def test_oversized_body_is_refused_with_413(make_sqlite_server):
    srv = make_sqlite_server(max_body=4096)
    token, _ = srv.logon()
    big = call("Ingest", token, DOC.format(v="x" * 5000))
    r = srv.post(big)
    assert r.status_code == 413
    assert fault(r)[1] == "request body larger than 4096 bytes"
    # Also without Content-Length (chunked upload).
    r = srv.client.post("/nl/jsp/soaprouter.jsp", content=iter([big.encode()[:3000], big.encode()[3000:]]))
    assert r.status_code == 413
    assert not _has_table(srv)


def test_billion_laughs_is_refused_without_expansion(proto):
    import time

    token, _ = proto.logon()
    lol = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
           + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
           + ']>\n' + call("Ingest", token, '<sampleTableStg testcol1="&lol9;" xtkschema="dem:sampleTableStg"/>'))
    start = time.perf_counter()
    r = proto.post(lol)
    assert time.perf_counter() - start < 2
    assert r.status_code == 500
    assert fault(r)[1] == "DOCTYPE and ENTITY declarations are not allowed in SOAP requests"
    assert not _has_table(proto)


def test_external_entity_and_utf16_doctype_are_refused(proto, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    token, _ = proto.logon()
    xxe = (f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
           + call("Ingest", token, '<sampleTableStg testcol1="&xxe;" xtkschema="dem:sampleTableStg"/>'))
    r = proto.post(xxe)
    assert r.status_code == 500 and "DOCTYPE" in fault(r)[1] and "TOP-SECRET" not in r.text
    # The same in UTF-16: the byte scan cannot see it, the parsed document's DOCTYPE is refused.
    r = proto.post(('<?xml version="1.0" encoding="UTF-16"?>' + xxe).encode("utf-16"))
    assert r.status_code == 500 and "DOCTYPE" in fault(r)[1] and "TOP-SECRET" not in r.text
    assert not _has_table(proto)


def test_get_on_the_router_and_ping(proto):
    r = proto.client.get("/nl/jsp/soaprouter.jsp")
    assert r.status_code == 405 and "only accepts POST" in fault(r)[1]
    r = proto.client.get("/nl/jsp/ping.jsp")
    assert r.status_code == 200 and r.text.startswith("Ok\n")


def test_session_tokens_are_unique_and_random(proto):
    tokens = {proto.logon()[0] for _ in range(3)}
    assert len(tokens) == 3
    assert all(uuid.UUID(t[3:]).version == 4 for t in tokens)


# --- xtk:workflow commands and DeleteCollection ---------------------------------------------------

def _signals(server) -> list[tuple]:
    if not _has_table(server, "XtkWorkflowSignal"):   # made by the first signal
        return []
    return [(r["smethod"], r["sworkflow"], r["sactivity"], r["stransition"], r["mvariables"], r["icomplete"],
             r["sscript"]) for r in ({k.lower(): v for k, v in row.items()}
                                     for row in server.rows("XtkWorkflowSignal", order="iWorkflowSignalId"))]


def test_workflow_commands_are_recorded_as_signals(server):
    token, _ = server.logon()
    t = f"<urn:sessiontoken>{token}</urn:sessiontoken>"
    r = server.post(envelope("PostEvent", t + "<urn:workflowId>WKF12</urn:workflowId><urn:activity>signal</urn:activity>"
                             "<urn:transition>ok</urn:transition><urn:parameters><variables count=\"3\"/></urn:parameters>"
                             "<urn:complete>true</urn:complete>", service="xtk:workflow"))
    assert r.status_code == 200, r.text
    assert '<PostEventResponse SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns="urn:xtk:workflow"/>' in r.text
    # Campaign's router matches parameters by position: any names will do.
    r = server.post(envelope("PostEvent", t + "<a>WKF12</a><b>signal</b><c/><d><variables/></d><e>false</e>",
                             service="xtk:workflow"))
    assert r.status_code == 200, r.text
    for method in ("Start", "Stop", "Pause", "Resume", "Restart", "Wakeup", "Kill"):
        r = server.post(envelope(method, t + "<urn:id>42</urn:id>", service="xtk:workflow"))
        assert r.status_code == 200, r.text
    assert _signals(server) == [
        ("PostEvent", "WKF12", "signal", "ok", '<variables count="3"/>', 1, "soap:admin"),
        ("PostEvent", "WKF12", "signal", None, None, 0, "soap:admin"),
        *((m, "42", None, None, None, None, "soap:admin")
          for m in ("Start", "Stop", "Pause", "Resume", "Restart", "Wakeup", "Kill")),
    ]


def test_bad_workflow_commands_are_faults_and_record_nothing(server):
    token, _ = server.logon()
    t = f"<urn:sessiontoken>{token}</urn:sessiontoken>"
    cases = [
        ("Start", "<urn:id> </urn:id>",
         "xtk.workflow.Start: expected the workflow's internal name or id (e.g. \"WKF12\"), got nothing"),
        ("PostEvent", "<urn:workflowId>WKF1</urn:workflowId><urn:activity/>",
         "xtk.workflow.PostEvent: expected the activity name (e.g. \"signal\"), got nothing"),
        ("PostEvent", "<urn:workflowId>WKF1</urn:workflowId><urn:activity>signal</urn:activity><urn:transition/>"
                      "<urn:parameters><vars a=\"1\"/></urn:parameters>",
         "xtk.workflow.PostEvent: the event variables must be a <variables/> element, got '<vars a=\"1\"/>'"),
    ]
    for method, inner, message in cases:
        r = server.post(envelope(method, t + inner, service="xtk:workflow"))
        assert r.status_code == 500
        code, got, detail = fault(r)
        assert got == "SOP-330011 " + message
        assert detail.startswith(f"SOP-330011 Error while executing the method '{method}' of service 'xtk:workflow'")
    r = server.post(envelope("Start", "<urn:sessiontoken>___nope</urn:sessiontoken><urn:id>1</urn:id>",
                             service="xtk:workflow"))
    assert fault(r)[1].startswith("XSV-350008 invalid or expired session token")
    assert _signals(server) == []


def _write(server, token, *ids):
    coll = "".join(f'<sampleTable id="{i}" testcol1="v{i}"/>' for i in ids)
    r = server.post(call("WriteCollection", token, f'<sampleTable-collection xtkschema="dem:sampleTable">{coll}'
                                                   "</sampleTable-collection>"))
    assert r.status_code == 200, r.text


def _sample_ids(server) -> list[str]:
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.querydef import execute_query

    with XtkSession(server.options) as s:
        out = execute_query(s, '<queryDef schema="dem:sampleTable" operation="select"><select><node expr="@id"/>'
                               '</select><orderBy><node expr="@id"/></orderBy></queryDef>')
    return re.findall(r'id="([^"]*)"', out)


def test_delete_collection_deletes_the_matching_records(server):
    token, _ = server.logon()
    _write(server, token, "d1", "d2", "k3")
    r = server.post(envelope("DeleteCollection", f"<urn:sessiontoken>{token}</urn:sessiontoken>"
                             "<urn:schema>dem:sampleTable</urn:schema><urn:where><where>"
                             "<condition expr=\"@id LIKE 'd%'\"/></where></urn:where><urn:ignoreDeleteStatus>false"
                             "</urn:ignoreDeleteStatus>", service="xtk:persist|xtk:session"))
    assert r.status_code == 200, r.text
    assert "<DeleteCollectionResponse " in r.text
    assert _sample_ids(server) == ["k3"]


def test_bad_delete_collection_calls_are_faults_that_delete_nothing(server):
    token, _ = server.logon()
    _write(server, token, "x1")
    t = f"<urn:sessiontoken>{token}</urn:sessiontoken>"
    cases = [
        ("<urn:schema>dem:sampleTable</urn:schema><urn:where><where/></urn:where>",
         "SOP-330011 DeleteCollection: the where clause has no condition; to delete every record say so with "
         "<condition expr=\"1=1\"/>"),
        ("<urn:schema>dem:sampleTable</urn:schema><urn:where/>",
         "DeleteCollection: the <where> parameter holds no <where> element"),
        ("<urn:schema/><urn:where><where><condition expr=\"1=1\"/></where></urn:where>",
         "DeleteCollection: the <schema> parameter is empty: name the schema (e.g. dem:sampleTable)"),
        ("<urn:schema>dem:nope</urn:schema><urn:where><where><condition expr=\"1=1\"/></where></urn:where>",
         "SOP-330011 unknown schema 'dem:nope' (DeleteCollection); loaded schemas: "),
        ("<urn:schema>dem:sampleTable</urn:schema><urn:where><where><condition expr=\"@nope = 1\"/></where></urn:where>",
         "SOP-330011 DeleteCollection: "),
    ]
    for inner, message in cases:
        r = server.post(envelope("DeleteCollection", t + inner))
        assert r.status_code == 500, r.text
        assert fault(r)[1].startswith(message), fault(r)[1]
    assert _sample_ids(server) == ["x1"]
