"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C vc-di-eddsa), pure code.

The steps are the specification's, and the test vectors of its example key reproduce its
published signature byte for byte (tests/credentials/test_dataintegrity.py):

1. Canonicalise the document without its proof, and the proof options (the proof without
   ``proofValue``, given the document's ``@context``), with RDF Dataset Canonicalization
   (RDFC-1.0, which is URDNA2015 made a standard; pyld implements it) into N-Quads.
2. Hash each with SHA-256; the data to sign is hash(proof options) + hash(document).
3. Sign with Ed25519; ``proofValue`` is the signature in multibase base58btc.

Canonicalisation is the slow step; the proof options repeat across a batch signed in the same
second with the same key, so their hash is memoised (same input, same bytes).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld
from pyld.jsonld import JsonLdError

from hackkit.credentials.documents import UnknownContextError, load_document
from hackkit.credentials.multikey import KeyFormatError, decode_multibase, encode_multibase

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"

# Resolves a verification method id to a raw Ed25519 public key and the DID that controls it,
# or None when the method is unknown.
KeyResolver = Callable[[str], "tuple[bytes, str] | None"]


class ProofError(ValueError):
    """A document that cannot be signed or checked (bad shape, unknown context)."""


@dataclass(frozen=True)
class ProofCheck:
    """The outcome of checking a proof: ``ok``, or the reason it was refused."""

    ok: bool
    reason: str = ""
    controller: str | None = None  # the DID whose key signed, when the key was known


def canonical_nquads(document: dict[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, offline."""
    try:
        return jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": load_document,
                # Safe mode refuses terms the contexts do not define instead of dropping them
                # silently: a dropped term would be unsigned text a reader still sees.
                "safe": True,
            },
        )
    except UnknownContextError as error:
        raise ProofError(str(error)) from error
    except JsonLdError as error:
        cause: BaseException | None = error
        while cause is not None:  # pyld wraps the loader's error, sometimes several times
            if isinstance(cause, UnknownContextError):
                raise ProofError(str(cause)) from error
            cause = getattr(cause, "cause", None) or cause.__cause__ or cause.__context__
        raise ProofError(f"not valid JSON-LD: {error.type or error}") from error


@lru_cache(maxsize=64)
def _hash_options_text(options_json: str) -> bytes:
    return hashlib.sha256(canonical_nquads(json.loads(options_json)).encode("utf-8")).digest()


def _hash_proof_options(options: dict[str, Any]) -> bytes:
    return _hash_options_text(json.dumps(options, sort_keys=True, separators=(",", ":")))


def hash_data(unsecured: dict[str, Any], options: dict[str, Any]) -> bytes:
    """The 64 bytes eddsa-rdfc-2022 signs: hash(proof options) + hash(document)."""
    document_hash = hashlib.sha256(canonical_nquads(unsecured).encode("utf-8")).digest()
    return _hash_proof_options(options) + document_hash


def proof_options(
    document: dict[str, Any], verification_method: str, created: str
) -> dict[str, Any]:
    """The proof without its value, carrying the document's context (as the suite says)."""
    return {
        "@context": document["@context"],
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }


def sign(
    document: dict[str, Any], private_key: bytes, verification_method: str, created: str
) -> dict[str, Any]:
    """A copy of ``document`` with an eddsa-rdfc-2022 proof by ``private_key`` (32 bytes)."""
    if "@context" not in document:
        raise ProofError("a credential needs an @context")
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = proof_options(unsecured, verification_method, created)
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(
        hash_data(unsecured, options)
    )
    proof = {key: value for key, value in options.items() if key != "@context"}
    proof["proofValue"] = encode_multibase(signature)
    return {**copy.deepcopy(unsecured), "proof": proof}


def verify(document: dict[str, Any], resolve_key: KeyResolver) -> ProofCheck:
    """Check the document's one eddsa-rdfc-2022 proof; never raises on bad input."""
    if not isinstance(document, dict) or "@context" not in document:
        return ProofCheck(False, "This is not a credential (no @context).")
    proof = document.get("proof")
    if not isinstance(proof, dict):
        return ProofCheck(False, "The credential carries no proof.")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(False, f"The proof is not a {CRYPTOSUITE} Data Integrity proof.")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return ProofCheck(False, "The proof is not made for asserting a credential.")
    method, created, value = (
        proof.get("verificationMethod"),
        proof.get("created"),
        proof.get("proofValue"),
    )
    if not all(isinstance(item, str) for item in (method, created, value)):
        return ProofCheck(False, "The proof lacks its key, date or value.")
    resolved = resolve_key(method)  # type: ignore[arg-type]
    if resolved is None:
        return ProofCheck(False, "The key that signed it is unknown here.")
    public_key, controller = resolved
    try:
        signature = decode_multibase(value)  # type: ignore[arg-type]
        unsecured = {key: item for key, item in document.items() if key != "proof"}
        options = {**{k: v for k, v in proof.items() if k != "proofValue"}}
        options["@context"] = unsecured["@context"]
        data = hash_data(unsecured, options)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (KeyFormatError, ProofError) as error:
        return ProofCheck(False, f"The credential cannot be read: {error}", controller)
    except (InvalidSignature, ValueError):
        return ProofCheck(False, "The signature does not match: it was changed.", controller)
    return ProofCheck(True, "", controller)
