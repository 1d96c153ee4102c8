"""Survey actions: each one thin, parsing and calling a service (HTTP and Socket.IO alike)."""

from __future__ import annotations

from typing import Any

from hackkit.actions import Ctx, action
from hackkit.errors import NotFound
from hackkit.surveys import service
from hackkit.surveys.results import survey_figures
from hackkit.surveys.schemas import QuoteChoice, SurveyAnswers, SurveyChanges, SurveyFields

FACILITATOR = {"facilitator"}
SURVEYS = "/api/events/<int:event_id>/surveys"
SURVEY = f"{SURVEYS}/<int:survey_id>"


@action("survey.create", roles=FACILITATOR, body=SurveyFields, http=f"POST {SURVEYS}")
def create_survey(ctx: Ctx, body: SurveyFields) -> dict[str, Any]:
    """Create a draft survey (without questions: the standard set for its stage)."""
    return service.survey_dict(service.create_survey(ctx.session, ctx.event, body))


@action("survey.update", roles=FACILITATOR, body=SurveyChanges, http=f"PUT {SURVEY}")
def update_survey(ctx: Ctx, body: SurveyChanges, survey_id: int) -> dict[str, Any]:
    """Edit a survey (the title any time; questions and phase while a draft)."""
    return service.survey_dict(service.update_survey(ctx.session, ctx.event, survey_id, body))


@action("survey.open", roles=FACILITATOR, http=f"POST {SURVEY}/open")
def open_survey(ctx: Ctx, survey_id: int) -> dict[str, Any]:
    """Open a survey on every phone."""
    return service.survey_dict(service.open_survey(ctx.session, ctx.event, survey_id))


@action("survey.close", roles=FACILITATOR, http=f"POST {SURVEY}/close")
def close_survey(ctx: Ctx, survey_id: int) -> dict[str, Any]:
    """Close a survey: later answers are refused."""
    return service.survey_dict(service.close_survey(ctx.session, ctx.event, survey_id))


@action("survey.delete", roles=FACILITATOR, http=f"DELETE {SURVEY}")
def delete_survey(ctx: Ctx, survey_id: int) -> dict[str, Any]:
    """Delete a survey that is not open, with its answers."""
    service.delete_survey(ctx.session, ctx.event, survey_id)
    return {"id": survey_id}


@action("survey.answer", roles={"participant"}, body=SurveyAnswers, http=f"POST {SURVEY}/answers")
def answer_survey(ctx: Ctx, body: SurveyAnswers, survey_id: int) -> dict[str, Any]:
    """Answer an open survey, once; the answers are stored without your name."""
    return service.answer_survey(
        ctx.session, ctx.event, ctx.principal, survey_id, dict(body.answers), body.pair
    )


@action("survey.figures", roles={"facilitator", "display"}, http=f"GET {SURVEY}/figures")
def survey_figures_now(ctx: Ctx, survey_id: int) -> dict[str, Any]:
    """A survey's figures now: answers, means, distributions, word counts."""
    survey = service.get_survey(ctx.session, ctx.event, survey_id)
    if survey.status == "draft" and ctx.principal.role != "facilitator":
        raise NotFound("That survey")
    return survey_figures(ctx.session, survey)


@action("survey.texts", roles=FACILITATOR, http=f"GET {SURVEY}/texts")
def survey_texts(ctx: Ctx, survey_id: int) -> dict[str, Any]:
    """A survey's free-text answers, to read and to pick quotes for the report."""
    return {"texts": service.free_texts(ctx.session, ctx.event, survey_id)}


@action(
    "survey.quote",
    roles=FACILITATOR,
    body=QuoteChoice,
    http="PUT /api/events/<int:event_id>/survey-answers/<int:answer_id>/quote",
)
def quote_answer(ctx: Ctx, body: QuoteChoice, answer_id: int) -> dict[str, Any]:
    """Choose a free-text answer as a quote for the impact report (or drop it)."""
    return service.set_quoted(ctx.session, ctx.event, answer_id, body.quoted)
