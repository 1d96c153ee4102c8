"""Who a help request is offered to, the queue's order, and the wait a team can expect.

Plain data in, plain data out: the services, the phones' twin (static/js/mentors/routing.js)
and the tests all follow these rules. Times are milliseconds since the epoch.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Ask:
    """What routing needs to know about a request."""

    id: int
    topic: str
    urgency: int  # 0 low, 1 normal, 2 blocked
    created_ms: int
    renewed_ms: int
    preferred_mentor_id: int | None = None


@dataclass(frozen=True)
class Helper:
    """What routing needs to know about a mentor."""

    id: int
    skills: frozenset[str]
    available: bool = True


@dataclass(frozen=True)
class Timing:
    """The event's help settings, in milliseconds."""

    widen_after_ms: int  # offered to every mentor after this long unclaimed
    expire_after_ms: int  # an unclaimed request lapses this long after it was made or renewed


def open_to_all_at(ask: Ask, timing: Timing) -> int:
    """When an unclaimed request stops waiting for a matching mentor."""
    return ask.created_ms + timing.widen_after_ms


def expires_at(ask: Ask, timing: Timing) -> int:
    """When an unclaimed request lapses unless the team renews it."""
    return ask.renewed_ms + timing.expire_after_ms


def is_expired(ask: Ask, now_ms: int, timing: Timing) -> bool:
    """Whether an unclaimed request has lapsed at ``now_ms``."""
    return now_ms >= expires_at(ask, timing)


def first_choice(ask: Ask, helper: Helper) -> bool:
    """Whether a mentor is in the request's first circle: the mentor the team asked for again,
    or (when it asked for nobody) an available mentor whose skills include the topic."""
    if ask.preferred_mentor_id is not None:
        return helper.id == ask.preferred_mentor_id
    return helper.available and ask.topic in helper.skills


def offered_to(
    ask: Ask, helper: Helper, now_ms: int, timing: Timing, circle: Collection[int]
) -> bool:
    """Whether ``helper`` may take the request at ``now_ms``: they are in its first circle
    (see :func:`first_circle`), or it has waited long enough to be open to every mentor."""
    if is_expired(ask, now_ms, timing):
        return False
    return helper.id in circle or now_ms >= open_to_all_at(ask, timing)


def first_circle(ask: Ask, helpers: Iterable[Helper]) -> list[int]:
    """The mentors told at once when a request arrives. When nobody matches, nobody would hear
    of it until the widening: then every available mentor is told at once instead."""
    helpers = list(helpers)
    chosen = [h.id for h in helpers if first_choice(ask, h)]
    if not chosen:
        chosen = [h.id for h in helpers if h.available]
    return chosen


def queue_order(asks: Iterable[Ask]) -> list[Ask]:
    """The open requests in the order mentors should take them: most urgent first, then the
    longest waiting (its first creation, so renewing keeps a team's place)."""
    return sorted(asks, key=lambda a: (-a.urgency, a.created_ms, a.id))


def queue_position(asks: Iterable[Ask], request_id: int) -> int | None:
    """A request's place in the queue, counting from 1; None when it is not open."""
    for place, ask in enumerate(queue_order(asks), start=1):
        if ask.id == request_id:
            return place
    return None


def estimated_wait_ms(
    position: int, recent_service_ms: Sequence[int], active_mentors: int
) -> int | None:
    """How long the team at ``position`` can expect to wait, from how long mentors recently
    spent with a team (claim to close): each mentor frees up about once per median service,
    and the mentors work side by side. None when there is nothing to go on yet."""
    if position < 1 or not recent_service_ms or active_mentors < 1:
        return None
    typical = median(recent_service_ms)
    rounds = -(-position // active_mentors)  # ceil: the first few are taken in the first round
    return int(typical * rounds)


def median_ms(values: Sequence[int]) -> int | None:
    """The median of some durations, None when there are none."""
    return int(median(values)) if values else None
