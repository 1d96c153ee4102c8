"""A bare Flask-SocketIO voting server under gevent: the reference the voting benchmark compares
hackkit against, in the same run on the same machine.

Modes:

* ``ack``: acknowledge each vote and do nothing else (the ceiling of Socket.IO itself);
* ``commit``: the naive design: commit each vote to SQLite on its own, count the votes and
  push that tally to every wall, once per vote.

Run: ``python -m benchmarks._bare_voting --port 5001 --mode ack --db /tmp/bare.db``.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import sqlite3  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402


def create(mode: str, db_path: str) -> tuple[Flask, SocketIO]:
    """The bare app for ``mode``."""
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent", cors_allowed_origins=None)
    conn: sqlite3.Connection | None = None
    if mode == "commit":
        conn = sqlite3.connect(db_path, check_same_thread=False)
        # The same durability settings as hackkit, so the comparison is fair.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS votes (vote_id TEXT PRIMARY KEY, voter TEXT, choice TEXT)"
        )
        conn.commit()

    @app.route("/healthz")
    def healthz() -> Any:
        return {"status": "ok"}

    @socketio.on("connect")
    def on_connect(auth: Any = None) -> bool:
        if isinstance(auth, dict) and auth.get("role") == "wall":
            join_room("walls")
        return True

    @socketio.on("vote.cast")
    def cast(payload: Any) -> dict[str, Any]:
        if conn is not None:
            content = payload.get("content") or {}
            conn.execute(
                "INSERT OR REPLACE INTO votes VALUES (?, ?, ?)",
                (payload.get("vote_id"), payload.get("voter"), content.get("choice")),
            )
            conn.commit()
            rows = conn.execute("SELECT choice, COUNT(*) FROM votes GROUP BY choice").fetchall()
            view = {"ballot_id": payload.get("ballot_id"), "tally": dict(rows), "at_ms": ms()}
            socketio.emit("view", {"type": "ballot.tally", "data": view}, to="walls")
        return {"ok": True, "data": {"at_ms": ms(), "duplicate": False}}

    return app, socketio


def ms() -> int:
    return int(time.time() * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=("ack", "commit"), default="ack")
    parser.add_argument("--db", default="bare-votes.db")
    args = parser.parse_args()
    app, socketio = create(args.mode, args.db)
    socketio.run(app, host="127.0.0.1", port=args.port, log_output=False)


if __name__ == "__main__":
    main()
