"""Payloads of the credential actions, every field capped."""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field, field_validator

from hackkit.credentials.models import REASON_MAX
from hackkit.schemas import Id, Payload

CREDENTIAL_JSON_MAX = 64 * 1024  # a credential is ~2 KB; a pasted one beyond this is not ours


class IssueCredentials(Payload):
    """Issue every credential earned and not issued yet, or only one participant's."""

    participant_id: Id | None = None


class RevokeCredential(Payload):
    reason: str = Field(default="", max_length=REASON_MAX)


class VerifyCredential(Payload):
    """A credential to check, as the JSON object it is."""

    credential: dict[str, Any]

    @field_validator("credential")
    @classmethod
    def _capped(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value)) > CREDENTIAL_JSON_MAX:
            raise ValueError(f"a credential is at most {CREDENTIAL_JSON_MAX} bytes")
        return value
