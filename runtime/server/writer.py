"""The single writer of the server: every Ingest / IngestExt / Write / WriteCollection /
DeleteCollection and every xtk:workflow signal goes through one thread that owns one
XtkSession, with group commit.

Requests are queued; the thread takes everything that is queued (up to `max_group`), runs each
call in its own savepoint (a rejected document leaves nothing behind and does not disturb the
others), then commits once and only then answers every caller. So an acknowledged write is
always committed (nothing acknowledged is lost), and under load one commit (one fsync) serves
many requests. If the commit fails, every call of the group is answered with the error.

On SQLite the writer's connection uses `PRAGMA synchronous=FULL`: with WAL the commit is then
durable across power loss, not only across a crash of the process.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import logging
import queue
import threading

log = logging.getLogger("xtkjs.server")

def _signal(s, args: dict):
    from runtime.host.workflow import record_signal

    return record_signal(s, **args)


def _delete_collection(s, args: dict):
    from runtime.xtk.entity import delete_collection

    return delete_collection(s, **args)


# Documents arrive parsed (runtime.xtk.ingest.Document; a list for WriteCollection); workflow
# signals and DeleteCollection as the keyword arguments of their runtime functions.
OPS = {
    "WorkflowSignal": _signal,
    "DeleteCollection": _delete_collection,
    "Ingest": lambda s, d: s.ingest_document(d),
    "IngestExt": lambda s, d: s.ingest_ext_document(d),
    "Write": lambda s, d: s.write_documents([d], "Write"),
    "WriteCollection": lambda s, docs: s.write_documents(list(docs), "WriteCollection"),
}


class WriterClosed(RuntimeError):
    pass


class Writer:
    def __init__(self, options, registry=None, max_group: int = 512, durable_sqlite: bool = True) -> None:
        # atomic: the session never commits on its own; this thread commits once per group.
        self.options = dataclasses.replace(options, atomic=True)
        self.registry = registry
        self.max_group = max_group
        self.durable_sqlite = durable_sqlite
        self._q: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._session = None
        self.groups = 0
        self.calls = 0

    # -- API -------------------------------------------------------------------------------
    def submit(self, op: str, doc) -> concurrent.futures.Future:
        fut: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise WriterClosed("the server is shutting down")
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="xtkjs-writer", daemon=True)
                self._thread.start()
            self._q.put((op, doc, fut))
        return fut

    async def call(self, op: str, doc):
        return await asyncio.wrap_future(self.submit(op, doc))

    def close(self, timeout: float = 30.0) -> None:
        """Finish what is queued, then stop the thread and close the session."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            self._q.put(None)
        if thread is not None:
            thread.join(timeout)

    # -- the thread ------------------------------------------------------------------------
    def _open(self):
        from runtime.xtk.ingest import XtkSession

        s = XtkSession(self.options, registry=self.registry)
        local = s.stores.local
        if local.dialect == "sqlite" and self.durable_sqlite:
            # Outside any transaction (SQLAlchemy has not begun one yet on this connection).
            local.conn.connection.dbapi_connection.execute("PRAGMA synchronous=FULL")
        return s

    def _discard(self) -> None:
        s, self._session = self._session, None
        if s is not None:
            try:
                s.finish(False)
            except Exception:  # noqa: BLE001 - the connection is broken anyway
                log.debug("closing a broken writer session", exc_info=True)

    def _loop(self) -> None:
        stop = False
        while not stop:
            item = self._q.get()
            if item is None:
                break
            group = [item]
            while len(group) < self.max_group:
                try:
                    nxt = self._q.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                group.append(nxt)
            self._run_group(group)
        self._discard_clean()

    def _discard_clean(self) -> None:
        s, self._session = self._session, None
        if s is not None:
            try:
                s.finish(True)
            except Exception:  # noqa: BLE001
                log.warning("closing the writer session failed", exc_info=True)

    def _run_group(self, group) -> None:
        results = []
        try:
            if self._session is None:
                self._session = self._open()
            s = self._session
            live = [(op, doc, fut) for op, doc, fut in group if fut.set_running_or_notify_cancel()]
            results = self._execute(s, live)
            if any(not ok for _, ok, _ in results):
                # A failed call may have broken the transaction outside its savepoint (PostgreSQL
                # would then turn COMMIT into a silent ROLLBACK): make sure it is still usable.
                s.stores.local.conn.exec_driver_sql("SELECT 1")
            s.stores.local.commit()
            s.stores.cloud.commit()   # ends the read transaction IngestExt may have opened there
        except BaseException as exc:  # noqa: BLE001 - the commit (or the session) failed
            from runtime.xtk.store import StoreError

            log.error("writer: commit failed: %s", exc)
            self._discard()
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            err = exc if isinstance(exc, StoreError) else StoreError(f"local store error: commit failed: {first}")
            for _, _, f in group:
                if not f.done():
                    if f.running() or f.set_running_or_notify_cancel():
                        f.set_exception(err)
            return
        self.groups += 1
        self.calls += len(results)
        for f, ok, value in results:
            if ok:
                f.set_result(value)
            else:
                f.set_exception(value)

    def _execute(self, s, items) -> list:
        """Run the calls in arrival order; consecutive Ingests of the same schema and shape go
        to the staging table as one multi-row INSERT (each row validated on its own first)."""
        results: list = []
        run: list = []   # [(fut, document, schema, row, uuid)]

        def flush() -> None:
            if run:
                self._ingest_run(s, run, results)
                run.clear()

        for op, doc, fut in items:
            if op == "Ingest":
                try:
                    schema, row, uid = _prepare_ingest(s, doc)
                except BaseException as exc:  # noqa: BLE001 - this document only
                    results.append((fut, False, exc))
                    continue
                if run and (run[-1][2].id != schema.id or run[-1][3].keys() != row.keys()):
                    flush()
                run.append((fut, doc, schema, row, uid))
                continue
            flush()
            try:
                results.append((fut, True, OPS[op](s, doc)))
            except BaseException as exc:  # noqa: BLE001 - answered to the caller
                results.append((fut, False, exc))
        flush()
        return results

    @staticmethod
    def _ingest_run(s, run, results) -> None:
        from sqlalchemy.exc import DBAPIError

        store = s.stores.local
        if len(run) > 1:
            try:
                table = store.table(run[0][2])
                with store.conn.begin_nested():
                    store.conn.execute(table.insert(), [r[3] for r in run])
            except DBAPIError:
                pass   # one of the rows is refused: insert them one by one for the right answers
            else:
                results.extend((fut, True, uid) for fut, _, _, _, uid in run)
                return
        for fut, doc, *_ in run:
            try:
                results.append((fut, True, s.ingest_document(doc)))
            except BaseException as exc:  # noqa: BLE001
                results.append((fut, False, exc))


def _prepare_ingest(s, d):
    """What XtkSession.ingest_document does before its INSERT (same validation, same messages)."""
    return s.prepare_ingest(d)
