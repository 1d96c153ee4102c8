"""Voting pages: the phone's vote page (participants and jurors), the jury invite link, the
results screen for a display, and the console's voting section with its audit downloads.

Pages are shells: ``voting/vote.js``, ``voting/results.js`` and ``voting/console-voting.js``
draw everything from the snapshot and the live updates.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from hackkit import pages
from hackkit.auth import resolve, token_for_display, token_for_facilitator
from hackkit.errors import ServiceError
from hackkit.events.models import Participant
from hackkit.extensions import db
from hackkit.pages import PhoneSection, add_phone_section, current_facilitator, page
from hackkit.playbooks.commands import default_dirs
from hackkit.playbooks.library import load_library
from hackkit.voting import audit
from hackkit.voting.jury import token_for_juror
from hackkit.voting.models import JuryMember

bp = Blueprint("voting", __name__)


@bp.route("/e/<code>/vote")
@page("participant")
def vote_page(code: str):
    """The phone's voting page: open ballots, the method's controls, the results when out.

    Jurors reach the same page from their invite link (their cookie is checked here too).
    """
    event = pages.event_or_404(code)
    found = pages.principal_from_cookie(event, "jury")
    if found is None:
        found = pages.principal_from_cookie(event, "participant")
    if found is None:
        return redirect(url_for("events.join_code", code=event.code))
    principal, token = found
    if principal.role == "jury":
        me = {"id": principal.subject_id, "name": principal.name, "role": "jury"}
    else:
        participant = db.session.get(Participant, principal.subject_id)
        me = {"id": participant.id, "name": participant.display_name, "role": "participant"}
    boot = {"token": token, "eventId": event.id, "code": event.code, "me": me}
    return render_template("voting/vote.html", event=event, boot=boot, juror=me["role"] == "jury")


@bp.route("/e/<code>/jury/<token>")
@page("public")
def jury_invite(code: str, token: str):
    """A juror's personal invite link: remember them on this device, then open the vote page."""
    event = pages.event_or_404(code)
    try:
        principal = resolve(db.session(), f"jury.{token}")
    except ServiceError as exc:
        return render_template("voting/jury_denied.html", event=event, message=exc.message), 401
    if principal.event_id != event.id:
        return render_template(
            "voting/jury_denied.html", event=event, message=_("This link is for another event.")
        ), 401
    member = db.session.get(JuryMember, principal.subject_id)
    response = redirect(url_for("voting.vote_page", code=event.code))
    pages.remember_principal(response, event, "jury", token_for_juror(member))
    return response


@bp.route("/e/<code>/results")
@page("display")
def results_screen(code: str):
    """A big-screen view of a ballot's turnout and result (``?key=`` is the display link's key).

    ``ballot`` picks the ballot; without it the screen follows the most recent open or
    revealed one.
    """
    event = pages.event_or_404(code)
    key = request.args.get("key", "")
    if pages.event_principal(event, key, "display") is None:
        return render_template("events/display_denied.html"), 403
    ballot = request.args.get("ballot", type=int)
    boot = {"token": key, "eventId": event.id, "ballotId": ballot}
    return render_template("voting/results.html", event=event, boot=boot)


@bp.route("/console/events/<int:event_id>/voting")
@page("facilitator")
def console_voting(event_id: int):
    """The console's voting section: ballots, live turnout and tallies, jury, exports."""
    event = pages.owned_event_or_404(event_id)
    boot = {
        "token": token_for_facilitator(current_facilitator()),
        "eventId": event.id,
        "code": event.code,
        "publicBase": pages.public_base(),
        "resultsUrl": f"{pages.public_base()}{url_for('voting.results_screen', code=event.code)}"
        f"?key={token_for_display(event)}",
        "rubrics": _rubric_choices(),
    }
    return render_template("voting/console.html", event=event, boot=boot)


@bp.route("/console/events/<int:event_id>/judging")
@page("facilitator")
def console_judging(event_id: int):
    """The console's judging section: the switch, the plan, progress per judge, conflicts."""
    event = pages.owned_event_or_404(event_id)
    boot = {"token": token_for_facilitator(current_facilitator()), "eventId": event.id}
    return render_template("voting/judging.html", event=event, boot=boot)


def _rubric_choices() -> list[dict[str, str]]:
    """The playbook's rubrics, for the ballot form (none when the library cannot be read)."""
    try:
        rubrics = load_library(default_dirs()).rubrics
    except Exception:  # the console must open even with a broken playbook folder
        return []
    return [{"key": key, "title": rubric.title} for key, rubric in sorted(rubrics.items())]


@bp.route("/console/events/<int:event_id>/voting/<int:ballot_id>/export.<kind>")
@page("facilitator")
def console_export(event_id: int, ballot_id: int, kind: str):
    """Download a ballot's anonymised audit export as CSV or JSON."""
    if kind not in ("csv", "json"):
        abort(404)
    event = pages.owned_event_or_404(event_id)
    try:
        export = audit.export_ballot(db.session(), event, ballot_id)
    except ServiceError:
        abort(404)
    name = f"ballot-{ballot_id}.{kind}"
    if kind == "csv":
        body, mimetype = audit.export_csv(export), "text/csv"
    else:
        body, mimetype = json.dumps(export, indent=2, ensure_ascii=False), "application/json"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


add_phone_section(PhoneSection("/vote", lambda: _("Vote"), 40))
