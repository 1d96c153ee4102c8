"""Surveys through their actions over HTTP: who may do what, what a bad answer gets, the
agenda opening and closing them, templates preparing them."""

from __future__ import annotations

from sqlalchemy import func, select

from hackkit.extensions import db
from hackkit.surveys.models import SurveyAnswer, SurveyRespondent, SurveyResponse
from tests.surveys.conftest import SurveyEvent
from tests.voting.conftest import quick_facilitator


def _stored() -> tuple[int, int, int]:
    db.session.rollback()
    return tuple(
        db.session.execute(select(func.count()).select_from(m)).scalar_one()
        for m in (SurveyResponse, SurveyAnswer, SurveyRespondent)
    )


def test_the_standard_questions_for_each_stage(surveyed: SurveyEvent):
    post = surveyed.survey("post", goals=("pitch an idea",))
    kinds = [(q["key"], q["kind"]) for q in post["questions"]]
    assert kinds == [
        ("overall", "rating"),
        ("mentors", "rating"),
        ("organisation", "rating"),
        ("recommend", "nps"),
        ("goal-1", "assessment"),
        ("word", "word"),
        ("comment", "text"),
    ]
    pre = surveyed.survey("pre", goals=("pitch an idea",))
    assert [q["topic"] for q in pre["questions"]] == [
        "goal",
        "gender",
        "country",
        "role",
        "first_hackathon",
    ]
    assert post["questions"][4]["label"] == pre["questions"][0]["label"]


def test_a_participant_answers_once_and_a_second_answer_changes_nothing(surveyed: SurveyEvent):
    (ada,) = surveyed.join("Ada")
    survey = surveyed.survey("post")
    assert surveyed.answer(survey, ada, {"overall": 5}) == {
        "survey_id": survey["id"],
        "answered": True,
    }
    path = f"{surveyed.base}/surveys/{survey['id']}/answers"
    error = surveyed.api.error("POST", path, ada["token"], {"answers": {"overall": 1}}, 409)
    assert error["code"] == "already_answered"
    assert _stored() == (1, 1, 1)


def test_bad_answers_get_a_clear_error_and_store_nothing(surveyed: SurveyEvent):
    (ada,) = surveyed.join("Ada")
    survey = surveyed.survey("post")
    path = f"{surveyed.base}/surveys/{survey['id']}/answers"
    cases = {
        "invalid_answer": {"overall": 6},
        "unknown_question": {"nope": 1},
        "no_answers": {},
    }
    for code, answers in cases.items():
        error = surveyed.api.error("POST", path, ada["token"], {"answers": answers}, 400)
        assert error["code"] == code, error
    for answers in ({"word": "two words"}, {"recommend": True}, {"comment": "x" * 1001}):
        error = surveyed.api.error("POST", path, ada["token"], {"answers": answers}, 400)
        assert error["message"]
    bad_pair = {"answers": {"overall": 3}, "pair": "no spaces allowed"}
    surveyed.api.error("POST", path, ada["token"], bad_pair, 400)
    assert _stored() == (0, 0, 0)
    # Every refusal left the phone free to answer properly.
    surveyed.answer(survey, ada, {"overall": 3, "word": "Brilliant"})
    db.session.rollback()
    assert (
        db.session.execute(
            select(SurveyAnswer.text).where(SurveyAnswer.question == "word")
        ).scalar_one()
        == "brilliant"
    )


def test_a_closed_or_draft_survey_takes_no_answers(surveyed: SurveyEvent):
    (ada,) = surveyed.join("Ada")
    survey = surveyed.survey("pulse")
    surveyed.api.ok("POST", f"{surveyed.base}/surveys/{survey['id']}/close", surveyed.fac, {})
    path = f"{surveyed.base}/surveys/{survey['id']}/answers"
    error = surveyed.api.error("POST", path, ada["token"], {"answers": {"phase": 4}}, 409)
    assert error["code"] == "survey_closed"
    draft = surveyed.api.ok("POST", f"{surveyed.base}/surveys", surveyed.fac, {"title": "Later"})
    path = f"{surveyed.base}/surveys/{draft['id']}/answers"
    assert surveyed.api.error("POST", path, ada["token"], {"answers": {"overall": 4}}, 409)
    assert _stored() == (0, 0, 0)


def test_who_may_do_what(surveyed: SurveyEvent):
    (ada,) = surveyed.join("Ada")
    api, base = surveyed.api, surveyed.base
    survey = surveyed.survey("post")
    stranger = quick_facilitator("stranger")
    display = api.display_token(surveyed.event["id"])
    assert api.error("POST", f"{base}/surveys", ada["token"], {"title": "Mine"}, 403)
    api.error("POST", f"{base}/surveys", stranger, {"title": "Theirs"}, 403)
    api.error("POST", f"{base}/surveys/{survey['id']}/close", stranger, {}, 403)
    api.error("GET", f"{base}/surveys/{survey['id']}/texts", ada["token"], None, 403)
    api.error("GET", f"{base}/surveys/{survey['id']}/figures", ada["token"], None, 403)
    api.error(
        "POST", f"{base}/surveys/{survey['id']}/answers", display, {"answers": {"overall": 1}}, 403
    )
    assert api.ok("GET", f"{base}/surveys/{survey['id']}/figures", display)["responses"] == 0
    surveyed.answer(survey, ada, {"comment": "Nice"})
    text_id = api.ok("GET", f"{base}/surveys/{survey['id']}/texts", surveyed.fac)["texts"][0]["id"]
    api.error("PUT", f"{base}/survey-answers/{text_id}/quote", ada["token"], {"quoted": True}, 403)
    other = api.event(stranger, "Elsewhere")
    api.error(
        "PUT",
        f"/api/events/{other['id']}/survey-answers/{text_id}/quote",
        stranger,
        {"quoted": True},
        404,
    )


def test_questions_freeze_once_the_survey_opens_and_an_open_one_is_not_deleted(
    surveyed: SurveyEvent,
):
    survey = surveyed.survey("pulse")
    path = f"{surveyed.base}/surveys/{survey['id']}"
    questions = [{"key": "x", "kind": "rating", "label": "X?"}]
    assert surveyed.api.error("PUT", path, surveyed.fac, {"questions": questions}, 409)
    assert surveyed.api.error("DELETE", path, surveyed.fac, None, 409)["code"] == "survey_open"
    renamed = surveyed.api.ok("PUT", path, surveyed.fac, {"title": "Pulse check"})
    assert renamed["title"] == "Pulse check"
    bad = [{"key": "a", "kind": "choice", "label": "A?", "options": ["only one"]}]
    surveyed.api.error(
        "POST", f"{surveyed.base}/surveys", surveyed.fac, {"title": "T", "questions": bad}, 400
    )


def test_the_agenda_opens_a_survey_with_its_phase_and_closes_it_after(surveyed: SurveyEvent):
    api, base, fac = surveyed.api, surveyed.base, surveyed.fac
    api.ok(
        "PUT",
        f"{base}/agenda",
        fac,
        {
            "phases": [
                {"name": "Hack", "minutes": 60},
                {"name": "Closing", "minutes": 10, "wall_mode": "survey"},
            ]
        },
    )
    phases = api.ok("GET", f"{base}/snapshot", fac)["state"]["agenda"]["phases"]
    survey = api.ok(
        "POST", f"{base}/surveys", fac, {"title": "Feedback", "phase_id": phases[1]["id"]}
    )
    api.ok("POST", f"{base}/agenda/start", fac, {})
    assert _status(surveyed, survey) == "draft"
    api.ok("POST", f"{base}/agenda/skip", fac, {})  # Hack done, Closing starts
    assert _status(surveyed, survey) == "open"
    api.ok("POST", f"{base}/agenda/skip", fac, {})
    assert _status(surveyed, survey) == "closed"


def _status(s: SurveyEvent, survey: dict) -> str:
    surveys = s.api.ok("GET", f"{s.base}/snapshot", s.fac)["state"]["surveys"]
    return next(x["status"] for x in surveys if x["id"] == survey["id"])


def test_a_shipped_template_prepares_its_surveys_tied_to_their_phases(api):
    fac = quick_facilitator()
    event = api.ok(
        "POST", "/api/events/from-template", fac, {"template": "formats/one-day-hackathon"}
    )
    state = api.ok("GET", f"/api/events/{event['id']}/snapshot", fac)["state"]
    phases = {p["id"]: p for p in state["agenda"]["phases"]}
    surveys = {s["title"]: s for s in state["surveys"]}
    assert set(surveys) == {"Before we start", "Feedback"}
    assert phases[surveys["Feedback"]["phase_id"]]["name"] == "Jury deliberation"
    assert phases[surveys["Feedback"]["phase_id"]]["wall_mode"] == "survey"
    goals = [
        q["label"] for q in surveys["Before we start"]["questions"] if q["kind"] == "assessment"
    ]
    assert goals == [
        q["label"] for q in surveys["Feedback"]["questions"] if q["kind"] == "assessment"
    ]
    assert goals and all(s["status"] == "draft" for s in surveys.values())
