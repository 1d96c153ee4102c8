"""Two server processes sharing PostgreSQL and Redis: every client sees every update.

Uses the real PostgreSQL (127.0.0.1:5432, database ``test``) and Redis (127.0.0.1:6379); the
test is skipped, saying which, when either is not reachable.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
import requests

from tests.server import ROOT, ServerProcess, unreachable_services
from tests.test_realtime_server import Phone

pytestmark = pytest.mark.server

PG_URL = os.environ.get("HACKKIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("HACKKIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


@pytest.fixture
def group(tmp_path, database_url):
    """Two servers, A and B, on PostgreSQL with a Redis message queue."""
    reason = unreachable_services(PG_DSN, REDIS_URL)
    if reason:
        pytest.skip(reason)
    if database_url.startswith("postgresql"):
        url = database_url  # the suite's own PostgreSQL database, migrated and emptied per test
    else:
        url = PG_URL
        _reset_schema(url)
    env = {
        "HACKKIT_MESSAGE_QUEUE": REDIS_URL,
        "HACKKIT_QUEUE_CHANNEL": f"test-{uuid.uuid4().hex[:8]}",
    }
    instance = tmp_path / "instance"
    mode = os.environ.get("HACKKIT_TEST_ASYNC_MODE", "gevent")
    a = ServerProcess(instance, url, async_mode=mode, extra_env=env).start()
    b = ServerProcess(instance, url, async_mode=mode, extra_env=env).start()
    yield a, b, url, env, instance
    a.stop()
    b.stop()


def _reset_schema(url):
    """Start from an empty database (the servers migrate it when they start)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    with engine.begin() as conn:
        for table in inspect(conn).get_table_names():
            conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


def _seed(url, instance, env):
    """A facilitator token and an event, made through a local app on the same database."""
    from hackkit import create_app
    from hackkit.accounts.service import create_facilitator
    from hackkit.auth import token_for_display, token_for_facilitator
    from hackkit.events import lifecycle
    from hackkit.extensions import db

    app = create_app(
        {"database_url": url, "instance_path": instance, "async_mode": "threading", "testing": True}
    )
    with app.app_context():
        account = create_facilitator(
            db.session(), f"f-{uuid.uuid4().hex[:8]}", "long enough password"
        )
        event = lifecycle.create_event(db.session(), account.id, "Global sprint")
        db.session.commit()
        return token_for_facilitator(account), event.id, event.code, token_for_display(event)


def test_a_phone_on_one_process_and_a_wall_on_another_see_the_same_updates(group):
    a, b, url, env, instance = group
    fac, event_id, code, display_token = _seed(url, instance, env)
    joined = requests.post(
        f"{a.url}/api/join", json={"code": code, "name": "Ada"}, timeout=10
    ).json()["data"]
    phone = Phone(a.url, joined["token"])
    wall = Phone(b.url, display_token)
    try:
        start = wall.call("sync")["data"]["rev"]
        headers = {"Authorization": f"Bearer {fac}"}
        requests.post(
            f"{a.url}/api/events/{event_id}/announcements",
            json={"body_md": "from A"},
            headers=headers,
            timeout=10,
        )
        seen = wall.next_update("announcement.posted")
        assert seen["data"]["html"] == "<p>from A</p>" and seen["rev"] == start + 1
        assert phone.next_update("announcement.posted")["rev"] == start + 1

        # Joins on A are counted on B's wall, pushed once per tick by one process, not by both.
        for n in range(3):
            requests.post(f"{a.url}/api/join", json={"code": code, "name": f"P{n}"}, timeout=10)
        counts = [wall.next_view("stats", timeout=8)["data"]["participants"]]
        while counts[-1] < 4:
            counts.append(wall.next_view("stats", timeout=8)["data"]["participants"])
        assert counts[-1] == 4

        # A command run beside the servers pushes through the queue to both.
        env_cli = (
            os.environ | env | {"HACKKIT_DATABASE_URL": url, "HACKKIT_INSTANCE_PATH": str(instance)}
        )
        done = subprocess.run(
            [sys.executable, "-m", "hackkit", "announce", code, "from the CLI"],
            cwd=ROOT,
            env=env_cli,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert wall.next_update("announcement.posted")["data"]["html"] == "<p>from the CLI</p>"
        assert phone.next_update("announcement.posted")["data"]["html"] == "<p>from the CLI</p>"
        rev_before_kill = wall.call("sync")["data"]["rev"]
    finally:
        wall.close()

    # Process A dies; its phone reconnects through B and resyncs to exactly the same state.
    a.kill()
    phone.sio.disconnect()
    again = Phone(b.url, joined["token"])
    try:
        snap = again.call("sync", {"since": start})["data"]
        assert snap["rev"] == rev_before_kill
        texts = [x["html"] for x in snap["state"]["announcements"]]
        assert texts == ["<p>from the CLI</p>", "<p>from A</p>"]  # each once, none lost
        assert snap["state"]["stats"]["participants"] == 4
    finally:
        again.close()


def test_votes_and_ideas_cross_processes_and_survive_losing_one(group):
    a, b, url, env, instance = group
    fac, event_id, code, display_token = _seed(url, instance, env)
    base = f"/api/events/{event_id}"
    headers = {"Authorization": f"Bearer {fac}"}

    def join(server, name):
        reply = requests.post(
            f"{server.url}/api/join", json={"code": code, "name": name}, timeout=10
        )
        return reply.json()["data"]["token"]

    maker_token, voter_token = join(a, "Maker"), join(a, "Voter")
    maker = Phone(a.url, maker_token)
    wall = Phone(b.url, display_token)
    voter = Phone(a.url, voter_token)
    try:
        # A team forms and submits two ideas on A; the wall on B sees each one.
        assert maker.call("team.create", {"name": "Rockets"})["ok"]
        for title in ("Solar kiosk", "Bike library"):
            created = maker.call("idea.create", {"title": title})
            assert created["ok"], created
            seen = wall.next_update("idea.updated")
            assert seen["data"]["title"] == title

        ballot = requests.post(
            f"{b.url}{base}/ballots",
            json={"title": "People's choice", "method": "single", "visibility": "live"},
            headers=headers,
            timeout=10,
        ).json()["data"]
        opened = requests.post(f"{b.url}{base}/ballots/{ballot['id']}/open", headers=headers)
        assert opened.status_code == 200
        first, second = (str(option["id"]) for option in ballot["options"])

        # A vote on A reaches the tally on B's wall.
        vote = {
            "ballot_id": ballot["id"],
            "vote_id": uuid.uuid4().hex,
            "content": {"choice": first},
        }
        cast = voter.call("vote.cast", vote)
        assert cast["ok"] and not cast["data"]["duplicate"]
        view = wall.next_view("ballot.tally", timeout=8)
        while view["data"]["ballot_id"] != ballot["id"] or view["data"]["turnout"]["voted"] < 1:
            view = wall.next_view("ballot.tally", timeout=8)
        assert view["data"]["turnout"]["voted"] == 1
    finally:
        maker.close()
        wall.close()

    # A dies. Its voter comes back through B, resyncs, retries the vote whose ack it may have
    # missed (same id: counted once), then changes it (replaced, not added).
    a.kill()
    voter.sio.disconnect()
    again = Phone(b.url, voter_token)
    try:
        snap = again.call("sync", {})["data"]
        titles = sorted(idea["title"] for idea in snap["state"]["ideas"])
        assert titles == ["Bike library", "Solar kiosk"]
        retry = again.call("vote.cast", vote)
        assert retry["ok"] and retry["data"]["duplicate"]
        change = {**vote, "vote_id": uuid.uuid4().hex, "content": {"choice": second}}
        assert again.call("vote.cast", change)["ok"]
    finally:
        again.close()
    result = requests.get(
        f"{b.url}{base}/ballots/{ballot['id']}/result", headers=headers, timeout=10
    ).json()["data"]
    assert result["tally"]["ballots"] == 1
    scores = {str(row["option"]): row["score"] for row in result["tally"]["ranking"]}
    assert scores[second] == 1 and scores[first] == 0
