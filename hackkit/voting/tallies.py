"""Results: tallies counted from the stored ballots, turnout, and the coalesced live pushes.

A tally is never a counter kept on the side: every result is counted from ``stored_ballots``
by the ballot's method, so it cannot drift and can be recounted from an audit export.

Live figures are views, merged by the coalescer into at most one push per ballot per tick,
however many votes arrived:

* ``ballot.tally``: facilitators (room ``ev:<id>:facilitator``) get the full tally and displays
  (``ev:<id>:display``) the public view, from one count, every 100 ms;
* ``ballot.phones``: phones and jurors (``ev:<id>:participant``, ``ev:<id>:jury``) get the
  public view at most once a second (jurors without the tally while the ballot is open): a
  thousand phones times ten pushes a second would cost far more than all the votes, and a
  phone needs no more than that.

Both are registered views (``live_view``), so with several processes one ticker pushes them.

What the public view holds depends on the ballot's visibility: ``live``: turnout and tally;
``hidden``: turnout only until the facilitator reveals the result; ``never``: turnout only,
always. Judges' reliabilities (pairwise) are for the facilitator only and never leave the
full view.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.events.lifecycle import participant_count
from hackkit.realtime import (
    Routed,
    after_commit,
    live_view,
    mark_view,
    role_room,
    server_ms,
    sliced_rooms,
)
from hackkit.voting.ballot_cache import memo_tally, voting_cache
from hackkit.voting.jury import juror_count
from hackkit.voting.methods import WeightedBallot, get_method
from hackkit.voting.models import Ballot, BallotVoter, StoredBallot

PHONE_INTERVAL_S = 1.0
PRIVATE_FIELDS = ("judges",)


def stored_ballots(session: Session, ballot_id: int) -> list[WeightedBallot]:
    """Every stored ballot of a ballot, in the order first cast (pairwise replays in order)."""
    table = StoredBallot.__table__
    rows = session.execute(
        select(table.c.content, table.c.weight, table.c.pseudonym)
        .where(table.c.ballot_id == ballot_id)
        .order_by(table.c.id)
    )
    return [WeightedBallot(content, weight, pseudonym) for content, weight, pseudonym in rows]


def count(session: Session, ballot: Ballot) -> dict[str, Any]:
    """The full tally of a ballot, counted now from its stored ballots."""
    method = get_method(ballot.method)
    options = list(ballot.options or ())
    return method.tally(
        options, stored_ballots(session, ballot.id), method.params_from(ballot.params)
    )


def turnout(session: Session, ballot: Ballot) -> dict[str, int]:
    """How many have voted, of how many may ("312 of 540 have voted")."""
    voted = session.execute(
        select(func.count()).select_from(BallotVoter).where(BallotVoter.ballot_id == ballot.id)
    ).scalar_one()
    eligible = 0
    if ballot.voters in ("participants", "both"):
        eligible += participant_count(session, ballot.event_id)
    if ballot.voters in ("jury", "both"):
        eligible += juror_count(session, ballot.event_id)
    return {"voted": int(voted), "eligible": eligible}


def publicly_visible(ballot: Ballot, *, jury: bool = False) -> bool:
    """Whether everyone (or, with ``jury``, a juror) may see the tally now.

    Jurors see no live tally while a ballot is open: a judge shown the crowd's favourite is
    no longer judging on their own. Once it closes they see what everyone sees.
    """
    if ballot.visibility == "live":
        return not (jury and ballot.status == "open")
    return ballot.visibility == "hidden" and ballot.revealed_at_ms is not None


def public_tally(tally: dict[str, Any]) -> dict[str, Any]:
    """The tally without what only the facilitator may see."""
    return {key: value for key, value in tally.items() if key not in PRIVATE_FIELDS}


def result_view(
    session: Session, ballot: Ballot, *, full: bool, fresh: bool = False, jury: bool = False
) -> dict[str, Any]:
    """A ballot's live figures: turnout always, the tally when this audience may see it
    (``full``: the facilitator; ``jury``: a juror; else the public).

    ``at_ms`` is taken before anything is read, so every vote committed by then is in it.
    """
    at_ms = server_ms()
    tally = None
    if full or publicly_visible(ballot, jury=jury):
        if fresh:
            tally = count(session, ballot)
        else:
            tally = memo_tally(ballot.id, lambda: count(session, ballot))
    view = {
        "ballot_id": ballot.id,
        "scope": "full",
        "status": ballot.status,
        "revealed": ballot.revealed_at_ms is not None,
        "turnout": turnout(session, ballot),
        "tally": tally,
        "at_ms": at_ms,
    }
    return view if full else public_view(ballot, view, jury=jury)


def public_view(ballot: Ballot, full: dict[str, Any], *, jury: bool = False) -> dict[str, Any]:
    """The public (or a juror's) form of a full view, without counting again."""
    tally = full["tally"]
    visible = tally is not None and publicly_visible(ballot, jury=jury)
    return {**full, "scope": "public", "tally": public_tally(tally) if visible else None}


@live_view("ballot.tally")
def ballot_views(session: Session, arg: str) -> Routed:
    """One count, two audiences: the full view to facilitators, the public one to displays."""
    ballot = session.get(Ballot, int(arg))
    if ballot is None:
        return Routed(())
    full = result_view(session, ballot, full=True, fresh=True)
    return Routed(
        (
            (role_room(ballot.event_id, "facilitator"), full),
            (role_room(ballot.event_id, "display"), public_view(ballot, full)),
        )
    )


@live_view("ballot.phones", every_s=PHONE_INTERVAL_S)
def phone_views(session: Session, arg: str) -> Routed:
    """The public view for phones, and the jurors' one, at most once a second."""
    ballot = session.get(Ballot, int(arg))
    if ballot is None:
        return Routed(())
    view = result_view(session, ballot, full=False)
    jurors = public_view(ballot, view, jury=True)
    phones = tuple((room, view) for room in sliced_rooms(ballot.event_id, "participant"))
    return Routed(((role_room(ballot.event_id, "jury"), jurors), *phones))


def mark_changed(session: Session, event_id: int, ballot_id: int) -> None:
    """After this transaction commits, push the ballot's figures (merged with other changes)."""
    mark_view(session, "ballot.tally", ballot_id)
    mark_view(session, "ballot.phones", ballot_id)

    def forget_memo() -> None:
        voting_cache().tallies.pop(ballot_id, None)  # it predates this commit

    after_commit(session, forget_memo)
