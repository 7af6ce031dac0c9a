"""Fails loudly when the mini-racer internals the bridge relies on change.

runtime/_bridge.py uses private parts of mini-racer (docs/architecture.md, "The synchronous host
bridge"). If this test fails after a mini-racer upgrade, the bridge must be revisited before the
pin in pyproject.toml moves.
"""
from importlib.metadata import version

import pytest
from py_mini_racer import MiniRacer

from runtime._bridge import REQUIRED_INTERNALS, SyncBridge

PINNED = "0.14.1"


def test_mini_racer_is_the_pinned_version():
    assert version("mini-racer") == PINNED, (
        f"mini-racer {version('mini-racer')} is installed but the bridge was built and measured "
        f"on {PINNED}: re-check runtime/_bridge.py against its internals, then update the pin")


@pytest.mark.parametrize("name", sorted(REQUIRED_INTERNALS))
def test_each_private_internal_still_exists(name):
    assert REQUIRED_INTERNALS[name](), f"mini-racer internal {name} changed: runtime/_bridge.py needs revisiting"


def test_dll_exposes_the_callback_factory_and_value_free():
    ctx = MiniRacer()._ctx
    assert hasattr(ctx._dll, "mr_make_js_callback")
    assert hasattr(ctx._dll, "mr_free_value")


def test_shared_array_buffer_arrives_as_memoryview_over_the_same_memory():
    mr = MiniRacer()
    mv = mr.eval("var sab = new SharedArrayBuffer(8); new Uint8Array(sab)[0] = 7; sab")
    assert isinstance(mv, memoryview) and mv[0] == 7
    mv[1] = 9
    assert mr.eval("new Uint8Array(sab)[1]") == 9


def test_callback_runs_synchronously_on_the_v8_thread():
    mr = MiniRacer()
    seen = []
    SyncBridge(mr, lambda name, args: seen.append(name) or len(seen))
    # If the hook were asynchronous, JS would see undefined or a Promise here.
    assert mr.eval("__host.call('a', []) + __host.call('b', [])") == 3
    assert seen == ["a", "b"]
