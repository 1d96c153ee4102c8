"""Mentors claiming one request at the same instant, and one team's phones asking at once: the
database decides, on SQLite and on PostgreSQL (skipped when no server is reachable).

Each side runs the real service in its own thread, on its own connection and transaction.
"""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from hackkit.accounts.models import Facilitator
from hackkit.auth import Principal
from hackkit.errors import ServiceError
from hackkit.events.models import Event, Participant
from hackkit.mentors import helpdesk
from hackkit.mentors.models import HelpRequest, Mentor
from hackkit.mentors.schemas import AskForHelp
from hackkit.teams.models import Team, TeamMember
from tests.teams.test_team_race import engine  # noqa: F401  (the SQLite / PostgreSQL fixture)

MENTORS = 6


def _seed(factory: sessionmaker) -> tuple[int, list[int], list[int]]:
    """An event with a team of two and some Python mentors."""
    with factory() as session:
        owner = Facilitator(username=f"f{uuid.uuid4().hex[:8]}", password_hash="x")
        session.add(owner)
        session.flush()
        event = Event(
            code=uuid.uuid4().hex[:6].upper(),
            name="Race",
            owner_id=owner.id,
            settings={"skills": ["Python"]},
        )
        session.add(event)
        session.flush()
        people = [
            Participant(event_id=event.id, display_name=f"P{n}", name_key=f"p{n}") for n in range(2)
        ]
        session.add_all(people)
        team = Team(event_id=event.id, name="Owls", code="OWL01", max_size=5, member_count=2)
        session.add(team)
        session.flush()
        session.add_all(
            TeamMember(event_id=event.id, team_id=team.id, participant_id=p.id) for p in people
        )
        mentors = [
            Mentor(event_id=event.id, name=f"M{n}", skills=["Python"]) for n in range(MENTORS)
        ]
        session.add_all(mentors)
        session.commit()
        return event.id, [p.id for p in people], [m.id for m in mentors]


def _ask(factory: sessionmaker, event_id: int, participant_id: int, barrier=None) -> str:
    body = AskForHelp(topic="Python", location_kind="table", location="3")
    with factory() as session:
        try:
            event = session.get(Event, event_id)
            if barrier is not None:
                barrier.wait(timeout=10)
            helpdesk.ask_for_help(
                session, event, Principal("participant", participant_id, event_id), body
            )
            session.commit()
            return "asked"
        except ServiceError as exc:
            session.rollback()
            return exc.code


def _claim(factory: sessionmaker, event_id: int, mentor_id: int, request_id: int, barrier) -> str:
    with factory() as session:
        try:
            event = session.get(Event, event_id)
            barrier.wait(timeout=10)
            helpdesk.claim(session, event, Principal("mentor", mentor_id, event_id), request_id)
            session.commit()
            return "claimed"
        except ServiceError as exc:
            session.rollback()
            return exc.code


def _run_all(targets) -> list[str]:
    results: list[str] = [""] * len(targets)

    def run(n, target):
        results[n] = target()

    threads = [threading.Thread(target=run, args=(n, t)) for n, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_mentors_claiming_at_once_exactly_one_wins(engine: Engine):  # noqa: F811
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    for _round in range(4):
        event_id, people, mentors = _seed(factory)
        assert _ask(factory, event_id, people[0]) == "asked"
        with factory() as session:
            request_id = session.execute(
                select(HelpRequest.id).where(HelpRequest.event_id == event_id)
            ).scalar_one()
        barrier = threading.Barrier(len(mentors))
        results = _run_all(
            [
                lambda m=m, b=barrier, e=event_id, r=request_id: _claim(factory, e, m, r, b)
                for m in mentors
            ]
        )
        assert sorted(results) == ["already_claimed"] * (MENTORS - 1) + ["claimed"]
        with factory() as session:
            row = session.get(HelpRequest, request_id)
            assert row.status == "claimed"
            assert row.mentor_id == mentors[results.index("claimed")]


def test_two_phones_of_one_team_asking_at_once_make_one_request(engine: Engine):  # noqa: F811
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    for _round in range(4):
        event_id, people, _mentors = _seed(factory)
        barrier = threading.Barrier(2)
        results = _run_all(
            [lambda p=p, b=barrier, e=event_id: _ask(factory, e, p, b) for p in people]
        )
        assert sorted(results) == ["already_asked", "asked"]
        with factory() as session:
            count = session.execute(
                select(func.count(HelpRequest.id)).where(HelpRequest.event_id == event_id)
            ).scalar_one()
            assert count == 1
