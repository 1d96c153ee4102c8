"""Pairwise judging: which pair a judge sees next, and storing their decisions.

Every raw decision is a stored ballot of its own (slot = the pair), so the CrowdBT model is
rebuilt from the decisions alone, in the order they were made. The pair each judge is looking
at is a row in ``pair_assignments``: any process, and a restarted one, agrees on which items
are busy, and a decision is only taken for the pair the judge was actually shown.

Judging is slow (a judge looks at two demos per decision), so decisions are stored in the
request's own transaction rather than through the vote writer; they still commit before the
judge hears back, and a retried decision (same vote id) is counted once.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.database import upsert
from hackkit.errors import Conflict, NotFound, ServiceError
from hackkit.events.models import Event
from hackkit.realtime import server_ms
from hackkit.voting.ballot_cache import BallotInfo, ballot_info
from hackkit.voting.judging_state import pairwise_state
from hackkit.voting.methods.pairwise import choose_pair
from hackkit.voting.models import Ballot, BallotVoter, PairAssignment, StoredBallot
from hackkit.voting.receipts import is_retry, receipt_owners, record_receipts
from hackkit.voting.rules import (
    Voter,
    blocked_options,
    check_content,
    check_judging,
    closed_error,
    pseudonym,
    slot_of,
    voter_of,
)
from hackkit.voting.tallies import mark_changed

# A pair left open longer than this (a judge who walked away) no longer makes its items busy.
BUSY_FOR_MS = 10 * 60 * 1000


def clear_assignments(session: Session, ballot_id: int) -> None:
    """Forget every open pair of a ballot (it closed)."""
    session.execute(delete(PairAssignment).where(PairAssignment.ballot_id == ballot_id))


def _judging(
    session: Session, event: Event, principal: Principal, ballot_id: int
) -> tuple[BallotInfo, Voter]:
    info = ballot_info(session, ballot_id)
    if info is None or info.event_id != event.id:
        raise NotFound("That ballot")
    if info.method != "pairwise":
        raise ServiceError("not_pairwise", "This ballot is not pairwise judging.")
    if info.status != "open":
        raise closed_error(info.status)
    return info, voter_of(session, principal, info)


def next_pair(
    session: Session, event: Event, principal: Principal, ballot_id: int
) -> dict[str, Any]:
    """The pair this judge should look at: the open one, or a newly chosen one."""
    info, voter = _judging(session, event, principal, ballot_id)
    check_judging(session, event.id, voter)
    judge = pseudonym(info.id, voter)
    current = session.get(PairAssignment, (info.id, judge))
    if current is not None:
        return {"ballot_id": info.id, "pair": [current.item_a, current.item_b], "done": False}
    return assign(session, event.id, info, voter, judge)


def assign(
    session: Session,
    event_id: int,
    info: BallotInfo,
    voter: Voter,
    judge: str,
    blocked_now: list[str] | None = None,
) -> dict[str, Any]:
    """Choose the judge's next pair by expected information gain, avoiding busy items and the
    judge's blocked ones (``blocked_now`` when the caller has just read them)."""
    if blocked_now is None:
        blocked_now = blocked_options(session, event_id, voter, info.options)
    blocked = set(blocked_now)
    items = [option for option in info.options if option not in blocked]
    # The model from every stored decision and the pairs this judge has seen, read
    # incrementally (see ``judging_state``): the same as replaying them all here.
    known = pairwise_state(session, info)
    state = known.model
    seen = known.seen.get(judge, set())
    now = server_ms()
    busy: set[str] = set()
    for a, b in session.execute(
        select(PairAssignment.item_a, PairAssignment.item_b).where(
            PairAssignment.ballot_id == info.id,
            PairAssignment.judge != judge,
            PairAssignment.assigned_at_ms > now - BUSY_FOR_MS,
        )
    ):
        busy.update((a, b))
    pair = choose_pair(state, judge, items, busy, seen, random.Random(), info.params.epsilon)
    session.execute(
        delete(PairAssignment).where(
            PairAssignment.ballot_id == info.id, PairAssignment.judge == judge
        )
    )
    if pair is None:
        return {"ballot_id": info.id, "pair": None, "done": True}
    session.add(
        PairAssignment(
            ballot_id=info.id, judge=judge, item_a=pair[0], item_b=pair[1], assigned_at_ms=now
        )
    )
    session.flush()
    return {"ballot_id": info.id, "pair": list(pair), "done": False}


def decide(
    session: Session, event_id: int, info: BallotInfo, voter: Voter, vote_id: str, content: Any
) -> dict[str, Any]:
    """Store a judge's decision (or skip) on the pair they were shown; return the next pair."""
    # The caster (``casting.cast_vote``, the only way here) has refused a decision while
    # judging is paused or closed or the juror is set aside, in this same transaction.
    judge = pseudonym(info.id, voter)
    blocked = blocked_options(session, event_id, voter, info.options)
    normalised = check_content(info, content, blocked, juror=voter.kind == "jury")
    if is_retry(receipt_owners(session, [vote_id]).get(vote_id), info.id, judge):
        current = session.get(PairAssignment, (info.id, judge))
        following = (
            {"ballot_id": info.id, "pair": [current.item_a, current.item_b], "done": False}
            if current is not None
            else assign(session, event_id, info, voter, judge, blocked)
        )
        return _receipt(info, vote_id, normalised, True, server_ms(), following)
    shown = session.get(PairAssignment, (info.id, judge))
    pair = (
        set(normalised["skip"])
        if "skip" in normalised
        else {normalised["winner"], normalised["loser"]}
    )
    if shown is None or {shown.item_a, shown.item_b} != pair:
        raise Conflict(
            "pair_not_assigned", "That is not the pair you were shown; here is your next one."
        )
    now = server_ms()
    # Touch the ballot first: it must still be open, and this serialises with a close.
    ballots = Ballot.__table__
    still_open = session.execute(
        update(ballots)
        .where(ballots.c.id == info.id, ballots.c.status == "open")
        .values(last_vote_ms=now)
        .returning(ballots.c.id)
    ).first()
    if still_open is None:
        raise closed_error("closed")
    session.execute(
        upsert(session, BallotVoter.__table__).on_conflict_do_nothing(),
        [{"ballot_id": info.id, "voter_kind": voter.kind, "voter_id": voter.id}],
    )
    record_receipts(session, [(vote_id, info.id, judge)])
    session.add(
        StoredBallot(
            ballot_id=info.id,
            pseudonym=judge,
            slot=slot_of(info.method, normalised),
            content=normalised,
            weight=voter.weight,
            vote_id=vote_id,
            cast_at_ms=now,
        )
    )
    session.delete(shown)
    session.flush()
    mark_changed(session, info.event_id, info.id)
    following = assign(session, event_id, info, voter, judge, blocked)
    return _receipt(info, vote_id, normalised, False, now, following)


def _receipt(
    info: BallotInfo, vote_id: str, content: dict, duplicate: bool, at_ms: int, following: dict
) -> dict[str, Any]:
    return {
        "ballot_id": info.id,
        "vote_id": vote_id,
        "counted": True,
        "duplicate": duplicate,
        "content": content,
        "at_ms": at_ms,
        "next": following,
    }
