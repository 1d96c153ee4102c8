"""A small event with surveys: people who join, a survey before and one after."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.archive.conftest import rich  # noqa: F401  (the whole-event fixture, for anonymity)
from tests.helpers import Api
from tests.voting.conftest import quick_facilitator


@dataclass
class SurveyEvent:
    api: Api
    fac: str
    event: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"/api/events/{self.event['id']}"

    def join(self, *names: str) -> list[dict[str, Any]]:
        joined = [self.api.join(self.event["code"], name) for name in names]
        self.people += joined
        return joined

    def survey(self, stage: str = "post", goals: tuple[str, ...] = (), **extra: Any) -> dict:
        body = {"title": f"{stage} survey", "stage": stage, "goals": list(goals), **extra}
        survey = self.api.ok("POST", f"{self.base}/surveys", self.fac, body)
        self.api.ok("POST", f"{self.base}/surveys/{survey['id']}/open", self.fac, {})
        return survey

    def answer(self, survey: dict, person: dict, answers: dict, pair: str | None = None) -> Any:
        body: dict[str, Any] = {"answers": answers}
        if pair:
            body["pair"] = pair
        path = f"{self.base}/surveys/{survey['id']}/answers"
        return self.api.ok("POST", path, person["token"], body)


@pytest.fixture
def surveyed(api: Api) -> SurveyEvent:
    fac = quick_facilitator()
    return SurveyEvent(api, fac, api.event(fac, "Impact Night"))
