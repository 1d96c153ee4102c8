"""What each screen sees of surveys: the surveys, their live figures, and what a phone has
already answered."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.events.models import Event
from hackkit.realtime import snapshot_part
from hackkit.surveys.results import survey_figures
from hackkit.surveys.service import answered_surveys, event_surveys, survey_dict


def public_surveys(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    """The surveys everyone but the facilitator sees; they change only with a revision."""
    if principal.role == "facilitator":
        return {}
    return {"surveys": [survey_dict(s) for s in event_surveys(session, event.id, drafts=False)]}


def personal_survey_state(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    """Figures for the console and the wall; a participant's answered surveys."""
    if principal.role == "facilitator":
        surveys = event_surveys(session, event.id, drafts=True)
        return {
            "surveys": [survey_dict(s) for s in surveys],
            "survey_results": {str(s.id): survey_figures(session, s) for s in surveys},
        }
    if principal.role == "display":
        surveys = event_surveys(session, event.id, drafts=False)
        return {"survey_results": {str(s.id): survey_figures(session, s) for s in surveys}}
    if principal.role == "participant":
        return {"surveys_answered": answered_surveys(session, event.id, principal.subject_id)}
    return {}


snapshot_part(public_surveys, shared=True)
snapshot_part(personal_survey_state)
