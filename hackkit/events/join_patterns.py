"""Joins worth a facilitator's look (pure): one device under several names, and bursts of
names from one network address.

Neither proves anything: two friends may share a phone, and a venue's Wi-Fi may put everyone
behind one address (then the start of the event is one big, harmless burst). So this only
lists, with the reason in words; the facilitator decides, and may remove someone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

# Five names from one address inside a minute is more than a table of friends scanning the
# QR code together, and fewer than a script voting under new names needs.
BURST_COUNT = 5
BURST_WINDOW_S = 60.0


@dataclass(frozen=True)
class Join:
    """One current participant's join, as plain data."""

    participant_id: int
    name: str
    at_s: float  # when they joined, seconds since the epoch
    device: str | None
    address: str | None


def flag_joins(
    joins: list[Join], *, burst_count: int = BURST_COUNT, burst_window_s: float = BURST_WINDOW_S
) -> dict[int, list[str]]:
    """The reasons each flagged participant is worth a look, by participant id."""
    reasons: dict[int, list[str]] = defaultdict(list)
    by_device: dict[str, list[Join]] = defaultdict(list)
    by_address: dict[str, list[Join]] = defaultdict(list)
    for join in joins:
        if join.device:
            by_device[join.device].append(join)
        if join.address:
            by_address[join.address].append(join)
    for group in by_device.values():
        if len(group) < 2:
            continue
        for join in group:
            others = ", ".join(sorted(j.name for j in group if j is not join))
            reasons[join.participant_id].append(f"Joined from the same phone as {others}.")
    for address, group in by_address.items():
        group.sort(key=lambda j: j.at_s)
        in_burst: set[int] = set()
        start = 0
        for end in range(len(group)):
            while group[end].at_s - group[start].at_s > burst_window_s:
                start += 1
            if end - start + 1 >= burst_count:
                in_burst.update(j.participant_id for j in group[start : end + 1])
        for join in group:
            if join.participant_id in in_burst:
                reasons[join.participant_id].append(
                    f"One of {len(in_burst)} names that joined from {address} within "
                    f"{round(burst_window_s)} seconds of each other."
                )
    return dict(reasons)
