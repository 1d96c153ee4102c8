"""Survey pages: the phone's survey page and the console's surveys section.

Both are shells: ``surveys/answer.js`` and ``surveys/console-surveys.js`` draw everything from
the snapshot and the live updates.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _

from hackkit import pages
from hackkit.auth import token_for_facilitator
from hackkit.events.agenda import phases_of
from hackkit.extensions import db
from hackkit.pages import PhoneSection, add_phone_section, current_facilitator, page

bp = Blueprint("surveys", __name__)


@bp.route("/e/<code>/survey")
@page("participant")
def survey_page(code: str):
    """The phone's survey page: the open surveys not yet answered, a few taps each."""
    event = pages.event_or_404(code)
    found = pages.principal_from_cookie(event, "participant")
    if found is None:
        return redirect(url_for("events.join_code", code=event.code))
    _principal, token = found
    boot = {"token": token, "eventId": event.id, "code": event.code}
    return render_template("surveys/answer.html", event=event, boot=boot)


@bp.route("/console/events/<int:event_id>/surveys")
@page("facilitator")
def console_surveys(event_id: int):
    """The console's surveys section: make, open and close surveys; live figures; quotes."""
    event = pages.owned_event_or_404(event_id)
    phases = [{"id": p.id, "name": p.name} for p in phases_of(db.session(), event.id)]
    boot = {
        "token": token_for_facilitator(current_facilitator()),
        "eventId": event.id,
        "code": event.code,
        "phases": phases,
        "reportUrl": url_for("reports.event_report", event_id=event.id),
    }
    return render_template("surveys/console.html", event=event, boot=boot)


def _has_surveys(event) -> bool:
    """The tab appears once a survey has been opened (a draft is the facilitator's alone)."""
    from sqlalchemy import select

    from hackkit.surveys.models import Survey

    found = select(Survey.id).where(Survey.event_id == event.id, Survey.status != "draft")
    return db.session.execute(found.limit(1)).first() is not None


add_phone_section(PhoneSection("/survey", lambda: _("Survey"), 50, _has_surveys))
