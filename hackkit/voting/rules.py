"""The rules of a vote, shared by every way of casting one: who may vote, the pseudonym a
voter is stored under, what makes a ballot valid, which of a voter's rows it replaces, and the
refusal for a ballot that is not taking votes.

They read (the voter's team, a juror's weight) but never write, so the vote writer, pairwise
judging and the caster all build on them.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import Conflict, Forbidden, ServiceError
from hackkit.events.models import Event
from hackkit.teams.membership import team_of
from hackkit.teams.models import Idea
from hackkit.voting.ballot_cache import BallotInfo, own_team_rule
from hackkit.voting.jury import juror_weight
from hackkit.voting.methods import BallotError, get_method
from hackkit.voting.models import PSEUDONYM_LENGTH
from hackkit.voting.setaside import judging_refusal, juror_blocked

ELIGIBLE = {"participant": ("participants", "both"), "jury": ("jury", "both")}


@dataclass(frozen=True)
class Voter:
    """Who casts a ballot, as the voter roll records them, and the weight they carry."""

    kind: str  # "participant" or "jury"
    id: int
    weight: float


def voter_of(session: Session, principal: Principal, info: BallotInfo) -> Voter:
    """The principal as a voter in this ballot, or a refusal saying who votes in it."""
    allowed = ELIGIBLE.get(principal.role)
    if allowed is None:
        raise Forbidden("Only participants and jury members vote.", code="not_eligible")
    if info.voters not in allowed:
        who = "the jury" if info.voters == "jury" else "participants"
        raise Forbidden(f"This ballot is for {who}.", code="not_eligible")
    if principal.role == "jury":
        return Voter("jury", principal.subject_id, juror_weight(session, principal.subject_id))
    return Voter("participant", principal.subject_id, 1.0)


def pseudonym(ballot_id: int, voter: Voter) -> str:
    """A stable, unguessable name for this voter in this ballot (HMAC with the secret key).

    It differs per ballot, so two ballots' exports cannot be joined on it either.
    """
    key = current_app.secret_key
    key_bytes = key.encode() if isinstance(key, str) else bytes(key)
    message = f"{ballot_id}:{voter.kind}:{voter.id}".encode()
    return hmac.new(key_bytes, message, hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def forbids_own_team(event: Event) -> bool:
    """Whether the event forbids voting for your own team's idea."""
    return (event.settings or {}).get("forbid_own_team_vote") is True


def blocked_options(
    session: Session, event_id: int, voter: Voter, options: tuple[str, ...]
) -> list[str]:
    """Options this voter may not vote for: their team's ideas (and their own), when forbidden;
    for a juror, ideas they declared a conflict with and ideas whose team is absent."""
    if voter.kind == "jury":
        blocked = juror_blocked(session, event_id, voter.id)
        return [option for option in options if option in blocked]
    if not own_team_rule(session, event_id):
        return []
    team = team_of(session, voter.id)
    mine = Idea.author_id == voter.id
    where = or_(Idea.team_id == team.id, mine) if team is not None else mine
    ids = session.execute(select(Idea.id).where(Idea.event_id == event_id, where)).scalars()
    own = {str(idea_id) for idea_id in ids}
    return [option for option in options if option in own]


def check_judging(session: Session, event_id: int, voter: Voter) -> None:
    """Refuse a juror's judgement while judging is paused or closed, or they are set aside."""
    if voter.kind != "jury":
        return
    refusal = judging_refusal(session, event_id, voter.id)
    if refusal is not None:
        raise refusal


def closed_error(status: str) -> ServiceError:
    """The refusal for a ballot that is not taking votes."""
    if status == "draft":
        return Conflict("ballot_not_open", "This ballot is not open yet.")
    return Conflict("ballot_closed", "Voting has closed for this ballot.")


def check_content(
    info: BallotInfo, content: Any, blocked: list[str], *, juror: bool = False
) -> dict[str, Any]:
    """The ballot, normalised by its method; a refusal says what is wrong with it."""
    method = get_method(info.method)
    try:
        normalised = method.validate(info.options, content, info.params)
    except BallotError as exc:
        raise ServiceError(exc.code, exc.message) from None
    if blocked:
        allowed = [option for option in info.options if option not in blocked]
        try:
            method.validate(allowed, normalised, info.params)
        except BallotError:
            if juror:
                raise Forbidden(
                    "That idea is not yours to judge: you declared a conflict of interest with "
                    "it, or its team is absent.",
                    code="not_assigned",
                ) from None
            raise Forbidden("You cannot vote for your own team's idea.", code="own_team") from None
    if info.method == "rubric" and len(normalised["scores"]) != 1:
        raise ServiceError("one_item_at_a_time", "Score one idea at a time.")
    return normalised


def slot_of(method: str, content: dict[str, Any]) -> str:
    """Which of a voter's rows this ballot replaces: one per voter, per rubric item, per pair."""
    if method == "rubric":
        return next(iter(content["scores"]))
    if method == "pairwise":
        pair = content["skip"] if "skip" in content else [content["winner"], content["loser"]]
        return pair_key(*pair)
    return ""


def pair_key(a: str, b: str) -> str:
    """The order-free name of a pair of options."""
    first, second = sorted((a, b), key=lambda option: (len(option), option))
    return f"{first}|{second}"
