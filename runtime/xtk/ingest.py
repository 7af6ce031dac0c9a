"""Ingest, IngestExt, Write, WriteCollection and lookup as a Python API (no JavaScript needed).

    from runtime.xtk.ingest import XtkSession
    with XtkSession(options) as s:              # commits on success (see finish())
        uuid = s.ingest('<sampleTableStg testcol1="a" xtkschema="dem:sampleTableStg"/>')

Documents may be lxml elements, XML text (str/bytes) or JXON objects (dicts): see
`parse_document`. Every value is validated against the schema first (ValidationError naming
schema and attribute); a call writes all of its rows or none (a savepoint per call).

The staging table is an operation log in arrival order (docs/staging.md): Ingest appends;
IngestExt folds into the newest *pending* row of the same key when there is one (so the staging
table shows the updated values, as Campaign's does) and appends otherwise.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from runtime.errors import XtkjsError
from runtime.xtk import schema as S
from runtime.xtk.schema import Schema, ValidationError
from runtime.xtk.store import (STG_BATCH, STG_CREATED, STG_KEY, STG_OP, STG_SEQ, STG_UUID, Stores,
                               StoreError, store_for_schema)
from runtime.xtk.uuids import UuidSource

MULTIROW_MAX_ROWS = 1000
MULTIROW_MAX_PARAMS = 30000   # under SQLite's 32766 and PostgreSQL's 65535


def rows_per_statement(width: int) -> int:
    """Rows of `width` values per multi-row statement (INSERT … VALUES, UPDATE … FROM VALUES)."""
    return max(1, min(MULTIROW_MAX_ROWS, MULTIROW_MAX_PARAMS // max(1, width)))
SPECIAL_ATTRS = ("xtkschema", "_key", "_operation")
INGEST_EXT_OPS = {None: "upsert", "": "upsert", "insertorupdate": "upsert", "upsert": "upsert",
                  "insert": "insert", "update": "update", "delete": "delete"}
WRITE_OPS = {None: "", "": "", "insertorupdate": "insertOrUpdate",
             "insert": "insert", "update": "update", "delete": "delete"}


# --- documents ----------------------------------------------------------------------------------

@dataclass
class Document:
    """A data document reduced to what the APIs need."""

    element: str
    schema_id: str | None
    attrs: dict = field(default_factory=dict)      # attribute name -> value
    elems: dict = field(default_factory=dict)      # typed child element name -> text
    key: str | None = None
    operation: str | None = None
    loose: bool = False   # JXON: a name may be an attribute or an element

    @classmethod
    def from_parts(cls, parts: dict) -> Document:
        """The JSON form stdlib_js/40_xtk.js sends: {element, attrs, elems, loose}."""
        attrs = dict(parts.get("attrs") or {})
        return cls(element=str(parts.get("element") or ""), schema_id=attrs.pop("xtkschema", None),
                   key=attrs.pop("_key", None), operation=attrs.pop("_operation", None), attrs=attrs,
                   elems=dict(parts.get("elems") or {}), loose=bool(parts.get("loose")))

    def describe(self) -> str:
        return f"<{self.element}>" if self.element else "the document"

    def values_for(self, schema: Schema) -> dict:
        """{field name: raw value}; unknown names and attribute/element mix-ups are errors."""
        out = {}
        for kind, items in (("attr", self.attrs), ("elem", self.elems)):
            word, other = ("attribute", "element") if kind == "attr" else ("element", "attribute")
            for name, value in items.items():
                f = schema.fields.get(name)
                if f is None:
                    raise ValidationError(f"{schema.id}: unknown {word} '{name}'")
                if f.kind != kind and not self.loose:
                    raise ValidationError(f"{schema.id}: '{name}' is an {other} of the schema, not an {word}")
                out[name] = value
        return out


def _malformed(message: str) -> ValidationError:
    return ValidationError(f"malformed document: {message}")


def parse_document(doc, inherit_schema: str | None = None) -> Document:
    """An lxml element, XML text (str/bytes) or a JXON object -> Document."""
    if isinstance(doc, Document):
        return doc
    if isinstance(doc, dict):
        return _from_jxon(doc, inherit_schema)
    if isinstance(doc, (str, bytes)):
        return _from_element(_parse_xml(doc), inherit_schema)
    if hasattr(doc, "tag") and hasattr(doc, "attrib"):
        return _from_element(doc, inherit_schema)
    raise _malformed(f"expected an XML document, XML text or a JXON object, got {type(doc).__name__}")


def _parse_xml(text):
    from lxml import etree

    if isinstance(text, str):
        text = text.encode("utf-8")
    if not text.strip():
        raise _malformed("the XML text is empty")
    try:
        return etree.fromstring(text, S.safe_parser())
    except etree.XMLSyntaxError as exc:
        raise _malformed(f"not well-formed XML: {exc}") from None


def _from_element(el, inherit_schema: str | None) -> Document:
    from lxml import etree

    if not isinstance(el.tag, str):
        raise _malformed("not an element")
    name = etree.QName(el).localname
    d = Document(element=name, schema_id=inherit_schema)
    for aname, value in el.attrib.items():
        if aname.startswith("{"):
            raise ValidationError(f"{d.describe()}: namespaced attribute '{etree.QName(aname).localname}' "
                                  "is not supported")
        _set_attr(d, aname, value)
    if (el.text or "").strip():
        raise _malformed(f"{d.describe()} has text content; values go in attributes")
    for child in el:
        if not isinstance(child.tag, str):
            continue
        cname = etree.QName(child).localname
        if len(child) or len(child.attrib):
            raise ValidationError(f"{d.schema_id or d.describe()}: unknown element '{cname}' "
                                  "(nested elements are not supported)")
        if cname in d.elems:
            raise _malformed(f"element <{cname}> appears twice in {d.describe()}")
        d.elems[cname] = child.text or ""
    return d


def _set_attr(d: Document, name: str, value) -> None:
    if name == "xtkschema":
        d.schema_id = value
    elif name == "_key":
        d.key = value
    elif name == "_operation":
        d.operation = value
    else:
        d.attrs[name] = value


def _from_jxon(obj: dict, inherit_schema: str | None) -> Document:
    body, element = obj, ""
    if len(obj) == 1:
        (only, value), = obj.items()
        if isinstance(value, dict) and not only.startswith("@"):
            body, element = value, only
    d = Document(element=element, schema_id=inherit_schema, loose=True)
    for k, v in body.items():
        name = k[1:] if k.startswith("@") else k
        if name == "$":
            if isinstance(v, str) and v.strip():
                raise _malformed("JXON document has text content ($); values go in attributes")
            continue
        if isinstance(v, dict):
            text = v.get("$", "")
            if set(v) - {"$"}:
                raise ValidationError(f"{d.schema_id or 'document'}: unknown element '{name}' "
                                      "(nested elements are not supported)")
            d.elems[name] = text
        elif isinstance(v, list):
            raise _malformed(f"'{name}' is a list; one value per attribute")
        else:
            _set_attr(d, name, v)
    return d


def parse_collection(doc) -> list[Document]:
    """`<x-collection xtkschema="…"><x …/>…</x-collection>` (or JXON {"x-collection": {"x": [..]}})."""
    if isinstance(doc, dict):
        body = doc
        if len(doc) == 1:
            (_, value), = doc.items()
            if isinstance(value, dict):
                body = value
        schema_id = body.get("xtkschema") or body.get("@xtkschema")
        items = []
        for k, v in body.items():
            if k in ("xtkschema", "@xtkschema", "$"):
                continue
            for item in (v if isinstance(v, list) else [v]):
                if not isinstance(item, dict):
                    raise _malformed(f"collection item '{k}' is not an object")
                items.append(_from_jxon({k: item}, schema_id))
        return items
    if isinstance(doc, (str, bytes)):
        doc = _parse_xml(doc)
    schema_id = doc.get("xtkschema")
    return [_from_element(child, schema_id) for child in doc if isinstance(child.tag, str)]


# --- the session --------------------------------------------------------------------------------

class XtkSession:
    """The data APIs over one local and one cloud store.

    One session per script run (the runtime makes it a HostEnv resource) or per SOAP request.
    Not thread-safe: give each thread its own session (engines are shared per process). Its one
    exception is its batch writer (`batches`, runtime/xtk/batch.py BatchWriter), which applies
    the batches a script sends on a thread of its own: call `settle()` before anything else that
    uses the session while batches may be in flight (runtime/xtk/host.py `session` does).
    Without `options.atomic` every call commits when it returns; with it, `finish(True)` commits
    and `finish(False)` rolls back everything.
    """

    def __init__(self, options=None, registry: S.Registry | None = None, readonly: bool = False) -> None:
        from runtime.options import RunOptions

        self.options = options or RunOptions()
        self._registry = registry
        self.stores = Stores(self.options, readonly=readonly)
        self.uuids = UuidSource(self.options.uuid_seed)
        self._batch_sql: dict[tuple, tuple] = {}
        self.key_sql: dict[tuple, str] = {}   # runtime.xtk.batch.key_exists statements
        self._batches = None   # the BatchWriter, made when a script first sends a batch in the background

    def __enter__(self) -> XtkSession:
        return self

    def __exit__(self, exc_type, *_):
        self.finish(exc_type is None)

    @property
    def registry(self) -> S.Registry:
        if self._registry is None:
            self._registry = S.registry_for(self.options)
        return self._registry

    @property
    def batches(self):
        if self._batches is None:
            from runtime.xtk.batch import BatchWriter

            self._batches = BatchWriter(self)
        return self._batches

    def settle(self, discarded: int = 0, refused: bool = True) -> None:
        """Wait for the batches being applied in the background and raise the error of one the
        store refused (`refused=False`: leave it for a later call). After it, this thread may use
        the session."""
        if self._batches is not None:
            if refused:
                self._batches.settle(discarded)
            else:
                self._batches.wait()

    def finish(self, success: bool) -> None:
        refused = None
        if self._batches is not None:
            try:
                self._batches.settle()
            except Exception as exc:  # noqa: BLE001 - a refused batch fails the run (atomic: rolled back)
                refused, success = exc, False
            self._batches.close()
        self.stores.finish(success)
        if refused is not None:
            raise refused

    def acknowledge(self) -> None:
        """Make every write so far durable now (unless the run is atomic): before a script's
        output line, so that what a run printed was stored. Batches still being applied are
        waited for first, and the error of a refused one is raised (the line is not written)."""
        self.settle()
        for store in self.stores.opened():   # Write's rows may be in the cloud store
            store.commit_point()

    def interrupt(self) -> None:
        """From another thread: cancel the statement running now (the run's timeout)."""
        self.stores.interrupt()

    def now(self) -> dt.datetime:
        if self.options.now:
            return S.parse_datetime(self.options.now)
        return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)

    # -- helpers ---------------------------------------------------------------------------
    def _schema_of(self, d: Document, api: str) -> Schema:
        if not d.schema_id:
            raise ValidationError(f"{api}: {d.describe()} has no xtkschema attribute; say which schema "
                                  "it belongs to, e.g. xtkschema=\"dem:sampleTableStg\"")
        return self.registry.get(d.schema_id, f"xtkschema of {d.describe()}")

    @staticmethod
    def _key_names(schema: Schema, spec, values: dict, api: str, required: bool) -> list[str]:
        names = S.parse_key_spec(schema, spec) if spec not in (None, "") else list(schema.keys)
        if names and not all(values.get(n) not in (None, "") for n in names):
            if spec not in (None, "") or required:
                missing = next(n for n in names if values.get(n) in (None, ""))
                raise ValidationError(f"{api}: {schema.id}: key attribute '{missing}' has no value")
            names = []
        if required and not names:
            raise ValidationError(f"{api}: {schema.id}: no key: give _key=\"@…\" or the schema key's values")
        return names

    def _run(self, store, fn, commit: bool = True):
        """Run fn(conn) in a savepoint: all its rows or none; then the commit point."""
        from sqlalchemy.exc import DBAPIError, IntegrityError

        conn = store.conn
        try:
            with conn.begin_nested():
                result = fn(conn)
        except IntegrityError as exc:
            raise ValidationError(f"rejected by the {store.role} store: {_first_line(exc.orig)}") from None
        except DBAPIError as exc:
            raise StoreError(f"{store.role} store error: {_first_line(exc.orig)}") from None
        if commit:
            store.commit_point()
        return result

    # -- Ingest ----------------------------------------------------------------------------
    def ingest(self, doc) -> str:
        """xtk.session.Ingest: append an insert to the staging table; the new row's UUID, or ""
        when the document has `_key`."""
        d = parse_document(doc)
        return self.ingest_document(d)

    def ingest_document(self, d: Document) -> str:
        schema, row, uuid = self.prepare_ingest(d)
        self._stage_row(schema, row)
        return uuid

    def prepare_ingest(self, d: Document) -> tuple[Schema, dict, str]:
        """Everything Ingest does before its INSERT (validation, key, UUID): (staging schema,
        staging row, UUID or "" when keyed). The SOAP writer batches these rows itself."""
        schema = self._staging_schema(d, "Ingest")
        if d.operation not in (None, "", "insert"):
            raise ValidationError(f"Ingest: {schema.id}: _operation=\"{d.operation}\" is not allowed; "
                                  "Ingest only inserts (use IngestExt)")
        values = S.validate_record(schema, d.values_for(schema), now=self.now())
        keys = self._key_names(schema, d.key, values, "Ingest", required=False) if d.key else []
        uuid = "" if keys else self.uuids.next()
        return schema, self._staging_row(schema, "insert", values, uuid or None, keys), uuid

    def _staging_schema(self, d: Document, api: str) -> Schema:
        if not d.schema_id:
            self._schema_of(d, api)
        return self.registry.staging_for(d.schema_id, api)

    def _staging_row(self, schema: Schema, op: str, values: dict, uuid, keys: list[str]) -> dict:
        row = {schema.fields[n].sqlname: v for n, v in values.items()}
        row.update({STG_OP: op, STG_UUID: uuid, STG_KEY: ",".join(keys) or None, STG_CREATED: self.now()})
        return row

    def _stage_row(self, schema: Schema, row: dict) -> None:
        store = self.stores.local
        table = store.table(schema)
        self._run(store, lambda conn: conn.execute(table.insert(), [row]))

    def _stage_append(self, schema: Schema, op: str, values: dict, uuid, keys: list[str]) -> None:
        self._stage_row(schema, self._staging_row(schema, op, values, uuid, keys))

    def insert_rows(self, schema: Schema, fields: list[str], flat: list, width: int) -> int:
        """Append checked rows to a staging table as multi-row INSERTs (the Ingest fast path).

        `flat` holds rows of `width` = 3 + len(fields) one after the other: the operation, the
        UUID (or None), the key spec ("id", "a,b", or None), then the values of `fields`
        (canonical JSON values: str, number or None; int64 as text, date/time as ISO text)."""
        store = self.stores.local
        cache_key = (schema.id, tuple(fields), store.url)
        prepared = self._batch_sql.get(cache_key)
        if prepared is None:
            fobjs = [schema.field(n) for n in fields]
            cols = ", ".join([STG_OP, STG_UUID, STG_KEY, STG_CREATED] + [f.sqlname for f in fobjs])
            ph = "?" if store.paramstyle == "qmark" else "%s"
            one = f"({ph}, {ph}, {ph}, {{created}}, {', '.join([ph] * (width - 3))})"
            # Several rows per statement (bounded by the drivers' parameter limits): SQLite and
            # PostgreSQL insert them markedly faster than one statement per row.
            per = rows_per_statement(width)
            conv = _SQLITE_CONVERTERS if store.dialect == "sqlite" else _BATCH_CONVERTERS
            converters = [(i + 3, conv[f.family]) for i, f in enumerate(fobjs) if f.family in conv]
            prepared = self._batch_sql[cache_key] = (f"INSERT INTO {schema.table} ({cols}) VALUES ", one,
                                                     per, converters)
        head, one, per, converters = prepared
        created = self.now().strftime(SQLITE_DATETIME)  # our own text: safe as a SQL literal
        one = one.replace("{created}", f"'{created}'")
        for i, conv in converters:
            for j in range(i, len(flat), width):
                if flat[j] is not None:
                    flat[j] = conv(flat[j])
        n = len(flat) // width
        chunk = per * width
        full = len(flat) // chunk * chunk

        def work(conn):
            if full:
                conn.exec_driver_sql(head + ", ".join([one] * per),
                                     [tuple(flat[i:i + chunk]) for i in range(0, full, chunk)])
            if full < len(flat):
                conn.exec_driver_sql(head + ", ".join([one] * ((len(flat) - full) // width)),
                                     tuple(flat[full:]))

        self._run(store, work, commit=False)
        return n

    # -- IngestExt -------------------------------------------------------------------------
    def ingest_ext(self, doc) -> None:
        """xtk.session.IngestExt: insert or update by key (`_operation` insert, update, delete;
        default insert-or-update) in the staging table. Returns None."""
        self.ingest_ext_document(parse_document(doc))

    def ingest_ext_document(self, d: Document, api: str = "IngestExt") -> None:
        schema = self._staging_schema(d, api)
        op = INGEST_EXT_OPS.get((d.operation or "").lower())
        if op is None:
            raise ValidationError(f"{api}: {schema.id}: unknown _operation \"{d.operation}\" "
                                  "(insert, insertOrUpdate, update or delete)")
        values = S.validate_record(schema, d.values_for(schema), partial=op in ("update", "delete", "upsert"),
                                   now=self.now())
        if op == "insert" and not d.key and not all(values.get(k) not in (None, "") for k in schema.keys or ["-"]):
            self._stage_append(schema, "insert", values, self.uuids.next(), [])
            return
        keys = self._key_names(schema, d.key, values, api, required=True)
        store = self.stores.local
        table = store.table(schema)
        self._run(store, lambda conn: self.ext_row(conn, schema, table, op, values, keys, api))

    def ext_row(self, conn, schema: Schema, table, op: str, values: dict, keys: list[str], api: str) -> None:
        """One IngestExt operation on the staging table (op upsert, insert, update or delete;
        `values` as validated; `keys` the key field names): the rules of docs/staging.md."""
        from sqlalchemy import and_, select

        key_values = {k: values[k] for k in keys}
        if op == "delete":
            values = dict(key_values)
        c = table.c
        where = and_(*[c[schema.fields[k].sqlname] == v for k, v in key_values.items()])
        newest = conn.execute(select(c[STG_SEQ], c[STG_OP], c[STG_BATCH], c[STG_KEY]).where(where)
                              .order_by(c[STG_SEQ].desc()).limit(1)).first()
        present = None if newest is None else newest[1] != "delete"
        if present is None and op in ("update", "insert"):
            present = self._in_cloud(schema, key_values)
        label = ", ".join(f"{k}='{v}'" for k, v in key_values.items())
        if op == "update" and not present:
            raise ValidationError(f"{api}: {schema.id}: no record with {label} to update "
                                  "(_operation=\"update\" needs an existing key)")
        if op == "insert" and present:
            raise ValidationError(f"{api}: {schema.id}: a record with {label} already exists "
                                  "(_operation=\"insert\")")
        row = {schema.fields[n].sqlname: v for n, v in values.items()}
        if (newest is not None and newest[2] is None and newest[1] != "delete"
                and newest[3] == ",".join(keys) and op != "insert"):
            # Fold into the pending row: same key, nothing of it claimed by the sync yet.
            if op == "delete":
                for f in schema.fields.values():
                    row.setdefault(f.sqlname, None)
                row[STG_OP] = "delete"
            conn.execute(table.update().where(c[STG_SEQ] == newest[0]).values(**row))
            return
        row.update({STG_OP: op, STG_UUID: None, STG_KEY: ",".join(keys), STG_CREATED: self.now()})
        conn.execute(table.insert(), [row])

    def _in_cloud(self, schema: Schema, key_values: dict) -> bool:
        """Whether the cloud table of a staging schema's base schema has this key."""
        base = self.registry.get(schema.staging_of)
        if any(k not in base.fields for k in key_values):
            return False
        store = store_for_schema(self.stores, base)
        t = store.table(base, create=False)
        if t is None:
            return False
        from sqlalchemy import and_, select

        where = and_(*[t.c[base.fields[k].sqlname] == v for k, v in key_values.items()])
        return store.conn.execute(select(1).select_from(t).where(where).limit(1)).first() is not None

    # -- Write / WriteCollection -----------------------------------------------------------
    def write(self, doc) -> None:
        """xtk.session.Write (Campaign v7): `_operation` insert, update, insertOrUpdate or delete
        (none: see decide_write), by `_key` (default: the schema key), on the schema's own table
        in its home store (`store_for_schema`). A staging schema's document goes through
        IngestExt instead."""
        self.write_documents([parse_document(doc)], "Write")

    def write_collection(self, doc) -> None:
        """xtk.session.WriteCollection: every item of `<x-collection>` in one all-or-nothing call."""
        self.write_documents(parse_collection(doc), "WriteCollection")

    def write_documents(self, docs: list[Document], api: str = "Write") -> list[dict]:
        """Write / WriteCollection; per non-staging document, its values as written (with the
        generated autopk id and autouuid UUID), in order ([] for staging schemas)."""
        plans = []
        for d in docs:  # validate everything before writing anything
            schema = self._schema_of(d, api)
            if schema.is_staging:
                plans.append((schema, d, None, None, None))
                continue
            op = WRITE_OPS.get((d.operation or "").lower())
            if op is None:
                raise ValidationError(f"{api}: {schema.id}: unknown _operation \"{d.operation}\" "
                                      "(insert, insertOrUpdate, update or delete)")
            # Defaults and notNull are for inserts: write_row checks them when it inserts.
            values = S.validate_record(schema, d.values_for(schema), partial=True)
            op, keys = self.decide_write(schema, d.operation, d.key, values, api)
            plans.append((schema, d, op, values, keys))
        staged = [p for p in plans if p[2] is None]
        if staged and len(staged) != len(plans):
            raise ValidationError(f"{api}: a collection cannot mix staging and regular schemas")
        homes = {store_for_schema(self.stores, p[0]) for p in plans if p[2] is not None}
        if len(homes) > 1:
            raise ValidationError(f"{api}: a collection cannot mix schemas of the local and cloud stores "
                                  "(one home per schema, one transaction per call)")
        store = homes.pop() if homes else self.stores.local
        tables = {p[0].id: store.table(p[0]) for p in plans if p[2] is not None}
        if staged:
            for schema, d, *_ in staged:
                if d.operation and d.operation.lower() == "insertorupdate":
                    d.operation = None
                self.ingest_ext_document(d, api)
            return []
        written: list[dict] = []   # per document: its values as written (generated id / uuid)

        def work(conn):
            for schema, d, op, values, keys in plans:
                written.append(self.write_row(conn, tables[schema.id], schema, op, values, keys, api))

        self._run(store, work)
        return written

    def write_row(self, conn, t, schema: Schema, op: str, values: dict, keys: list[str], api: str) -> dict:
        """One Write operation on a schema's own table (op insert, update, insertOrUpdate or
        delete; `keys` the key field names, [] for an insert without key). The record's values as
        written: an insert's include its defaults, generated autopk id and autouuid UUID."""
        from sqlalchemy import and_, select

        row = {schema.fields[n].sqlname: v for n, v in values.items()}
        where = and_(*[t.c[schema.fields[k].sqlname] == values[k] for k in keys]) if keys else None
        label = ", ".join(f"{k}='{values[k]}'" for k in keys)
        if op == "delete":
            from runtime.xtk.cascade import delete_cascading, owning_links

            if owning_links(schema):   # integrity="own": the owned records go too (same transaction)
                store = store_for_schema(self.stores, schema)
                keys_found = conn.execute(select(*[t.c[schema.fields[k].sqlname] for k in schema.keys]).where(where))
                delete_cascading(self, store, schema, [tuple(r) for r in keys_found])
            else:
                conn.execute(t.delete().where(where))
            return values
        if op == "insert":
            if keys and conn.execute(select(1).select_from(t).where(where)).first() is not None:
                raise ValidationError(f"{api}: {schema.id}: a record with {label} already exists")
            return self._insert_new(conn, t, schema, S.validate_record(schema, values, now=self.now()))
        updated = conn.execute(t.update().where(where).values(**row)).rowcount if keys else 0
        if updated == 0:
            if op == "update":
                raise ValidationError(f"{api}: {schema.id}: no record with {label} to update")
            # an insert needs the notNull values, and gets the defaults
            return self._insert_new(conn, t, schema, S.validate_record(schema, values, now=self.now()))
        return values

    def _insert_new(self, conn, t, schema: Schema, values: dict) -> dict:
        values = dict(values)
        if schema.autouuid and values.get("uuid") in (None, ""):
            values["uuid"] = self.uuids.next()   # a new record's UUID
        result = conn.execute(t.insert(), {schema.fields[n].sqlname: v for n, v in values.items()})
        if schema.autopk and values.get("id") is None and result.inserted_primary_key:
            values["id"] = result.inserted_primary_key[0]
        return values

    def decide_write(self, schema: Schema, operation, spec, values: dict, api: str) -> tuple[str, list[str]]:
        """(operation, key names) of a Write document (stdlib_js/40_xtk.js decides the same way).

        Without `_operation`: update-or-insert by the key when the document gives it; insert a
        new record when the schema generates its key (autopk); otherwise an error."""
        op = WRITE_OPS[(operation or "").lower()]
        keys_text = ", ".join(schema.keys)
        if op == "":
            keys = self._key_names(schema, spec, values, api, required=False)
            if keys:
                return "insertOrUpdate", keys
            if schema.autopk:
                return "insert", []
            raise ValidationError(f"{api}: {schema.id}: cannot tell whether to insert or update: the document has "
                                  f"no value for the key ({keys_text}); give it, name other key attributes with "
                                  "_key=\"@…\", or set _operation=\"insert\"")
        if op == "insertOrUpdate":
            keys = self._key_names(schema, spec, values, api, required=False)
            if not keys:
                raise ValidationError(f"{api}: {schema.id}: _operation=\"insertOrUpdate\" needs a key: give the values "
                                      f"of ({keys_text}) or name key attributes with _key=\"@…\"")
            return op, keys
        return op, self._key_names(schema, spec, values, api, required=op != "insert")

    # -- lookup ----------------------------------------------------------------------------
    def lookup_record(self, schema_id: str, key, store: str | None = None) -> dict | None:
        """One record by key as {field name: value}, or None.

        `key`: a value of the schema's single key field, a {field: value} dict, or a list of
        values in key order. On a staging schema: the record as its pending operations leave it
        (the newest operations for that key folded in order; None when the last one deletes)."""
        schema = self.registry.get(schema_id, "lookup")
        key_values = self._lookup_key(schema, key)
        st = store_for_schema(self.stores, schema, store)
        try:
            return self._lookup_in(st, schema, key_values)
        finally:
            st.commit_point()   # end the read transaction (no lock kept between calls)

    def _lookup_in(self, st, schema: Schema, key_values: dict) -> dict | None:
        t = st.table(schema, create=False)
        if t is None:
            return None
        from sqlalchemy import and_, select

        c = t.c
        where = and_(*[c[schema.fields[k].sqlname] == v for k, v in key_values.items()])
        names = [f.name for f in schema.fields.values()]
        cols = [c[schema.fields[n].sqlname] for n in names]
        if not schema.is_staging:
            row = st.conn.execute(select(*cols).where(where).limit(2)).all()
            if not row:
                return None
            return {n: v for n, v in zip(names, row[0]) if v is not None}
        state = None
        for r in st.conn.execute(select(c[STG_OP], *cols).where(where).order_by(c[STG_SEQ])):
            if r[0] == "delete":
                state = None
                continue
            state = dict(state or {})
            state.update({n: v for n, v in zip(names, r[1:]) if v is not None})
        return state

    def lookup(self, schema_id: str, key, store: str | None = None) -> str | None:
        """xtk.session.lookup: the record as XML text `<name … xtkschema="ns:name"/>`, or None."""
        rec = self.lookup_record(schema_id, key, store)
        if rec is None:
            return None
        return record_to_xml(self.registry.get(schema_id), rec)

    def _lookup_key(self, schema: Schema, key) -> dict:
        if isinstance(key, dict):
            kv = {(k[1:] if k.startswith("@") else k): v for k, v in key.items()}
        else:
            if not schema.keys:
                raise ValidationError(f"lookup: {schema.id} has no key; pass {{attribute: value}}")
            vals = list(key) if isinstance(key, (list, tuple)) else [key]
            if len(vals) != len(schema.keys):
                raise ValidationError(f"lookup: {schema.id} has a key of {len(schema.keys)} field(s) "
                                      f"({', '.join(schema.keys)}), got {len(vals)} value(s)")
            kv = dict(zip(schema.keys, vals))
        if not kv:
            raise ValidationError(f"lookup: {schema.id}: empty key")
        out = {}
        for k, v in kv.items():
            f = schema.fields.get(k)
            if f is None:
                raise ValidationError(f"lookup: {schema.id}: unknown attribute '{k}'")
            out[k] = S.convert(schema, f, v)
        return out


_BATCH_CONVERTERS = {
    "int64": int,
    "date": dt.date.fromisoformat,
    "datetime": S.parse_datetime,
    "time": dt.time.fromisoformat,
}

# SQLAlchemy's SQLite storage formats (the batch path bypasses its type processing).
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"
_SQLITE_CONVERTERS = {
    "int64": int,
    "date": lambda v: dt.date.fromisoformat(v).isoformat(),
    "datetime": lambda v: S.parse_datetime(v).strftime(SQLITE_DATETIME),
    "time": lambda v: dt.time.fromisoformat(v).strftime("%H:%M:%S.%f"),
}


def format_value(v) -> str:
    """A stored value as document text (ISO 8601 dates, numbers without a trailing .0)."""
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ", timespec="milliseconds" if v.microsecond else "seconds") + "Z"
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    return str(v)


def record_to_xml(schema: Schema, rec: dict) -> str:
    from xml.sax.saxutils import escape, quoteattr

    attrs = "".join(f" {n}={quoteattr(format_value(v))}" for n, v in rec.items()
                    if schema.fields[n].kind == "attr")
    elems = "".join(f"<{n}>{escape(format_value(v))}</{n}>" for n, v in rec.items()
                    if schema.fields[n].kind == "elem")
    head = f"<{schema.name}{attrs} xtkschema=\"{schema.id}\""
    return f"{head}>{elems}</{schema.name}>" if elems else head + "/>"


def _first_line(exc) -> str:
    return str(exc).strip().split("\n")[0]


__all__ = ["XtkSession", "Document", "parse_document", "parse_collection", "record_to_xml",
           "ValidationError", "StoreError", "XtkjsError"]
