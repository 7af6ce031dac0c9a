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
@pytest.mark.parametrize("layout", ["two databases (claim)", "one database (pick)"])
def test_two_concurrent_workers_on_postgresql_apply_each_row_once(run_js, pg_url, tmp_path, layout):
    local = pg_url()
    fields = {"home": tmp_path / ".xtkjs", "db": local,
              "cloud_db": pg_url() if layout.startswith("two") else local}
    ingest(run_js, fields, "for (var i = 0; i < 3000; i++) xtk.session.Ingest("
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
            batch = 0
            while True:
                batch += 1
                batch_id = n * 1_000_000 + batch
                if s.stores.local is s.stores.cloud:
                    picked = apply.pick(conn, table, 100)
                    if not picked:
                        s.stores.local.commit()
                        break
                    where, ops = apply.picked_rows(conn, table, picked), {(o, k) for _, o, k in picked}
                else:
                    got = apply.claim(conn, table, batch_id, 100)
                    s.stores.local.commit()
                    if not got:
                        break
                    where = apply.claimed_rows(table, batch_id)
                    ops = apply.batch_ops(conn, table, where)
                applied.append(apply.apply_batch(s.stores.local, s.stores.cloud, stg, base, where, ops).rows)

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sum(applied) == 3000
    rows = cloud(fields)
    assert len(rows) == 3000 and len({r["uuid"] for r in rows}) == 3000
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
