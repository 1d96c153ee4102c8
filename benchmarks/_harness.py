"""What the load benchmarks share: a real server on a fresh instance, an event, a crowd."""

from __future__ import annotations

import asyncio
import resource
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from hackkit.simulate.http import request_json
from hackkit.simulate.wire import LeanSocket
from tests.server import ServerProcess


def raise_file_limit() -> None:
    """Thousands of client sockets need more than the default 1,024 descriptors."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@dataclass
class Bench:
    """A server process on a fresh instance folder, with one event in it."""

    server: ServerProcess
    instance: Path
    database_url: str
    event_id: int
    code: str
    facilitator_token: str
    display_token: str
    front_url: str | None = None  # a proxy in front of the server(s), when there is one

    @property
    def url(self) -> str:
        return self.front_url or self.server.url


def start(
    *, database_url: str | None = None, async_mode: str = "gevent", env: dict | None = None
) -> Bench:
    """Start ``hackkit serve`` on a fresh instance and seed one event through the services."""
    raise_file_limit()
    instance = Path(tempfile.mkdtemp(prefix="hackkit-bench-")) / "instance"
    instance.mkdir(parents=True)
    url = database_url or f"sqlite:///{instance / 'hackkit.db'}"
    server = ServerProcess(instance, url, async_mode=async_mode, extra_env=env or {}).start(
        timeout=60
    )
    fac, event_id, code, display = seed(url, instance)
    return Bench(server, instance, url, event_id, code, fac, display)


def seed(url: str, instance: Path) -> tuple[str, int, str, str]:
    """A facilitator and an event, made in this process on the server's database."""
    from hackkit import create_app
    from hackkit.accounts.service import create_facilitator
    from hackkit.auth import token_for_display, token_for_facilitator
    from hackkit.events import lifecycle
    from hackkit.extensions import db

    app = create_app({"database_url": url, "instance_path": instance, "async_mode": "threading"})
    with app.app_context():
        account = create_facilitator(
            db.session(), f"bench-{uuid.uuid4().hex[:6]}", "bench password"
        )
        event = lifecycle.create_event(db.session(), account.id, "Benchmark")
        db.session.commit()
        result = token_for_facilitator(account), event.id, event.code, token_for_display(event)
        db.remove()
        return result


async def join_many(
    url: str, code: str, n: int, *, concurrency: int = 100, prefix: str = "P"
) -> list[str]:
    """Join ``n`` participants over HTTP; return their tokens."""
    gate = asyncio.Semaphore(concurrency)
    tag = uuid.uuid4().hex[:4]

    async def one(i: int) -> str:
        async with gate:
            status, body = await request_json(
                url, "POST", "/api/join", {"code": code, "name": f"{prefix}{i} {tag}"}
            )
            if status != 200:
                raise RuntimeError(f"join failed: {status} {body}")
            return body["data"]["token"]

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def connect_many(
    url: str, tokens: list[str], *, concurrency: int = 200, sync: bool = False, **auth
) -> list[LeanSocket]:
    """Connect one lean socket per token (optionally syncing each); return the sockets."""
    gate = asyncio.Semaphore(concurrency)

    async def one(token: str) -> LeanSocket:
        async with gate:
            sock = await LeanSocket.connect(url, auth={"token": token, **auth}, timeout=60)
            if sync:
                reply = await sock.call("sync", {}, timeout=60)
                assert reply["ok"], reply
            return sock

    return list(await asyncio.gather(*(one(t) for t in tokens)))


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far, in seconds (from /proc)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid: int) -> int:
    """Resident memory of a process, in KB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start
