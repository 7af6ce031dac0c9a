"""`xtk.queryDef.create(<queryDef …>).ExecuteQuery()` on the stores (reference: docs/querydef.md).

The queryDef document is parsed with the safe parser, every expression goes through
runtime/xtk/conditions.py (never pasted into SQL), and the result is Campaign-shaped XML text:
select -> `<name-collection><name …/>…</name-collection>`, get / getIfExists -> `<name …/>`,
count -> `<name count="N"/>`.

Store: the schema's home (`runtime.xtk.store.store_for_schema`, docs/staging.md): a staging
schema (`…Stg`) and `xtk:` schemas in the local store, other schemas in the cloud store, where
Write and the sync job put their rows. `store="…"` (an xtkjs extension) must name that home.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from runtime.errors import HostError
from runtime.xtk.conditions import Compiler, ConditionError

OPERATIONS = ("select", "get", "getIfExists", "count")
MAX_LINE_COUNT = 10_000_000


class QueryDefError(HostError):
    """A queryDef that is malformed or cannot run; the message says what is wrong."""


@dataclass
class OutputNode:
    expr: str
    name: str            # output attribute (or element) name
    as_element: bool = False


@dataclass
class QueryDef:
    schema_id: str
    operation: str = "select"
    line_count: int | None = None
    start_line: int = 0
    distinct: bool = False
    store: str | None = None
    select: list[OutputNode] = field(default_factory=list)
    where: object = None          # lxml <where> element or None
    order_by: list[tuple[str, bool]] = field(default_factory=list)
    group_by: list[str] = field(default_factory=list)
    having: object = None


def _int_attr(el, name: str, lo: int, hi: int) -> int | None:
    raw = el.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise QueryDefError(f"queryDef: {name}=\"{raw}\" is not an integer") from None
    if not lo <= value <= hi:
        raise QueryDefError(f"queryDef: {name}=\"{raw}\" is out of range ({lo} to {hi})")
    return value


def _true(el, name: str) -> bool:
    return (el.get(name) or "").strip().lower() in ("true", "1")


def parse_querydef(text) -> QueryDef:
    """The queryDef document (XML text) as a QueryDef; QueryDefError on malformed input."""
    from lxml import etree

    from runtime.xtk.schema import safe_parser

    if not isinstance(text, (str, bytes)) or not str(text).strip():
        raise QueryDefError("queryDef: expected a <queryDef> document")
    try:
        root = etree.fromstring(text.encode("utf-8") if isinstance(text, str) else text, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise QueryDefError(f"queryDef: malformed XML: {exc}") from None
    if etree.QName(root).localname != "queryDef":
        raise QueryDefError(f"queryDef: the document element is <{etree.QName(root).localname}>, expected <queryDef>")
    schema_id = root.get("schema")
    if not schema_id:
        raise QueryDefError("queryDef: the schema attribute is missing (e.g. schema=\"dem:sampleTable\")")
    op = root.get("operation") or "select"
    if op not in OPERATIONS:
        raise QueryDefError(f"queryDef: unknown operation \"{op}\" (expected {', '.join(OPERATIONS)})")
    store = root.get("store")
    if store not in (None, "local", "cloud"):
        raise QueryDefError(f"queryDef: store=\"{store}\" must be local or cloud")
    q = QueryDef(schema_id, op, _int_attr(root, "lineCount", 0, MAX_LINE_COUNT),
                 _int_attr(root, "startLine", 0, MAX_LINE_COUNT) or 0, _true(root, "distinct"), store)
    for child in root:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        if tag == "select":
            for i, node in enumerate(_nodes(child, "select")):
                expr = _expr(node, "select")
                alias = (node.get("alias") or "").strip()
                name = alias.lstrip("@") if alias else (expr[1:] if _is_attr(expr) else f"expr{i}")
                q.select.append(OutputNode(expr, name, as_element=bool(alias) and not alias.startswith("@")))
        elif tag == "where":
            q.where = child
        elif tag == "having":
            q.having = child
        elif tag == "orderBy":
            q.order_by = [(_expr(n, "orderBy"), _true(n, "sortDesc")) for n in _nodes(child, "orderBy")]
        elif tag == "groupBy":
            q.group_by = [_expr(n, "groupBy") for n in _nodes(child, "groupBy")]
        else:
            raise QueryDefError(f"queryDef: unknown element <{tag}> (expected select, where, orderBy, groupBy, having)")
    return q


def _nodes(parent, where: str):
    from lxml import etree

    for n in parent:
        if not isinstance(n.tag, str):
            continue
        if etree.QName(n).localname != "node":
            raise QueryDefError(f"queryDef: <{where}> holds <{etree.QName(n).localname}>, expected <node expr=\"…\"/>")
        yield n


def _expr(node, where: str) -> str:
    expr = (node.get("expr") or "").strip()
    if not expr:
        raise QueryDefError(f"queryDef: a <node> in <{where}> has no expr attribute")
    return expr


def _is_attr(expr: str) -> bool:
    import re

    return re.fullmatch(r"@[A-Za-z_][\w\-]*", expr) is not None


class QueryRunner:
    """Runs QueryDefs for one XtkSession."""

    def __init__(self, session) -> None:
        self.session = session

    def execute(self, text) -> str:
        q = parse_querydef(text)
        schema = self.session.registry.get(q.schema_id, "queryDef schema")
        from runtime.xtk.store import StoreError, store_for_schema

        try:
            st = store_for_schema(self.session.stores, schema, q.store)
        except StoreError as exc:
            raise QueryDefError(f"queryDef: {exc}") from None
        try:
            return self._run(q, schema, st)
        finally:
            st.commit_point()  # end the read transaction

    def _compiler(self, schema, table) -> Compiler:
        from runtime.xtk import schema as S

        def column(name: str):
            f = schema.field(name)
            return table.c[f.sqlname]

        def convert(name: str, value):
            f = schema.field(name)
            if f.family in ("string", "text", "uuid"):
                return value if isinstance(value, str) else str(value)
            return S.convert(schema, f, value)

        return Compiler(schema.id, column, convert)

    def _condition(self, comp: Compiler, el, what: str):
        """<condition expr=… boolOperator=…> children of `el` combined left to right."""
        from lxml import etree
        from sqlalchemy import and_, or_

        combined, prev_op = None, "AND"
        for c in el:
            if not isinstance(c.tag, str):
                continue
            if etree.QName(c).localname != "condition":
                raise QueryDefError(f"queryDef: <{what}> holds <{etree.QName(c).localname}>, expected <condition>")
            expr_text = (c.get("expr") or "").strip()
            parts = []
            if expr_text:
                parts.append(comp.compile(expr_text, f"{what} condition expr"))
            nested = self._condition(comp, c, what)
            if nested is not None:
                parts.append(nested)
            if not parts:
                raise QueryDefError(f"queryDef: a <condition> in <{what}> has no expr and no sub-condition")
            expr = parts[0] if len(parts) == 1 else and_(*parts)
            op = (c.get("boolOperator") or "AND").strip().upper()
            if op not in ("AND", "OR"):
                raise QueryDefError(f"queryDef: boolOperator=\"{c.get('boolOperator')}\" must be AND or OR")
            if combined is None:
                combined = expr
            else:
                # Campaign: a condition's boolOperator joins it to the previous one.
                combined = (and_ if prev_op == "AND" else or_)(combined, expr)
            prev_op = op
        return combined

    def _run(self, q: QueryDef, schema, st) -> str:
        from sqlalchemy import func, select

        from sqlalchemy import MetaData

        from runtime.xtk.store import build_table

        table = st.table(schema, create=False)
        # Expressions are checked against the schema even when the table does not exist yet.
        comp = self._compiler(schema, table if table is not None else build_table(schema, MetaData()))
        where = self._condition(comp, q.where, "where") if q.where is not None else None
        having = self._condition(comp, q.having, "having") if q.having is not None else None
        name = schema.name
        if q.operation == "count":
            if table is None:
                return f'<{name} count="0"/>'
            stmt = select(func.count()).select_from(table)
            if where is not None:
                stmt = stmt.where(where)
            return f'<{name} count="{int(st.conn.execute(stmt).scalar_one())}"/>'

        nodes = q.select or [OutputNode(f.xpath if f.kind == "attr" else f"@{f.name}", f.name, f.kind == "elem")
                             for f in schema.fields.values()]
        cols = [comp.compile(n.expr, "select node expr").label(f"c{i}") for i, n in enumerate(nodes)]
        if table is None:
            rows = []
        else:
            stmt = select(*cols)
            if q.distinct:
                stmt = stmt.distinct()
            if where is not None:
                stmt = stmt.where(where)
            if q.group_by:
                stmt = stmt.group_by(*[comp.compile(e, "groupBy node expr") for e in q.group_by])
            if having is not None:
                stmt = stmt.having(having)
            for e, desc in q.order_by:
                ex = comp.compile(e, "orderBy node expr")
                stmt = stmt.order_by(ex.desc() if desc else ex.asc())
            limit = q.line_count
            if q.operation in ("get", "getIfExists"):
                limit = 2
            if limit is not None:
                stmt = stmt.limit(limit)
            if q.start_line:
                stmt = stmt.offset(q.start_line)
            try:
                rows = st.conn.execute(stmt).all()
            except Exception as exc:  # noqa: BLE001 - database errors become a clear message
                from sqlalchemy.exc import DBAPIError

                if isinstance(exc, DBAPIError):
                    raise QueryDefError(f"queryDef on {schema.id}: the {st.role} store refused the query: "
                                        f"{str(exc.orig).strip().splitlines()[0]}") from None
                raise
        records = [_record_xml(name, nodes, row) for row in rows]
        if q.operation == "select":
            return f"<{name}-collection>{''.join(records)}</{name}-collection>"
        if len(rows) > 1:
            raise QueryDefError(f"queryDef on {schema.id}: operation {q.operation} found more than one record; "
                                "add a condition or use operation=\"select\"")
        if not rows:
            if q.operation == "getIfExists":
                return f"<{name}/>"
            raise QueryDefError(f"queryDef on {schema.id}: no record matches the query (operation get)")
        return records[0]


def _record_xml(name: str, nodes: list[OutputNode], row) -> str:
    from runtime.xtk.ingest import format_value

    attrs, elems = [], []
    for node, value in zip(nodes, row):
        if value is None:
            continue
        text = format_value(value)
        if node.as_element:
            elems.append(f"<{node.name}>{escape(text)}</{node.name}>")
        else:
            attrs.append(f" {node.name}={quoteattr(text)}")
    head = f"<{name}{''.join(attrs)}"
    return f"{head}>{''.join(elems)}</{name}>" if elems else head + "/>"


def execute_query(session, text) -> str:
    """ExecuteQuery for one queryDef document (XML text); ConditionError/QueryDefError on bad input."""
    try:
        return QueryRunner(session).execute(text)
    except ConditionError as exc:
        raise QueryDefError(f"queryDef: {exc}") from None


def compile_where(session, schema, table, where_el):
    """The SQLAlchemy condition of a `<where>` element (its `<condition>`s, as in a queryDef)
    on `schema`'s table; `table` None = checked against the schema only. Used by
    xtk.session.DeleteCollection (runtime/xtk/entity.py)."""
    from sqlalchemy import MetaData

    from runtime.xtk.store import build_table

    runner = QueryRunner(session)
    comp = runner._compiler(schema, table if table is not None else build_table(schema, MetaData()))
    return runner._condition(comp, where_el, "where")
