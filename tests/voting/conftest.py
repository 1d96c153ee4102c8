"""Fixtures for the voting tests: an event with ideas, participants and helpers to run ballots."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from hackkit.accounts.models import Facilitator
from hackkit.auth import token_for_facilitator
from hackkit.extensions import db
from hackkit.teams.models import Idea, Team
from tests.helpers import Api

IDEA_TITLES = ("Solar bikes", "Rain alerts", "Quiet rooms", "Seed library")


def add_ideas(
    event_id: int, titles: tuple[str, ...] = IDEA_TITLES, team_id: int | None = None
) -> list[str]:
    """Visible ideas straight into the database; returns their ids as ballot options."""
    ideas = [
        Idea(event_id=event_id, title=t, pitch=f"{t}, in one line", team_id=team_id) for t in titles
    ]
    db.session.add_all(ideas)
    db.session.commit()
    return [str(idea.id) for idea in ideas]


def add_team(event_id: int, name: str = "Team Rocket") -> int:
    team = Team(event_id=event_id, name=name, code=name[:4].upper(), max_size=5)
    db.session.add(team)
    db.session.commit()
    return team.id


def quick_facilitator(username: str = "fran") -> str:
    """A facilitator who never signs in with a password (skips the deliberately slow hash)."""
    account = Facilitator(username=username, password_hash="!no-password-login")
    db.session.add(account)
    db.session.commit()
    return token_for_facilitator(account)


def vote_id() -> str:
    return uuid.uuid4().hex


@dataclass
class VotingEvent:
    """An event with four ideas and some participants, driven through an API helper."""

    api: Api
    fac: str
    event: dict[str, Any]
    ideas: list[str]
    voters: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"/api/events/{self.event['id']}"

    def join(self, n: int, prefix: str = "Voter") -> list[dict[str, Any]]:
        start = len(self.voters)
        new = [self.api.join(self.event["code"], f"{prefix} {start + i}") for i in range(n)]
        self.voters += new
        return new

    def ballot(
        self, method: str = "single", *, open_it: bool = True, **fields: Any
    ) -> dict[str, Any]:
        body = {"title": f"{method} vote", "method": method, **fields}
        ballot = self.api.ok("POST", f"{self.base}/ballots", self.fac, body)
        if open_it:
            ballot = self.api.ok("POST", f"{self.base}/ballots/{ballot['id']}/open", self.fac, {})
        return ballot

    def vote(
        self, token: str, ballot_id: int, content: dict, vid: str | None = None
    ) -> dict[str, Any]:
        body = {"vote_id": vid or vote_id(), "content": content}
        return self.api.ok("POST", f"{self.base}/ballots/{ballot_id}/votes", token, body)

    def refuse(
        self, token: str, ballot_id: int, content: dict, status: int, vid: str | None = None
    ) -> dict:
        body = {"vote_id": vid or vote_id(), "content": content}
        return self.api.error("POST", f"{self.base}/ballots/{ballot_id}/votes", token, body, status)

    def act(self, ballot_id: int, verb: str) -> dict[str, Any]:
        return self.api.ok("POST", f"{self.base}/ballots/{ballot_id}/{verb}", self.fac, {})

    def result(self, ballot_id: int, token: str | None = None) -> dict[str, Any]:
        return self.api.ok("GET", f"{self.base}/ballots/{ballot_id}/result", token or self.fac)


@pytest.fixture
def voting(api: Api) -> VotingEvent:
    fac = quick_facilitator()
    event = api.event(fac, "Vote Night")
    setup = VotingEvent(api, fac, event, add_ideas(event["id"]))
    setup.join(3)
    return setup


@pytest.fixture
def remote_voting(remote) -> VotingEvent:
    fac = quick_facilitator()
    event = remote.event(fac, "Vote Night")
    setup = VotingEvent(remote, fac, event, add_ideas(event["id"]))
    setup.join(3)
    return setup
