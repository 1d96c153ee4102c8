"""Deleting personal data: names, profiles and pictures go; results and counts stay."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import inspect, text

from hackkit.archive.personal_data import apply_retention, last_activity
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.teams import uploads
from tests.archive.conftest import JUROR, PEOPLE, POST, PROFILE_TEXT, RichEvent
from tests.voting.conftest import quick_facilitator


def _every_value_in_the_database() -> str:
    """Every cell of every table, as one text to search."""
    session = db.session()
    cells = []
    for table in inspect(session.get_bind()).get_table_names():
        for row in session.execute(text(f'SELECT * FROM "{table}"')):
            cells.extend(str(value) for value in row)
    return "\n".join(cells)


def _results(rich: RichEvent) -> list[dict]:
    views = [rich.api.ok("GET", rich.path(f"/ballots/{b}/result"), rich.fac) for b in rich.ballots]
    return [{"turnout": v["turnout"], "tally": v["tally"]} for v in views]


def _counts(archive: dict) -> dict[str, int]:
    names = ("participants", "teams", "ideas", "idea_revisions", "stored_ballots")
    return {name: len(archive[name]) for name in names}


def test_after_deletion_no_name_profile_or_picture_remains_and_results_are_unchanged(
    rich: RichEvent,
):
    rich.api.ok("POST", rich.path("/invites"), rich.fac, {"text": "ada.invite@example.org"})
    where_from = "SELECT count(*) FROM participants WHERE join_address IS NOT NULL"
    assert db.session().execute(text(where_from)).scalar() == 3  # the suspicious-joins check's
    before = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    results = _results(rich)
    done = rich.api.ok("POST", rich.path("/personal-data/delete"), rich.fac, {"confirm": True})
    assert done == {
        "participants": 3,
        "profiles": 1,
        "progress_posts": 1,
        "pictures": 1,
        "invites": 1,
    }
    after = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    stored = _every_value_in_the_database()
    written = repr(after)
    secrets = (*PEOPLE, *PROFILE_TEXT, JUROR, POST, "Fran Crew", "Ada's laptop", rich.picture)
    assert db.session().execute(text(where_from)).scalar() == 0
    for secret in (*secrets, "ada.invite@example.org"):
        assert secret not in stored, f"{secret!r} is still in the database"
        assert secret not in written, f"{secret!r} is still in the archive"
    assert not uploads.image_exists(rich.picture)
    assert after["pictures"] == {}
    assert [p["display_name"] for p in after["participants"]] == [
        "Participant 1",
        "Participant 2",
        "Participant 3",
    ]
    assert _results(rich) == results
    assert after["results"] == before["results"]
    assert _counts(after) == _counts(before)


def test_deleted_participants_are_signed_out(rich: RichEvent):
    token = rich.people["Ada Lovelace"]["token"]
    rich.api.ok("GET", rich.path("/snapshot"), token)
    rich.api.ok("POST", rich.path("/personal-data/delete"), rich.fac, {"confirm": True})
    assert rich.api.call("GET", rich.path("/snapshot"), token).status_code == 401


def test_deletion_needs_confirmation_and_the_events_facilitator(rich: RichEvent):
    error = rich.api.error(
        "POST", rich.path("/personal-data/delete"), rich.fac, {"confirm": False}, 400
    )
    assert error["code"] == "confirm_required"
    other = quick_facilitator("olga")
    participant = rich.people["Ada Lovelace"]["token"]
    display = rich.api.display_token(rich.id)
    for token in (other, participant, display):
        rich.api.error("POST", rich.path("/personal-data/delete"), token, {"confirm": True}, 403)
        rich.api.error("PUT", rich.path("/retention"), token, {"days": 1}, 403)
    assert PEOPLE[0] in _every_value_in_the_database()


def test_retention_setting_is_shown_at_join(rich: RichEvent, client):
    assert rich.api.ok("GET", rich.path("/retention"), rich.fac)["retention_days"] == 30
    page = client.get(f"/j/{rich.event['code']}").get_data(as_text=True)
    assert "deleted 30 days after the event ends" in page
    rich.api.ok("PUT", rich.path("/retention"), rich.fac, {"days": 7})
    page = client.get(f"/j/{rich.event['code']}").get_data(as_text=True)
    assert "deleted 7 days after the event ends" in page
    rich.api.ok("PUT", rich.path("/retention"), rich.fac, {"days": 0})
    page = client.get(f"/j/{rich.event['code']}").get_data(as_text=True)
    assert "deleted as soon as the event ends" in page
    rich.api.ok("PUT", rich.path("/retention"), rich.fac, {"days": None})
    page = client.get(f"/j/{rich.event['code']}").get_data(as_text=True)
    assert "deletes them by hand" in page
    error = rich.api.error("PUT", rich.path("/retention"), rich.fac, {"days": -1}, 400)
    assert error["code"] == "invalid_payload"


def test_retention_deletes_only_events_that_are_due(rich: RichEvent, api):
    session = db.session()
    event = session.get(Event, rich.id)
    ended = last_activity(session, event)
    other = api.event(rich.fac, "Still going")
    api.join(other["code"], "Barbara Liskov")
    api.ok("PUT", f"/api/events/{other['id']}/retention", rich.fac, {"days": 60})

    assert apply_retention(session, ended + timedelta(days=29)) == []
    due = apply_retention(session, ended + timedelta(days=30))
    session.commit()
    assert due == [rich.id]
    names = set(session.execute(text("SELECT display_name FROM participants")).scalars())
    assert "Barbara Liskov" in names and not names & set(PEOPLE)
    # Done once: the next daily check finds nothing more to delete.
    assert apply_retention(session, ended + timedelta(days=31)) == []


def test_console_data_page_sets_retention_and_deletes(rich: RichEvent, client):
    from tests.teams.conftest import sign_in

    sign_in(client)
    page = client.get(f"/console/events/{rich.id}/data").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    base = f"/console/events/{rich.id}/data"
    bad = client.post(f"{base}/retention", data={"csrf_token": token, "days": "abc"})
    assert bad.status_code == 400 and b"number of days" in bad.data
    assert (
        client.post(f"{base}/retention", data={"csrf_token": token, "days": "12"}).status_code
        == 302
    )
    assert "12 days" in client.get(base).get_data(as_text=True)
    unconfirmed = client.post(f"{base}/delete", data={"csrf_token": token})
    assert unconfirmed.status_code == 400
    assert PEOPLE[0] in _every_value_in_the_database()
    done = client.post(f"{base}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 302
    assert PEOPLE[0] not in _every_value_in_the_database()
    assert "Personal data deleted" in client.get(f"{base}?done=deleted").get_data(as_text=True)


def test_another_facilitator_cannot_use_the_data_forms(rich: RichEvent, client):
    from tests.teams.conftest import sign_in

    quick_facilitator("olga")
    sign_in(client, "olga")
    home = client.get("/console/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    base = f"/console/events/{rich.id}"
    assert client.get(f"{base}/data").status_code == 404
    assert client.get(f"{base}/archive.json").status_code == 404
    delete = client.post(f"{base}/data/delete", data={"csrf_token": token, "confirm": "yes"})
    assert delete.status_code == 404
    retention = client.post(f"{base}/data/retention", data={"csrf_token": token, "days": "0"})
    assert retention.status_code == 404
    assert PEOPLE[0] in _every_value_in_the_database()


def test_the_server_applies_the_retention_at_start_then_waits_a_day(rich: RichEvent, app):
    from hackkit.archive.personal_data import RETENTION_CHECK_S, run_retention

    rich.api.ok("PUT", rich.path("/retention"), rich.fac, {"days": 0})
    waits = []

    class Stop(Exception):
        pass

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        raise Stop

    with pytest.raises(Stop):  # it would sleep a day and check again, forever
        run_retention(app, sleep)
    assert waits == [RETENTION_CHECK_S]
    db.session.remove()
    assert PEOPLE[0] not in _every_value_in_the_database()
