"""Scale-out: two processes behind nginx sharing PostgreSQL and Redis, against one process.

Both set-ups are the deployment of ``docs/deployment.md``: ``hackkit serve`` processes with
``HACKKIT_DATABASE_URL`` on PostgreSQL (a fresh database per set-up) and
``HACKKIT_MESSAGE_QUEUE`` on Redis, behind the shipped nginx site (``deploy/nginx/``), which
spreads WebSocket connections over the processes. "one" is the same with a single upstream, so
the two differ only in the number of processes.

For each: 1,000 voters, 80 wall clients and the console connect through nginx (lean sockets in
this process); votes are offered open-loop at 400/s, then every voter votes again as soon as
acknowledged (saturation). Each server's CPU time is read from /proc around the saturation run,
which gives the per-process cost of a vote; its resident memory before and after connecting
gives the cost of a connection. Afterwards every acknowledged vote is checked against
PostgreSQL: none lost, none counted twice.

Needs PostgreSQL on 127.0.0.1:5432 (database ``test``, to create a scratch database from),
Redis on 127.0.0.1:6379 and Debian's nginx; says which is missing otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks._harness import Bench, connect_many, cpu_seconds, raise_file_limit, rss_kb, seed
from benchmarks._report import bench
from benchmarks.voting import Walls, check_integrity, offered, report_phase, saturate, seed_voting
from hackkit.simulate.wire import LeanSocket
from tests.server import Nginx, ServerProcess, nginx_binary, unreachable_services

PG_ADMIN = os.environ.get("HACKKIT_BENCH_PG", "host=127.0.0.1 port=5432 user=postgres dbname=test")
REDIS_URL = os.environ.get("HACKKIT_BENCH_REDIS", "redis://127.0.0.1:6379/0")


def missing_services() -> str | None:
    """Why this benchmark cannot run here, or None."""
    reason = unreachable_services(PG_ADMIN, REDIS_URL)
    if reason is None and nginx_binary() is None:
        reason = "nginx is not installed (scripts/setup --dev installs Debian's package)"
    return reason


def scratch_database(name: str, *, drop: bool = False) -> str:
    """Create (or drop) a PostgreSQL database of our own; return its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')
    params = dict(part.split("=", 1) for part in PG_ADMIN.split())
    return (
        f"postgresql+psycopg://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}"
        f":{params.get('port', '5432')}/{name}"
    )


class Group:
    """``processes`` hackkit servers on one PostgreSQL database and one Redis channel, behind
    nginx."""

    def __init__(self, processes: int, connections: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="hackkit-scaleout-"))
        self.db_name = f"hackkit_bench_{uuid.uuid4().hex[:8]}"
        self.database_url = scratch_database(self.db_name)
        env = {
            "HACKKIT_MESSAGE_QUEUE": REDIS_URL,
            "HACKKIT_QUEUE_CHANNEL": f"bench-{uuid.uuid4().hex[:8]}",
            "HACKKIT_PROXY_COUNT": "1",
            "HACKKIT_JOIN_RATE": "1000000",
        }
        instance = self.folder / "instance"
        instance.mkdir()
        self.servers: list[ServerProcess] = []
        # One after another: the first applies the migrations to the fresh database.
        for _ in range(processes):
            server = ServerProcess(instance, self.database_url, extra_env=env)
            self.servers.append(server.start(timeout=60))
        ports = [s.port for s in self.servers]
        self.nginx = Nginx(self.folder / "nginx", ports, worker_connections=connections).start()
        fac, event_id, code, display = seed(self.database_url, instance)
        self.setup = Bench(
            self.servers[0], instance, self.database_url, event_id, code, fac, display
        )
        self.setup.front_url = self.nginx.url

    @property
    def pids(self) -> list[int]:
        return [s.proc.pid for s in self.servers if s.proc]

    def stop(self) -> None:
        self.nginx.stop()
        for server in self.servers:
            server.stop()
        scratch_database(self.db_name, drop=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def server_cpu(group: Group) -> list[float]:
    return [cpu_seconds(pid) for pid in group.pids]


def nginx_cpu(group: Group) -> float:
    """CPU time of nginx's master and its workers (the workers do the proxying)."""
    master = group.nginx.proc.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sum(cpu_seconds(pid) for pid in [master, *map(int, children)])


async def measure(
    label: str, group: Group, voters: int, walls_n: int, rate: int, sat_s: float
) -> dict[str, Any]:
    """Connect the crowd through nginx, offer votes, saturate; print this set-up's figures."""
    setup = group.setup
    tokens, ballots, options = seed_voting(setup, voters, ["warmup", "offered", "saturation"])
    rss_before = [rss_kb(pid) for pid in group.pids]
    began = time.perf_counter()
    socks = await connect_many(setup.url, tokens)
    for sock in socks:
        sock.on("view", lambda _msg: None)
        sock.on("update", lambda _msg: None)
    wall_socks = await connect_many(setup.url, [setup.display_token] * walls_n)
    walls = Walls()
    walls.listen(wall_socks)
    console = await LeanSocket.connect(
        setup.url, auth={"token": setup.facilitator_token, "event_id": setup.event_id}
    )
    console.on("view", lambda _msg: None)
    console.on("update", lambda _msg: None)
    bench(f"scaleout_{label}_connect_s", time.perf_counter() - began, "s")
    await asyncio.sleep(2)  # let the connection bursts settle before reading memory
    grown = sum(rss_kb(pid) for pid in group.pids) - sum(rss_before)
    connections = voters + walls_n + 1
    bench(f"scaleout_{label}_kb_per_connection", grown / connections, "KB")

    idle_cpu = server_cpu(group)
    await asyncio.sleep(5)
    idle = sum(server_cpu(group)) - sum(idle_cpu)
    bench(f"scaleout_{label}_idle_cpu_pct", idle / 5 * 100, "%")

    figures: dict[str, Any] = {}
    everything = await offered(socks, ballots["warmup"], 200, 1.0, options, 0)
    await asyncio.sleep(0.6)
    samples = await offered(socks, ballots["offered"], rate, 4.0, options, len(everything))
    await asyncio.sleep(0.6)
    everything += samples
    figures.update(report_phase(f"at_{rate}", samples, walls, prefix=f"scaleout_{label}_"))

    cpu_before = server_cpu(group)
    nginx_before = nginx_cpu(group)
    samples, elapsed = await saturate(socks, ballots["saturation"], sat_s, options)
    cpu_used = [after - before for after, before in zip(server_cpu(group), cpu_before, strict=True)]
    nginx_used = nginx_cpu(group) - nginx_before
    everything += samples
    acked = sum(1 for s in samples if s.ok)
    figures["saturation"] = acked / elapsed
    bench(f"scaleout_{label}_votes_per_s_saturation", acked / elapsed, "votes/s")
    bench(f"scaleout_{label}_server_cpu_ms_per_vote", sum(cpu_used) / acked * 1000, "ms")
    for n, used in enumerate(cpu_used):
        bench(f"scaleout_{label}_process{n}_cpu_pct_saturation", used / elapsed * 100, "%")
    bench(f"scaleout_{label}_nginx_cpu_ms_per_vote", nginx_used / acked * 1000, "ms")
    await asyncio.sleep(0.6)

    lost, doubled = check_integrity(setup, everything)
    bench(f"scaleout_{label}_votes_acknowledged", sum(1 for s in everything if s.ok), "votes")
    bench(f"scaleout_{label}_votes_lost", lost, "votes")
    bench(f"scaleout_{label}_votes_double_counted", doubled, "votes")
    await asyncio.gather(
        *(s.close() for s in [*socks, *wall_socks, console]), return_exceptions=True
    )
    return figures


def main(argv: list[str]) -> int:
    """Run one process, then two, and print both sets of figures and their ratios."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks scaleout", description=__doc__)
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--walls", type=int, default=80)
    parser.add_argument("--rate", type=int, default=400, help="offered votes/s")
    parser.add_argument("--saturation-seconds", type=float, default=5.0)
    parser.add_argument(
        "--only", choices=("one", "two"), help="run one set-up alone (no ratios printed)"
    )
    args = parser.parse_args(argv)
    reason = missing_services()
    if reason:
        print(f"scaleout: cannot run: {reason}")
        return 2
    raise_file_limit()
    began = time.perf_counter()
    results: dict[str, dict[str, Any]] = {}
    for label, processes in (("one", 1), ("two", 2)):
        if args.only and label != args.only:
            continue
        print(f"  {label}: {processes} process(es) behind nginx, PostgreSQL + Redis", flush=True)
        group = Group(processes, connections=(args.voters + args.walls) * 2 + 256)
        try:
            results[label] = asyncio.run(
                measure(label, group, args.voters, args.walls, args.rate, args.saturation_seconds)
            )
        finally:
            group.stop()
    if args.only:
        return 0
    one, two = results["one"], results["two"]
    bench("scaleout_saturation_ratio_two_to_one", two["saturation"] / one["saturation"], "x")
    bench("scaleout_ack_p99_ratio_two_to_one", two["ack_p99"] / one["ack_p99"], "x")
    print(f"  total {time.perf_counter() - began:.0f} s", flush=True)
    return 0
