"""The realtime core with Flask-SocketIO's test client: auth, commit-then-tell, snapshots."""

from __future__ import annotations

import pytest

from hackkit.errors import ServiceError
from hackkit.events.models import Event
from hackkit.extensions import db, socketio
from hackkit.realtime import coalescer, publish


def connect(app, token, event_id=None):
    auth = {"token": token} | ({"event_id": event_id} if event_id else {})
    return socketio.test_client(app, auth=auth)


def updates(client):
    return [m["args"][0] for m in client.get_received() if m["name"] == "update"]


def test_connection_without_a_valid_token_is_refused(app):
    assert not socketio.test_client(app).is_connected()
    assert not socketio.test_client(app, auth={"token": "participant.nope"}).is_connected()
    assert not socketio.test_client(app, auth={"token": 42}).is_connected()


def test_facilitator_must_name_an_event_they_own(app, api):
    fac = api.facilitator()
    mine = api.event(fac)
    theirs = api.event(api.facilitator("otto"))
    assert not connect(app, fac).is_connected()
    assert not connect(app, fac, theirs["id"]).is_connected()
    assert connect(app, fac, mine["id"]).is_connected()


def test_messages_are_sent_only_after_commit_and_never_after_rollback(app, api):
    fac = api.facilitator()
    event = api.event(fac)
    client = connect(app, api.display_token(event["id"]))
    client.get_received()
    session = db.session()
    with pytest.raises(ServiceError), db.transaction() as tx:
        publish(tx, event["id"], "announcement.posted", {"id": 1})
        assert updates(client) == []  # queued, not sent, while the transaction is open
        raise ServiceError("boom", "refused after publishing")
    assert updates(client) == []
    assert session.get(Event, event["id"]).rev == 0  # the revision bump rolled back too
    with db.transaction() as tx:
        rev = publish(tx, event["id"], "announcement.posted", {"id": 2})
    assert updates(client) == [{"rev": rev, "type": "announcement.posted", "data": {"id": 2}}]


def test_sync_returns_the_role_specific_snapshot(app, api):
    fac = api.facilitator()
    event = api.event(fac)
    joined = api.join(event["code"], "Ada")
    participant = connect(app, joined["token"])
    snap = participant.emit("sync", {}, callback=True)
    assert snap["ok"] is True
    state = snap["data"]["state"]
    assert state["me"]["name"] == "Ada"
    assert "participants" not in state  # the roster is for facilitators
    console = connect(app, fac, event["id"])
    roster = console.emit("sync", {}, callback=True)["data"]["state"]["participants"]
    assert [p["name"] for p in roster] == ["Ada"]


def test_bad_payloads_get_an_error_ack_and_change_nothing(app, api):
    fac = api.facilitator()
    event = api.event(fac)
    console = connect(app, fac, event["id"])
    for payload in [
        None,
        "text",
        [],
        {"body_md": ""},
        {"body_md": 5},
        {"body_md": "x", "extra": 1},
    ]:
        reply = console.emit("announcement.post", payload, callback=True)
        assert reply["ok"] is False
        assert reply["error"]["code"] == "invalid_payload"
    reply = console.emit("challenge.update", {"challenge_id": "1", "title": "x"}, callback=True)
    assert reply["error"]["code"] == "invalid_payload"
    assert db.session.get(Event, event["id"]).rev == 0


def test_socket_events_are_rate_limited_per_connection(app, api):
    fac = api.facilitator()
    event = api.event(fac)
    console = connect(app, fac, event["id"])
    replies = [console.emit("markdown.preview", {"text": "x"}, callback=True) for _ in range(80)]
    limited = [r for r in replies if not r["ok"]]
    assert limited and limited[0]["error"]["code"] == "rate_limited"
    assert replies[0]["ok"] is True


def test_coalescer_merges_many_changes_into_few_pushes(app, api):
    import time

    fac = api.facilitator()
    event = api.event(fac)
    display = connect(app, api.display_token(event["id"]))
    display.get_received()
    began = time.monotonic()
    for n in range(50):
        api.join(event["code"], f"P{n}")
    stats = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (not stats or stats[-1]["data"]["participants"] < 50):
        coalescer.flush()
        views = [m["args"][0] for m in display.get_received() if m["name"] == "view"]
        stats += [v for v in views if v["type"] == "stats"]
        time.sleep(0.05)
    elapsed = time.monotonic() - began
    assert stats and stats[-1]["data"]["participants"] == 50
    # Head counts go out at most twice a second, however many people join.
    assert len(stats) <= elapsed / 0.5 + 2
    assert [s["seq"] for s in stats] == sorted(s["seq"] for s in stats)


def test_clock_answers_with_server_times(app, api):
    fac = api.facilitator()
    event = api.event(fac)
    client = connect(app, api.display_token(event["id"]))
    reply = client.emit("clock", {"t0": 123.5}, callback=True)
    assert reply["t0"] == 123.5 and reply["t1"] <= reply["t2"]


def test_syncs_arriving_together_build_the_shared_state_once(app, api, monkeypatch):
    """A storm of phones syncing at one revision costs one build of the public state, even when
    every read yields (PostgreSQL under gevent), and each phone still gets all of it."""
    import threading
    import time

    from hackkit import realtime
    from hackkit.auth import resolve

    fac = api.facilitator()
    event = api.event(fac)
    tokens = [api.join(event["code"], f"Phone {n}")["token"] for n in range(6)]
    builds = []

    def slow_shared_part(session, event, principal):
        builds.append(principal.role)
        time.sleep(0.3)  # a read that yields: the other syncs arrive meanwhile
        return {"slow": "ready"}

    parts = [*realtime._snapshot_parts, (slow_shared_part, True)]
    monkeypatch.setattr(realtime, "_snapshot_parts", parts)
    results = [None] * len(tokens)

    def sync(n):
        with app.app_context():
            try:
                with db.transaction() as session:
                    principal = resolve(session, tokens[n])
                    results[n] = realtime.build_snapshot(session, event["id"], principal)
            finally:
                db.remove()

    threads = [threading.Thread(target=sync, args=(n,)) for n in range(len(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert builds == ["participant"]
    assert [r["state"]["slow"] for r in results] == ["ready"] * len(tokens)
    assert sorted(r["state"]["me"]["name"] for r in results) == [f"Phone {n}" for n in range(6)]

    with app.app_context(), db.transaction() as tx:
        publish(tx, event["id"], "announcement.posted", {"id": 1})
    sync(0)  # a newer revision: built again
    assert builds == ["participant", "participant"]


def test_shared_states_are_kept_for_recent_events_only(app, api, monkeypatch):
    """A server running through event after event holds the public state of the few synced
    lately, not of every event it has seen; an event that fell out is rebuilt, still right."""
    from cachetools import LRUCache

    from hackkit import realtime
    from hackkit.auth import resolve

    monkeypatch.setattr(realtime, "_shared_cache", LRUCache(maxsize=2))
    builds = []

    def counted_part(session, event, principal):
        builds.append(event.id)
        return {}

    monkeypatch.setattr(
        realtime, "_snapshot_parts", [*realtime._snapshot_parts, (counted_part, True)]
    )
    fac = api.facilitator()
    events = [api.event(fac, f"Sprint {n}") for n in range(3)]
    tokens = [api.join(e["code"], f"Guest {n}")["token"] for n, e in enumerate(events)]

    def sync(n):
        with app.app_context(), db.transaction() as session:
            return realtime.build_snapshot(session, events[n]["id"], resolve(session, tokens[n]))

    for n in range(3):
        sync(n)
    assert len(realtime._shared_cache) == 2
    sync(2)  # recent: served from memory
    assert builds == [e["id"] for e in events]
    again = sync(0)  # fell out: rebuilt from the database
    assert builds[-1] == events[0]["id"]
    assert again["state"]["me"]["name"] == "Guest 0"
