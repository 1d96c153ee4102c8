"""The impact report's Mentors section: requests, waits and ratings, worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.mentors.models import HelpRequest
from hackkit.mentors.report import help_section
from tests.teams.conftest import sign_in


def _at(request_id: int, created: int, claimed: int | None, closed: int | None) -> None:
    """Put a request's times at minutes after a fixed start (the API stamps them 'now')."""
    start = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    minutes = lambda m: None if m is None else start + timedelta(minutes=m)  # noqa: E731
    db.session.execute(
        update(HelpRequest)
        .where(HelpRequest.id == request_id)
        .values(created_at=minutes(created), claimed_at=minutes(claimed), closed_at=minutes(closed))
    )
    db.session.commit()


def test_the_report_counts_requests_waits_and_ratings(hq, client):
    for team in ("Owls", "Bats", "Cats"):
        hq.team(team)
    hq.mentor("Ada", ["Python"])
    hq.mentor("Bob", ["Python"])
    first = hq.ask("Owls")
    hq.act("Ada", first["id"], "claim")
    hq.act("Ada", first["id"], "close", {"note": "fixed"})
    hq.act("Owls", first["id"], "rating", {"rating": 5})
    second = hq.ask("Bats")
    hq.act("Bob", second["id"], "claim")
    hq.act("Bob", second["id"], "close", {"note": "fixed"})
    hq.act("Bats", second["id"], "rating", {"rating": 2})
    third = hq.ask("Cats")
    hq.act("Cats", third["id"], "withdraw")
    _at(first["id"], 0, 4, 14)  # waited 4 min, helped 10
    _at(second["id"], 0, 10, 40)  # waited 10 min, helped 30
    _at(third["id"], 0, None, 1)

    event = db.session.get(Event, hq.event["id"])
    section = help_section(db.session(), event)
    figures = dict(section.rows)
    assert section.key == "mentors"
    assert figures["Mentors invited"] == "2"
    assert figures["Mentors who helped a team"] == "2"
    assert figures["Help requests"] == "3"
    assert figures["Helped (closed by a mentor)"] == "2"
    assert figures["Withdrawn or lapsed"] == "1"
    assert figures["Median wait for a mentor"] == "7 min"  # the median of 4 and 10
    assert figures["Longest wait"] == "10 min"
    assert figures["Median time with a mentor"] == "20 min"  # of 10 and 30
    assert figures["Teams' rating of the help"] == "3.5 of 5 (2 ratings)"

    # The facilitator's report page shows the section instead of the placeholder.
    sign_in(client)
    html = client.get(f"/console/events/{hq.event['id']}/report").get_data(as_text=True)
    assert "Median wait for a mentor" in html and "shown once mentors exist" not in html


def test_an_event_without_mentors_has_no_mentors_section(hq):
    event = db.session.get(Event, hq.event["id"])
    assert help_section(db.session(), event) is None
