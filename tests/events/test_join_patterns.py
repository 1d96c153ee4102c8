"""Suspicious joins (pure): one device under several names, and bursts from one address."""

from __future__ import annotations

from hackkit.events.join_patterns import BURST_COUNT, BURST_WINDOW_S, Join, flag_joins


def test_one_phone_under_two_names_flags_both_and_names_the_other():
    joins = [
        Join(1, "Ada", 0, "phone-a", "10.0.0.2"),
        Join(2, "Grace", 10, "phone-b", "10.0.0.3"),
        Join(3, "Not Ada", 600, "phone-a", "10.0.0.2"),
    ]
    flags = flag_joins(joins)
    assert set(flags) == {1, 3}
    assert flags[1] == ["Joined from the same phone as Not Ada."]
    assert flags[3] == ["Joined from the same phone as Ada."]


def test_a_burst_of_names_from_one_address_is_flagged_but_a_slow_trickle_is_not():
    burst = [Join(n, f"Bot {n}", n * 2.0, None, "10.0.0.9") for n in range(BURST_COUNT)]
    trickle = [
        Join(100 + n, f"Guest {n}", n * (BURST_WINDOW_S + 1), None, "10.0.0.7")
        for n in range(BURST_COUNT + 3)
    ]
    flags = flag_joins(burst + trickle)
    assert set(flags) == {j.participant_id for j in burst}
    assert "One of 5 names that joined from 10.0.0.9" in flags[0][0]


def test_one_fewer_than_a_burst_is_not_one():
    joins = [Join(n, f"Friend {n}", n, None, "10.0.0.9") for n in range(BURST_COUNT - 1)]
    assert flag_joins(joins) == {}


def test_joins_without_a_device_or_address_are_never_grouped():
    joins = [Join(n, f"P {n}", 0, None, None) for n in range(10)]
    assert flag_joins(joins) == {}
