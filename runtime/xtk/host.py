"""Host functions of the `xtk`, `sql` and `option` prefixes (see runtime/host/__init__.py).

Importing this module is cheap: SQLAlchemy and lxml are imported on the first data call.
The per-run XtkSession (stores, schemas, UUID source) is the HostEnv resource "xtk"; other host
modules get it with `session(env)`.

JavaScript side: stdlib_js/40_xtk.js. Ingest's fast path validates in JS with `xtk.ingestMeta`
and sends rows in batches to `xtk.session.ingestBatch`; the other calls send the document
(XML text or JXON) and Python validates it.
"""
from __future__ import annotations

from runtime._bridge import UNDEFINED  # JS `undefined` (None would be null)


def session(env):
    """The run's XtkSession (created on first use; finished by HostEnv.close)."""
    from runtime.xtk.ingest import XtkSession

    return env.resource("xtk", lambda: XtkSession(env.options))


def ingest_meta(env, schema_id: str) -> dict:
    """Validation metadata of the staging schema an Ingest on `schema_id` writes to.

    Also opens the local store and creates or checks the staging table now, so that an
    unreachable store or an incompatible table fails at the first Ingest call, not at the flush."""
    s = session(env)
    schema = s.registry.staging_for(schema_id, "Ingest")
    s.stores.local.table(schema)
    s.stores.local.commit_point()
    return schema.js_meta()


def uuid_pool(env, n: int) -> str:
    n = int(n)
    if not 0 < n <= 1 << 16:
        raise ValueError("uuid pool size out of range")
    return session(env).uuids.hex(n)


def ingest_batch(env, schema_id: str, fields: list, flat: list) -> int:
    return session(env).stage_batch(schema_id, fields, flat)


def ingest(env, doc) -> str:
    return session(env).ingest(doc)


def ingest_ext(env, doc):
    session(env).ingest_ext(doc)
    return UNDEFINED


def write(env, doc):
    session(env).write(doc)
    return UNDEFINED


def write_collection(env, doc):
    session(env).write_collection(doc)
    return UNDEFINED


def lookup(env, schema_id, key, store=None):
    return session(env).lookup(schema_id, key, store or None)


HOST_FUNCTIONS = {
    "xtk.ingestMeta": ingest_meta,
    "xtk.uuidPool": uuid_pool,
    "xtk.session.ingestBatch": ingest_batch,
    "xtk.session.ingest": ingest,
    "xtk.session.ingestExt": ingest_ext,
    "xtk.session.write": write,
    "xtk.session.writeCollection": write_collection,
    "xtk.session.lookup": lookup,
}

# --- entity objects, DeleteCollection, application.getSchema (runtime/xtk/entity.py) ---------
def _entity(fn: str, wrap=None):
    def call(env, *args):
        from runtime.xtk import entity

        result = getattr(entity, fn)(session(env), *args)
        return UNDEFINED if wrap == "void" else result

    return call


def schema_namespaces(env) -> list:
    from runtime.xtk.schema_files import schema_namespaces as scan

    return scan(tuple(getattr(env.options, "schema_dirs", None) or ()))


HOST_FUNCTIONS.update({
    "xtk.schemaNamespaces": schema_namespaces,
    "xtk.entity.resolve": _entity("resolve"),
    "xtk.entity.namespaces": _entity("namespaces"),
    "xtk.entity.load": _entity("load"),
    "xtk.entity.create": _entity("create_values"),
    "xtk.entity.save": _entity("save"),
    "xtk.session.deleteCollection": _entity("delete_collection", "void"),
    "xtk.schema.describe": _entity("describe"),
})


# --- query layer: queryDef, SQL helpers, options (runtime/xtk/querydef.py, sqlhelpers.py,
# options_store.py). Their JS wrappers (stdlib_js/41_xtk_query.js) flush buffered Ingest rows first.
def _query(module: str, fn: str, wrap=None):
    def call(env, *args):
        import importlib

        result = getattr(importlib.import_module(f"runtime.xtk.{module}"), fn)(session(env), *args)
        return UNDEFINED if result is None and wrap == "void" else result

    return call


HOST_FUNCTIONS.update({
    "xtk.queryDef.execute": _query("querydef", "execute_query"),
    "sql.exec": _query("sqlhelpers", "sql_exec"),
    "sql.getInt": _query("sqlhelpers", "sql_get_int"),
    "sql.getDouble": _query("sqlhelpers", "sql_get_double"),
    "sql.getString": _query("sqlhelpers", "sql_get_string"),
    "sql.getDate": _query("sqlhelpers", "sql_get_date"),
    "sql.select": _query("sqlhelpers", "sql_select"),
    "option.get": _query("options_store", "get_option"),
    "option.set": _query("options_store", "set_option", "void"),
})
