"""Mentors and the help queue: the mentor role, help requests and their routing, the console's
and the wall's view of how help is flowing, and the export."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire mentors into the app: tables, the mentor role, actions, snapshot parts and pages."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    from hackkit.mentors import actions, board, models, roster, views  # noqa: F401

    app.register_blueprint(views.bp)
    # The impact report's Mentors section (reports/figures.py).
    from hackkit.mentors.report import help_section
    from hackkit.reports.figures import EXTRA_SECTIONS

    if help_section not in EXTRA_SECTIONS:
        EXTRA_SECTIONS.append(help_section)
