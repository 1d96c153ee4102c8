"""Ballots and their life: draft, open, closed, revealed; by hand or following the agenda.

A draft is the facilitator's alone (pushed to the console only). Opening freezes the options
(the ideas in scope at that moment) and announces the ballot to every screen with a revision;
closing refuses further votes; revealing publishes the final result to every screen at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.errors import Conflict, NotFound, ServiceError
from hackkit.events.agenda import AGENDA_LISTENERS
from hackkit.events.models import Challenge, Event, Phase
from hackkit.events.status import close_joins_for_vote
from hackkit.realtime import after_commit, publish, push, role_room, server_ms
from hackkit.teams.models import Idea, Team
from hackkit.voting.ballot_cache import forget_ballot, voting_cache
from hackkit.voting.judging import clear_assignments
from hackkit.voting.methods import METHODS, BallotError, get_method
from hackkit.voting.models import Ballot
from hackkit.voting.schemas import BallotChanges, BallotFields, MethodParams
from hackkit.voting.tallies import mark_changed, result_view

MAX_BALLOTS = 100
MIN_OPTIONS = 2
ACTIVE_PHASE = ("running", "paused")
FINISHED_PHASE = ("done", "skipped")
# A reveal lands on every screen at the same server instant, a little after it is sent.
REVEAL_LEAD_MS = 300


# --- reading -------------------------------------------------------------------------------


def get_ballot(session: Session, event: Event, ballot_id: int) -> Ballot:
    """A ballot of this event, or a plain 'not found' (never another event's ballot)."""
    ballot = session.get(Ballot, ballot_id)
    if ballot is None or ballot.event_id != event.id:
        raise NotFound("That ballot")
    return ballot


def event_ballots(session: Session, event_id: int, *, drafts: bool) -> list[Ballot]:
    """The event's ballots, newest first; drafts only for the facilitator."""
    stmt = select(Ballot).where(Ballot.event_id == event_id)
    if not drafts:
        stmt = stmt.where(Ballot.status != "draft")
    return list(session.execute(stmt.order_by(Ballot.id.desc())).scalars())


def option_dicts(session: Session, ballot: Ballot, *, moderation: bool = False) -> list[dict]:
    """The ballot's options as screens show them, in the ballot's order.

    A hidden idea stays an option of an open ballot (the options are frozen so that stored
    ballots stay valid), but everyone except the facilitator sees it without its content.
    """
    ids = [int(option) for option in ballot.options or ()]
    if not ids:
        return []
    rows = session.execute(
        select(Idea, Team.name)
        .outerjoin(Team, Team.id == Idea.team_id)
        .where(Idea.id.in_(ids), Idea.event_id == ballot.event_id)
    ).all()
    found = {idea.id: (idea, team) for idea, team in rows}
    options = []
    for idea_id in ids:
        idea, team = found.get(idea_id, (None, None))
        if idea is None or (idea.hidden and not moderation):
            options.append({"id": str(idea_id), "title": "(withdrawn)", "pitch": "", "team": None})
            continue
        option = {"id": str(idea.id), "title": idea.title, "pitch": idea.pitch, "team": team}
        if moderation:
            option["hidden"] = idea.hidden
        options.append(option)
    return options


def public_params(ballot: Ballot) -> dict[str, Any]:
    """The parameters voters need to fill in a ballot (all of them are public)."""
    return dict(ballot.params or {})


def ballot_dict(session: Session, ballot: Ballot, *, moderation: bool = False) -> dict[str, Any]:
    """A ballot's description (no results: those travel as ``ballot.tally`` views)."""
    return {
        "id": ballot.id,
        "title": ballot.title,
        "method": ballot.method,
        "method_label": METHODS[ballot.method].label,
        "params": public_params(ballot),
        "scope": ballot.scope,
        "challenge_id": ballot.challenge_id,
        "shortlist": list(ballot.shortlist or ()),
        "options": option_dicts(session, ballot, moderation=moderation),
        "visibility": ballot.visibility,
        "voters": ballot.voters,
        "status": ballot.status,
        "revealed": ballot.revealed_at_ms is not None,
        "phase_id": ballot.phase_id,
        "opened_at_ms": ballot.opened_at_ms,
        "closed_at_ms": ballot.closed_at_ms,
        "revealed_at_ms": ballot.revealed_at_ms,
    }


# --- options and parameters --------------------------------------------------------------------


def resolve_options(
    session: Session, event: Event, scope: str, challenge_id: int | None, shortlist: list[int]
) -> list[str]:
    """Idea ids (as strings) a ballot over ``scope`` covers now: visible ideas only."""
    stmt = select(Idea.id).where(Idea.event_id == event.id, Idea.hidden.is_(False))
    if scope == "challenge":
        if challenge_id is None:
            raise ServiceError("challenge_required", "Pick the challenge whose ideas are voted on.")
        challenge = session.get(Challenge, challenge_id)
        if challenge is None or challenge.event_id != event.id:
            raise NotFound("That challenge")
        stmt = stmt.where(Idea.challenge_id == challenge_id)
    elif scope == "shortlist":
        wanted = list(dict.fromkeys(shortlist))
        found = set(session.execute(stmt.where(Idea.id.in_(wanted))).scalars())
        missing = [idea_id for idea_id in wanted if idea_id not in found]
        if missing:
            raise ServiceError(
                "idea_unavailable", f"Idea {missing[0]} is not a visible idea of this event."
            )
        return [str(idea_id) for idea_id in wanted]
    return [str(idea_id) for idea_id in session.execute(stmt.order_by(Idea.id)).scalars()]


def playbook_rubric(key: str) -> list[dict[str, Any]]:
    """The criteria of a rubric from the playbook library, by its key."""
    from hackkit.playbooks.commands import default_dirs
    from hackkit.playbooks.library import load_library

    rubric = load_library(default_dirs()).rubrics.get(key)
    if rubric is None:
        raise NotFound(f"The rubric {key!r}", code="unknown_rubric")
    return [{"key": c.key, "label": c.label, "weight": c.weight} for c in rubric.criteria]


def build_params(
    event: Event, method: str, params: MethodParams, rubric: str | None
) -> dict[str, Any]:
    """Stored parameters for ``method``, checked by the method itself.

    A rubric's criteria come from the payload, else from a playbook rubric named by key, else
    from the event's own ``rubric_criteria`` setting.
    """
    stored = params.stored()
    if method == "rubric" and "criteria" not in stored:
        if rubric is not None:
            stored["criteria"] = playbook_rubric(rubric)
        elif isinstance((event.settings or {}).get("rubric_criteria"), list):
            stored["criteria"] = event.settings["rubric_criteria"]
        else:
            raise ServiceError(
                "criteria_required", "A jury rubric needs criteria, or a playbook rubric to use."
            )
    try:
        get_method(method).params_from(stored)
    except BallotError as exc:
        raise ServiceError(exc.code, exc.message) from None
    return stored


def _check_phase(session: Session, event: Event, phase_id: int | None) -> int | None:
    if not phase_id:
        return None
    phase = session.get(Phase, phase_id)
    if phase is None or phase.event_id != event.id:
        raise NotFound("That phase")
    return phase.id


# --- announcing --------------------------------------------------------------------------------


def announce(session: Session, ballot: Ballot) -> None:
    """Tell screens about the ballot's new state (after commit); drafts only to facilitators."""
    session.flush()
    after_commit(session, lambda ballot_id=ballot.id: forget_ballot(ballot_id))
    if ballot.status == "draft":
        data = ballot_dict(session, ballot, moderation=True)
        push(session, role_room(ballot.event_id, "facilitator"), "ballot.updated", data)
    else:
        publish(session, ballot.event_id, "ballot.updated", ballot_dict(session, ballot))
    mark_changed(session, ballot.event_id, ballot.id)


# --- the life of a ballot ---------------------------------------------------------------------


def create_ballot(session: Session, event: Event, fields: BallotFields) -> Ballot:
    """A draft ballot; the facilitator opens it when voting starts."""
    count = len(event_ballots(session, event.id, drafts=True))
    if count >= MAX_BALLOTS:
        raise ServiceError("too_many_ballots", f"An event can have at most {MAX_BALLOTS} ballots.")
    ballot = Ballot(
        event_id=event.id,
        title=fields.title,
        method=fields.method,
        params=build_params(event, fields.method, fields.params, fields.rubric),
        scope=fields.scope,
        challenge_id=fields.challenge_id if fields.scope == "challenge" else None,
        shortlist=list(fields.idea_ids) if fields.scope == "shortlist" else [],
        visibility=fields.visibility,
        voters=fields.voters,
        status="draft",
        phase_id=_check_phase(session, event, fields.phase_id),
    )
    ballot.options = resolve_options(
        session, event, ballot.scope, ballot.challenge_id, ballot.shortlist
    )
    session.add(ballot)
    announce(session, ballot)
    return ballot


def update_ballot(session: Session, event: Event, ballot_id: int, changes: BallotChanges) -> Ballot:
    """Edit a ballot: title and visibility until the reveal; the rest only while a draft."""
    ballot = get_ballot(session, event, ballot_id)
    given = changes.model_dump(exclude_unset=True)
    if ballot.revealed_at_ms is not None and given:
        raise Conflict("ballot_revealed", "This ballot's result is out; it cannot change now.")
    structural = set(given) - {"title", "visibility"}
    if structural and ballot.status != "draft":
        raise Conflict(
            "ballot_not_draft", "Only a draft ballot's method, ideas, voters and phase can change."
        )
    if changes.title is not None:
        ballot.title = changes.title
    if changes.visibility is not None:
        ballot.visibility = changes.visibility
    if changes.params is not None:
        ballot.params = build_params(event, ballot.method, changes.params, None)
    if changes.voters is not None:
        ballot.voters = changes.voters
    if "phase_id" in given:
        ballot.phase_id = _check_phase(session, event, changes.phase_id)
    if {"scope", "challenge_id", "idea_ids"} & set(given):
        ballot.scope = changes.scope or ballot.scope
        ballot.challenge_id = changes.challenge_id if ballot.scope == "challenge" else None
        ballot.shortlist = list(changes.idea_ids or []) if ballot.scope == "shortlist" else []
    if ballot.status == "draft":
        ballot.options = resolve_options(
            session, event, ballot.scope, ballot.challenge_id, ballot.shortlist
        )
    announce(session, ballot)
    return ballot


def open_ballot(session: Session, event: Event, ballot_id: int) -> Ballot:
    """Start voting. A draft takes the ideas in scope now; a closed ballot may reopen."""
    ballot = get_ballot(session, event, ballot_id)
    return _open(session, event, ballot)


def _open(session: Session, event: Event, ballot: Ballot) -> Ballot:
    if ballot.status == "open":
        raise Conflict("ballot_open", "This ballot is already open.")
    if ballot.revealed_at_ms is not None:
        raise Conflict("ballot_revealed", "This ballot's result is out; create a new ballot.")
    if ballot.status == "draft":
        ballot.options = resolve_options(
            session, event, ballot.scope, ballot.challenge_id, ballot.shortlist
        )
    if len(ballot.options) < MIN_OPTIONS:
        raise ServiceError(
            "too_few_options", f"A ballot needs at least {MIN_OPTIONS} ideas to choose from."
        )
    ballot.status = "open"
    ballot.opened_at_ms = server_ms()
    ballot.closed_at_ms = None
    announce(session, ballot)
    # Join protection for public votes: nobody joins again under a new name to vote again.
    close_joins_for_vote(session, event)
    return ballot


def close_ballot(session: Session, event: Event, ballot_id: int) -> Ballot:
    """Stop voting: every vote after this commit is refused."""
    ballot = get_ballot(session, event, ballot_id)
    return _close(session, ballot)


def _close(session: Session, ballot: Ballot) -> Ballot:
    if ballot.status != "open":
        raise Conflict("ballot_not_open", "Only an open ballot can be closed.")
    ballot.status = "closed"
    ballot.closed_at_ms = server_ms()
    clear_assignments(session, ballot.id)
    announce(session, ballot)
    return ballot


def reveal_ballot(session: Session, event: Event, ballot_id: int) -> Ballot:
    """Publish the final result to every screen, landing everywhere at the same instant."""
    ballot = get_ballot(session, event, ballot_id)
    if ballot.status != "closed":
        raise Conflict("ballot_not_closed", "Close the ballot before revealing its result.")
    if ballot.visibility == "never":
        raise Conflict(
            "ballot_private", "This ballot's results are never public; change its visibility first."
        )
    if ballot.revealed_at_ms is not None:
        raise Conflict("ballot_revealed", "This result is already out.")
    ballot.revealed_at_ms = server_ms()
    announce(session, ballot)
    session.flush()
    result = result_view(session, ballot, full=False, fresh=True)
    publish(
        session,
        event.id,
        "ballot.revealed",
        {"ballot_id": ballot.id, "result": result, "apply_at_ms": server_ms() + REVEAL_LEAD_MS},
    )
    return ballot


def delete_ballot(session: Session, event: Event, ballot_id: int) -> None:
    """Remove a ballot that is not open, with everything cast in it."""
    ballot = get_ballot(session, event, ballot_id)
    if ballot.status == "open":
        raise Conflict("ballot_open", "Close the ballot before deleting it.")
    was_public = ballot.status != "draft"
    session.delete(ballot)
    session.flush()
    after_commit(session, lambda: forget_ballot(ballot_id))
    if was_public:
        publish(session, event.id, "ballot.removed", {"id": ballot_id})
    else:
        push(session, role_room(event.id, "facilitator"), "ballot.removed", {"id": ballot_id})


def follow_agenda(session: Session, event: Event) -> None:
    """Open ballots whose phase has started and close those whose phase has finished.

    Called whenever the agenda changes (start, skip, edit), in the same transaction, so a
    phase and its ballot change together or not at all.
    """
    rows = session.execute(
        select(Ballot, Phase.status)
        .join(Phase, Phase.id == Ballot.phase_id)
        .where(Ballot.event_id == event.id, Ballot.status.in_(("draft", "open", "closed")))
    ).all()
    for ballot, phase_status in rows:
        if ballot.revealed_at_ms is not None:
            continue
        if phase_status in ACTIVE_PHASE and ballot.status == "draft":
            try:
                with session.begin_nested():
                    _open(session, event, ballot)
            except ServiceError as exc:  # e.g. too few ideas: the phase still starts
                room = role_room(event.id, "facilitator")
                notice = {"ballot_id": ballot.id, "message": f"{ballot.title}: {exc.message}"}
                push(session, room, "ballot.notice", notice)
        elif phase_status in FINISHED_PHASE and ballot.status == "open":
            _close(session, ballot)


def set_voting_settings(
    session: Session, event: Event, forbid_own_team_vote: bool
) -> dict[str, Any]:
    """Change the event's voting rules; phones resynchronise to see what they may vote for."""
    event.settings = {**(event.settings or {}), "forbid_own_team_vote": forbid_own_team_vote}
    session.flush()
    after_commit(session, lambda: voting_cache().own_team_rule.pop(event.id, None))
    settings = {"forbid_own_team_vote": forbid_own_team_vote}
    publish(session, event.id, "voting.settings", settings)
    return settings


def _on_agenda_change(session: Session, event: Event, _view: dict[str, Any]) -> None:
    follow_agenda(session, event)


if _on_agenda_change not in AGENDA_LISTENERS:
    AGENDA_LISTENERS.append(_on_agenda_change)
