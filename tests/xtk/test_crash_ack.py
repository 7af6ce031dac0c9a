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
    script = tmp_path / "loop.js"
    script.write_text(f"for (var i = 0; ; i++) {{\n  {LOOPS[api]}\n  if (i % 100 === 99) logInfo('ack ' + i);\n}}\n",
                      encoding="utf-8")
    args = [sys.executable, "-m", "runtime", "run", str(script), "--timeout", "0", "--home", str(store_opts["home"])]
    if "db" in store_opts:
        args += ["--db", store_opts["db"], "--cloud-db", store_opts["cloud_db"]]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    acked = -1
    try:
        for _ in range(ACKS_BEFORE_KILL):
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
    assert acked >= 100 * ACKS_BEFORE_KILL - 1 and missing == []
