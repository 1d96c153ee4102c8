"""eddsa-rdfc-2022 against the W3C vc-di-eddsa specification's published test vector.

The key pair and signed credential below are the specification's example (section "Representation:
eddsa-rdfc-2022", also shipped as test vectors by its editors' implementation): reproducing its
signature byte for byte, and verifying it, is what makes another verifier accept ours.
"""

from __future__ import annotations

import copy

import pytest

from hackkit.credentials import dataintegrity
from hackkit.credentials.documents import register_document
from hackkit.credentials.multikey import decode_multibase, did_key_public_key, public_key_bytes

PUBLIC_MULTIKEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SECRET_MULTIKEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
METHOD = f"did:key:{PUBLIC_MULTIKEY}#{PUBLIC_MULTIKEY}"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"

UNSIGNED = {
    "@context": ["https://www.w3.org/ns/credentials/v2", EXAMPLES_CONTEXT],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": METHOD,
    "proofPurpose": "assertionMethod",
    "proofValue": (
        "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
    ),
}


@pytest.fixture(autouse=True)
def _examples_context() -> None:
    # The specification's example vocabulary; production ships no such context.
    register_document(
        EXAMPLES_CONTEXT, {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}
    )


def _resolve(method: str) -> tuple[bytes, str] | None:
    return did_key_public_key(method), method.split("#")[0]


def _secret_key() -> bytes:
    data = decode_multibase(SECRET_MULTIKEY)
    assert data[:2] == b"\x80\x26"  # multicodec: Ed25519 private key
    return data[2:]


def test_signing_the_specification_example_gives_its_published_proof() -> None:
    signed = dataintegrity.sign(UNSIGNED, _secret_key(), METHOD, PROOF["created"])
    assert signed["proof"] == PROOF


def test_the_specification_example_verifies() -> None:
    check = dataintegrity.verify({**UNSIGNED, "proof": PROOF}, _resolve)
    assert check.ok, check.reason
    assert check.controller == f"did:key:{PUBLIC_MULTIKEY}"


def test_a_changed_claim_is_refused() -> None:
    tampered = copy.deepcopy({**UNSIGNED, "proof": PROOF})
    tampered["credentialSubject"]["alumniOf"] = "The School of Forgery"
    check = dataintegrity.verify(tampered, _resolve)
    assert not check.ok
    assert "changed" in check.reason


def test_a_changed_proof_date_is_refused() -> None:
    tampered = {**UNSIGNED, "proof": {**PROOF, "created": "2024-02-24T23:36:38Z"}}
    assert not dataintegrity.verify(tampered, _resolve).ok


def test_an_unknown_context_is_refused_not_fetched() -> None:
    foreign = {**UNSIGNED, "@context": [*UNSIGNED["@context"], "https://evil.example/ctx"]}
    check = dataintegrity.verify({**foreign, "proof": PROOF}, _resolve)
    assert not check.ok
    assert "unknown JSON-LD context" in check.reason


def test_an_unknown_key_is_refused() -> None:
    check = dataintegrity.verify({**UNSIGNED, "proof": PROOF}, lambda _method: None)
    assert not check.ok
    assert "unknown" in check.reason


def test_multikey_round_trip() -> None:
    key = public_key_bytes(PUBLIC_MULTIKEY)
    assert len(key) == 32
    from hackkit.credentials.multikey import public_multikey

    assert public_multikey(key) == PUBLIC_MULTIKEY
