"""The tables of one queryDef SELECT: a schema's table and the links its expressions walk.

`[folder/@label]` walks the 1-1 link `folder` and becomes a column of a LEFT OUTER JOIN of the
target table (each link path is joined once however often it is used). A 1-N link (unbound,
or the reverse of another schema's link) cannot be a column: it is used through EXISTS
conditions and aggregates (`Count([members])`), compiled as correlated subqueries. Everything
stays one SQL statement.

A table that does not exist yet in the store (nothing was ever written to it) reads as empty:
its columns are typed NULLs, its subqueries select nothing. A read never creates tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from runtime.xtk.conditions import ConditionError


@dataclass
class QueryContext:
    """What every scope of one statement shares: the registry, the store, alias numbering."""

    registry: object
    store: object
    dialect: str
    home: object = None          # schema -> the Store its rows live in (None: this store)
    aliases: int = 0
    tables: dict = field(default_factory=dict)

    def table(self, schema):
        """(Table, exists) of a schema in the store, without creating it."""
        found = self.tables.get(schema.id)
        if found is None:
            home = self.home(schema) if self.home is not None else self.store
            if home is not self.store:
                raise ConditionError(f"{schema.id} lives in the {home.role} store and this query reads the "
                                     f"{self.store.role} store: one SQL statement cannot join two databases "
                                     "(give --db and --cloud-db the same database to join them)")
            t = self.store.table(schema, create=False)
            if t is None:
                from sqlalchemy import MetaData

                from runtime.xtk.store import build_table

                found = (build_table(schema, MetaData()), False)
            else:
                found = (t, True)
            self.tables[schema.id] = found
        return found

    def alias(self, schema, prefix: str):
        table, exists = self.table(schema)
        self.aliases += 1
        return table.alias(f"{prefix}{self.aliases}"), exists

    def target(self, schema, link, what: str):
        try:
            return self.registry.get(link.target)
        except Exception:  # noqa: BLE001 - an unknown schema: say which link needs it
            raise ConditionError(f"{what}: {schema.id}: link '{link.name}' targets schema '{link.target}', "
                                 "which is not loaded (add its srcSchema with --schemas)") from None


def convert_literal(schema, name: str, value):
    """A literal compared with attribute `name`, in that attribute's type (validated)."""
    from runtime.xtk import schema as S

    f = schema.field(name)
    if f.family in ("string", "text", "uuid"):
        return value if isinstance(value, str) else str(value)
    return S.convert(schema, f, value)


class TableScope:
    """One FROM clause: a base table (or alias) and the LEFT OUTER JOINs of its 1-1 links.

    `correlation` is set for the scope of a 1-N link inside an outer query: the condition that
    ties its rows to the outer row."""

    def __init__(self, ctx: QueryContext, schema, table, exists: bool, correlation=None) -> None:
        self.ctx, self.schema, self.table, self.exists = ctx, schema, table, exists
        self.correlation = correlation
        self.joins: list[tuple[object, object, bool]] = []       # (alias, on clause, exists)
        self._walked: dict[tuple, tuple] = {(): (schema, table, exists)}

    @property
    def schema_id(self) -> str:
        return self.schema.id

    # -- links -------------------------------------------------------------------------------
    def _link(self, schema, name: str, what: str):
        link = schema.links.get(name)
        if link is None:
            known = ", ".join(sorted(schema.links)) or "none"
            raise ConditionError(f"{what}: {schema.id}: unknown link '{name}' (links: {known})")
        return link

    def _walk(self, steps: list[str], what: str):
        """(schema, table alias, exists) at the end of a path of 1-1 links, joined once."""
        schema, alias, exists = self.schema, self.table, self.exists
        for i, step in enumerate(steps):
            key = tuple(steps[:i + 1])
            if key in self._walked:
                schema, alias, exists = self._walked[key]
                continue
            link = self._link(schema, step, what)
            if link.unbound:
                raise ConditionError(f"{what}: {schema.id}: link '{step}' is a 1-N collection, not one value: "
                                     f"use it in an EXISTS condition or an aggregate such as Count([{step}])")
            target = self.ctx.target(schema, link, what)
            joined, target_exists = self.ctx.alias(target, "j")
            on = _join_clause(schema, alias, target, joined, link)
            exists = exists and target_exists
            self.joins.append((joined, on, exists))
            schema, alias = target, joined
            self._walked[key] = (schema, alias, exists)
        return schema, alias, exists

    def column(self, steps, attr: str, what: str):
        from sqlalchemy import cast, null

        schema, alias, exists = self._walk(steps, what)
        f = schema.fields.get(attr)
        if f is None:
            raise ConditionError(f"{what}: {schema.id}: unknown attribute '@{attr}'")
        col = alias.c[f.sqlname]
        return col if exists else cast(null(), col.type)

    def convert(self, steps, attr: str, value):
        schema = self._walk(steps, "expr")[0]
        return convert_literal(schema, attr, value)

    def collection(self, steps, what: str):
        """For a path through a 1-N link: (scope of the linked records, the steps after it);
        None when the path has no 1-N link."""
        for i, step in enumerate(steps):
            schema = self._walk(steps[:i], what)[0]
            link = self._link(schema, step, what)
            if link.unbound:
                return self.collection_scope(steps[:i], link, what), list(steps[i + 1:])
        return None

    def collection_scope(self, prefix: list[str], link, what: str) -> TableScope:
        from sqlalchemy import false

        schema, alias, exists = self._walk(prefix, what)
        target = self.ctx.target(schema, link, what)
        sub, sub_exists = self.ctx.alias(target, "s")
        on = _join_clause(schema, alias, target, sub, link) if exists and sub_exists else false()
        return TableScope(self.ctx, target, sub, exists and sub_exists, correlation=on)

    def link_path(self, steps: list[str], what: str):
        """For EXISTS on a link: the scope of the linked records (1-N), or for a 1-1 link the
        condition that the linked record exists."""
        found = self.collection(steps, what)
        if found is not None:
            scope, rest = found
            if rest:
                raise ConditionError(f"{what}: EXISTS takes a link path ending at the 1-N link; "
                                     f"'{'/'.join(rest)}' follows it")
            return scope
        schema, alias, exists = self._walk(steps, what)
        if not exists:
            from sqlalchemy import false

            return false()
        key = schema.keys[0] if schema.keys else next(iter(schema.fields))
        return alias.c[schema.fields[key].sqlname].is_not(None)

    # -- SQL ---------------------------------------------------------------------------------
    def from_clause(self):
        out = self.table
        for alias, on, exists in self.joins:
            if exists:
                out = out.outerjoin(alias, on)
        return out

    def select(self, *columns):
        """SELECT columns FROM this scope (WHERE its correlation); an empty SELECT for a table
        that does not exist."""
        from sqlalchemy import false, select

        if not self.exists:
            return select(*columns).where(false())
        stmt = select(*columns).select_from(self.from_clause())
        return stmt if self.correlation is None else stmt.where(self.correlation)

    def scalar(self, expr, zero: bool):
        from sqlalchemy import func, literal, null

        if not self.exists:
            return literal(0) if zero else null()
        sub = self.select(expr).scalar_subquery()
        return func.coalesce(sub, literal(0)) if zero else sub

    def exists_clause(self, condition=None):
        from sqlalchemy import exists, false, literal

        if not self.exists:
            return false()
        stmt = self.select(literal(1))
        if condition is not None:
            stmt = stmt.where(condition)
        return exists(stmt)


def _join_clause(src_schema, src, dst_schema, dst, link):
    from sqlalchemy import and_

    parts = []
    for a, b in link.joins:
        fa, fb = src_schema.fields.get(a), dst_schema.fields.get(b)
        if fa is None or fb is None:
            missing = f"@{a} of {src_schema.id}" if fa is None else f"@{b} of {dst_schema.id}"
            raise ConditionError(f"link '{link.name}' of {src_schema.id} joins on {missing}, which does not exist")
        parts.append(src.c[fa.sqlname] == dst.c[fb.sqlname])
    return and_(*parts)
