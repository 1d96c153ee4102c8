"""Connections: phones (plus 80 wall screens) one process holds, memory per connection, and how
long the server takes to stop with all of them connected."""

from __future__ import annotations

import argparse
import asyncio
import gc
import signal
import time

from benchmarks._harness import connect_many, join_many, rss_kb, start
from benchmarks._report import bench


async def run(phones: int, walls: int) -> None:
    setup = start(env={"HACKKIT_JOIN_RATE": "1000000"})
    try:
        tokens = await join_many(setup.url, setup.code, phones)
        await asyncio.sleep(1)
        gc.collect()
        before = rss_kb(setup.server.proc.pid)
        sockets = await connect_many(setup.url, tokens)
        sockets += await connect_many(setup.url, [setup.display_token] * walls)
        await asyncio.sleep(3)  # let the server settle (buffers, first pings)
        after = rss_kb(setup.server.proc.pid)
        alive = sum(not s.closed.done() for s in sockets)
        # Still answering with everyone connected?
        reply = await sockets[0].call("clock", {"t0": 0}, timeout=30)
        assert reply["t1"] > 0
        # Printed before the stop is measured, so they are there whatever the stop does.
        bench("connections_held", alive, "conns")
        bench("kb_per_connection", (after - before) / max(1, len(sockets)), "KB")
        bench("server_rss_mb", after / 1024, "MB")
        # Ctrl-C with everyone still connected: until every phone has seen its connection
        # dropped, and until the process is gone.
        started = time.monotonic()
        setup.server.proc.send_signal(signal.SIGTERM)
        done, _ = await asyncio.wait([s.closed for s in sockets], timeout=60)
        bench("shutdown_all_dropped_s", time.monotonic() - started, "s")
        loop = asyncio.get_running_loop()
        code = await loop.run_in_executor(None, wait_for_exit, setup.server.proc, 60)
        bench("shutdown_s", time.monotonic() - started, "s")
        if len(done) < len(sockets) or code != 0:
            print(f"shutdown: {len(sockets) - len(done)} still connected, exit code {code}")
    finally:
        try:
            setup.server.stop()
        except Exception as exc:  # the figures are out; say what went wrong at the end
            print(f"stopping the server failed: {exc!r}")


def wait_for_exit(proc, timeout: float) -> int | None:
    try:
        return proc.wait(timeout=timeout)
    except Exception:
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks connections")
    parser.add_argument("--phones", type=int, default=5000)
    parser.add_argument("--walls", type=int, default=80)
    args = parser.parse_args(argv)
    asyncio.run(run(args.phones, args.walls))
    return 0
