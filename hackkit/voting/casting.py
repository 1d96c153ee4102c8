"""Casting a vote: the one entry point, over HTTP and Socket.IO alike.

The caster checks everything it can without writing (the ballot is open, the voter is
eligible, the ballot is valid for the method, no vote for the voter's own team when the event
forbids it: see ``rules``), then hands the vote to the process's vote writer and waits for the
commit that holds it. Only then does the voter hear "counted". Pairwise decisions go to
``judging`` instead, which stores them in this transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import NotFound
from hackkit.voting import rules
from hackkit.voting.ballot_cache import ballot_info
from hackkit.voting.judging import decide
from hackkit.voting.writer import PendingVote, vote_writer


def cast_vote(
    session: Session,
    event_id: int,
    principal: Principal,
    ballot_id: int,
    vote_id: str,
    content: dict[str, Any],
) -> dict[str, Any]:
    """Check a vote, have it committed, and return its receipt (only once it is stored)."""
    info = ballot_info(session, ballot_id)
    if info is None or info.event_id != event_id:
        raise NotFound("That ballot")
    if info.status != "open":
        raise rules.closed_error(info.status)
    voter = rules.voter_of(session, principal, info)
    rules.check_judging(session, event_id, voter)
    if info.method == "pairwise":
        return decide(session, event_id, info, voter, vote_id, content)
    blocked = rules.blocked_options(session, event_id, voter, info.options)
    normalised = rules.check_content(info, content, blocked, juror=voter.kind == "jury")
    vote = PendingVote(
        event_id=event_id,
        ballot_id=info.id,
        voter_kind=voter.kind,
        voter_id=voter.id,
        pseudonym=rules.pseudonym(info.id, voter),
        slot=rules.slot_of(info.method, normalised),
        content=normalised,
        weight=voter.weight,
        vote_id=vote_id,
    )
    # This transaction only read (if anything). End it before waiting, so a thousand waiting
    # handlers hold no database connections; the writer commits the vote in its own transaction.
    if session.in_transaction():
        session.commit()
    outcome = vote_writer().submit(vote)
    return {
        "ballot_id": info.id,
        "vote_id": vote_id,
        "counted": True,
        "duplicate": outcome.duplicate,
        "content": normalised,
        "at_ms": outcome.at_ms,
    }
