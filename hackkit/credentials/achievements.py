"""The achievements an event awards, and who earned which: pure data, no database.

Each kind has a default definition (name, description, criteria); an event's playbook template
may replace any of them in its front matter (``achievements:``, docs/playbook-schema.md). The
``{event}``, ``{team}``, ``{idea}``, ``{ballot}`` and ``{place}`` fields are filled per
credential, so "Team member of {idea}" names the idea in each one.

A challenge owner achievement waits for challenges that have an owner: the data model has none
yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

KINDS = ("participated", "team_member", "juror", "mentor", "placed")
PLACES_AWARDED = 3  # a ballot's first three places earn "placed"
NAME_MAX = 120
DESCRIPTION_MAX = 600
CRITERIA_MAX = 600
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}

# Open Badges 3.0 achievementType values (its AchievementType enumeration).
ACHIEVEMENT_TYPES = {
    "participated": "Badge",
    "team_member": "Badge",
    "juror": "CommunityService",
    "mentor": "CommunityService",
    "placed": "Award",
}


@dataclass(frozen=True)
class Definition:
    """What an achievement is called and what earning it takes."""

    kind: str
    name: str
    description: str
    criteria: str
    image: str | None = None  # a URL; None: the instance draws the badge image


DEFAULTS: dict[str, Definition] = {
    "participated": Definition(
        "participated",
        "Participant of {event}",
        "Took part in {event}.",
        "Joined {event} and took part in it.",
    ),
    "team_member": Definition(
        "team_member",
        "Team member: {idea}",
        "Was a member of the team {team}, which worked on {idea} at {event}.",
        "A member of a team with an idea at {event} when credentials were issued.",
    ),
    "juror": Definition(
        "juror",
        "Juror at {event}",
        "Served on the jury of {event}.",
        "Invited to the jury of {event} and not revoked.",
    ),
    "mentor": Definition(
        "mentor",
        "Mentor at {event}",
        "Mentored the teams of {event}.",
        "Invited as a mentor of {event} and not revoked.",
    ),
    "placed": Definition(
        "placed",
        "{place} place: {ballot}",
        "{idea}, by the team {team}, placed {place} in {ballot} at {event}.",
        "A member of the team whose idea ranked in the first three of the closed ballot "
        "{ballot} at {event}.",
    ),
}


@dataclass(frozen=True)
class Award:
    """One credential to issue: who earns what, with the values its text is filled with.

    ``key`` tells awards of the same kind apart (the ballot and team of a placed award), so
    issuing again never gives one person the same achievement twice.
    """

    kind: str
    recipient_kind: str  # "participant", "juror" or "mentor"
    recipient_id: int
    recipient_name: str
    key: str
    fields: dict[str, str]


def definitions(overrides: dict[str, dict[str, Any]] | None) -> dict[str, Definition]:
    """The defaults with a template's overrides applied, kind by kind."""
    result = dict(DEFAULTS)
    for kind, change in (overrides or {}).items():
        if kind in result:
            allowed = {k: v for k, v in change.items() if k in ("name", "description", "criteria")}
            if change.get("image"):
                allowed["image"] = change["image"]
            result[kind] = replace(result[kind], **allowed)
    return result


class _Fields(dict):
    def __missing__(self, key: str) -> str:  # an unknown {field} in a template stays as it is
        return "{" + key + "}"


def fill(text: str, fields: dict[str, str], limit: int) -> str:
    """A definition's text with the award's fields put in, cut to ``limit``."""
    return text.format_map(_Fields(fields))[:limit]


def place_name(rank: int) -> str:
    """1 -> "1st": the place words the placed achievement uses."""
    return ORDINALS.get(rank, f"{rank}th")


def awards_for_event(
    event_name: str,
    participants: list[tuple[int, str]],
    teams: list[tuple[int, str, str, list[int]]],
    jurors: list[tuple[int, str]],
    placings: list[tuple[int, str, int, str, str, list[int]]],
    mentors: list[tuple[int, str]] | None = None,
) -> list[Award]:
    """Every award an event's data earns.

    ``participants``: (id, display name); ``teams``: (team id, team name, idea title, member ids);
    ``jurors`` and ``mentors``: (id, name); ``placings``: (ballot id, ballot title, rank, idea
    title, team name, member ids).
    """
    names = dict(participants)
    base = {"event": event_name}
    awards = [
        Award("participated", "participant", pid, name, "event", base) for pid, name in participants
    ]
    for team_id, team, idea, members in teams:
        fields = {**base, "team": team, "idea": idea}
        awards += [
            Award("team_member", "participant", pid, names[pid], f"team-{team_id}", fields)
            for pid in members
            if pid in names
        ]
    awards += [Award("juror", "juror", jid, name, "event", base) for jid, name in jurors]
    awards += [Award("mentor", "mentor", mid, name, "event", base) for mid, name in mentors or []]
    for ballot_id, ballot, rank, idea, team, members in placings:
        if rank > PLACES_AWARDED:
            continue
        fields = {**base, "ballot": ballot, "idea": idea, "team": team, "place": place_name(rank)}
        awards += [
            Award("placed", "participant", pid, names[pid], f"ballot-{ballot_id}", fields)
            for pid in members
            if pid in names
        ]
    return awards
