"""Workflow-side host functions: the activity's posted transitions (task.postEvent), the
xtk:workflow commands (PostEvent, Start, Stop, ...), recorded in the local store's
xtk:workflowSignal table since xtkjs has no workflow engine, and application.getNewIds (a
durable sequence in the local store, table XtkNewIds)."""
from __future__ import annotations

import re

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


def completed(env, posted=False):
    """task.setCompleted(): `posted` says whether the script posted a transition before."""
    text = "task: completed" if posted else "task: completed without a transition"
    env.logger.event("completed", text)
    return UNDEFINED


def record_signal(xtk_session, method, workflow, activity="", transition_name="", variables="",
                  complete=False, sender="") -> dict:
    """Record one xtk:workflow command in the local store's xtk:workflowSignal table (no commit:
    the caller's commit point decides). Shared by scripts (`signal`) and the SOAP server
    (runtime/server/dispatch.py). Returns the recorded values."""
    from sqlalchemy import insert

    if method not in METHODS:
        raise HostError(f"xtk.workflow: unknown method {method!r} (known: {', '.join(METHODS)})")
    api = f"xtk.workflow.{method}"
    workflow = str(workflow if workflow is not None else "").strip()
    if not workflow:
        raise HostError(f"{api}: expected the workflow's internal name or id (e.g. \"WKF12\"), got nothing")
    if method == "PostEvent" and not activity:
        raise HostError(f"{api}: expected the activity name (e.g. \"signal\"), got nothing")
    if variables and not _VARIABLES.match(variables):
        raise HostError(f"{api}: the event variables must be a <variables/> element, got {variables[:40]!r}")
    schema = xtk_session.registry.get(SIGNAL_SCHEMA)
    store = xtk_session.stores.local
    table = store.table(schema)
    values = {"method": method, "workflow": workflow, "activity": activity or None,
              "transition": transition_name or None, "variables": variables or None,
              "complete": (1 if complete else 0) if method == "PostEvent" else None,
              "created": xtk_session.now(), "script": sender or None}
    store.conn.execute(insert(table).values({schema.fields[k].sqlname: v for k, v in values.items()}))
    return values


_VARIABLES = re.compile(r"^\s*(?:<\?[\s\S]*?\?>\s*)?<(?:[\w.-]+:)?variables[\s/>]")


def describe_signal(values: dict) -> str:
    """The log line of a recorded signal: `workflow signal: PostEvent WKF1 activity=signal …`."""
    detail = "".join(f" {k}={values[k]}" for k in ("activity", "transition") if values[k])
    if values["method"] == "PostEvent" and values["complete"]:
        detail += " complete=true"
    return f"workflow signal: {values['method']} {values['workflow']}{detail}"


def signal(env, method, workflow, activity="", transition_name="", variables="", complete=False):
    from runtime.xtk.host import session

    s = session(env)
    values = record_signal(s, method, workflow, activity, transition_name, variables, complete, env.script_name)
    s.stores.local.commit_point()
    env.logger.event("signal", describe_signal(values), method=method,
                     workflow=values["workflow"], activity=activity or "", transition=transition_name or "")
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
