"""Surveys: satisfaction, net promoter, words, free text, self-assessed learning before and
after, optional demographics; answered on phones, counted live on the wall, anonymous."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire surveys into the app: tables, actions, snapshot parts, the live view, the agenda
    listener and pages."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    from hackkit.surveys import actions, models, results, service, snapshot, views  # noqa: F401

    app.register_blueprint(views.bp)
