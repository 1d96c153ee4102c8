"""Settings, read from ``HACKKIT_*`` environment variables with defaults that run on a laptop.

Every setting is documented here and in README.md; nothing secret is written in the code: the
secret key is generated at first run and kept in the instance folder.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ASYNC_MODES = ("gevent", "eventlet", "threading")


def _env(name: str, default: str) -> str:
    return os.environ.get(f"HACKKIT_{name}", default)


@dataclass
class Settings:
    """Runtime settings; ``from_env`` documents each variable and its default."""

    instance_path: Path = field(default_factory=lambda: Path("instance").resolve())
    database_url: str = ""  # empty: SQLite file in the instance folder
    message_queue: str = ""  # e.g. redis://127.0.0.1:6379/0 to run as one of several processes
    queue_channel: str = "hackkit"  # several hackkit groups may share one Redis
    async_mode: str = "gevent"
    proxy_count: int = 0  # trusted reverse proxies in front (nginx: 1), for client addresses
    public_url: str = ""  # the URL phones use, when the laptop's own address is not it
    allowed_origins: tuple[str, ...] = ()  # extra origins allowed to open Socket.IO connections
    db_pool_size: int = 20
    join_rate_per_minute: int = 1200  # per client address: 500 people behind one NAT join fine
    socket_events_per_second: float = 20.0  # per connection, sustained
    socket_event_burst: int = 40
    playbook_dirs: tuple[Path, ...] = ()
    testing: bool = False
    secret_key: str = ""

    @classmethod
    def from_env(cls) -> Settings:
        """Read settings from the environment.

        HACKKIT_INSTANCE_PATH   instance folder (database, secret key, uploads); ./instance
        HACKKIT_DATABASE_URL    any SQLAlchemy URL; default sqlite:///<instance>/hackkit.db
        HACKKIT_MESSAGE_QUEUE   Redis URL shared by several server processes; default none
        HACKKIT_QUEUE_CHANNEL   name of this group's channel and keys in Redis; default hackkit
        HACKKIT_ASYNC_MODE      gevent (default), eventlet, or threading (tests only)
        HACKKIT_PROXY_COUNT     reverse proxies in front whose X-Forwarded-* to trust; default 0
        HACKKIT_PUBLIC_URL      base URL printed and in QR codes; default this laptop's LAN address
        HACKKIT_ALLOWED_ORIGINS comma-separated extra origins for Socket.IO; default none
        HACKKIT_DB_POOL_SIZE    database connections per process; default 20
        HACKKIT_JOIN_RATE       joins per minute per client address; default 1200
        HACKKIT_PLAYBOOK_DIRS   extra playbook folders, separated by os.pathsep
        """
        origins = tuple(
            o.strip().rstrip("/") for o in _env("ALLOWED_ORIGINS", "").split(",") if o.strip()
        )
        dirs = tuple(Path(p) for p in _env("PLAYBOOK_DIRS", "").split(os.pathsep) if p.strip())
        mode = _env("ASYNC_MODE", "gevent")
        if mode not in ASYNC_MODES:
            raise ValueError(
                f"HACKKIT_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}, not {mode!r}"
            )
        return cls(
            instance_path=Path(_env("INSTANCE_PATH", "instance")).resolve(),
            database_url=_env("DATABASE_URL", ""),
            message_queue=_env("MESSAGE_QUEUE", ""),
            queue_channel=_env("QUEUE_CHANNEL", "hackkit"),
            async_mode=mode,
            public_url=_env("PUBLIC_URL", "").rstrip("/"),
            proxy_count=int(_env("PROXY_COUNT", "0")),
            allowed_origins=origins,
            db_pool_size=int(_env("DB_POOL_SIZE", "20")),
            join_rate_per_minute=int(_env("JOIN_RATE", "1200")),
            playbook_dirs=dirs,
        )

    def with_overrides(self, overrides: dict[str, Any] | None) -> Settings:
        """A copy with the given fields replaced (used by tests and the CLI)."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        values = {f.name: getattr(self, f.name) for f in fields(self)} | overrides
        if isinstance(values["instance_path"], str):
            values["instance_path"] = Path(values["instance_path"]).resolve()
        return Settings(**values)

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the instance folder."""
        return self.database_url or f"sqlite:///{self.instance_path / 'hackkit.db'}"

    def load_secret_key(self) -> str:
        """The secret key: given, or read from the instance folder, or generated there once."""
        if self.secret_key:
            return self.secret_key
        self.instance_path.mkdir(parents=True, exist_ok=True)
        path = self.instance_path / "secret_key"
        if not path.exists():
            # O_EXCL: two processes starting at once must not write two different keys.
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_urlsafe(48))
        return path.read_text().strip()
