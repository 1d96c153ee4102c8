"""Judging rounds: planning one (how many judges it needs) and a final round on a shortlist.

A first round has many judges on subsets; the final round takes the first round's top ideas
(by its published ranking: normalised rubric scores, or CrowdBT's pairwise ranking) into a new
draft ballot that the facilitator checks and opens like any other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.errors import Conflict
from hackkit.events.models import Event
from hackkit.voting import ballots, jury
from hackkit.voting.models import Ballot, JudgingFlag, JuryConflict
from hackkit.voting.planner import Plan, coverage
from hackkit.voting.schemas import BallotFields, PlanFields, ShortlistFields
from hackkit.voting.setaside import absent_team_ideas
from hackkit.voting.tallies import count


def plan(session: Session, event: Event, fields: PlanFields) -> dict[str, Any]:
    """The coverage of a plan, with the event's own figures where the plan leaves them out."""
    if fields.ballot_id is not None:
        options = list(ballots.get_ballot(session, event, fields.ballot_id).options or ())
    else:
        options = ballots.resolve_options(session, event, "all", None, [])
    options = [o for o in options if o not in absent_team_ideas(session, event.id)]
    away = set(
        session.execute(
            select(JudgingFlag.juror_id).where(
                JudgingFlag.event_id == event.id, JudgingFlag.juror_id.is_not(None)
            )
        ).scalars()
    )
    judging = [m.id for m in jury.active_jurors(session, event.id) if m.id not in away]
    per_idea = Counter(
        str(idea_id)
        for juror_id, idea_id in session.execute(
            select(JuryConflict.juror_id, JuryConflict.idea_id).where(
                JuryConflict.event_id == event.id
            )
        )
        if juror_id in judging
    )
    ideas = fields.ideas if fields.ideas is not None else len(options)
    conflicts = sorted((per_idea.get(o, 0) for o in options), reverse=True)[:ideas]
    the_plan = Plan(
        ideas=ideas,
        judges=fields.judges if fields.judges is not None else len(judging),
        minutes_per_judgement=fields.minutes_per_judgement,
        round_minutes=fields.round_minutes,
        method=fields.method,
        groups=fields.groups,
        target=fields.target,
        # Worst case for a plan: the most-conflicted ideas in one group (the first).
        conflicts=tuple(conflicts),
    )
    return {"plan": {**asdict(the_plan), "conflicts": sum(conflicts)}, **asdict(coverage(the_plan))}


def shortlist_round(
    session: Session, event: Event, ballot_id: int, fields: ShortlistFields
) -> Ballot:
    """A draft ballot over the top ``fields.top`` ideas of a closed round."""
    source = ballots.get_ballot(session, event, ballot_id)
    if source.status != "closed":
        raise Conflict("round_not_closed", "Close the round before taking its shortlist.")
    ranking = count(session, source).get("ranking") or []
    top = [int(row["option"]) for row in ranking[: fields.top]]
    if len(top) < 2:
        raise Conflict("too_few_ranked", "That round ranked fewer than two ideas.")
    method = fields.method or source.method
    params = fields.params
    if method == source.method and fields.rubric is None and not params.stored():
        params = params.model_validate(source.params or {})
    return ballots.create_ballot(
        session,
        event,
        BallotFields(
            title=fields.title,
            method=method,
            params=params,
            rubric=fields.rubric,
            scope="shortlist",
            idea_ids=top,
            visibility=source.visibility,
            voters=source.voters,
        ),
    )
