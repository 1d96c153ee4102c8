"""The verdict's checks, one by one, on credentials signed here with a key of the test's own."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest

from hackkit.credentials import dataintegrity, openbadge
from hackkit.credentials.achievements import DEFAULTS, awards_for_event
from hackkit.credentials.keys import KeyRing
from hackkit.credentials.verification import verify_credential

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)


@pytest.fixture
def ring(tmp_path) -> KeyRing:
    return KeyRing(tmp_path, None)


def _signed(ring: KeyRing, **dates: str) -> dict:
    award = awards_for_event("Hack Night", [(1, "Ada")], [], [], [])[0]
    key = ring.signing_key
    unsigned = openbadge.build_credential(
        award=award,
        definition=DEFAULTS["participated"],
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
        issuer={"id": ring.issuer_id(key), "type": ["Profile"], "name": "Hack Night"},
        valid_from=dates.get("valid_from", "2026-12-08T00:00:00Z"),
        achievement_id="http://hack.test/credentials/achievements/1/participated/event",
        image_url="http://hack.test/credentials/images/1/participated.png",
        status=openbadge.status_entry("http://hack.test/credentials/status/1", 0),
        valid_until=dates.get("valid_until"),
    )
    return dataintegrity.sign(unsigned, key.private, ring.method_id(key), "2026-12-08T00:00:00Z")


def _checks(ring: KeyRing, document: dict, revoked: bool | None = False, now=NOW) -> dict:
    verdict = verify_credential(
        document,
        resolve_key=ring.resolve,
        known_issuers=ring.known_issuers(),
        read_status=lambda _entry: revoked,
        now=now,
    )
    return {"valid": verdict.valid, **{c.name: c.ok for c in verdict.checks}}


def test_a_fresh_credential_passes_every_check(ring) -> None:
    checks = _checks(ring, _signed(ring))
    assert checks == {
        "valid": True,
        "format": True,
        "signature": True,
        "issuer": True,
        "dates": True,
        "revocation": True,
    }


def test_an_expired_credential_is_refused(ring) -> None:
    document = _signed(ring, valid_until="2026-12-08T06:00:00Z")
    assert _checks(ring, document)["dates"] is False
    assert _checks(ring, document, now=NOW - timedelta(hours=8))["valid"] is True


def test_a_credential_not_valid_yet_is_refused(ring) -> None:
    assert _checks(ring, _signed(ring, valid_from="2027-01-01T00:00:00Z"))["dates"] is False


def test_a_revoked_credential_is_genuine_but_does_not_stand(ring) -> None:
    checks = _checks(ring, _signed(ring), revoked=True)
    assert checks["signature"] is True and checks["revocation"] is False
    assert checks["valid"] is False


def test_an_unreadable_status_list_is_reported_not_failed(ring) -> None:
    checks = _checks(ring, _signed(ring), revoked=None)
    assert checks["revocation"] is None and checks["valid"] is True


def test_an_issuer_that_does_not_match_the_signing_key_is_refused(ring, tmp_path) -> None:
    other = KeyRing(tmp_path / "other", None)
    document = _signed(ring)
    document["issuer"]["id"] = other.issuer_id()
    checks = _checks(ring, document)
    assert checks["signature"] is False  # the issuer is part of what was signed


@pytest.mark.parametrize("junk", [None, [], "text", {}, {"@context": 5, "proof": "x"}])
def test_junk_never_raises(ring, junk) -> None:
    assert _checks(ring, junk)["valid"] is False


def _paths(value, prefix=()):
    """Every path to a text value in a document (proofValue aside: that is the signature)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))
    elif isinstance(value, str) and prefix[-1] != "proofValue":
        yield prefix


def test_changing_any_text_of_the_credential_is_refused(tmp_path) -> None:
    """Every text field, changed by one character, breaks the signature (or the format)."""
    ring = KeyRing(tmp_path, None)
    document = _signed(ring)
    paths = list(_paths(document))
    assert len(paths) > 20
    for path in paths:
        changed = copy.deepcopy(document)
        holder = changed
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = holder[path[-1]] + "x"
        checks = _checks(ring, changed)
        assert checks["valid"] is False, path
