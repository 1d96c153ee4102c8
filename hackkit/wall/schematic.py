"""What the wall shows now, as plain values for the schematic preview (``picture.py``):
read from a display's snapshot the way ``static/js/wall/modes.js`` reads it.

Pure: plain data in, plain data out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

MODE_TITLES = {
    "join": "Join",
    "ideas": "Ideas",
    "results": "Results",
    "agenda": "Agenda",
    "announcement": "Announcement",
    "teams": "Teams",
    "identify": "Identify",
    "progress": "Progress",
    "survey": "Survey",
    "help": "Help",
}
# The wall shows this many of the latest progress posts (modes.js WALL_FEED): older news is
# what the phones' idea board and the console are for.
WALL_FEED = 30


@dataclass(frozen=True)
class WallView:
    """What the screens show now, as plain values (see ``view_from_state``)."""

    mode: str
    glyph_px: int
    banner_px: int
    event_name: str = ""
    wall_name: str = ""
    join_url: str = ""
    code: str = ""
    participants: int = 0
    phase_name: str = ""
    remaining: str = ""
    next_phase: str = ""
    ideas: list[tuple[str, str]] = field(default_factory=list)  # (title, team · challenge)
    result_title: str = ""
    results: list[tuple[int, str, float]] = field(default_factory=list)  # (rank, label, score)
    message: str = ""
    teams: list[tuple[str, str]] = field(default_factory=list)  # (name, "3 / 5")
    posts: list[tuple[str, str]] = field(default_factory=list)  # (text, "team · 5 min ago")
    placed: int = 0
    help_lines: list[str] = field(default_factory=list)  # the help queue's figures (modes.js)
    screen_numbers: dict[str, int] = field(default_factory=dict)  # position -> screen number


def format_remaining(ms: int | None) -> str:
    """A countdown as the screens show it (``core/countdown.js``): 12:05, 1:02:03, +0:04."""
    if ms is None:
        return "--:--"
    over = ms < 0
    seconds = abs(ms) // 1000 if over else -(-ms // 1000)
    hours, minutes, secs = seconds // 3600, seconds % 3600 // 60, seconds % 60
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"+{text}" if over else text


def _remaining_ms(phase: dict[str, Any] | None, now_ms: int) -> int | None:
    if not phase:
        return None
    if phase.get("status") == "running" and phase.get("ends_at_ms") is not None:
        return phase["ends_at_ms"] - now_ms
    if phase.get("status") == "paused" and phase.get("remaining_ms") is not None:
        return phase["remaining_ms"]
    if phase.get("status") == "pending":
        return int(phase.get("duration_s") or 0) * 1000
    return 0


def format_ago(created_at: str | None, now_ms: int) -> str:
    """How long ago a post was made, as the screens say it (``modes.js`` agoText)."""
    if not created_at:
        return ""
    minutes = max(0, (now_ms - datetime.fromisoformat(created_at).timestamp() * 1000) // 60_000)
    if minutes < 1:
        return "just now"
    return f"{int(minutes)} min ago" if minutes < 60 else f"{int(minutes // 60)} h ago"


def _posts(state: dict[str, Any], now_ms: int) -> list[tuple[str, str]]:
    """The latest progress posts, newest first, each with its team's name and its age."""
    names = {t["id"]: t.get("name", "") for t in state.get("teams") or []}
    return [
        (
            post.get("body") or "",
            " · ".join(
                part
                for part in (
                    names.get(post.get("team_id")) or post.get("author_name") or "",
                    format_ago(post.get("created_at"), now_ms),
                )
                if part
            ),
        )
        for post in (state.get("progress") or [])[:WALL_FEED]
    ]


def _plain(markdown: str) -> str:
    """Announcement text without Markdown marks (the schematic has no rich text)."""
    return re.sub(r"[*_`#>]+", "", markdown).strip()


def help_lines(queue: dict[str, Any]) -> list[str]:
    """The help mode's lines, as ``modes.js: helpFigures`` writes them."""
    wait = queue.get("median_wait_ms")
    lines = [
        f"{len(queue.get('open') or [])} teams waiting for a mentor",
        "No wait yet" if wait is None else f"Median wait {max(1, round(wait / 60_000))} min",
        f"{queue.get('mentors_active') or 0} mentors available",
    ]
    if queue.get("closed"):
        lines.append(queue.get("message") or "The help queue is closed")
    return lines


def view_from_state(
    wall: dict[str, Any], state: dict[str, Any], join_url: str, now_ms: int
) -> WallView:
    """The view of a wall (``service.wall_dict``) from a display's snapshot state."""
    agenda = state.get("agenda") or {"phases": []}
    phases = agenda.get("phases") or []
    phase = next((p for p in phases if p["id"] == agenda.get("current_id")), None)
    upcoming = next((p for p in phases if p.get("status") == "pending"), None)
    titles = {c["id"]: c.get("title", "") for c in state.get("challenges") or []}
    ideas = [
        (
            idea.get("title") or "",
            " · ".join(
                part
                for part in (
                    idea.get("team_name") or idea.get("author_name") or "",
                    titles.get(idea.get("challenge_id"), ""),
                )
                if part
            ),
        )
        for idea in state.get("ideas") or []
    ]
    ballots = state.get("ballots") or []
    ballot = (
        next((b for b in ballots if b["id"] == wall.get("ballot_id")), None)
        or next((b for b in reversed(ballots) if b.get("status") == "open"), None)
        or (ballots[-1] if ballots else None)
    )
    results: list[tuple[int, str, float]] = []
    result_title = ""
    if ballot:
        result = (state.get("ballot_results") or {}).get(str(ballot["id"])) or {}
        names = {str(o["id"]): o.get("title", "") for o in ballot.get("options") or []}
        ranking = (result.get("tally") or {}).get("ranking") or []
        results = [
            (int(r.get("rank") or 0), names.get(str(r["option"]), f"#{r['option']}"), r["score"])
            for r in ranking
        ]
        turnout = result.get("turnout")
        voted = f"{turnout['voted']} of {turnout['eligible']} have voted" if turnout else ""
        result_title = " · ".join(x for x in (ballot.get("title", ""), voted) if x)
    teams = state.get("teams") or []
    announcements = state.get("announcements") or []
    message = wall.get("message_md") or (
        announcements[0].get("body_md", "") if announcements else ""
    )
    return WallView(
        mode=wall.get("mode") or "join",
        glyph_px=int(wall["glyph_px"]),
        banner_px=int(wall["banner_px"]),
        event_name=(state.get("event") or {}).get("name", ""),
        wall_name=wall.get("name", ""),
        join_url=join_url,
        code=(state.get("event") or {}).get("code", ""),
        participants=int((state.get("stats") or {}).get("participants") or 0),
        phase_name=phase["name"] if phase else "",
        remaining=format_remaining(_remaining_ms(phase, now_ms)) if phase else "",
        next_phase=upcoming["name"] if upcoming else "",
        ideas=ideas,
        result_title=result_title,
        results=results,
        message=_plain(message),
        teams=[
            (
                t.get("name", ""),
                f"{t.get('member_count', 0)} / {t['max_size']}"
                if t.get("max_size")
                else str(t.get("member_count", 0)),
            )
            for t in teams
        ],
        placed=sum(int(t.get("member_count") or 0) for t in teams),
        posts=_posts(state, now_ms),
        help_lines=help_lines(state.get("help_queue") or {}),
        screen_numbers={
            s["position"]: s["number"]
            for s in state.get("wall_screens") or []
            if s.get("wall_id") == wall.get("id") and s.get("position")
        },
    )
