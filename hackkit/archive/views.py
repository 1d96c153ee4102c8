"""The console's data page (archive, retention, personal data), archive download and upload.

The forms call the same services as the API and the CLI (``service.py``), like the console's
"Create an event" form; the page needs no script.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import validate_csrf
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import ValidationError

from hackkit.archive import service
from hackkit.archive.export import export_archive
from hackkit.archive.schema import MAX_ARCHIVE_BYTES
from hackkit.errors import ServiceError
from hackkit.events.models import Event, Participant
from hackkit.events.retention import MAX_RETENTION_DAYS
from hackkit.extensions import csrf, db
from hackkit.pages import current_facilitator, owned_event_or_404, page
from hackkit.teams.models import Idea, Team

bp = Blueprint("archive", __name__)


def _counts(event_id: int) -> dict[str, int]:
    session = db.session()
    return {
        name: session.execute(
            select(func.count(model.id)).where(model.event_id == event_id)
        ).scalar_one()
        for name, model in (("participants", Participant), ("teams", Team), ("ideas", Idea))
    }


def _data_page(event: Event, *, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "console/data.html",
        event=event,
        retention=service.retention_dict(db.session(), event),
        counts=_counts(event.id),
        max_days=MAX_RETENTION_DAYS,
        done=request.args.get("done"),
        error=error,
    ), status


@bp.route("/console/events/<int:event_id>/data")
@page("facilitator")
def data(event_id: int) -> ResponseReturnValue:
    """Download the whole event, set how long personal data is kept, delete it."""
    return _data_page(owned_event_or_404(event_id))


@bp.route("/console/events/<int:event_id>/archive.json")
@page("facilitator")
def download(event_id: int) -> ResponseReturnValue:
    """The whole-event archive as a file."""
    event = owned_event_or_404(event_id)
    body = json.dumps(export_archive(db.session(), event), indent=1, ensure_ascii=False)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.code}-archive.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/console/events/<int:event_id>/data/retention", methods=["POST"])
@page("facilitator")
def retention(event_id: int) -> ResponseReturnValue:
    """The retention form: a number of days, or keep until deleted by hand."""
    event = owned_event_or_404(event_id)
    raw = request.form.get("days", "").strip()
    keep = request.form.get("keep") == "forever"
    if not keep and not (raw.isdigit() and int(raw) <= MAX_RETENTION_DAYS):
        return _data_page(
            event, error=f"Give a number of days from 0 to {MAX_RETENTION_DAYS}.", status=400
        )
    service.set_retention(db.session(), event, None if keep else int(raw))
    db.session.commit()
    return redirect(url_for("archive.data", event_id=event.id, done="retention"))


@bp.route("/console/events/<int:event_id>/data/delete", methods=["POST"])
@page("facilitator")
def delete(event_id: int) -> ResponseReturnValue:
    """The "delete personal data" form (its box must be ticked)."""
    event = owned_event_or_404(event_id)
    if request.form.get("confirm") != "yes":
        return _data_page(
            event, error="Tick the box to confirm: this cannot be undone.", status=400
        )
    service.erase_personal_data(db.session(), event)
    db.session.commit()
    return redirect(url_for("archive.data", event_id=event.id, done="deleted"))


@bp.route("/console/import", methods=["POST"])
@csrf.exempt  # checked below, once the larger size limit of this form is set
@page("facilitator")
def upload() -> ResponseReturnValue:
    """Import an uploaded archive as a new event of the signed-in facilitator."""
    account = current_facilitator()
    # The app's limit (8 MB) is too small for an archive with pictures; the CSRF check reads
    # the form, so it must wait until this request's own limit is set.
    request.max_content_length = MAX_ARCHIVE_BYTES + 64 * 1024  # the form's own fields
    session = db.session()
    try:
        if (request.content_length or 0) > request.max_content_length:
            raise service.too_large()  # said before reading: no half-parsed upload is left over
        try:
            file = request.files.get("archive")
            validate_csrf(request.form.get("csrf_token"))
        except RequestEntityTooLarge:
            raise service.too_large() from None
        except ValidationError:
            raise ServiceError(
                "csrf", "The form has expired. Reload the page and try again.", status=400
            ) from None
        if file is None or not file.filename:
            raise ServiceError("archive_required", "Choose an archive file to import.")
        document = service.parse_archive(file.stream.read(MAX_ARCHIVE_BYTES + 1))
        only_setup = request.form.get("what") == "setup"
        event = service.import_event(session, account.id, document, only_setup=only_setup)
        session.commit()
    except ServiceError as exc:
        session.rollback()
        events = session.execute(
            select(Event).where(Event.owner_id == account.id).order_by(Event.created_at.desc())
        ).scalars()
        return render_template(
            "console/home.html", events=list(events), error=None, import_error=exc.message
        ), exc.status
    return redirect(url_for("console.event", event_id=event.id))
