"""Schema documents for xtk:persist#GetEntityIfMoreRecent (pk `xtk:schema|<id>`), in the
compiled-schema layout Campaign answers: `<schema namespace name label … md5 xtkschema="xtk:schema">`
with its `<element>`s, attributes, keys and `<methods>` / `<interface>`s.

* Service schemas (xtk:session, xtk:queryDef, xtk:workflow) are XML files next to this module
  (runtime/server/schemas/), honest subsets of Campaign's: the methods this server answers, with
  Campaign's parameter names and types, which Adobe's acc-js-sdk reads to build its calls.
* Data schemas (built-in and `--schemas`, staging schemas included) are built from the loaded
  schemas (runtime/xtk/schema.py): one `<element>` holding an `<attribute>` (or typed child
  `<element>`) per field with its SQL name, and the primary key.

Every document carries the md5 of its content; a caller that sends that md5 gets no document
(its copy is current), as Campaign does.
"""
from __future__ import annotations

import hashlib
from importlib import resources

SCHEMA_ENTITY = "xtk:schema"


def _service_schema_files() -> dict[str, bytes]:
    root = resources.files("runtime.server") / "schemas"
    out = {}
    for p in root.iterdir():
        if p.name.endswith(".xml"):
            ns, _, name = p.name[:-4].partition("_")
            out[f"{ns}:{name}"] = p.read_bytes()
    return out


_SERVICE_SCHEMAS: dict[str, bytes] | None = None


def service_schemas() -> dict[str, bytes]:
    global _SERVICE_SCHEMAS
    if _SERVICE_SCHEMAS is None:
        _SERVICE_SCHEMAS = _service_schema_files()
    return _SERVICE_SCHEMAS


def _data_schema_element(schema):
    """The compiled-schema document of a loaded data schema (runtime.xtk.schema.Schema)."""
    from lxml import etree

    root = etree.Element("schema", namespace=schema.namespace, name=schema.name, label=schema.label,
                         labelSingular=schema.label, mappingType="sql", xtkschema=SCHEMA_ENTITY)
    if schema.staging_of:
        root.set("staging", "true")
        root.set("stagingOf", schema.staging_of)
    main = etree.SubElement(root, "element", name=schema.element_name, label=schema.label,
                            sqltable=schema.table)
    if schema.autopk:
        main.set("autopk", "true")
    if schema.autouuid:
        main.set("autouuid", "true")
    if schema.auto_stg:
        main.set("autoStg", "true")
    if schema.keys:
        key = etree.SubElement(main, "key", name=("id" if schema.keys == ["id"] else schema.keys[0]),
                               internal="true")
        for k in schema.keys:
            etree.SubElement(key, "keyfield", xpath=schema.fields[k].xpath)
    for f in schema.fields.values():
        el = etree.SubElement(main, "attribute" if f.kind == "attr" else "element",
                              name=f.name, type=f.type, sqlname=f.sqlname, label=f.label or f.name)
        if f.length is not None:
            el.set("length", str(f.length))
        if f.not_null:
            el.set("notNull", "true")
        if f.default is not None:
            el.set("default", f.default)
        if f.implicit:
            el.set("builtIn", "true")
    return root


def _with_md5(root) -> tuple[str, str]:
    from lxml import etree

    text = etree.tostring(root, encoding="unicode")
    md5 = hashlib.md5(text.encode("utf-8")).hexdigest().upper()
    root.set("md5", md5)
    return etree.tostring(root, encoding="unicode"), md5


def schema_document(registry, schema_id: str) -> tuple[str, str] | None:
    """(document XML, md5) of a schema, or None when there is no such schema."""
    from lxml import etree

    from runtime.server.soap import safe_parser

    raw = service_schemas().get(schema_id)
    if raw is not None:
        return _with_md5(etree.fromstring(raw, safe_parser()))
    schema = registry.schemas.get(schema_id)
    if schema is None:
        return None
    return _with_md5(_data_schema_element(schema))


class EntityNotFound(LookupError):
    pass


def entity_if_more_recent(registry, pk: str, md5: str, must_exist: bool) -> str:
    """The `pdomDoc` content for GetEntityIfMoreRecent: the entity's XML, or "" when the caller's
    md5 is current or the entity does not exist (EntityNotFound with mustExist)."""
    entity_type, sep, name = (pk or "").partition("|")
    if not sep or not entity_type or not name:
        raise ValueError(f"pk '{pk}' is not an entity key like 'xtk:schema|dem:sampleTable'")
    if entity_type != SCHEMA_ENTITY:
        if must_exist:
            raise EntityNotFound(f"entities of type '{entity_type}' are not published by this server "
                                 f"(only {SCHEMA_ENTITY})")
        return ""
    found = schema_document(registry, name)
    if found is None:
        if must_exist:
            known = sorted([*registry.schemas, *service_schemas()])
            raise EntityNotFound(f"the schema '{name}' does not exist; loaded schemas: {', '.join(known)}")
        return ""
    text, digest = found
    return "" if md5 and md5.strip().upper() == digest else text
