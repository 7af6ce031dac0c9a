"""One sandbox per test module for the object-model tests, and the prelude each case runs after:
print() collects lines; the E4X settings and the default namespace start fresh."""
import pytest

from runtime.sandbox import Sandbox

PRELUDE = ("var __out = []; var print = function () { __out.push(Array.prototype.map.call("
           "arguments, String).join(' ')); }; XML.setSettings(); __e4x.setDefaultNamespace('');")


@pytest.fixture(scope="module")
def sb():
    with Sandbox() as s:
        yield s
