"""Where the running server says it can be reached: a small file in the instance folder,
written when ``hackkit serve`` or ``hackkit demo`` starts and removed when it stops, so that
``hackkit facilitator link`` prints links for the server actually running (its port, its LAN
address) instead of guessing http://127.0.0.1:5000.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "server.json"
ASSUMED_URL = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class ServerRecord:
    """The running server's public base URL, its address on this laptop, and its process."""

    url: str
    local_url: str
    pid: int


def record_path(instance_path: Path) -> Path:
    return instance_path / FILE_NAME


def write_record(instance_path: Path, record: ServerRecord) -> None:
    """Record the server at start (replacing a record left by a server that crashed)."""
    path = record_path(instance_path)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(record)))
    temporary.replace(path)  # readers never see half a file


def remove_record(instance_path: Path, pid: int) -> None:
    """Remove the record at stop, if it is still this process's (another may have started)."""
    found = read_record(instance_path, check_alive=False)
    if found is not None and found.pid == pid:
        record_path(instance_path).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, but is someone else's (or the platform cannot tell): trust it
    return True


def read_record(instance_path: Path, check_alive: bool = True) -> ServerRecord | None:
    """The running server's record; None when there is none, it is unreadable, or the process
    that wrote it has gone (killed without removing it)."""
    try:
        data = json.loads(record_path(instance_path).read_text())
        record = ServerRecord(str(data["url"]), str(data["local_url"]), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if check_alive and not _alive(record.pid):
        return None
    return record
