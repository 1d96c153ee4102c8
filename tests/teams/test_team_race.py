"""Two people racing for a team's last seat: the database lets exactly one in.

Each side runs the real service in its own thread, on its own connection and transaction, on
SQLite and on PostgreSQL (a throwaway database, skipped when no server is reachable).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from hackkit.accounts.models import Facilitator
from hackkit.database import Database
from hackkit.errors import ServiceError
from hackkit.events.models import Event, Participant
from hackkit.migrate import upgrade
from hackkit.teams.membership import join_team
from hackkit.teams.models import Team, TeamMember

PG_ADMIN_URL = os.environ.get(
    "HACKKIT_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_engine() -> Iterator[Engine]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"hackkit_race_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server here: the SQLite run still proves the point
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")
    database = Database()
    engine = database.configure(
        make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    )
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A freshly migrated database of each kind, with the app's connection settings."""
    if request.param == "sqlite":
        made = Database().configure(f"sqlite:///{tmp_path / 'race.db'}")
        upgrade(made)
        yield made
        made.dispose()
    else:
        for made in _postgres_engine():
            upgrade(made)
            yield made


def _seed(factory: sessionmaker, seats_left: int) -> tuple[int, int, list[int]]:
    """An event with one team that has ``seats_left`` free seats, and two people outside it."""
    with factory() as session:
        owner = Facilitator(username=f"f{uuid.uuid4().hex[:8]}", password_hash="x")
        session.add(owner)
        session.flush()
        event = Event(
            code=uuid.uuid4().hex[:6].upper(), name="Race", owner_id=owner.id, settings={}
        )
        session.add(event)
        session.flush()
        people = [
            Participant(event_id=event.id, display_name=f"P{n}", name_key=f"p{n}") for n in range(3)
        ]
        session.add_all(people)
        session.flush()
        team = Team(
            event_id=event.id,
            name="Last seat",
            code="RACE1",
            max_size=1 + seats_left,
            member_count=1,
            stage="idea",
        )
        session.add(team)
        session.flush()
        session.add(TeamMember(event_id=event.id, team_id=team.id, participant_id=people[0].id))
        session.commit()
        return event.id, team.id, [people[1].id, people[2].id]


def _join(
    factory: sessionmaker,
    event_id: int,
    team_id: int,
    participant_id: int,
    before=None,
    hold_s: float = 0.0,
) -> str:
    with factory() as session:
        try:
            event = session.get(Event, event_id)
            if before is not None:
                before.wait(timeout=10)
            join_team(session, event, participant_id, team_id=team_id)
            time.sleep(hold_s)  # keep the seat uncommitted while the other side tries
            session.commit()
            return "joined"
        except ServiceError as exc:
            session.rollback()
            return exc.code


def _members(factory: sessionmaker, team_id: int) -> tuple[int, int]:
    with factory() as session:
        team = session.get(Team, team_id)
        rows = session.execute(select(TeamMember).where(TeamMember.team_id == team_id)).all()
        return team.member_count, len(rows)


def _race(factory: sessionmaker, event_id: int, team_id: int, people: list[int]) -> dict[int, str]:
    """Everyone joins at the same moment, each in a thread of their own."""
    barrier = threading.Barrier(len(people))
    results: dict[int, str] = {}

    def run(pid: int) -> None:
        results[pid] = _join(factory, event_id, team_id, pid, barrier)

    threads = [threading.Thread(target=run, args=(pid,)) for pid in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_people_racing_for_the_last_seat_cannot_both_get_in(engine: Engine):
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    for _round in range(6):
        event_id, team_id, people = _seed(factory, seats_left=1)
        results = _race(factory, event_id, team_id, people)
        assert sorted(results.values()) == ["joined", "team_full"]
        assert _members(factory, team_id) == (2, 2)


def test_the_second_joiner_waits_for_the_first_and_is_then_refused(engine: Engine):
    """Deterministic interleaving: the first holds its uncommitted seat while the second
    tries; the database makes the second wait, then tells it the team is full."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event_id, team_id, (a, b) = _seed(factory, seats_left=1)
    results: dict[str, str] = {}
    first = threading.Thread(
        target=lambda: results.__setitem__(
            "first", _join(factory, event_id, team_id, a, hold_s=0.6)
        )
    )
    first.start()
    time.sleep(0.2)  # the first has taken the seat and holds its transaction open
    started = time.monotonic()
    results["second"] = _join(factory, event_id, team_id, b)
    waited = time.monotonic() - started
    first.join(timeout=30)
    assert results == {"first": "joined", "second": "team_full"}
    assert waited > 0.2  # it was held back by the database, not refused from a stale read
    assert _members(factory, team_id) == (2, 2)
