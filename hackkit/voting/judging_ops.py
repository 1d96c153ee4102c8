"""Running judging at a real event: conflicts of interest, jurors and ideas set aside, the one
judging switch, and each judge's progress.

The facilitator sees per juror how many judgements they have made (never what they were: the
content stays under pseudonyms), so they can tell who is behind. What is set aside is shown
with its reason, never hidden silently. Reads that every judging path shares live in
``setaside``; this module changes things and tells the screens.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import Forbidden, NotFound, ServiceError
from hackkit.events.models import Event
from hackkit.realtime import person_room, publish, push, role_room, server_ms
from hackkit.teams.models import Idea
from hackkit.voting import ballots, jury
from hackkit.voting.models import (
    Ballot,
    JudgingFlag,
    JuryConflict,
    JuryMember,
    PairAssignment,
    StoredBallot,
)
from hackkit.voting.rules import Voter, pseudonym
from hackkit.voting.setaside import SWITCH_STATES, absent_team_ideas, switch_state

MAX_CONFLICTS_PER_JUROR = 50
# A juror is "behind" below this share of the median judgements of the jurors judging, once
# the median judge has made a few (before that everyone is just starting).
BEHIND_SHARE = 0.5
BEHIND_AFTER = 2
# An idea is "skipped often" when skipped at least this often and at least as often as judged.
SKIPPED_OFTEN = 2


def _juror(session: Session, event: Event, principal: Principal) -> JuryMember:
    if principal.role != "jury" or principal.event_id != event.id:
        raise Forbidden("Only this event's jurors declare conflicts of interest.")
    member = session.get(JuryMember, principal.subject_id)
    if member is None or member.revoked_at is not None:
        raise Forbidden("This jury link is no longer valid.")
    return member


def _idea(session: Session, event: Event, idea_id: int) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None or idea.event_id != event.id:
        raise NotFound("That idea")
    return idea


def jury_ballots(session: Session, event_id: int, *, drafts: bool = False) -> list[Ballot]:
    """The event's ballots jurors judge in, newest first."""
    stmt = select(Ballot).where(Ballot.event_id == event_id, Ballot.voters.in_(("jury", "both")))
    if not drafts:
        stmt = stmt.where(Ballot.status != "draft")
    return list(session.execute(stmt.order_by(Ballot.id.desc())).scalars())


def _release_pairs(session: Session, event_id: int, juror_id: int, idea: str | None) -> None:
    """Forget a juror's open pairs (those with ``idea``, or all): they get a fresh one."""
    voter = Voter("jury", juror_id, 1.0)
    for ballot in jury_ballots(session, event_id):
        if ballot.method != "pairwise" or ballot.status != "open":
            continue
        stmt = delete(PairAssignment).where(
            PairAssignment.ballot_id == ballot.id,
            PairAssignment.judge == pseudonym(ballot.id, voter),
        )
        if idea is not None:
            stmt = stmt.where((PairAssignment.item_a == idea) | (PairAssignment.item_b == idea))
        session.execute(stmt)


# --- conflicts of interest -----------------------------------------------------------------


def conflict_dicts(session: Session, event_id: int, juror_id: int | None = None) -> list[dict]:
    """Declared conflicts (a juror's own, or the event's), oldest first."""
    stmt = select(JuryConflict, JuryMember.name, Idea.title).join(
        JuryMember, JuryMember.id == JuryConflict.juror_id
    )
    stmt = stmt.join(Idea, Idea.id == JuryConflict.idea_id).where(JuryConflict.event_id == event_id)
    if juror_id is not None:
        stmt = stmt.where(JuryConflict.juror_id == juror_id)
    return [
        {
            "juror_id": row.juror_id,
            "juror": name,
            "idea_id": row.idea_id,
            "idea": title,
            "reason": row.reason,
            "declared_at_ms": row.declared_at_ms,
        }
        for row, name, title in session.execute(stmt.order_by(JuryConflict.id))
    ]


def _conflicts_changed(session: Session, event_id: int, juror_id: int) -> dict[str, Any]:
    mine = conflict_dicts(session, event_id, juror_id)
    push(session, person_room("jury", juror_id), "judging.mine", {"conflicts": mine})
    push(
        session,
        role_room(event_id, "facilitator"),
        "judging.conflicts",
        {"conflicts": conflict_dicts(session, event_id)},
    )
    return {"conflicts": mine}


def declare_conflict(
    session: Session, event: Event, principal: Principal, idea_id: int, reason: str
) -> dict[str, Any]:
    """A juror declares a conflict with an idea: from now on they are never given it."""
    member = _juror(session, event, principal)
    _idea(session, event, idea_id)
    existing = session.execute(
        select(JuryConflict).where(
            JuryConflict.juror_id == member.id, JuryConflict.idea_id == idea_id
        )
    ).scalar_one_or_none()
    if existing is not None:
        existing.reason = reason
    else:
        count = len(conflict_dicts(session, event.id, member.id))
        if count >= MAX_CONFLICTS_PER_JUROR:
            raise ServiceError(
                "too_many_conflicts",
                f"A juror can declare at most {MAX_CONFLICTS_PER_JUROR} conflicts; "
                "talk to the facilitator.",
            )
        session.add(
            JuryConflict(
                event_id=event.id,
                juror_id=member.id,
                idea_id=idea_id,
                reason=reason,
                declared_at_ms=server_ms(),
            )
        )
    _release_pairs(session, event.id, member.id, str(idea_id))
    session.flush()
    return _conflicts_changed(session, event.id, member.id)


def withdraw_conflict(
    session: Session, event: Event, principal: Principal, idea_id: int
) -> dict[str, Any]:
    """A juror takes back a conflict they declared by mistake."""
    member = _juror(session, event, principal)
    gone = session.execute(
        delete(JuryConflict).where(
            JuryConflict.juror_id == member.id, JuryConflict.idea_id == idea_id
        )
    ).rowcount
    if not gone:
        raise NotFound("That conflict")
    return _conflicts_changed(session, event.id, member.id)


# --- set aside: jurors absent or busy, ideas whose team is absent --------------------------


def flag_dicts(session: Session, event_id: int) -> dict[str, dict[str, dict]]:
    """Every flag of the event: {"jurors": {id: {flag, reason}}, "ideas": {id: ...}}."""
    out: dict[str, dict[str, dict]] = {"jurors": {}, "ideas": {}}
    for flag in session.execute(
        select(JudgingFlag).where(JudgingFlag.event_id == event_id)
    ).scalars():
        key, ident = ("jurors", flag.juror_id) if flag.juror_id else ("ideas", flag.idea_id)
        out[key][str(ident)] = {"flag": flag.flag, "reason": flag.reason, "at_ms": flag.set_at_ms}
    return out


def _flags_changed(session: Session, event_id: int) -> dict[str, Any]:
    flags = flag_dicts(session, event_id)
    push(session, role_room(event_id, "facilitator"), "judging.flags", flags)
    return flags


def set_juror_flag(
    session: Session, event: Event, juror_id: int, flag: str | None, reason: str
) -> dict[str, Any]:
    """Mark a juror absent or busy (nothing is assigned to them), or back (``flag`` None)."""
    member = session.get(JuryMember, juror_id)
    if member is None or member.event_id != event.id or member.revoked_at is not None:
        raise NotFound("That juror")
    session.execute(delete(JudgingFlag).where(JudgingFlag.juror_id == juror_id))
    if flag is not None:
        session.add(
            JudgingFlag(
                event_id=event.id,
                juror_id=juror_id,
                flag=flag,
                reason=reason,
                set_at_ms=server_ms(),
            )
        )
        _release_pairs(session, event.id, juror_id, None)
    session.flush()
    mine = {"flag": flag, "reason": reason if flag else ""}
    push(session, person_room("jury", juror_id), "judging.mine", {"flag": mine})
    return _flags_changed(session, event.id)


def set_idea_flag(
    session: Session, event: Event, idea_id: int, team_absent: bool, reason: str
) -> dict[str, Any]:
    """Set an idea aside because its team is absent (no juror is given it), or take it back."""
    _idea(session, event, idea_id)
    session.execute(delete(JudgingFlag).where(JudgingFlag.idea_id == idea_id))
    if team_absent:
        session.add(
            JudgingFlag(
                event_id=event.id,
                idea_id=idea_id,
                flag="team_absent",
                reason=reason,
                set_at_ms=server_ms(),
            )
        )
        for ballot in jury_ballots(session, event.id):
            if ballot.status == "open":
                idea = str(idea_id)
                session.execute(
                    delete(PairAssignment).where(
                        PairAssignment.ballot_id == ballot.id,
                        (PairAssignment.item_a == idea) | (PairAssignment.item_b == idea),
                    )
                )
    session.flush()
    # Every juror's blocked ideas changed: their phones fetch their views again.
    push(session, role_room(event.id, "jury"), "judging.changed", {"idea_id": idea_id})
    return _flags_changed(session, event.id)


# --- the switch ------------------------------------------------------------------------------


def set_switch(session: Session, event: Event, state: str) -> dict[str, Any]:
    """Open, pause or close judging for every juror at once.

    Closing also closes every open ballot jurors judge in; reopening after a close lets the
    next round's ballots be judged (they open on their own, as any ballot).
    """
    if state not in SWITCH_STATES:
        raise ServiceError("bad_state", "Judging is open, paused or closed.")
    if state == "closed":
        for ballot in jury_ballots(session, event.id):
            if ballot.status == "open":
                ballots.close_ballot(session, event, ballot.id)
    event.settings = {**(event.settings or {}), "judging": state}
    session.flush()
    view = {"state": state, "at_ms": server_ms()}
    publish(session, event.id, "judging.switch", view)
    return view


# --- progress --------------------------------------------------------------------------------


def _involved(method: str, content: dict[str, Any], slot: str) -> tuple[list[str], bool]:
    """The ideas a stored judgement is about, and whether it was a skip."""
    if method == "pairwise":
        if "skip" in content:
            return list(content["skip"]), True
        return [content.get("winner"), content.get("loser")], False
    if method == "rubric":
        return [slot], False
    return [], False


def _behind_reason(done: int, median: float) -> str:
    return f"{done} {'judgement' if done == 1 else 'judgements'}; the median is {median:g}"


def ballot_progress(
    session: Session, event: Event, ballot: Ballot, jurors: list[JuryMember], flags: dict
) -> dict[str, Any]:
    """Who has judged how much in one ballot, who is behind, and how each idea is covered."""
    options = list(ballot.options or ())
    team_absent = absent_team_ideas(session, event.id)
    names = {pseudonym(ballot.id, Voter("jury", m.id, 1.0)): m for m in jurors}
    done: dict[int, int] = defaultdict(int)
    last: dict[int, int] = {}
    judged: dict[str, set[str]] = defaultdict(set)
    skips: dict[str, int] = defaultdict(int)
    rows = session.execute(
        select(
            StoredBallot.pseudonym, StoredBallot.slot, StoredBallot.content, StoredBallot.cast_at_ms
        )
        .where(StoredBallot.ballot_id == ballot.id)
        .order_by(StoredBallot.id)
    )
    for judge, slot, content, at_ms in rows:
        ideas, skipped = _involved(ballot.method, content, slot)
        for idea in ideas:
            if skipped:
                skips[idea] += 1
            else:
                judged[idea].add(judge)
        member = names.get(judge)
        if member is not None and not skipped:
            done[member.id] += 1
            last[member.id] = max(at_ms, last.get(member.id, 0))
    conflicts: dict[int, set[str]] = defaultdict(set)
    for conflict in session.execute(
        select(JuryConflict).where(JuryConflict.event_id == event.id)
    ).scalars():
        conflicts[conflict.juror_id].add(str(conflict.idea_id))
    working = [m.id for m in jurors if str(m.id) not in flags["jurors"]]
    median = statistics.median([done[i] for i in working]) if working else 0
    judges = []
    for member in jurors:
        flag = flags["jurors"].get(str(member.id))
        target = None
        if ballot.method == "rubric":
            target = len([o for o in options if o not in conflicts[member.id] | team_absent])
        behind = flag is None and median >= BEHIND_AFTER and done[member.id] < BEHIND_SHARE * median
        judges.append(
            {
                "juror_id": member.id,
                "name": member.name,
                "done": done[member.id],
                "target": target,
                "last_at_ms": last.get(member.id),
                "behind": behind,
                "behind_reason": _behind_reason(done[member.id], median) if behind else "",
                "flag": flag,
                "conflicts": len(conflicts[member.id] & set(options)),
            }
        )
    ideas = []
    for option in options:
        seen = len(judged[option])
        reasons = []
        if option in team_absent:
            why = flags["ideas"].get(option, {}).get("reason") or ""
            reasons.append("team absent" + (f": {why}" if why else ""))
        if skips[option] >= SKIPPED_OFTEN and skips[option] >= seen:
            reasons.append(f"skipped {skips[option]} times, judged by {seen}")
        ideas.append({"id": option, "judged_by": seen, "skips": skips[option], "reasons": reasons})
    counted = [i["judged_by"] for i in ideas if i["id"] not in team_absent]
    return {
        "ballot_id": ballot.id,
        "title": ballot.title,
        "method": ballot.method,
        "status": ballot.status,
        "median": median,
        "judges": judges,
        "ideas": ideas,
        "coverage_min": min(counted) if counted else 0,
        "judgements": sum(done.values()),
    }


def progress(session: Session, event: Event) -> dict[str, Any]:
    """The facilitator's progress view: the switch and, per jury ballot, each judge's figures."""
    jurors = jury.active_jurors(session, event.id)
    flags = flag_dicts(session, event.id)
    return {
        "switch": switch_state(session, event.id),
        "ballots": [
            ballot_progress(session, event, b, jurors, flags)
            for b in jury_ballots(session, event.id)
        ],
        "flags": flags,
        "conflicts": conflict_dicts(session, event.id),
    }


def juror_state(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    """What a juror's phone knows of judging: the switch, their conflicts and their flag."""
    flag = session.execute(
        select(JudgingFlag).where(JudgingFlag.juror_id == principal.subject_id)
    ).scalar_one_or_none()
    return {
        "switch": switch_state(session, event.id),
        "conflicts": conflict_dicts(session, event.id, principal.subject_id),
        "flag": {"flag": flag.flag, "reason": flag.reason}
        if flag
        else {"flag": None, "reason": ""},
    }
