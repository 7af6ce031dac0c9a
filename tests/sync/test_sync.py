"""`xtkjs sync`: staged operations reach the cloud tables once, in order, with request status."""
import os
import subprocess
import sys
import threading

import pytest

from runtime.options import RunOptions
from runtime.sync import ABORTED, FAILED, IN_PROGRESS, SUCCESS, apply, get_request, list_requests, start_sync
from runtime.xtk.dbtools import dump_records

SCRIPT = """
var uuid = xtk.session.Ingest('<sampleTableStg testcol1="no key" xtkschema="dem:sampleTableStg"/>');
xtk.session.Ingest('<sampleTableStg _key="@id" id="K1" testcol1="v1" testcol2="a" xtkschema="dem:sampleTableStg"/>');
xtk.session.Ingest('<sampleTableStg _key="@id" id="K2" testcol1="v2" xtkschema="dem:sampleTableStg"/>');
xtk.session.Ingest('<sampleTableStg _key="@id" id="K3" testcol1="v3" xtkschema="dem:sampleTableStg"/>');
xtk.session.IngestExt('<sampleTableStg _key="@id" id="K1" testcol1="v1 (updated)" xtkschema="dem:sampleTableStg"/>');
xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="K3" xtkschema="dem:sampleTableStg"/>');
logInfo(uuid);
"""

EXPECTED = [
    {"id": "K1", "testcol1": "v1 (updated)", "testcol2": "a"},
    {"id": "K2", "testcol1": "v2"},
]


def cloud(fields):
    return dump_records(RunOptions(**fields), "dem:sampleTable", "cloud")


def staged(fields):
    return dump_records(RunOptions(**fields), "dem:sampleTableStg", "local")


def ingest(run_js, fields, script=SCRIPT):
    r = run_js(script, **fields)
    assert r.code == 0, r.err
    return r.out.strip()


def without_uuid(records):
    return sorted(({k: v for k, v in r.items() if k != "uuid"} for r in records if r.get("id")),
                  key=lambda r: r["id"])


def test_ingest_sync_then_the_cloud_table_holds_exactly_the_expected_rows(run_js, store_opts):
    uuid = ingest(run_js, store_opts)
    [req] = start_sync(RunOptions(**store_opts))
    assert (req.status, req.num_records, req.mapping) == (SUCCESS, 4, "dem:sampleTableStg")
    rows = cloud(store_opts)
    assert without_uuid(rows) == EXPECTED
    keyless = [r for r in rows if not r.get("id")]
    assert keyless == [{"testcol1": "no key", "uuid": uuid}]
    assert staged(store_opts) == []


def test_a_second_sync_changes_nothing(run_js, store_opts):
    ingest(run_js, store_opts)
    start_sync(RunOptions(**store_opts))
    before = cloud(store_opts)
    [again] = start_sync(RunOptions(**store_opts))
    assert (again.status, again.num_records) == (SUCCESS, 0)
    assert cloud(store_opts) == before


def test_later_updates_and_deletes_apply_in_arrival_order(run_js, store_opts):
    ingest(run_js, store_opts)
    start_sync(RunOptions(**store_opts))
    ingest(run_js, store_opts, """
xtk.session.IngestExt('<sampleTableStg _key="@id" id="K2" testcol2="b" xtkschema="dem:sampleTableStg"/>');
xtk.session.IngestExt('<sampleTableStg _key="@id" _operation="delete" id="K1" xtkschema="dem:sampleTableStg"/>');
xtk.session.Ingest('<sampleTableStg _key="@id" id="K1" testcol1="back" xtkschema="dem:sampleTableStg"/>');
""")
    start_sync(RunOptions(**store_opts))
    assert without_uuid(cloud(store_opts)) == [{"id": "K1", "testcol1": "back"},
                                                {"id": "K2", "testcol1": "v2", "testcol2": "b"}]


def test_several_staged_rows_for_one_key_are_folded_and_reported(run_js, store_opts):
    ingest(run_js, store_opts, "for (var i = 0; i < 3; i++) xtk.session.Ingest("
           "'<sampleTableStg _key=\"@id\" id=\"DUP\" testcol1=\"' + i + '\" xtkschema=\"dem:sampleTableStg\"/>');")
    [req] = start_sync(RunOptions(**store_opts))
    assert without_uuid(cloud(store_opts)) == [{"id": "DUP", "testcol1": "2"}]
    assert "2 staged row(s) folded into earlier ones with the same key" in req.info


def test_fault_between_applying_and_clearing_then_rerun_loses_and_duplicates_nothing(run_js, store_opts, monkeypatch):
    uuid = ingest(run_js, store_opts)

    def crash():
        raise RuntimeError("injected crash after the cloud commit")

    monkeypatch.setattr(apply, "after_cloud_commit", crash)
    with pytest.raises(RuntimeError):
        start_sync(RunOptions(**store_opts))
    failed = list_requests(RunOptions(**store_opts))[0]
    assert failed.status == FAILED and "injected crash" in failed.info and failed.batch_id
    assert len(staged(store_opts)) > 0  # applied to the cloud but not yet cleared
    monkeypatch.setattr(apply, "after_cloud_commit", None)
    # The claimed rows of the failed run go back to pending only when its request is dead;
    # a Failed request is finished, so they are released by the next start.
    [req] = start_sync(RunOptions(**store_opts))
    assert req.status == SUCCESS
    rows = cloud(store_opts)
    assert without_uuid(rows) == EXPECTED
    assert [r["uuid"] for r in rows if not r.get("id")] == [uuid]
    assert staged(store_opts) == []


def test_same_database_sync_moves_keyless_rows_set_based_in_one_transaction(run_js, tmp_path):
    url = f"sqlite:///{tmp_path / 'one.db'}"
    fields = {"home": tmp_path / ".xtkjs", "db": url, "cloud_db": url}
    ingest(run_js, fields, "for (var i = 0; i < 250; i++) xtk.session.Ingest("
           "'<sampleTableStg testcol1=\"r' + i + '\" xtkschema=\"dem:sampleTableStg\"/>');")
    [req] = start_sync(RunOptions(**fields), batch_size=100)
    assert (req.status, req.num_records) == (SUCCESS, 250)
    assert len(cloud(fields)) == 250 and staged(fields) == []


def test_status_is_in_progress_while_running_then_success(run_js, store_opts):
    ingest(run_js, store_opts)
    seen = []

    def progress_factory(mapping):
        def progress(done, total):
            seen.append(list_requests(RunOptions(**store_opts))[0].status)
        return progress

    [req] = start_sync(RunOptions(**store_opts), batch_size=2, progress_factory=progress_factory)
    assert seen and set(seen) == {IN_PROGRESS}
    assert get_request(RunOptions(**store_opts), req.request_id).status == SUCCESS


def _stale_request(fields, pid):
    """A request left In Progress by process `pid`, with every pending row claimed by it."""
    from sqlalchemy import update

    from runtime.sync import requests
    from runtime.xtk.ingest import XtkSession
    from runtime.xtk.store import STG_BATCH

    with XtkSession(RunOptions(**fields)) as s:
        conn = s.stores.local.conn
        req, _ = requests.start(conn, "dem:sampleTableStg")
        t = requests.requests_table(conn)
        conn.execute(update(t).where(t.c.iRequestId == req.request_id).values(iPid=pid))
        stg = s.stores.local.table(s.registry.get("dem:sampleTableStg"))
        conn.execute(update(stg).values({STG_BATCH: req.request_id * 1_000_000 + 1}))
        s.stores.local.commit()
        return req.request_id


def test_a_killed_run_shows_as_aborted_at_the_next_run_which_recovers_its_rows(run_js, store_opts):
    ingest(run_js, store_opts)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    old = _stale_request(store_opts, int(dead.stdout))
    [req] = start_sync(RunOptions(**store_opts))
    assert req.status == SUCCESS and req.num_records == 4
    aborted = get_request(RunOptions(**store_opts), old)
    assert aborted.status == ABORTED
    assert aborted.info == ("Mapping Id: dem:sampleTableStg. Ingestion request aborted due to some issue with "
                            "data ingestion service. Please submit a new request")
    assert without_uuid(cloud(store_opts)) == EXPECTED


def test_a_second_run_while_one_is_running_answers_already_in_progress(run_js, store_opts):
    ingest(run_js, store_opts)
    running = _stale_request(store_opts, os.getpid())  # a live process: this one
    [answer] = start_sync(RunOptions(**store_opts))
    assert answer.already_in_progress and answer.request_id == running and answer.status == IN_PROGRESS
    assert answer.info == "Ingestion request already in progress for the Mapping ID: dem:sampleTableStg"
    assert cloud(store_opts) == []


@pytest.mark.postgres
@pytest.mark.parametrize("rows", ["key-less", "mixed"])
@pytest.mark.parametrize("layout", ["two databases (claim)", "one database (move_batch)"])
def test_two_concurrent_workers_on_postgresql_apply_each_row_once(run_js, pg_url, tmp_path, layout, rows):
    local = pg_url()
    fields = {"home": tmp_path / ".xtkjs", "db": local,
              "cloud_db": pg_url() if layout.startswith("two") else local}
    keyed = "i % 3 == 0" if rows == "mixed" else "false"  # mixed: every third row keyed (distinct keys)
    ingest(run_js, fields, "for (var i = 0; i < 3000; i++) xtk.session.Ingest(" + keyed + " ? "
           "'<sampleTableStg _key=\"@id\" id=\"K' + i + '\" testcol1=\"r' + i + '\" xtkschema=\"dem:sampleTableStg\"/>' : "
           "'<sampleTableStg testcol1=\"r' + i + '\" xtkschema=\"dem:sampleTableStg\"/>');")
    from runtime.xtk.ingest import XtkSession

    applied = []
    barrier = threading.Barrier(2)

    def worker(n):
        with XtkSession(RunOptions(**fields)) as s:
            stg = s.registry.get("dem:sampleTableStg")
            base = s.registry.get("dem:sampleTable")
            table = s.stores.local.table(stg)
            s.stores.cloud.table(base)
            s.stores.cloud.commit()
            s.stores.local.commit()
            conn = s.stores.local.conn
            barrier.wait()
            batch, after = 0, None
            while True:
                batch += 1
                batch_id = n * 1_000_000 + batch
                if s.stores.local is s.stores.cloud:  # what sync_mapping does
                    result = apply.move_batch(s.stores.local, stg, base, 100, after)
                    if result is None:
                        s.stores.local.commit()
                        if after is None:
                            break
                        after = None
                        continue
                    after = result.last_seq
                else:
                    got = apply.claim(conn, table, batch_id, 100)
                    s.stores.local.commit()
                    if not got:
                        break
                    result = apply.apply_batch(s.stores.local, s.stores.cloud, stg, base,
                                               apply.claimed_rows(table, batch_id))
                applied.append(result.rows)

    errors = []

    def guarded(n):
        try:
            worker(n)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=guarded, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not any(t.is_alive() for t in threads), "a sync worker did not finish"
    if errors:
        raise errors[0]
    assert sum(applied) == 3000
    got = cloud(fields)
    assert len(got) == 3000 and sorted(r["testcol1"] for r in got) == sorted(f"r{i}" for i in range(3000))
    free = [r for r in got if not r.get("id")]
    assert len({r["uuid"] for r in free}) == len(free) == (2000 if rows == "mixed" else 3000)
    assert staged(fields) == []


def test_cli_sync_and_status(xtkjs, write):
    write("a.js", SCRIPT)
    assert xtkjs("run", "a.js").returncode == 0
    r = xtkjs("sync")
    assert (r.returncode, r.stdout) == (0, "dem:sampleTableStg: Success, 4 record(s), requestId 1\n")
    status = xtkjs("sync", "--status", "1", "--format", "json")
    import json

    got = json.loads(status.stdout)
    assert {k: got[k] for k in ("batchId", "numRecords", "requestId", "status")} == {
        "batchId": "", "numRecords": 4, "requestId": 1, "status": "Success"}
    assert got["info"].startswith("Mapping Id: dem:sampleTableStg.")
    missing = xtkjs("sync", "--status", "99")
    assert (missing.returncode, missing.stderr) == (2, "xtkjs: error: no ingestion request 99\n")
    bad = xtkjs("sync", "--status", "abc")
    assert bad.stderr == "xtkjs: error: --status 'abc': a request id is a number\n"


# --- one database for local and cloud (move_batch): both dialects ------------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def one_db(request, tmp_path):
    """RunOptions fields with local and cloud in one database, on each backend."""
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")()
    else:
        url = f"sqlite:///{tmp_path / 'one.db'}"
    yield {"home": tmp_path / ".xtkjs", "db": url, "cloud_db": url}
    from runtime.xtk.store import dispose_engines

    dispose_engines([url])


def row(attrs: str, key: str = "", op: str = "") -> str:
    call = "IngestExt" if op else "Ingest"
    extra = (f' _key="@id"' if key else "") + (f' _operation="{op}"' if op == "delete" else "")
    return f"xtk.session.{call}('<sampleTableStg{extra} {attrs} xtkschema=\"dem:sampleTableStg\"/>');\n"


MIXED = (row('testcol1="free 1"') + row('id="K1" testcol1="v1" testcol2="a"', key="id")
         + row('testcol1="free 2"') + row('id="K1" testcol2="b"', key="id", op="update")
         + row('id="K2" testcol1="v2"', key="id") + row('id="K2"', key="id", op="delete")
         + row('testcol1="free 3"') + row('id="K2" testcol1="v2 again"', key="id")
         + row('id="K3" testcol1="v3"', key="id"))
MIXED_EXPECTED = [{"id": "K1", "testcol1": "v1", "testcol2": "b"}, {"id": "K2", "testcol1": "v2 again"},
                  {"id": "K3", "testcol1": "v3"}]


@pytest.mark.parametrize("batch_size", [10_000, 4, 1])
def test_one_database_mixed_batches_of_keyless_and_keyed_rows(run_js, one_db, batch_size):
    ingest(run_js, one_db, MIXED)
    n = len(staged(one_db))  # IngestExt may merge into a pending staged row
    [req] = start_sync(RunOptions(**one_db), batch_size=batch_size)
    assert (req.status, req.num_records) == (SUCCESS, n)
    rows = cloud(one_db)
    assert without_uuid(rows) == MIXED_EXPECTED
    free = [r for r in rows if not r.get("id")]
    assert sorted(r["testcol1"] for r in free) == ["free 1", "free 2", "free 3"]
    assert all(r["uuid"] for r in free) and staged(one_db) == []
    if batch_size == 10_000:  # one batch: K2's delete and re-insert were folded into a replace
        assert "1 staged row(s) folded into earlier ones with the same key" in req.info


def test_one_database_gives_the_same_cloud_table_as_two_databases(run_js, one_db, tmp_path):
    two = {"home": tmp_path / ".two", "db": f"sqlite:///{tmp_path / 'l.db'}", "cloud_db": f"sqlite:///{tmp_path / 'c.db'}"}
    for fields in (one_db, two):
        ingest(run_js, fields, MIXED)
        start_sync(RunOptions(**fields), batch_size=3)
        ingest(run_js, fields, row('id="K1" testcol1="v1 (2)"', key="id") + row('id="K4" testcol2="d"', key="id"))
        start_sync(RunOptions(**fields), batch_size=3)
    strip = lambda rs: sorted((tuple(sorted((k, v) for k, v in r.items() if k != "uuid")) for r in rs))  # noqa: E731
    assert strip(cloud(one_db)) == strip(cloud(two))


def test_one_database_keyed_upserts_of_distinct_keys_are_one_statement(run_js, one_db, monkeypatch):
    ingest(run_js, one_db, row('id="K1" testcol1="v1" testcol2="a"', key="id") + row('id="K2" testcol1="v2"', key="id"))
    start_sync(RunOptions(**one_db))

    def not_row_by_row(*args, **kwargs):
        raise AssertionError("the batch should have been applied set-based")

    monkeypatch.setattr(apply, "_apply_folded", not_row_by_row)
    ingest(run_js, one_db, row('testcol1="free"') + row('id="K1" testcol1="v1 (2)"', key="id")
           + row('id="K3" testcol2="c"', key="id"))
    [req] = start_sync(RunOptions(**one_db))
    assert (req.status, req.num_records) == (SUCCESS, 3)
    # absent attributes keep the cloud's value (COALESCE), as the row-by-row upsert does
    assert without_uuid(cloud(one_db)) == [{"id": "K1", "testcol1": "v1 (2)", "testcol2": "a"},
                                            {"id": "K2", "testcol1": "v2"}, {"id": "K3", "testcol2": "c"}]
    assert staged(one_db) == []


def test_one_database_duplicate_keys_in_a_batch_are_folded_not_set_based(run_js, one_db):
    ingest(run_js, one_db, row('id="K1" testcol1="1" testcol2="x"', key="id") + row('id="K1" testcol1="2"', key="id")
           + row('id="K2" testcol1="3"', key="id"))
    [req] = start_sync(RunOptions(**one_db))
    assert without_uuid(cloud(one_db)) == [{"id": "K1", "testcol1": "2", "testcol2": "x"}, {"id": "K2", "testcol1": "3"}]
    assert "1 staged row(s) folded into earlier ones with the same key" in req.info


def test_one_database_a_failing_batch_applies_and_removes_nothing(run_js, one_db, monkeypatch):
    from runtime.sync import requests

    ingest(run_js, one_db, MIXED)
    n = len(staged(one_db))

    def crash(conn, req):
        raise RuntimeError("injected crash before the batch commits")

    monkeypatch.setattr(requests, "heartbeat", crash)
    with pytest.raises(RuntimeError):
        start_sync(RunOptions(**one_db))
    failed = list_requests(RunOptions(**one_db))[0]
    assert (failed.status, failed.num_records) == (FAILED, 0) and "injected crash" in failed.info
    assert cloud(one_db) == [] and len(staged(one_db)) == n
    monkeypatch.undo()
    [req] = start_sync(RunOptions(**one_db))
    assert (req.status, req.num_records) == (SUCCESS, n)
    assert without_uuid(cloud(one_db)) == MIXED_EXPECTED


def test_one_database_rows_staged_during_the_run_are_taken_too(run_js, one_db):
    ingest(run_js, one_db, "for (var i = 0; i < 10; i++) xtk.session.Ingest("
           "'<sampleTableStg testcol1=\"r' + i + '\" xtkschema=\"dem:sampleTableStg\"/>');")
    calls = []

    def progress_factory(mapping):
        def progress(done, total):
            if not calls:  # between batches: stage more (key-less and keyed)
                ingest(run_js, one_db, row('testcol1="late"') + row('id="L1" testcol1="late"', key="id"))
            calls.append(done)
        return progress

    [req] = start_sync(RunOptions(**one_db), batch_size=4, progress_factory=progress_factory)
    assert (req.status, req.num_records) == (SUCCESS, 12)
    assert len(cloud(one_db)) == 12 and staged(one_db) == []


def test_sqlite_connection_settings_are_restored_after_a_sync(run_js, tmp_path):
    from runtime.xtk.store import get_engine

    url = f"sqlite:///{tmp_path / 'one.db'}"
    fields = {"home": tmp_path / ".xtkjs", "db": url, "cloud_db": url}
    ingest(run_js, fields, row('testcol1="x"'))
    engine = get_engine(url)

    def settings():
        with engine.connect() as c:
            return [c.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("wal_autocheckpoint", "cache_size")]

    before = settings()
    start_sync(RunOptions(**fields))
    assert settings() == before


@pytest.mark.postgres
def test_postgresql_staging_statistics_are_gathered_once(run_js, pg_url, tmp_path):
    url = pg_url()
    fields = {"home": tmp_path / ".xtkjs", "db": url, "cloud_db": url}
    ingest(run_js, fields, row('testcol1="x"'))
    from runtime.xtk.ingest import XtkSession

    with XtkSession(RunOptions(**fields)) as s:
        table = s.stores.local.table(s.registry.get("dem:sampleTableStg"))
        conn = s.stores.local.conn
        assert apply.ensure_planner_stats(conn, table) is True
        s.stores.local.commit()
        assert apply.ensure_planner_stats(conn, table) is False


def test_one_database_a_uuid_already_in_the_cloud_table_fails_the_batch(run_js, one_db):
    from sqlalchemy import insert

    from runtime.xtk.ingest import XtkSession

    uuid = ingest(run_js, one_db, SCRIPT)
    n = len(staged(one_db))
    with XtkSession(RunOptions(**one_db)) as s:
        target = s.stores.cloud.table(s.registry.get("dem:sampleTable"))
        s.stores.cloud.conn.execute(insert(target).values(sTestcol1="written elsewhere", sUuid=uuid))
        s.stores.cloud.commit()
    with pytest.raises(Exception):
        start_sync(RunOptions(**one_db))
    failed = list_requests(RunOptions(**one_db))[0]
    assert (failed.status, failed.num_records) == (FAILED, 0)
    assert cloud(one_db) == [{"testcol1": "written elsewhere", "uuid": uuid}]
    assert len(staged(one_db)) == n


def test_on_start_reports_the_committed_request_before_any_batch(run_js, store_opts):
    ingest(run_js, store_opts)
    seen = []

    def on_start(req):
        seen.append((req.request_id, req.status, req.num_records))
        assert get_request(RunOptions(**store_opts), req.request_id).status == IN_PROGRESS

    [req] = start_sync(RunOptions(**store_opts), on_start=on_start)
    assert seen == [(req.request_id, IN_PROGRESS, 0)] and req.status == SUCCESS


@pytest.mark.parametrize("one_database", [False, True])
def test_keyed_rows_reaching_an_autouuid_table_get_a_uuid(run_js, store_opts, one_database):
    fields = dict(store_opts)
    if one_database:
        fields["cloud_db"] = fields.get("db") or f"sqlite:///{fields['home'] / 'local.db'}"
        fields["db"] = fields["cloud_db"]
    ingest(run_js, fields)
    start_sync(RunOptions(**fields))
    rows = cloud(fields)
    uuids = [r.get("uuid") for r in rows]
    assert len(rows) == 3 and all(u and UUID4.match(u) for u in uuids) and len(set(uuids)) == 3
    # An update of an existing key keeps the UUID its row got.
    ingest(run_js, fields, "xtk.session.IngestExt('<sampleTableStg id=\"K2\" testcol1=\"v2 again\" "
                           "xtkschema=\"dem:sampleTableStg\"/>');")
    start_sync(RunOptions(**fields))
    after = {r.get("id"): r["uuid"] for r in cloud(fields)}
    assert after == {r.get("id"): r["uuid"] for r in rows}


def test_deterministic_runs_give_keyed_rows_seeded_uuids(run_js, store_opts, tmp_path, request):
    def once(home):
        fields = {**store_opts, "home": home, "uuid_seed": 7}
        if "db" in store_opts:   # PostgreSQL: fresh stores for each run
            make = request.getfixturevalue("pg_url")
            fields.update(db=make(), cloud_db=make())
        ingest(run_js, fields)
        start_sync(RunOptions(**fields))
        return sorted((r.get("id", ""), r["uuid"]) for r in cloud(fields))

    first, second = once(tmp_path / "a"), once(tmp_path / "b")
    assert first == second and len({u for _, u in first}) == 3


UUID4 = __import__("re").compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
