"""Helpers shared by the staging-layer tests (tests/xtk)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

TYPED_SCHEMA = """<srcSchema name="person" namespace="tst" label="Person" autoStg="true">
  <element name="person">
    <key name="pk"><keyfield xpath="@email"/></key>
    <attribute name="email" type="string" length="40" notNull="true"/>
    <attribute name="age" type="long"/>
    <attribute name="small" type="byte"/>
    <attribute name="short" type="short"/>
    <attribute name="score" type="double"/>
    <attribute name="vip" type="boolean"/>
    <attribute name="born" type="date"/>
    <attribute name="seen" type="datetime"/>
    <attribute name="at" type="time"/>
    <attribute name="big" type="int64"/>
    <attribute name="ref" type="uuid"/>
    <attribute name="country" type="string" length="2" default="FR"/>
    <element name="note" type="memo"/>
  </element>
</srcSchema>
"""


def run_js(source: str, **fields):
    return run_js(source, **fields)


def dump(fields: dict, schema: str, store: str | None = None) -> list[dict]:
    """The schema's records in its home store (`store` must name it when given)."""
    from runtime.options import RunOptions
    from runtime.xtk.dbtools import dump_records

    return dump_records(RunOptions(**fields), schema, store)


def schema_dir(tmp_path: Path, text: str = TYPED_SCHEMA, name: str = "person.xml") -> Path:
    d = tmp_path / "schemas"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line]


def js_str(value) -> str:
    return json.dumps(value)


def refuse_in_staging(store_opts: dict, event: str, column: str, message: str) -> None:
    """A trigger on the staging table of dem:sampleTableStg that refuses an INSERT or UPDATE
    (`event`) setting `column` to 'boom' with `message`: a refusal the validator cannot know."""
    from sqlalchemy import text

    from runtime.options import RunOptions
    from runtime.xtk.store import get_engine, store_url

    engine = get_engine(store_url(RunOptions(**store_opts), "local"))
    with engine.begin() as c:
        if engine.dialect.name == "sqlite":
            c.execute(text(f"CREATE TRIGGER boom BEFORE {event} ON DemSampleTableStg WHEN NEW.{column} = 'boom' "
                           f"BEGIN SELECT RAISE(ABORT, '{message}'); END"))
        else:
            c.execute(text(f"CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.{column} = 'boom' THEN "
                           f"RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"))
            c.execute(text(f"CREATE TRIGGER boom BEFORE {event} ON DemSampleTableStg FOR EACH ROW EXECUTE FUNCTION boom()"))
