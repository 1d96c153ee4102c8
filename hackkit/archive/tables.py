"""What a whole-event archive holds, table by table, and how each row points at others.

The archive is written and read from this one list, so export, import, validation and the
documentation (docs/archive.md) cannot disagree about a field. Each section names a table, the
columns it keeps (everything that describes the event; never database ids, event ids, secrets
or live health figures) and the references to remap on import: a column holding the archive
id of a row in an earlier section. Sections are in dependency order, so an import can insert
them top to bottom, learning each row's new id before anything points at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table

from hackkit.credentials.models import Credential
from hackkit.events.models import Announcement, Challenge, Participant, Phase
from hackkit.mentors.models import HelpRequest, Mentor
from hackkit.playbooks.models import ChecklistTick
from hackkit.surveys.models import Survey, SurveyAnswer, SurveyResponse
from hackkit.teams.models import Idea, IdeaRevision, Profile, ProgressPost, Team, TeamMember
from hackkit.voting.models import (
    Ballot,
    BallotVoter,
    JudgingFlag,
    JuryConflict,
    JuryMember,
    StoredBallot,
    VoteReceipt,
)
from hackkit.wall.models import Wall, WallScreen

FORMAT = "hackkit.event-archive"
VERSION = 1


@dataclass(frozen=True)
class Section:
    """One table of the archive."""

    name: str  # the key in the archive (the table's name)
    table: Table
    columns: tuple[str, ...]  # kept as they are (references included: see ``refs``)
    refs: dict[str, str] = field(default_factory=dict)  # column -> section it points into
    # How rows of a table without ``event_id`` belong to the event: (column, section).
    owner: tuple[str, str] | None = None
    keyed: bool = True  # rows have an ``id`` the archive uses as their reference

    @property
    def fields(self) -> tuple[str, ...]:
        return (("id",) if self.keyed else ()) + self.columns


SECTIONS: tuple[Section, ...] = (
    Section(
        "challenges",
        Challenge.__table__,
        ("title", "brief_md", "position", "published", "updated_at"),
    ),
    Section(
        "phases",
        Phase.__table__,
        (
            "position",
            "name",
            "duration_s",
            "wall_mode",
            "checklist",
            "status",
            "started_at_ms",
            "ends_at_ms",
            "remaining_ms",
        ),
    ),
    Section("announcements", Announcement.__table__, ("body_md", "created_at_ms")),
    Section(
        "checklist_ticks",
        ChecklistTick.__table__,
        ("phase_id", "item", "done", "changed_by", "changed_at_ms"),
        refs={"phase_id": "phases"},
    ),
    Section(
        "participants",
        Participant.__table__,
        ("display_name", "name_key", "removed_at", "joined_at"),
    ),
    Section(
        "profiles",
        Profile.__table__,
        (
            "participant_id",
            "skills",
            "tags",
            "interests",
            "preferences",
            "organisation",
            "country",
            "role",
            "updated_at",
        ),
        refs={"participant_id": "participants"},  # preferences: challenge ids, remapped too
        keyed=False,
    ),
    Section(
        "teams",
        Team.__table__,
        (
            "name",
            "code",
            "challenge_id",
            "stage",
            "locked",
            "max_size",
            "member_count",
            "created_at",
        ),
        refs={"challenge_id": "challenges"},
    ),
    Section(
        "team_members",
        TeamMember.__table__,
        ("team_id", "participant_id", "joined_at"),
        refs={"team_id": "teams", "participant_id": "participants"},
        keyed=False,
    ),
    Section(
        "ideas",
        Idea.__table__,
        (
            "team_id",
            "author_id",
            "challenge_id",
            "title",
            "pitch",
            "description_md",
            "links",
            "image",
            "hidden",
            "hidden_reason",
            "version",
            "created_at",
            "updated_at",
        ),
        refs={"team_id": "teams", "author_id": "participants", "challenge_id": "challenges"},
    ),
    Section(
        "idea_revisions",
        IdeaRevision.__table__,
        (
            "idea_id",
            "version",
            "title",
            "pitch",
            "description_md",
            "links",
            "image",
            "challenge_id",
            "edited_by",
            "edited_at",
        ),
        refs={"idea_id": "ideas", "challenge_id": "challenges", "edited_by": "participants"},
        owner=("idea_id", "ideas"),
        keyed=False,
    ),
    Section(
        "progress_posts",
        ProgressPost.__table__,
        ("team_id", "author_id", "body", "created_at"),
        refs={"team_id": "teams", "author_id": "participants"},
        keyed=False,
    ),
    Section(
        "jury_members",
        JuryMember.__table__,
        ("name", "weight", "revoked_at", "created_at"),
    ),
    Section(
        "jury_conflicts",
        JuryConflict.__table__,
        ("juror_id", "idea_id", "reason", "declared_at_ms"),
        refs={"juror_id": "jury_members", "idea_id": "ideas"},
    ),
    Section(
        "judging_flags",
        JudgingFlag.__table__,
        ("juror_id", "idea_id", "flag", "reason", "set_at_ms"),  # one of juror or idea
        refs={"juror_id": "jury_members", "idea_id": "ideas"},
    ),
    Section(
        "mentors",
        Mentor.__table__,
        ("name", "skills", "available", "availability_note", "revoked_at", "created_at"),
    ),
    Section(
        "help_requests",
        HelpRequest.__table__,
        (
            "team_id",
            "asked_by",
            "topic",
            "description",
            "location_kind",
            "location",
            "call_url",
            "urgency",
            "preferred_mentor_id",
            "status",
            "mentor_id",
            "created_at",
            "renewed_at",
            "claimed_at",
            "closed_at",
            "close_note",
            "rating",
        ),
        refs={
            "team_id": "teams",
            "asked_by": "participants",
            "preferred_mentor_id": "mentors",
            "mentor_id": "mentors",
        },
        keyed=False,
    ),
    Section(
        "ballots",
        Ballot.__table__,
        (
            "title",
            "method",
            "params",
            "scope",
            "challenge_id",
            "shortlist",
            "options",
            "visibility",
            "voters",
            "status",
            "phase_id",
            "opened_at_ms",
            "closed_at_ms",
            "revealed_at_ms",
            "last_vote_ms",
            "created_at",
        ),
        # shortlist and options hold idea ids: remapped with the ideas.
        refs={"challenge_id": "challenges", "phase_id": "phases"},
    ),
    Section(
        "ballot_voters",
        BallotVoter.__table__,
        ("ballot_id", "voter_kind", "voter_id"),  # voter_id: a participant or a juror, by kind
        refs={"ballot_id": "ballots"},
        owner=("ballot_id", "ballots"),
        keyed=False,
    ),
    Section(
        "stored_ballots",
        StoredBallot.__table__,
        ("ballot_id", "pseudonym", "slot", "content", "weight", "vote_id", "cast_at_ms"),
        refs={"ballot_id": "ballots"},  # slot and content name options: remapped with the ideas
        owner=("ballot_id", "ballots"),
        keyed=False,
    ),
    Section(
        "vote_receipts",
        VoteReceipt.__table__,
        ("vote_id", "ballot_id", "pseudonym"),
        refs={"ballot_id": "ballots"},
        owner=("ballot_id", "ballots"),
        keyed=False,
    ),
    Section(
        "credentials",
        Credential.__table__,
        (
            "uid",
            "kind",
            "award_key",
            "participant_id",
            "juror_id",
            "mentor_id",
            "recipient_name",
            "title",
            "status_index",
            "document",  # the signed credential as issued: a copy verifies as the original
            "issued_at",
            "revoked_at",
            "revoked_reason",
        ),
        refs={
            "participant_id": "participants",
            "juror_id": "jury_members",
            "mentor_id": "mentors",
        },
    ),
    Section(
        "surveys",
        Survey.__table__,
        (
            "title",
            "stage",
            "questions",
            "status",
            "phase_id",
            "opened_at_ms",
            "closed_at_ms",
            "created_at",
        ),
        refs={"phase_id": "phases"},
    ),
    # Answers carry no person: neither table points at a participant (surveys/models.py).
    Section(
        "survey_responses",
        SurveyResponse.__table__,
        ("survey_id", "pair"),
        refs={"survey_id": "surveys"},
        owner=("survey_id", "surveys"),
    ),
    Section(
        "survey_answers",
        SurveyAnswer.__table__,
        ("response_id", "survey_id", "question", "number", "text", "quoted"),
        refs={"response_id": "survey_responses", "survey_id": "surveys"},
        owner=("survey_id", "surveys"),
        keyed=False,
    ),
    Section(
        "walls",
        Wall.__table__,
        (
            "name",
            "geometry",
            "grid",
            "viewing_distance_m",
            "pixel_pitch_mm",
            "dwell_ms",
            "mode",
            "follow_agenda",
            "options",
            "shown_mode",
            "previous_mode",
            "created_at",
        ),
        # options.ballot_id is remapped with the ballots.
    ),
    Section(
        "wall_screens",
        WallScreen.__table__,
        ("number", "wall_id", "position", "latency_ms", "created_at"),
        refs={"wall_id": "walls"},
        keyed=False,
    ),
)

BY_NAME = {section.name: section for section in SECTIONS}
EVENT_FIELDS = ("name", "status", "settings", "playbook", "created_at")

# Left out on purpose, with why; tests/archive/test_tables.py fails on a table or column that is
# neither archived nor listed here, so a new one cannot be forgotten silently.
NOT_ARCHIVED_TABLES = {
    "pair_assignments": "the pair a judge is looking at this minute",
    # Names or e-mails with the code each may join with: credentials for joining this event,
    # and personal data; a copied event gets invites of its own.
    "invite_codes": "personal invite codes: credentials for this event's joins",
    # Who has answered which survey: kept only to refuse a second answer while the event runs.
    # Left out so that no archive holds both names and anything about surveys.
    "survey_respondents": "who has answered a survey: names beside the surveys, never exported",
}
NOT_ARCHIVED_COLUMNS = {
    "events": {"id", "code", "owner_id", "rev", "display_version"},  # the import's own
    # Credentials (the copy signs nobody in), and where each joined from, which only the
    # suspicious-joins check of this event needs.
    "participants": {"token_version", "device_id", "join_address"},
    "jury_members": {"token_version"},
    "mentors": {"token_version"},
    "walls": {"apply_at_ms", "epoch_ms"},  # when the last switch showed: live timing
    "wall_screens": {
        "secret",  # a screen's credential; the import makes a new one
        "last_seen_ms",  # health, as the screen last reported it
        "offset_ms",
        "rtt_ms",
        "viewport_w",
        "viewport_h",
        "user_agent",
    },
}
