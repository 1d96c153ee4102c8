"""Vote receipts: every client vote id ever accepted, and what seeing one again means.

A vote id names one vote for good. Sent again for the same ballot by the same voter it is a
retry (acknowledged as a duplicate, not applied twice, even after the vote was replaced);
sent for another ballot or by another voter it is refused. The vote writer (grouped votes)
and pairwise judging (a decision in the request's own transaction) both record and look up
receipts here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.errors import Conflict
from hackkit.voting.models import VoteReceipt

Owner = tuple[int, str]  # (ballot_id, pseudonym) a vote id was accepted for


def receipt_owners(session: Session, vote_ids: Collection[str]) -> dict[str, Owner]:
    """The vote ids among these already accepted, with whose vote each was."""
    receipts = VoteReceipt.__table__
    rows = session.execute(
        select(receipts.c.vote_id, receipts.c.ballot_id, receipts.c.pseudonym).where(
            receipts.c.vote_id.in_(vote_ids)
        )
    ).all()
    return {row.vote_id: (row.ballot_id, row.pseudonym) for row in rows}


def is_retry(owner: Owner | None, ballot_id: int, pseudonym: str) -> bool:
    """Whether a vote whose id belongs to ``owner`` is a retry of this voter's stored vote.

    ``False`` for an id never seen; an id already used by another voter or ballot is refused.
    """
    if owner is None:
        return False
    if owner != (ballot_id, pseudonym):
        raise Conflict("vote_id_taken", "That vote id was already used; send a new one.")
    return True


def record_receipts(session: Session, receipts: Iterable[tuple[str, int, str]]) -> None:
    """Keep the ids of newly stored votes, each as ``(vote_id, ballot_id, pseudonym)``."""
    session.execute(
        VoteReceipt.__table__.insert(),
        [
            {"vote_id": vote_id, "ballot_id": ballot_id, "pseudonym": name}
            for vote_id, ballot_id, name in receipts
        ],
    )
