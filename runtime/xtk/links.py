"""Schema links: `<element name="folder" type="link" target="xtk:folder">` in a srcSchema.

A link joins the records of a schema to those of its target schema on pairs of fields
(`<join xpath-src="@folder-id" xpath-dst="@id"/>`). Without `<join>`, Campaign joins on the
target's key and names the foreign key after the link: link `folder` to a schema keyed by
`@id` gets the attribute `@folder-id`, column `iFolderId` (type prefix of the target key, then
each part of the name capitalised). A source attribute the schema does not declare is added
with the type of the target field it joins.

A link is 1-1 (a foreign key on this side; queries LEFT OUTER JOIN it) unless `unbound="true"`
(1-N: many target records per record; usable in EXISTS conditions and aggregates). Each 1-1
link also gets its reverse 1-N link on the target schema, named by `revLink` (default: the
source schema's name; `revLink="_NONE_"` for none).

`integrity` (normal, own, owncopy, neutral, define) is read and checked; deletes do not
cascade in xtkjs (docs/querydef.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field

INTEGRITY = ("normal", "own", "owncopy", "neutral", "define")
NO_REVERSE = "_NONE_"


@dataclass
class Link:
    name: str
    target: str                      # schema id
    joins: list[tuple[str, str]] = field(default_factory=list)   # (source field, target field)
    unbound: bool = False            # 1-N
    integrity: str = "normal"
    rev_link: str | None = None
    label: str = ""
    reverse_of: str | None = None    # "schema:id/link" for a reverse link made by the registry


def parse_link(el, schema_id: str, fail) -> Link:
    """The Link of a `<element type="link">`; `fail(message)` raises the SchemaError."""
    from lxml import etree

    name = el.get("name")
    target = (el.get("target") or "").strip()
    where = f"schema {schema_id}, link '{name}'"
    if not target or ":" not in target:
        fail(f"{where}: target=\"{target}\" must name a schema, e.g. target=\"xtk:folder\"")
    integrity = (el.get("integrity") or "normal").strip()
    if integrity not in INTEGRITY:
        fail(f"{where}: integrity=\"{integrity}\" must be one of {', '.join(INTEGRITY)}")
    joins = []
    for j in el:
        if not isinstance(j.tag, str) or etree.QName(j).localname != "join":
            continue
        src, dst = (j.get("xpath-src") or "").strip(), (j.get("xpath-dst") or "").strip()
        if not src.startswith("@") or not dst.startswith("@") or len(src) < 2 or len(dst) < 2:
            fail(f"{where}: <join> needs xpath-src=\"@…\" and xpath-dst=\"@…\" attributes")
        joins.append((src[1:], dst[1:]))
    unbound = (el.get("unbound") or "").strip().lower() in ("true", "1")
    return Link(name, target, joins, unbound, integrity, el.get("revLink"), el.get("label", ""))


def sql_column_name(prefix: str, name: str) -> str:
    """Campaign's column name: type prefix + each dash-separated part capitalised."""
    return prefix + "".join(p[:1].upper() + p[1:] for p in name.split("-"))


def resolve_links(schemas: dict) -> None:
    """Complete every schema's links once all schemas are known: default joins on the target
    key, foreign-key fields the schema did not declare, reverse links on the targets."""
    from runtime.xtk.schema import TYPES, Field, SchemaError

    for s in list(schemas.values()):
        for link in list(s.links.values()):
            if link.reverse_of:
                continue
            target = schemas.get(link.target)
            if not link.joins:
                keys = list(target.keys) if target is not None else ["id"]
                link.joins = [(f"{link.name}-{k}", k) for k in keys]
            for src, dst in link.joins:
                if src in s.fields:
                    continue
                if link.unbound:
                    raise SchemaError(f"{s.path}: schema {s.id}, link '{link.name}': the 1-N link joins on "
                                      f"@{src}, which is not an attribute of {s.id}")
                dst_field = target.fields.get(dst) if target is not None else None
                ftype = dst_field.type if dst_field is not None else "long"
                sqlname = sql_column_name(TYPES[ftype][0], src)
                clash = next((f for f in s.fields.values() if f.sqlname.lower() == sqlname.lower()), None)
                if clash is not None:
                    raise SchemaError(f"{s.path}: schema {s.id}, link '{link.name}': its foreign key @{src} maps "
                                      f"to column {sqlname}, already used by '{clash.name}'")
                length = dst_field.length if dst_field is not None else None
                s.fields[src] = Field(src, ftype, sqlname, length=length, label=link.label or link.name)
    for s in list(schemas.values()):
        if s.is_staging:
            continue
        for link in list(s.links.values()):
            if link.unbound or link.reverse_of or link.rev_link == NO_REVERSE:
                continue
            target = schemas.get(link.target)
            rev = link.rev_link or s.name
            if target is None or rev in target.links or rev in target.fields:
                continue
            target.links[rev] = Link(rev, s.id, [(dst, src) for src, dst in link.joins], unbound=True,
                                     label=s.label, reverse_of=f"{s.id}/{link.name}")
