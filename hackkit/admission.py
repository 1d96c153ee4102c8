"""Admission control: how many expensive reads (snapshots, connection checks) run at once.

Under gevent every database round trip yields, and a greenlet that is ready again waits behind
every other ready greenlet. In a reconnect storm hundreds of phones build snapshots at once,
so one pass through the ready queue takes seconds, and the vote writer, which needs several
round trips per batch, waited 6-11 s per batch on PostgreSQL (measured; SQLite does not yield
and did not show it). Letting only a few storm requests work at a time keeps that queue short:
the storm takes as long as its CPU needs either way, while votes and other actions stay quick.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hackkit.extensions import socketio


class Gate:
    """At most ``size`` holders at a time, in whatever async mode the server runs."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._tokens: Any = None
        self._mode: str | None = None

    def _queue(self) -> Any:
        mode = socketio.server.eio.async_mode
        if self._tokens is None or self._mode != mode:
            # A queue of tokens is a semaphore every async mode provides (gevent, eventlet,
            # threading), through the server's own factory.
            tokens = socketio.server.eio.create_queue()
            for _ in range(self.size):
                tokens.put(None)
            self._tokens, self._mode = tokens, mode
        return self._tokens

    @contextmanager
    def held(self) -> Iterator[None]:
        """Wait for a free place, hold it for the block, then give it back."""
        tokens = self._queue()
        tokens.get()
        try:
            yield
        finally:
            tokens.put(None)


# Eight at a time keeps both cores busy (database waits overlap) without a long ready queue.
storm_gate = Gate(8)
