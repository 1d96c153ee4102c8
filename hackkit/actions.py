"""Actions: one declaration, served over HTTP and Socket.IO alike, described in OpenAPI.

An action names who may call it, the pydantic model of its payload and, when it has one, its
HTTP route. The HTTP view and the Socket.IO handler are both generated from that declaration
and both call the same function, so a rule cannot be enforced on one path and forgotten on the
other. The action function stays thin: it calls a service, which does the work.

One action may take a lean Socket.IO path (``socket="lean"``, see :func:`_lean_socket_handler`):
the same checks, refusals and logging, built from the same parts, minus two costs a vote storm
cannot afford.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Literal

from flask import Flask, jsonify, request
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from hackkit.access import check_event_access
from hackkit.admission import storm_gate
from hackkit.auth import Principal, resolve
from hackkit.errors import Forbidden, NotFound, RateLimited, ServiceError, Unauthorised
from hackkit.events import status as event_status
from hackkit.events.models import Event
from hackkit.extensions import csrf, db, socketio
from hackkit.realtime import Connection, connection_of
from hackkit.seclog import security_event

log = logging.getLogger("hackkit.actions")

ALL_ROLES = frozenset({"facilitator", "participant", "display", "jury", "mentor"})
# The roles a locked or finished event turns read-only (events/states.py). Facilitators keep
# every power; displays only register and report their screens.
READ_ONLY_WHEN_LOCKED = frozenset({"participant", "jury", "mentor"})
_PATH_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass
class Ctx:
    """What an action function gets: the transaction, who acts, and the event acted on."""

    session: Session
    principal: Principal | None
    event: Event | None  # the row, checked for this principal; None on the lean socket path
    event_id: int | None  # always set when the action acts on an event
    remote_addr: str
    transport: str  # "http" or "socket"


SocketPath = bool | Literal["lean"]


@dataclass(frozen=True)
class Action:
    """A declared action (see module docstring)."""

    name: str
    func: Callable[..., Any]
    roles: frozenset[str] | None  # None: anyone, signed in or not
    body: type[BaseModel] | None
    method: str | None
    rule: str | None
    summary: str
    socket: SocketPath
    cost: float
    gated: bool  # an expensive read that a reconnect storm sends by the hundred (admission.py)
    max_body: int | None = None  # a larger HTTP body than the app's limit (an event archive)

    @property
    def event_scoped(self) -> bool:
        return self.rule is None or "<int:event_id>" in self.rule

    @property
    def writes(self) -> bool:
        """Everything but a GET may change something (and so is refused in a locked event)."""
        return self.method != "GET"

    @property
    def path_params(self) -> list[str]:
        return [name for _conv, name in _PATH_PARAM.findall(self.rule or "") if name != "event_id"]


ACTIONS: dict[str, Action] = {}


def action(
    name: str,
    *,
    roles: Collection[str] | None,
    body: type[BaseModel] | None = None,
    http: str | None = None,
    socket: SocketPath = True,
    cost: float = 1.0,
    gated: bool = False,
    max_body: int | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare an action. ``http`` is ``"METHOD /api/rule"``; the docstring is its summary.

    ``socket``: ``True`` serves it as a Socket.IO event too, ``False`` over HTTP only, and
    ``"lean"`` as an event on the lean path of the vote storm (see :func:`_lean_socket_handler`).
    """

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        method, rule = http.split(" ", 1) if http else (None, None)
        if name in ACTIONS:
            raise RuntimeError(f"action {name!r} declared twice")
        if socket == "lean" and gated:
            raise RuntimeError(f"action {name!r}: the lean socket path does not wait for admission")
        ACTIONS[name] = Action(
            name=name,
            func=func,
            roles=frozenset(roles) if roles is not None else None,
            body=body,
            method=method,
            rule=rule,
            summary=(func.__doc__ or name).strip().splitlines()[0],
            socket=socket,
            cost=cost,
            gated=gated,
            max_body=max_body,
        )
        return func

    return register


def _validate(spec: Action, payload: Any) -> BaseModel | None:
    if spec.body is None:
        return None
    if payload is None:
        payload = {}
    try:
        return spec.body.model_validate(payload)
    except ValidationError as exc:
        problems = [
            {"field": ".".join(str(p) for p in err["loc"]) or "(payload)", "message": err["msg"]}
            for err in exc.errors(include_url=False, include_input=False)
        ][:20]
        first = problems[0]
        raise ServiceError(
            "invalid_payload", f"{first['field']}: {first['message']}", problems=problems
        ) from None


def _check_role(spec: Action, principal: Principal | None) -> None:
    if spec.roles is not None:
        if principal is None:
            raise Unauthorised()
        if principal.role not in spec.roles:
            raise Forbidden(f"Only a {' or '.join(sorted(spec.roles))} may do that.")


def _check_event_writable(
    spec: Action, principal: Principal | None, state: Callable[[], str]
) -> None:
    """The one place participants' and jurors' changes meet the event's state: locked, ended
    and archived events refuse them all, over HTTP and both socket paths alike."""
    if spec.writes and principal is not None and principal.role in READ_ONLY_WHEN_LOCKED:
        event_status.refuse_participant_write(state())


def _call(spec: Action, ctx: Ctx, body: BaseModel | None, path: dict[str, Any]) -> Any:
    try:
        return spec.func(ctx, body, **path) if body is not None else spec.func(ctx, **path)
    except (OverflowError, DataError) as exc:
        # A value the schema let through but the database cannot hold (a payload model
        # missing a bound): still the caller's error, and the transaction rolls back.
        log.warning(
            "action %s: value out of range for the database: %s", spec.name, type(exc).__name__
        )
        raise ServiceError(
            "value_out_of_range", "A number or text in the request is out of range."
        ) from None


def invoke(
    spec: Action,
    *,
    principal: Principal | None,
    event_id: int | None,
    payload: Any,
    path: dict[str, Any],
    remote_addr: str,
    transport: str,
) -> Any:
    """Check who acts, then the payload, then run the action in one transaction and commit.

    Access is checked before the payload, so someone who may not act learns nothing from
    validation errors; a refusal at any step rolls back, so it changes nothing.
    """
    _check_role(spec, principal)
    # Wait for admission before taking a database connection, never while holding one.
    with storm_gate.held() if spec.gated else nullcontext(), db.transaction() as session:
        event = None
        if spec.event_scoped and event_id is not None:
            if principal is None:
                event = session.get(Event, event_id)
                if event is None:
                    raise NotFound("That event")
            else:
                event = check_event_access(session, principal, event_id, spec.roles)
                _check_event_writable(spec, principal, lambda: event.status)
        body = _validate(spec, payload)
        event_ref = event.id if event is not None else None
        ctx = Ctx(session, principal, event, event_ref, remote_addr, transport)
        return _call(spec, ctx, body, path)


# --- HTTP ------------------------------------------------------------------------------------


def bearer_principal(session: Session) -> Principal | None:
    """The principal named by the request's ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorised("Use 'Authorization: Bearer <token>'.")
    return resolve(session, token.strip())


def error_response(exc: ServiceError):
    """The JSON form of a refusal."""
    response = jsonify({"ok": False, "error": exc.to_dict()})
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(max(1, round(exc.extra.get("retry_after", 1))))
    return response, exc.status


def _http_view(spec: Action) -> Callable[..., Any]:
    def view(**kwargs: Any):
        event_id = kwargs.pop("event_id", None)
        try:
            principal = bearer_principal(db.session())
            payload = None
            if spec.max_body is not None:
                request.max_content_length = spec.max_body
            if spec.body is not None and spec.method in {"POST", "PUT", "PATCH"}:
                payload = request.get_json(silent=True)
                if payload is None:
                    raise ServiceError("invalid_json", "The request body must be a JSON object.")
            elif spec.body is not None:
                payload = request.args.to_dict()
            result = invoke(
                spec,
                principal=principal,
                event_id=event_id,
                payload=payload,
                path=kwargs,
                remote_addr=request.remote_addr or "",
                transport="http",
            )
        except ServiceError as exc:
            _log_refusal(spec, exc, "http", request.remote_addr)
            return error_response(exc)
        return jsonify({"ok": True, "data": result})

    view.__name__ = f"api_{spec.name.replace('.', '_')}"
    return view


# --- Socket.IO -------------------------------------------------------------------------------


def _log_refusal(spec: Action, exc: ServiceError, transport: str, address: str | None) -> None:
    # Only refusals that say something about trust; a taken display name is not an incident.
    if exc.status in (401, 403, 429):
        security_event(
            "refused",
            outcome=exc.code,
            action_name=spec.name,
            transport=transport,
            address=address,
        )


def _path_from_payload(spec: Action, payload: Any) -> tuple[dict[str, int], Any]:
    """Socket payloads carry the route's ids as fields, e.g. ``{"challenge_id": 3, ...}``."""
    names = spec.path_params
    if not names:
        return {}, payload
    if not isinstance(payload, dict):
        raise ServiceError("invalid_payload", f"(payload): expected an object with {names[0]}")
    rest = dict(payload)
    path: dict[str, int] = {}
    for name in names:
        value = rest.pop(name, None)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**53:
            raise ServiceError("invalid_payload", f"{name}: a positive whole number is required")
        path[name] = value
    return path, rest


SocketRun = Callable[[Action, str, Connection, Any], Any]  # (spec, sid, connection, payload)


def _socket_reply(
    spec: Action, sid: str, payload: Any, run: SocketRun, address: Callable[[str], str | None]
) -> dict[str, Any]:
    """Answer one event like every action, ``{ok, data | error}``, on either socket path.

    Both take the connection's rate bucket, log the refusals that concern trust and hide an
    unexpected failure behind the same body; ``run`` is what the path does in between.
    """
    try:
        conn = connection_of(sid)
        wait = conn.bucket.take(spec.cost)
        if wait:
            raise RateLimited(wait)
        result = run(spec, sid, conn, payload)
    except ServiceError as exc:
        _log_refusal(spec, exc, "socket", address(sid))
        return {"ok": False, "error": exc.to_dict()}
    except Exception:
        log.exception("action %s failed", spec.name)
        return {"ok": False, "error": {"code": "internal", "message": "Something went wrong."}}
    return {"ok": True, "data": result}


def _request_address(_sid: str) -> str | None:
    return request.remote_addr


def _invoke_in_request(spec: Action, _sid: str, conn: Connection, payload: Any) -> Any:
    path, rest = _path_from_payload(spec, payload)
    return invoke(
        spec,
        principal=conn.principal,
        event_id=conn.event_id,
        payload=rest,
        path=path,
        remote_addr=request.remote_addr or "",
        transport="socket",
    )


def _socket_handler(spec: Action) -> Callable[..., Any]:
    def handler(payload: Any = None) -> dict[str, Any]:
        return _socket_reply(
            spec,
            request.sid,  # type: ignore[attr-defined]
            payload,
            _invoke_in_request,
            _request_address,
        )

    return handler


def _environ_address(sid: str) -> str | None:
    environ = socketio.server.environ.get(sid) or {}
    return environ.get("REMOTE_ADDR")


def _invoke_lean(spec: Action, sid: str, conn: Connection, payload: Any) -> Any:
    _check_role(spec, conn.principal)
    path, rest = _path_from_payload(spec, payload)
    body = _validate(spec, rest)
    try:
        with db.transaction() as session:
            _check_event_writable(
                spec, conn.principal, lambda: event_status.cached_state(session, conn.event_id)
            )
            address = _environ_address(sid) or ""
            ctx = Ctx(session, conn.principal, None, conn.event_id, address, "socket")
            return _call(spec, ctx, body, path)
    finally:
        db.remove()


def _lean_socket_handler(app: Flask, spec: Action) -> Callable[..., Any]:
    """``socket="lean"``: the event on a leaner path, for the one action a storm is made of.

    A vote storm is the one moment the server's per-event overhead decides what a laptop can
    take. Measured under load, the generic path spent a quarter of the server's time re-reading
    the event row to check access, and another tenth building a Flask request context (and
    opening the cookie session) that a vote does not use. Neither adds anything here: the
    connection's principal was checked against this event when it connected, and a removed
    participant or juror is disconnected at once.

    So this handler is registered straight on the Socket.IO server, runs in a plain app
    context, and does everything the generic one does (rate limit, role check, payload
    validation, logging of refusals that concern trust) except those two: the action gets the
    connection's ``event_id`` and no ``event``. See docs/performance.md ("Voting") for the
    figures.
    """

    def handler(sid: str, payload: Any = None) -> dict[str, Any]:
        with app.app_context():
            return _socket_reply(spec, sid, payload, _invoke_lean, _environ_address)

    return handler


def init_app(app: Flask) -> None:
    """Bind every declared action to its HTTP route and its Socket.IO event."""
    for spec in ACTIONS.values():
        if spec.rule:
            view = csrf.exempt(
                _http_view(spec)
            )  # bearer tokens are never sent by a browser unasked
            app.add_url_rule(
                spec.rule, endpoint=f"api.{spec.name}", view_func=view, methods=[spec.method]
            )
        if spec.socket == "lean":
            socketio.server.on(spec.name, _lean_socket_handler(app, spec), namespace="/")
        elif spec.socket:
            socketio.on_event(spec.name, _socket_handler(spec))
