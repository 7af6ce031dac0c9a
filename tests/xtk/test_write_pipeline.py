"""Full buffers applied in the background while the script goes on (docs/staging.md, "When a
batch is applied"), on SQLite and PostgreSQL: a batch the store refuses fails the run at the next
batch sent or the next acknowledgement point, with its message; reads and key checks see every
earlier batch; --atomic rolls back everything; the Python side refuses to apply a batch while
another is in flight."""
from __future__ import annotations

import pytest

from xtk_helpers import dump, lines, refuse_in_staging

S = 'xtkschema="dem:sampleTableStg"'
BATCH = 8192   # rows per batch (stdlib_js/40_xtk.js MAX_ROWS)
FIRST = 1024   # rows of the first batch of a run (then 2048, 4096, then BATCH)


def _refuse_boom_inserts(store_opts: dict) -> None:
    """A trigger that refuses staging rows whose testcol1 is 'boom' (the validator cannot know)."""
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession

    with XtkSession(RunOptions(**store_opts)) as s:   # (the staging table, as a run creates it)
        s.stores.local.table(s.registry.get("dem:sampleTableStg"))
    refuse_in_staging(store_opts, "INSERT", "sTestcol1", "boom is refused")


def _ingest_loop(rows: int, boom_at: int) -> str:
    """Ingest `rows` rows r0, r1, ... (row `boom_at` is 'boom'); a failure is logged with the
    index of the call that got it, then thrown again."""
    return f"""for (var i = 0; i < {rows}; i++) {{
          try {{ xtk.session.Ingest('<sampleTableStg testcol1="' + (i === {boom_at} ? 'boom' : 'r' + i) + '" {S}/>'); }}
          catch (e) {{ logInfo('call ' + i + ': ' + e.message); throw e; }}
        }}"""


REFUSED = "Ingest: dem:sampleTableStg: "   # (then the store's words: "rejected by the local store: boom is refused")


def test_a_refused_batch_fails_the_run_at_the_next_batch_sent(run_js, store_opts):
    _refuse_boom_inserts(store_opts)
    r = run_js(_ingest_loop(3 * BATCH, 100) + '\nlogInfo("not reached");', **store_opts)
    assert r.code == 1
    (out,) = lines(r.out)
    # The first batch went in the background at call 1023; the call that sends the next one (2048
    # rows) gets its error (and that batch is not written), whatever the timing: the send waits
    # for the writer.
    assert out.startswith(f"call {FIRST + 2 * FIRST - 1}: {REFUSED}") and "boom is refused" in out, out
    assert out.endswith(f"(in a batch of {FIRST} rows sent before this call: the rows before the refused one are "
                        f"stored, the rest of that batch and the {2 * FIRST} rows sent after it are not)"), out
    assert r.err.startswith("script.js:2:") and "boom is refused" in r.err, r.err   # (the Ingest call's line)
    stored = {x["testcol1"] for x in dump(store_opts, "dem:sampleTableStg")}
    assert stored == {f"r{i}" for i in range(100)}


def test_a_refused_batch_fails_the_run_at_the_next_logged_line(run_js, store_opts):
    _refuse_boom_inserts(store_opts)
    r = run_js(f"""for (var i = 0; i < {FIRST + 500}; i++)
          xtk.session.Ingest('<sampleTableStg testcol1="' + (i === 7 ? 'boom' : 'r' + i) + '" {S}/>');
        logInfo("not reached");""", **store_opts)
    assert r.code == 1 and r.out == ""
    assert r.err.startswith(f"script.js:3:9: Error: {REFUSED}") and "boom is refused" in r.err, r.err
    assert ("the rest of that batch and the 500 rows sent after it are not)") in r.err
    assert {x["testcol1"] for x in dump(store_opts, "dem:sampleTableStg")} == {f"r{i}" for i in range(7)}


def test_a_refused_batch_fails_the_run_at_its_end(run_js, store_opts):
    _refuse_boom_inserts(store_opts)
    r = run_js(f"""for (var i = 0; i < {FIRST}; i++)
          xtk.session.Ingest('<sampleTableStg testcol1="' + (i === 7 ? 'boom' : 'r' + i) + '" {S}/>');""",
               **store_opts)
    assert r.code == 1 and "boom is refused" in r.err and REFUSED in r.err, r.err
    assert {x["testcol1"] for x in dump(store_opts, "dem:sampleTableStg")} == {f"r{i}" for i in range(7)}


def test_a_caught_refusal_lets_the_script_go_on(run_js, store_opts):
    _refuse_boom_inserts(store_opts)
    r = run_js(f"""for (var i = 0; i < {FIRST}; i++)
          xtk.session.Ingest('<sampleTableStg testcol1="' + (i === 7 ? 'boom' : 'r' + i) + '" {S}/>');
        try {{ logInfo("not written"); }} catch (e) {{ logInfo("caught"); }}
        xtk.session.Ingest('<sampleTableStg testcol1="again" {S}/>');
        logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTableStg"));""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["caught", "8"]


def test_reads_and_key_checks_see_the_batches_sent_in_the_background(run_js, store_opts):
    n = 2 * BATCH + 100
    r = run_js(f"""for (var i = 0; i < {n}; i++)
          xtk.session.Ingest('<sampleTableStg _key="@id" id="K' + i + '" testcol1="r' + i + '" {S}/>');
        xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="update" id="K5" testcol2="u" {S}/>');
        try {{ xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="insert" id="K6" {S}/>'); }}
        catch (e) {{ logInfo(e.message); }}
        logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTableStg"));
        logInfo(xtk.session.lookup("dem:sampleTableStg", "K5").@testcol2);""", **store_opts)
    assert r.code == 0, r.err
    assert lines(r.out) == ["IngestExt: dem:sampleTableStg: a record with id='K6' already exists (_operation=\"insert\")",
                            str(n), "u"]


def test_atomic_run_rolls_back_the_batches_sent_in_the_background(run_js, store_opts):
    r = run_js(f"""for (var i = 0; i < {2 * BATCH + 10}; i++)
          xtk.session.Ingest('<sampleTableStg testcol1="r' + i + '" {S}/>');
        logInfo(sqlGetInt("SELECT count(*) FROM DemSampleTableStg"));
        for (var i = 0; i < {BATCH + 10}; i++) xtk.session.Ingest('<sampleTableStg testcol1="s' + i + '" {S}/>');
        throw new Error("stop");""", atomic=True, **store_opts)
    assert r.code == 1 and "stop" in r.err
    assert lines(r.out) == [str(2 * BATCH + 10)]
    assert dump(store_opts, "dem:sampleTableStg") == []


def test_atomic_run_rolls_back_when_a_background_batch_is_refused(run_js, store_opts):
    _refuse_boom_inserts(store_opts)
    r = run_js(f"""for (var i = 0; i < {2 * BATCH}; i++)
          xtk.session.Ingest('<sampleTableStg testcol1="' + (i === {BATCH + 3} ? 'boom' : 'r' + i) + '" {S}/>');""",
               atomic=True, **store_opts)
    assert r.code == 1 and "boom is refused" in r.err
    assert dump(store_opts, "dem:sampleTableStg") == []


def test_the_writer_applies_batches_in_order_and_keeps_one_in_flight(tmp_path):
    """Python side: batches queued in the background are applied in the order sent; a refused
    one drops what was queued after it and its error comes from the next submit or settle."""
    from runtime.errors import HostError
    from runtime.options import RunOptions
    from runtime.xtk.ingest import XtkSession

    fields = ["id", "testcol1", "testcol2"]

    def batch(*values):
        flat = []
        for v in values:
            flat += ["insert", None, "id", v, v, None]
        return ["dem:sampleTableStg", "staging", fields, flat, len(values)]

    with XtkSession(RunOptions(home=tmp_path)) as s:
        w = s.batches
        for i in range(5):
            w.submit(*batch(f"a{i}", f"b{i}"))
        w.submit(*batch("x" * 40))   # too long for id: refused by the host's check
        with pytest.raises(HostError) as info:
            w.submit(*batch("late"))
        assert str(info.value).startswith("dem:sampleTableStg: attribute 'id' is too long: 40 characters")
        assert str(info.value).endswith("the rest of that batch and the 1 rows sent after it are not)")
        w.submit(*batch("next"))
        s.settle()
        t = s.stores.local.table(s.registry.get("dem:sampleTableStg"))
        from sqlalchemy import select

        ids = [r[0] for r in s.stores.local.conn.execute(select(t.c.sId).order_by(t.c.iStgSeq))]
    assert ids == [v for i in range(5) for v in (f"a{i}", f"b{i}")] + ["next"]
