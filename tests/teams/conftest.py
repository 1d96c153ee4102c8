"""Fixtures for the team, profile and idea tests: an event with challenges, and people."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.helpers import Api


@dataclass
class Hack:
    """An event run through the HTTP API: its facilitator, challenges and participants."""

    api: Api
    fac: str
    event: dict[str, Any]
    challenges: list[int] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def path(self, tail: str) -> str:
        return f"/api/events/{self.event['id']}{tail}"

    def person(self, name: str) -> str:
        """Join the event as ``name``; returns their token (remembered by name)."""
        joined = self.api.join(self.event["code"], name)
        self.tokens[name] = joined["token"]
        self.ids[name] = joined["participant"]["id"]
        return joined["token"]

    def ok(self, method: str, tail: str, who: str | None = None, body: Any = None) -> Any:
        """Call as a participant (by name) or, with ``who=None``, as the facilitator."""
        return self.api.ok(method, self.path(tail), self._token(who), body)

    def error(
        self, method: str, tail: str, who: str | None, body: Any, status: int
    ) -> dict[str, Any]:
        return self.api.error(method, self.path(tail), self._token(who), body, status)

    def snapshot(self, who: str | None = None) -> dict[str, Any]:
        return self.ok("GET", "/snapshot", who)["state"]

    def settings(self, **values: Any) -> dict[str, Any]:
        return self.ok("PATCH", "/team-settings", None, values)

    def _token(self, who: str | None) -> str:
        return self.fac if who is None else self.tokens[who]


def make_hack(api: Api, challenges: int = 2) -> Hack:
    fac = api.facilitator()
    event = api.event(fac, "Team Day")
    hack = Hack(api, fac, event)
    for n in range(challenges):
        made = api.ok(
            "POST",
            hack.path("/challenges"),
            fac,
            {"title": f"Challenge {n + 1}", "brief_md": "Do **it**", "published": True},
        )
        hack.challenges.append(made["id"])
    return hack


@pytest.fixture
def hack(api: Api) -> Hack:
    """An event with two published challenges; add people with ``hack.person(name)``."""
    return make_hack(api)


def sign_in(client, username: str = "fran") -> None:
    """Give a test client the browser session of a signed-in facilitator."""
    from flask import g

    from hackkit.accounts.models import Facilitator
    from hackkit.extensions import db

    # Test requests share the fixture's app context, so forget who an earlier request saw.
    g.pop("facilitator", None)
    account = db.session.query(Facilitator).filter_by(username=username).one()
    with client.session_transaction() as browser:
        browser["fid"] = account.id
        browser["fv"] = account.token_version
