"""The data-model sample scripts (scripts/*.js with goldens) give the same output on PostgreSQL
as the goldens recorded on SQLite (the pytest run of scripts/ covers SQLite)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ["entity_recipient", "write_read_back", "schema_enumerations", "delete_collection", "fail_entity_load"]


@pytest.mark.postgres
def test_samples_match_their_goldens_on_postgres(pg_url):
    base = pg_url().split("?")[0]
    r = subprocess.run([sys.executable, "-m", "runtime", "test", "--db", base,
                        *[str(ROOT / "scripts" / f"{name}.js") for name in SAMPLES]],
                       cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ})
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{len(SAMPLES)} passed" in r.stdout
