"""Answers cannot be tied to names: no table, no export and no archive joins them.

What the database holds: answers and responses point at surveys only; the one table that names
participants beside surveys (who has answered, to refuse a second answer) points at no
response and no answer, and stays out of every export.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from hackkit.archive.tables import NOT_ARCHIVED_TABLES, SECTIONS
from hackkit.database import Base
from hackkit.extensions import db
from hackkit.surveys.models import SurveyRespondent
from tests.archive.conftest import PEOPLE, RichEvent
from tests.surveys.conftest import SurveyEvent
from tests.teams.conftest import sign_in

ANSWER_TABLES = {"survey_answers", "survey_responses"}


def _foreign_keys() -> dict[str, set[str]]:
    return {
        name: {fk.column.table.name for fk in table.foreign_keys}
        for name, table in Base.metadata.tables.items()
    }


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        for target in edges.get(name, ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_no_chain_of_foreign_keys_leads_from_an_answer_to_a_participant():
    edges = _foreign_keys()
    for table in ANSWER_TABLES:
        assert "participants" not in _reachable(table, edges)
    # The done-flags name a participant and a survey, and nothing that holds an answer.
    assert edges["survey_respondents"] == {"surveys", "participants"}
    pointing_at_answers = {t for t, targets in edges.items() if targets & ANSWER_TABLES}
    assert pointing_at_answers <= ANSWER_TABLES
    # No time on either side to match up by (who answered at 17:03 gave these answers).
    for table in (*ANSWER_TABLES, "survey_respondents"):
        columns = Base.metadata.tables[table].columns
        assert not [c.name for c in columns if "_at" in c.name or c.name.endswith("ms")]


def test_the_archive_holds_answers_but_nobody_beside_them(rich: RichEvent):
    archive = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    assert "survey_respondents" in NOT_ARCHIVED_TABLES and "survey_respondents" not in archive
    assert len(archive["survey_answers"]) >= len(PEOPLE)  # the answers themselves are kept
    refs = {s.name: set(s.refs.values()) for s in SECTIONS}
    for table in ANSWER_TABLES:
        assert "participants" not in _reachable(table, refs)
    assert {s.name for s in SECTIONS if refs[s.name] & ANSWER_TABLES} <= ANSWER_TABLES
    rows = json.dumps([archive[t] for t in ANSWER_TABLES])
    for name in PEOPLE:
        assert name not in rows
    # The respondents' flags were in the database, and only there.
    flags = db.session.execute(select(SurveyRespondent)).scalars().all()
    assert len(flags) == len(PEOPLE)


def test_the_report_exports_name_nobody(surveyed: SurveyEvent, client):
    people = surveyed.join("Grace Hopper", "Alan Turing")
    survey = surveyed.survey("post")
    for person in people:
        surveyed.answer(survey, person, {"overall": 4, "comment": "Fine"})
    sign_in(client)
    base = f"/console/events/{surveyed.event['id']}/report"
    for url in (base, f"{base}.csv", f"{base}.pdf"):
        body = client.get(url).get_data()
        assert b"Grace" not in body and b"Turing" not in body, url
    texts = surveyed.api.ok("GET", f"{surveyed.base}/surveys/{survey['id']}/texts", surveyed.fac)
    assert set(texts["texts"][0]) == {"id", "question", "text", "quoted"}


def test_a_phone_learns_only_its_own_answered_surveys(surveyed: SurveyEvent):
    a, b = surveyed.join("A", "B")
    survey = surveyed.survey("pulse")
    surveyed.answer(survey, a, {"phase": 5})
    from hackkit.auth import resolve
    from hackkit.events.models import Event
    from hackkit.realtime import build_snapshot

    event = db.session.get(Event, surveyed.event["id"])
    mine = build_snapshot(db.session(), event.id, resolve(db.session(), a["token"]))["state"]
    theirs = build_snapshot(db.session(), event.id, resolve(db.session(), b["token"]))["state"]
    assert mine["surveys_answered"] == [survey["id"]] and theirs["surveys_answered"] == []
    assert "survey_results" not in mine  # figures are for the console and the wall
