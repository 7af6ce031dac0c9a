"""Host functions of the `xtk`, `sql` and `option` prefixes (see runtime/host/__init__.py).

Importing this module is cheap: SQLAlchemy and lxml are imported on the first data call.
The per-run XtkSession (stores, schemas, UUID source) is the HostEnv resource "xtk"; other host
modules get it with `session(env)`.

JavaScript side: stdlib_js/40_xtk.js. Ingest, IngestExt, Write and WriteCollection validate in
JS with `xtk.ingestMeta` / `xtk.writeMeta`, ask `xtk.session.keyExists` (or, for a table
checked often, fetch its keys once with `xtk.session.keySet`) when an operation depends on the
store, and send rows in batches to `xtk.session.flushBatch`, which checks them
again (runtime/xtk/batch.py). The Python API (`xtk.session.ingest` etc., the SOAP server)
takes whole documents.
"""
from __future__ import annotations

from runtime._bridge import UNDEFINED  # JS `undefined` (None would be null)


def session(env):
    """The run's XtkSession (created on first use; finished by HostEnv.close), once the batches
    it applies in the background are applied (their connections are then this thread's to use;
    the error of a refused batch is raised here)."""
    s = _session(env)
    s.settle()
    return s


def _session(env):
    from runtime.xtk.ingest import XtkSession

    return env.resource("xtk", lambda: XtkSession(env.options))


def ingest_meta(env, schema_id: str, api: str = "Ingest") -> dict:
    """Validation metadata of the staging schema an Ingest or IngestExt on `schema_id` writes to.

    Also opens the local store and creates or checks the staging table now, so that an
    unreachable store or an incompatible table fails at the first call, not at the flush."""
    s = session(env)
    return _meta(s, s.registry.staging_for(str(schema_id), str(api)))


def write_meta(env, schema_id: str, api: str = "Write") -> dict:
    """Validation metadata of the table a Write on `schema_id` writes to (its own table)."""
    s = session(env)
    return _meta(s, s.registry.get(str(schema_id), f"xtkschema of the {api} document"))


def _meta(s, schema) -> dict:
    from runtime.xtk.store import store_for_schema

    store = store_for_schema(s.stores, schema)
    store.table(schema)
    store.commit_point()
    return schema.js_meta()


def key_exists(env, schema_id: str, names: list, values: list) -> bool:
    """Whether the record with this key exists for IngestExt / Write (the buffered rows of its
    table are known to the caller; this answers for the store)."""
    from runtime.xtk.batch import key_exists as exists

    return exists(session(env), str(schema_id), names, values)


def key_set(env, schema_id: str, names: list, budget: int) -> dict:
    """Every key present in the table, for the script's key-presence cache (or none when there
    are more rows than `budget`): see runtime/xtk/batch.py key_set."""
    from runtime.xtk.batch import key_set as keys

    return keys(session(env), str(schema_id), names, budget)


def flush_batch(env, *args):
    """(schema_id, kind, fields, flat, rows, background): check and apply a batch of buffered
    rows now; or, with `background` (a full buffer the script goes on from), queue it for the
    session's writer thread and return at once (its error, if the store refuses it, is raised
    by the next batch sent or the next call that waits for the writer: docs/staging.md, "When a
    batch is applied"). The arguments arrive as JSON text (host RAW_ARGS_CALLS): a background
    batch is parsed by the writer thread, off the script's."""
    import json

    from runtime._bridge import RawArgs
    from runtime.xtk.batch import apply_batch

    s = _session(env)
    if len(args) == 1 and isinstance(args[0], RawArgs):
        if args[0].endswith(",true]"):
            s.batches.submit_json(args[0])
            return UNDEFINED
        args = json.loads(args[0])   # (JSON.stringify wrote it: an array)
    if len(args) == 6 and args[5] is True:
        s.batches.submit(*args[:5])
        return UNDEFINED
    if len(args) not in (5, 6):
        raise TypeError(f"flushBatch takes 5 or 6 arguments, got {len(args)}")
    s.settle(discarded=args[4] if type(args[4]) is int else 0)
    return apply_batch(s, *args[:5])


def settle(env):
    """The batches sent in the background are applied (or the error of a refused one)."""
    session(env)
    return UNDEFINED


def uuid_pool(env, n: int) -> str:
    n = int(n)
    if not 0 < n <= 1 << 16:
        raise ValueError("uuid pool size out of range")
    # The writer thread draws UUIDs too (new Write records). Random ones (os.urandom) may be
    # drawn at the same time; a seeded sequence (golden tests) is drawn in the order of the
    # calls, after the batches sent before. Not a read: a refused batch's error waits.
    s = _session(env)
    if env.options.uuid_seed is not None:
        s.settle(refused=False)
    return s.uuids.formatted(n)


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
    "xtk.writeMeta": write_meta,
    "xtk.session.keyExists": key_exists,
    "xtk.session.keySet": key_set,
    "xtk.session.flushBatch": flush_batch,
    "xtk.session.settle": settle,
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
    "xtk.entity.linked": _entity("linked"),
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
