"""Structured logs of security-relevant actions: one JSON object per line, no secrets.

Who signed in or failed to, who joined or was removed, what was refused and why. Tokens,
passwords and cookies are never passed here; callers give ids and roles only, and any field
that looks like a token is masked as a last line of defence.
"""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any

log = logging.getLogger("hackkit.security")
_TOKENISH = re.compile(r"[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{10,}")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _TOKENISH.sub("[token]", value)[:200]
    if isinstance(value, int | float | bool) or value is None:
        return value
    return _clean(str(value))


def security_event(action: str, *, outcome: str = "ok", **fields: Any) -> None:
    """Log one security-relevant action (e.g. ``login``, ``join``, ``refused``)."""
    record = {"ts": round(time.time(), 3), "action": action, "outcome": outcome}
    record.update({key: _clean(value) for key, value in fields.items()})
    log.info(json.dumps(record, sort_keys=True))


def configure_logging(level: int = logging.INFO) -> None:
    """Send hackkit's logs to stderr as plain lines (the security ones are JSON already)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("hackkit")
    if not root.handlers:
        root.addHandler(handler)
    root.setLevel(level)
