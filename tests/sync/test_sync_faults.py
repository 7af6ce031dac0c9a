"""The sync under bad staged data: rows it cannot apply are set aside, the others still land."""
import pytest

from runtime.options import RunOptions
from runtime.sync import SUCCESS, start_sync
from runtime.xtk.dbtools import dump_records

THREE_KEYED = "".join(
    f"xtk.session.Ingest('<sampleTableStg _key=\"@id\" id=\"K{i}\" testcol1=\"v{i}\" xtkschema=\"dem:sampleTableStg\"/>');\n"
    for i in (1, 2, 3))


@pytest.fixture(params=["two databases", "one database"])
def layouts(request, store_opts):
    fields = dict(store_opts)
    if request.param == "one database":
        fields["db"] = fields["cloud_db"] = fields.get("db") or f"sqlite:///{fields['home']}/one.db"
    return fields


def _corrupt(run_js, fields, sql):
    r = run_js(f'sqlExec("{sql}");', name="corrupt.js", **fields)
    assert r.code == 0, r.err


@pytest.mark.parametrize("sql, reason", [
    ("UPDATE DemSampleTableStg SET sStgKey = 'nosuchfield' WHERE sId = 'K2'",
     "key 'nosuchfield' names no field of dem:sampleTableStg (nosuchfield)"),
    ("UPDATE DemSampleTableStg SET sStgOperation = 'merge' WHERE sId = 'K2'",
     "unknown operation 'merge'"),
    ("UPDATE DemSampleTableStg SET sId = NULL WHERE sId = 'K2'",
     "key field(s) of 'id' without a value"),
])
def test_a_row_the_sync_cannot_apply_is_quarantined_and_the_others_land(run_js, layouts, sql, reason):
    assert run_js(THREE_KEYED, **layouts).code == 0
    _corrupt(run_js, layouts, sql)
    [req] = start_sync(RunOptions(**layouts))
    assert req.status == SUCCESS
    assert f"1 staged row(s) quarantined (iStgBatch = -1): {reason}" in req.info
    cloud = dump_records(RunOptions(**layouts), "dem:sampleTable", "cloud")
    assert sorted(r["id"] for r in cloud) == ["K1", "K3"]
    # nothing is lost: the bad row stays in staging, set aside, and later syncs pass it by
    [kept] = dump_records(RunOptions(**layouts), "dem:sampleTableStg", "local")
    assert kept["testcol1"] == "v2" and kept["_batch"] == -1
    [again] = start_sync(RunOptions(**layouts))
    assert again.status == SUCCESS and again.num_records == 0 and "quarantined" not in again.info


def test_deleting_a_row_synced_by_an_earlier_run_removes_it_from_the_cloud(run_js, layouts):
    assert run_js(THREE_KEYED, **layouts).code == 0
    start_sync(RunOptions(**layouts))
    r = run_js("xtk.session.IngestExt('<sampleTableStg _key=\"@id\" _operation=\"delete\" id=\"K2\" "
               "xtkschema=\"dem:sampleTableStg\"/>');", **layouts)
    assert r.code == 0, r.err
    [req] = start_sync(RunOptions(**layouts))
    assert (req.status, req.num_records) == (SUCCESS, 1)
    cloud = dump_records(RunOptions(**layouts), "dem:sampleTable", "cloud")
    assert sorted(r["id"] for r in cloud) == ["K1", "K3"]
