"""`hackkit simulate` against a real server: what the crowd reports is what the server stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hackkit.events.models import Participant
from hackkit.extensions import db
from hackkit.simulate.crowd import Crowd
from hackkit.teams.models import Idea, ProgressPost, Team, TeamMember
from tests.helpers import run_async

pytestmark = pytest.mark.server


def count(model, event_id, column="event_id"):
    return db.session.execute(
        select(func.count()).select_from(model).where(getattr(model, column) == event_id)
    ).scalar_one()


def test_simulated_crowd_counts_match_what_the_server_stored(server, remote):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Rehearsal")
    for title in ("Energy", "Health"):
        api.ok(
            "POST",
            f"/api/events/{event['id']}/challenges",
            fac,
            {"title": title, "published": True},
        )
    crowd = Crowd(
        url=server.url,
        code=event["code"],
        participants=12,
        walls=2,
        display_key=api.display_token(event["id"]),
        pace="stress",
        duration_s=60,
    )
    stats = run_async(crowd.run())
    assert sum(stats.errors.values()) == 0, dict(stats.errors)
    db.session.expire_all()
    assert stats.counts["joined"] == 12 == count(Participant, event["id"])
    assert stats.counts["walls"] == 2
    assert stats.counts["teams"] == 3 == count(Team, event["id"])
    assert count(TeamMember, event["id"]) == 12
    assert stats.counts["ideas"] == 3 == count(Idea, event["id"])
    assert stats.counts["progress"] == 12 == count(ProgressPost, event["id"])
    summary = "\n".join(stats.summary())
    assert "join" in summary and "p99" in summary
