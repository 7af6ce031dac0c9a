"""Workflow-side host functions: the activity's posted transitions (task.postEvent), the
xtk:workflow commands (PostEvent, Start, Stop, ...), recorded in the local store's
xtk:workflowSignal table since xtkjs has no workflow engine, and application.getNewIds (a
durable sequence in the local store, table XtkNewIds)."""
from __future__ import annotations

from runtime._bridge import UNDEFINED
from runtime.errors import HostError

SIGNAL_SCHEMA = "xtk:workflowSignal"
METHODS = ("PostEvent", "Start", "Stop", "Pause", "Resume", "Restart", "Wakeup", "Kill")
SEQUENCE_TABLE = "XtkNewIds"
SEQUENCE_NAME = "xtkNewId"
MAX_IDS = 100_000


def transition(env, name: str):
    env.logger.event("transition", f"transition: {name}", transition=name)
    return UNDEFINED


def completed(env):
    env.logger.event("completed", "task: completed without a transition")
    return UNDEFINED


def signal(env, method, workflow, activity="", transition_name="", variables="", complete=False):
    from sqlalchemy import insert

    from runtime.xtk.host import session

    if method not in METHODS:
        raise HostError(f"xtk.workflow: unknown method {method!r}")
    s = session(env)
    schema = s.registry.get(SIGNAL_SCHEMA)
    store = s.stores.local
    table = store.table(schema)
    values = {"method": method, "workflow": str(workflow), "activity": activity or None,
              "transition": transition_name or None, "variables": variables or None,
              "complete": (1 if complete else 0) if method == "PostEvent" else None, "created": s.now(), "script": env.script_name}
    store.conn.execute(insert(table).values({schema.fields[k].sqlname: v for k, v in values.items()}))
    store.commit_point()
    detail = "".join(f" {k}={values[k]}" for k in ("activity", "transition") if values[k])
    if method == "PostEvent" and complete:
        detail += " complete=true"
    env.logger.event("signal", f"workflow signal: {method} {workflow}{detail}", method=method,
                     workflow=str(workflow), activity=activity or "", transition=transition_name or "")
    return UNDEFINED


def new_ids(env, count) -> list[int]:
    """`count` new ids from the local store's sequence (never the same twice, across runs)."""
    from sqlalchemy import BigInteger, Column, MetaData, String, Table, select, update
    from sqlalchemy.exc import IntegrityError

    from runtime.xtk.host import session

    n = int(count)
    if not 0 < n <= MAX_IDS:
        raise HostError(f"application.getNewIds: expected a count from 1 to {MAX_IDS}, got {count}",
                        "RangeError")
    store = session(env).stores.local
    t = Table(SEQUENCE_TABLE, MetaData(), Column("sName", String(64), primary_key=True),
              Column("iLastId", BigInteger, nullable=False))
    conn = store.conn
    if not conn.info.get("xtk_newids_table"):
        t.create(conn, checkfirst=True)
        conn.info["xtk_newids_table"] = True
    for attempt in range(3):
        try:
            with conn.begin_nested():
                last = conn.execute(select(t.c.iLastId).where(t.c.sName == SEQUENCE_NAME)
                                    .with_for_update()).scalar()
                if last is None:
                    conn.execute(t.insert().values(sName=SEQUENCE_NAME, iLastId=n))
                    last = 0
                else:
                    conn.execute(update(t).where(t.c.sName == SEQUENCE_NAME).values(iLastId=last + n))
            break
        except IntegrityError:   # another run created the sequence row first: read it again
            if attempt == 2:
                raise
    store.commit_point()
    return list(range(last + 1, last + n + 1))


HOST_FUNCTIONS = {
    "workflow.transition": transition,
    "workflow.completed": completed,
    "workflow.signal": signal,
    "workflow.newIds": new_ids,
}
