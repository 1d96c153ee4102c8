"""The figures of the impact report, read from every feature's tables into plain data.

One function per section; ``event_figures`` gathers them. Everything is counted in the
database or from plain lists (the statistics are ``surveys.stats``), so the report of an event
with thousands of participants stays a few queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.events.models import Challenge, Event, Participant
from hackkit.surveys import stats
from hackkit.surveys.models import Survey, SurveyAnswer, SurveyResponse
from hackkit.surveys.questions import DEMOGRAPHICS, NUMERIC, PREFER_NOT
from hackkit.teams.models import Idea, Profile, Team
from hackkit.voting.models import Ballot
from hackkit.voting.tallies import turnout

NOT_GIVEN = "Not given"
TOP_CATEGORIES = 12
TOP_WORDS = 30


@dataclass(frozen=True)
class ExtraSection:
    """A section another feature adds to the report: labelled figures in a table (HTML, PDF)
    and rows of the CSV (``section`` is ``key``)."""

    key: str
    title: str
    rows: tuple[tuple[str, str], ...]  # (label, value as shown)


# Producers of extra sections, (session, event) -> ExtraSection or None. The mentor help queue
# registers its requests and wait times here with key "mentors"; until one does, the report's
# Mentors section says that it is shown once mentors exist (MENTOR_HOOK).
EXTRA_SECTIONS: list[Callable[[Session, Event], ExtraSection | None]] = []
MENTOR_HOOK = "Mentor requests and wait times are shown once mentors exist."


@dataclass(frozen=True)
class Scale:
    """A 1-5 or 0-10 question's figures over every survey that asked it."""

    survey: str
    key: str
    label: str
    topic: str
    kind: str
    scale: tuple[int, int]
    summary: stats.MeanCI
    distribution: list[int]
    eligible: int
    nps: stats.NetPromoter | None = None

    @property
    def warnings(self) -> list[str]:
        return stats.sample_warnings(self.summary.n, self.eligible)


@dataclass(frozen=True)
class Goal:
    key: str
    label: str
    change: stats.Change
    eligible: int

    @property
    def warnings(self) -> list[str]:
        return stats.sample_warnings(min(self.change.before.n, self.change.after.n), self.eligible)


@dataclass(frozen=True)
class SurveyRate:
    title: str
    stage: str
    status: str
    responses: int
    eligible: int

    @property
    def rate(self) -> float | None:
        return stats.response_rate(self.responses, self.eligible)

    @property
    def warnings(self) -> list[str]:
        return stats.sample_warnings(self.responses, self.eligible)


@dataclass
class EventFigures:
    event_id: int
    name: str
    created_at: datetime | None
    participants: int
    joins_over_time: list[tuple[str, int]] = field(default_factory=list)  # (hour, cumulative)
    by_role: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[str, int]] = field(default_factory=list)
    demographics: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    challenges: list[tuple[str, int, int]] = field(default_factory=list)  # (title, teams, ideas)
    teams: int = 0
    ideas: int = 0
    ballots: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # title, method, voted, of
    surveys: list[SurveyRate] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    words: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    extra: list[ExtraSection] = field(default_factory=list)

    @property
    def satisfaction(self) -> Scale | None:
        """The overall satisfaction question (the headline figure), if one was asked."""
        return next((s for s in self.scales if s.topic == "overall"), None)

    @property
    def mentors(self) -> ExtraSection | None:
        """The mentor queue's section, once a mentor feature provides it."""
        return next((x for x in self.extra if x.key == "mentors"), None)

    @property
    def net_promoter(self) -> Scale | None:
        return next((s for s in self.scales if s.kind == "nps"), None)


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(items) <= TOP_CATEGORIES:
        return items
    rest = sum(n for _, n in items[TOP_CATEGORIES - 1 :])
    return [*items[: TOP_CATEGORIES - 1], ("Others", rest)]


def participation(session: Session, fig: EventFigures) -> None:
    """Joins over time (cumulative, by hour) and participants by role and country."""
    joined = session.execute(
        select(Participant.joined_at).where(Participant.event_id == fig.event_id)
    ).scalars()
    by_hour = Counter(t.strftime("%Y-%m-%d %H:00") for t in joined if t is not None)
    total = 0
    for hour in sorted(by_hour):
        total += by_hour[hour]
        fig.joins_over_time.append((hour, total))
    profiles = session.execute(
        select(Profile.role, Profile.country)
        .join(Participant, Participant.id == Profile.participant_id)
        .where(Profile.event_id == fig.event_id, Participant.removed_at.is_(None))
    ).all()
    with_profile = len(profiles)
    roles = Counter((role or "").strip() or NOT_GIVEN for role, _ in profiles)
    countries = Counter((country or "").strip().title() or NOT_GIVEN for _, country in profiles)
    missing = fig.participants - with_profile
    if missing > 0 and (roles.keys() - {NOT_GIVEN} or countries.keys() - {NOT_GIVEN}):
        roles[NOT_GIVEN] += missing
        countries[NOT_GIVEN] += missing
    if roles.keys() - {NOT_GIVEN}:
        fig.by_role = _top(roles)
    if countries.keys() - {NOT_GIVEN}:
        fig.by_country = _top(countries)


def teams_and_ideas(session: Session, fig: EventFigures) -> None:
    """Teams and visible ideas per challenge (and those without one)."""
    challenges = session.execute(
        select(Challenge.id, Challenge.title)
        .where(Challenge.event_id == fig.event_id)
        .order_by(Challenge.position, Challenge.id)
    ).all()
    teams = dict(
        session.execute(
            select(Team.challenge_id, func.count())
            .where(Team.event_id == fig.event_id)
            .group_by(Team.challenge_id)
        ).all()
    )
    ideas = dict(
        session.execute(
            select(Idea.challenge_id, func.count())
            .where(Idea.event_id == fig.event_id, Idea.hidden.is_(False))
            .group_by(Idea.challenge_id)
        ).all()
    )
    fig.challenges = [(title, teams.get(cid, 0), ideas.get(cid, 0)) for cid, title in challenges]
    if teams.get(None) or ideas.get(None):
        fig.challenges.append(("No challenge", teams.get(None, 0), ideas.get(None, 0)))
    fig.teams = sum(teams.values())
    fig.ideas = sum(ideas.values())


def votes(session: Session, event: Event, fig: EventFigures) -> None:
    """Each ballot that opened, with how many voted of how many could."""
    ballots = session.execute(
        select(Ballot)
        .where(Ballot.event_id == event.id, Ballot.status != "draft")
        .order_by(Ballot.id)
    ).scalars()
    for ballot in ballots:
        t = turnout(session, ballot)
        fig.ballots.append((ballot.title, ballot.method, t["voted"], t["eligible"]))


def survey_sections(session: Session, fig: EventFigures) -> None:
    """Response rates, the scales, the goals before and after, words, demographics, quotes."""
    surveys = list(
        session.execute(
            select(Survey)
            .where(Survey.event_id == fig.event_id, Survey.status != "draft")
            .order_by(Survey.id)
        ).scalars()
    )
    if not surveys:
        return
    ids = [s.id for s in surveys]
    responses = dict(
        session.execute(
            select(SurveyResponse.survey_id, func.count())
            .where(SurveyResponse.survey_id.in_(ids))
            .group_by(SurveyResponse.survey_id)
        ).all()
    )
    rows = session.execute(
        select(
            SurveyAnswer.survey_id,
            SurveyAnswer.question,
            SurveyAnswer.number,
            SurveyAnswer.text,
            SurveyAnswer.quoted,
            SurveyResponse.pair,
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyAnswer.survey_id.in_(ids))
        .order_by(SurveyAnswer.id)
    )
    answers: dict[tuple[int, str], list[tuple[Any, Any, str | None]]] = defaultdict(list)
    for survey_id, question, number, text, quoted, pair in rows:
        answers[survey_id, question].append((number, text, pair))
        if quoted and text:
            fig.quotes.append(text)
    eligible = fig.participants
    words: Counter[str] = Counter()
    demographics: dict[str, Counter[str]] = defaultdict(Counter)
    goal_labels: dict[str, str] = {}
    before: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    after: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for survey in surveys:
        fig.surveys.append(
            SurveyRate(
                survey.title, survey.stage, survey.status, responses.get(survey.id, 0), eligible
            )
        )
        for q in survey.questions:
            got = answers.get((survey.id, q["key"]), [])
            kind, topic = q["kind"], q.get("topic", "other")
            if kind == "assessment":
                goal_labels.setdefault(q["key"], q["label"])
                side = before if survey.stage == "pre" else after
                side[q["key"]].extend((n, pair) for n, _, pair in got if n is not None)
            elif kind in NUMERIC:
                values = [n for n, _, _ in got if n is not None]
                low, high = NUMERIC[kind]
                fig.scales.append(
                    Scale(
                        survey=survey.title,
                        key=q["key"],
                        label=q["label"],
                        topic=topic,
                        kind=kind,
                        scale=(low, high),
                        summary=stats.mean_ci(values, bounds=(low, high)),
                        distribution=stats.distribution(values, low, high),
                        eligible=eligible,
                        nps=stats.net_promoter(values) if kind == "nps" else None,
                    )
                )
            elif kind == "word":
                words.update(t for _, t, _ in got if t)
            elif topic in DEMOGRAPHICS:
                demographics[topic].update(t for _, t, _ in got if t)
    for key, label in goal_labels.items():
        first = {pair: n for n, pair in before[key] if pair}
        pairs = [(first[pair], n) for n, pair in after[key] if pair and pair in first]
        change = stats.pre_post([n for n, _ in before[key]], [n for n, _ in after[key]], pairs)
        fig.goals.append(Goal(key, label, change, eligible))
    fig.words = stats.word_counts(words.elements(), TOP_WORDS)
    # "Prefer not to say" is counted, and shown last.
    for topic in DEMOGRAPHICS:
        if demographics.get(topic):
            counts = demographics[topic]
            declined = counts.pop(PREFER_NOT, 0)
            items = _top(counts)
            fig.demographics[topic] = items + ([(PREFER_NOT, declined)] if declined else [])


def event_figures(session: Session, event: Event) -> EventFigures:
    """Every figure of one event's impact report."""
    participants = session.execute(
        select(func.count(Participant.id)).where(
            Participant.event_id == event.id, Participant.removed_at.is_(None)
        )
    ).scalar_one()
    fig = EventFigures(event.id, event.name, event.created_at, int(participants))
    participation(session, fig)
    teams_and_ideas(session, fig)
    votes(session, event, fig)
    survey_sections(session, fig)
    for section in EXTRA_SECTIONS:
        extra = section(session, event)
        if extra is not None:
            fig.extra.append(extra)
    return fig


def portfolio(session: Session, events: list[Event]) -> tuple[list[EventFigures], dict[str, Any]]:
    """Each event's figures and the totals across them (the satisfaction of every answer
    pooled: the mean of all answers, not the mean of the events' means)."""
    figures = [event_figures(session, event) for event in events]
    pooled: list[int] = []
    for fig in figures:
        s = fig.satisfaction
        if s is not None:
            low = s.scale[0]
            for i, count in enumerate(s.distribution):
                pooled.extend([low + i] * count)
    responses = sum(r.responses for fig in figures for r in fig.surveys if r.stage == "post")
    totals = {
        "events": len(figures),
        "participants": sum(f.participants for f in figures),
        "teams": sum(f.teams for f in figures),
        "ideas": sum(f.ideas for f in figures),
        "votes": sum(b[2] for f in figures for b in f.ballots),
        "responses": responses,
        "satisfaction": stats.mean_ci(pooled, bounds=(1, 5)),
        "satisfaction_distribution": stats.distribution(pooled, 1, 5),
    }
    return figures, totals
