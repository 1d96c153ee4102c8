"""An event with something in every table the archive holds, and helpers to compare archives."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image

from hackkit.archive.tables import SECTIONS
from hackkit.events.models import Announcement, Phase
from hackkit.extensions import db
from hackkit.mentors.models import HelpRequest, Mentor
from hackkit.playbooks.models import ChecklistTick
from hackkit.teams import uploads
from hackkit.teams.models import Idea, IdeaRevision, Profile, ProgressPost, Team, TeamMember
from hackkit.voting.models import JudgingFlag, JuryConflict, JuryMember
from hackkit.wall.models import Wall, WallScreen
from tests.helpers import Api
from tests.voting.conftest import quick_facilitator, vote_id

# What no table or archive may hold once the personal data is deleted.
PEOPLE = ("Ada Lovelace", "Grace Hopper", "Linus Q")
PROFILE_TEXT = ("Analytical Engines Ltd", "looms and punched cards", "Chief Enchantress")
JUROR = "Judge Dredd-Smith"
POST = "Grace fixed the compiler at 3am"


def picture_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 90)).save(out, format="PNG")
    return out.getvalue()


@dataclass
class RichEvent:
    api: Api
    fac: str
    event: dict[str, Any]
    people: dict[str, dict[str, Any]]
    ballots: list[int]
    picture: str

    @property
    def id(self) -> int:
        return self.event["id"]

    def path(self, tail: str) -> str:
        return f"/api/events/{self.id}{tail}"


def make_rich_event(api: Api, owner: str = "fran", fac: str | None = None) -> RichEvent:
    """Challenges, agenda with a checklist tick, news, people with profiles, a team, ideas with
    a picture and revisions, a progress post, a juror, three ballots with votes, a wall."""
    fac = fac or quick_facilitator(owner)
    event = api.event(fac, "Rehearsal")
    eid = event["id"]
    base = f"/api/events/{eid}"
    challenges = [
        api.ok(
            "POST",
            f"{base}/challenges",
            fac,
            {"title": t, "brief_md": "Do *it*", "published": True},
        )["id"]
        for t in ("Water", "Energy")
    ]
    people = {name: api.join(event["code"], name) for name in PEOPLE}
    pids = [people[name]["participant"]["id"] for name in PEOPLE]
    session = db.session()
    phase = Phase(event_id=eid, position=0, name="Hack", duration_s=3600, checklist=["Wi-Fi up"])
    session.add(phase)
    session.add(
        Announcement(event_id=eid, body_md="Lunch at **noon**", created_at_ms=1_700_000_000_000)
    )
    session.flush()
    session.add(
        ChecklistTick(
            event_id=eid,
            phase_id=phase.id,
            item="Wi-Fi up",
            changed_by="Fran Crew",
            changed_at_ms=1,
        )
    )
    session.add(
        Profile(
            participant_id=pids[0],
            event_id=eid,
            skills=["python"],
            tags=["hardware"],
            interests=PROFILE_TEXT[1],
            preferences=[challenges[1], challenges[0]],
            organisation=PROFILE_TEXT[0],
            country="UK",
            role=PROFILE_TEXT[2],
        )
    )
    team = Team(
        event_id=eid,
        name="Rockets",
        code="ROCK",
        challenge_id=challenges[0],
        max_size=4,
        member_count=2,
    )
    session.add(team)
    session.flush()
    session.add_all(
        [TeamMember(event_id=eid, team_id=team.id, participant_id=pid) for pid in pids[:2]]
    )
    picture = uploads.store_image(picture_bytes())
    ideas = [
        Idea(
            event_id=eid,
            team_id=team.id,
            author_id=pids[0],
            challenge_id=challenges[0],
            title="Rain alerts",
            pitch="Texts before floods",
            links=["https://example.org"],
            image=picture,
            version=2,
        ),
        Idea(event_id=eid, author_id=pids[2], challenge_id=challenges[1], title="Solar bikes"),
        Idea(event_id=eid, title="Quiet rooms", hidden=True, hidden_reason="duplicate"),
    ]
    session.add_all(ideas)
    session.flush()
    session.add(
        IdeaRevision(
            idea_id=ideas[0].id,
            version=1,
            title="Rain alert",
            image=picture,
            challenge_id=challenges[0],
            edited_by=pids[1],
        )
    )
    session.add(ProgressPost(event_id=eid, team_id=team.id, author_id=pids[1], body=POST))
    juror = JuryMember(event_id=eid, name=JUROR, weight=2.0)
    away = JuryMember(event_id=eid, name="Judge Away", weight=1.0)
    session.add_all([juror, away])
    session.flush()
    session.add(
        JuryConflict(
            event_id=eid,
            juror_id=juror.id,
            idea_id=ideas[0].id,
            reason="mentored",
            declared_at_ms=1,
        )
    )
    session.add_all(
        [
            JudgingFlag(
                event_id=eid, juror_id=away.id, flag="busy", reason="on stage", set_at_ms=2
            ),
            JudgingFlag(event_id=eid, idea_id=ideas[1].id, flag="team_absent", set_at_ms=3),
        ]
    )
    mentor = Mentor(event_id=eid, name="Mona Mentor", skills=["python"])
    session.add(mentor)
    session.flush()
    session.add(
        HelpRequest(
            event_id=eid,
            team_id=team.id,
            asked_by=pids[0],
            topic="python",
            description="Our tests hang",
            location_kind="table",
            location="7",
            status="closed",
            mentor_id=mentor.id,
            preferred_mentor_id=mentor.id,
            close_note="Mocked the clock",
            rating=5,
        )
    )
    session.commit()
    options = [str(i.id) for i in ideas[:2]]
    ballots = []
    for method, params, content in (
        ("single", {}, lambda n: {"choice": options[n % 2]}),
        ("approval", {}, lambda n: {"choices": options[: 1 + n % 2]}),
        ("budget", {"budget": 10}, lambda n: {"points": {options[0]: 7 - n, options[1]: 3 + n}}),
    ):
        body = {"title": f"{method} vote", "method": method, "params": params, "scope": "all"}
        ballot = api.ok("POST", f"{base}/ballots", fac, body)
        api.ok("POST", f"{base}/ballots/{ballot['id']}/open", fac, {})
        for n, name in enumerate(PEOPLE):
            api.ok(
                "POST",
                f"{base}/ballots/{ballot['id']}/votes",
                people[name]["token"],
                {"vote_id": vote_id(), "content": content(n)},
            )
        api.ok("POST", f"{base}/ballots/{ballot['id']}/close", fac, {})
        ballots.append(ballot["id"])
    # Credentials for everyone, and one revoked (the archive keeps the signed documents).
    issued = api.ok("POST", f"{base}/credentials/issue", fac, {})["credentials"]
    api.ok("POST", f"{base}/credentials/{issued[0]['id']}/revoke", fac, {"reason": "test"})
    survey = api.ok(
        "POST", f"{base}/surveys", fac, {"title": "Feedback", "stage": "post", "goals": ["pitch"]}
    )
    api.ok("POST", f"{base}/surveys/{survey['id']}/open", fac, {})
    for n, name in enumerate(PEOPLE):
        answers = {"overall": 3 + n % 3, "recommend": 8 + n % 3, "word": f"word{n}"}
        answers["comment"] = f"Comment number {n}, with a comma"
        api.ok(
            "POST",
            f"{base}/surveys/{survey['id']}/answers",
            people[name]["token"],
            {"answers": answers, "pair": f"pair-token-{n:04d}"},
        )
    api.ok("POST", f"{base}/surveys/{survey['id']}/close", fac, {})
    wall = Wall(
        event_id=eid,
        name="Main",
        geometry={"screens": []},
        options={"ballot_id": ballots[0], "message_md": ""},
    )
    session.add(wall)
    session.flush()
    session.add(
        WallScreen(
            event_id=eid,
            number=1,
            secret="s3cret",
            wall_id=wall.id,
            position="a",
            user_agent="Firefox on Ada's laptop",
        )
    )
    session.commit()
    return RichEvent(api, fac, event, people, ballots, picture)


@pytest.fixture
def rich(api: Api) -> RichEvent:
    return make_rich_event(api)


def _size(encoded: str) -> tuple[int, int]:
    with Image.open(io.BytesIO(base64.b64decode(encoded))) as picture:
        return picture.size


# What changes on a round trip, by design (docs/archive.md, "What an import changes").
def comparable(archive: dict[str, Any]) -> dict[str, Any]:
    """The archive with ids, codes, picture names, vote ids and export times taken out:
    every reference becomes the position of the row it names."""
    rank = {
        s.name: {row["id"]: n for n, row in enumerate(archive[s.name])} for s in SECTIONS if s.keyed
    }
    ideas = {str(old): f"idea#{n}" for old, n in rank["ideas"].items()}
    pictures = {name: f"picture#{n}" for n, name in enumerate(sorted(archive["pictures"]))}

    def text(value: Any) -> Any:
        if isinstance(value, str):
            if "|" in value and all(p in ideas for p in value.split("|")):
                return "|".join(sorted(ideas[p] for p in value.split("|")))
            return ideas.get(value, pictures.get(value, value))
        if isinstance(value, list):
            return [text(v) for v in value]
        if isinstance(value, dict):
            return {text(k): text(v) for k, v in value.items()}
        return value

    out: dict[str, Any] = {
        "event": {k: v for k, v in archive["event"].items() if k not in ("code", "created_at")}
    }
    for section in SECTIONS:
        rows = []
        for row in archive[section.name]:
            row = dict(row)
            row.pop("id", None)
            for column, target in section.refs.items():
                row[column] = None if row[column] is None else rank[target][row[column]]
            if section.name == "ballot_voters":
                kind = "jury_members" if row["voter_kind"] == "jury" else "participants"
                row["voter_id"] = rank[kind][row["voter_id"]]
            if section.name == "profiles":
                row["preferences"] = [rank["challenges"][c] for c in row["preferences"]]
            if section.name == "ballots":
                row["shortlist"] = [ideas[str(i)] for i in row["shortlist"]]
            if section.name == "walls" and row["options"].get("ballot_id"):
                row["options"] = row["options"] | {
                    "ballot_id": rank["ballots"][row["options"]["ballot_id"]]
                }
            row.pop("vote_id", None)
            rows.append(text(row))
        if section.name in ("stored_ballots", "vote_receipts"):
            # Vote ids are new, and receipts are ordered by them.
            rows.sort(key=lambda row: json.dumps(row, sort_keys=True))
        out[section.name] = rows
    # Pictures are re-encoded on import (like any upload): the same pictures, not the same bytes.
    out["pictures"] = sorted(_size(data) for data in archive["pictures"].values())
    out["results"] = [
        text(archive["results"][str(b)]) for b in rank["ballots"] if str(b) in archive["results"]
    ]
    return out
