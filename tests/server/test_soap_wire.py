"""The SOAP router reads requests the way Campaign's does, whatever the client names things:
parameters by position, `urn:interface|schema` namespaces, tokens in headers or in the SOAP
Header, one document per parameter; xtk:persist#GetEntityIfMoreRecent and xtk:session#GetOption.
(Adobe's acc-js-sdk itself is driven end to end in test_acc_sdk.py.)"""
from __future__ import annotations

from conftest import OPERATOR, PASSWORD, fault, value

SOAP_HEAD = ('<SOAP-ENV:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://xml.apache.org/xml-soap">')
LITERAL = 'SOAP-ENV:encodingStyle="http://xml.apache.org/xml-soap/literalxml"'


def sdk_envelope(urn: str, method: str, params: str, header: str = "") -> str:
    """An envelope in acc-js-sdk's layout: `m:` prefix, the SDK's parameter names and xsi types."""
    return (f"{SOAP_HEAD}<SOAP-ENV:Header>{header}</SOAP-ENV:Header><SOAP-ENV:Body>"
            f'<m:{method} xmlns:m="urn:{urn}" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">'
            f"{params}</m:{method}></SOAP-ENV:Body></SOAP-ENV:Envelope>")


def s(name: str, text: str = "") -> str:
    return f'<{name} xsi:type="xsd:string">{text}</{name}>'


def doc(name: str, xml: str) -> str:
    return f'<{name} xsi:type="" {LITERAL}>{xml}</{name}>'


def sdk_logon(srv, password: str = PASSWORD):
    body = sdk_envelope("xtk:session", "Logon", s("sessiontoken") + s("login", OPERATOR) + s("password", password)
                        + f'<parameters xsi:type="ns:Element" {LITERAL}/>')
    return srv.post(body, headers={"Content-Type": "application/soap+xml", "SoapAction": "xtk:session#Logon"})


def test_logon_parameters_are_matched_by_position(proto):
    r = sdk_logon(proto)
    assert r.status_code == 200, r.text
    assert value(r.text, "pstrSessionToken").startswith("___")
    assert value(r.text, "pstrSecurityToken").startswith("@")
    r = sdk_logon(proto, "wrong-password")
    assert r.status_code == 500
    assert fault(r) == ("SOAP-ENV:Client", "XSV-350023 Logon failed: unknown operator or wrong password",
                        "XSV-350023 Unable to identify the operator: unknown login or wrong password.")


def test_write_in_the_interface_namespace_and_execute_query_with_sdk_names(proto):
    token, _ = proto.logon()
    r = proto.post(sdk_envelope("xtk:persist|xtk:session", "Write",
                                s("sessiontoken", token) + doc("doc", '<sampleTable xtkschema="dem:sampleTable" '
                                                                      'id="p1" testcol1="positional"/>')))
    assert r.status_code == 200 and "<WriteResponse" in r.text, r.text
    r = proto.post(sdk_envelope("xtk:queryDef", "ExecuteQuery", s("sessiontoken", token) + doc(
        "document", '<queryDef schema="dem:sampleTable" operation="get" xtkschema="xtk:queryDef">'
                    '<select><node expr="@testcol1"/></select><where><condition expr="@id=\'p1\'"/></where></queryDef>')))
    assert r.status_code == 200, r.text
    assert '<sampleTable testcol1="positional"/>' in r.text
    # xtk:persist alone names the interface: its methods are the session's
    r = proto.post(sdk_envelope("xtk:persist", "Write", s("sessiontoken", token) + doc(
        "doc", '<sampleTable xtkschema="dem:sampleTable" id="p2"/>')))
    assert r.status_code == 200, r.text


def test_too_many_parameters_is_a_fault(proto):
    token, _ = proto.logon()
    r = proto.post(sdk_envelope("xtk:session", "Logoff", s("sessiontoken", token) + s("extra", "1")))
    assert r.status_code == 500
    assert fault(r)[1] == "SOP-330011 Logoff takes 1 parameters (sessiontoken); the request has 2 (<sessiontoken>, <extra>)"


def _write(token: str, xml: str) -> str:
    return sdk_envelope("xtk:persist|xtk:session", "Write", s("sessiontoken", token) + doc("doc", xml))


def test_session_token_in_the_x_session_token_header_or_the_soap_header(proto):
    token, security = proto.logon()
    row = '<sampleTable xtkschema="dem:sampleTable" id="h1"/>'
    assert proto.post(_write("", row), headers={"X-Session-Token": token}).status_code == 200
    cookie = f"<Cookie>__sessiontoken={token}</Cookie>"
    r = proto.post(sdk_envelope("xtk:persist|xtk:session", "Write", s("sessiontoken") + doc("doc", row), cookie))
    assert r.status_code == 200, r.text
    # an empty X-Security-Token (the SDK's when logged on with a session token only) is no token
    assert proto.post(_write(token, row), headers={"X-Security-Token": ""}).status_code == 200
    # a security token given in the SOAP Header must match, as the header's
    bad = sdk_envelope("xtk:persist|xtk:session", "Write", s("sessiontoken", token) + doc("doc", row),
                       "<X-Security-Token>@wrong</X-Security-Token>")
    r = proto.post(bad)
    assert r.status_code == 500 and fault(r)[1].startswith("XSV-350008 missing or wrong X-Security-Token")
    good = bad.replace("@wrong", security)
    assert proto.post(good).status_code == 200


def test_the_session_cookie_alone_is_refused(proto):
    token, security = proto.logon()
    row = '<sampleTable xtkschema="dem:sampleTable" id="c1"/>'
    proto.client.cookies.set("__sessiontoken", token)
    try:
        r = proto.post(_write("", row))
        assert r.status_code == 500 and "X-Security-Token" in fault(r)[1]
        header = f"<X-Security-Token>{security}</X-Security-Token>"
        r = proto.post(sdk_envelope("xtk:persist|xtk:session", "Write", s("sessiontoken") + doc("doc", row), header))
        assert r.status_code == 200, r.text
    finally:
        proto.client.cookies.clear()


def test_a_second_document_in_a_parameter_is_refused_and_nothing_is_written(server):
    token, _ = server.logon()
    two = ('<sampleTableStg xtkschema="dem:sampleTableStg" testcol1="first"/>'
           '<sampleTableStg xtkschema="dem:sampleTableStg" testcol1="second"/>')
    r = server.post(sdk_envelope("xtk:session", "Ingest", s("sessiontoken", token) + doc("domDoc", two)))
    assert r.status_code == 500
    code, message, detail = fault(r)
    assert code == "SOAP-ENV:Client"
    assert message == ("SOP-330011 Ingest: the <domDoc> parameter holds 2 documents (<sampleTableStg>, "
                       "<sampleTableStg>, …); it takes exactly one (several records: use WriteCollection)")
    assert detail == "SOP-330011 Error while executing the method 'Ingest' of service 'xtk:session': one document per parameter."
    r = server.post(_write(token, '<sampleTable xtkschema="dem:sampleTable" id="d1"/><sampleTable '
                                  'xtkschema="dem:sampleTable" id="d2"/>'))
    assert r.status_code == 500 and "holds 2 documents" in fault(r)[1]
    for schema in ("dem:sampleTableStg", "dem:sampleTable"):
        r = server.post(sdk_envelope("xtk:queryDef", "ExecuteQuery", s("sessiontoken", token) + doc(
            "document", f'<queryDef schema="{schema}" operation="count"/>')))
        assert 'count="0"/>' in r.text, r.text


def _entity(token: str, pk: str, md5: str = "", must_exist: str = "false") -> str:
    return sdk_envelope("xtk:persist", "GetEntityIfMoreRecent", s("sessiontoken", token) + s("pk", pk) + s("md5", md5)
                        + f'<mustExist xsi:type="xsd:boolean">{must_exist}</mustExist>')


def test_get_entity_if_more_recent_answers_schema_documents(proto):
    from lxml import etree

    token, _ = proto.logon()
    r = proto.post(_entity(token, "xtk:schema|dem:sampleTableStg"))
    assert r.status_code == 200, r.text
    root = etree.fromstring(r.content)
    resp = root.find(".//{urn:wpp:default}GetEntityIfMoreRecentResponse")
    pdom = resp.find("{urn:wpp:default}pdomDoc")
    assert pdom.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "ns:Element"
    schema = pdom.find("{urn:wpp:default}schema")
    assert schema.get("namespace") == "dem" and schema.get("name") == "sampleTableStg"
    assert schema.get("stagingOf") == "dem:sampleTable" and schema.get("xtkschema") == "xtk:schema"
    element = schema.find("{urn:wpp:default}element")
    assert element.get("sqltable") == "DemSampleTableStg"
    assert [a.get("name") for a in element.findall("{urn:wpp:default}attribute")] == ["id", "testcol1", "testcol2"]
    md5 = schema.get("md5")
    r = proto.post(_entity(token, "xtk:schema|dem:sampleTableStg", md5))
    assert r.status_code == 200 and "<pdomDoc " in r.text and "<schema" not in r.text   # the copy is current
    r = proto.post(_entity(token, "xtk:schema|xtk:session"))
    assert 'implements="xtk:persist"' in r.text and '<interface name="persist"' in r.text
    r = proto.post(_entity(token, "xtk:schema|nms:recipient"))     # the built-in recipient subset
    assert r.status_code == 200 and '<schema namespace="nms" name="recipient"' in r.text
    r = proto.post(_entity(token, "xtk:schema|nms:nope"))
    assert r.status_code == 200 and "<schema" not in r.text                  # absent, mustExist false
    r = proto.post(_entity(token, "xtk:schema|nms:nope", must_exist="true"))
    assert fault(r)[1].startswith("XSV-350010 GetEntityIfMoreRecent: the schema 'nms:nope' does not exist")
    r = proto.post(_entity(token, "xtk:form|nms:recipient", must_exist="true"))
    assert fault(r)[1] == ("XSV-350010 GetEntityIfMoreRecent: entities of type 'xtk:form' are not published by "
                           "this server (only xtk:schema)")
    r = proto.post(_entity(token, "dem:sampleTable"))
    assert fault(r)[1] == "GetEntityIfMoreRecent: pk 'dem:sampleTable' is not an entity key like 'xtk:schema|dem:sampleTable'"


def test_get_option(proto):
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.options_store import set_option

    token, _ = proto.logon()
    with XtkSession(proto.options) as sess:
        set_option(sess, "NmsTracking_Pointer", "42")
    r = proto.post(sdk_envelope("xtk:session", "GetOption", s("sessiontoken", token) + s("name", "NmsTracking_Pointer")))
    assert r.status_code == 200, r.text
    assert '<pstrValue xsi:type="xsd:string">42</pstrValue>' in r.text
    assert '<pbtType xsi:type="xsd:byte">6</pbtType>' in r.text
    r = proto.post(sdk_envelope("xtk:session", "GetOption", s("sessiontoken", token) + s("name", "NeverSet")))
    assert '<pstrValue xsi:type="xsd:string"/>' in r.text and '<pbtType xsi:type="xsd:byte">0</pbtType>' in r.text
    r = proto.post(sdk_envelope("xtk:session", "GetOption", s("sessiontoken", token) + s("name", "")))
    assert fault(r)[1] == "SOP-330011 getOption/setOption: the option name must be a non-empty string"


def test_faults_to_the_sdk_come_with_status_200(proto):
    """acc-js-sdk reads Campaign faults only from a successful HTTP answer."""
    r = proto.post(sdk_envelope("xtk:session", "Logoff", s("sessiontoken", "___nope")),
                   headers={"ACC-SDK-Version": "@adobe/acc-js-sdk 1.2.0"})
    assert r.status_code == 200 and fault(r)[1].startswith("XSV-350008")
    r = proto.client.post("/nl/jsp/soaprouter.jsp?soapAction=xtk%3Asession%23Logoff",
                          content=sdk_envelope("xtk:session", "Logoff", s("sessiontoken", "___nope")))
    assert r.status_code == 200 and fault(r)[0] == "SOAP-ENV:Client"
    r = proto.post(sdk_envelope("xtk:session", "Logoff", s("sessiontoken", "___nope")))
    assert r.status_code == 500                                                   # any other client: SOAP 1.1


def test_write_of_an_xtk_option_sets_the_option(proto):
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.options_store import get_option

    token, _ = proto.logon()
    r = proto.post(_write(token, '<option xtkschema="xtk:option" _operation="insertOrUpdate" _key="@name" '
                                 'name="XtkjsWired" dataType="6" stringValue="on"/>'))
    assert r.status_code == 200, r.text
    with XtkSession(proto.options) as sess:
        assert get_option(sess, "XtkjsWired") == "on"
    r = proto.post(_write(token, '<option xtkschema="xtk:option" _operation="delete" name="XtkjsWired"/>'))
    assert fault(r)[1] == ('SOP-330011 Write: xtk:option: _operation="delete" is not supported '
                           '(insertOrUpdate, insert, update)')
    r = proto.post(_write(token, '<option xtkschema="xtk:option" stringValue="x"/>'))
    assert fault(r)[1] == "SOP-330011 getOption/setOption: the option name must be a non-empty string"
