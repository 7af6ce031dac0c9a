"""pytest plugin: golden-output tests of workflow scripts (docs/golden.md).

Registered as the `xtkjs` pytest11 entry point. Under the paths pytest collects (the command
line's, or `testpaths`), every `NAME.js` with a `NAME.golden` beside it becomes one test item that
runs the script in deterministic mode in a fresh store and compares its outputs with the golden
file; a mismatch fails with each differing section's unified diff. Other `.js` files are ignored,
so the Python suite is unaffected.

Options: `--xtkjs-update` rewrites the golden files instead of comparing; `--xtkjs-db URL` runs on
PostgreSQL (a fresh schema per test); `--xtkjs-timeout S`, `--xtkjs-now ISO` as `xtkjs test`.
"""
from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser) -> None:
    group = parser.getgroup("xtkjs", "golden-output tests of workflow scripts (xtkjs)")
    group.addoption("--xtkjs-update", action="store_true", default=False,
                    help="rewrite the .golden files of the collected scripts from their actual output")
    group.addoption("--xtkjs-db", metavar="URL", default=None,
                    help="PostgreSQL URL for the golden tests' stores (a fresh schema per test)")
    group.addoption("--xtkjs-timeout", metavar="S", type=float, default=None,
                    help="wall-clock limit per golden script in seconds (default 30)")
    group.addoption("--xtkjs-now", metavar="ISO", default=None,
                    help="the frozen clock of the golden tests (default 2024-01-01T12:00:00Z)")


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".js" and file_path.with_suffix(".golden").is_file():
        return GoldenFile.from_parent(parent, path=file_path)
    return None


def _settings(config):
    from runtime.golden import format as F
    from runtime.golden.runner import DEFAULT_NOW, DEFAULT_TIMEOUT, Settings

    cached = getattr(config, "_xtkjs_settings", None)
    if cached is None:
        now = config.getoption("xtkjs_now")
        try:
            now = F.parse_now(now, "--xtkjs-now") if now else DEFAULT_NOW
        except Exception as exc:  # noqa: BLE001
            raise pytest.UsageError(str(exc)) from None
        timeout = config.getoption("xtkjs_timeout")
        cached = Settings(timeout=DEFAULT_TIMEOUT if timeout is None else timeout, now=now,
                          db=config.getoption("xtkjs_db"), update=config.getoption("xtkjs_update"))
        config._xtkjs_settings = cached
    return cached


class GoldenFailure(Exception):
    def __init__(self, result) -> None:
        super().__init__(result.message)
        self.result = result


class GoldenFile(pytest.File):
    def collect(self):
        yield GoldenItem.from_parent(self, name=self.path.name)


class GoldenItem(pytest.Item):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_marker(pytest.mark.xtkjs_golden)

    def runtest(self) -> None:
        from runtime.golden.runner import check_script

        result = check_script(self.path, _settings(self.config))
        self.user_properties.append(("xtkjs_status", result.status))
        if not result.ok:
            raise GoldenFailure(result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, GoldenFailure):
            return excinfo.value.result.report().rstrip("\n")
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"golden: {self.path.name}"


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "xtkjs_golden: a golden-output test of a workflow script")
