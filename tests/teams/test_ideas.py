"""Ideas: submitting, editing with kept revisions, closing submission, moderation, export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hackkit.extensions import db
from hackkit.teams.ideas import idea_dict, visible_ideas


def _team(hack, *names, team="Rocket"):
    for name in names:
        hack.person(name)
    made = hack.ok("POST", "/teams", names[0], {"name": team, "challenge_id": hack.challenges[0]})
    for name in names[1:]:
        hack.ok("POST", "/teams/join", name, {"team_id": made["id"]})
    return made


def _idea(hack, who, **fields):
    body = {
        "title": "Solar kettle",
        "pitch": "Tea by sunlight",
        "challenge_id": hack.challenges[0],
    } | fields
    return hack.ok("POST", "/ideas", who, body)


def test_team_submits_an_idea_everyone_sees(hack):
    team = _team(hack, "Ada", "Bob")
    hack.person("Cy")
    idea = _idea(
        hack,
        "Ada",
        description_md="Boils **water**.\n\n<script>alert(1)</script>",
        links=["https://example.org/kettle", "https://example.org/kettle"],
    )
    assert idea["team_id"] == team["id"]
    assert idea["team_name"] == "Rocket"
    assert idea["version"] == 1
    assert "<strong>water</strong>" in idea["description_html"]
    assert "<script" not in idea["description_html"]
    assert idea["links"] == ["https://example.org/kettle"]
    assert "hidden" not in idea  # moderation details are for facilitators only
    assert hack.snapshot("Cy")["ideas"] == [idea]
    assert [i.id for i in visible_ideas(db.session(), hack.event["id"])] == [idea["id"]]


def test_idea_fields_are_capped_and_links_must_be_web_addresses(hack):
    _team(hack, "Ada")
    assert (
        hack.error("POST", "/ideas", "Ada", {"title": "x" * 121}, 400)["code"] == "invalid_payload"
    )
    assert hack.error("POST", "/ideas", "Ada", {"title": "T", "pitch": "p" * 201}, 400)
    assert hack.error("POST", "/ideas", "Ada", {"title": "T", "description_md": "d" * 10_001}, 400)
    assert hack.error(
        "POST", "/ideas", "Ada", {"title": "T", "links": ["javascript:alert(1)"]}, 400
    )
    assert hack.error("POST", "/ideas", "Ada", {"title": "T", "links": ["https://a.b"] * 6}, 400)
    assert hack.error("POST", "/ideas", "Ada", {"title": "T", "image": "../../etc/passwd"}, 400)
    missing = hack.error(
        "POST",
        "/ideas",
        "Ada",
        {"title": "T", "challenge_id": hack.challenges[0], "image": "A" * 22 + ".webp"},
        400,
    )
    assert missing["code"] == "image_missing"
    assert hack.error("POST", "/ideas", "Ada", {"title": "T"}, 400)["code"] == "challenge_required"


def test_individuals_submit_only_when_the_event_allows_it(hack):
    hack.person("Solo")
    error = hack.error(
        "POST", "/ideas", "Solo", {"title": "Alone", "challenge_id": hack.challenges[0]}, 403
    )
    assert error["code"] == "team_required"
    hack.settings(individual_ideas=True)
    idea = _idea(hack, "Solo", title="Alone")
    assert (idea["team_id"], idea["author_name"]) == (None, "Solo")
    edited = hack.ok(
        "PUT",
        f"/ideas/{idea['id']}",
        "Solo",
        {"title": "Still alone", "version": 1, "challenge_id": hack.challenges[0]},
    )
    assert edited["version"] == 2


def test_members_edit_and_every_edit_keeps_a_revision(hack):
    _team(hack, "Ada", "Bob")
    idea = _idea(hack, "Ada")
    edited = hack.ok(
        "PUT",
        f"/ideas/{idea['id']}",
        "Bob",
        {
            "title": "Solar kettle 2",
            "pitch": "Faster tea",
            "version": 1,
            "challenge_id": hack.challenges[1],
        },
    )
    assert (edited["title"], edited["version"], edited["challenge_id"]) == (
        "Solar kettle 2",
        2,
        hack.challenges[1],
    )
    history = hack.ok("GET", f"/ideas/{idea['id']}/revisions")
    assert [(r["version"], r["title"], r["edited_by"]) for r in history] == [
        (2, "Solar kettle 2", "Bob"),
        (1, "Solar kettle", "Ada"),
    ]
    assert (
        hack.error("GET", f"/ideas/{idea['id']}/revisions", "Ada", None, 403)["code"] == "forbidden"
    )


def test_a_stale_edit_is_refused_instead_of_overwriting_a_teammate(hack):
    _team(hack, "Ada", "Bob")
    idea = _idea(hack, "Ada")
    body = {"title": "Mine", "version": 1, "challenge_id": hack.challenges[0]}
    hack.ok("PUT", f"/ideas/{idea['id']}", "Ada", body)
    error = hack.error("PUT", f"/ideas/{idea['id']}", "Bob", body | {"title": "Yours"}, 409)
    assert error["code"] == "edited_meanwhile"
    assert hack.snapshot("Bob")["ideas"][0]["title"] == "Mine"


def test_another_team_cannot_edit_the_idea(hack):
    _team(hack, "Ada")
    _team(hack, "Eve", team="Other")
    idea = _idea(hack, "Ada")
    error = hack.error(
        "PUT",
        f"/ideas/{idea['id']}",
        "Eve",
        {"title": "Mine now", "version": 1, "challenge_id": hack.challenges[0]},
        403,
    )
    assert error["code"] == "not_your_idea"
    assert error["message"] == "Only the team that submitted this idea can edit it."


def test_closed_submission_refuses_new_ideas_and_edits_with_a_clear_message(hack):
    _team(hack, "Ada")
    idea = _idea(hack, "Ada")
    hack.settings(submissions_open=False)
    error = hack.error(
        "PUT",
        f"/ideas/{idea['id']}",
        "Ada",
        {"title": "Late", "version": 1, "challenge_id": hack.challenges[0]},
        403,
    )
    assert error["code"] == "submissions_closed"
    assert (
        error["message"]
        == "Idea submission has closed, so ideas can no longer be added or changed."
    )
    assert (
        hack.error("POST", "/ideas", "Ada", {"title": "New"}, 403)["code"] == "submissions_closed"
    )
    hack.settings(submissions_open=True)
    hack.ok(
        "PUT",
        f"/ideas/{idea['id']}",
        "Ada",
        {"title": "On time", "version": 1, "challenge_id": hack.challenges[0]},
    )


def test_hidden_idea_leaves_participants_and_stays_for_facilitators(hack):
    _team(hack, "Ada")
    hack.person("Cy")
    idea = _idea(hack, "Ada")
    hidden = hack.ok("POST", f"/ideas/{idea['id']}/hide", None, {"reason": "Off topic"})
    assert (hidden["hidden"], hidden["hidden_reason"]) == (True, "Off topic")
    assert hack.snapshot("Cy")["ideas"] == []
    assert visible_ideas(db.session(), hack.event["id"]) == []
    console = hack.snapshot()["ideas"]
    assert [(i["id"], i["hidden"], i["hidden_reason"]) for i in console] == [
        (idea["id"], True, "Off topic")
    ]
    error = hack.error(
        "PUT",
        f"/ideas/{idea['id']}",
        "Ada",
        {"title": "Fixed", "version": 1, "challenge_id": hack.challenges[0]},
        403,
    )
    assert error["code"] == "idea_hidden"
    assert hack.error("POST", f"/ideas/{idea['id']}/hide", None, {"reason": ""}, 400)
    assert hack.error("POST", f"/ideas/{idea['id']}/hide", "Ada", {"reason": "mine"}, 403)
    hack.ok("POST", f"/ideas/{idea['id']}/unhide")
    assert [i["id"] for i in hack.snapshot("Cy")["ideas"]] == [idea["id"]]


def test_idea_dict_is_the_public_view_for_other_features(hack):
    _team(hack, "Ada")
    made = _idea(hack, "Ada")
    idea = visible_ideas(db.session(), hack.event["id"])[0]
    assert idea_dict(idea) == made
    assert idea_dict(idea, moderation=True)["hidden"] is False


def test_merging_and_dissolving_teams_carry_their_ideas(hack):
    first = _team(hack, "Ada")
    second = _team(hack, "Bob", team="Second")
    idea = _idea(hack, "Bob")
    hack.ok("POST", f"/teams/{second['id']}/merge", None, {"into_team_id": first["id"]})
    state = hack.snapshot("Ada")
    assert [t["name"] for t in state["teams"]] == ["Rocket"]
    assert [m["name"] for m in state["teams"][0]["members"]] == ["Ada", "Bob"]
    assert state["ideas"][0]["team_id"] == first["id"]
    hack.ok("DELETE", f"/teams/{first['id']}")
    state = hack.snapshot("Ada")
    assert state["teams"] == []
    assert (state["ideas"][0]["id"], state["ideas"][0]["team_id"]) == (idea["id"], None)


def test_export_lists_teams_members_and_ideas_in_csv_and_json(hack, client):
    from tests.teams.conftest import sign_in

    _team(hack, "Ada", "Bob")
    hack.person("Free")
    hack.settings(skills=["Design", "Code"])
    hack.ok("PUT", "/profile", "Ada", {"skills": ["design"], "tags": ["=HYPERLINK(1)"]})
    _idea(hack, "Ada", title="=cmd|' /C calc'!A0", links=["https://example.org"])
    doc = hack.ok("GET", "/export")
    assert [m["name"] for m in doc["teams"][0]["members"]] == ["Ada", "Bob"]
    assert doc["teams"][0]["members"][0]["skills"] == ["Design"]
    assert [p["name"] for p in doc["without_team"]] == ["Free"]
    assert doc["ideas"][0]["challenge"] == "Challenge 1"

    sign_in(client)
    base = f"/console/events/{hack.event['id']}/export"
    teams_csv = client.get(f"{base}/teams.csv")
    assert teams_csv.status_code == 200
    assert teams_csv.mimetype == "text/csv"
    assert "attachment" in teams_csv.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(teams_csv.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["team"], r["member"]) for r in rows] == [
        ("Rocket", "Ada"),
        ("Rocket", "Bob"),
        ("", "Free"),
    ]
    assert rows[0]["tags"] == "'=HYPERLINK(1)"  # a spreadsheet must not run it
    ideas_csv = client.get(f"{base}/ideas.csv").get_data(as_text=True)
    idea_row = next(csv.DictReader(io.StringIO(ideas_csv.lstrip("\ufeff"))))
    assert idea_row["title"].startswith("'=")
    as_json = json.loads(client.get(f"{base}/export.json").get_data(as_text=True))
    assert as_json["event"]["code"] == hack.event["code"]
    assert client.get(f"{base}/secrets.txt").status_code == 404


@pytest.mark.parametrize("kind", ["teams.csv", "export.json"])
def test_export_needs_the_events_facilitator(hack, client, kind):
    response = client.get(f"/console/events/{hack.event['id']}/export/{kind}")
    assert response.status_code == 302  # to the sign-in page


def test_renaming_a_team_re_announces_its_ideas_with_the_new_name(hack):
    from hackkit.auth import resolve
    from hackkit.events.models import Event
    from hackkit.realtime import OUTBOX
    from hackkit.teams.schemas import UpdateTeam
    from hackkit.teams.space import update_team

    team = _team(hack, "Ada")
    idea = _idea(hack, "Ada")
    session = db.session()
    principal = resolve(session, hack.tokens["Ada"])
    update_team(
        session,
        session.get(Event, hack.event["id"]),
        principal,
        team["id"],
        UpdateTeam(name="Comet"),
    )
    # What one phone receives (each update goes to every role's room once).
    sent = [
        (msg["type"], msg["data"])
        for _channel, msg, room in session.info[OUTBOX]
        if room.endswith(":participant")
    ]
    session.commit()
    assert ("team.updated", "Comet") in [(kind, data.get("name")) for kind, data in sent]
    announced = [data for kind, data in sent if kind == "idea.updated"]
    assert [(d["id"], d["team_name"]) for d in announced] == [(idea["id"], "Comet")]
