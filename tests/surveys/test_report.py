"""The impact report of a small event, checked against figures worked out by hand; its CSV
read back; its PDF opened with poppler; the portfolio's totals."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.reports import figures, pdf, rows
from hackkit.surveys.questions import PREFER_NOT
from tests.surveys.conftest import SurveyEvent
from tests.teams.conftest import sign_in


def answered(s: SurveyEvent) -> SurveyEvent:
    """Four people; three answer before, all four after (see the expected figures below)."""
    ada, ben, cy, di = s.join("Ada", "Ben", "Cy", "Di")
    pre = s.survey("pre", goals=("pitch an idea",))
    post = s.survey("post", goals=("pitch an idea",))
    s.answer(
        pre,
        ada,
        {"goal-1": 2, "gender": "Woman", "country": " kenya ", "role": "Student", "first": "Yes"},
        pair="pair-ada-01",
    )
    s.answer(pre, ben, {"goal-1": 3, "gender": PREFER_NOT, "country": "Kenya"}, pair="pair-ben-01")
    s.answer(pre, cy, {"goal-1": 2, "gender": "Man"}, pair="pair-cy-001")
    s.answer(
        post,
        ada,
        {
            "overall": 5,
            "mentors": 4,
            "recommend": 10,
            "goal-1": 4,
            "word": "Inspiring",
            "comment": "Loved it, truly",
        },
        pair="pair-ada-01",
    )
    s.answer(
        post,
        ben,
        {"overall": 4, "recommend": 9, "goal-1": 3, "word": "inspiring"},
        pair="pair-ben-01",
    )
    s.answer(
        post,
        cy,
        {
            "overall": 3,
            "recommend": 6,
            "goal-1": 5,
            "word": "long",
            "comment": '=SUM(A1) too long, "really"\nbut good',
        },
        pair="pair-cy-001",
    )
    s.answer(post, di, {"overall": 4, "recommend": 8, "goal-1": 4})
    texts = s.api.ok("GET", f"{s.base}/surveys/{post['id']}/texts", s.fac)["texts"]
    for text in texts:
        path = f"{s.base}/survey-answers/{text['id']}/quote"
        s.api.ok("PUT", path, s.fac, {"quoted": True})
    return s


def figures_of(s: SurveyEvent) -> figures.EventFigures:
    return figures.event_figures(db.session(), db.session.get(Event, s.event["id"]))


def test_the_report_matches_the_figures_worked_out_by_hand(surveyed: SurveyEvent):
    fig = figures_of(answered(surveyed))
    assert fig.participants == 4
    assert [(r.title, r.responses, r.eligible) for r in fig.surveys] == [
        ("pre survey", 3, 4),
        ("post survey", 4, 4),
    ]
    assert fig.surveys[0].warnings == ["Only 3 answers: too few to generalise."]
    overall = fig.satisfaction
    # 5, 4, 3, 4: mean 4; sd = sqrt(2/3); t(0.975, 3) = 3.182446; half = 3.182446 * sd / 2.
    half = 3.182446 * (2 / 3) ** 0.5 / 2
    assert overall.summary.n == 4 and overall.summary.mean == pytest.approx(4.0)
    assert overall.summary.low == pytest.approx(4 - half, abs=1e-5)
    # 4 + half = 5.30, past the top of the 1-5 scale: the interval is cut to 5.
    assert 4 + half > 5 and overall.summary.high == 5
    assert overall.distribution == [0, 0, 1, 2, 1]
    mentors = next(s for s in fig.scales if s.key == "mentors")
    assert (mentors.summary.n, mentors.summary.mean, mentors.summary.low) == (1, 4.0, None)
    nps = fig.net_promoter.nps  # 10, 9 promoters; 8 passive; 6 detractor: (2 - 1) / 4
    assert (nps.promoters, nps.passives, nps.detractors, nps.score) == (2, 1, 1, 25.0)
    [goal] = fig.goals
    change = goal.change
    assert change.before.mean == pytest.approx(7 / 3) and change.after.mean == pytest.approx(4)
    assert change.change == pytest.approx(5 / 3)
    # Pairs by the phones' tokens: Ada 2 -> 4, Ben 3 -> 3, Cy 2 -> 5 (Di answered only after).
    assert (change.pairs, change.improved) == (3, 2)
    assert fig.words == [("inspiring", 2), ("long", 1)]
    assert fig.demographics["gender"] == [("Man", 1), ("Woman", 1), (PREFER_NOT, 1)]
    assert fig.demographics["country"] == [("Kenya", 2)]
    assert fig.demographics["first_hackathon"] == [("Yes", 1)]
    assert sorted(fig.quotes) == sorted(
        ["Loved it, truly", '=SUM(A1) too long, "really"\nbut good']
    )


def test_the_report_page_shows_the_figures_and_its_charts(surveyed: SurveyEvent, client):
    answered(surveyed)
    sign_in(client)
    page = client.get(f"/console/events/{surveyed.event['id']}/report").get_data(as_text=True)
    assert "4.00" in page and "2.70–5.00" in page  # the mean and its interval, 2 places
    assert page.count("<svg") >= 5 and "cdn" not in page.lower()
    assert "Only 3 answers: too few to generalise." in page
    assert "+1.67" in page and "67%" in page  # the change and the share who improved
    assert "Loved it, truly" in page
    assert "shown once mentors exist" in page
    # The SVG is drawn on the server with labels escaped, never a participant's raw markup.
    assert "<script" not in page.split("<body", 1)[1].split('<script type="application/json"')[0]


def test_the_csv_reads_back_to_the_same_rows(surveyed: SurveyEvent, client):
    fig = figures_of(answered(surveyed))
    expected = rows.report_rows(fig)
    assert rows.from_csv(rows.to_csv(expected)) == expected
    tricky = [("goal", "-fell", "change", "-0.333"), ("quote", "1", "text", "'quoted', \"=1+1\"")]
    written = rows.to_csv(tricky)
    assert rows.from_csv(written) == tricky
    assert ",-0.333\n" in written and "'-fell" in written  # numbers stay numbers
    sign_in(client)
    response = client.get(f"/console/events/{surveyed.event['id']}/report.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert rows.from_csv(text) == expected
    assert "\n'=SUM(A1)" not in text and "'=SUM(A1)" in text  # no formula for a spreadsheet
    assert (
        "scale",
        "post survey: How satisfied are you with the event overall?",
        "mean",
        "4",
    ) in expected
    assert ("goal", "How well can you pitch an idea?", "improved_share", "0.667") in expected


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (scripts/setup --dev)")
def test_the_pdf_opens_and_renders_its_pages(surveyed: SurveyEvent, client, tmp_path):
    answered(surveyed)
    sign_in(client)
    response = client.get(f"/console/events/{surveyed.event['id']}/report.pdf")
    assert response.mimetype == "application/pdf"
    body = response.get_data()
    assert body.startswith(b"%PDF-")
    (tmp_path / "r.pdf").write_bytes(body)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "r.pdf"), str(tmp_path / "p")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert sorted(p.name for p in tmp_path.glob("p-*.png"))  # at least one page drawn
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "r.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Impact Night" in text and "Mean 4.00 (95% interval 2.70–5.00)" in text


def test_a_pdf_of_an_empty_event_says_what_is_missing():
    fig = figures.EventFigures(1, "Empty", None, 0)
    body = pdf.event_pdf(fig)
    assert body.startswith(b"%PDF-") and len(body) > 500


def test_the_portfolio_pools_every_answer_of_every_event(surveyed: SurveyEvent, client):
    answered(surveyed)
    other = surveyed.api.event(surveyed.fac, "Second Night")
    second = SurveyEvent(surveyed.api, surveyed.fac, other)
    (eve,) = second.join("Eve")
    post = second.survey("post")
    second.answer(post, eve, {"overall": 2})
    events = db.session.query(Event).order_by(Event.id).all()
    each, totals = figures.portfolio(db.session(), events)
    assert [f.participants for f in each] == [4, 1]
    assert totals["participants"] == 5 and totals["responses"] == 5
    assert totals["satisfaction"].mean == pytest.approx((5 + 4 + 3 + 4 + 2) / 5)
    assert totals["satisfaction_distribution"] == [0, 1, 1, 2, 1]
    sign_in(client)
    page = client.get("/console/report").get_data(as_text=True)
    assert "Impact Night" in page and "Second Night" in page and "3.60" in page
    assert "only 1 answer" in page  # the small event's figure is flagged


def test_the_console_survey_page_and_the_phone_page_open(surveyed: SurveyEvent, client):
    answered(surveyed)
    sign_in(client)
    page = client.get(f"/console/events/{surveyed.event['id']}/surveys")
    assert page.status_code == 200
    assert "{n} of {m} participants answered" in page.get_data(as_text=True)


def test_a_mentor_section_fills_the_reports_hook(surveyed: SurveyEvent, client, monkeypatch):
    answered(surveyed)
    sign_in(client)
    url = f"/console/events/{surveyed.event['id']}/report"
    assert "shown once mentors exist" in client.get(url).get_data(as_text=True)
    section = figures.ExtraSection(
        "mentors", "Mentors", (("Requests", "12"), ("Median wait", "4 min"))
    )
    monkeypatch.setattr(figures, "EXTRA_SECTIONS", [lambda session, event: section])
    page = client.get(url).get_data(as_text=True)
    assert "shown once mentors exist" not in page and "Median wait" in page
    text = client.get(f"{url}.csv").get_data(as_text=True)
    assert ("mentors", "Median wait", "value", "4 min") in rows.from_csv(text)
