"""Pages for teams and ideas (phone and console), image upload and serving, export downloads.

Pages are shells: their ES module draws everything from the snapshot and the live updates.
"""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from hackkit.access import check_event_access
from hackkit.actions import bearer_principal, error_response
from hackkit.auth import token_for_facilitator
from hackkit.errors import RateLimited, ServiceError, Unauthorised
from hackkit.events.models import Event, Participant
from hackkit.extensions import csrf, db
from hackkit.pages import (
    PhoneSection,
    add_phone_section,
    current_facilitator,
    event_or_404,
    owned_event_or_404,
    page,
    principal_from_cookie,
)
from hackkit.ratelimit import KeyedLimiter
from hackkit.teams import exports, ideas, uploads
from hackkit.teams.models import Idea
from hackkit.teams.schemas import (
    IDEA_DESCRIPTION_MAX,
    IDEA_LINKS_MAX,
    IDEA_PITCH_MAX,
    IDEA_TITLE_MAX,
    PROGRESS_MAX,
    TEAM_NAME_MAX,
)

bp = Blueprint("teams", __name__)

EXPORTS = {
    "teams.csv": "text/csv",
    "ideas.csv": "text/csv",
    "export.json": "application/json",
}
LIMITS = {
    "teamName": TEAM_NAME_MAX,
    "ideaTitle": IDEA_TITLE_MAX,
    "ideaPitch": IDEA_PITCH_MAX,
    "ideaDescription": IDEA_DESCRIPTION_MAX,
    "ideaLinks": IDEA_LINKS_MAX,
    "progress": PROGRESS_MAX,
    "imageBytes": uploads.MAX_UPLOAD_BYTES,
}
# Uploads cost CPU (decoding, re-encoding): a few per minute per person is plenty.
_upload_limiter = KeyedLimiter(rate=20 / 60, burst=10)


def _phone_boot(code: str) -> tuple[Event, dict[str, Any]] | Response:
    event = event_or_404(code)
    found = principal_from_cookie(event, "participant")
    if found is None:
        return redirect(url_for("events.join_code", code=event.code))
    principal, token = found
    participant = db.session.get(Participant, principal.subject_id)
    boot = {
        "token": token,
        "eventId": event.id,
        "code": event.code,
        "me": {"id": participant.id, "name": participant.display_name},
        "limits": LIMITS,
        "urls": {
            "team": url_for("teams.team_page", code=event.code),
            "ideas": url_for("teams.ideas_page", code=event.code),
            "newIdea": url_for("teams.new_idea", code=event.code),
            "upload": url_for("teams.upload_image", event_id=event.id),
        },
    }
    return event, boot


@bp.route("/e/<code>/team")
@page("participant")
def team_page(code: str) -> ResponseReturnValue:
    """The phone's team page: profile, finding or forming a team, and the team's space."""
    found = _phone_boot(code)
    if isinstance(found, Response):
        return found
    event, boot = found
    # "Add my skills" after joining opens the profile, which is at the top of the page.
    open_profile = request.args.get("profile") == "open"
    return render_template("teams/team.html", event=event, boot=boot, open_profile=open_profile)


@bp.route("/e/<code>/ideas")
@page("participant")
def ideas_page(code: str) -> ResponseReturnValue:
    """The idea board on the phone: every visible idea, filtered and searched, live."""
    found = _phone_boot(code)
    if isinstance(found, Response):
        return found
    event, boot = found
    return render_template("teams/ideas.html", event=event, boot=boot)


@bp.route("/e/<code>/ideas/new")
@page("participant")
def new_idea(code: str) -> ResponseReturnValue:
    """The form to submit an idea."""
    found = _phone_boot(code)
    if isinstance(found, Response):
        return found
    event, boot = found
    boot["idea"] = None
    return render_template("teams/ideas_form.html", event=event, boot=boot, editing=False)


@bp.route("/e/<code>/ideas/<int:idea_id>/edit")
@page("participant")
def edit_idea(code: str, idea_id: int) -> ResponseReturnValue:
    """The form to edit one of the team's ideas (refused for other teams' ideas)."""
    found = _phone_boot(code)
    if isinstance(found, Response):
        return found
    event, boot = found
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.event_id != event.id or idea.hidden:
        abort(404)
    if not ideas.may_edit(db.session(), idea, boot["me"]["id"]):
        return render_template(
            "teams/ideas_form.html", event=event, boot=boot, editing=True, denied=True
        ), 403
    boot["idea"] = ideas.idea_dict(idea) | {"description_md": idea.description_md}
    return render_template("teams/ideas_form.html", event=event, boot=boot, editing=True)


# --- console -------------------------------------------------------------------------------------


def _console_event(event_id: int) -> tuple[Event, dict[str, Any]]:
    event = owned_event_or_404(event_id)
    boot = {
        "token": token_for_facilitator(current_facilitator()),
        "eventId": event.id,
        "code": event.code,
        "exports": {
            kind: url_for("teams.export_file", event_id=event.id, kind=kind) for kind in EXPORTS
        },
    }
    return event, boot


@bp.route("/console/events/<int:event_id>/teams")
@page("facilitator")
def console_teams(event_id: int) -> ResponseReturnValue:
    """People and profiles, teams, matching, and the team settings of one event."""
    event, boot = _console_event(event_id)
    return render_template("console/teams.html", event=event, boot=boot)


@bp.route("/console/events/<int:event_id>/ideas")
@page("facilitator")
def console_ideas(event_id: int) -> ResponseReturnValue:
    """The idea board with moderation, revision history, submission switch and exports."""
    event, boot = _console_event(event_id)
    return render_template("console/ideas.html", event=event, boot=boot, exports=boot["exports"])


@bp.route("/console/events/<int:event_id>/export/<kind>")
@page("facilitator")
def export_file(event_id: int, kind: str) -> ResponseReturnValue:
    """Download teams, members and ideas as CSV or JSON."""
    event, _boot = _console_event(event_id)
    if kind not in EXPORTS:
        abort(404)
    session = db.session()
    if kind == "teams.csv":
        body = "\ufeff" + exports.teams_csv(session, event)  # the BOM makes Excel read UTF-8
    elif kind == "ideas.csv":
        body = "\ufeff" + exports.ideas_csv(session, event)
    else:
        body = json.dumps(exports.export_document(session, event), indent=2, ensure_ascii=False)
    response = Response(body, mimetype=EXPORTS[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{event.code}-{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# --- images ------------------------------------------------------------------------------------


@bp.route("/api/events/<int:event_id>/images", methods=["POST"])
@csrf.exempt  # bearer tokens only: a browser never sends one unasked
@page("participant")
def upload_image(event_id: int) -> ResponseReturnValue:
    """Upload a picture for an idea (multipart field ``image``); returns its stored name."""
    try:
        session = db.session()
        principal = bearer_principal(session)
        if principal is None:
            raise Unauthorised()
        check_event_access(session, principal, event_id, {"participant", "facilitator"})
        wait = _upload_limiter.take(principal.key)
        if wait:
            raise RateLimited(wait)
        upload = request.files.get("image")
        if upload is None:
            raise ServiceError("image_required", "Choose a picture to upload.")
        name = uploads.store_image(upload.stream.read(uploads.MAX_UPLOAD_BYTES + 1))
    except ServiceError as exc:
        return error_response(exc)
    return jsonify({"ok": True, "data": {"image": name, "url": uploads.image_url(name)}})


@bp.route("/uploads/<name>")
@page("public")
def uploaded_image(name: str) -> ResponseReturnValue:
    """A stored idea picture: always WebP, never sniffed, gone once its idea is hidden."""
    path = uploads.image_path(name)
    if path is None:
        abort(404)
    hidden_in = (
        db.session.execute(select(Idea.event_id).where(Idea.image == name, Idea.hidden.is_(True)))
        .scalars()
        .first()
    )
    if hidden_in is not None:
        account = current_facilitator()
        event = db.session.get(Event, hidden_in)
        if account is None or event is None or event.owner_id != account.id:
            abort(404)
    response = send_file(path, mimetype=uploads.CONTENT_TYPE, conditional=True, max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


add_phone_section(PhoneSection("/team", lambda: _("Team"), 10))
add_phone_section(PhoneSection("/ideas", lambda: _("Ideas"), 20))
