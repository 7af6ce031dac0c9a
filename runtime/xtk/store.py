"""The two stores (local = staging and API writes, cloud = the schemas' own tables), as
SQLAlchemy Core engines, and the tables of each schema, created on first use.

Embedded default: SQLite files `local.db` and `cloud.db` in `options.home` (WAL journal,
synchronous=NORMAL). Any SQLAlchemy URL works; PostgreSQL (psycopg 3) is first-class.

Identifiers are created unquoted (`quote=False`), so PostgreSQL folds them to lower case as
Campaign's own tables are, and `SELECT * FROM DemSampleTableStg` works there as on SQLite.

Table evolution: a table is created when a schema is first used; a column the schema gained is
added (nullable); a type change, or a NOT NULL column the schema no longer has, is a StoreError
that names table and column and changes nothing.

Transactions: each Store holds one connection per session. Without `atomic`, `commit_point()`
commits after each API call (a call that returned is durable); with `atomic`, nothing is
committed until `finish(True)` and `finish(False)` rolls the whole run back.
"""
from __future__ import annotations

import re
import threading
import time
import weakref
from pathlib import Path

from runtime.errors import HostError
from runtime.xtk.schema import Schema

# System columns of every staging table (docs/staging.md, "Staging table layout").
STG_SEQ = "iStgSeq"          # arrival order: autoincrement primary key
STG_OP = "sStgOperation"     # insert | upsert | update | delete
STG_UUID = "sStgUuid"        # the UUID Ingest returned (rows without _key), else NULL
STG_KEY = "sStgKey"          # reconciliation key field names, comma-separated ("id", "a,b"); NULL = none
STG_CREATED = "tsStgCreated"  # when the row reached the staging table (UTC)
STG_BATCH = "iStgBatch"      # NULL = pending; set by the sync job when it claims the row
STG_SYSTEM = (STG_SEQ, STG_OP, STG_UUID, STG_KEY, STG_CREATED, STG_BATCH)
STG_OPERATIONS = ("insert", "upsert", "update", "delete")


class StoreError(HostError):
    """A store that cannot be reached or a table that cannot be used as the schema says."""


# --- one home per schema (docs/staging.md, "One home per schema") ------------------------------
ROLES = ("local", "cloud")
CLOUD_DATA_SOURCE = "nms:extAccount:ffda"   # Campaign v8's external account of the cloud database


def home_of(schema: Schema) -> str:
    """The one store (`local` or `cloud`) where a schema's data lives.

    Campaign v8: staging tables live in the local database; a schema's data source is the cloud
    database by default (custom schemas, nms:recipient, the base of an autoStg schema), where
    the sync job puts staged rows. Campaign replicates its reference tables (xtk:folder…) to the
    cloud, so joins from cloud tables reach them: xtkjs keeps them in the cloud store too.
    `dataSource` on the srcSchema overrides: `default` (the instance's own database) = local, as
    for the technical tables xtkjs itself writes (xtk:workflowSignal); `nms:extAccount:ffda` =
    cloud."""
    if schema.is_staging:
        return "local"
    source = getattr(schema, "data_source", None)
    if source:
        return "cloud" if source == CLOUD_DATA_SOURCE else "local"
    return "cloud"


def store_for_schema(stores: Stores, schema: Schema, requested: str | None = None) -> Store:
    """THE routing decision: the Store of a schema's home, for every API that reads or writes
    its data (Write, queryDef, lookup, entity objects, DeleteCollection, the SQL helpers, the
    db tools). `requested` (a `store` option a caller passed) must name that home."""
    home = home_of(schema)
    if requested not in (None, "", home):
        if requested not in ROLES:
            raise StoreError(f"unknown store {requested!r}: use local or cloud")
        raise StoreError(f"{schema.id} lives in the {home} store, not the {requested} store "
                         f"(one home per schema: drop the store option)")
    return stores.get(home)


_tables_by_name: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # registry -> {table: schema}
_SQL_WORDS = re.compile(r"""'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/|"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*)""", re.DOTALL)


def schemas_in_sql(registry, sql: str) -> dict[str, Schema]:
    """{table name: schema} of the schemas' tables that an SQL statement names (identifiers
    outside string literals and comments, case-insensitive as unquoted SQL is)."""
    tables = _tables_by_name.get(registry)
    if tables is None:
        tables = _tables_by_name[registry] = {s.table.lower(): s for s in registry}
    found = {}
    for m in _SQL_WORDS.finditer(sql):
        word = m.group(1) if m.group(1) is not None else m.group(2)
        if word and word.lower() in tables:
            s = tables[word.lower()]
            found[s.table] = s
    return found


def store_for_sql(stores: Stores, registry, sql: str, create_tables: bool = False) -> Store:
    """The store an SQL helper statement runs on: the home of the schema tables it names (the
    local store when it names none). Tables of both stores in one statement is an error, unless
    both stores are one database. `create_tables`: the named schemas' tables are created first
    (in Campaign every schema's table exists once the database structure is updated, so a script
    may INSERT into one with sqlExec before any Write; xtkjs creates tables lazily)."""
    found = schemas_in_sql(registry, sql)
    homes = {t: home_of(s) for t, s in found.items()}
    if len(set(homes.values())) > 1 and stores.get("local") is not stores.get("cloud"):
        where = ", ".join(f"{t} ({h})" for t, h in sorted(homes.items()))
        raise StoreError(f"SQL: this statement names tables of both stores: {where}; the local and "
                         "cloud stores are separate databases, so run one statement per store")
    if create_tables:
        for schema in found.values():
            stores.get(homes[schema.table]).table(schema)
    return stores.get(next(iter(homes.values()), "local"))


_engines: dict[str, object] = {}
_engines_lock = threading.Lock()
# (url, table, fingerprint) of tables known to match their schema (committed), per process.
_checked: set[tuple[str, str, tuple]] = set()


def store_url(options, role: str) -> str:
    """The URL of the `local` or `cloud` store for these RunOptions."""
    url = options.db if role == "local" else options.cloud_db
    if url:
        return url
    home = Path(options.home)
    return f"sqlite:///{home / ('local.db' if role == 'local' else 'cloud.db')}"


def safe_url(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL we cannot even parse is shown as given
        return url


def get_engine(url: str):
    """One engine per URL per process (connection pools are shared by sessions)."""
    with _engines_lock:
        eng = _engines.get(url)
        if eng is not None:
            return eng
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        kwargs = {}
        if url.startswith("postgresql:") or url.startswith("postgres:"):
            url = "postgresql+psycopg:" + url.split(":", 1)[1]
        eng = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"bad database URL {safe_url(url)!r}: {exc}") from None
    if eng.dialect.name == "sqlite":
        db = eng.url.database
        if db and db != ":memory:" and not db.startswith("file:"):
            try:
                Path(db).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of {db}: {exc.strerror or exc}") from None

        @event.listens_for(eng, "connect")
        def _sqlite_connect(dbapi_conn, _record):
            # Let SQLAlchemy drive transactions (pysqlite's own BEGIN handling breaks SAVEPOINT).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            dbapi_conn.set_authorizer(_sqlite_authorizer)

        @event.listens_for(eng, "begin")
        def _sqlite_begin(conn):
            # IMMEDIATE: a session that reads then writes never meets SQLITE_BUSY on the upgrade
            # (another writer makes it wait, up to busy_timeout). Read-only sessions use BEGIN.
            conn.exec_driver_sql(conn.info.get("xtk_begin", "BEGIN IMMEDIATE"))
    with _engines_lock:
        return _engines.setdefault(url, eng)


# SQLite authorizer action codes (sqlite3.h): ATTACH also covers `VACUUM INTO 'file'`.
_SQLITE_ATTACH, _SQLITE_DETACH = 24, 25
SQLITE_REFUSED = ("not authorized: scripts may use only the store's own database "
                  "(ATTACH, DETACH and VACUUM INTO are refused)")


def _sqlite_authorizer(action, _arg1, _arg2, _db, _trigger) -> int:
    """Keep SQL (a script's sqlExec included) inside the store's own database file: no other
    file can be created, written or read through the connection."""
    import sqlite3

    return sqlite3.SQLITE_DENY if action in (_SQLITE_ATTACH, _SQLITE_DETACH) else sqlite3.SQLITE_OK


def dispose_engines(urls=None) -> None:
    """Close the pooled connections of these URLs' engines (all when None) and forget them."""
    with _engines_lock:
        keys = list(_engines) if urls is None else [u for u in dict.fromkeys(urls) if u in _engines]
        engines = [_engines.pop(k) for k in keys]
    for e in engines:
        e.dispose()
    if urls is None:
        _checked.clear()
    else:
        _checked.difference_update({m for m in _checked if m[0] in set(urls)})


def sql_type(field, dialect_name: str = ""):
    from sqlalchemy import BigInteger, Date, DateTime, Float, Integer, SmallInteger, String, Text, Time

    fam = field.family
    if fam in ("string", "uuid"):
        return String(field.length)
    return {
        "text": Text(), "int8": SmallInteger(), "int16": SmallInteger(), "int32": Integer(),
        "int64": BigInteger(), "bool": SmallInteger(), "float": Float(53), "date": Date(),
        "datetime": DateTime(), "time": Time(),
    }[fam]


def type_class(t) -> str:
    """A coarse family of a SQL type, to tell a compatible column from a changed one."""
    from sqlalchemy import types as T

    if isinstance(t, (T.Date,)) and not isinstance(t, T.DateTime):
        return "date"
    if isinstance(t, T.DateTime):
        return "datetime"
    if isinstance(t, T.Time):
        return "time"
    if isinstance(t, T.Integer):
        return "int"
    if isinstance(t, (T.Float, T.Numeric)):
        return "float"
    if isinstance(t, (T.String, T.Text)):
        return "string"
    name = str(t).upper()
    if "TIMESTAMP" in name:
        return "datetime"
    return name


def build_table(schema: Schema, metadata):
    """The SQLAlchemy Table of a schema: the schema's own table, or for a staging schema the
    staging table (attribute columns, all nullable, plus the system columns)."""
    from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table

    cols = []
    if schema.is_staging:
        cols += [
            Column(STG_SEQ, BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
                   autoincrement=True, quote=False),
            Column(STG_OP, String(8), nullable=False, quote=False),
            Column(STG_UUID, String(36), quote=False),
            Column(STG_KEY, String(255), quote=False),
            Column(STG_CREATED, DateTime(), nullable=False, quote=False),
            Column(STG_BATCH, BigInteger(), quote=False),
        ]
    for f in schema.fields.values():
        if f.implicit == "autopk":
            cols.append(Column(f.sqlname, BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
                               autoincrement=True, quote=False))
            continue
        nullable = schema.is_staging or not f.not_null
        cols.append(Column(f.sqlname, sql_type(f), nullable=nullable, quote=False))
    table = Table(schema.table, metadata, *cols, quote=False)
    key_cols = [table.c[schema.fields[k].sqlname] for k in schema.keys]
    if schema.is_staging:
        Index(f"{schema.table}_batch", table.c[STG_BATCH], quote=False)
        if key_cols:
            Index(f"{schema.table}_key", *key_cols, quote=False)
    elif key_cols and not schema.autopk:
        Index(f"{schema.table}_key", *key_cols, unique=True, quote=False)
    if schema.autouuid and "uuid" in schema.fields and schema.keys != ["uuid"]:
        Index(f"{schema.table}_uuid", table.c[schema.fields["uuid"].sqlname], unique=True, quote=False)
    return table


def fingerprint(schema: Schema) -> tuple:
    return (schema.is_staging, tuple((f.sqlname, f.type, f.length, f.not_null, f.implicit)
                                     for f in schema.fields.values()), tuple(schema.keys))


def catalog_name(conn, name: str, quoted: bool = False) -> str:
    """The name a table has in the database catalog: PostgreSQL folds unquoted identifiers to
    lower case, and SQLAlchemy's inspector compares names exactly."""
    return name.lower() if conn.dialect.name == "postgresql" and not quoted else name


def create_missing(conn, metadata) -> None:
    """CREATE the metadata's tables (with indexes) that the database does not have yet."""
    from sqlalchemy import inspect

    if conn.dialect.name == "postgresql":  # concurrent first runs: see Store._lock_ddl
        from sqlalchemy import text

        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('xtkjs-ddl'))"))
    insp = inspect(conn)
    for t in metadata.sorted_tables:
        # quote=None means SQLAlchemy quotes a mixed-case name, which keeps its case.
        quoted = t.name.quote is True or (t.name.quote is None and t.name != t.name.lower())
        if not insp.has_table(catalog_name(conn, t.name, quoted)):
            t.create(conn)


class Store:
    """One store (`local` or `cloud`) for one session: an engine, a connection, known tables."""

    def __init__(self, url: str, role: str, atomic: bool = False, readonly: bool = False) -> None:
        self.url = url
        self.readonly = readonly
        self.role = role
        self.atomic = atomic
        self._conn = None
        self._tables: dict[str, object] = {}
        self._metadata = None
        self._pending_checked: list[tuple] = []
        self._last_commit = time.monotonic()
        self.engine = get_engine(url)
        self.dialect = self.engine.dialect.name

    # -- connection and transactions -------------------------------------------------------
    @property
    def conn(self):
        if self._conn is None:
            from sqlalchemy.exc import DBAPIError

            try:
                self._conn = self.engine.connect()
                self._conn.info["xtk_begin"] = "BEGIN" if self.readonly else "BEGIN IMMEDIATE"
            except DBAPIError as exc:
                raise StoreError(f"cannot connect to the {self.role} store {safe_url(self.url)}: "
                                 f"{_first_line(exc.orig)}") from None
            except OSError as exc:
                raise StoreError(f"cannot open the {self.role} store {safe_url(self.url)}: {exc}") from None
        return self._conn

    def commit_point(self, min_interval: float = 0.0) -> None:
        """After an API call: commit, unless the run is atomic (or, with `min_interval`, the last
        commit was less than that many seconds ago)."""
        if self.atomic:
            return
        if min_interval and time.monotonic() - self._last_commit < min_interval:
            return
        self.commit()

    def commit(self) -> None:
        if self._conn is not None and self._conn.in_transaction():
            self._conn.commit()
        self._last_commit = time.monotonic()
        _checked.update(self._pending_checked)
        self._pending_checked = []

    def rollback(self) -> None:
        if self._conn is not None and self._conn.in_transaction():
            self._conn.rollback()
        self._pending_checked = []
        self._tables.clear()

    def finish(self, success: bool) -> None:
        """End of the run: commit (also after a failure unless atomic); close the connection."""
        try:
            if success or not self.atomic:
                self.commit()
            else:
                self.rollback()
        finally:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def interrupt(self) -> None:
        """Cancel the statement this store's connection is running, from another thread.

        The statement fails with the driver's "interrupted"/"canceled" error; the SAVEPOINT
        around it (or the caller) rolls it back, and earlier work of the run stays."""
        conn = self._conn
        if conn is None or conn.closed:
            return
        try:
            raw = conn.connection.dbapi_connection
        except Exception:  # noqa: BLE001 - a connection being closed has nothing to cancel
            return
        if raw is None:
            return
        cancel = getattr(raw, "interrupt", None) or getattr(raw, "cancel", None)  # sqlite3 / psycopg
        if cancel is not None:
            try:
                cancel()
            except Exception:  # noqa: BLE001 - nothing running, or the server went away
                pass

    # -- tables ----------------------------------------------------------------------------
    def has_table(self, schema: Schema) -> bool:
        if schema.id in self._tables:
            return True
        from sqlalchemy import inspect

        return inspect(self.conn).has_table(self.physical_name(schema.table))

    def table(self, schema: Schema, create: bool = True):
        """The schema's Table, created or evolved on first use (create=False: None if absent)."""
        t = self._tables.get(schema.id)
        if t is not None:
            return t
        from sqlalchemy import MetaData

        if self._metadata is None:
            self._metadata = MetaData()
        if schema.table in self._metadata.tables:
            self._metadata.remove(self._metadata.tables[schema.table])
        t = build_table(schema, self._metadata)
        mark = (self.url, schema.table, fingerprint(schema))
        if mark not in _checked:
            if not create and not self.has_table(schema):
                return None
            self._ensure(schema, t)
            self._pending_checked.append(mark)
        self._tables[schema.id] = t
        return t

    def _ensure(self, schema: Schema, table) -> None:
        from sqlalchemy import inspect
        from sqlalchemy.exc import DBAPIError

        conn = self.conn
        try:
            insp = inspect(conn)
            self._lock_ddl(schema.table)
            catalog = self.physical_name(schema.table)
            if not insp.has_table(catalog):
                table.create(conn)  # with its indexes
                return
            existing = {c["name"].lower(): c for c in insp.get_columns(catalog)}
            wanted = {c.name.lower(): c for c in table.columns}
            if self._rename_legacy_autopk(schema, existing, wanted):
                existing = {c["name"].lower(): c for c in inspect(conn).get_columns(catalog)}
            problems = []
            for name, col in wanted.items():
                have = existing.get(name)
                if have is None:
                    continue
                a, b = type_class(have["type"]), type_class(col.type)
                if a != b:
                    problems.append(f"column {col.name} is {have['type']} in the database but the schema "
                                    f"makes it {col.type}")
            for name, have in existing.items():
                if name not in wanted and not have.get("nullable", True) and have.get("default") is None:
                    problems.append(f"column {have['name']} (NOT NULL) is in the table but no longer in "
                                    "the schema")
            if problems:
                raise StoreError(f"table {schema.table} of schema {schema.id} in the {self.role} store "
                                 f"does not match the schema: " + "; ".join(problems)
                                 + ". Nothing was changed: migrate the table by hand (or use a new store)")
            for name, col in wanted.items():
                if name in existing:
                    if (self.dialect == "postgresql" and type_class(col.type) == "string"
                            and getattr(col.type, "length", None)
                            and (existing[name]["type"].length or 0) < col.type.length
                            and existing[name]["type"].length is not None):
                        conn.exec_driver_sql(f"ALTER TABLE {schema.table} ALTER COLUMN {col.name} TYPE "
                                             f"{col.type.compile(self.engine.dialect)}")
                    continue
                ddl = col.type.compile(self.engine.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {schema.table} ADD COLUMN {col.name} {ddl}")
            existing_idx = {i["name"].lower() for i in insp.get_indexes(catalog) if i.get("name")}
            for idx in table.indexes:
                if idx.name.lower() not in existing_idx:
                    idx.create(conn)
        except DBAPIError as exc:
            self.rollback()
            raise StoreError(f"cannot create or update table {schema.table} in the {self.role} store: "
                             f"{_first_line(exc.orig)}") from None

    def _rename_legacy_autopk(self, schema: Schema, existing: dict, wanted: dict) -> bool:
        """xtkjs before 2026-12 named every autopk column iId; Campaign names it i<Element>Id.
        A table of that age is migrated in place (the column renamed, its values and sequence
        kept) so raw SQL written for Campaign (`WHERE iRecipientId = …`) runs on old stores."""
        key = schema.fields.get("id")
        if (not schema.autopk or key is None or key.implicit != "autopk" or key.sqlname.lower() == "iid"
                or "iid" not in existing or key.sqlname.lower() in existing or "iid" in wanted):
            return False
        self.conn.exec_driver_sql(f"ALTER TABLE {schema.table} RENAME COLUMN iId TO {key.sqlname}")
        return True

    def _lock_ddl(self, name: str) -> None:
        """Serialise table creation across processes on PostgreSQL (two workers creating the
        same table at once would otherwise collide in pg_type); SQLite writers are serial."""
        if self.dialect == "postgresql":
            from sqlalchemy import text

            self.conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": "xtkjs-ddl:" + name.lower()})

    def physical_name(self, name: str) -> str:
        """Staging and cloud tables are created unquoted: their name in the catalog."""
        return catalog_name(self.conn, name)

    @property
    def paramstyle(self) -> str:
        return self.engine.dialect.paramstyle


def _first_line(exc) -> str:
    return str(exc).strip().split("\n")[0]


class Stores:
    """The local and cloud stores of one session, opened on first use."""

    def __init__(self, options, readonly: bool = False) -> None:
        self.options = options
        self.readonly = readonly
        self._local: Store | None = None
        self._cloud: Store | None = None

    @property
    def local(self) -> Store:
        if self._local is None:
            self._local = Store(store_url(self.options, "local"), "local", self.options.atomic, self.readonly)
        return self._local

    @property
    def cloud(self) -> Store:
        if self._cloud is None:
            url = store_url(self.options, "cloud")
            # One database for both roles: one connection, so one transaction can span both.
            self._cloud = (self.local if url == store_url(self.options, "local")
                           else Store(url, "cloud", self.options.atomic, self.readonly))
        return self._cloud

    @property
    def has_local(self) -> bool:
        return self._local is not None

    def opened(self) -> list[Store]:
        """The stores opened so far (one when both roles are one database)."""
        out = [s for s in (self._local, self._cloud) if s is not None]
        return out[:1] if len(out) == 2 and out[0] is out[1] else out

    def get(self, role: str) -> Store:
        if role not in ("local", "cloud"):
            raise StoreError(f"unknown store {role!r}: use local or cloud")
        return self.local if role == "local" else self.cloud

    def interrupt(self) -> None:
        for s in (self._local, self._cloud):
            if s is not None:
                s.interrupt()

    def finish(self, success: bool) -> None:
        first = None
        stores = [self._cloud] if self._cloud is not self._local else []
        for s in stores + [self._local]:
            if s is None:
                continue
            try:
                s.finish(success)
            except BaseException as exc:  # noqa: BLE001 - finish both, report the first
                first = first or exc
        if first is not None:
            raise first
