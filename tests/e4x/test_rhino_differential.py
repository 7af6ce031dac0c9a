"""Differential E4X conformance: each case's E4X source, transpiled live and run by xtkjs, prints
what Rhino (the reference engine) prints today. Runs wherever `rhino` is installed (CI installs
it); elsewhere the frozen copies in test_object_model.py cover the same cases."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from object_model_cases import CASES  # noqa: E402
from runtime.e4x import transpile  # noqa: E402
from runtime.sandbox import Sandbox  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("rhino") is None,
                                reason="Rhino is not installed (apt-get install rhino)")


@pytest.fixture(scope="module")
def sb():
    with Sandbox() as s:
        yield s


def rhino(path) -> str:
    p = subprocess.run(["rhino", str(path)], capture_output=True, text=True, timeout=120)
    return (p.stdout + p.stderr).rstrip("\n")


@pytest.mark.parametrize("case", CASES, ids=[f"{c['section']}-{c['name']}" for c in CASES])
def test_xtkjs_prints_what_rhino_prints(sb, case, tmp_path):
    script = tmp_path / f"{case['name']}.js"
    script.write_text(case["e4x"], encoding="utf-8")
    assert rhino(script) == case["rhino"], "Rhino's own output changed: re-freeze the cases"
    sb.eval_value("var __out = []; var print = function () { __out.push(Array.prototype.map.call("
                  "arguments, String).join(' ')); }; XML.setSettings();")
    sb.eval_value(transpile(case["e4x"], script.name))
    assert sb.eval_value("__out.join('\\n')") == case["expected"]
