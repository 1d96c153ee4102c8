"""Credential pages and documents.

Public: the verify page (paste, upload, or a QR code's ``/credentials/verify/<uid>``), the
issuer's DID document (``/.well-known/did.json``, with a public URL) and profile, each event's
revocation list, and the badge images. A phone: ``/e/<code>/badges`` and its own downloads.
The console: ``/console/events/<id>/credentials`` and downloads of any of the event's.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from hackkit.auth import token_for_facilitator
from hackkit.credentials import artwork, baking, dataintegrity, issuing, openbadge, service
from hackkit.credentials.achievements import KINDS
from hackkit.credentials.models import Credential
from hackkit.credentials.schemas import CREDENTIAL_JSON_MAX
from hackkit.credentials.service import CredentialInputError
from hackkit.credentials.statuslist import encode
from hackkit.events.models import Event
from hackkit.extensions import csrf, db
from hackkit.pages import (
    PhoneSection,
    add_phone_section,
    current_facilitator,
    event_or_404,
    owned_event_or_404,
    page,
    principal_from_cookie,
    public_base,
)
from hackkit.ratelimit import KeyedLimiter

bp = Blueprint("credentials", __name__)

# A check is a few milliseconds of CPU (canonicalisation); a room of people verifying at once
# is fine, a script posting in a loop from one address is not.
_verify_limiter = KeyedLimiter(rate=2.0, burst=30)

FORMATS = ("json", "png", "svg", "pdf")
JSON_LD = "application/ld+json"
UID_PATTERN = "<uuid:uid>"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the issuer ------------------------------------------------------------------------------


@bp.route("/.well-known/did.json")
@page("public")
def did_document() -> ResponseReturnValue:
    """The did:web DID document: the issuer's keys, retired ones too (only with a public URL)."""
    ring = service.app_keyring()
    if not ring.public_url:
        abort(404)
    return Response(json.dumps(ring.did_document(), indent=1), mimetype="application/did+json")


@bp.route("/credentials/issuer")
@page("public")
def issuer_profile() -> ResponseReturnValue:
    """The issuer's id and every public key it has signed with."""
    ring = service.app_keyring()
    body = {
        "id": ring.issuer_id(),
        "type": ["Profile"],
        "name": "hackkit",
        "keys": [
            {
                "id": ring.method_id(key),
                "controller": ring.issuer_id(key),
                "type": "Multikey",
                "publicKeyMultibase": key.multikey,
                "created": key.created,
                "retired": key.retired,
            }
            for key in ring.all_keys()
        ],
    }
    return Response(json.dumps(body, indent=1), mimetype="application/json")


@bp.route("/credentials/status/<int:event_id>")
@page("public")
def status_list(event_id: int) -> ResponseReturnValue:
    """The event's revocation list, a signed BitstringStatusListCredential."""
    session = db.session()
    if session.get(Event, event_id) is None:
        abort(404)
    ring = service.app_keyring()
    key = ring.signing_key
    now = _iso(datetime.now(UTC))
    unsigned = openbadge.status_list_credential(
        list_url=issuing.status_list_url(public_base(), event_id),
        issuer_id=ring.issuer_id(key),
        valid_from=now,
        encoded_list=encode(issuing.revoked_indexes(session, event_id)),
    )
    signed = dataintegrity.sign(unsigned, key.private, ring.method_id(key), now)
    response = Response(json.dumps(signed, indent=1), mimetype="application/vc+ld+json")
    response.headers["Cache-Control"] = "no-cache"  # a revocation shows at once
    return response


@bp.route("/credentials/images/<int:event_id>/<kind>.png")
@page("public")
def badge_image(event_id: int, kind: str) -> ResponseReturnValue:
    """The badge picture of an achievement kind in an event."""
    event = db.session.get(Event, event_id)
    if event is None or kind not in KINDS:
        abort(404)
    response = Response(artwork.badge_png(kind, event.name), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# --- verifying -------------------------------------------------------------------------------


def _render_verdict(document: Any, *, error: str | None = None, pasted: str = "", status=200):
    verdict = None
    if document is not None:
        verdict = service.verify(db.session(), service.app_keyring(), document).as_dict()
    html = render_template(
        "credentials/verify.html",
        verdict=verdict,
        error=error,
        pasted=pasted,
        max_chars=CREDENTIAL_JSON_MAX,
    )
    return html, status


@bp.route("/credentials/verify", methods=["GET", "POST"])
@page("public")
@csrf.exempt  # it only reads what it is sent: another site posting a credential here harms no one
def verify_page() -> ResponseReturnValue:
    """Check a credential: paste its JSON or upload it (JSON, or a baked PNG or SVG badge)."""
    if request.method == "GET":
        return _render_verdict(None)
    if _verify_limiter.take(request.remote_addr or "?"):
        return _render_verdict(None, error="Too many checks at once: wait a moment.", status=429)
    upload = request.files.get("file")
    pasted = request.form.get("credential", "")[:CREDENTIAL_JSON_MAX]
    try:
        if upload is not None and upload.filename:
            document = service.credential_from_bytes(upload.read(service.UPLOAD_MAX + 1))
        elif pasted.strip():
            document = service.credential_from_text(pasted)
        else:
            raise CredentialInputError("Paste a credential or choose a file.")
    except CredentialInputError as error:
        return _render_verdict(None, error=str(error), pasted=pasted, status=400)
    return _render_verdict(document, pasted=pasted)


@bp.route(f"/credentials/verify/{UID_PATTERN}")
@page("public")
def verify_issued(uid: Any) -> ResponseReturnValue:
    """What a certificate's QR code opens: the stored credential, checked in full."""
    # The first issued: a copy of an event (from its archive) holds the same documents.
    row = db.session.query(Credential).filter_by(uid=str(uid)).order_by(Credential.id).first()
    if row is None:
        return _render_verdict(
            None, error="No credential with that number was issued here.", status=404
        )
    if not row.document:
        # The event's personal data was deleted: the holder's own copy still verifies here.
        return _render_verdict(
            None, error="This instance no longer keeps a copy: check the holder's file.", status=404
        )
    return _render_verdict(json.loads(row.document))


# --- downloads -------------------------------------------------------------------------------


def _download(row: Credential, fmt: str) -> Response:
    """The credential as JSON, a baked PNG or SVG badge, or a PDF certificate."""
    if fmt not in FORMATS or not row.document:
        abort(404)
    event = db.session.get(Event, row.event_id)
    name = f"{row.kind}-{row.uid[:8]}.{fmt}"
    if fmt == "json":
        body: bytes | str = row.document
        mimetype = JSON_LD
    elif fmt == "png":
        body = baking.bake_png(artwork.badge_png(row.kind, event.name), row.document)
        mimetype = "image/png"
    elif fmt == "svg":
        body = baking.bake_svg(artwork.badge_svg(row.kind, event.name), row.document)
        mimetype = "image/svg+xml"
    else:
        document = json.loads(row.document)
        from hackkit.credentials.certificate import certificate_pdf

        body = certificate_pdf(
            recipient=row.recipient_name,
            title=row.title,
            description=document["credentialSubject"]["achievement"]["description"],
            event_name=event.name,
            issued=_iso(row.issued_at)[:10],
            issuer_id=document["issuer"]["id"],
            verify_url=public_base() + url_for("credentials.verify_issued", uid=row.uid),
            kind=row.kind,
        )
        mimetype = "application/pdf"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _phone(code: str):
    event = event_or_404(code)
    found = principal_from_cookie(event, "participant")
    return event, found


@bp.route("/e/<code>/badges")
@page("participant")
def phone_badges(code: str) -> ResponseReturnValue:
    """A participant's credentials, each to download as a badge, a certificate or JSON."""
    event, found = _phone(code)
    if found is None:
        return redirect(url_for("events.join_code", code=event.code))
    principal, token = found
    rows = issuing.event_credentials(db.session(), event.id, principal.subject_id)
    boot = {"token": token, "eventId": event.id, "code": event.code}
    return render_template(
        "credentials/phone.html", event=event, boot=boot, credentials=rows, formats=FORMATS
    )


@bp.route("/e/<code>/badges/<int:credential_id>.<fmt>")
@page("participant")
def phone_download(code: str, credential_id: int, fmt: str) -> ResponseReturnValue:
    """One of the phone's own credentials; anyone else's is a plain 404."""
    event, found = _phone(code)
    row = db.session.get(Credential, credential_id)
    if (
        found is None
        or row is None
        or row.event_id != event.id
        or row.participant_id != found[0].subject_id
    ):
        abort(404)
    return _download(row, fmt)


@bp.route("/console/events/<int:event_id>/credentials")
@page("facilitator")
def console_credentials(event_id: int) -> ResponseReturnValue:
    """Issue, list and revoke the event's credentials."""
    event = owned_event_or_404(event_id)
    session = db.session()
    rows = issuing.event_credentials(session, event.id)
    boot = {
        "token": token_for_facilitator(current_facilitator()),
        "eventId": event.id,
        "code": event.code,
    }
    ring = service.app_keyring()
    people = issuing.pending_people(session, event)
    return render_template(
        "credentials/console.html",
        event=event,
        boot=boot,
        credentials=rows,
        pending=issuing.pending_count(session, event),
        pending_people=people,
        issuer_id=ring.issuer_id(),
        did_web=bool(ring.public_url),
        formats=FORMATS,
    )


@bp.route("/console/events/<int:event_id>/credentials/<int:credential_id>.<fmt>")
@page("facilitator")
def console_download(event_id: int, credential_id: int, fmt: str) -> ResponseReturnValue:
    """Any credential of the facilitator's event (a juror's is handed over this way)."""
    event = owned_event_or_404(event_id)
    row = db.session.get(Credential, credential_id)
    if row is None or row.event_id != event.id:
        abort(404)
    return _download(row, fmt)


def _has_credentials(event) -> bool:
    """The tab appears once the event has issued credentials."""
    from sqlalchemy import select

    from hackkit.credentials.models import Credential

    found = select(Credential.id).where(Credential.event_id == event.id)
    return db.session.execute(found.limit(1)).first() is not None


add_phone_section(PhoneSection("/badges", lambda: _("Badges"), 60, _has_credentials))
