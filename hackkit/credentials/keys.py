"""The instance's issuer keys (Ed25519), kept in the instance folder like its secret key.

``instance/credentials/issuer-keys.json`` (mode 0600) lists every key this instance has had,
oldest first. The last one signs; the earlier ones stay, retired, so the credentials they signed
keep verifying (they are still in the DID document's ``assertionMethod``). Rotating adds a key.

The issuer's id is ``did:web:<host>`` when the instance has a public URL (its DID document,
at ``/.well-known/did.json``, lists the keys), else the signing key's own ``did:key``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hackkit.credentials.multikey import (
    did_key,
    did_key_method,
    did_key_public_key,
    public_multikey,
)

KEYS_FILE = "credentials/issuer-keys.json"


@dataclass(frozen=True)
class IssuerKey:
    """One Ed25519 key pair of the issuer."""

    private: bytes
    public: bytes
    created: str
    retired: str | None = None

    @property
    def multikey(self) -> str:
        return public_multikey(self.public)


def did_web(public_url: str) -> str:
    """``did:web`` of a public URL: the host (a port's colon escaped), then path segments."""
    parts = urlsplit(public_url)
    host = quote(parts.netloc, safe="")
    segments = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", host, *segments])


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _new_key() -> IssuerKey:
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return IssuerKey(raw, public, _now())


class KeyRing:
    """The issuer's keys and identity for one instance folder."""

    def __init__(self, instance_path: Path, public_url: str | None) -> None:
        self.path = Path(instance_path) / KEYS_FILE
        self.public_url = public_url.rstrip("/") if public_url else None
        self._keys: list[IssuerKey] | None = None
        self._seen_mtime: int | None = None

    # --- storage ---------------------------------------------------------------------------

    def _read(self) -> list[IssuerKey]:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return [
            IssuerKey(
                bytes.fromhex(item["private"]),
                bytes.fromhex(item["public"]),
                item["created"],
                item.get("retired"),
            )
            for item in data["keys"]
        ]

    def _write(self, keys: list[IssuerKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {
            "keys": [
                {
                    "private": key.private.hex(),
                    "public": key.public.hex(),
                    "created": key.created,
                    "retired": key.retired,
                }
                for key in keys
            ]
        }
        temporary = self.path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(body, handle, indent=1)
        os.replace(temporary, self.path)  # a reader sees the old list or the new, never half

    def all_keys(self) -> list[IssuerKey]:
        """Every key, oldest first; the first is generated on first use. A rotation made by
        another process (the command line) is picked up: the file's change time is checked."""
        if self._keys is not None:
            try:
                if self.path.stat().st_mtime_ns != self._seen_mtime:
                    self._keys = None
            except FileNotFoundError:
                self._keys = None
        if self._keys is None:
            if not self.path.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # O_EXCL: two processes starting at once must not make two first keys.
                try:
                    fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    pass
                else:
                    os.close(fd)
                    self._write([_new_key()])
            self._seen_mtime = self.path.stat().st_mtime_ns
            self._keys = self._read()
        return self._keys

    def reload(self) -> None:
        """Forget the cached keys (another process rotated)."""
        self._keys = None

    def rotate(self) -> IssuerKey:
        """Retire the signing key and make a new one; returns the new key."""
        keys = self.all_keys()
        now = _now()
        keys = [
            key if key.retired else IssuerKey(key.private, key.public, key.created, now)
            for key in keys
        ]
        new = _new_key()
        self._write([*keys, new])
        self._keys = None
        return new

    # --- identity --------------------------------------------------------------------------

    @property
    def signing_key(self) -> IssuerKey:
        return self.all_keys()[-1]

    def issuer_id(self, key: IssuerKey | None = None) -> str:
        """The issuer's DID (for did:key, the DID of ``key``, by default the signing key)."""
        if self.public_url:
            return did_web(self.public_url)
        return did_key((key or self.signing_key).public)

    def method_id(self, key: IssuerKey) -> str:
        """The verification method id naming ``key``."""
        if self.public_url:
            return f"{did_web(self.public_url)}#{key.multikey}"
        return did_key_method(key.public)

    def known_issuers(self) -> set[str]:
        """Every DID this instance has issued as (did:key changes with each key)."""
        return {self.issuer_id(key) for key in self.all_keys()} | (
            {did_web(self.public_url)} if self.public_url else set()
        )

    def resolve(self, method: str) -> tuple[bytes, str] | None:
        """The public key and controller of a verification method: any did:key (its key is in
        its name), or one of this instance's own did:web keys. Nothing is fetched."""
        if method.startswith("did:key:"):
            try:
                return did_key_public_key(method), method.split("#")[0]
            except ValueError:
                return None
        if self.public_url:
            for key in self.all_keys():
                if method == self.method_id(key):
                    return key.public, did_web(self.public_url)
        return None

    def did_document(self) -> dict:
        """The did:web DID document: every key, retired ones too, as Multikeys."""
        did = self.issuer_id()
        methods = [
            {
                "id": self.method_id(key),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.multikey,
            }
            for key in self.all_keys()
        ]
        ids = [method["id"] for method in methods]
        return {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": did,
            "verificationMethod": methods,
            "assertionMethod": ids,
            "authentication": ids[-1:],
        }
