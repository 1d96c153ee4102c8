"""An event with people, a team with an idea, and a juror, ready for credentials."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hackkit.events.models import Participant
from hackkit.extensions import db
from hackkit.teams.models import Idea, Team, TeamMember
from hackkit.voting.models import JuryMember


@dataclass
class World:
    fac: str
    event: dict
    tokens: dict[str, str]  # participant name -> token
    ids: dict[str, int]  # participant name -> id


@pytest.fixture
def world(api) -> World:
    fac = api.facilitator("owner")
    event = api.event(fac, "Open Data Day")
    tokens = {name: api.join(event["code"], name)["token"] for name in ("Ada", "Bo", "Cy")}
    session = db.session()
    ids = {
        p.display_name: p.id
        for p in session.query(Participant).filter_by(event_id=event["id"]).all()
    }
    team = Team(event_id=event["id"], name="Riders", code="RIDE", max_size=5, member_count=2)
    session.add(team)
    session.flush()
    for name in ("Ada", "Bo"):
        session.add(TeamMember(event_id=event["id"], team_id=team.id, participant_id=ids[name]))
    session.add(Idea(event_id=event["id"], team_id=team.id, title="Bike Map"))
    session.commit()
    session.add(JuryMember(event_id=event["id"], name="Judge Judy"))
    session.commit()
    return World(fac, event, tokens, ids)


def issue_all(api, world: World) -> dict:
    return api.ok("POST", f"/api/events/{world.event['id']}/credentials/issue", world.fac, {})


def mine(api, world: World, name: str) -> list[dict]:
    path = f"/api/events/{world.event['id']}/credentials/mine"
    return api.ok("GET", path, world.tokens[name])["credentials"]


def verify(api, document: dict) -> dict:
    return api.ok("POST", "/api/credentials/verify", None, {"credential": document})
