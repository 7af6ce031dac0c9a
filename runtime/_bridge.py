"""Synchronous JS -> Python calls for mini-racer (docs/architecture.md, "The synchronous host bridge").

mini-racer's public route from JS to Python is async. This module is the one place that uses
its internals to get a synchronous one: JS writes a request into a SharedArrayBuffer and calls
a function made with the DLL's `mr_make_js_callback`; mini-racer runs our hook for that callback
id on the V8 thread while JS waits; the hook reads the request, runs the handler, writes the
response and returns; JS reads the response.

Wire format (all integers little-endian Int32 at the start of the buffer, text as UTF-16):
  header[0] = payload length in UTF-16 code units
  header[1] = status: request 0 = final chunk, 1 = more chunks follow, 2 = send next reply chunk;
              reply 0 = ok, 1 = error, 3 = more reply chunks follow
  payload   = JSON text; an empty ok payload means `undefined` (a handler returning UNDEFINED).
Payloads larger than the buffer travel in chunks, so size is unlimited.

Rules for the hook (it runs while V8 is blocked on this very thread): never call back into the
context, read only the shared memory, and catch every exception.
"""
from __future__ import annotations

import ctypes
import json
import threading
from collections.abc import Callable
from typing import Any

from py_mini_racer import MiniRacer
from py_mini_racer import _context as mr_context

# Internals this module relies on; tests/test_bridge_guard.py checks every one of them.
REQUIRED_INTERNALS = {
    "MiniRacer._ctx": lambda: hasattr(MiniRacer(), "_ctx"),
    "Context._dll": lambda: "_dll" in mr_context.Context.__dataclass_fields__,
    "Context._ctx": lambda: "_ctx" in mr_context.Context.__dataclass_fields__,
    "Context._next_async_callback_id": lambda: "_next_async_callback_id" in mr_context.Context.__dataclass_fields__,
    "Context.handle_callback_from_v8": lambda: callable(getattr(mr_context.Context, "handle_callback_from_v8", None)),
    "Context._wrap_raw_handle": lambda: callable(getattr(mr_context.Context, "_wrap_raw_handle", None)),
    "Context._value_handle_to_python": lambda: callable(getattr(mr_context.Context, "_value_handle_to_python", None)),
}

HEADER_BYTES = 8
DEFAULT_CAPACITY_UNITS = 1 << 19  # 512 Ki UTF-16 code units = 1 MiB of payload per chunk

STATUS_FINAL, STATUS_MORE, STATUS_NEXT = 0, 1, 2
REPLY_OK, REPLY_ERROR, REPLY_MORE = 0, 1, 3

UNDEFINED = object()  # return this from a handler for JS `undefined`; None is JSON null


class RawArgs(str):
    """The JSON text of a call's argument array, handed unparsed to the handler for the call
    names given as `raw_calls`: the function parses it where it uses it (a batch of rows is
    parsed on the thread that applies it, not on the V8 thread the script waits on)."""

Handler = Callable[[str, list], Any]
ErrorMapper = Callable[[BaseException], tuple[str, str]]

# The JS half. `__hostInstall(sab, notify)` is called once; it defines `__host` and removes itself.
JS_SIDE = r"""
(function (global) {
  function install(sab, notify) {
    const HEADER = %(header)d, CAP = %(cap)d;
    const hdr = new Int32Array(sab, 0, 2), u16 = new Uint16Array(sab, HEADER);
    const fromCodes = String.fromCharCode;
    // Captured before any script runs: a script replacing JSON or Function.prototype.apply
    // must not change what crosses the bridge.
    const stringify = JSON.stringify, parse = JSON.parse, apply = Reflect.apply;
    function readPayload() {
      const n = hdr[0];
      if (n === 0) return '';
      if (n <= 4096) return apply(fromCodes, null, u16.subarray(0, n));
      let s = '';
      for (let i = 0; i < n; i += 8192) s += apply(fromCodes, null, u16.subarray(i, Math.min(n, i + 8192)));
      return s;
    }
    function writeChunk(q, start, end, status) {
      for (let i = start, j = 0; i < end; i++, j++) u16[j] = q.charCodeAt(i);
      hdr[0] = end - start; hdr[1] = status;
      notify();
    }
    function call(name, args) {
      const q = stringify([name, args === undefined ? [] : args]);
      let start = 0;
      while (q.length - start > CAP) { writeChunk(q, start, start + CAP, %(more)d); start += CAP; }
      writeChunk(q, start, q.length, %(final)d);
      let status = hdr[1], text = readPayload();
      while (status === %(rmore)d) {
        hdr[0] = 0; hdr[1] = %(next)d; notify();
        status = hdr[1]; text += readPayload();
      }
      if (status === %(rerror)d) {
        const e = parse(text);
        const Ctor = global[e.name] && typeof global[e.name] === 'function' ? global[e.name] : Error;
        const err = new Ctor(e.message);
        err.hostError = true;
        throw err;
      }
      return text === '' ? undefined : parse(text);
    }
    Object.defineProperty(global, '__host', {value: Object.freeze({call: call}), enumerable: false});
  }
  Object.defineProperty(global, '__hostInstall', {value: function (sab, notify) {
    delete global.__hostInstall; install(sab, notify);
  }, configurable: true, enumerable: false});
})(globalThis);
""" % {
    "header": HEADER_BYTES,
    "cap": DEFAULT_CAPACITY_UNITS,
    "more": STATUS_MORE,
    "final": STATUS_FINAL,
    "next": STATUS_NEXT,
    "rmore": REPLY_MORE,
    "rerror": REPLY_ERROR,
}


def _default_error(exc: BaseException) -> tuple[str, str]:
    return type(exc).__name__ if isinstance(exc, (TypeError, RangeError)) else "Error", str(exc)


class RangeError(ValueError):
    """Raise from a handler to make JS see a RangeError."""


class SyncBridge:
    """One mailbox and one synchronous callback in one MiniRacer context.

    `handler(name, args)` is called for each `__host.call(name, args)` made by JS; its return
    value is sent back as JSON. An exception becomes a JS Error carrying `str(exc)` (or what
    `error_mapper` returns: a (JS constructor name, message) pair).
    """

    def __init__(self, mr: MiniRacer, handler: Handler, error_mapper: ErrorMapper | None = None,
                 capacity_units: int = DEFAULT_CAPACITY_UNITS, raw_calls=()) -> None:
        if capacity_units != DEFAULT_CAPACITY_UNITS:
            raise ValueError("the JS side is built for the default capacity")
        self._handler = handler
        # `["name",` as JSON.stringify writes the start of a request for each of `raw_calls`
        self._raw_heads = tuple(json.dumps([n])[:-1] + "," for n in raw_calls)
        self._error_mapper = error_mapper or _default_error
        self._cap = capacity_units
        self._pending_request: list[str] = []
        self._pending_reply = b""
        ctx = mr._ctx
        self._ctx = ctx
        self._dll = ctx._dll
        self._raw_ctx = ctx._ctx

        self._callback_id = next(ctx._next_async_callback_id)
        original = ctx.handle_callback_from_v8
        my_id = self._callback_id
        free, raw_ctx = self._dll.mr_free_value, self._raw_ctx
        on_call = self._on_call

        pinned_threads: set[int] = set()

        def hook(callback_id: int, raw_val_handle) -> None:
            if callback_id != my_id:
                return original(callback_id, raw_val_handle)
            free(raw_ctx, raw_val_handle)  # the (empty) argument array: free it, never read it
            if threading.get_ident() not in pinned_threads:
                _pin_thread_state()
                pinned_threads.add(threading.get_ident())
            on_call()

        # Per-instance override of a frozen dataclass's method: the C callback looks it up on
        # the instance for every call, so this affects only this context.
        object.__setattr__(ctx, "handle_callback_from_v8", hook)
        notify = ctx._value_handle_to_python(
            ctx._wrap_raw_handle(self._dll.mr_make_js_callback(raw_ctx, self._callback_id))
        )
        mr.eval(JS_SIDE)
        make = mr.eval(
            f"(function (notify) {{ var s = new SharedArrayBuffer({HEADER_BYTES + 2 * capacity_units});"
            " __hostInstall(s, notify); return s; })"
        )
        self._mv = make(notify)  # a SharedArrayBuffer reaches Python as a memoryview of it
        if not isinstance(self._mv, memoryview):
            raise RuntimeError("mini-racer did not return a SharedArrayBuffer as a memoryview")
        self._hdr = self._mv[:HEADER_BYTES].cast("i")

    # -- the hook's work: runs on the V8 thread while JS waits -------------------------------
    def _on_call(self) -> None:
        mv, hdr = self._mv, self._hdr
        try:
            n, status = hdr[0], hdr[1]
            if status == STATUS_NEXT:
                self._send_reply_chunk()
                return
            text = bytes(mv[HEADER_BYTES:HEADER_BYTES + 2 * n]).decode("utf-16-le", "surrogatepass")
            if status == STATUS_MORE:
                self._pending_request.append(text)
                hdr[0], hdr[1] = 0, REPLY_OK
                return
            if self._pending_request:
                self._pending_request.append(text)
                text = "".join(self._pending_request)
                self._pending_request = []
            if self._raw_heads and text.startswith(self._raw_heads) and text.endswith("]"):
                head = text[:text.index(",")]
                name, args = json.loads(head + "]")[0], [RawArgs(text[len(head) + 1:-1])]
            else:
                name, args = json.loads(text)
            result = self._handler(name, args)
            payload = "" if result is UNDEFINED else json.dumps(result, ensure_ascii=False, allow_nan=False)
            self._reply(REPLY_OK, payload)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach JS as an Error
            self._pending_request = []
            try:
                js_name, message = self._error_mapper(exc)
            except BaseException as mapper_exc:  # noqa: BLE001
                js_name, message = "Error", f"host error: {mapper_exc}"
            self._reply(REPLY_ERROR, json.dumps({"name": js_name, "message": message}))

    def _reply(self, status: int, payload: str) -> None:
        data = payload.encode("utf-16-le", "surrogatepass")
        limit = 2 * self._cap
        if len(data) <= limit:
            self._mv[HEADER_BYTES:HEADER_BYTES + len(data)] = data
            self._hdr[0], self._hdr[1] = len(data) // 2, status
            return
        self._pending_reply_status = status
        self._pending_reply = data
        self._send_reply_chunk()

    def _send_reply_chunk(self) -> None:
        limit = 2 * self._cap
        chunk, self._pending_reply = self._pending_reply[:limit], self._pending_reply[limit:]
        self._mv[HEADER_BYTES:HEADER_BYTES + len(chunk)] = chunk
        self._hdr[0] = len(chunk) // 2
        self._hdr[1] = REPLY_MORE if self._pending_reply else self._pending_reply_status

    def close(self) -> None:
        """Drop the hook's references (the context itself is closed by its owner)."""
        self._handler = _closed_handler
        try:
            self._hdr.release()
            self._mv.release()
        except (AttributeError, ValueError):
            pass


def _pin_thread_state() -> None:
    """Keep a Python thread state alive on the V8 thread.

    ctypes enters every callback from a foreign thread with PyGILState_Ensure and leaves with
    PyGILState_Release, which creates and destroys a thread state each time when the thread has
    none: that alone cost more than half of each round trip (27k -> 75k calls/s measured). One
    extra Ensure that is never released keeps the state for the thread's life (the V8 thread of a
    context is fixed); Python reclaims it at interpreter shutdown.
    """
    ctypes.pythonapi.PyGILState_Ensure.restype = ctypes.c_int
    ctypes.pythonapi.PyGILState_Ensure()


def _closed_handler(name: str, args: list) -> Any:
    raise RuntimeError("the host bridge is closed")
