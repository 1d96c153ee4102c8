"""Checking a credential as any verifier would: proof, issuer, dates, revocation. Pure code.

The checks are the VC Data Model 2.0 and Open Badges 3.0 ones, each reported on its own so the
verify page can say what failed: a changed character breaks the proof, a credential signed by
someone else's key names an unknown issuer, a revoked one is still genuine but no longer
stands. The caller supplies how keys resolve and how a status list is read (the app reads its
own database; the offline command line reads the instance folder), so nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from hackkit.credentials import dataintegrity
from hackkit.credentials.dataintegrity import KeyResolver

# Tells whether the credentialStatus entry is set (revoked): True, False, or None when the
# list cannot be read here.
StatusReader = Callable[[dict[str, Any]], "bool | None"]


@dataclass(frozen=True)
class Check:
    """One line of the verdict: what was checked, whether it passed, and why not."""

    name: str
    ok: bool | None  # None: could not be checked here
    message: str


@dataclass
class Verdict:
    """Whether a credential stands, each check, and what it says (for the page)."""

    valid: bool
    checks: list[Check] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "checks": [asdict(check) for check in self.checks],
            "summary": self.summary,
        }


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(value: Any, limit: int = 600) -> str:
    return value[:limit] if isinstance(value, str) else ""


def summarise(document: dict[str, Any]) -> dict[str, Any]:
    """What the credential claims, as plain text for people (never trusted as HTML)."""
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    criteria = achievement.get("criteria")
    issuer = document.get("issuer")
    issuer = issuer if isinstance(issuer, dict) else {"id": issuer}
    image = achievement.get("image")
    return {
        "name": _text(document.get("name"), 120),
        "achievement": _text(achievement.get("name"), 120),
        "description": _text(achievement.get("description")),
        "criteria": _text(criteria.get("narrative")) if isinstance(criteria, dict) else "",
        "recipient": _text(subject.get("name"), 60),
        "issuer_name": _text(issuer.get("name"), 120),
        "issuer_id": _text(issuer.get("id"), 300),
        "valid_from": _text(document.get("validFrom"), 40),
        "valid_until": _text(document.get("validUntil"), 40),
        "image": _text(image.get("id") if isinstance(image, dict) else image, 300),
    }


def verify_credential(
    document: Any,
    *,
    resolve_key: KeyResolver,
    known_issuers: set[str],
    read_status: StatusReader,
    now: datetime,
) -> Verdict:
    """Every check on one credential; ``valid`` only when none failed."""
    if not isinstance(document, dict):
        return Verdict(False, [Check("format", False, "This is not a credential.")])
    checks: list[Check] = []
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    is_badge = "VerifiableCredential" in types and "OpenBadgeCredential" in types
    checks.append(
        Check(
            "format",
            is_badge,
            "An Open Badges 3.0 credential." if is_badge else "Not an Open Badges credential.",
        )
    )
    proof = dataintegrity.verify(document, resolve_key)
    checks.append(
        Check("signature", proof.ok, "The signature matches." if proof.ok else proof.reason)
    )
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not proof.ok:
        checks.append(Check("issuer", None, "Not checked: the signature does not hold."))
    elif proof.controller != issuer_id:
        checks.append(Check("issuer", False, "It was signed by a key of someone else."))
    elif issuer_id not in known_issuers:
        checks.append(Check("issuer", False, f"Issued by {issuer_id}, not by this instance."))
    else:
        checks.append(Check("issuer", True, f"Issued by this instance ({issuer_id})."))
    valid_from = _parse_time(document.get("validFrom"))
    valid_until = _parse_time(document.get("validUntil")) if "validUntil" in document else None
    if valid_from is None:
        checks.append(Check("dates", False, "It has no valid issue date."))
    elif valid_from > now:
        checks.append(Check("dates", False, "It is not valid yet."))
    elif "validUntil" in document and (valid_until is None or valid_until < now):
        checks.append(Check("dates", False, "It has expired."))
    else:
        checks.append(Check("dates", True, "It is within its validity dates."))
    status = document.get("credentialStatus")
    if status is None:
        checks.append(Check("revocation", None, "It names no revocation list."))
    elif not isinstance(status, dict) or status.get("statusPurpose") != "revocation":
        checks.append(Check("revocation", False, "Its revocation entry cannot be read."))
    else:
        revoked = read_status(status)
        if revoked is None:
            checks.append(Check("revocation", None, "Its revocation list cannot be read here."))
        elif revoked:
            checks.append(Check("revocation", False, "It has been revoked by its issuer."))
        else:
            checks.append(Check("revocation", True, "It has not been revoked."))
    valid = all(check.ok is not False for check in checks)
    return Verdict(valid, checks, summarise(document))
