"""The offline JSON-LD document loader: the contexts a credential may name, from shipped files.

Signing and verifying canonicalise the credential as RDF (eddsa-rdfc-2022), which needs every
context the document names. Fetching them at run time would contact a third party for every
check and fail at a venue without internet, so the loader serves only the files in
``contexts/`` and refuses any other URL: a credential naming an unknown context cannot be
checked, and saying so is better than guessing its terms.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CONTEXTS_DIR = Path(__file__).parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

SHIPPED: dict[str, str] = {
    VC_V2: "credentials-v2.json",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.json",
    MULTIKEY_V1: "multikey-v1.json",
}

# Extra documents a caller may register (the test vectors' example context); kept apart from
# the shipped ones so production never accepts them by accident.
_EXTRA: dict[str, dict[str, Any]] = {}


class UnknownContextError(ValueError):
    """The document names a context this instance does not ship."""


@cache
def shipped_document(url: str) -> dict[str, Any]:
    """The parsed context shipped for ``url`` (read once per process)."""
    return json.loads((CONTEXTS_DIR / SHIPPED[url]).read_text(encoding="utf-8"))


def register_document(url: str, document: dict[str, Any]) -> None:
    """Serve ``document`` for ``url`` too (tests: the specification's example context)."""
    _EXTRA[url] = document


def load_document(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: a shipped context, never the network."""
    if url in SHIPPED:
        document = shipped_document(url)
    elif url in _EXTRA:
        document = _EXTRA[url]
    else:
        raise UnknownContextError(f"unknown JSON-LD context {url!r}: only shipped ones are used")
    return {"contextUrl": None, "documentUrl": url, "document": document}
