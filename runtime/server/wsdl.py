"""WSDL of a service (`GET /nl/jsp/schemawsdl.jsp?schema=xtk:session`), in the shape Campaign's
schemawsdl.jsp gives: document/literal, one element per method and per response, SOAPAction
`xtk:session#Method`, `Element` = a sequence holding any XML.

Ingest and IngestExt answer in `urn:wpp:default` (v8 API), so their response elements are
declared in a second schema with that target namespace: a WSDL-driven client (zeep, .NET,
Java) then reads the exact documented responses.
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from runtime.server.soap import METHODS, SERVICES, SOAP_ENC, WPP_DEFAULT, Method

_XSD_TYPE = {"string": "s:string", "boolean": "s:boolean", "long": "s:long", "byte": "s:byte",
             "Element": "tns:Element"}


def _seq(params, tns_prefix: str = "tns") -> str:
    out = []
    for p in params:
        typ = _XSD_TYPE[p.type].replace("tns:", tns_prefix + ":")
        # Element parameters may be left out by clients (elemParameters of Logon, …).
        low = "0" if p.type == "Element" or p.name == "sessiontoken" else "1"
        out.append(f'<s:element name="{p.name}" type="{typ}" minOccurs="{low}" maxOccurs="1"/>')
    return "<s:complexType><s:sequence>" + "".join(out) + "</s:sequence></s:complexType>"


def _element_type() -> str:
    return ('<s:complexType name="Element"><s:sequence>'
            '<s:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/>'
            '</s:sequence></s:complexType>')


def render_wsdl(service: str, location: str) -> bytes:
    """The WSDL of `service` ("xtk:session"), its port at `location` (the soaprouter URL)."""
    if service not in SERVICES:
        raise KeyError(service)
    methods: list[Method] = [m for m in METHODS.values() if m.service == service]
    ns = "urn:" + service
    port = service.split(":", 1)[1]
    main, wpp = [], []
    for m in methods:
        main.append(f'<s:element name="{m.name}">{_seq(m.inputs)}</s:element>')
        resp = f'<s:element name="{m.name}Response">{_seq(m.outputs, "tns" if m.out_ns == ns else "wpp")}</s:element>'
        (main if m.out_ns == ns else wpp).append(resp)
    types = [f'<s:schema elementFormDefault="qualified" targetNamespace="{ns}">{_element_type()}{"".join(main)}</s:schema>']
    if wpp:
        types.append(f'<s:schema elementFormDefault="qualified" targetNamespace="{WPP_DEFAULT}">'
                     f'{_element_type()}{"".join(wpp)}</s:schema>')
    messages, ops, binding = [], [], []
    for m in methods:
        rprefix = "tns" if m.out_ns == ns else "wpp"
        messages.append(f'<wsdl:message name="{m.name}In"><wsdl:part name="parameters" element="tns:{m.name}"/></wsdl:message>'
                        f'<wsdl:message name="{m.name}Out"><wsdl:part name="parameters" '
                        f'element="{rprefix}:{m.name}Response"/></wsdl:message>')
        ops.append(f'<wsdl:operation name="{m.name}"><wsdl:input message="tns:{m.name}In"/>'
                   f'<wsdl:output message="tns:{m.name}Out"/></wsdl:operation>')
        binding.append(f'<wsdl:operation name="{m.name}"><soap:operation soapAction="{service}#{m.name}" style="document"/>'
                       f'<wsdl:input><soap:body use="literal"/></wsdl:input>'
                       f'<wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>')
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<wsdl:definitions xmlns:s="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soapenc="{SOAP_ENC}" '
        f'xmlns:tns="{ns}" xmlns:wpp="{WPP_DEFAULT}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
        f'targetNamespace="{ns}">\n'
        f'<wsdl:types>{"".join(types)}</wsdl:types>\n'
        + "".join(messages) + "\n"
        + f'<wsdl:portType name="{port}MethodsSoap">{"".join(ops)}</wsdl:portType>\n'
        + f'<wsdl:binding name="{port}MethodsSoap" type="tns:{port}MethodsSoap">'
        + '<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>'
        + "".join(binding) + "</wsdl:binding>\n"
        + f'<wsdl:service name="Xtk{port[:1].upper() + port[1:]}"><wsdl:port name="{port}MethodsSoap" '
        + f'binding="tns:{port}MethodsSoap"><soap:address location={quoteattr(location)}/></wsdl:port></wsdl:service>\n'
        + "</wsdl:definitions>\n")
    return text.encode("utf-8")
