"""The app side of credentials: the instance's key ring, and verifying against this instance.

Verifying reads revocation from this instance's own database when the status list is one of
its own (``/credentials/status/<event id>``), so the check needs no request to itself and
works offline; a list of another issuer cannot be read here and is reported as unchecked.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.credentials import baking
from hackkit.credentials.keys import KeyRing
from hackkit.credentials.models import Credential
from hackkit.credentials.verification import Verdict, verify_credential

STATUS_PATH = re.compile(r"/credentials/status/(\d{1,12})$")
UPLOAD_MAX = 2 * 1024 * 1024  # a baked badge is the picture (~30 KB) plus the credential


class CredentialInputError(ValueError):
    """Input that holds no credential to check."""


def keyring_for(instance_path: Any, public_url: str | None) -> KeyRing:
    """A key ring for an instance folder (the command line builds one without an app)."""
    return KeyRing(instance_path, public_url)


def app_keyring() -> KeyRing:
    """The running app's key ring (one per app, so the keys are read once)."""
    ring = current_app.extensions.get("hackkit.credentials.keyring")
    if ring is None:
        settings = current_app.config["HACKKIT"]
        ring = keyring_for(settings.instance_path, settings.public_url)
        current_app.extensions["hackkit.credentials.keyring"] = ring
    return ring


def status_reader(session: Session):
    """Reads a credentialStatus entry from this instance's database."""

    def read(entry: dict[str, Any]) -> bool | None:
        url = entry.get("statusListCredential")
        index = entry.get("statusListIndex")
        match = STATUS_PATH.search(urlsplit(url).path) if isinstance(url, str) else None
        if match is None or not isinstance(index, str) or not index.isdigit():
            return None
        row = session.scalars(
            select(Credential).where(
                Credential.event_id == int(match.group(1)),
                Credential.status_index == int(index),
            )
        ).first()
        if row is None:
            return None
        return row.revoked_at is not None

    return read


def verify(session: Session, ring: KeyRing, document: Any) -> Verdict:
    """Every check on ``document`` as this instance sees it."""
    return verify_credential(
        document,
        resolve_key=ring.resolve,
        known_issuers=ring.known_issuers(),
        read_status=status_reader(session),
        now=datetime.now(UTC),
    )


def credential_from_bytes(data: bytes) -> dict[str, Any]:
    """The credential in an uploaded file: its JSON, or a baked PNG or SVG badge."""
    if len(data) > UPLOAD_MAX:
        raise CredentialInputError("That file is too large to be a credential.")
    try:
        if data.startswith(baking.PNG_SIGNATURE):
            text = baking.unbake_png(data)
        else:
            text = data.decode("utf-8")
            if text.lstrip().startswith("<"):
                text = baking.unbake_svg(text)
    except (baking.BakingError, UnicodeDecodeError) as error:
        raise CredentialInputError(f"No credential found: {error}.") from error
    return credential_from_text(text)


def credential_from_text(text: str) -> dict[str, Any]:
    """A pasted credential's JSON object."""
    try:
        value = json.loads(text)
    except ValueError as error:
        raise CredentialInputError("That is not JSON: paste the whole credential.") from error
    if not isinstance(value, dict):
        raise CredentialInputError("A credential is a JSON object.")
    return value
