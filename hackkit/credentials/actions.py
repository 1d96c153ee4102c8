"""Credential actions: issue (all, or one person's), list, revoke, a phone's own, and verify.

Only the event's facilitator issues and revokes (the access check of the registry: the event
must be theirs); a participant lists only their own; verifying is open to anyone.
"""

from __future__ import annotations

from typing import Any

from hackkit.actions import Ctx, action
from hackkit.credentials import issuing, service
from hackkit.credentials.schemas import IssueCredentials, RevokeCredential, VerifyCredential
from hackkit.extensions import socketio
from hackkit.pages import public_base

FACILITATOR = {"facilitator"}
PARTICIPANT = {"participant"}


@action(
    "credentials.issue",
    roles=FACILITATOR,
    body=IssueCredentials,
    http="POST /api/events/<int:event_id>/credentials/issue",
    cost=5.0,
)
def issue_credentials(ctx: Ctx, body: IssueCredentials) -> dict[str, Any]:
    """Issue every credential the event's data earns and that is not issued yet."""
    rows = issuing.issue(
        ctx.session,
        ctx.event,
        service.app_keyring(),
        public_base(),
        issuing.event_definitions(ctx.event),
        participant_id=body.participant_id,
        pause=lambda: socketio.sleep(0),
    )
    return {
        "issued": len(rows),
        "credentials": [issuing.credential_dict(row) for row in rows],
    }


@action(
    "credentials.list",
    roles=FACILITATOR,
    http="GET /api/events/<int:event_id>/credentials",
)
def list_credentials(ctx: Ctx) -> dict[str, Any]:
    """Every credential issued in the event, and how many more are earned but not issued."""
    rows = issuing.event_credentials(ctx.session, ctx.event.id)
    return {
        "credentials": [issuing.credential_dict(row) for row in rows],
        "pending": issuing.pending_count(ctx.session, ctx.event),
    }


@action(
    "credentials.revoke",
    roles=FACILITATOR,
    body=RevokeCredential,
    http="POST /api/events/<int:event_id>/credentials/<int:credential_id>/revoke",
)
def revoke_credential(ctx: Ctx, body: RevokeCredential, credential_id: int) -> dict[str, Any]:
    """Revoke a credential: verifiers see it as revoked from now on."""
    row = issuing.revoke(ctx.session, ctx.event, credential_id, body.reason)
    return issuing.credential_dict(row)


@action(
    "credentials.mine",
    roles=PARTICIPANT,
    http="GET /api/events/<int:event_id>/credentials/mine",
)
def my_credentials(ctx: Ctx) -> dict[str, Any]:
    """The calling participant's own credentials, with the signed documents."""
    rows = issuing.event_credentials(ctx.session, ctx.event.id, ctx.principal.subject_id)
    return {"credentials": [issuing.credential_dict(row, with_document=True) for row in rows]}


@action(
    "credentials.verify",
    roles=None,
    body=VerifyCredential,
    http="POST /api/credentials/verify",
    socket=False,
    cost=3.0,
)
def verify_credential(ctx: Ctx, body: VerifyCredential) -> dict[str, Any]:
    """Check a credential: signature, issuer, dates and revocation (anyone may ask)."""
    return service.verify(ctx.session, service.app_keyring(), body.credential).as_dict()
