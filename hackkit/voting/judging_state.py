"""The CrowdBT model of a pairwise ballot, kept in memory between requests.

Choosing a judge's next pair needs the model rebuilt from every stored decision, in order, and
the pairs that judge has seen. Reading and replaying all of them for every request is most of
a request's work late in a round, so each process keeps, per ballot, the model after the
decisions it has read, and reads only the newer ones.

The stored decisions stay the truth: a pairwise decision is only ever inserted (``judging``
never updates one), so the memory is checked against the table on every use: the number of
stored rows up to the last id read must be what was read. A deleted row, or one committed late
with a smaller id (concurrent writers), changes that number and the model is rebuilt from all
rows. What a request read is kept only once its transaction commits, so a rolled-back decision
never stays in the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.realtime import after_commit
from hackkit.voting.ballot_cache import BallotInfo, voting_cache
from hackkit.voting.methods import BallotError, crowd_bt
from hackkit.voting.methods.pairwise import METHOD
from hackkit.voting.models import StoredBallot


@dataclass
class PairwiseState:
    """The model after the stored decisions up to ``last_id`` (``rows`` of them)."""

    last_id: int = 0
    rows: int = 0
    model: dict = field(default_factory=crowd_bt.new_state)
    # Per judge, the pairs they judged or skipped (valid or not: they are never offered again).
    seen: dict[str, set[frozenset]] = field(default_factory=dict)

    def copy(self) -> PairwiseState:
        # ``apply_decision`` replaces the per-item and per-judge dicts, never edits them, so
        # copying the two mappings is enough to leave this one untouched.
        model = {"items": dict(self.model["items"]), "judges": dict(self.model["judges"])}
        seen = {judge: set(pairs) for judge, pairs in self.seen.items()}
        return PairwiseState(self.last_id, self.rows, model, seen)


def _apply(state: PairwiseState, info: BallotInfo, rows: list) -> None:
    """Fold newer stored rows (in id order) into ``state``, as ``METHOD.model_state`` would."""
    for row_id, slot, content, weight, judge in rows:
        state.seen.setdefault(judge, set()).add(frozenset(slot.split("|")))
        state.last_id, state.rows = row_id, state.rows + 1
        try:
            valid = METHOD.validate(info.options, content, info.params)
        except BallotError:
            continue
        if float(weight) > 0 and "winner" in valid:
            crowd_bt.apply_decision(state.model, judge, valid["winner"], valid["loser"])


def pairwise_state(session: Session, info: BallotInfo) -> PairwiseState:
    """The ballot's model and seen pairs as this transaction sees them (a private copy)."""
    cache = voting_cache().pairwise
    table = StoredBallot.__table__
    known: PairwiseState | None = cache.get(info.id)
    if known is not None:
        upto = session.execute(
            select(func.count())
            .select_from(table)
            .where(table.c.ballot_id == info.id, table.c.id <= known.last_id)
        ).scalar_one()
        if upto != known.rows:
            known = None
    state = known.copy() if known is not None else PairwiseState()
    rows = list(
        session.execute(
            select(table.c.id, table.c.slot, table.c.content, table.c.weight, table.c.pseudonym)
            .where(table.c.ballot_id == info.id, table.c.id > state.last_id)
            .order_by(table.c.id)
        )
    )
    if rows or known is None:
        _apply(state, info, rows)
        kept = state.copy()
        after_commit(session, lambda: cache.__setitem__(info.id, kept))
    return state


def forget_pairwise_state(ballot_id: int) -> None:
    """Drop a ballot's model from memory (it closed; it is rebuilt if it opens again)."""
    voting_cache().pairwise.pop(ballot_id, None)
