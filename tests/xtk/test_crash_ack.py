"""What a run acknowledges survives a SIGKILL (docs/staging.md, "What a run acknowledges").

A script writes in an endless loop and logs the last row written every 100 rows; the test kills
the process (SIGKILL) once a number of such lines have been read, then checks that every row up
to the last logged one is in the store. No timing is involved: the kill follows the output.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from xtk_helpers import dump

LOOPS = {
    "Ingest": "xtk.session.Ingest('<sampleTableStg testcol1=\"r' + i + '\" xtkschema=\"dem:sampleTableStg\"/>');",
    "IngestExt": "xtk.session.IngestExt('<sampleTableStg _key=\"@id\" id=\"K' + i + '\" testcol1=\"r' + i + '\" "
                 "xtkschema=\"dem:sampleTableStg\"/>');",
    "Write": "xtk.session.Write('<sampleTable id=\"K' + i + '\" testcol1=\"r' + i + '\" xtkschema=\"dem:sampleTable\"/>');",
}
ACKS_BEFORE_KILL = 5


@pytest.mark.parametrize("api", sorted(LOOPS))
def test_sigkill_loses_nothing_the_run_acknowledged(tmp_path, store_opts, api):
    _kill_and_check(tmp_path, store_opts, api, 100)


def test_sigkill_loses_nothing_acknowledged_after_batches_applied_in_the_background(tmp_path, store_opts):
    """Acknowledgements 20,000 rows apart: full buffers (8192 rows) go to the writer thread
    between them, and each logged line waits for it and commits."""
    _kill_and_check(tmp_path, store_opts, "Ingest", 20_000, acks=3)


def _kill_and_check(tmp_path, store_opts, api: str, every: int, acks: int = ACKS_BEFORE_KILL) -> None:
    script = tmp_path / "loop.js"
    script.write_text(f"for (var i = 0; ; i++) {{\n  {LOOPS[api]}\n  if (i % {every} === {every - 1}) logInfo('ack ' + i);\n}}\n",
                      encoding="utf-8")
    args = [sys.executable, "-m", "runtime", "run", str(script), "--timeout", "0", "--home", str(store_opts["home"])]
    if "db" in store_opts:
        args += ["--db", store_opts["db"], "--cloud-db", store_opts["cloud_db"]]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    acked = -1
    try:
        for _ in range(acks):
            line = proc.stdout.readline()
            assert line.startswith("ack "), (line, proc.stderr.read() if proc.poll() is not None else "")
            acked = int(line.split()[1])
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    schema = "dem:sampleTable" if api == "Write" else "dem:sampleTableStg"
    stored = {r["testcol1"] for r in dump(store_opts, schema)}
    missing = [i for i in range(acked + 1) if f"r{i}" not in stored]
    assert acked >= every * acks - 1 and missing == []
