"""The impact report: one page per event (HTML with SVG charts, CSV, PDF) and the portfolio
across a facilitator's events, built from every feature's tables."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire the report pages into the app."""
    from hackkit.reports import views

    app.register_blueprint(views.bp)
