"""Pages of the foundation: landing, joining, the participant's event page, the display,
and the facilitator console. Pages are shells; the live parts are drawn by ES modules from
the snapshot and the updates that follow it."""

from __future__ import annotations

import io

import segno
from flask import (
    Blueprint,
    Response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from hackkit.auth import (
    issue_token,
    read_token,
    token_for_display,
    token_for_facilitator,
    token_for_participant,
)
from hackkit.errors import ServiceError
from hackkit.events import joining, lifecycle
from hackkit.events.models import Event, Participant
from hackkit.events.retention import retention_days
from hackkit.events.schemas import CreateEvent
from hackkit.extensions import db
from hackkit.pages import (
    current_facilitator,
    event_or_404,
    event_principal,
    owned_event_or_404,
    page,
    principal_from_cookie,
    public_base,
    remember_principal,
)

bp = Blueprint("events", __name__)
console = Blueprint("console", __name__, url_prefix="/console")


def join_url(event: Event) -> str:
    return f"{public_base()}{url_for('events.join_code', code=event.code)}"


def display_url(event: Event) -> str:
    path = url_for("events.display", code=event.code, key=token_for_display(event))
    return f"{public_base()}{path}"


@bp.route("/")
@page("public")
def home():
    """Landing page: type a code to join, or go to the console."""
    return render_template("events/home.html")


@bp.route("/join", methods=["GET"])
@page("public")
def join_form():
    """Ask for the event code (when the QR code was not scanned)."""
    code = request.args.get("code", "")
    if code:
        try:
            event = lifecycle.event_by_code(db.session(), code)
        except ServiceError as exc:
            return render_template("events/join_code.html", error=exc.message, code=code[:12]), 404
        return redirect(url_for("events.join_code", code=event.code))
    return render_template("events/join_code.html", error=None, code="")


@bp.route("/j/<code>", methods=["GET", "POST"])
@page("public")
def join_code(code: str):
    """Pick a display name and join. Returning on the same phone goes straight to the event."""
    session = db.session()
    try:
        event = lifecycle.event_by_code(session, code)
    except ServiceError as exc:
        return render_template("events/join_code.html", error=exc.message, code=code[:12]), 404
    if request.method == "GET" and principal_from_cookie(event, "participant") is not None:
        return redirect(url_for("events.event_page", code=event.code))
    error, suggestion, name = None, None, ""
    if event.status != "open":
        error = _("This event is not taking new participants.")
    elif request.method == "POST":
        name = request.form.get("name", "")[:200]
        try:
            _participant, token = joining.join_event(
                session, event.code, name, request.remote_addr or ""
            )
            session.commit()
        except ServiceError as exc:
            session.rollback()
            error, suggestion = exc.message, exc.extra.get("suggestion")
        else:
            response = redirect(url_for("events.event_page", code=event.code))
            remember_principal(response, event, "participant", token)
            return response
    status = 200 if error is None else (409 if suggestion else 400)
    return render_template(
        "events/join_name.html",
        event=event,
        error=error,
        suggestion=suggestion,
        name=name,
        retention_days=retention_days(event.settings),
    ), status


@bp.route("/e/<code>")
@page("participant")
def event_page(code: str):
    """The participant's event page: phase and countdown, challenges, announcements."""
    event = event_or_404(code)
    found = principal_from_cookie(event, "participant")
    if found is None:
        return redirect(url_for("events.join_code", code=event.code))
    principal, token = found
    participant = db.session.get(Participant, principal.subject_id)
    rejoin = issue_token("rejoin", participant.id, event.id, participant.token_version)
    boot = {
        "token": token,
        "eventId": event.id,
        "me": {"id": participant.id, "name": participant.display_name},
        "rejoinUrl": f"{public_base()}{url_for('events.rejoin', code=event.code, token=rejoin)}",
    }
    return render_template("events/event.html", event=event, boot=boot)


@bp.route("/e/<code>/rejoin/<token>")
@page("public")
def rejoin(code: str, token: str):
    """A personal link that moves a participant to another device."""
    event = event_or_404(code)
    try:
        claims = read_token("rejoin", token)
    except ServiceError as exc:
        return render_template("events/join_code.html", error=exc.message, code=event.code), 401
    participant = db.session.get(Participant, claims["s"])
    if (
        participant is None
        or participant.event_id != event.id
        or participant.removed_at is not None
        or participant.token_version != claims.get("v")
    ):
        return render_template(
            "events/join_code.html", error=_("This link is no longer valid."), code=event.code
        ), 401
    response = redirect(url_for("events.event_page", code=event.code))
    remember_principal(response, event, "participant", token_for_participant(participant))
    return response


@bp.route("/e/<code>/qr.svg")
@page("public")
def qr_code(code: str):
    """The join QR code as SVG (drawn by segno, served from here: no internet needed)."""
    event = event_or_404(code)
    buffer = io.BytesIO()
    segno.make(join_url(event), error="m").save(
        buffer, kind="svg", scale=10, dark="#111", light="#fff", border=2
    )
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/e/<code>/display")
@page("display")
def display(code: str):
    """A large screen: event name, QR code, join code, head count, phase and countdown."""
    event = event_or_404(code)
    key = request.args.get("key", "")
    if event_principal(event, key, "display") is None:
        return render_template("events/display_denied.html"), 403
    boot = {"token": key, "eventId": event.id, "joinUrl": join_url(event), "code": event.code}
    return render_template("events/display.html", event=event, boot=boot)


@console.route("/", endpoint="home")
@page("facilitator")
def console_home():
    """The facilitator's events, and a form to create one."""
    account = current_facilitator()
    events = db.session.execute(
        select(Event).where(Event.owner_id == account.id).order_by(Event.created_at.desc())
    ).scalars()
    return render_template("console/home.html", events=list(events), error=None)


@console.route("/events", methods=["POST"])
@page("facilitator")
def create_event():
    """Create an event from the console form (the same service as ``POST /api/events``)."""
    account = current_facilitator()
    try:
        fields = CreateEvent(name=request.form.get("name", "")[:200])
    except ValueError:
        events = db.session.execute(select(Event).where(Event.owner_id == account.id)).scalars()
        return render_template(
            "console/home.html",
            events=list(events),
            error=_("Give the event a name (at most 120 characters)."),
        ), 400
    event = lifecycle.create_event(db.session(), account.id, fields.name)
    db.session.commit()
    return redirect(url_for("console.event", event_id=event.id))


@console.route("/events/<int:event_id>")
@page("facilitator")
def event(event_id: int):
    """The live console of one event."""
    event = owned_event_or_404(event_id)
    boot = {
        "token": token_for_facilitator(current_facilitator()),
        "eventId": event.id,
        "joinUrl": join_url(event),
        "displayUrl": display_url(event),
        "code": event.code,
    }
    return render_template("console/event.html", event=event, boot=boot)
