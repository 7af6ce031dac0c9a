"""Entity objects (`NLWS.nmsRecipient.load(id)`, `.create({...})`, `.save()`),
`xtk.session.DeleteCollection` and the schema descriptions behind `application.getSchema`.

The JavaScript side is stdlib_js/42_xtk_entity.js; it exchanges records as JSON objects
{field name: value} with typed values (numbers, booleans, dates as ISO 8601 text). Every read
and write goes through the XtkSession (Write's validation, defaults, autopk/autouuid, one
savepoint per call) and the schema's one home store (`store_for_schema`).
"""
from __future__ import annotations

import datetime as dt

from runtime.errors import HostError
from runtime.xtk.ingest import Document
from runtime.xtk.schema import Field, Schema, ValidationError, capitalize
from runtime.xtk.store import StoreError, store_for_schema

JS_SAFE_INT = 2 ** 53


class EntityError(HostError):
    """An entity call that cannot be done: the message names the schema and the call."""


def nlws_name(schema: Schema) -> str:
    """Campaign's NLWS spelling of a schema id: `nms:recipient` -> `nmsRecipient`."""
    return schema.namespace + capitalize(schema.name)


def resolve(session, name: str) -> dict | None:
    """The entity factory description for `NLWS.<name>` (or `<namespace>.<name>` when `name`
    is an id), None when no loaded schema has that name."""
    reg = session.registry
    if ":" in name:
        schema = reg.schemas.get(name)
    else:
        schema = next((s for s in reg if nlws_name(s) == name), None)
    if schema is None:
        return None
    return {"id": schema.id, "nlws": nlws_name(schema), "keys": list(schema.keys), "autopk": schema.autopk,
            "staging": schema.is_staging, "element": schema.name,
            "fields": [{"name": f.name, "type": f.type, "family": f.family, "kind": f.kind}
                       for f in schema.fields.values()]}


def namespaces(session) -> list[str]:
    return sorted({s.namespace for s in session.registry})


def _json_value(f: Field, v):
    if v is None:
        return None
    fam = f.family
    if fam == "bool":
        return bool(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(timespec="milliseconds") + "Z"
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if fam == "int64" and abs(v) >= JS_SAFE_INT:
        return str(v)
    return v


def record_json(schema: Schema, rec: dict) -> dict:
    return {n: _json_value(schema.fields[n], v) for n, v in rec.items() if n in schema.fields}


def load(session, schema_id: str, key) -> dict:
    """`NLWS.<schema>.load(key)`: the record with that primary key, or EntityError."""
    schema = session.registry.get(schema_id, "load")
    if key is None or key == "" or (isinstance(key, (list, dict)) and not key):
        raise EntityError(f"{schema.id}: load() needs the record's key "
                          f"({', '.join('@' + k for k in schema.keys) or 'the schema has no key'})")
    rec = session.lookup_record(schema.id, key)
    if rec is None:
        shown = ", ".join(f"{k}={v!r}" for k, v in (key.items() if isinstance(key, dict) else
                                                    zip(schema.keys, key if isinstance(key, list) else [key])))
        raise EntityError(f"{schema.id}: no record with {shown} (load)")
    return record_json(schema, rec)


def save(session, schema_id: str, values: dict, operation: str | None, is_new: bool) -> dict:
    """`entity.save()`: insert a created entity, update a loaded one (or what `_operation`
    says); the record as written (generated id and UUID, defaults), {} for staging schemas."""
    schema = session.registry.get(schema_id, "save")
    if not isinstance(values, dict):
        raise EntityError(f"{schema.id}: save(): the entity's values are not an object")
    attrs, elems = {}, {}
    for name, value in values.items():
        f = schema.fields.get(name)
        if f is None:
            raise ValidationError(f"{schema.id}: unknown attribute '{name}'")
        (attrs if f.kind == "attr" else elems)[name] = value
    op = operation or ("insert" if is_new else "update")
    if schema.is_staging and op == "insert":
        op = "insert" if not any(values.get(k) not in (None, "") for k in schema.keys) else None
    doc = Document(element=schema.name, schema_id=schema.id, attrs=attrs, elems=elems, operation=op, loose=True)
    written = session.write_documents([doc], "save")
    return record_json(schema, written[0]) if written else {}


def create_values(session, schema_id: str, doc) -> dict:
    """`NLWS.<schema>.create(doc)`: the values of a JXON object or XML text for that schema,
    validated (types, lengths, unknown names) but not written."""
    from runtime.xtk.ingest import parse_document
    from runtime.xtk import schema as S

    schema = session.registry.get(schema_id, "create")
    d = parse_document(doc, schema.id)
    if d.element and d.element != schema.name:
        raise EntityError(f"{schema.id}: create() got <{d.element}>, expected <{schema.name}> "
                          f"(e.g. {{{schema.name}: {{…}}}})")
    if d.schema_id not in (None, schema.id):
        raise EntityError(f"{schema.id}: create() got a document of schema {d.schema_id}")
    values = S.validate_record(schema, d.values_for(schema), partial=True)
    out = record_json(schema, values)
    if d.operation:
        out["_operation"] = d.operation
    return out


# --- DeleteCollection -------------------------------------------------------------------------

def _where_element(where):
    """`<where>` (E4X/XML text), `<condition>`, JXON {where: {condition: …}}, or an expression
    string -> an lxml <where> element."""
    from lxml import etree

    from runtime.xtk.schema import safe_parser

    if isinstance(where, str):
        text = where.strip()
        if text.startswith("<"):
            try:
                el = etree.fromstring(text.encode("utf-8"), safe_parser())
            except etree.XMLSyntaxError as exc:
                raise EntityError(f"DeleteCollection: the where clause is not well-formed XML: {exc}") from None
        else:
            el = etree.Element("where")
            etree.SubElement(el, "condition", expr=text)
            return el
    elif isinstance(where, dict):
        el = _jxon_element(where.get("where", where) if len(where) == 1 and "where" in where else where, "where")
    else:
        raise EntityError("DeleteCollection: the second argument is the where clause: <where><condition "
                          "expr=\"…\"/></where>, {where: {condition: {expr: \"…\"}}} or an expression")
    tag = etree.QName(el).localname
    if tag == "condition":
        wrapper = etree.Element("where")
        wrapper.append(el)
        return wrapper
    if tag != "where":
        raise EntityError(f"DeleteCollection: the where clause is <{tag}>, expected <where> or <condition>")
    return el


def _jxon_element(obj, tag: str):
    """A JXON object -> lxml element: scalars are attributes, objects / arrays child elements."""
    from lxml import etree

    el = etree.Element(tag)
    if not isinstance(obj, dict):
        raise EntityError(f"DeleteCollection: <{tag}> must be an object in JXON, got {type(obj).__name__}")
    for k, v in obj.items():
        name = k[1:] if k.startswith("@") else k
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, dict):
                el.append(_jxon_element(item, name))
            elif isinstance(v, list):
                raise EntityError(f"DeleteCollection: '{name}' is a list of non-objects")
            elif item is not None:
                el.set(name, "true" if item is True else "false" if item is False else str(item))
    return el


def delete_collection(session, schema_id: str, where, ignore_delete_status=False) -> int:
    """`xtk.session.DeleteCollection(schema, where, ignoreDeleteStatus)`: delete every record
    of the schema matching the where clause, in one statement in the schema's home store.
    Returns the number of records deleted."""
    from runtime.xtk.conditions import ConditionError
    from runtime.xtk.querydef import QueryDefError, delete_statement

    schema = session.registry.get(schema_id, "DeleteCollection")
    if schema.is_staging:
        raise EntityError(f"DeleteCollection: {schema.id} is a staging schema; delete its records with "
                          "IngestExt and _operation=\"delete\" (the sync job applies them)")
    el = _where_element(where)
    if not any(isinstance(c.tag, str) for c in el):
        raise EntityError("DeleteCollection: the where clause has no condition; to delete every record say "
                          "so with <condition expr=\"1=1\"/>")
    store = store_for_schema(session.stores, schema)
    try:
        stmt = delete_statement(session, schema, store, el)
    except (ConditionError, QueryDefError) as exc:
        raise EntityError(f"DeleteCollection: {str(exc).removeprefix('queryDef: ')}") from None
    if stmt is None:
        return 0
    from sqlalchemy.exc import DBAPIError

    try:
        with store.conn.begin_nested():
            n = store.conn.execute(stmt).rowcount
    except DBAPIError as exc:
        raise StoreError(f"DeleteCollection on {schema.id}: the {store.role} store refused it: "
                         f"{str(exc.orig).strip().splitlines()[0]}") from None
    store.commit_point()
    return n


def describe(session, schema_id: str) -> dict:
    """`application.getSchema(id)`: the schema description (runtime/xtk/schema_doc.py)."""
    from runtime.xtk.schema_doc import describe as describe_schema

    return describe_schema(session.registry.get(schema_id, "application.getSchema"))
