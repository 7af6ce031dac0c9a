"""A loaded schema as Campaign shows it: the description `application.getSchema(id)` builds
its schema object from (stdlib_js/42_xtk_entity.js), and the schema as XML (`toDocument()`).

One representation for every consumer: the JavaScript schema object, the SOAP schema service
(runtime/server) and tools all start from `describe(schema)` / `schema_xml(schema)`, which read
the parsed `Schema` of runtime/xtk/schema.py (never the source file again).

The XML has the shape of a compiled Campaign schema (`xtk:schema`): `<schema>` with the
`<enumeration>`s, the main `<element>` with its `sqltable`, `<key>` and `<attribute>`s, each with
its `sqlname`. Implicit fields (`autopk` id, `autouuid` uuid) are listed like declared ones.
The `<methods>` and `<interface>`s a srcSchema declares (and its `implements`) are carried
through as they are. `schema_document` adds
the md5 of the document, which the SOAP schema service (xtk:persist#GetEntityIfMoreRecent)
compares with the caller's copy.
"""
from __future__ import annotations

import hashlib

from runtime.xtk.schema import Enumeration, Field, Schema
from runtime.xtk.store import home_of


def _enum(schema: Schema, e: Enumeration) -> dict:
    return {
        "name": f"{schema.id}:{e.name}", "shortName": e.name, "label": e.label, "desc": e.desc,
        "basetype": e.basetype, "default": e.default,
        "values": [{"name": v.name, "label": v.label, "value": v.value, "desc": v.desc} for v in e.values],
    }


def _node(f: Field) -> dict:
    return {
        "name": f.xpath, "isAttribute": f.kind == "attr", "type": f.type, "label": f.label or _label(f.name),
        "desc": f.desc, "length": f.length or 0, "notNull": f.not_null, "default": f.default,
        "sqlname": f.sqlname, "enum": f.enum, "implicit": f.implicit,
    }


def _methods(schema: Schema) -> list[dict]:
    """The srcSchema's `<methods>`: name, flags and parameters (inout "in" unless said)."""
    if not schema.methods:
        return []
    from lxml import etree

    out = []
    for m in etree.fromstring(schema.methods):
        if not isinstance(m.tag, str):
            continue
        params = [{"name": p.get("name") or "", "type": p.get("type") or "", "inout": p.get("inout") or "in",
                   "desc": p.get("desc") or ""} for p in m.iter("param")]
        out.append({"name": m.get("name"), "label": m.get("label") or m.get("name"), "desc": m.get("desc") or "",
                    "static": m.get("static") == "true", "const": m.get("const") == "true", "parameters": params})
    return out


def _label(name: str) -> str:
    """Campaign's implicit label: the name with its first letter in upper case."""
    return name[:1].upper() + name[1:]


def describe(schema: Schema) -> dict:
    """Everything the JavaScript schema object shows, as JSON."""
    return {
        "id": schema.id, "namespace": schema.namespace, "name": schema.name, "label": schema.label,
        "labelSingular": schema.label_singular or schema.main_label or schema.label, "desc": schema.desc,
        "table": schema.table, "home": home_of(schema), "staging": schema.is_staging,
        "stagingOf": schema.staging_of, "autoStg": schema.auto_stg, "autopk": schema.autopk,
        "autouuid": schema.autouuid, "keys": list(schema.keys), "keyName": schema.key_name,
        "enumerations": [_enum(schema, e) for e in schema.enumerations.values()],
        "methods": _methods(schema),
        "root": {"name": schema.name, "label": schema.main_label or schema.label, "desc": schema.desc,
                 "sqltable": schema.table, "children": [_node(f) for f in schema.fields.values()]},
        "xml": schema_xml(schema),
    }


def schema_xml(schema: Schema) -> str:
    """The schema as a compiled Campaign schema document (XML text)."""
    from lxml import etree

    root = etree.Element("schema", namespace=schema.namespace, name=schema.name, label=schema.label)
    if schema.label_singular:
        root.set("labelSingular", schema.label_singular)
    if schema.desc:
        root.set("desc", schema.desc)
    if schema.is_staging:
        root.set("stagingOf", schema.staging_of)
    if schema.implements:
        root.set("implements", schema.implements)
    root.set("mappingType", "sql")
    root.set("xtkschema", "xtk:schema")
    for interface in schema.interfaces:
        root.append(etree.fromstring(interface))
    for e in schema.enumerations.values():
        en = etree.SubElement(root, "enumeration", name=e.name, basetype=e.basetype, label=e.label)
        if e.default is not None:
            en.set("default", e.default)
        for v in e.values:
            val = etree.SubElement(en, "value", name=v.name, label=v.label, value=str(v.value))
            if v.desc:
                val.set("desc", v.desc)
    main = etree.SubElement(root, "element", name=schema.name, label=schema.main_label or schema.label,
                            sqltable=schema.table)
    for flag, on in (("autopk", schema.autopk), ("autouuid", schema.autouuid), ("autoStg", schema.auto_stg)):
        if on:
            main.set(flag, "true")
    if schema.data_source:
        main.set("dataSource", schema.data_source)
    if schema.keys:
        key = etree.SubElement(main, "key", name=schema.key_name or schema.keys[0], internal="true")
        for k in schema.keys:
            etree.SubElement(key, "keyfield", xpath=schema.fields[k].xpath)
    for f in schema.fields.values():
        node = etree.SubElement(main, "attribute" if f.kind == "attr" else "element", name=f.name, type=f.type)
        if f.length and f.family == "string":
            node.set("length", str(f.length))
        node.set("label", f.label or _label(f.name))
        if f.desc:
            node.set("desc", f.desc)
        if f.enum:
            node.set("enum", f.enum)
        if f.not_null:
            node.set("notNull", "true")
        if f.default is not None:
            node.set("default", f.default)
        node.set("sqlname", f.sqlname)
        if f.implicit == "autopk":
            node.set("autoIncrement", "true")
    if schema.methods:
        root.append(etree.fromstring(schema.methods))
    return etree.tostring(root, encoding="unicode")


def with_md5(xml: str | bytes) -> tuple[str, str]:
    """(the document with its `md5` attribute, the md5): the upper-case MD5 of the document
    (comments dropped) without that attribute, as Campaign stamps compiled schemas."""
    from lxml import etree

    from runtime.xtk.schema import safe_parser

    root = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml, safe_parser())
    md5 = hashlib.md5(etree.tostring(root, encoding="unicode").encode("utf-8")).hexdigest().upper()
    root.set("md5", md5)
    return etree.tostring(root, encoding="unicode"), md5


def schema_document(schema: Schema) -> tuple[str, str]:
    """(compiled schema document with its md5, md5) of a loaded schema."""
    return with_md5(schema_xml(schema))
