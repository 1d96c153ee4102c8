"""The whole-event archive (export and import), retention and the deletion of personal data,
and the instance's backup and restore."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire the archive into the app: actions, pages, and the retention check."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    from hackkit.archive import actions, views  # noqa: F401

    app.register_blueprint(views.bp)
