"""The synchronous host bridge: JS calls Python and gets the answer back before going on."""
import json

import pytest
from py_mini_racer import MiniRacer

from runtime._bridge import UNDEFINED, SyncBridge
from runtime.errors import HostError
from runtime.host import error_for_js


@pytest.fixture(scope="module")
def js():
    mr = MiniRacer()
    calls = []

    def handler(name, args):
        calls.append(name)
        if name == "echo":
            return args[0]
        if name == "fail":
            raise HostError(args[0])
        if name == "type_error":
            raise HostError("wrong type", js_name="TypeError")
        if name == "crash":
            raise KeyError("boom")
        if name == "big":
            return "ab" * (args[0] // 2)
        if name == "nothing":
            return UNDEFINED
        raise HostError(f"unknown {name}")

    bridge = SyncBridge(mr, handler, error_for_js)
    mr.calls = calls
    yield mr
    bridge.close()
    mr.close()


@pytest.mark.parametrize("literal", [
    "null", "true", "false", "0", "-1.5", "1e300", "9007199254740991", '""', '"text"',
    "[]", "[1, [2, [3]]]", "{}", '{"a": {"b": [null, true, "x"]}}',
])
def test_each_json_type_comes_back_synchronously(js, literal):
    # The value is used on the very next statement: no Promise, no await.
    out = js.eval(f"var r = __host.call('echo', [{literal}]); JSON.stringify(r)")
    assert json.loads(out) == json.loads(literal)


def test_none_is_null_and_the_undefined_marker_is_undefined(js):
    assert js.eval("__host.call('echo', [null]) === null")
    assert js.eval("typeof __host.call('nothing', [])") == "undefined"


def test_one_megabyte_each_way(js):
    size = 1 << 20
    assert js.eval(f"__host.call('big', [{size}]).length") == size
    # 3 MB out and back: several chunks each way.
    out = js.eval("var s = 'xyz\u00e9'.repeat(786432); var r = __host.call('echo', [s]); (r === s) + ':' + r.length")
    assert out == "true:3145728"


def test_unicode_round_trip_including_astral_and_lone_surrogates(js):
    text = "é€😀𝄞 中文 \\u0000 \\ud800"
    out = js.eval(f"var s = '{text}'; var r = __host.call('echo', [s]); [r === s, r.length].join()")
    assert out == "true,13"


def test_host_exception_is_a_catchable_js_error_with_the_host_message(js):
    out = js.eval("""
        try { __host.call('fail', ['no such schema: dem:nope']); 'not thrown' }
        catch (e) { [e instanceof Error, e.name, e.message].join('|') }""")
    assert out == "true|Error|no such schema: dem:nope"


def test_host_error_can_choose_the_js_error_type(js):
    assert js.eval("try { __host.call('type_error', []) } catch (e) { e instanceof TypeError && e.message }") == "wrong type"


def test_unexpected_python_exception_keeps_its_type_name(js):
    assert js.eval("try { __host.call('crash', []) } catch (e) { e.message }") == "KeyError: 'boom'"


def test_bridge_keeps_working_after_errors_and_big_payloads(js):
    js.eval("try { __host.call('fail', ['x']) } catch (e) {}")
    assert js.eval("__host.call('echo', ['after'])") == "after"


def test_many_calls_in_a_loop(js):
    assert js.eval("var t = 0; for (var i = 0; i < 5000; i++) t += __host.call('echo', [i]); t") == sum(range(5000))


def test_two_contexts_have_independent_bridges():
    a, b = MiniRacer(), MiniRacer()
    SyncBridge(a, lambda n, args: "from a")
    SyncBridge(b, lambda n, args: "from b")
    assert a.eval("__host.call('x', [])") == "from a"
    assert b.eval("__host.call('x', [])") == "from b"
