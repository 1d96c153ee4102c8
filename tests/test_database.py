"""Reads that must see the database at one instant (the live views pushed to every screen)."""

from __future__ import annotations

from sqlalchemy import select, update

from hackkit.events.models import Event
from hackkit.extensions import db


def test_a_snapshot_keeps_seeing_one_instant_while_others_commit(app, api):
    """A pushed view reads several tables; a commit landing between two of its reads must not
    show half of it (seen in CI: a wall push with "30 voted" beside a tally of 1 ballot)."""
    event = api.event(api.facilitator())
    name_of = select(Event.name).where(Event.id == event["id"])
    with app.app_context():
        with db.snapshot() as session:
            before = session.execute(name_of).scalar_one()
            with db.engine.begin() as other:  # another connection: a vote writer, a request
                other.execute(update(Event).where(Event.id == event["id"]).values(name="Renamed"))
            assert session.execute(name_of).scalar_one() == before == "Hack Day"
        with db.snapshot() as session:
            assert session.execute(name_of).scalar_one() == "Renamed"
