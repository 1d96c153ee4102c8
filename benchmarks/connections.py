"""Connections: phones (plus 80 wall screens) one process holds, and memory per connection."""

from __future__ import annotations

import argparse
import asyncio
import gc

from benchmarks._harness import connect_many, join_many, rss_kb, start
from benchmarks._report import bench


async def run(phones: int, walls: int) -> tuple[int, float, int]:
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
        await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
        return alive, (after - before) / max(1, len(sockets)), after
    finally:
        setup.server.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks connections")
    parser.add_argument("--phones", type=int, default=5000)
    parser.add_argument("--walls", type=int, default=80)
    args = parser.parse_args(argv)
    held, kb_each, rss = asyncio.run(run(args.phones, args.walls))
    bench("connections_held", held, "conns")
    bench("kb_per_connection", kb_each, "KB")
    bench("server_rss_mb", rss / 1024, "MB")
    return 0
