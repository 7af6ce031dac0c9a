"""getOption / setOption: named values kept in the local store (table XtkOption), as Campaign's
xtk:option. They survive between runs; setOption commits at once (unless --atomic)."""
from __future__ import annotations

from runtime.errors import HostError

TABLE = "XtkOption"
MAX_NAME = 64


def _table(store):
    from sqlalchemy import Column, MetaData, String, Table, Text

    md = MetaData()
    t = Table(TABLE, md, Column("sName", String(MAX_NAME), primary_key=True),
              Column("mStringValue", Text))
    if not store.conn.info.get("xtk_option_table"):
        md.create_all(store.conn, checkfirst=True)
        store.conn.info["xtk_option_table"] = True
    return t


def _name(name) -> str:
    if not isinstance(name, str) or not name.strip():
        raise HostError("getOption/setOption: the option name must be a non-empty string")
    if len(name) > MAX_NAME:
        raise HostError(f"option name too long: {len(name)} characters, at most {MAX_NAME}")
    return name


def get_option(session, name) -> str:
    """The option's value, or "" when it was never set."""
    from sqlalchemy import select

    st = session.stores.local
    t = _table(st)
    value = st.conn.execute(select(t.c.mStringValue).where(t.c.sName == _name(name))).scalar()
    st.commit_point()
    return "" if value is None else value


def set_option(session, name, value) -> None:
    from sqlalchemy import delete, insert

    st = session.stores.local
    t = _table(st)
    name = _name(name)
    text = "" if value is None else str(value)
    with st.conn.begin_nested():
        st.conn.execute(delete(t).where(t.c.sName == name))
        st.conn.execute(insert(t).values(sName=name, mStringValue=text))
    st.commit_point()
