"""Reconnect storm: restart the server under 1,000 connected phones; time until all resynced."""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import time

from benchmarks._harness import connect_many, join_many, start
from benchmarks._report import bench, percentile
from hackkit.simulate.wire import LeanSocket


async def reconnect(url: str, token: str, rng: random.Random) -> float:
    """Retry like socket.io-client does (randomised backoff), then resync; return when done."""
    delay = 0.5
    while True:
        await asyncio.sleep(delay * rng.uniform(0.5, 1.5))
        try:
            sock = await LeanSocket.connect(url, auth={"token": token}, timeout=30)
            reply = await sock.call("sync", {"since": 0}, timeout=30)
            if reply.get("ok"):
                await sock.close()
                return time.perf_counter()
            await sock.close()
        except Exception:  # server still starting: keep trying, as a phone would
            pass
        delay = min(delay * 1.5, 5.0)


async def run(n: int) -> tuple[float, float, list[float]]:
    setup = start(env={"HACKKIT_JOIN_RATE": "100000"})
    try:
        tokens = await join_many(setup.url, setup.code, n)
        sockets = await connect_many(setup.url, tokens, sync=True)
        rng = random.Random(7)
        killed_at = time.perf_counter()
        setup.server.kill(signal.SIGKILL)
        await asyncio.gather(*(s.closed for s in sockets), return_exceptions=True)
        restart_began = time.perf_counter()
        restart = asyncio.create_task(asyncio.to_thread(setup.server.start, 60))
        done = await asyncio.gather(*(reconnect(setup.url, t, rng) for t in tokens))
        await restart
        server_up = restart_began  # the storm is measured from the kill, the way phones see it
        return max(done) - killed_at, max(done) - server_up, [d - killed_at for d in done]
    finally:
        setup.server.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks reconnect")
    parser.add_argument("--phones", type=int, default=1000)
    args = parser.parse_args(argv)
    total, _from_restart, each = asyncio.run(run(args.phones))
    bench(f"reconnect_storm_{args.phones}_s", total, "s")
    bench("reconnect_phone_p50_s", percentile(each, 50), "s")
    bench("reconnect_phone_p99_s", percentile(each, 99), "s")
    return 0
