"""Creating an event from a template, through the action over HTTP: agenda, ballots, skills."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hackkit.events.models import Event, Phase
from hackkit.extensions import db
from hackkit.playbooks import SHIPPED_PLAYBOOK_DIR, load_library
from hackkit.playbooks.schema import Template, VotingMethod
from hackkit.teams.settings import team_settings
from hackkit.voting.models import Ballot
from tests.playbooks.conftest import RUBRICS_PAGE

MANUAL = load_library([SHIPPED_PLAYBOOK_DIR])
TEMPLATES = [page.slug for page in MANUAL.templates]
CREATE = "/api/events/from-template"


def test_the_manual_ships_the_five_formats_as_templates() -> None:
    assert len(TEMPLATES) == 5


@pytest.mark.parametrize("slug", TEMPLATES)
def test_each_template_creates_an_event_matching_its_front_matter(api, slug: str) -> None:
    template = MANUAL.get(slug).meta
    assert isinstance(template, Template)
    fac = api.facilitator()
    created = api.ok("POST", CREATE, fac, {"template": slug})
    assert created["name"] == template.title
    assert created["playbook"] == slug

    snapshot = api.ok("GET", f"/api/events/{created['id']}/snapshot", fac)["state"]
    phases = snapshot["agenda"]["phases"]
    assert [(p["name"], p["duration_s"], p["wall_mode"], p["status"]) for p in phases] == [
        (phase.name, phase.minutes * 60, phase.wall.value, "pending") for phase in template.agenda
    ]
    stored = db.session.execute(
        select(Phase).where(Phase.event_id == created["id"]).order_by(Phase.position)
    ).scalars()
    assert [p.checklist for p in stored] == [list(phase.checklist) for phase in template.agenda]
    # The crew's checklists are in the facilitator's snapshot, nothing ticked yet.
    checklists = snapshot["checklists"]["phases"]
    assert [[i["text"] for i in p["items"]] for p in checklists] == [
        list(dict.fromkeys(phase.checklist)) for phase in template.agenda
    ]
    assert not any(i["done"] for p in checklists for i in p["items"])

    event = db.session.get(Event, created["id"])
    assert event.playbook == slug
    settings = team_settings(event)
    assert settings.skills == list(template.skills)
    assert (settings.team_min, settings.team_max) == (
        template.team_size.min,
        template.team_size.max,
    )

    phase_names = {p["id"]: p["name"] for p in phases}
    ballots = db.session.execute(
        select(Ballot).where(Ballot.event_id == created["id"]).order_by(Ballot.id)
    ).scalars()
    got = [(b.title, b.method, b.status, phase_names.get(b.phase_id), b.voters) for b in ballots]
    assert got == [
        (
            b.title,
            b.method.value,
            "draft",
            b.phase,
            "jury" if b.method in (VotingMethod.RUBRIC, VotingMethod.PAIRWISE) else "participants",
        )
        for b in template.ballots
    ]
    for ballot, spec in zip(
        db.session.execute(select(Ballot).where(Ballot.event_id == created["id"])).scalars(),
        template.ballots,
        strict=True,
    ):
        assert spec.params.items() <= ballot.params.items()
        if spec.method is VotingMethod.RUBRIC:
            rubric = MANUAL.rubrics[spec.rubric]
            assert ballot.params["criteria"] == [
                {"key": c.key, "label": c.label, "weight": c.weight} for c in rubric.criteria
            ]


def test_a_name_given_replaces_the_templates_title(api) -> None:
    fac = api.facilitator()
    created = api.ok("POST", CREATE, fac, {"template": TEMPLATES[0], "name": "  Friday sprint "})
    assert created["name"] == "Friday sprint"


def test_unknown_templates_and_manual_pages_are_refused_clearly(api) -> None:
    fac = api.facilitator()
    missing = api.error("POST", CREATE, fac, {"template": "formats/no-such-thing"}, 404)
    assert missing["code"] == "unknown_template"
    assert "formats/no-such-thing" in missing["message"]
    prose = api.error("POST", CREATE, fac, {"template": "roles"}, 400)
    assert prose["code"] == "not_a_template"
    assert "manual page" in prose["message"]
    too_long = api.error("POST", CREATE, fac, {"template": TEMPLATES[0], "name": "x" * 121}, 400)
    assert too_long["code"] == "invalid_payload"
    extra = api.error("POST", CREATE, fac, {"template": TEMPLATES[0], "colour": "red"}, 400)
    assert extra["code"] == "invalid_payload"
    assert db.session.execute(select(Event)).first() is None


def test_only_a_facilitator_creates_events_from_templates(api) -> None:
    event = api.event(api.facilitator())
    participant = api.join(event["code"], "Ada")["token"]
    assert api.error("POST", CREATE, None, {"template": TEMPLATES[0]}, 401)["code"] == (
        "unauthorised"
    )
    assert api.error("POST", CREATE, participant, {"template": TEMPLATES[0]}, 403)["code"] == (
        "forbidden"
    )


BAD_BALLOT_TEMPLATE = """\
---
kind: template
title: Odd vote
agenda:
  - {name: Hack, minutes: 30, checklist: [Snacks out]}
ballots:
  - {title: Favourite, method: dots, params: {colour: red}}
---
# Odd vote
"""

OWN_TEMPLATE = """\
---
kind: template
title: Lunch hack
team_size: {min: 2, max: 3}
skills: [cooking, eating]
agenda:
  - {name: Hack, minutes: 45, wall: ideas, checklist: [Sandwiches ordered]}
  - {name: Vote, minutes: 5}
ballots:
  - {title: Tastiest, method: rubric, rubric: impact, phase: Vote}
---
# Lunch hack
"""


def test_a_template_from_an_own_folder_uses_that_folders_rubrics(api, app, own_dir: Path) -> None:
    (own_dir / "rubrics.md").write_text(RUBRICS_PAGE, encoding="utf-8")
    (own_dir / "lunch-hack.md").write_text(OWN_TEMPLATE, encoding="utf-8")
    fac = api.facilitator()
    created = api.ok("POST", CREATE, fac, {"template": "lunch-hack"})
    ballot = db.session.execute(select(Ballot).where(Ballot.event_id == created["id"])).scalar_one()
    assert ballot.voters == "jury"
    assert [c["key"] for c in ballot.params["criteria"]] == ["impact", "demo"]
    assert team_settings(db.session.get(Event, created["id"])).skills == ["cooking", "eating"]


def test_a_template_ballot_the_voting_service_refuses_creates_nothing(
    api, app, own_dir: Path
) -> None:
    (own_dir / "odd-vote.md").write_text(BAD_BALLOT_TEMPLATE, encoding="utf-8")
    fac = api.facilitator()
    error = api.error("POST", CREATE, fac, {"template": "odd-vote"}, 400)
    assert error["code"] == "template_ballot_invalid"
    assert "Favourite" in error["message"] and "colour" in error["message"]
    # One transaction: the event and its agenda went with the refusal.
    assert db.session.execute(select(Event)).first() is None
