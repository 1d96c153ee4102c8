"""Pages of the foundation: landing, joining, the participant's event page, the display,
and the facilitator console. Pages are shells; the live parts are drawn by ES modules from
the snapshot and the updates that follow it."""

from __future__ import annotations

import io
import secrets

import segno
from flask import (
    Blueprint,
    Response,
    make_response,
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
from hackkit.events import invites, joining, lifecycle, states
from hackkit.events.models import Event, Participant
from hackkit.events.retention import retention_days
from hackkit.events.schemas import CreateEvent
from hackkit.extensions import db
from hackkit.pages import (
    DEVICE_COOKIE,
    PhoneSection,
    add_phone_section,
    current_facilitator,
    event_or_404,
    event_principal,
    owned_event_or_404,
    page,
    principal_from_cookie,
    public_base,
    remember_device,
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
    device = request.cookies.get(DEVICE_COOKIE, "")[:64] or secrets.token_urlsafe(16)
    error, suggestion, name, status = None, None, "", 200
    closed = not states.accepts_joins(event.status)
    if closed:
        error, status = states.join_refusal(event.status), 403
    elif request.method == "POST":
        name = request.form.get("name", "")[:200]
        try:
            _participant, token = joining.join_event(
                session,
                event.code,
                name,
                request.remote_addr or "",
                device,
                request.form.get("invite", "")[:16],
            )
            session.commit()
        except ServiceError as exc:
            session.rollback()
            error, suggestion, status = exc.message, exc.extra.get("suggestion"), exc.status
        else:
            # Straight after joining, the event page offers the profile (skills, preferred
            # challenges), which team forming needs and nobody finds later on their own.
            response = redirect(url_for("events.event_page", code=event.code, welcome=1))
            remember_principal(response, event, "participant", token)
            remember_device(response, device)
            return response
    response = make_response(
        render_template(
            "events/join_name.html",
            event=event,
            error=error,
            suggestion=suggestion,
            name=name,
            closed=closed,
            retention_days=retention_days(event.settings),
            invite_only=invites.invite_only(event),
            invite=request.form.get("invite", request.args.get("invite", ""))[:16],
        ),
        status,
    )
    remember_device(response, device)
    return response


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
    welcome = request.args.get("welcome") == "1"
    return render_template("events/event.html", event=event, boot=boot, welcome=welcome)


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


def _qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=10, dark="#111", light="#fff", border=2
    )
    return buffer.getvalue()


@bp.route("/e/<code>/qr.svg")
@page("public")
def qr_code(code: str):
    """The join QR code as SVG (drawn by segno, served from here: no internet needed)."""
    event = event_or_404(code)
    response = Response(_qr_svg(join_url(event)), mimetype="image/svg+xml")
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


@console.route("/events/<int:event_id>/display-qr.svg")
@page("facilitator")
def display_qr(event_id: int):
    """The display link as a QR code, for the owner only: it carries the display token, so a
    phone or tablet scanned at the big screen opens it there (never cached: links change)."""
    response = Response(
        _qr_svg(display_url(owned_event_or_404(event_id))), mimetype="image/svg+xml"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


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
        "displayQr": url_for("console.display_qr", event_id=event.id),
        "code": event.code,
    }
    return render_template("console/event.html", event=event, boot=boot)


add_phone_section(PhoneSection("", lambda: _("Event"), 0))
