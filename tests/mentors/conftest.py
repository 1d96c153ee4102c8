"""An event with a skill list, teams and mentors, acted on through the HTTP API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from hackkit.extensions import db
from hackkit.mentors import roster
from hackkit.mentors.models import Mentor

SKILLS = ["Python", "Design", "Hardware"]


@dataclass
class Help:
    api: Any
    fac: str
    event: dict
    teams: dict[str, str] = field(default_factory=dict)  # team name -> a member's token
    mentors: dict[str, dict] = field(default_factory=dict)  # name -> {id, token}

    @property
    def base(self) -> str:
        return f"/api/events/{self.event['id']}"

    def team(self, name: str) -> str:
        token = self.api.join(self.event["code"], f"{name} lead")["token"]
        self.api.ok("POST", f"{self.base}/teams", token, {"name": name})
        self.teams[name] = token
        return token

    def mentor(self, name: str, skills: list[str]) -> dict:
        data = self.api.ok(
            "POST", f"{self.base}/mentors", self.fac, {"name": name, "skills": skills}
        )
        mentor = db.session.get(Mentor, data["id"])
        data["token"] = roster.token_for_mentor(mentor)
        self.mentors[name] = data
        return data

    def ask(self, team: str, **kw) -> dict:
        body = {"topic": "Python", "location_kind": "table", "location": "12", **kw}
        return self.api.ok("POST", f"{self.base}/help", self.teams[team], body)

    def act(self, who: str, request_id: int, verb: str, body: Any = None, status: int = 200):
        token = self.mentors[who]["token"] if who in self.mentors else self.teams[who]
        path = f"{self.base}/help/{request_id}/{verb}"
        if status == 200:
            return self.api.ok("POST", path, token, body or {})
        return self.api.error("POST", path, token, body or {}, status)


@pytest.fixture
def hq(api) -> Help:
    fac = api.facilitator()
    event = api.event(fac)
    api.ok("PATCH", f"/api/events/{event['id']}/team-settings", fac, {"skills": SKILLS})
    return Help(api, fac, event)
