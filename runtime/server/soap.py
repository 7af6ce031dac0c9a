"""SOAP 1.1 envelopes as Campaign's `/nl/jsp/soaprouter.jsp` reads and writes them, and the
table of the `xtk:session`, `xtk:queryDef`, `xtk:persist` and `xtk:workflow` methods (reference:
docs/server.md; Campaign's Ingest envelopes are in tests/server/data/). What the methods do is
in dispatch.py.

Requests: `<soapenv:Envelope><soapenv:Body><urn:METHOD xmlns:urn="urn:SERVICE">` with one child
element per parameter (`sessiontoken`, `domDoc`, …). The method is named by the body element
(its namespace `urn:xtk:session` gives the service; `urn:xtk:persist|xtk:session`, an interface
method called on a schema as Adobe's acc-js-sdk sends it, is the schema's method); a body element
without namespace is resolved with the `SOAPAction: xtk:session#Ingest` header. Parameters are
matched by position, as Campaign's router does (the SDK names them after the method's schema:
`login`, `doc`, `document`, …), or by name when every child is named like a parameter here.

Responses are written in Campaign's layout (the v8 API, byte for byte apart from values):
`<METHODResponse SOAP-ENV:encodingStyle="…/soap/encoding/" xmlns="urn:…">` holding one element
per output (`<pstrSUuids xsi:type="xsd:string">…`). Errors are SOAP faults with HTTP 500.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"
LITERAL_XML = "http://xml.apache.org/xml-soap/literalxml"
WPP_DEFAULT = "urn:wpp:default"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


# --- method table (also drives the WSDL) ----------------------------------------------------------

@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"          # "string", "Element", "boolean", "long", "byte"


@dataclass(frozen=True)
class Method:
    service: str                  # "xtk:session"
    name: str                     # "Ingest"
    inputs: tuple[Param, ...]
    outputs: tuple[Param, ...] = ()
    response_ns: str = ""         # default: "urn:" + service
    needs_session: bool = True

    @property
    def ns(self) -> str:
        return "urn:" + self.service

    @property
    def out_ns(self) -> str:
        return self.response_ns or self.ns


# xtk:workflow's commands taking only the workflow (runtime/host/workflow.py records them all).
WORKFLOW_COMMANDS = ("Start", "Stop", "Pause", "Resume", "Restart", "Wakeup", "Kill")
_TOKEN = Param("sessiontoken")
_DOC = Param("domDoc", "Element")
METHODS: dict[tuple[str, str], Method] = {(m.service, m.name): m for m in (
    Method("xtk:session", "Logon", (_TOKEN, Param("strLogin"), Param("strPassword"), Param("elemParameters", "Element")),
           (Param("pstrSessionToken"), Param("pSessionInfo", "Element"), Param("pstrSecurityToken")),
           needs_session=False),
    Method("xtk:session", "Logoff", (_TOKEN,)),
    Method("xtk:session", "Ingest", (_TOKEN, _DOC), (Param("pstrSUuids"),), response_ns=WPP_DEFAULT),
    Method("xtk:session", "IngestExt", (_TOKEN, _DOC), (), response_ns=WPP_DEFAULT),
    Method("xtk:session", "Write", (_TOKEN, _DOC)),
    Method("xtk:session", "WriteCollection", (_TOKEN, _DOC)),
    Method("xtk:session", "DeleteCollection", (_TOKEN, Param("schema"), Param("where", "Element"),
                                               Param("ignoreDeleteStatus", "boolean"))),
    Method("xtk:session", "GetOption", (_TOKEN, Param("strName")), (Param("pstrValue"), Param("pbtType", "byte"))),
    Method("xtk:queryDef", "ExecuteQuery", (_TOKEN, Param("entity", "Element")), (Param("pdomOutput", "Element"),)),
    Method("xtk:persist", "GetEntityIfMoreRecent", (_TOKEN, Param("pk"), Param("md5"), Param("mustExist", "boolean")),
           (Param("pdomDoc", "Element"),), response_ns=WPP_DEFAULT),
    Method("xtk:workflow", "PostEvent", (_TOKEN, Param("workflowId"), Param("activity"), Param("transition"),
                                         Param("parameters", "Element"), Param("complete", "boolean"))),
    *(Method("xtk:workflow", name, (_TOKEN, Param("id"))) for name in WORKFLOW_COMMANDS),
)}
# xtk:persist is an interface that xtk:session implements: its Write methods are the session's.
INTERFACE_OF = {"xtk:persist": "xtk:session"}
SERVICES = sorted({m.service for m in METHODS.values()})


# --- faults ---------------------------------------------------------------------------------------

class SoapFault(Exception):
    """Answered as a SOAP fault. code: "Client" (the request is wrong) or "Server"."""

    def __init__(self, message: str, code: str = "Client", detail: str | None = None, status: int = 500,
                 headers: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail if detail is not None else message
        self.status = status
        self.headers = headers or {}


# --- parsing --------------------------------------------------------------------------------------

def safe_parser():
    """lxml parser for network input: no entities, no DTD, no network, no huge trees."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False,
                           load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)


@dataclass
class SoapRequest:
    method: Method
    params: dict = field(default_factory=dict)     # parameter name (of Method.inputs) -> lxml element
    headers: dict = field(default_factory=dict)    # SOAP Header element local name -> text

    def text(self, name: str) -> str:
        el = self.params.get(name)
        return "" if el is None else (el.text or "").strip()

    def element(self, name: str):
        """The document (single child element) of an Element parameter, or None. A DOMDocument
        has one root: a parameter holding several is refused rather than half processed."""
        el = self.params.get(name)
        if el is None:
            return None
        docs = [c for c in el if isinstance(c.tag, str)]
        if len(docs) > 1:
            hint = " (several records: use WriteCollection)" if self.method.name in ("Write", "Ingest", "IngestExt") else ""
            raise SoapFault(f"{self.method.name}: the <{el.tag.rsplit('}', 1)[-1]}> parameter holds {len(docs)} "
                            f"documents (<{etree_local(docs[0])}>, <{etree_local(docs[1])}>, …); it takes exactly one"
                            f"{hint}", detail=f"SOP-330011 Error while executing the method '{self.method.name}' "
                            f"of service '{self.method.service}': one document per parameter.")
        return docs[0] if docs else None

    def header(self, name: str) -> str | None:
        """The text of a SOAP Header element (`Cookie`, `X-Security-Token`), or None."""
        return self.headers.get(name)


def etree_local(el) -> str:
    from lxml import etree

    return etree.QName(el).localname


def parse_xml(body: bytes):
    """Parse network XML; a DOCTYPE (and so any entity declaration) is refused outright."""
    from lxml import etree

    if _DOCTYPE.search(body) or _DOCTYPE.search(_wide_to_ascii(body)):
        raise SoapFault("DOCTYPE and ENTITY declarations are not allowed in SOAP requests")
    try:
        root = etree.fromstring(body, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise SoapFault(f"malformed SOAP request: not well-formed XML: {exc}") from None
    except ValueError as exc:   # e.g. an unsupported encoding declaration
        raise SoapFault(f"malformed SOAP request: {exc}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:   # caught here when not ASCII-compatible
        raise SoapFault("DOCTYPE and ENTITY declarations are not allowed in SOAP requests")
    return root


def _wide_to_ascii(body: bytes) -> bytes:
    """A UTF-16/UTF-32 body (BOM or NUL bytes up front) as ASCII-compatible bytes, to scan it."""
    head = body[:4]
    if b"\x00" not in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return b""
    for enc in ("utf-32", "utf-16", "utf-16-le", "utf-16-be"):
        try:
            return body.decode(enc).encode("utf-8")
        except UnicodeDecodeError:
            continue
    return b""


# `xmlns:m="urn:xtk:persist|xtk:session"`: '|' is not allowed in a URI, so libxml2 refuses the
# document; it is percent-encoded before parsing and decoded in the service name.
_PIPE_URN = re.compile(rb"""(xmlns(?::[A-Za-z_][\w.-]*)?\s*=\s*["']urn:[\w.:-]+)\|(?=[\w.:-]+["'])""")


def parse_request(body: bytes, soap_action: str | None = None) -> SoapRequest:
    from lxml import etree

    if not body or not body.strip():
        raise SoapFault("malformed SOAP request: the request body is empty")
    root = parse_xml(_PIPE_URN.sub(rb"\1%7C", body))
    q = etree.QName(root)
    if q.localname != "Envelope" or q.namespace not in (SOAP_ENV, SOAP12_ENV):
        raise SoapFault(f"malformed SOAP request: the document element is <{q.localname}>, expected a "
                        f"SOAP 1.1 <Envelope xmlns=\"{SOAP_ENV}\">")
    if q.namespace == SOAP12_ENV:
        raise SoapFault("SOAP 1.2 envelopes are not supported: use SOAP 1.1 "
                        f"(xmlns=\"{SOAP_ENV}\")", code="VersionMismatch")
    body_el = root.find(f"{{{SOAP_ENV}}}Body")
    if body_el is None:
        raise SoapFault("malformed SOAP request: the envelope has no <Body>")
    call = next((c for c in body_el if isinstance(c.tag, str)), None)
    if call is None:
        raise SoapFault("malformed SOAP request: the <Body> holds no method element")
    cq = etree.QName(call)
    service = cq.namespace[4:].replace("%7C", "|") if cq.namespace and cq.namespace.startswith("urn:") else None
    action = (soap_action or "").strip().strip('"')
    if service is None and "#" in action:
        service = action.split("#", 1)[0]
    if service is not None and "|" in service:     # interface|schema: the schema's method
        service = service.split("|", 1)[1]
    if service is None:
        raise SoapFault(f"malformed SOAP request: the method element <{cq.localname}> has no service "
                        "namespace (e.g. xmlns=\"urn:xtk:session\") and there is no SOAPAction header")
    method = METHODS.get((service, cq.localname)) or METHODS.get((INTERFACE_OF.get(service), cq.localname))
    if method is None:
        if service not in SERVICES and service not in INTERFACE_OF:
            raise SoapFault(f"unknown service '{service}' (this server implements {', '.join(SERVICES)})",
                            detail=f"SOP-330005 The SOAP service '{service}' is not defined.")
        known = ", ".join(m.name for m in METHODS.values() if m.service in (service, INTERFACE_OF.get(service)))
        raise SoapFault(f"unknown method '{cq.localname}' of service '{service}' (implemented: {known})",
                        detail=f"SOP-330006 The method '{cq.localname}' is not defined in SOAP service '{service}'.")
    return SoapRequest(method, _match_params(method, call), _header_values(root))


def _match_params(method: Method, call) -> dict:
    """Parameters by name when every child is named like one of the method's inputs (the WSDL's
    names), else by position (Campaign's router: the first child is the session token, then the
    method's parameters in order, whatever their names)."""
    from lxml import etree

    children = [c for c in call if isinstance(c.tag, str)]
    names = [p.name for p in method.inputs]
    if all(etree.QName(c).localname in names for c in children):
        params: dict = {}
        for c in children:
            params.setdefault(etree.QName(c).localname, c)
        return params
    if len(children) > len(names):
        raise SoapFault(f"{method.name} takes {len(names)} parameters ({', '.join(names)}); the request has "
                        f"{len(children)} (<{'>, <'.join(etree.QName(c).localname for c in children)}>)",
                        detail=f"SOP-330011 Error while executing the method '{method.name}' of service "
                               f"'{method.service}': too many parameters.")
    return {p.name: c for p, c in zip(method.inputs, children)}


def _header_values(root) -> dict:
    from lxml import etree

    head = root.find(f"{{{SOAP_ENV}}}Header")
    if head is None:
        return {}
    out: dict = {}
    for c in head:
        if isinstance(c.tag, str):
            out.setdefault(etree.QName(c).localname, (c.text or "").strip())
    return out


# --- rendering ------------------------------------------------------------------------------------

_ENVELOPE_HEAD = ('<SOAP-ENV:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
                  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns="{ns}" '
                  'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">\n<SOAP-ENV:Body>\n')
_ENVELOPE_TAIL = "</SOAP-ENV:Body>\n</SOAP-ENV:Envelope>\n"


def render_response(method: Method, values: dict | None = None) -> bytes:
    """The METHODResponse envelope. `values`: output name -> text (string outputs) or XML text
    (Element outputs)."""
    values = values or {}
    ns = method.out_ns
    head = (f'    <{method.name}Response SOAP-ENV:encodingStyle="{SOAP_ENC}" xmlns="{ns}"')
    if not method.outputs:
        inner = head + "/>\n"
    else:
        lines = [head + ">\n"]
        for p in method.outputs:
            v = values.get(p.name)
            if p.type == "Element":
                lines.append(f'        <{p.name} xsi:type="ns:Element" SOAP-ENV:encodingStyle="{LITERAL_XML}">'
                             f'{v or ""}</{p.name}>\n')
            else:
                xsd = {"string": "xsd:string", "boolean": "xsd:boolean", "long": "xsd:long", "byte": "xsd:byte"}[p.type]
                text = "" if v is None else (("true" if v else "false") if isinstance(v, bool) else str(v))
                if text == "":
                    lines.append(f'        <{p.name} xsi:type="{xsd}"/>\n')
                else:
                    lines.append(f'        <{p.name} xsi:type="{xsd}">{escape(text)}</{p.name}>\n')
        lines.append(f"    </{method.name}Response>\n")
        inner = "".join(lines)
    return (_ENVELOPE_HEAD.format(ns=ns) + inner + _ENVELOPE_TAIL).encode("utf-8")


_CAMPAIGN_CODE = re.compile(r"^([A-Z]{3}-\d{6}) ")


def fault_string(fault: SoapFault) -> str:
    """The faultstring: the message, led by the Campaign error code of the detail when there is
    one (`XSV-350008 …`), as Campaign's faultstrings are; clients such as acc-js-sdk take the
    error code from there."""
    m = _CAMPAIGN_CODE.match(fault.detail or "")
    if m and not _CAMPAIGN_CODE.match(fault.message):
        return f"{m.group(1)} {fault.message}"
    return fault.message


def render_fault(fault: SoapFault) -> bytes:
    code = fault.code if ":" in fault.code else "SOAP-ENV:" + fault.code
    head = _ENVELOPE_HEAD.replace(' xmlns:ns="{ns}"', "")
    return (head
            + "    <SOAP-ENV:Fault>\n"
            + f"        <faultcode>{escape(code)}</faultcode>\n"
            + f'        <faultstring xsi:type="xsd:string">{escape(_xml_safe(fault_string(fault)))}</faultstring>\n'
            + f'        <detail xsi:type="xsd:string">{escape(_xml_safe(fault.detail))}</detail>\n'
            + "    </SOAP-ENV:Fault>\n"
            + _ENVELOPE_TAIL).encode("utf-8")


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_BAD.sub("?", str(text))


def element_xml(el) -> str:
    """An element of the request as its own document: the envelope's namespace declarations
    it does not use are dropped."""
    import copy

    from lxml import etree

    own = copy.deepcopy(el)
    etree.cleanup_namespaces(own)
    return etree.tostring(own, encoding="unicode", with_tail=False)
