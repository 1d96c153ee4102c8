"""What each screen sees of voting: ballots, their figures, and a voter's own view of each.

A voter's view holds what only they may know: whether they may vote, the order they see the
options in (shuffled per voter, the same on every reload), which options are their own team's
(when the event forbids voting for them) and the ballot they have cast, looked up by their
pseudonym.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import ServiceError
from hackkit.events.models import Event
from hackkit.realtime import snapshot_part
from hackkit.voting import judging_ops, jury
from hackkit.voting.ballot_cache import info_of
from hackkit.voting.ballots import ballot_dict, event_ballots
from hackkit.voting.models import Ballot, PairAssignment, StoredBallot
from hackkit.voting.rules import (
    blocked_options,
    forbids_own_team,
    pseudonym,
    voter_of,
)
from hackkit.voting.tallies import result_view

VOTER_ROLES = ("participant", "jury")


def shuffled(options: list[str], seed: str) -> list[str]:
    """The options in this voter's own order: random, but the same every time they look."""
    order = list(options)
    random.Random(seed).shuffle(order)
    return order


def least_scored_first(session: Session, ballot_id: int, order: list[str]) -> list[str]:
    """A juror's rubric order with the ideas fewest jurors have scored first (ties in the
    juror's own shuffled order), so jurors who score top to bottom spread the coverage."""
    counts = dict(
        session.execute(
            select(StoredBallot.slot, func.count())
            .where(StoredBallot.ballot_id == ballot_id)
            .group_by(StoredBallot.slot)
        ).all()
    )
    return sorted(order, key=lambda option: counts.get(option, 0))


def voter_view(
    session: Session, event: Event, ballot: Ballot, principal: Principal
) -> dict[str, Any]:
    """One voter's view of one ballot (see the module docstring)."""
    view: dict[str, Any] = {"ballot_id": ballot.id, "eligible": False, "reason": None}
    info = info_of(ballot)
    try:
        voter = voter_of(session, principal, info)
    except ServiceError as exc:
        view["reason"] = exc.message
        view["order"] = list(ballot.options or ())
        return view
    name = pseudonym(ballot.id, voter)
    order = shuffled(list(ballot.options or ()), name)
    if ballot.method == "rubric" and voter.kind == "jury":
        order = least_scored_first(session, ballot.id, order)
    view.update(
        eligible=True,
        order=order,
        blocked=blocked_options(session, event.id, voter, info.options),
        weight=voter.weight,
    )
    rows = session.execute(
        select(StoredBallot.slot, StoredBallot.content).where(
            StoredBallot.ballot_id == ballot.id, StoredBallot.pseudonym == name
        )
    ).all()
    if ballot.method == "rubric":
        scores: dict[str, Any] = {}
        for _slot, content in rows:
            scores.update(content.get("scores", {}))
        view["my_vote"] = {"scores": scores} if scores else None
    elif ballot.method == "pairwise":
        view["my_vote"] = None
        view["decisions"] = len(rows)
        pair = session.get(PairAssignment, (ballot.id, name))
        view["pair"] = [pair.item_a, pair.item_b] if pair is not None else None
    else:
        view["my_vote"] = rows[0].content if rows else None
    return view


def public_ballots(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    """The ballots everyone but the facilitator sees; they change only with a revision."""
    if principal.role == "facilitator":
        return {}
    ballots = event_ballots(session, event.id, drafts=False)
    return {"ballots": [ballot_dict(session, b) for b in ballots]}


def personal_voting_state(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    """Live figures, the facilitator's drafts and jury, and each voter's own view."""
    facilitator = principal.role == "facilitator"
    ballots = event_ballots(session, event.id, drafts=facilitator)
    part: dict[str, Any] = {
        "ballot_results": {
            str(b.id): result_view(session, b, full=facilitator, jury=principal.role == "jury")
            for b in ballots
        },
    }
    if facilitator:
        part["ballots"] = [ballot_dict(session, b, moderation=True) for b in ballots]
        part["jurors"] = [jury.juror_dict(m, event) for m in jury.active_jurors(session, event.id)]
        part["voting_settings"] = {"forbid_own_team_vote": forbids_own_team(event)}
        part["judging"] = {
            "switch": judging_ops.switch_state(session, event.id),
            "flags": judging_ops.flag_dicts(session, event.id),
            "conflicts": judging_ops.conflict_dicts(session, event.id),
        }
    elif principal.role in VOTER_ROLES:
        part["my_ballots"] = {str(b.id): voter_view(session, event, b, principal) for b in ballots}
        if principal.role == "jury":
            part["me_juror"] = {"id": principal.subject_id, "name": principal.name}
            part["judging"] = judging_ops.juror_state(session, event, principal)
    return part


# Ballot descriptions are shared by every client of a role until the next revision (a join
# storm builds them once); figures and personal views are per client.
snapshot_part(public_ballots, shared=True)
snapshot_part(personal_voting_state)
