"""An Open Badges 3.0 credential (an ``OpenBadgeCredential``, VC Data Model 2.0), pure code.

What the credential says of its holder is only what they agreed to show in the event: their
display name. No email address, no device, no database id.
"""

from __future__ import annotations

from typing import Any

from hackkit.credentials.achievements import (
    ACHIEVEMENT_TYPES,
    CRITERIA_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    Award,
    Definition,
    fill,
)
from hackkit.credentials.documents import OB_V3, VC_V2

CONTEXT = [VC_V2, OB_V3]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]


def status_entry(list_url: str, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` naming this credential's bit in the revocation list."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def build_credential(
    *,
    award: Award,
    definition: Definition,
    credential_id: str,
    issuer: dict[str, Any],
    valid_from: str,
    achievement_id: str,
    image_url: str,
    status: dict[str, Any],
    valid_until: str | None = None,
) -> dict[str, Any]:
    """The unsigned credential for one award."""
    name = fill(definition.name, award.fields, NAME_MAX)
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[award.kind],
        "name": name,
        "description": fill(definition.description, award.fields, DESCRIPTION_MAX),
        "criteria": {"narrative": fill(definition.criteria, award.fields, CRITERIA_MAX)},
        "image": {"id": definition.image or image_url, "type": "Image"},
    }
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": credential_id,
        "type": list(CREDENTIAL_TYPES),
        "name": name,
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": award.recipient_name,
            "achievement": achievement,
        },
        "credentialStatus": status,
    }
    if valid_until:
        credential["validUntil"] = valid_until
    return credential


def status_list_credential(
    *, list_url: str, issuer_id: str, valid_from: str, encoded_list: str
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` the status entries point at."""
    return {
        "@context": [VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }
