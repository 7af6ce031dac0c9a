"""Campaign `srcSchema` files: parsing, types, SQL naming, `autoStg` staging schemas, validation.

A schema is read from XML with a safe lxml parser (no entities, no DTD, no network). The model
is small and plain (dataclasses) so that it can be shipped to JavaScript as JSON
(`Schema.js_meta()`), where the fast Ingest path validates with the same rules as
`validate_record()` here (tests/xtk/test_ingest_validation.py checks that they agree).

SQL naming (docs/architecture.md, "Data model"): table = namespace + capitalised name (`dem:sampleTable` ->
`DemSampleTable`), column = type prefix + capitalised attribute name (`testcol1` ->
`sTestcol1`), unless `sqltable` / `sqlname` say otherwise.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from runtime.errors import HostError
from runtime.xtk.links import OWNING, Link, parse_link, resolve_links, sql_column_name
from runtime.xtk.schema_files import builtin_schema_files

# type -> (SQL column prefix, family). The family picks the SQL type and the value rules.
TYPES: dict[str, tuple[str, str]] = {
    "string": ("s", "string"),
    "memo": ("m", "text"),
    "uuid": ("s", "uuid"),
    "long": ("i", "int32"),
    "int": ("i", "int32"),
    "short": ("i", "int16"),
    "byte": ("i", "int8"),
    "int64": ("i", "int64"),
    "boolean": ("i", "bool"),
    "double": ("d", "float"),
    "float": ("d", "float"),
    "date": ("d", "date"),
    "datetime": ("ts", "datetime"),
    "time": ("ts", "time"),
}
INT_RANGES = {
    "int8": (-(1 << 7), (1 << 7) - 1),
    "int16": (-(1 << 15), (1 << 15) - 1),
    "int32": (-(1 << 31), (1 << 31) - 1),
    "int64": (-(1 << 63), (1 << 63) - 1),
}
DEFAULT_STRING_LENGTH = 255
UUID_LENGTH = 36
STG_SUFFIX = "Stg"
SCHEMA_ID = re.compile(r"^[A-Za-z_][\w]*:[A-Za-z_][\w]*$")
NAME = re.compile(r"^[A-Za-z_][\w\-]*$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", re.ASCII)
INT_RE = re.compile(r"^[+-]?\d+$", re.ASCII)
FLOAT_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$", re.ASCII)
TIME_RE = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$", re.ASCII)
TRUE_WORDS = {"true": 1, "1": 1, "false": 0, "0": 0}
# What JavaScript's String.prototype.trim() removes: values are trimmed the same way on both
# sides (Python's str.strip() would also remove U+001C-U+001F and U+0085, JavaScript's does not).
JS_SPACE = ("\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
            "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")


class SchemaError(HostError):
    """A schema file that cannot be used. (A HostError: scripts can catch it as an Error.)"""


class ValidationError(HostError):
    """A document that does not match its schema; the message names schema and attribute."""


def safe_parser():
    """The only XML parser used on schemas and documents: no entities, DTD or network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def autopk_column(element: str) -> str:
    """Campaign's column for the `@id` that autopk="true" generates: `i` + the capitalised
    element name + `Id` (`iRecipientId` for nms:recipient, `iOrderId` for cus:order)."""
    return sql_column_name("i", element + "-id")


def capitalize(name: str) -> str:
    return name[:1].upper() + name[1:]


@dataclass
class Field:
    """One value of a record: an attribute (`@name`) or a typed child element (`name`)."""

    name: str            # record key: the attribute / element name
    type: str            # Campaign type name (string, long, ...)
    sqlname: str
    kind: str = "attr"   # "attr" (xpath @name) or "elem" (text of child element <name>)
    length: int | None = None   # strings: at most this many characters
    not_null: bool = False
    default: str | None = None
    label: str = ""
    implicit: str | None = None  # "autopk" / "autouuid" for fields the schema did not declare
    desc: str = ""
    enum: str | None = None      # name of an <enumeration> of the schema
    default_expr: object = None  # the parsed default (runtime/xtk/defaults.py), None if none

    @property
    def family(self) -> str:
        return TYPES[self.type][1]

    @property
    def xpath(self) -> str:
        return f"@{self.name}" if self.kind == "attr" else self.name


@dataclass
class EnumValue:
    name: str
    label: str
    value: object        # converted to the enumeration's basetype
    desc: str = ""


@dataclass
class Enumeration:
    """A schema's `<enumeration name basetype default>` with its `<value>`s."""

    name: str
    label: str
    basetype: str
    values: list[EnumValue] = field(default_factory=list)
    default: str | None = None   # the name of the default value
    desc: str = ""

    def value_of(self, name: str):
        return next(v.value for v in self.values if v.name == name)


@dataclass
class Schema:
    namespace: str
    name: str
    label: str
    table: str
    fields: dict[str, Field]
    keys: list[str]              # the primary key's field names (may be empty)
    autopk: bool = False
    autouuid: bool = False
    auto_stg: bool = False       # this schema derives `<name>Stg`
    staging_of: str | None = None  # for a derived staging schema: the id of its base schema
    path: str = "<built-in>"
    data_source: str | None = None  # `dataSource` of the srcSchema (decides its home store)
    enumerations: dict[str, Enumeration] = field(default_factory=dict)
    desc: str = ""
    label_singular: str = ""
    key_name: str = ""
    main_label: str = ""           # the label of the main element
    links: dict = field(default_factory=dict)   # name -> runtime.xtk.links.Link
    methods: str = ""              # the srcSchema's `<methods>` element as XML text ("" if none)
    interfaces: tuple = ()         # its `<interface name>` elements (XML text), methods it declares
    implements: str = ""           # the interface it implements (`implements="xtk:persist"`)

    @property
    def id(self) -> str:
        return f"{self.namespace}:{self.name}"

    @property
    def is_staging(self) -> bool:
        return self.staging_of is not None

    @property
    def element_name(self) -> str:
        return self.name

    def field(self, name: str) -> Field:
        try:
            return self.fields[name]
        except KeyError:
            raise ValidationError(f"{self.id}: unknown attribute '{name}'") from None

    def js_meta(self) -> dict:
        """What the JavaScript validator needs, as JSON (see stdlib_js/40_xtk.js)."""
        return {
            "id": self.id,
            "staging": self.is_staging,
            "keys": list(self.keys),
            "autopk": self.autopk,
            "home": self._home(),
            "cascades": any(lk.integrity in OWNING for lk in self.links.values()),
            "fields": [self._js_field(f) for f in self.fields.values()],
        }

    def _home(self) -> str:
        from runtime.xtk.store import home_of   # (store.py imports this module)

        return home_of(self)

    @staticmethod
    def _js_field(f: Field) -> dict:
        from runtime.xtk.defaults import js_default

        value, clock = js_default(f.default_expr)
        return {"name": f.name, "type": f.type, "family": f.family, "kind": f.kind, "length": f.length,
                "notNull": f.not_null, "default": value, "defaultClock": clock, "implicit": f.implicit}


# --- parsing ------------------------------------------------------------------------------------

def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1")


def parse_schema(source: bytes | str, path: str = "<string>") -> list[Schema]:
    """The schema a srcSchema document defines, plus its staging schema when `autoStg="true"`."""
    from lxml import etree

    try:
        data = source.encode("utf-8") if isinstance(source, str) else source
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise SchemaError(f"{path}: not well-formed XML: {exc}") from None

    def fail(message: str):
        raise SchemaError(f"{path}: {message}")

    if etree.QName(root).localname != "srcSchema":
        fail(f"the root element is <{etree.QName(root).localname}>, expected <srcSchema>")
    name, namespace = root.get("name"), root.get("namespace")
    if not name or not namespace:
        fail("<srcSchema> needs both name and namespace attributes")
    if not SCHEMA_ID.match(f"{namespace}:{name}"):
        fail(f"'{namespace}:{name}' is not a valid schema name")
    sid = f"{namespace}:{name}"
    elements = [e for e in root if isinstance(e.tag, str) and etree.QName(e).localname == "element"]
    main = next((e for e in elements if e.get("name") == name), None)
    if main is None:
        fail(f"schema {sid} has no <element name=\"{name}\"> (its main element)")

    enumerations = _parse_enumerations(root, sid, fail)
    fields: dict[str, Field] = {}
    keys: list[str] = []
    key_name = ""
    links: dict = {}
    named_columns: set[str] = set()   # fields declared with an explicit sqlname
    for child in main:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        if tag in ("attribute", "element") and child.get("ref") is None:
            fname = child.get("name")
            if not fname or not NAME.match(fname):
                fail(f"schema {sid}: <{tag}> with a missing or invalid name {fname!r}")
            ftype = child.get("type", "string" if tag == "attribute" else "")
            if tag == "element" and ftype == "link":
                if fname in links or fname in fields:
                    fail(f"schema {sid}: '{fname}' is defined twice")
                links[fname] = parse_link(child, sid, fail)
                continue
            if tag == "element" and not ftype:
                continue  # a structural or link element: not a column (not supported yet)
            if ftype in ("link", "CDATA", "html"):
                ftype = "memo" if ftype != "link" else ""
            if not ftype:
                continue
            if ftype not in TYPES:
                fail(f"schema {sid}, attribute '{fname}': unknown type '{ftype}' "
                     f"(known: {', '.join(TYPES)})")
            if fname in fields or fname in links:
                fail(f"schema {sid}: '{fname}' is defined twice")
            length = None
            if TYPES[ftype][1] == "string":
                raw_len = child.get("length")
                try:
                    length = int(raw_len) if raw_len is not None else DEFAULT_STRING_LENGTH
                except ValueError:
                    fail(f"schema {sid}, attribute '{fname}': length {raw_len!r} is not a number")
                if length <= 0:
                    fail(f"schema {sid}, attribute '{fname}': length must be positive")
            elif TYPES[ftype][1] == "uuid":
                length = UUID_LENGTH
            sqlname = child.get("sqlname") or sql_column_name(TYPES[ftype][0], fname)
            if child.get("sqlname"):
                named_columns.add(fname)
            enum = child.get("enum") or None
            if enum is not None and enum not in enumerations:
                fail(f"schema {sid}, attribute '{fname}': enum=\"{enum}\" names no <enumeration> of the "
                     f"schema (defined: {', '.join(enumerations) or 'none'})")
            default = child.get("default")
            if default is None and enum is not None and enumerations[enum].default is not None:
                default = _quote(enumerations[enum].value_of(enumerations[enum].default))
            fields[fname] = Field(
                name=fname, type=ftype, sqlname=sqlname,
                kind="attr" if tag == "attribute" else "elem",
                length=length, not_null=_bool(child.get("notNull")),
                default=default, label=child.get("label", ""), desc=child.get("desc", ""), enum=enum,
                default_expr=_parse_default(default, sid, fname, fail),
            )
        elif tag == "key" and not keys:
            key_name = child.get("name") or ""
            for kf in child:
                if isinstance(kf.tag, str) and etree.QName(kf).localname == "keyfield":
                    xp = (kf.get("xpath") or "").strip()
                    keys.append(xp[1:] if xp.startswith("@") else xp)
            if not keys:
                fail(f"schema {sid}: <key name=\"{child.get('name')}\"> has no <keyfield>")

    autopk, autouuid = _bool(main.get("autopk")), _bool(main.get("autouuid"))
    if autopk and "id" in fields:
        # A declared @id (for its sqlname or label) is still the generated primary key.
        if fields["id"].family not in ("int32", "int64"):
            fail(f"schema {sid}: with autopk=\"true\", attribute 'id' must be a long or int64")
        fields["id"].implicit = "autopk"
        if "id" not in named_columns:  # no sqlname given: Campaign's name for the generated key
            fields["id"].sqlname = autopk_column(name)
        if not keys:
            keys = ["id"]
    elif autopk:
        fields = {"id": Field("id", "long", autopk_column(name), implicit="autopk"), **fields}
        if not keys:
            keys = ["id"]
    if autouuid and "uuid" not in fields:
        fields["uuid"] = Field("uuid", "uuid", "sUuid", length=UUID_LENGTH, implicit="autouuid")
        if not keys:
            keys = ["uuid"]
    for k in keys:
        if k not in fields:
            fail(f"schema {sid}: key field '{k}' is not an attribute of <{name}>")
    reserved = _reserved_words()
    sqlnames = {}
    for f in fields.values():
        if f.sqlname.lower() in reserved:
            fail(f"schema {sid}, attribute '{f.name}': its column name {f.sqlname} is an SQL reserved "
                 "word; give the attribute a sqlname")
        other = sqlnames.setdefault(f.sqlname.lower(), f.name)
        if other != f.name:
            fail(f"schema {sid}: attributes '{other}' and '{f.name}' map to the same column {f.sqlname}")

    table = main.get("sqltable") or root.get("sqltable") or capitalize(namespace) + capitalize(name)
    if table.lower() in reserved:
        fail(f"schema {sid}: its table name {table} is an SQL reserved word; set sqltable")
    auto_stg = _bool(root.get("autoStg")) or _bool(main.get("autoStg"))
    schema = Schema(namespace=namespace, name=name, label=root.get("label") or main.get("label") or name,
                    table=table, fields=fields, keys=keys, autopk=autopk, autouuid=autouuid,
                    auto_stg=auto_stg, path=path, links=links,
                    data_source=main.get("dataSource") or root.get("dataSource") or None,
                    enumerations=enumerations, desc=root.get("desc") or main.get("desc") or "",
                    label_singular=root.get("labelSingular") or main.get("labelSingular") or "",
                    key_name=key_name, main_label=main.get("label") or "",
                    methods=(_methods_xml(root, "methods", sid, fail) or ("",))[0],
                    interfaces=tuple(_methods_xml(root, "interface", sid, fail)),
                    implements=root.get("implements") or "")
    out = [schema]
    if auto_stg:
        out.append(staging_schema(schema))
    return out


def _quote(value) -> str:
    """A value as a Campaign string literal (an enumeration default becomes a default expr)."""
    return "'" + str(value).replace("'", "''") + "'"


def _parse_default(text, sid: str, fname: str, fail):
    if text is None:
        return None
    from runtime.xtk.defaults import DefaultError, parse_default

    try:
        return parse_default(text)
    except DefaultError as exc:
        fail(f"schema {sid}, attribute '{fname}': {exc}")


def _parse_enumerations(root, sid: str, fail) -> dict[str, Enumeration]:
    """The `<enumeration>` children of the srcSchema, values converted to their basetype."""
    from lxml import etree

    out: dict[str, Enumeration] = {}
    for e in root:
        if not isinstance(e.tag, str) or etree.QName(e).localname != "enumeration":
            continue
        name = e.get("name")
        if not name or not NAME.match(name):
            fail(f"schema {sid}: <enumeration> with a missing or invalid name {name!r}")
        if name in out:
            fail(f"schema {sid}: enumeration '{name}' is defined twice")
        basetype = e.get("basetype", "string")
        if basetype not in TYPES:
            fail(f"schema {sid}, enumeration '{name}': unknown basetype '{basetype}'")
        en = Enumeration(name=name, label=e.get("label") or name, basetype=basetype, desc=e.get("desc", ""))
        for v in e:
            if not isinstance(v.tag, str) or etree.QName(v).localname != "value":
                continue
            vname = v.get("name")
            if not vname:
                fail(f"schema {sid}, enumeration '{name}': a <value> has no name")
            raw = v.get("value", vname)
            value = raw
            if TYPES[basetype][1] in INT_RANGES or TYPES[basetype][1] == "bool":
                if not INT_RE.match(raw.strip()):
                    fail(f"schema {sid}, enumeration '{name}': value {raw!r} of '{vname}' is not "
                         f"a {basetype}")
                value = int(raw)
            en.values.append(EnumValue(vname, v.get("label") or vname, value, v.get("desc", "")))
        default = e.get("default")
        if default is not None:
            match = next((x for x in en.values if x.name == default or str(x.value) == default), None)
            if match is None:
                fail(f"schema {sid}, enumeration '{name}': default \"{default}\" is not one of its values")
            en.default = match.name
        out[name] = en
    return out


def _reserved_words() -> frozenset:
    """Words no unquoted identifier may be (tables and columns are created unquoted)."""
    from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS as PG
    from sqlalchemy.sql.compiler import RESERVED_WORDS as ANSI

    return frozenset(w.lower() for w in (*PG, *ANSI))


def _methods_xml(root, tag: str, sid: str, fail) -> list[str]:
    """The srcSchema's `<methods>` (at most one) or `<interface name>` elements, as XML without
    namespaces, for the schema document clients read (runtime/xtk/schema_doc.py). Each holds
    `<method name>`s, every name once."""
    from lxml import etree

    found = [e for e in root if isinstance(e.tag, str) and etree.QName(e).localname == tag]
    if tag == "methods" and len(found) > 1:
        fail(f"schema {sid}: more than one <methods> element")
    out = []
    for el in found:
        el = etree.fromstring(etree.tostring(el))
        for node in el.iter():
            if isinstance(node.tag, str):
                node.tag = etree.QName(node).localname
        etree.cleanup_namespaces(el)
        if tag == "interface" and not NAME.match(el.get("name") or ""):
            fail(f"schema {sid}: <interface> needs a name")
        seen: set[str] = set()
        for m in el:
            if not isinstance(m.tag, str):
                continue
            name = m.get("name") or ""
            if m.tag != "method" or not NAME.match(name):
                fail(f"schema {sid}: <{tag}> holds <{m.tag} name={name!r}>, expected <method name=\"…\">")
            if name in seen:
                fail(f"schema {sid}: method '{name}' is declared twice")
            seen.add(name)
        out.append(etree.tostring(el, encoding="unicode", with_tail=False))
    return out


def staging_schema(base: Schema) -> Schema:
    """The `<name>Stg` schema autoStg derives: same attributes (the implicit autopk / autouuid
    fields excepted: the staging table's system columns carry those), table `<table>Stg`."""
    fields = {n: Field(**{**f.__dict__}) for n, f in base.fields.items() if f.implicit is None}
    keys = [k for k in base.keys if k in fields]
    return Schema(namespace=base.namespace, name=base.name + STG_SUFFIX, label=f"{base.label} (staging)",
                  table=base.table + STG_SUFFIX, fields=fields, keys=keys,
                  staging_of=base.id, path=base.path, enumerations=base.enumerations, desc=base.desc,
                  key_name=base.key_name, main_label=base.main_label,
                  links={n: Link(**{**lk.__dict__}) for n, lk in base.links.items() if not lk.reverse_of})


# --- the registry -------------------------------------------------------------------------------

class Registry:
    """Every schema of a run: the built-ins, then each `--schemas` folder (which may replace a
    built-in; two user files defining the same schema is an error)."""

    def __init__(self, schemas: list[Schema]) -> None:
        self.schemas: dict[str, Schema] = {}
        for s in schemas:
            self.schemas[s.id] = s
        resolve_links(self.schemas)

    def get(self, schema_id: str, context: str = "") -> Schema:
        s = self.schemas.get(schema_id)
        if s is None:
            where = f" ({context})" if context else ""
            if not isinstance(schema_id, str) or not SCHEMA_ID.match(schema_id):
                raise ValidationError(f"'{schema_id}' is not a schema name like 'dem:sampleTable'{where}")
            known = ", ".join(sorted(self.schemas)) or "none"
            raise ValidationError(f"unknown schema '{schema_id}'{where}; loaded schemas: {known}")
        return s

    def staging_for(self, schema_id: str, api: str = "Ingest") -> Schema:
        """The staging schema an ingestion call on `schema_id` writes to."""
        s = self.get(schema_id, f"xtkschema of the {api} document")
        if s.is_staging:
            return s
        if s.auto_stg:
            return self.schemas[s.id + STG_SUFFIX]
        raise ValidationError(f"{api}: schema '{s.id}' has no staging schema; add autoStg=\"true\" to "
                              f"its srcSchema, or use xtk.session.Write for its own table")

    def __iter__(self):
        return iter(sorted(self.schemas.values(), key=lambda s: s.id))

    def __contains__(self, schema_id) -> bool:
        return schema_id in self.schemas




_cache: dict[tuple, Registry] = {}
_cache_lock = threading.Lock()


def load_registry(schema_dirs: list[Path] | tuple = ()) -> Registry:
    """The registry for these folders (cached per process while no file changes)."""
    files: list[Path] = []
    for d in schema_dirs:
        d = Path(d)
        if not d.is_dir():
            raise SchemaError(f"--schemas {d}: no such folder")
        files += sorted(p for p in d.rglob("*.xml") if p.is_file())
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    with _cache_lock:
        reg = _cache.get(stamp)
        if reg is not None:
            return reg
    schemas: list[Schema] = []
    for path, data in builtin_schema_files():
        schemas += parse_schema(data, path)
    builtin_ids = {s.id for s in schemas}
    seen: dict[str, str] = {}
    for p in files:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise SchemaError(f"{p}: cannot read: {exc.strerror or exc}") from None
        for s in parse_schema(data, str(p)):
            if s.id in seen:
                raise SchemaError(f"schema {s.id} is defined twice: in {seen[s.id]} and in {p}")
            seen[s.id] = str(p)
            if s.id in builtin_ids:
                schemas = [x for x in schemas if x.id != s.id]
            schemas.append(s)
    reg = Registry(schemas)
    with _cache_lock:
        _cache[stamp] = reg
    return reg


def registry_for(options) -> Registry:
    return load_registry(tuple(getattr(options, "schema_dirs", None) or ()))


# --- values -------------------------------------------------------------------------------------

def convert(schema: Schema, f: Field, value):
    """One value, as given in a document (text, or a JSON number/boolean), converted to the
    Python value stored; None for an empty non-string value. ValidationError when it is not
    valid for the field's type."""
    if value is None:
        return None
    fam = f.family
    original = value

    def bad(what: str):
        text = re.sub("[\ud800-\udfff]", "\ufffd", str(original))   # as JavaScript's toWellFormed()
        shown = text if len(text) <= 60 else text[:57] + "..."
        return ValidationError(f"{schema.id}: attribute '{f.name}' ({f.type}): '{shown}' is not {what}")

    if isinstance(value, (dict, list, tuple)):
        raise ValidationError(f"{schema.id}: attribute '{f.name}' ({f.type}): a nested object is not a value; "
                              "give text, a number or a boolean")
    if fam in ("string", "text", "uuid"):
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))
        elif not isinstance(value, str):
            value = str(value)
        if fam == "uuid" and value != "":
            if not UUID_RE.match(value):
                raise bad("a UUID (8-4-4-4-12 hexadecimal digits)")
            value = value.lower()
        if f.length is not None and len(value) > f.length:
            raise ValidationError(f"{schema.id}: attribute '{f.name}' is too long: {len(value)} "
                                  f"characters, at most {f.length} allowed")
        if "\x00" in value:
            raise _unstorable(schema, f, "a NUL character (U+0000)")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _unstorable(schema, f, f"a lone surrogate (U+{ord(value[exc.start]):04X})") from None
        return value
    if isinstance(value, str):
        value = value.strip(JS_SPACE)
        if value == "":
            return None
    if fam == "bool":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, float)) and value in (0, 1):
            return int(value)
        v = TRUE_WORDS.get(str(value).lower())
        if v is None:
            raise bad("a boolean (true, false, 1 or 0)")
        return v
    if fam in INT_RANGES:
        if isinstance(value, bool):
            raise bad("an integer")
        if isinstance(value, float):
            if not value.is_integer():
                raise bad("an integer")
            value = int(value)
        elif isinstance(value, str):
            if not INT_RE.match(value):
                raise bad("an integer")
            value = int(value)
        lo, hi = INT_RANGES[fam]
        if not lo <= value <= hi:
            raise bad(f"in the range of a {f.type} ({lo} to {hi})")
        return value
    if fam == "float":
        if isinstance(value, bool):
            raise bad("a number")
        if isinstance(value, str):
            if not FLOAT_RE.match(value):
                raise bad("a number")
            value = float(value)
        value = float(value)
        if not math.isfinite(value):
            raise bad("a finite number")
        return value
    text = str(value)
    try:
        if fam == "date":
            if not DATETIME_RE.match(text):
                raise ValueError
            if len(text) > 10:
                parse_datetime(text)   # the time part must be valid too (then ignored, as in JS)
            return dt.date.fromisoformat(text[:10])
        if fam == "datetime":
            if not DATETIME_RE.match(text):
                raise ValueError
            return parse_datetime(text)
        if fam == "time":
            if not TIME_RE.match(text):
                raise ValueError
            return dt.time.fromisoformat(text)
    except ValueError:
        raise bad({"date": "a date (YYYY-MM-DD)", "datetime": "a date and time (YYYY-MM-DD HH:MM:SS)",
                   "time": "a time (HH:MM:SS)"}[fam]) from None
    raise AssertionError(fam)


def _unstorable(schema: Schema, f: Field, what: str) -> ValidationError:
    return ValidationError(f"{schema.id}: attribute '{f.name}' ({f.type}): the value contains {what}, "
                           "which cannot be stored")


def parse_datetime(text: str) -> dt.datetime:
    """ISO 8601 text -> naive UTC datetime (Campaign stores UTC)."""
    text = text.replace("Z", "+00:00")
    if len(text) == 10:
        text += "T00:00:00"
    d = dt.datetime.fromisoformat(text)
    if d.tzinfo is not None:
        d = d.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return d


def default_value(schema: Schema, f: Field, now: dt.datetime | None = None):
    """The converted value of a field's default expression at `now` (naive UTC; default: the
    current time), or None when it has no default."""
    if f.default_expr is None:
        return None
    if now is None:
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    value = f.default_expr.value(now)
    if isinstance(value, dt.datetime) and f.family == "date":
        value = value.date()
    if isinstance(value, (dt.date, dt.datetime)) and f.family in ("string", "text"):
        value = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        if f.family in ("date", "datetime", "time"):
            return value
        raise ValidationError(f"{schema.id}: attribute '{f.name}' ({f.type}): its default "
                              f"{f.default!r} is a date")
    return convert(schema, f, value)


def validate_record(schema: Schema, values: dict, *, partial: bool = False,
                    now: dt.datetime | None = None) -> dict:
    """Check and convert a record {field name: value}; raise ValidationError naming schema and
    attribute. `partial=True` (updates, deletes) skips notNull checks of fields not given and
    applies no defaults; otherwise missing fields get their default (evaluated at `now`)."""
    out = {}
    for name, value in values.items():
        f = schema.fields.get(name)
        if f is None:
            raise ValidationError(f"{schema.id}: unknown attribute '{name}'")
        out[name] = convert(schema, f, value)
    for f in schema.fields.values():
        if f.name not in out and f.default_expr is not None and not partial:
            out[f.name] = default_value(schema, f, now)
        if f.not_null and f.implicit is None and (not partial or f.name in out):
            v = out.get(f.name)
            if v is None or v == "":
                raise ValidationError(f"{schema.id}: attribute '{f.name}' is mandatory (notNull) "
                                      "and has no value")
    return out


def parse_key_spec(schema: Schema, spec) -> list[str]:
    """`_key="@id"`, `"@a,@b"` or `"@a @b"` -> field names; each must be a field of the schema."""
    if spec is None:
        return []
    parts = [p for p in re.split(r"[,\s]+", str(spec).strip()) if p]
    names = []
    for p in parts:
        name = p[1:] if p.startswith("@") else p
        if name not in schema.fields:
            raise ValidationError(f"{schema.id}: _key names '{p}', which is not an attribute of the schema")
        if name not in names:
            names.append(name)
    if not names:
        raise ValidationError(f"{schema.id}: _key is empty")
    return names

