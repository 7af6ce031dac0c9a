"""`xtk.queryDef.create(doc).ExecuteQuery()` on the stores (reference: docs/querydef.md).

The queryDef arrives as XML text: the script's E4X, DOM or JXON document is written out by
stdlib_js/30_dom.js (documentText), and parsed here with the safe parser. Every expression
goes through runtime/xtk/conditions.py (never pasted into SQL; `sql="…"` attributes
excepted: trusted raw SQL), links become joins and subqueries (runtime/xtk/joins.py), and
each query is one SQL statement. The result is
Campaign-shaped XML text: select -> `<name-collection><name …/>…</name-collection>`,
get / getIfExists -> `<name …/>`, count -> `<name count="N"/>`.

Store: the schema's home (`runtime.xtk.store.store_for_schema`, docs/staging.md): a staging
schema (`…Stg`) and `dataSource="default"` schemas in the local store, others in the cloud store, where
Write and the sync job put their rows. `store="…"` (an xtkjs extension) must name that home.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from runtime.errors import HostError
from runtime.xtk.conditions import Compiler, ConditionError, combine, parse_link_name
from runtime.xtk.ingest import format_value

OPERATIONS = ("select", "get", "getIfExists", "count")
MAX_LINE_COUNT = 10_000_000
QUERY_ELEMENTS = frozenset({"select", "where", "orderBy", "groupBy", "having", "node", "condition", "subQuery"})
SET_OPERATORS = {"EXISTS": "exists", "NOT EXISTS": "notExists", "NOTEXISTS": "notExists", "IN": "in",
                 "NOT IN": "notIn", "NOTIN": "notIn"}
_ALIAS_STEP = re.compile(r"[A-Za-z_][\w.\-]*")
_PLAIN_PATH = re.compile(r"^(?:@[A-Za-z_][\w\-]*|\[\s*(?:[A-Za-z_][\w\-]*\s*/\s*)*@[A-Za-z_][\w\-]*\s*\]"
                         r"|(?:[A-Za-z_][\w\-]*/)+@[A-Za-z_][\w\-]*)$")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class QueryDefError(HostError):
    """A queryDef that is malformed or cannot run; the message says what is wrong."""


@dataclass
class OutputNode:
    expr: str | None          # Campaign expression, or None with `sql`
    path: list[str]           # output location: element steps, then "@attr" or an element name
    sql: str | None = None    # trusted raw SQL (`<node sql="…">`)


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


def _local(el) -> str:
    from lxml import etree

    return etree.QName(el).localname


def _children(el):
    return [c for c in el if isinstance(c.tag, str)]


def document_root(doc):
    """The <queryDef> element of XML text (scripts' E4X, DOM and JXON arrive as text:
    stdlib_js/30_dom.js documentText)."""
    from lxml import etree

    from runtime.xtk.schema import safe_parser

    if not isinstance(doc, (str, bytes)) or not str(doc).strip():
        raise QueryDefError("queryDef: expected a <queryDef> document (E4X, DOM, JXON or XML text)")
    try:
        root = etree.fromstring(doc.encode("utf-8") if isinstance(doc, str) else doc, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise QueryDefError(f"queryDef: malformed XML: {exc}") from None
    _check_structure(root)
    return root


def _check_structure(root) -> None:
    """A clause given as an attribute (JXON `select: {node: 5}` becomes `<select node="5">`)
    or as text (`{queryDef: "x"}`, `condition: [5]`) is a mistake, not something to ignore."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        text = (el.text or "").strip() or next((c.tail.strip() for c in el if (c.tail or "").strip()), "")
        if text:
            shown = text if len(text) <= 40 else text[:37] + "..."
            raise QueryDefError(f"queryDef: <{_local(el)}> holds the text {shown!r}; a queryDef is made of elements "
                                "and attributes (in JXON: objects and properties)")
        for name in el.attrib:
            if name in QUERY_ELEMENTS:
                raise QueryDefError(f"queryDef: <{_local(el)} {name}=\"{el.get(name)}\">: {name} must be an element "
                                    f"(in JXON: an object or an array of objects, e.g. {name}: {{expr: \"…\"}})")


def parse_querydef(doc) -> QueryDef:
    """The queryDef document (XML text) as a QueryDef; QueryDefError on malformed input."""
    root = document_root(doc)
    if _local(root) != "queryDef":
        raise QueryDefError(f"queryDef: the document element is <{_local(root)}>, expected <queryDef>")
    q = _query(root, "queryDef")
    op = root.get("operation") or "select"
    if op not in OPERATIONS:
        raise QueryDefError(f"queryDef: unknown operation \"{op}\" (expected {', '.join(OPERATIONS)})")
    store = root.get("store")
    if store not in (None, "local", "cloud"):
        raise QueryDefError(f"queryDef: store=\"{store}\" must be local or cloud")
    q.operation, q.store = op, store
    q.line_count = _int_attr(root, "lineCount", 0, MAX_LINE_COUNT)
    q.start_line = _int_attr(root, "startLine", 0, MAX_LINE_COUNT) or 0
    q.distinct = _true(root, "distinct")
    return q


def _query(root, what: str) -> QueryDef:
    """Schema and clauses of a <queryDef> or <subQuery>."""
    schema_id = root.get("schema")
    if not schema_id:
        raise QueryDefError(f"{what}: the schema attribute is missing (e.g. schema=\"dem:sampleTable\")")
    q = QueryDef(schema_id)
    seen = set()
    for child in _children(root):
        tag = _local(child)
        if tag in seen and tag != "where":
            raise QueryDefError(f"{what}: <{tag}> appears twice")
        seen.add(tag)
        if tag == "select":
            for i, node in enumerate(_nodes(child, "select")):
                q.select.append(_output_node(node, i))
        elif tag == "where":
            q.where = child if q.where is None else _merge(q.where, child)
        elif tag == "having":
            q.having = child
        elif tag == "orderBy":
            q.order_by = [(_expr(n, "orderBy"), _true(n, "sortDesc")) for n in _nodes(child, "orderBy")]
        elif tag == "groupBy":
            q.group_by = [_expr(n, "groupBy") for n in _nodes(child, "groupBy")]
        else:
            raise QueryDefError(f"{what}: unknown element <{tag}> (expected select, where, orderBy, groupBy, having)")
    return q


def _merge(a, b):
    for c in _children(b):
        a.append(c)
    return a


def _nodes(parent, where: str):
    for n in _children(parent):
        if _local(n) != "node":
            raise QueryDefError(f"queryDef: <{where}> holds <{_local(n)}>, expected <node expr=\"…\"/>")
        yield n


def _expr(node, where: str) -> str:
    expr = (node.get("expr") or "").strip()
    if not expr:
        raise QueryDefError(f"queryDef: a <node> in <{where}> has no expr attribute")
    return expr


def _output_node(node, i: int) -> OutputNode:
    sql = node.get("sql")
    expr = None if sql is not None and not node.get("expr") else _expr(node, "select")
    alias = (node.get("alias") or "").strip()
    if alias:
        return OutputNode(expr, _alias_path(alias), sql)
    if expr is not None and _PLAIN_PATH.match(expr):
        inner = expr.strip("[] ")
        return OutputNode(expr, [s.strip() for s in inner.split("/")], sql)
    return OutputNode(expr, [f"@expr{i}"], sql)


def _alias_path(alias: str) -> list[str]:
    """`@name`, `name` or `link/@name` as output steps; only XML names (no injection)."""
    steps = [s.strip() for s in alias.split("/")]
    for j, s in enumerate(steps):
        bare = s[1:] if s.startswith("@") and j == len(steps) - 1 else s
        if not _ALIAS_STEP.fullmatch(bare):
            raise QueryDefError(f"queryDef: alias {alias!r} is not an XML name (use @name for an attribute, "
                                "name for an element)")
    return steps


class QueryRunner:
    """Runs QueryDefs for one XtkSession."""

    def __init__(self, session) -> None:
        self.session = session

    def execute(self, doc, select_all: bool = False) -> str:
        q = parse_querydef(doc)
        schema = self.session.registry.get(q.schema_id, "queryDef schema")
        if select_all:   # SelectAll(): every field, after the nodes the query names
            named = {tuple(n.path) for n in q.select}
            q.select += [n for n in _all_fields(schema) if tuple(n.path) not in named]
        from runtime.xtk.store import StoreError, store_for_schema

        try:
            st = store_for_schema(self.session.stores, schema, q.store)
        except StoreError as exc:
            raise QueryDefError(f"queryDef: {exc}") from None
        try:
            return self._run(q, schema, st)
        finally:
            st.commit_point()  # end the read transaction

    # -- compiling ---------------------------------------------------------------------------
    def _scope(self, ctx, schema):
        from runtime.xtk.joins import TableScope

        table, exists = ctx.table(schema)
        return TableScope(ctx, schema, table, exists)

    def _compiler(self, ctx, scope) -> Compiler:
        return Compiler(scope.schema_id, scope=scope, now=self.session.now(), dialect=ctx.dialect)

    def _conditions(self, comp: Compiler, el, what: str):
        """The <condition> children of `el`; each one's boolOperator (AND, OR) joins it to the
        next one, left to right. Runs of one operator stay flat lists (no deep trees)."""
        clauses, ops = [], []
        for c in _children(el):
            if _local(c) != "condition":
                raise QueryDefError(f"queryDef: <{what}> holds <{_local(c)}>, expected <condition>")
            clauses.append(self._condition(comp, c, what))
            op = (c.get("boolOperator") or "AND").strip().upper()
            if op not in ("AND", "OR"):
                raise QueryDefError(f"queryDef: boolOperator=\"{c.get('boolOperator')}\" must be AND or OR")
            ops.append(op.lower())
        if not clauses:
            return None
        combined, run, run_op = None, [clauses[0]], None
        for clause, op in zip(clauses[1:], ops[:-1]):
            if run_op in (None, op):
                run_op = op
                run.append(clause)
            else:
                combined = combine(run_op, run)
                run, run_op = [combined, clause], op
        return combine(run_op or "and", run)

    def _condition(self, comp: Compiler, c, what: str):
        from sqlalchemy import and_, text

        from runtime.xtk.conditions import Parens

        set_op = (c.get("setOperator") or "").strip().upper()
        if set_op:
            return self._set_condition(comp, c, what, set_op)
        parts = []
        if c.get("sql") is not None:
            parts.append(Parens(text(c.get("sql"))))   # trusted raw SQL (docs/querydef.md)
        expr_text = (c.get("expr") or "").strip()
        if expr_text:
            parts.append(comp.compile(expr_text, f"{what} condition expr"))
        nested = self._conditions(comp, c, what) if _children(c) else None
        if nested is not None:
            parts.append(nested)
        if not parts:
            raise QueryDefError(f"queryDef: a <condition> in <{what}> has no expr and no sub-condition")
        return parts[0] if len(parts) == 1 else and_(*parts)

    def _set_condition(self, comp: Compiler, c, what: str, raw_op: str):
        kind = SET_OPERATORS.get(" ".join(raw_op.split()))
        if kind is None:
            raise QueryDefError(f"queryDef: setOperator=\"{c.get('setOperator')}\" must be EXISTS, NOT EXISTS, "
                                "IN or NOT IN")
        subs = [x for x in _children(c) if _local(x) == "subQuery"]
        expr_text = (c.get("expr") or "").strip()
        if subs:
            if len(subs) > 1:
                raise QueryDefError("queryDef: a <condition> holds more than one <subQuery>")
            sub = self._subquery(comp, subs[0], kind)
            if kind in ("exists", "notExists"):
                from sqlalchemy import exists, not_

                clause = exists(sub)
                return clause if kind == "exists" else not_(clause)
            if not expr_text:
                raise QueryDefError(f"queryDef: setOperator=\"{c.get('setOperator')}\" needs expr=\"…\" (the value "
                                    "looked up in the subQuery)")
            left = comp.compile(expr_text, f"{what} condition expr")
            return left.in_(sub) if kind == "in" else left.not_in(sub)
        if kind not in ("exists", "notExists"):
            raise QueryDefError(f"queryDef: setOperator=\"{c.get('setOperator')}\" needs a <subQuery> inside the "
                                "condition")
        steps = parse_link_name(expr_text, what) if expr_text else None
        if not steps:
            raise QueryDefError(f"queryDef: setOperator=\"{c.get('setOperator')}\" needs expr=\"link\" (a link of "
                                f"{comp.scope.schema_id}) or a <subQuery>")
        from sqlalchemy import not_

        try:
            target = comp.scope.link_path(steps, f"{what} condition expr")
        except ConditionError as exc:
            raise ConditionError(f"{exc} in {expr_text!r}") from None
        if not hasattr(target, "exists_clause"):   # a 1-1 link: does the linked record exist
            return target if kind == "exists" else not_(target)
        inner = self._conditions(comp.child(target), c, what) if _children(c) else None
        clause = target.exists_clause(inner)
        return clause if kind == "exists" else not_(clause)

    def _subquery(self, comp: Compiler, el, kind: str):
        from sqlalchemy import literal

        q = _query(el, "subQuery")
        schema = self.session.registry.get(q.schema_id, "subQuery schema")
        scope = self._scope(comp.scope.ctx, schema)
        sub = self._compiler(comp.scope.ctx, scope)
        where = self._conditions(sub, q.where, "subQuery where") if q.where is not None else None
        if kind in ("exists", "notExists"):
            cols = [literal(1)]
        else:
            if len(q.select) != 1:
                raise QueryDefError(f"subQuery on {schema.id}: select exactly one <node> for setOperator IN / NOT IN")
            cols = [self._output(sub, q.select[0])]
        stmt = scope.select(*cols)
        if where is not None:
            stmt = stmt.where(where)
        if q.group_by:
            stmt = stmt.group_by(*[sub.compile(e, "subQuery groupBy node expr") for e in q.group_by])
        if q.having is not None:
            stmt = stmt.having(self._conditions(sub, q.having, "subQuery having"))
        return stmt

    def _output(self, comp: Compiler, node: OutputNode):
        from sqlalchemy import literal_column

        if node.sql is not None:
            return literal_column(node.sql)   # trusted raw SQL (docs/querydef.md)
        return comp.compile(node.expr, "select node expr")

    def _grouping(self, comp: Compiler, expr: str, nodes: list[OutputNode], what: str):
        """A groupBy (or, in a grouped or distinct query, orderBy) expression written as a select
        node is: by that output's name (`GROUP BY c0`). PostgreSQL accepts a selected expression
        only when the grouped one is the same SQL text, and each literal is a bound parameter of
        its own (`Iif(@amount > 10, 'big', 'small')` twice is two different texts)."""
        from sqlalchemy import literal_column

        key = " ".join(expr.split())
        for i, n in enumerate(nodes):
            if n.expr is not None and n.sql is None and " ".join(n.expr.split()) == key:
                comp.compile(expr, what)   # the same checks and errors as any expression
                return literal_column(f"c{i}")
        return comp.compile(expr, what)

    # -- running -----------------------------------------------------------------------------
    def _run(self, q: QueryDef, schema, st) -> str:
        from sqlalchemy import func

        from runtime.xtk.joins import QueryContext

        from runtime.xtk.store import store_for_schema

        ctx = QueryContext(self.session.registry, st, st.dialect,
                           home=lambda s: store_for_schema(self.session.stores, s))
        scope = self._scope(ctx, schema)
        comp = self._compiler(ctx, scope)
        where = self._conditions(comp, q.where, "where") if q.where is not None else None
        having = self._conditions(comp, q.having, "having") if q.having is not None else None
        name = schema.name
        if q.operation == "count":
            stmt = scope.select(func.count())
            if where is not None:
                stmt = stmt.where(where)
            return f'<{name} count="{int(self._execute(st, schema, stmt)[0][0]) if scope.exists else 0}"/>'

        nodes = q.select or _all_fields(schema)
        _check_outputs(nodes)
        cols = [self._output(comp, n).label(f"c{i}") for i, n in enumerate(nodes)]
        group = [self._grouping(comp, e, nodes, "groupBy node expr") for e in q.group_by]
        order = [(self._grouping(comp, e, nodes, "orderBy node expr") if group or q.distinct
                  else comp.compile(e, "orderBy node expr"), desc) for e, desc in q.order_by]
        rows = []
        if scope.exists:
            stmt = scope.select(*cols)
            if q.distinct:
                stmt = stmt.distinct()
            if where is not None:
                stmt = stmt.where(where)
            if group:
                stmt = stmt.group_by(*group)
            if having is not None:
                stmt = stmt.having(having)
            for ex, desc in order:   # NULLs as Campaign's PostgreSQL sorts them, on every engine
                stmt = stmt.order_by(ex.desc().nulls_first() if desc else ex.asc().nulls_last())
            limit = 2 if q.operation in ("get", "getIfExists") else q.line_count
            if limit is not None:
                stmt = stmt.limit(limit)
            if q.start_line:
                stmt = stmt.offset(q.start_line)
            rows = self._execute(st, schema, stmt)
        render = _renderer(name, nodes)
        records = [render(row) for row in rows]
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

    @staticmethod
    def _execute(st, schema, stmt):
        from sqlalchemy.exc import DBAPIError

        from runtime.xtk.sqlfuncs import register_sqlite

        register_sqlite(st.conn)
        try:
            with st.conn.begin_nested():
                return st.conn.execute(stmt).all()
        except DBAPIError as exc:
            raise QueryDefError(f"queryDef on {schema.id}: the {st.role} store refused the query: "
                                f"{str(exc.orig).strip().splitlines()[0]}") from None


def _all_fields(schema) -> list[OutputNode]:
    return [OutputNode(f"@{f.name}", [f"@{f.name}" if f.kind == "attr" else f.name]) for f in schema.fields.values()]


def _check_outputs(nodes: list[OutputNode]) -> None:
    """Two nodes writing the same attribute would make the result unparsable."""
    seen: dict[tuple, str] = {}
    for n in nodes:
        key = tuple(n.path)
        if n.path[-1].startswith("@") and key in seen:
            raise QueryDefError(f"queryDef: select nodes {seen[key]!r} and {n.expr or n.sql!r} both write "
                                f"{'/'.join(n.path)}; give one of them another alias")
        seen[key] = n.expr or n.sql or ""


_NEEDS_ESCAPE = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;",
                               "\r": "&#13;", "\t": "&#9;"})


def _value_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return format_value(value)


def _attr_value(value) -> str:
    text = _value_text(value)
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _XML_INVALID.sub("\ufffd", text).translate(_ATTR_ESCAPES)


def _text_value(value) -> str:
    text = _value_text(value)
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _XML_INVALID.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Shape:
    """Where each output value goes in a record: this element's attributes, its text, its
    child elements (link paths, element aliases). Built once per query."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.attrs: list[tuple[str, int]] = []     # (' name="', value index)
        self.text: int | None = None
        self.kids: dict[str, _Shape] = {}

    def kid(self, tag: str) -> _Shape:
        return self.kids.setdefault(tag, _Shape(tag))

    def render(self, row, top: bool = False) -> str:
        parts = ["<", self.tag]
        for head, i in self.attrs:
            if row[i] is not None:
                parts += (head, _attr_value(row[i]), '"')
        inner = [] if self.text is None or row[self.text] is None else [_text_value(row[self.text])]
        for k in self.kids.values():
            out = k.render(row)
            if out:
                inner.append(out)
        if inner:
            parts += (">", *inner, "</", self.tag, ">")
        elif len(parts) == 2 and not top:
            return ""   # a linked record without any value: no element
        else:
            parts.append("/>")
        return "".join(parts)


def _renderer(name: str, nodes: list[OutputNode]):
    """record -> XML text, each value where its node's output path puts it."""
    shape = _Shape(name)
    for i, n in enumerate(nodes):
        at = shape
        for step in n.path[:-1]:
            at = at.kid(step)
        last = n.path[-1]
        if last.startswith("@"):
            at.attrs.append((f' {last[1:]}="', i))
        else:
            at.kid(last).text = i
    return lambda row: shape.render(row, top=True)


def execute_query(session, doc, select_all: bool = False) -> str:
    """ExecuteQuery for one queryDef document (XML text); QueryDefError on bad input.
    `select_all`: the query's SelectAll() was called."""
    try:
        return QueryRunner(session).execute(doc, bool(select_all))
    except ConditionError as exc:
        raise QueryDefError(f"queryDef: {exc}") from None


def delete_statement(session, schema, store, where_el, keys_only: bool = False):
    """The DELETE of `schema`'s records matching a `<where>` element (its `<condition>`s, as in
    a queryDef; link paths included: the matching keys are selected through the joins, one
    statement). None when the table does not exist yet. Used by xtk.session.DeleteCollection
    (runtime/xtk/entity.py). `keys_only`: the SELECT of the matching records' keys instead
    (a delete that cascades through owning links, runtime/xtk/cascade.py)."""
    from sqlalchemy import delete, tuple_

    from runtime.xtk.joins import QueryContext
    from runtime.xtk.store import store_for_schema

    runner = QueryRunner(session)
    ctx = QueryContext(session.registry, store, store.dialect, home=lambda s: store_for_schema(session.stores, s))
    scope = runner._scope(ctx, schema)
    cond = runner._conditions(runner._compiler(ctx, scope), where_el, "where")
    if not scope.exists:
        return None
    table = scope.table
    if not scope.joins and not keys_only:
        return delete(table).where(cond)
    keys = [table.c[schema.fields[k].sqlname] for k in schema.keys]
    if not keys:
        raise QueryDefError(f"{schema.id} has no key: a condition through a link cannot pick its records")
    matching = scope.select(*keys).where(cond)
    if keys_only:
        return matching
    return delete(table).where((keys[0] if len(keys) == 1 else tuple_(*keys)).in_(matching))
