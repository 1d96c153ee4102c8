"""W3C Bitstring Status List: which credentials of a list are revoked, as a compressed bitstring.

Each credential names a list and its index in it (``credentialStatus``); the list itself is a
credential (``BitstringStatusListCredential``) whose ``encodedList`` is the multibase base64url
(``u``, no padding) of the GZIP of the bits, index 0 being the most significant bit of the
first byte. The specification asks for at least 131,072 entries so that one index says
nothing about who holds it; gzip makes the mostly-zero list a few hundred bytes.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable

MIN_ENTRIES = 131_072
MULTIBASE_BASE64URL = "u"
ENCODED_MAX = 200_000  # longest encodedList accepted when reading one


class StatusListError(ValueError):
    """An encodedList that cannot be read."""


def encode(revoked: Iterable[int], size: int = MIN_ENTRIES) -> str:
    """The encodedList for a list of ``size`` entries where ``revoked`` indexes are set."""
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same list always encodes to the same bytes.
    packed = gzip.compress(bytes(bits), mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    """The raw bitstring of an encodedList."""
    if not isinstance(encoded, str) or not encoded.startswith(MULTIBASE_BASE64URL):
        raise StatusListError("the status list is not multibase base64url")
    if len(encoded) > ENCODED_MAX:
        raise StatusListError("the status list is too long")
    text = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return gzip.decompress(packed)
    except (ValueError, OSError, EOFError) as error:
        raise StatusListError("the status list cannot be decoded") from error


def is_set(bitstring: bytes, index: int) -> bool:
    """Whether entry ``index`` is set (revoked); an index past the end is an error."""
    if not 0 <= index < len(bitstring) * 8:
        raise StatusListError(f"status index {index} outside the list")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))
