"""WSDL + zeep: a WSDL-generated client against a real uvicorn server on a free port."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from conftest import OPERATOR, PASSWORD


@pytest.fixture
def live(store_opts):
    """A real uvicorn serving create_app(...) on 127.0.0.1:<free port>; yields the base URL."""
    import uvicorn

    from runtime.options import RunOptions
    from runtime.server.app import ServerConfig, create_app
    from runtime.server.auth import OperatorStore

    options = RunOptions(**store_opts)
    OperatorStore(options.home).add(OPERATOR, PASSWORD)
    app = create_app(options, ServerConfig(tps=0))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert t.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}", options
    server.should_exit = True
    t.join(20)


def test_zeep_round_trip_logon_ingest(live):
    import zeep
    from lxml import etree

    base, options = live
    client = zeep.Client(f"{base}/nl/jsp/schemawsdl.jsp?schema=xtk:session")
    logon = client.service.Logon(sessiontoken="", strLogin=OPERATOR, strPassword=PASSWORD)
    assert logon.pstrSessionToken.startswith("___") and logon.pstrSecurityToken.startswith("@")
    info = logon.pSessionInfo._value_1[0]
    assert etree.QName(info).localname == "sessionInfo"
    doc = etree.fromstring('<sampleTableStg testcol1="from zeep" xtkschema="dem:sampleTableStg"/>')
    uid = client.service.Ingest(sessiontoken=logon.pstrSessionToken, domDoc={"_value_1": doc})
    assert len(uid) == 36
    keyed = etree.fromstring('<sampleTableStg _key="@id" id="Z1" testcol1="k" xtkschema="dem:sampleTableStg"/>')
    assert client.service.Ingest(sessiontoken=logon.pstrSessionToken, domDoc={"_value_1": keyed}) is None
    assert client.service.IngestExt(sessiontoken=logon.pstrSessionToken, domDoc={"_value_1": keyed}) is None
    with pytest.raises(zeep.exceptions.Fault) as exc:
        client.service.Ingest(sessiontoken="___nope", domDoc={"_value_1": doc})
    assert exc.value.message == "XSV-350008 invalid or expired session token: log on again (xtk:session#Logon)"
    assert exc.value.code == "SOAP-ENV:Client"

    from runtime.xtk.ingest import XtkSession

    with XtkSession(options) as s:
        assert s.lookup_record("dem:sampleTableStg", "Z1") == {"id": "Z1", "testcol1": "k"}
    q = zeep.Client(f"{base}/nl/jsp/schemawsdl.jsp?schema=xtk:queryDef")
    out = q.service.ExecuteQuery(sessiontoken=logon.pstrSessionToken, entity={"_value_1": etree.fromstring(
        '<queryDef schema="dem:sampleTableStg" operation="select"><select><node expr="@testcol1"/></select>'
        '<orderBy><node expr="@testcol1"/></orderBy></queryDef>')})
    coll = out[0] if isinstance(out, list) else out._value_1[0]
    assert [e.get("testcol1") for e in coll] == ["from zeep", "k"]
    option = client.service.GetOption(sessiontoken=logon.pstrSessionToken, strName="NeverSet")
    assert option.pstrValue is None and option.pbtType == 0
    persist = zeep.Client(f"{base}/nl/jsp/schemawsdl.jsp?schema=xtk:persist")
    entity = persist.service.GetEntityIfMoreRecent(sessiontoken=logon.pstrSessionToken, pk="xtk:schema|dem:sampleTable",
                                                   md5="", mustExist=True)
    schema = entity[0] if isinstance(entity, list) else entity._value_1[0]
    assert etree.QName(schema).localname == "schema" and schema.get("name") == "sampleTable"
    client.service.Logoff(sessiontoken=logon.pstrSessionToken)
    with pytest.raises(zeep.exceptions.Fault):
        client.service.Ingest(sessiontoken=logon.pstrSessionToken, domDoc={"_value_1": doc})


def test_wsdl_shape(proto):
    from lxml import etree

    r = proto.client.get("/nl/jsp/schemawsdl.jsp?schema=xtk:session")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/xml")
    root = etree.fromstring(r.content)
    ns = {"w": "http://schemas.xmlsoap.org/wsdl/", "soap": "http://schemas.xmlsoap.org/wsdl/soap/"}
    assert root.get("targetNamespace") == "urn:xtk:session"
    actions = [e.get("soapAction") for e in root.iterfind(".//soap:operation", ns)]
    assert actions == ["xtk:session#Logon", "xtk:session#Logoff", "xtk:session#Ingest", "xtk:session#IngestExt",
                       "xtk:session#Write", "xtk:session#WriteCollection", "xtk:session#DeleteCollection",
                       "xtk:session#GetOption"]
    assert root.find(".//soap:address", ns).get("location") == "http://testserver/nl/jsp/soaprouter.jsp"
    r = proto.client.get("/nl/jsp/schemawsdl.jsp?schema=nms:recipient")
    assert r.status_code == 404 and "xtk:persist, xtk:queryDef, xtk:session, xtk:workflow" in r.text


def test_zeep_workflow_commands_and_delete_collection(live):
    import zeep
    from lxml import etree

    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.querydef import execute_query

    base, options = live
    session = zeep.Client(f"{base}/nl/jsp/schemawsdl.jsp?schema=xtk:session")
    token = session.service.Logon(sessiontoken="", strLogin=OPERATOR, strPassword=PASSWORD).pstrSessionToken
    workflow = zeep.Client(f"{base}/nl/jsp/schemawsdl.jsp?schema=xtk:workflow")
    workflow.service.PostEvent(sessiontoken=token, workflowId="WKF7", activity="signal", transition="",
                               parameters={"_value_1": etree.fromstring('<variables batch="b1"/>')}, complete=False)
    workflow.service.Start(sessiontoken=token, id="WKF7")
    with pytest.raises(zeep.exceptions.Fault) as exc:
        workflow.service.Stop(sessiontoken=token, id="")
    assert exc.value.message == ("SOP-330011 xtk.workflow.Stop: expected the workflow's internal name or id "
                                 "(e.g. \"WKF12\"), got nothing")

    coll = etree.fromstring('<sampleTable-collection xtkschema="dem:sampleTable"><sampleTable id="z1"/>'
                            '<sampleTable id="z2"/></sampleTable-collection>')
    session.service.WriteCollection(sessiontoken=token, domDoc={"_value_1": coll})
    session.service.DeleteCollection(sessiontoken=token, schema="dem:sampleTable", ignoreDeleteStatus=False,
                                     where={"_value_1": etree.fromstring('<where><condition expr="@id=\'z1\'"/></where>')})
    with XtkSession(options) as s:
        signals = execute_query(s, '<queryDef schema="xtk:workflowSignal" operation="select"><select>'
                                   '<node expr="@method"/><node expr="@workflow"/><node expr="@variables"/></select>'
                                   '<orderBy><node expr="@id"/></orderBy></queryDef>')
        left = execute_query(s, '<queryDef schema="dem:sampleTable" operation="select"><select><node expr="@id"/>'
                                '</select></queryDef>')
    rows = etree.fromstring(signals)
    assert [(r.get("method"), r.get("workflow"), r.get("variables")) for r in rows] == [
        ("PostEvent", "WKF7", '<variables batch="b1"/>'), ("Start", "WKF7", None)]
    assert [r.get("id") for r in etree.fromstring(left)] == ["z2"]
