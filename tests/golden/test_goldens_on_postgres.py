"""The sample scripts' goldens hold on PostgreSQL too (the pytest plugin runs them on SQLite)."""
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.mark.postgres
@pytest.mark.slow
def test_every_sample_script_passes_its_golden_on_postgresql(pg_url):
    base = pg_url().split("?")[0]
    r = subprocess.run([sys.executable, "-m", "runtime", "test", "--db", base, "--jobs", "2", "-q", str(SCRIPTS)],
                       cwd=SCRIPTS.parent, capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stdout + r.stderr
