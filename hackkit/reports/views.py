"""The report pages: one event's impact report (HTML, CSV, PDF) and the portfolio of every
event of the signed-in facilitator. Only the event's owner sees its report."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from sqlalchemy import select

from hackkit import pages
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.markup import drawn_svg
from hackkit.pages import current_facilitator, page
from hackkit.reports import charts, figures, pdf, rows

bp = Blueprint("reports", __name__)

TOPIC_TITLES = {
    "gender": "Gender",
    "country": "Country",
    "role": "Role",
    "first_hackathon": "First hackathon?",
}


def _download(body: bytes | str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/console/events/<int:event_id>/report")
@page("facilitator")
def event_report(event_id: int):
    """The impact report of one event, with its charts drawn on the server."""
    event = pages.owned_event_or_404(event_id)
    fig = figures.event_figures(db.session(), event)
    return render_template(
        "reports/event.html",
        event=event,
        fig=fig,
        charts=_Charts(),
        topics=TOPIC_TITLES,
        mentor_hook=figures.MENTOR_HOOK,
    )


@bp.route("/console/events/<int:event_id>/report.csv")
@page("facilitator")
def event_report_csv(event_id: int):
    """The report's figures as CSV, one figure a row."""
    event = pages.owned_event_or_404(event_id)
    fig = figures.event_figures(db.session(), event)
    return _download(rows.to_csv(rows.report_rows(fig)), "text/csv", f"report-{event.id}.csv")


@bp.route("/console/events/<int:event_id>/report.pdf")
@page("facilitator")
def event_report_pdf(event_id: int):
    """The report as a PDF to hand on (a board, a funder)."""
    event = pages.owned_event_or_404(event_id)
    fig = figures.event_figures(db.session(), event)
    return _download(pdf.event_pdf(fig), "application/pdf", f"report-{event.id}.pdf")


@bp.route("/console/report")
@page("facilitator")
def portfolio_report():
    """Every event of this facilitator, event by event, and the totals."""
    me = current_facilitator()
    events = list(
        db.session()
        .execute(select(Event).where(Event.owner_id == me.id).order_by(Event.created_at, Event.id))
        .scalars()
    )
    each, totals = figures.portfolio(db.session(), events)
    return render_template("reports/portfolio.html", each=each, totals=totals, charts=_Charts())


class _Charts:
    """The chart functions for templates, their SVG marked safe (every label is escaped)."""

    def __getattr__(self, name: str):
        draw = getattr(charts, name)
        return lambda *args, **kwargs: drawn_svg(draw(*args, **kwargs))
