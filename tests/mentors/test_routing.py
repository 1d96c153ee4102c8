"""The pure routing rules: who a request is offered to, the queue's order, the wait estimate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hackkit.mentors.routing import (
    Ask,
    Helper,
    Timing,
    estimated_wait_ms,
    first_circle,
    is_expired,
    offered_to,
    queue_order,
    queue_position,
)

T = Timing(widen_after_ms=120_000, expire_after_ms=3_600_000)
ADA = Helper(1, frozenset({"Python", "Data"}))
BOB = Helper(2, frozenset({"Design"}))
CAROL_AWAY = Helper(3, frozenset({"Python"}), available=False)


def ask(**kw) -> Ask:
    base = {"id": 10, "topic": "Python", "urgency": 1, "created_ms": 0, "renewed_ms": 0}
    return Ask(**{**base, **kw})


def test_a_request_goes_first_to_available_mentors_with_the_skill():
    circle = first_circle(ask(), [ADA, BOB, CAROL_AWAY])
    assert circle == [1]
    assert offered_to(ask(), ADA, 1_000, T, circle)
    assert not offered_to(ask(), BOB, 1_000, T, circle)
    assert not offered_to(ask(), CAROL_AWAY, 1_000, T, circle)


def test_after_the_set_time_every_mentor_may_take_it():
    circle = first_circle(ask(), [ADA, BOB])
    assert not offered_to(ask(), BOB, 119_999, T, circle)
    assert offered_to(ask(), BOB, 120_000, T, circle)


def test_when_nobody_has_the_skill_every_available_mentor_is_told_at_once():
    request = ask(topic="Hardware")
    assert first_circle(request, [ADA, BOB, CAROL_AWAY]) == [1, 2]


def test_asking_the_same_mentor_again_goes_to_that_mentor_first():
    request = ask(topic="Design", preferred_mentor_id=1)
    circle = first_circle(request, [ADA, BOB])
    assert circle == [1]
    assert offered_to(request, ADA, 0, T, circle)
    assert not offered_to(request, BOB, 0, T, circle)


def test_an_expired_request_is_offered_to_nobody_and_renewing_restarts_its_time():
    assert is_expired(ask(), 3_600_000, T)
    assert not offered_to(ask(), ADA, 3_600_000, T, [1])
    renewed = ask(renewed_ms=3_000_000)
    assert not is_expired(renewed, 3_600_000, T)


def test_urgent_requests_first_then_the_longest_waiting():
    asks = [
        ask(id=1, created_ms=10),
        ask(id=2, created_ms=5, urgency=0),
        ask(id=3, created_ms=30, urgency=2),
        ask(id=4, created_ms=1),
    ]
    assert [a.id for a in queue_order(asks)] == [3, 4, 1, 2]
    assert queue_position(asks, 1) == 3
    assert queue_position(asks, 99) is None


def test_renewing_keeps_the_place_in_the_queue():
    asks = [ask(id=1, created_ms=10, renewed_ms=900), ask(id=2, created_ms=20)]
    assert queue_position(asks, 1) == 1


def test_wait_estimate_from_recent_service_times():
    # Two mentors, ten minutes a team: the first two in line wait one round, the third two.
    assert estimated_wait_ms(1, [600_000, 600_000], 2) == 600_000
    assert estimated_wait_ms(3, [600_000, 500_000, 700_000], 2) == 1_200_000
    assert estimated_wait_ms(1, [], 2) is None
    assert estimated_wait_ms(1, [60_000], 0) is None


@given(
    st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=30),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=200),
)
def test_a_later_place_never_waits_less(services, mentors, position):
    assert estimated_wait_ms(position, services, mentors) <= estimated_wait_ms(
        position + 1, services, mentors
    )


@given(st.integers(min_value=0, max_value=10**9))
def test_the_first_circle_may_always_claim_until_expiry(now):
    circle = first_circle(ask(), [ADA, BOB])
    assert offered_to(ask(), ADA, now, T, circle) == (now < T.expire_after_ms)
