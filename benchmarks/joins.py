"""Join storm: 1,000 phones join (HTTP join, Socket.IO connect, snapshot) at once.

Each phone: ``POST /api/join``, a WebSocket connect with its token, then ``sync`` (the full
snapshot). The phones are split over several load-generator processes (``--generators``,
2 by default), started together: one asyncio process cannot play a thousand phones' TLS-free
HTTP and WebSocket handshakes as fast as the server answers them, and then the figure would
measure the load generator. The server's and the generators' CPU time are printed, so a run
shows which side was the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time

from benchmarks._harness import cpu_seconds, start
from benchmarks._report import bench, percentile
from hackkit.simulate.http import request_json
from hackkit.simulate.wire import LeanSocket


async def storm(
    url: str, code: str, first: int, n: int
) -> tuple[float, list[float], list[LeanSocket]]:
    latencies: list[float] = []
    sockets: list[LeanSocket] = []

    async def phone(i: int) -> None:
        began = time.perf_counter()
        status, body = await request_json(
            url, "POST", "/api/join", {"code": code, "name": f"Phone {i}"}, timeout=60
        )
        if status != 200:
            raise RuntimeError(f"join {i}: {status} {body}")
        sock = await LeanSocket.connect(url, auth={"token": body["data"]["token"]}, timeout=60)
        sockets.append(sock)
        reply = await sock.call("sync", {}, timeout=60)
        if not reply.get("ok"):
            raise RuntimeError(f"sync {i}: {reply}")
        latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(phone(i) for i in range(first, first + n)))
    return time.perf_counter() - began, latencies, sockets


def generator_process() -> None:
    """Child: play phones ``first .. first+n`` when told "go"; report, then hold until EOF."""
    job = json.loads(sys.stdin.readline())
    print("ready", flush=True)
    sys.stdin.readline()  # "go"

    async def run() -> None:
        cpu = time.process_time()
        took, latencies, sockets = await storm(job["url"], job["code"], job["first"], job["n"])
        report = {"took": took, "latencies": latencies, "cpu": time.process_time() - cpu}
        print(json.dumps(report), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)

    asyncio.run(run())


def main(argv: list[str]) -> int:
    """Run the join storm and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks joins", description=__doc__)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--generators", type=int, default=2, help="load-generator processes")
    args = parser.parse_args(argv)
    setup = start(env={"HACKKIT_JOIN_RATE": "100000"})
    children: list[subprocess.Popen] = []
    try:
        share, extra = divmod(args.phones, args.generators)
        first = 0
        for g in range(args.generators):
            n = share + (1 if g < extra else 0)
            child = subprocess.Popen(
                [sys.executable, "-c", "from benchmarks.joins import generator_process as g; g()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            job = {"url": setup.url, "code": setup.code, "first": first, "n": n}
            child.stdin.write(json.dumps(job) + "\n")
            child.stdin.flush()
            first += n
            children.append(child)
        for child in children:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a load generator did not start")
        server_cpu = cpu_seconds(setup.server.proc.pid)
        began = time.perf_counter()
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        reports = [json.loads(child.stdout.readline()) for child in children]
        total = time.perf_counter() - began
        server_cpu = cpu_seconds(setup.server.proc.pid) - server_cpu
    finally:
        for child in children:
            if child.stdin:
                child.stdin.close()
        for child in children:
            child.wait(timeout=60)
        setup.server.stop()
    latencies = [x for report in reports for x in report["latencies"]]
    bench(f"join_storm_{args.phones}_s", total, "s")
    bench("join_storm_phone_p50_s", percentile(latencies, 50), "s")
    bench("join_storm_phone_p99_s", percentile(latencies, 99), "s")
    bench("join_storm_server_cpu_s", server_cpu, "s")
    bench("join_storm_load_generators_cpu_s", sum(r["cpu"] for r in reports), "s")
    return 0
