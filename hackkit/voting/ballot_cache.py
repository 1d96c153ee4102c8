"""What a vote handler needs to know about a ballot, kept in memory for a moment.

A storm of votes must not read the ballot row for every vote. The cache is only a shortcut for
validation: method, parameters and options never change once a ballot is open, and whether it
is still open is decided again by the vote writer inside the transaction that stores the vote
(see ``writer``), so a stale entry can only delay a refusal, never let a late vote in.

The cache lives on the app (``app.extensions``), so every app (and every test) has its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache
from flask import Flask, current_app
from sqlalchemy.orm import Session

from hackkit.voting.methods import get_method
from hackkit.voting.models import Ballot

TTL_S = 1.0
TALLY_MEMO_S = 0.05


@dataclass(frozen=True)
class BallotInfo:
    """The fields of a ballot that casting a vote depends on."""

    id: int
    event_id: int
    status: str
    method: str
    params: Any  # the method's parsed parameters
    options: tuple[str, ...]
    voters: str


def _bounded(entries: int) -> Callable[[], LRUCache]:
    return lambda: LRUCache(maxsize=entries)


@dataclass
class VotingCache:
    """Per-app memory: ballot infos, tallies computed in the last few milliseconds, and the
    models of pairwise ballots.

    Bounded, because a long-running server sees ballot after ballot and event after event, and
    an entry past its second is worth nothing: the least recently used go first.
    """

    ballots: LRUCache[int, tuple[float, BallotInfo]] = field(default_factory=_bounded(1024))
    tallies: LRUCache[int, tuple[float, dict[str, Any]]] = field(default_factory=_bounded(256))
    own_team_rule: LRUCache[int, tuple[float, bool]] = field(default_factory=_bounded(256))
    # Pairwise ballots' CrowdBT models (``judging_state.PairwiseState``), checked on each use.
    pairwise: LRUCache[int, Any] = field(default_factory=_bounded(64))

    def forget(self, ballot_id: int) -> None:
        """Drop what is known about a ballot (it changed)."""
        self.ballots.pop(ballot_id, None)
        self.tallies.pop(ballot_id, None)
        self.pairwise.pop(ballot_id, None)


def voting_cache(app: Flask | None = None) -> VotingCache:
    """The cache of this app."""
    app = app or current_app
    cache = app.extensions.get("hackkit.voting_cache")
    if cache is None:
        cache = app.extensions["hackkit.voting_cache"] = VotingCache()
    return cache


def info_of(ballot: Ballot) -> BallotInfo:
    """The cacheable view of a ballot row."""
    return BallotInfo(
        id=ballot.id,
        event_id=ballot.event_id,
        status=ballot.status,
        method=ballot.method,
        params=get_method(ballot.method).params_from(ballot.params),
        options=tuple(ballot.options or ()),
        voters=ballot.voters,
    )


def _cached(
    table: MutableMapping[int, tuple[float, Any]], key: int, load: Callable[[], Any]
) -> Any:
    """``table[key]`` if read less than ``TTL_S`` ago, else ``load()`` (None is not kept).

    When an entry has expired, the first handler to notice reloads it and every other handler
    keeps using the old value until then. Under PostgreSQL a read yields to other greenlets,
    so without this a storm of votes sent one identical query per vote every second (measured:
    a fifth of the server's time).
    """
    now = time.monotonic()
    hit = table.get(key)
    if hit is not None:
        if now - hit[0] < TTL_S:
            return hit[1]
        table[key] = (now, hit[1])  # others use it while this handler reloads
    try:
        value = load()
    except BaseException:
        if hit is not None:
            table[key] = hit  # still expired: the next handler tries again
        raise
    if value is None:
        table.pop(key, None)
    else:
        table[key] = (time.monotonic(), value)
    return value


def ballot_info(session: Session, ballot_id: int) -> BallotInfo | None:
    """The ballot's info, from memory when it was read less than a second ago."""

    def load() -> BallotInfo | None:
        ballot = session.get(Ballot, ballot_id)
        return info_of(ballot) if ballot is not None else None

    return _cached(voting_cache().ballots, ballot_id, load)


def own_team_rule(session: Session, event_id: int) -> bool:
    """Whether the event forbids voting for your own team's idea (read at most once a second)."""
    from hackkit.events.models import Event

    def load() -> bool:
        event = session.get(Event, event_id)
        return event is not None and (event.settings or {}).get("forbid_own_team_vote") is True

    return _cached(voting_cache().own_team_rule, event_id, load)


def forget_ballot(ballot_id: int) -> None:
    """Forget a changed ballot in this process (other processes follow within ``TTL_S``)."""
    voting_cache().forget(ballot_id)


def memo_tally(ballot_id: int, compute: Any) -> dict[str, Any]:
    """A tally computed in the last 50 ms, or ``compute()`` now.

    One tick pushes a ballot to several rooms (facilitators, displays, phones); this lets them
    share one count. A vote committed after the memo was taken marks the ballot dirty again, so
    the next tick (100 ms later, past the memo's life) counts it.
    """
    cache = voting_cache()
    now = time.monotonic()
    hit = cache.tallies.get(ballot_id)
    if hit is not None and now - hit[0] < TALLY_MEMO_S:
        return hit[1]
    result = compute()
    cache.tallies[ballot_id] = (now, result)
    return result
