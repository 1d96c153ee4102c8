"""``vote.cast`` over Socket.IO: the same action as ``POST .../votes``, on a leaner path.

A vote storm is the one moment the server's per-event overhead decides what a laptop can take.
Measured under load, the generic path spent a quarter of the server's time re-reading the
event row to check access, and another tenth building a Flask request context (and opening the
cookie session) that a vote does not use. Neither adds anything here: the connection's
principal was checked against this event when it connected, and a removed participant or juror
is disconnected at once.

So this handler is registered straight on the Socket.IO server, runs in a plain app context,
and does everything the generic one does (rate limit, role check, payload validation, logging
of refusals that concern trust) except those two, then calls the same service as the HTTP
route. See docs/performance.md ("Voting") for the figures.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from hackkit.actions import ACTIONS, _path_from_payload, _validate
from hackkit.errors import Forbidden, RateLimited, ServiceError
from hackkit.extensions import db, socketio
from hackkit.realtime import connections
from hackkit.seclog import security_event
from hackkit.voting.casting import cast_vote

log = logging.getLogger("hackkit.voting.events")
EVENT = "vote.cast"


def cast_over_socket(app: Flask, sid: str, payload: Any = None) -> dict[str, Any]:
    """Handle one ``vote.cast`` event; answers like every action: ``{ok, data | error}``."""
    spec = ACTIONS[EVENT]
    with app.app_context():
        try:
            conn = connections.get(sid)
            if conn is None:
                raise ServiceError("not_connected", "This connection is not signed in.", status=401)
            wait = conn.bucket.take(spec.cost)
            if wait:
                raise RateLimited(wait)
            principal = conn.principal
            if spec.roles is not None and principal.role not in spec.roles:
                raise Forbidden(f"Only a {' or '.join(sorted(spec.roles))} may do that.")
            path, rest = _path_from_payload(spec, payload)
            body = _validate(spec, rest)
            try:
                with db.transaction() as session:
                    result = cast_vote(
                        session,
                        conn.event_id,
                        principal,
                        path["ballot_id"],
                        body.vote_id,
                        body.content,
                    )
            finally:
                db.remove()
        except ServiceError as exc:
            if exc.status in (401, 403, 429):
                environ = socketio.server.environ.get(sid) or {}
                security_event(
                    "refused",
                    outcome=exc.code,
                    action_name=EVENT,
                    transport="socket",
                    address=environ.get("REMOTE_ADDR"),
                )
            return {"ok": False, "error": exc.to_dict()}
        except Exception:
            log.exception("vote.cast failed")
            return {"ok": False, "error": {"code": "internal", "message": "Something went wrong."}}
    return {"ok": True, "data": result}


def init_app(app: Flask) -> None:
    """Register the handler on this app's Socket.IO server (called when the app is built)."""

    def handler(sid: str, payload: Any = None) -> dict[str, Any]:
        return cast_over_socket(app, sid, payload)

    socketio.server.on(EVENT, handler, namespace="/")
