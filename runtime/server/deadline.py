"""Read deadlines for `xtkjs serve`: a client gets `read_timeout` seconds to send a request's
head (request line and headers, counted from the connection or the end of the previous answer),
then again `read_timeout` seconds for its body. A client that trickles bytes (slowloris) or
stops half way gets `408 Request Timeout` and is disconnected, so slow clients cannot hold
connections and the writer's queue forever. uvicorn's own keep-alive timeout only covers idle
connections between requests and is disarmed by the first byte.

    uvicorn.run(app, http=deadline_protocol(10.0), ...)
"""
from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

DEFAULT_READ_TIMEOUT = 10.0
_TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                     b"connection: close\r\ncontent-length: 43\r\n\r\n"
                     b"request not received in time: disconnected\n")


class DeadlineH11Protocol(H11Protocol):
    read_timeout: float = DEFAULT_READ_TIMEOUT

    _deadline: asyncio.TimerHandle | None = None
    _waiting_for: object = None        # the h11 state of the client the deadline is armed for

    def _arm(self, state) -> None:
        self._disarm()
        self._waiting_for = state
        self._deadline = self.loop.call_later(self.read_timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._waiting_for = None, None

    def _track(self) -> None:
        """Arm a deadline when the client starts owing a head or a body; the same deadline runs
        until that part is in (new bytes do not extend it)."""
        state = self.conn.their_state
        if state in (h11.IDLE, h11.SEND_BODY):
            if self._waiting_for is not state:
                self._arm(state)
        else:
            self._disarm()

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(h11.IDLE)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self.transport.is_closing():
            self._track()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._track()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._waiting_for is h11.IDLE and self.cycle is not None and not self.cycle.response_complete:
            return      # answering a request: the next head is not due yet
        if self._waiting_for is h11.IDLE and not self.conn.trailing_data[0]:
            # idle keep-alive connection, nothing sent: close without an answer
            self.transport.close()
            return
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(_TIMEOUT_RESPONSE)
        self.transport.close()


def deadline_protocol(read_timeout: float):
    """The uvicorn `http` protocol class with this read deadline (seconds)."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"read_timeout": float(read_timeout)})
