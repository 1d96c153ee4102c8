"""Who earns what: placings from a closed ballot, template texts, and personal data deletion."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from hackkit.credentials import achievements, issuing
from hackkit.credentials.models import Credential
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.playbooks.schema import Template
from hackkit.teams.models import Idea
from tests.credentials.conftest import issue_all, mine


def test_the_team_of_a_closed_ballots_winner_is_awarded_its_place(api, world):
    base = f"/api/events/{world.event['id']}"
    session = db.session()
    other = Idea(event_id=world.event["id"], title="Quiet rooms")
    session.add(other)
    session.commit()
    bike = session.query(Idea).filter_by(title="Bike Map").one()
    body = {"title": "Final vote", "method": "single", "params": {}, "scope": "all"}
    ballot = api.ok("POST", f"{base}/ballots", world.fac, body)
    api.ok("POST", f"{base}/ballots/{ballot['id']}/open", world.fac, {})
    for name, idea in (("Ada", bike), ("Bo", bike), ("Cy", other)):
        api.ok(
            "POST",
            f"{base}/ballots/{ballot['id']}/votes",
            world.tokens[name],
            {"vote_id": uuid.uuid4().hex, "content": {"choice": str(idea.id)}},
        )
    api.ok("POST", f"{base}/ballots/{ballot['id']}/close", world.fac, {})
    issue_all(api, world)
    titles = {item["title"] for item in mine(api, world, "Bo")}
    assert "1st place: Final vote" in titles
    # Cy voted but is in no team: no place for Cy ("Quiet rooms" has no team).
    assert {item["title"] for item in mine(api, world, "Cy")} == {"Participant of Open Data Day"}


def test_a_template_renames_an_achievement(api, world, monkeypatch):
    template = Template.model_validate(
        {
            "kind": "template",
            "title": "Sprint",
            "agenda": [{"name": "Build", "minutes": 60}],
            "achievements": {"participated": {"name": "Sprinter at {event}"}},
        }
    )
    library = SimpleNamespace(get=lambda slug: SimpleNamespace(meta=template))
    monkeypatch.setattr(issuing, "app_library", lambda: library)
    event = db.session.get(Event, world.event["id"])
    event.playbook = "sprint"
    db.session.commit()
    issue_all(api, world)
    titles = {item["title"] for item in mine(api, world, "Cy")}
    assert titles == {"Sprinter at Open Data Day"}
    document = mine(api, world, "Cy")[0]["document"]
    # What was not overridden keeps the default text.
    assert (
        document["credentialSubject"]["achievement"]["description"] == "Took part in Open Data Day."
    )


def test_unknown_fields_in_a_text_stay_as_written():
    assert achievements.fill("{event} and {nope}", {"event": "X"}, 100) == "X and {nope}"


def test_deleting_personal_data_removes_the_stored_copies_but_revocation_still_works(
    api, world, client
):
    from hackkit.archive.personal_data import delete_personal_data

    issue_all(api, world)
    kept = mine(api, world, "Ada")[0]
    session = db.session()
    delete_personal_data(session, session.get(Event, world.event["id"]))
    session.commit()
    rows = session.query(Credential).filter_by(event_id=world.event["id"]).all()
    assert all(row.document == "" and row.recipient_name == "" for row in rows)
    assert client.get(f"/credentials/verify/{kept['uid']}").status_code == 404
    # The holder's own file still verifies, and can still be revoked.
    verdict = api.ok("POST", "/api/credentials/verify", None, {"credential": kept["document"]})
    assert verdict["valid"] is True
    api.ok(
        "POST", f"/api/events/{world.event['id']}/credentials/{kept['id']}/revoke", world.fac, {}
    )
    verdict = api.ok("POST", "/api/credentials/verify", None, {"credential": kept["document"]})
    assert verdict["valid"] is False
