"""Mentor and help pages: the mentor's invite link and phone page, the team's help page on the
phone, the console's mentors section with each invite as a QR code, and the CSV export.

Pages are shells: ``mentors/mentor.js``, ``mentors/help.js`` and ``mentors/console.js`` draw
everything from the snapshot and the live messages.
"""

from __future__ import annotations

import io

import segno
from flask import Blueprint, Response, redirect, render_template, url_for
from flask_babel import gettext as _

from hackkit import pages
from hackkit.auth import resolve, token_for_facilitator
from hackkit.errors import ServiceError
from hackkit.extensions import db
from hackkit.mentors import board, roster
from hackkit.mentors.models import Mentor
from hackkit.mentors.schemas import DESCRIPTION_MAX, LOCATION_MAX, NOTE_MAX, QUEUE_MESSAGE_MAX
from hackkit.pages import PhoneSection, add_phone_section, current_facilitator, page

bp = Blueprint("mentors", __name__)

LIMITS = {
    "description": DESCRIPTION_MAX,
    "location": LOCATION_MAX,
    "note": NOTE_MAX,
    "message": QUEUE_MESSAGE_MAX,
}


@bp.route("/e/<code>/mentor/<token>")
@page("public")
def mentor_invite(code: str, token: str):
    """A mentor's personal invite link: remember them on this phone, then open their page."""
    event = pages.event_or_404(code)
    try:
        principal = resolve(db.session(), f"mentor.{token}")
    except ServiceError as exc:
        return render_template("mentors/denied.html", event=event, message=exc.message), 401
    if principal.event_id != event.id:
        message = _("This link is for another event.")
        return render_template("mentors/denied.html", event=event, message=message), 401
    mentor = db.session.get(Mentor, principal.subject_id)
    response = redirect(url_for("mentors.mentor_page", code=event.code))
    pages.remember_principal(response, event, "mentor", roster.token_for_mentor(mentor))
    return response


@bp.route("/e/<code>/mentor")
@page("participant")
def mentor_page(code: str):
    """The mentor's phone: their profile, the requests offered to them, the one they took."""
    event = pages.event_or_404(code)
    found = pages.principal_from_cookie(event, "mentor")
    if found is None:
        message = _("Open the personal link the organisers gave you.")
        return render_template("mentors/denied.html", event=event, message=message), 401
    principal, token = found
    boot = {
        "token": token,
        "eventId": event.id,
        "code": event.code,
        "me": {"id": principal.subject_id, "name": principal.name},
        "limits": LIMITS,
    }
    return render_template("mentors/mentor.html", event=event, boot=boot)


@bp.route("/e/<code>/help")
@page("participant")
def help_page(code: str):
    """The team's help page: ask a mentor, see the place in the queue, rate the help."""
    event = pages.event_or_404(code)
    found = pages.principal_from_cookie(event, "participant")
    if found is None:
        return redirect(url_for("events.join_code", code=event.code))
    principal, token = found
    boot = {
        "token": token,
        "eventId": event.id,
        "code": event.code,
        "me": {"id": principal.subject_id, "name": principal.name},
        "limits": LIMITS,
        "teamUrl": url_for("teams.team_page", code=event.code),
    }
    return render_template("mentors/help.html", event=event, boot=boot)


@bp.route("/console/events/<int:event_id>/mentors")
@page("facilitator")
def console_mentors(event_id: int):
    """The console's mentors section: invites, the queue, each mentor's load and rating."""
    event = pages.owned_event_or_404(event_id)
    boot = {
        "token": token_for_facilitator(current_facilitator()),
        "eventId": event.id,
        "code": event.code,
        "publicBase": pages.public_base(),
        "limits": LIMITS,
        "qrBase": url_for("mentors.console_mentors", event_id=event.id),
        "exportUrl": url_for("mentors.console_export", event_id=event.id),
    }
    return render_template("mentors/console.html", event=event, boot=boot)


@bp.route("/console/events/<int:event_id>/mentors/<int:mentor_id>/qr.svg")
@page("facilitator")
def mentor_qr(event_id: int, mentor_id: int):
    """A mentor's invite link as a QR code, to scan from the console's screen."""
    event = pages.owned_event_or_404(event_id)
    try:
        mentor = roster.get_mentor(db.session(), event.id, mentor_id)
    except ServiceError:
        return Response(status=404)
    url = pages.public_base() + roster.mentor_dict(mentor, event)["invite_path"]
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, dark="#111", light="#fff")
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"  # a revoked mentor's code must not linger
    return response


@bp.route("/console/events/<int:event_id>/help/export.csv")
@page("facilitator")
def console_export(event_id: int):
    """Every help request with its times, wait, mentor and rating, as CSV."""
    event = pages.owned_event_or_404(event_id)
    response = Response(board.export_csv(db.session(), event), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="help-requests.csv"'
    return response


def _has_mentors(event) -> bool:
    """Teams ask for help only where the event has a mentor to give it."""
    from sqlalchemy import select

    from hackkit.mentors.models import Mentor

    found = select(Mentor.id).where(Mentor.event_id == event.id, Mentor.revoked_at.is_(None))
    return db.session.execute(found.limit(1)).first() is not None


add_phone_section(PhoneSection("/help", lambda: _("Help"), 30, _has_mentors))
