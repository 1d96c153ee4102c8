"""Ed25519 public keys as Multikey strings and ``did:key`` identifiers.

A Multikey is ``z`` (multibase: base58btc) + base58(0xed 0x01 + the 32 key bytes), the
multicodec prefix that says "Ed25519 public key". ``did:key:<multikey>`` is a DID whose document
follows from the key alone, so a did:key credential verifies with no lookup at all.
"""

from __future__ import annotations

import base58

ED25519_PUB_PREFIX = b"\xed\x01"
MULTIBASE_BASE58BTC = "z"
MULTIKEY_MAX = 64  # longest multikey string accepted when parsing


class KeyFormatError(ValueError):
    """A string that is not an Ed25519 Multikey or did:key."""


def encode_multibase(data: bytes) -> str:
    """Multibase base58btc (the ``z`` prefix), as proof values and keys use."""
    return MULTIBASE_BASE58BTC + base58.b58encode(data).decode("ascii")


def decode_multibase(text: str) -> bytes:
    """Bytes of a base58btc multibase string; anything else is refused."""
    if not isinstance(text, str) or not text.startswith(MULTIBASE_BASE58BTC):
        raise KeyFormatError("not a base58btc multibase value")
    try:
        return base58.b58decode(text[1:])
    except ValueError as error:
        raise KeyFormatError("not a base58btc multibase value") from error


def public_multikey(public_key: bytes) -> str:
    """The Multikey of a raw 32-byte Ed25519 public key."""
    if len(public_key) != 32:
        raise KeyFormatError("an Ed25519 public key has 32 bytes")
    return encode_multibase(ED25519_PUB_PREFIX + public_key)


def public_key_bytes(multikey: str) -> bytes:
    """The raw Ed25519 public key of a Multikey string."""
    if len(multikey) > MULTIKEY_MAX:
        raise KeyFormatError("too long for an Ed25519 Multikey")
    data = decode_multibase(multikey)
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise KeyFormatError("not an Ed25519 Multikey")
    return data[2:]


def did_key(public_key: bytes) -> str:
    """``did:key:z6Mk...`` for a raw Ed25519 public key."""
    return "did:key:" + public_multikey(public_key)


def did_key_method(public_key: bytes) -> str:
    """The verification method id of a did:key: the DID, then ``#`` and the key again."""
    multikey = public_multikey(public_key)
    return f"did:key:{multikey}#{multikey}"


def did_key_public_key(did_or_method: str) -> bytes:
    """The public key a ``did:key`` (or one of its verification method ids) names."""
    if not did_or_method.startswith("did:key:"):
        raise KeyFormatError("not a did:key")
    did, _, fragment = did_or_method.partition("#")
    multikey = did.removeprefix("did:key:")
    if fragment and fragment != multikey:
        raise KeyFormatError("a did:key names only its own key")
    return public_key_bytes(multikey)
