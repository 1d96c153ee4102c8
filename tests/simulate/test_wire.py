"""The lean Socket.IO client against a real Flask-SocketIO server running under gevent."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.simulate.wire import (
    ACK,
    CONNECT,
    EVENT,
    ConnectRefused,
    LeanSocket,
    Message,
    SocketClosed,
    decode_packet,
    encode_packet,
    engineio_url,
)
from tests.helpers import run_async

SERVER_SCRIPT = textwrap.dedent(
    """
    from gevent import monkey

    monkey.patch_all()

    import sys

    from flask import Flask
    from flask_socketio import ConnectionRefusedError, SocketIO, disconnect, emit, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent", ping_interval=1, ping_timeout=1)


    @socketio.on("connect")
    def on_connect(auth):
        if not auth or "token" not in auth:
            raise ConnectionRefusedError("no token")
        join_room("crowd")


    @socketio.on("echo")
    def on_echo(data):
        return data


    @socketio.on("pair")
    def on_pair(data):
        return data, "again"


    @socketio.on("shout")
    def on_shout(data):
        emit("announcement", data, to="crowd")


    @socketio.on("quiz")
    def on_quiz(question):
        emit("question", question, callback=lambda answer: emit("graded", answer))


    @socketio.on("leave")
    def on_leave():
        disconnect()


    @socketio.on("stall")
    def on_stall():
        socketio.sleep(60)


    socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_output=False)
    """
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
payloads = st.none() | st.lists(json_values, max_size=4) | st.dictionaries(st.text(), json_values)
namespace_names = st.text(st.characters(exclude_characters=","), min_size=1)
namespaces = st.just("/") | namespace_names.map(lambda name: "/" + name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"test server exited early:\n{log_path.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"test server did not listen on {port}:\n{log_path.read_text()}")


class ServerProcess:
    """A Flask-SocketIO server in its own process, so the test can kill it."""

    def __init__(self, directory: Path) -> None:
        script = directory / "wire_server.py"
        script.write_text(SERVER_SCRIPT)
        self.log_path = directory / "wire_server.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(script), str(self.port)], stdout=log, stderr=log
            )

    def wait_until_listening(self) -> None:
        wait_for_port(self.port, self.process, self.log_path)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    running = ServerProcess(tmp_path_factory.mktemp("wire"))
    try:
        running.wait_until_listening()
        yield running
    finally:
        running.kill()


@pytest.fixture
def doomed_server(tmp_path: Path) -> Iterator[ServerProcess]:
    running = ServerProcess(tmp_path)
    try:
        running.wait_until_listening()
        yield running
    finally:
        running.kill()


def run(coroutine):
    return run_async(asyncio.wait_for(coroutine, timeout=30))


def test_engineio_url_goes_straight_to_websocket_transport():
    assert engineio_url("http://10.0.0.5:5000") == (
        "ws://10.0.0.5:5000/socket.io/?EIO=4&transport=websocket"
    )
    assert engineio_url("https://hack.example/event?room=7", "/rt/") == (
        "wss://hack.example/rt/?room=7&EIO=4&transport=websocket"
    )
    with pytest.raises(ValueError):
        engineio_url("ftp://hack.example")


@settings(max_examples=100, deadline=None)
@given(
    kind=st.sampled_from([CONNECT, EVENT, ACK]),
    data=payloads,
    namespace=namespaces,
    ack_id=st.none() | st.integers(min_value=0, max_value=2**53),
)
def test_packets_survive_encoding_and_decoding(kind, data, namespace, ack_id):
    packet = decode_packet(encode_packet(kind, data, namespace, ack_id))
    assert packet == (kind, namespace, ack_id, data)


def test_binary_packets_are_refused():
    with pytest.raises(ValueError):
        decode_packet('451-["upload",{"_placeholder":true,"num":0}]')


def test_participant_with_token_joins_and_gets_echo(server):
    async def scenario():
        async with await LeanSocket.connect(server.url, auth={"token": "t"}) as sock:
            assert sock.sid
            assert await sock.call("echo", {"idea": "bike racks"}) == {"idea": "bike racks"}
            assert await sock.call("pair", 3) == (3, "again")
            return sock

    sock = run(scenario())
    assert sock.closed.result() == "client"


def test_participant_without_token_is_refused_with_server_reason(server):
    async def scenario():
        with pytest.raises(ConnectRefused) as refused:
            await LeanSocket.connect(server.url, auth={"name": "no token here"})
        return refused.value

    refused = run(scenario())
    assert refused.message == "no token"
    assert refused.data == {"message": "no token"}


def test_broadcast_reaches_receive_and_on_handlers(server):
    async def scenario():
        async with (
            await LeanSocket.connect(server.url, auth={"token": "a"}) as listener,
            await LeanSocket.connect(server.url, auth={"token": "b"}) as watcher,
        ):
            heard = asyncio.get_running_loop().create_future()
            watcher.on("announcement", heard.set_result)
            await listener.emit("shout", {"text": "lunch"})
            received = await listener.receive("announcement", timeout=5)
            assert received == Message("announcement", {"text": "lunch"})
            assert await asyncio.wait_for(heard, 5) == {"text": "lunch"}

    run(scenario())


def test_receive_filters_by_event_and_keeps_the_rest(server):
    async def scenario():
        async with await LeanSocket.connect(server.url, auth={"token": "t"}) as sock:
            await sock.emit("shout", "first")
            await sock.emit("quiz", "2+2?")
            assert await sock.receive("question", timeout=5) == Message("question", "2+2?")
            assert await sock.receive(timeout=5) == Message("announcement", "first")

    run(scenario())


def test_async_handler_answers_server_question_with_ack(server):
    async def scenario():
        async with await LeanSocket.connect(server.url, auth={"token": "t"}) as sock:

            async def answer(question):
                await asyncio.sleep(0)
                return f"answer to {question}"

            sock.on("question", answer)
            await sock.emit("quiz", "2+2?")
            return await sock.receive("graded", timeout=5)

    assert run(scenario()) == Message("graded", "answer to 2+2?")


def test_two_hundred_participants_in_one_loop_all_hear_a_broadcast(server):
    async def scenario():
        crowd = await asyncio.gather(
            *(LeanSocket.connect(server.url, auth={"token": str(n)}) for n in range(200))
        )
        try:
            await crowd[0].emit("shout", "voting is open")
            heard = await asyncio.gather(
                *(sock.receive("announcement", timeout=10) for sock in crowd)
            )
        finally:
            await asyncio.gather(*(sock.close() for sock in crowd))
        return heard, crowd

    heard, crowd = run(scenario())
    assert heard == [Message("announcement", "voting is open")] * 200
    assert len({sock.sid for sock in crowd}) == 200


def test_participant_stays_connected_past_server_ping_timeout(server):
    # The server pings every second and drops a client it has not heard from for two, so
    # two and a half quiet seconds only survive if the client answers pings.
    async def scenario():
        async with await LeanSocket.connect(server.url, auth={"token": "t"}) as sock:
            await asyncio.sleep(2.5)
            assert not sock.closed.done()
            assert await sock.call("echo", "still here") == "still here"

    run(scenario())


def test_server_side_disconnect_closes_the_socket(server):
    async def scenario():
        sock = await LeanSocket.connect(server.url, auth={"token": "t"})
        await sock.emit("leave")
        reason = await asyncio.wait_for(asyncio.shield(sock.closed), 5)
        with pytest.raises(SocketClosed):
            await sock.emit("echo", "anyone?")
        await sock.close()
        return reason

    assert run(scenario()) == "server disconnect"


def test_killed_server_fires_closed_and_fails_pending_call(doomed_server):
    async def scenario():
        sock = await LeanSocket.connect(doomed_server.url, auth={"token": "t"})
        pending = asyncio.create_task(sock.call("stall", timeout=20))
        await asyncio.sleep(0.2)
        doomed_server.kill()
        reason = await asyncio.wait_for(asyncio.shield(sock.closed), 5)
        with pytest.raises(SocketClosed):
            await pending
        with pytest.raises(SocketClosed):
            await sock.receive(timeout=1)
        await sock.close()
        return reason

    assert run(scenario()) == "connection lost"


def test_frozen_server_is_noticed_by_missing_pings(doomed_server):
    # A stopped process keeps its TCP sockets open, like a server behind dead venue Wi-Fi:
    # only the missing Engine.IO pings can tell the client it is gone.
    async def scenario():
        sock = await LeanSocket.connect(doomed_server.url, auth={"token": "t"})
        doomed_server.process.send_signal(signal.SIGSTOP)
        reason = await asyncio.wait_for(asyncio.shield(sock.closed), 5)
        await sock.close()
        return reason

    assert run(scenario()) == "ping timeout"
