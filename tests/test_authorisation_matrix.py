"""Every HTTP route and every Socket.IO action, tried as every role.

The test enumerates the routes and actions itself, so a new route without a rule, or a rule
that lets the wrong role in, fails here. Roles: anonymous, participant of another event,
participant, jury, mentor, display, facilitator of another event, facilitator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask

from hackkit.actions import ACTIONS
from hackkit.extensions import db, socketio
from hackkit.pages import PAGE_RULES

ROLES = (
    "anonymous",
    "participant_other",
    "participant",
    "jury",
    "mentor",
    "display",
    "facilitator_other",
    "facilitator",
)
ALLOWED_WITHOUT_AUTH_ISSUE = {200, 201, 204, 302, 400, 404, 409, 413, 422, 429}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass
class World:
    event: dict
    other_event: dict
    tokens: dict[str, str | None]  # role -> bearer token


def _jury_token(api, event_id: int) -> str | None:
    """A jury member's token, when the voting feature provides jury invitations."""
    try:
        from hackkit.voting import jury
    except ImportError:
        return None
    make = getattr(jury, "token_for_new_juror", None)
    if make is None:
        return None
    token = make(db.session(), event_id, "Judge Judy", 1.0)
    db.session.commit()
    return token


def _mentor_token(event_id: int) -> str:
    """A mentor's token (mentors are invited like jurors)."""
    from hackkit.events.models import Event
    from hackkit.mentors import roster

    mentor = roster.invite_mentor(db.session(), db.session.get(Event, event_id), "Mo", [])
    db.session.commit()
    return roster.token_for_mentor(mentor)


@pytest.fixture
def world(api) -> World:
    fac = api.facilitator("owner")
    fac_other = api.facilitator("stranger")
    event = api.event(fac, "Mine")
    other = api.event(fac_other, "Theirs")
    tokens = {
        "anonymous": None,
        "participant": api.join(event["code"], "Pat")["token"],
        "participant_other": api.join(other["code"], "Olga")["token"],
        "display": api.display_token(event["id"]),
        "facilitator": fac,
        "facilitator_other": fac_other,
        "jury": _jury_token(api, event["id"]),
        "mentor": _mentor_token(event["id"]),
    }
    return World(event, other, tokens)


def _role_of(name: str) -> str | None:
    return {
        "participant_other": "participant",
        "facilitator_other": "facilitator",
        "anonymous": None,
    }.get(name, name)


def _url(rule: str, world: World) -> str:
    def fill(match: re.Match) -> str:
        name = match.group(2)
        if name == "event_id":
            return str(world.event["id"])
        if name == "code":
            return world.event["code"]
        return "999999" if match.group(1) == "int" else "x"

    return PARAM.sub(fill, rule)


def _expected_http(spec, role_name: str) -> str:
    """'auth' (must be refused with 401/403) or 'pass' (must get past the access check)."""
    if spec.roles is None:
        return "pass"
    role = _role_of(role_name)
    if role is None:
        return "auth"
    if role not in spec.roles:
        return "auth"
    if role_name.endswith("_other") and spec.event_scoped:
        return "auth"
    return "pass"


def test_every_route_has_an_access_rule(app: Flask):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("api."):
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "page_access", None) not in PAGE_RULES:
            missing.append(rule.rule)
    assert missing == [], f"routes without @page(...): {missing}"
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            assert rule.endpoint[4:] in ACTIONS, rule.rule


def test_every_http_action_admits_exactly_its_roles(app: Flask, api, world: World):
    client = app.test_client()
    failures = []
    tried = 0
    for spec in ACTIONS.values():
        if not spec.rule:
            continue
        for role_name in ROLES:
            token = world.tokens[role_name]
            if role_name == "jury" and token is None:
                continue
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = client.open(
                _url(spec.rule, world), method=spec.method, json={}, headers=headers
            )
            tried += 1
            expected = _expected_http(spec, role_name)
            status = response.status_code
            ok = (
                status in (401, 403) if expected == "auth" else status in ALLOWED_WITHOUT_AUTH_ISSUE
            )
            if not ok or status >= 500:
                failures.append(
                    f"{spec.method} {spec.rule} as {role_name}: {status} (expected {expected})"
                )
            if spec.name == "display.revoke" and status == 200:
                # The owner just revoked the display link the later rows use: take the new one.
                db.session.expire_all()
                world.tokens["display"] = api.display_token(world.event["id"])
    assert failures == [], "\n".join(failures)
    assert tried >= 7 * 10
    print(f"authorisation matrix: {tried} HTTP route × role cases")


# Connection-level handlers that are not actions: any connected client may call them.
CONNECTION_LEVEL = {"connect", "disconnect", "clock"}


def socket_events() -> list[str]:
    """Every event the Socket.IO server handles, as registered on the server itself."""
    return sorted(set(socketio.server.handlers.get("/", {})) - CONNECTION_LEVEL)


def test_every_socket_event_has_an_access_rule(app: Flask):
    # Handlers registered straight on the server (the lean vote path) are found here too.
    events = socket_events()
    assert "vote.cast" in events
    missing = [name for name in events if name not in ACTIONS]
    assert missing == [], f"Socket.IO events without a declared action and roles: {missing}"


def test_every_socket_action_admits_exactly_its_roles(app: Flask, world: World):
    failures = []
    tried = 0
    for role_name in ROLES:
        token = world.tokens[role_name]
        if token is None:
            if role_name == "anonymous":
                assert not socketio.test_client(app).is_connected()
            continue
        auth = {"token": token}
        if role_name.startswith("facilitator"):
            auth["event_id"] = world.event["id"]
        client = socketio.test_client(app, auth=auth)
        if role_name == "facilitator_other":
            assert not client.is_connected(), "a facilitator connected to someone else's event"
            continue
        assert client.is_connected(), role_name
        for name in socket_events():
            spec = ACTIONS[name]
            payload = {param: 999999 for param in spec.path_params}
            reply = client.emit(name, payload, callback=True)
            tried += 1
            code = (reply.get("error") or {}).get("code") if isinstance(reply, dict) else "no-ack"
            refused = code in ("forbidden", "unauthorised", "not_eligible")
            allowed = spec.roles is None or _role_of(role_name) in spec.roles
            if code in ("internal", "no-ack") or refused == allowed:
                failures.append(f"{name} as {role_name}: {code or 'ok'}")
            # Stay under the per-connection rate limit while walking every action.
            client.get_received()
            from hackkit.realtime import connections

            for conn in connections.values():
                conn.bucket.tokens = conn.bucket.burst
        client.disconnect()
    assert failures == [], "\n".join(failures)
    print(f"authorisation matrix: {tried} Socket.IO event × role cases")


def test_participant_of_another_event_reads_only_their_own_event(app: Flask, world: World):
    client = socketio.test_client(app, auth={"token": world.tokens["participant_other"]})
    snap = client.emit("sync", {}, callback=True)["data"]["state"]
    assert snap["event"]["id"] == world.other_event["id"]


def test_pages_follow_their_rules(app: Flask, world: World):
    """Facilitator pages send strangers to sign in; another facilitator's event is not shown."""
    anonymous = app.test_client()
    failures = []
    for rule in app.url_map.iter_rules():
        if (
            "GET" not in rule.methods
            or rule.endpoint == "static"
            or rule.endpoint.startswith("api.")
        ):
            continue
        access = getattr(app.view_functions[rule.endpoint], "page_access", None)
        url = _url(rule.rule, world)
        response = anonymous.get(url)
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
        if access == "facilitator" and response.status_code != 302:
            failures.append(
                f"{url} (facilitator page) answered {response.status_code} to anonymous"
            )
        if access == "display" and response.status_code == 200:
            failures.append(f"{url} (display page) answered 200 without a display key")
        response.close()
    assert failures == [], "\n".join(failures)


def test_another_facilitator_cannot_open_this_events_console_pages(app: Flask, world: World):
    from hackkit.accounts.models import Facilitator

    stranger = db.session.query(Facilitator).filter_by(username="stranger").one()
    client = app.test_client()
    with client.session_transaction() as session:
        session["fid"], session["fv"] = stranger.id, stranger.token_version
    opened = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "GET" not in rule.methods or getattr(view, "page_access", None) != "facilitator":
            continue
        if "event_id" not in rule.arguments:
            continue
        response = client.get(_url(rule.rule, world))
        if response.status_code == 200:
            opened.append(rule.rule)
        response.close()
    assert opened == [], f"another facilitator opened: {opened}"
