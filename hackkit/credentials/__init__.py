"""Verifiable credentials: Open Badges 3.0 for everyone who took part, signed at the venue.

Pure code at the bottom: ``documents`` (the shipped JSON-LD contexts, no network),
``multikey``, ``dataintegrity`` (eddsa-rdfc-2022 proofs), ``statuslist`` (Bitstring Status
List), ``achievements`` (who earns what) and ``openbadge`` (the credential's shape), then
``baking`` and ``certificate`` (PNG/SVG badges and the PDF). On top: ``keys`` (the issuer's
Ed25519 keys in the instance folder), ``models``, ``service`` (issue, revoke, verify),
``actions``, ``views`` (console, phone, verify page, DID document, status list) and
``commands`` (``hackkit credentials issue|verify|rotate-key``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """Wire credentials into the app: the table, actions and pages."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    from hackkit.credentials import actions, models, views  # noqa: F401

    app.register_blueprint(views.bp)
