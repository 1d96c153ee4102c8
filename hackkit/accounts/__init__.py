"""Facilitator accounts: sign-in, one-time sign-in links, lock-out."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire accounts into the app: the facilitators table and the sign-in pages."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    from hackkit.accounts import models, views  # noqa: F401 - models: registers the table

    app.register_blueprint(views.bp)
