"""A lean asyncio Socket.IO client for simulated participants.

Speaks Engine.IO v4 / Socket.IO v5 over one WebSocket: no long-polling, no binary attachments.
A full python-socketio client per simulated participant costs too much CPU for a crowd of
thousands on one core; a `LeanSocket` is one WebSocket, one reader task and a few small objects.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

log = logging.getLogger(__name__)

# Socket.IO packet types: the character after the Engine.IO message type "4".
CONNECT = "0"
DISCONNECT = "1"
EVENT = "2"
ACK = "3"
CONNECT_ERROR = "4"

_TEXT_KINDS = frozenset((CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR))
_SCHEMES = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}


class ConnectRefused(ConnectionError):
    """The server refused to let the socket join its namespace (a CONNECT_ERROR packet)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        message = data.get("message") if isinstance(data, dict) else data
        super().__init__(str(message))

    @property
    def message(self) -> str:
        """The server's reason, e.g. the text of a ConnectionRefusedError."""
        return str(self.args[0])


class SocketClosed(ConnectionError):
    """The connection is gone: closed by either side, refused, or lost."""


class Packet(NamedTuple):
    """One decoded Socket.IO packet."""

    kind: str
    namespace: str
    ack_id: int | None
    data: Any


class Message(NamedTuple):
    """A server event waiting in a socket's inbox; `data` is unwrapped like an ack."""

    event: str
    data: Any


def engineio_url(url: str, socketio_path: str = "socket.io") -> str:
    """Turn a server address (http, https, ws or wss) into its Engine.IO v4 WebSocket URL.

    The path of `url` is ignored, as in python-socketio; its query string is kept.
    """
    parts = urlsplit(url)
    scheme = _SCHEMES.get(parts.scheme.lower())
    if scheme is None or not parts.netloc:
        raise ValueError(f"not a server address: {url!r}")
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("EIO", "transport")]
    query += [("EIO", "4"), ("transport", "websocket")]
    path = "/" + socketio_path.strip("/") + "/"
    return urlunsplit((scheme, parts.netloc, path, urlencode(query), ""))


def encode_packet(
    kind: str, data: Any = None, namespace: str = "/", ack_id: int | None = None
) -> str:
    """Encode one Socket.IO packet as Engine.IO message text ("4" + packet).

    `data` is a list or dict (or None for no payload): a bare number after an ack id would be
    ambiguous on the wire.
    """
    text = "4" + kind
    if namespace != "/":
        text += namespace + ","
    if ack_id is not None:
        text += str(ack_id)
    if data is None:
        return text
    return text + json.dumps(data, separators=(",", ":"))


def decode_packet(text: str) -> Packet:
    """Decode Engine.IO message text ("4...") into a Socket.IO packet.

    Raises ValueError for anything else, including binary packets this client does not speak.
    """
    if len(text) < 2 or text[0] != "4" or text[1] not in _TEXT_KINDS:
        raise ValueError(f"not a text Socket.IO packet: {text[:40]!r}")
    kind = text[1]
    end = len(text)
    start = 2
    namespace = "/"
    if text.startswith("/", 2):
        comma = text.find(",", 2)
        if comma < 0:
            return Packet(kind, text[2:], None, None)
        namespace = text[2:comma]
        start = comma + 1
    digits = start
    while digits < end and "0" <= text[digits] <= "9":
        digits += 1
    ack_id = int(text[start:digits]) if digits > start else None
    data = json.loads(text[digits:]) if digits < end else None
    return Packet(kind, namespace, ack_id, data)


def _unwrap(args: list[Any]) -> Any:
    """Socket.IO carries argument lists; callers mostly send one value, so hand back just that."""
    if not args:
        return None
    if len(args) == 1:
        return args[0]
    return tuple(args)


def _ack_args(result: Any) -> list[Any]:
    """Handler return value -> ack argument list, the way python-socketio does it."""
    if result is None:
        return []
    if isinstance(result, tuple):
        return list(result)
    return [result]


class LeanSocket:
    """One Socket.IO connection to one namespace; create it with `await LeanSocket.connect(...)`.

    `closed` is a future that resolves to a reason ("client", "server disconnect",
    "server closed", "connection lost", "ping timeout", "refused") when the connection ends.
    """

    # Thousands of these live in one process; slots keep each one small.
    __slots__ = (
        "_acks",
        "_close_reason",
        "_connected",
        "_handlers",
        "_inbox",
        "_inbox_waiter",
        "_next_ack",
        "_ping_window",
        "_reader",
        "_tasks",
        "_ws",
        "closed",
        "eio_sid",
        "namespace",
        "sid",
    )

    def __init__(
        self, ws: ClientConnection, namespace: str, handshake: Mapping[str, Any], inbox_size: int
    ) -> None:
        loop = asyncio.get_running_loop()
        self._ws = ws
        self.namespace = namespace
        self.eio_sid: str | None = handshake.get("sid")
        self.sid: str | None = None
        # Engine.IO v4: the server pings every pingInterval and gives up after pingTimeout more;
        # a client that hears nothing for that long is talking to a dead server.
        interval = handshake.get("pingInterval", 25000) + handshake.get("pingTimeout", 20000)
        self._ping_window = interval / 1000
        self.closed: asyncio.Future[str] = loop.create_future()
        self._connected: asyncio.Future[None] = loop.create_future()
        self._handlers: dict[str, Callable[..., Any]] = {}
        self._acks: dict[int, asyncio.Future[list[Any]]] = {}
        self._next_ack = 0
        self._inbox: deque[Message] = deque(maxlen=inbox_size)
        self._inbox_waiter: asyncio.Future[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._close_reason: str | None = None
        self._reader: asyncio.Task[None] | None = None

    @classmethod
    async def connect(
        cls,
        url: str,
        auth: dict[str, Any] | None = None,
        namespace: str = "/",
        headers: Mapping[str, str] | None = None,
        timeout: float | None = 10.0,
        *,
        socketio_path: str = "socket.io",
        max_size: int = 1 << 20,
        inbox_size: int = 256,
    ) -> LeanSocket:
        """Open a WebSocket straight to the server's Engine.IO endpoint and join `namespace`.

        Raises ConnectRefused when the server's connect handler refuses, TimeoutError when the
        whole handshake takes longer than `timeout` seconds. `inbox_size` bounds how many
        unhandled events wait for `receive()`; the oldest are dropped first.
        """
        ws: ClientConnection | None = None
        sock: LeanSocket | None = None
        try:
            async with asyncio.timeout(timeout):
                ws = await ws_connect(
                    engineio_url(url, socketio_path),
                    additional_headers=headers,
                    open_timeout=None,  # covered by the timeout around the whole handshake
                    ping_interval=None,  # Engine.IO has its own heartbeat
                    compression=None,  # deflate costs more CPU than the bytes it saves here
                    max_size=max_size,
                    close_timeout=2,
                    create_connection=_EagerCloseConnection,
                )
                sock = cls(ws, namespace, _parse_open(await ws.recv()), inbox_size)
                await ws.send(encode_packet(CONNECT, auth, namespace))
                sock._reader = asyncio.create_task(sock._read_loop())
                await sock._connected
        except BaseException:
            if sock is not None:
                await sock.close()
            elif ws is not None:
                await ws.close()
            raise
        return sock

    def on(self, event: str, callback: Callable[..., Any]) -> None:
        """Call `callback(*args)` for every `event` from the server.

        The return value answers the server's ack, if it asked for one. Async callbacks run as
        their own tasks so a slow one never stalls the heartbeat.
        """
        self._handlers[event] = callback

    async def emit(self, event: str, *args: Any) -> None:
        """Send `event` with `args` and do not wait for any ack."""
        self._check_open()
        await self._send(encode_packet(EVENT, [event, *args], self.namespace))

    async def call(self, event: str, *args: Any, timeout: float | None = 10.0) -> Any:
        """Send `event` and return the server's ack; a single ack value comes back unwrapped."""
        self._check_open()
        self._next_ack += 1
        ack_id = self._next_ack
        reply: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = reply
        try:
            await self._send(encode_packet(EVENT, [event, *args], self.namespace, ack_id))
            async with asyncio.timeout(timeout):
                return _unwrap(await reply)
        finally:
            self._acks.pop(ack_id, None)
            if reply.done() and not reply.cancelled():
                reply.exception()  # mark retrieved: the caller already has its outcome
            else:
                reply.cancel()

    async def receive(self, event: str | None = None, timeout: float | None = 10.0) -> Message:
        """Take the oldest event that has no `on()` handler (only `event` if given).

        Other events stay in the inbox. Raises TimeoutError after `timeout` seconds, or
        SocketClosed once the connection is gone and nothing matching is left.
        """
        async with asyncio.timeout(timeout):
            while True:
                for index, message in enumerate(self._inbox):
                    if event is None or message.event == event:
                        del self._inbox[index]
                        return message
                if self.closed.done():
                    raise SocketClosed(self.closed.result())
                if self._inbox_waiter is None:
                    self._inbox_waiter = asyncio.get_running_loop().create_future()
                # Shielded: receivers share one waiter; one timing out must not cancel it for all.
                await asyncio.shield(self._inbox_waiter)

    async def close(self) -> None:
        """Leave the namespace and close the WebSocket; safe to call more than once."""
        if self._close_reason is None and not self.closed.done():
            self._close_reason = "client"
            if self.sid is not None:
                with contextlib.suppress(ConnectionClosed):
                    await self._ws.send(encode_packet(DISCONNECT, None, self.namespace))
        await self._ws.close()
        reader = self._reader
        if reader is not None and reader is not asyncio.current_task():
            await asyncio.wait([reader])

    async def __aenter__(self) -> LeanSocket:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _check_open(self) -> None:
        if self.closed.done():
            raise SocketClosed(self.closed.result())

    async def _send(self, text: str) -> None:
        try:
            await self._ws.send(text)
        except ConnectionClosed as exc:
            # Settle `closed` now: the reader may not have run yet, and a caller that retries
            # on this socket until `closed` resolves would spin without ever yielding to it.
            reason = self._close_reason or "connection lost"
            self._finish(reason)
            raise SocketClosed(reason) from exc

    async def _read_loop(self) -> None:
        ws = self._ws
        loop = asyncio.get_running_loop()
        reason = "connection lost"
        try:
            async with asyncio.timeout(self._ping_window) as watchdog:
                while True:
                    text = await ws.recv()
                    if text == "2":  # Engine.IO ping: by far the most common control packet
                        watchdog.reschedule(loop.time() + self._ping_window)
                        await ws.send("3")
                    elif isinstance(text, str) and text.startswith("4"):
                        ended = await self._on_packet(text)
                        if ended is not None:
                            reason = ended
                            break
                    elif text == "1":
                        reason = "server closed"
                        break
                    # Anything else (noop "6", binary frames) is not for us.
        except TimeoutError:
            reason = "ping timeout"
        except ConnectionClosed as exc:
            reason = "server closed" if exc.rcvd is not None else "connection lost"
        except SocketClosed:
            pass  # an ack could not be sent: the connection dropped under us
        finally:
            self._finish(self._close_reason or reason)
        if reason == "ping timeout":
            # A silent server would not answer a close handshake either; drop the socket.
            ws.transport.abort()
        await ws.close()

    async def _on_packet(self, text: str) -> str | None:
        """Handle one Socket.IO packet; returns a close reason when it ends the connection."""
        try:
            packet = decode_packet(text)
        except ValueError:
            log.warning("ignoring malformed packet %.80r", text)
            return None
        if packet.namespace != self.namespace:
            return None
        kind = packet.kind
        if kind == EVENT:
            await self._on_event(packet)
        elif kind == ACK:
            reply = self._acks.pop(packet.ack_id, None) if packet.ack_id is not None else None
            if reply is not None and not reply.done():
                reply.set_result(packet.data if isinstance(packet.data, list) else [])
        elif kind == CONNECT:
            self.sid = packet.data.get("sid") if isinstance(packet.data, dict) else None
            if not self._connected.done():
                self._connected.set_result(None)
        elif kind == CONNECT_ERROR:
            if not self._connected.done():
                self._connected.set_exception(ConnectRefused(packet.data))
            return "refused"
        elif kind == DISCONNECT:
            return "server disconnect"
        return None

    async def _on_event(self, packet: Packet) -> None:
        args = packet.data
        if not isinstance(args, list) or not args or not isinstance(args[0], str):
            log.warning("ignoring event without a name: %.80r", args)
            return
        event, args = args[0], args[1:]
        handler = self._handlers.get(event)
        if handler is None:
            self._inbox.append(Message(event, _unwrap(args)))
            self._wake_receivers()
            return
        try:
            result = handler(*args)
        except Exception:
            log.exception("handler for %r failed", event)
            return
        if inspect.isawaitable(result):
            task = asyncio.create_task(self._await_handler(event, result, packet.ack_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        elif packet.ack_id is not None:
            await self._send_ack(packet.ack_id, result)

    async def _await_handler(self, event: str, result: Awaitable[Any], ack_id: int | None) -> None:
        try:
            value = await result
        except Exception:
            log.exception("handler for %r failed", event)
            return
        if ack_id is not None:
            with contextlib.suppress(SocketClosed):
                await self._send_ack(ack_id, value)

    async def _send_ack(self, ack_id: int, result: Any) -> None:
        await self._send(encode_packet(ACK, _ack_args(result), self.namespace, ack_id))

    def _wake_receivers(self) -> None:
        waiter = self._inbox_waiter
        if waiter is not None:
            self._inbox_waiter = None
            if not waiter.done():
                waiter.set_result(None)

    def _finish(self, reason: str) -> None:
        """Settle everything that waits on this connection, once it is gone."""
        closed = SocketClosed(reason)
        if not self._connected.done():
            self._connected.set_exception(closed)
        for reply in self._acks.values():
            if not reply.done():
                reply.set_exception(closed)
        self._acks.clear()
        if not self.closed.done():
            self.closed.set_result(reason)
        self._wake_receivers()


class _EagerCloseConnection(ClientConnection):
    """A client connection that drops TCP as soon as both close frames have crossed.

    gevent's WSGI server keeps the socket open for keep-alive after a WebSocket ends, so waiting
    for the server to close TCP first (what websockets does by default) costs `close_timeout` on
    every close. RFC 6455 7.1.1 lets the client close once it has sent and received a Close.
    """

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.protocol.close_rcvd is not None and self.protocol.close_sent is not None:
            self.transport.close()


def _parse_open(text: str | bytes) -> dict[str, Any]:
    """Read the Engine.IO open packet: `0{"sid": ..., "pingInterval": ..., ...}`."""
    if not isinstance(text, str) or not text.startswith("0"):
        raise ConnectionError(f"expected an Engine.IO open packet, got {text[:40]!r}")
    handshake = json.loads(text[1:])
    if not isinstance(handshake, dict):
        raise ConnectionError("malformed Engine.IO open packet")
    return handshake
