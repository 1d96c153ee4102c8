"""The console's wall page, and the wall preview download."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from hackkit.auth import token_for_display, token_for_facilitator
from hackkit.events.views import display_url
from hackkit.extensions import db
from hackkit.pages import current_facilitator, owned_event_or_404, page, public_base
from hackkit.wall import preview
from hackkit.wall.models import Wall

bp = Blueprint("wall", __name__, url_prefix="/console")


@bp.route("/events/<int:event_id>/wall")
@page("facilitator")
def console(event_id: int) -> ResponseReturnValue:
    """Set up walls, place screens by clicking, switch what the wall shows, watch its health."""
    event = owned_event_or_404(event_id)
    boot = {
        "token": token_for_facilitator(current_facilitator()),
        "eventId": event.id,
        "code": event.code,
        "displayUrl": display_url(event),
        "previewUrl": f"/console/events/{event.id}/wall/WALL/preview.png",
    }
    return render_template("wall/console.html", event=event, boot=boot)


@bp.route("/events/<int:event_id>/wall/<int:wall_id>/preview.png")
@page("facilitator")
def preview_png(event_id: int, wall_id: int) -> ResponseReturnValue:
    """The whole wall as it looks now, stitched from every screen's viewport, bezels drawn in."""
    event = owned_event_or_404(event_id)
    wall = db.session.get(Wall, wall_id)
    if wall is None or wall.event_id != event.id:
        abort(404)
    # Render against this very server, as a screen would see it.
    base = request.host_url.rstrip("/") if not request.host.startswith("0.0.0.0") else public_base()
    try:
        png = preview.render_in_subprocess(base, event.code, token_for_display(event), wall.id)
    except preview.PreviewUnavailable as exc:
        return Response(str(exc), status=503, mimetype="text/plain")
    name = "".join(
        ch if ch.isascii() and ch.isalnum() else "-" for ch in f"{event.code}-{wall.name}"
    )
    return Response(
        png,
        mimetype="image/png",
        headers={
            "Content-Disposition": f'attachment; filename="{name}-preview.png"',
            "Cache-Control": "no-store",
        },
    )
