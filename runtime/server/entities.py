"""Schema documents for xtk:persist#GetEntityIfMoreRecent (pk `xtk:schema|<id>`), in the
compiled-schema layout Campaign answers: `<schema namespace name label … md5 xtkschema="xtk:schema">`
with its `<element>`s, attributes, keys and `<methods>` / `<interface>`s.

* Service schemas (xtk:session, xtk:queryDef, xtk:workflow) are XML files next to this module
  (runtime/server/schemas/), honest subsets of Campaign's: the methods this server answers, with
  Campaign's parameter names and types, which Adobe's acc-js-sdk reads to build its calls.
* Data schemas (built-in and `--schemas`, staging schemas included) are the documents of
  runtime/xtk/schema_doc.py, the same description scripts get from `application.getSchema`,
  with the `<methods>` their srcSchema declares.

Every document carries the md5 of its content (schema_doc.with_md5); a caller that sends that
md5 gets no document (its copy is current), as Campaign does.
"""
from __future__ import annotations

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


def schema_document(registry, schema_id: str) -> tuple[str, str] | None:
    """(document XML, md5) of a schema, or None when there is no such schema."""
    from runtime.xtk.schema_doc import schema_document as data_schema_document, with_md5

    raw = service_schemas().get(schema_id)
    if raw is not None:
        return with_md5(raw)
    schema = registry.schemas.get(schema_id)
    return None if schema is None else data_schema_document(schema)


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
