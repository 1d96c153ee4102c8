"""The demo event: what ``hackkit demo`` seeds so a facilitator can try everything at once."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from hackkit.accounts.models import Facilitator
from hackkit.accounts.service import create_facilitator, issue_signin_link_token
from hackkit.auth import token_for_display
from hackkit.events import agenda, challenges, lifecycle
from hackkit.events.models import Event
from hackkit.events.schemas import ChallengeFields, PhaseFields
from hackkit.extensions import db
from hackkit.teams.schemas import TeamSettingsFields
from hackkit.teams.settings import changed_settings, save_team_settings, team_settings

DEMO_USER = "demo"
DEMO_EVENT = "Demo Hack Day"
DEMO_CHALLENGES = [
    (
        "Greener commutes",
        "How might we help **2,000 staff** get to the office with less carbon?\n\n"
        "- Data: anonymised travel survey (ask a mentor)\n- Owner: Facilities team\n\n"
        "A good answer can be piloted within a month.",
    ),
    (
        "Onboarding in a day",
        "New joiners wait two weeks for accounts and equipment. "
        "Design a *first day* that leaves them productive by 5 pm.\n\n"
        "1. Map today's steps\n2. Remove one\n3. Prototype the rest",
    ),
]
DEMO_AGENDA = [
    ("Welcome & briefing", 15, "join"),
    ("Team formation", 20, "teams"),
    ("Hacking", 120, "ideas"),
    ("Pitches", 30, "agenda"),
    ("Voting", 10, "results"),
]
# What participants pick from in their profile, so team matching has something to balance.
DEMO_SKILLS = [
    "Design",
    "Front end",
    "Back end",
    "Data",
    "Hardware",
    "Research",
    "Pitching",
    "Project management",
]


def seed_demo(base_url: str) -> dict[str, Any]:
    """Create (once) the demo facilitator and event; return the URLs to print, and the demo
    facilitator's password when it was just created (it is stored only as a hash after)."""
    session = db.session()
    account = session.execute(
        select(Facilitator).where(Facilitator.username == DEMO_USER)
    ).scalar_one_or_none()
    password = None
    if account is None:
        password = secrets.token_urlsafe(12)
        account = create_facilitator(session, DEMO_USER, password)
    event = session.execute(
        select(Event).where(Event.owner_id == account.id, Event.name == DEMO_EVENT)
    ).scalar_one_or_none()
    if event is None:
        event = lifecycle.create_event(session, account.id, DEMO_EVENT)
        for title, brief in DEMO_CHALLENGES:
            challenges.create_challenge(
                session, event, ChallengeFields(title=title, brief_md=brief, published=True)
            )
        agenda.set_agenda(
            session,
            event,
            [
                PhaseFields(name=name, minutes=minutes, wall_mode=mode)
                for name, minutes, mode in DEMO_AGENDA
            ],
        )
    if not team_settings(event).skills:  # also for a demo event seeded by an older version
        skills = TeamSettingsFields(skills=DEMO_SKILLS)
        save_team_settings(session, event, changed_settings(team_settings(event), skills))
    token = issue_signin_link_token(session, account)
    session.commit()
    return {
        "name": event.name,
        "username": DEMO_USER,
        "password": password,
        "code": event.code,
        "signin_url": f"{base_url}/login/once/{token}?next=/console/events/{event.id}",
        "join_url": f"{base_url}/j/{event.code}",
        "display_url": f"{base_url}/e/{event.code}/display?key={token_for_display(event)}",
    }
