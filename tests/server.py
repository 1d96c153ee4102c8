"""Run a real hackkit server process (gevent by default) for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def _raise_file_limit() -> None:
    # Each WebSocket holds a socket or two; thousands of phones need more than the default 1,024.
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    """A ``hackkit serve`` child process on a free port."""

    instance: Path
    database_url: str
    async_mode: str = "gevent"
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> ServerProcess:
        env = (
            os.environ
            | {
                "HACKKIT_INSTANCE_PATH": str(self.instance),
                "HACKKIT_DATABASE_URL": self.database_url,
                "HACKKIT_ASYNC_MODE": self.async_mode,
                "HACKKIT_JOIN_RATE": "100000",
                "PYTHONWARNINGS": "ignore",
            }
            | self.extra_env
        )
        if getattr(self, "log", None):
            self.log.close()  # a restart after kill() reopens it
        self.log = open(self.instance.parent / f"server-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hackkit",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=_raise_file_limit,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log.name}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not answer within {timeout}s; see {self.log.name}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)
        if getattr(self, "log", None):
            self.log.close()


NGINX_SITE = ROOT / "deploy" / "nginx" / "hackkit.conf"


def nginx_binary() -> str | None:
    """Debian's nginx, if installed (``scripts/setup --dev`` installs it)."""
    import shutil

    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


@dataclass
class Nginx:
    """The shipped nginx site (``deploy/nginx/hackkit.conf``) in front of hackkit processes.

    Only the upstream list and the listen address change; everything else is the file as
    shipped, so the tests and the scale-out benchmark exercise what a deployment runs.
    """

    folder: Path
    upstream_ports: list[int]
    port: int = field(default_factory=free_port)
    worker_connections: int = 1024
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def site(self) -> str:
        lines = [
            line
            for line in NGINX_SITE.read_text().splitlines(keepends=True)
            if not line.strip().startswith("server 127.0.0.1:")
        ]
        text = "".join(lines)
        servers = "".join(
            f"    server 127.0.0.1:{port} max_fails=2 fail_timeout=5s;\n"
            for port in self.upstream_ports
        )
        text = text.replace(
            "hash $hackkit_route consistent;\n", "hash $hackkit_route consistent;\n" + servers, 1
        )
        return text.replace("listen 8080;", f"listen 127.0.0.1:{self.port};", 1)

    def start(self) -> Nginx:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (scripts/setup --dev installs it)")
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "hackkit.conf").write_text(self.site())
        (folder / "nginx.conf").write_text(
            f"""
worker_processes 1;
worker_rlimit_nofile {self.worker_connections * 2 + 64};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
daemon off;
events {{ worker_connections {self.worker_connections}; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/hackkit.conf;
}}
"""
        )
        check = subprocess.run(
            [binary, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused the configuration: {check.stderr}")
        self.proc = subprocess.Popen(
            [binary, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                requests.get(self.url + "/healthz", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("nginx did not answer within 10 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def unreachable_services(pg_dsn: str, redis_url: str) -> str | None:
    """Why PostgreSQL or Redis cannot be used here (for a clear skip), or None."""
    try:
        import psycopg

        psycopg.connect(pg_dsn, connect_timeout=3).close()
    except Exception as exc:
        return f"PostgreSQL not reachable ({pg_dsn}): {exc}"
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:
        return f"Redis not reachable ({redis_url}): {exc}"
    return None
