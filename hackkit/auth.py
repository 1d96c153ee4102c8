"""Who is acting: signed tokens, and the principal they resolve to.

A token (itsdangerous) names the role, the person or screen, the event and a version number.
Any server process can check the signature; the version is checked against the database so a
facilitator can revoke a participant or a screen, and the revocation holds everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from hackkit.accounts.models import Facilitator
from hackkit.errors import Unauthorised
from hackkit.events.models import Event, Participant
from hackkit.roles import resolve_extra_role  # roles added by later features (jury, mentor)

Role = Literal["facilitator", "participant", "display", "jury", "mentor"]
ROLES: tuple[Role, ...] = ("facilitator", "participant", "display", "jury", "mentor")

# How long a token stays valid. Participant and display links must survive a 24-hour event
# plus the days after it, when people come back to see the results.
MAX_AGE_S: dict[str, int] = {
    "facilitator": 24 * 3600,
    "participant": 30 * 24 * 3600,
    "display": 30 * 24 * 3600,
    "jury": 30 * 24 * 3600,
    "mentor": 30 * 24 * 3600,
    "signin": 15 * 60,
    "rejoin": 30 * 24 * 3600,
}


@dataclass(frozen=True)
class Principal:
    """The resolved actor: role, subject id and (for all but facilitators) the event."""

    role: Role
    subject_id: int
    event_id: int | None
    name: str = ""

    @property
    def key(self) -> str:
        """A stable key for rate limits and logs (never the token)."""
        return f"{self.role}:{self.subject_id}"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"hackkit.{purpose}")


def issue_token(purpose: str, subject_id: int, event_id: int | None, version: int) -> str:
    """Sign a token for ``purpose`` (a role, or "signin" / "rejoin")."""
    return _serializer(purpose).dumps({"s": subject_id, "e": event_id, "v": version})


def read_token(purpose: str, token: str) -> dict[str, int | None]:
    """Check a token's signature and age; raise Unauthorised when it is not good."""
    if not isinstance(token, str) or not token or len(token) > 512:
        raise Unauthorised("Your link is not valid.")
    try:
        claims = _serializer(purpose).loads(token, max_age=MAX_AGE_S[purpose])
    except BadSignature as exc:
        raise Unauthorised("Your link is not valid or has expired.") from exc
    if not isinstance(claims, dict) or not isinstance(claims.get("s"), int):
        raise Unauthorised("Your link is not valid.")
    return claims


def resolve(session: Session, token: str) -> Principal:
    """Turn a bearer token of any role into a Principal, checking revocation in the database."""
    role, _, raw = token.partition(".") if isinstance(token, str) else ("", "", "")
    if role not in ROLES:
        raise Unauthorised("Your link is not valid.")
    claims = read_token(role, raw)
    subject, event_id, version = claims["s"], claims.get("e"), claims.get("v")
    if role == "facilitator":
        facilitator = session.get(Facilitator, subject)
        if facilitator is None or facilitator.token_version != version:
            raise Unauthorised("Please sign in again.")
        return Principal("facilitator", facilitator.id, None, facilitator.username)
    if role == "participant":
        participant = session.get(Participant, subject)
        if (
            participant is None
            or participant.event_id != event_id
            or participant.removed_at is not None
            or participant.token_version != version
        ):
            raise Unauthorised("You are no longer part of this event. Please join again.")
        return Principal(
            "participant", participant.id, participant.event_id, participant.display_name
        )
    if role == "display":
        event = session.get(Event, event_id)
        if event is None or event.display_version != version or subject != event.id:
            raise Unauthorised("This display link is no longer valid.")
        return Principal("display", event.id, event.id, "display")
    return resolve_extra_role(session, role, subject, event_id, version)


def bearer_token(role: Role, subject_id: int, event_id: int | None, version: int) -> str:
    """A bearer token as clients send it: ``<role>.<signed claims>``."""
    return f"{role}.{issue_token(role, subject_id, event_id, version)}"


def token_for_participant(participant: Participant) -> str:
    return bearer_token(
        "participant", participant.id, participant.event_id, participant.token_version
    )


def token_for_display(event: Event) -> str:
    return bearer_token("display", event.id, event.id, event.display_version)


def token_for_facilitator(facilitator: Facilitator) -> str:
    return bearer_token("facilitator", facilitator.id, None, facilitator.token_version)
