"""Voting: ballots and their methods, casting and the vote writer, jury, tallies and results."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire voting into the app: tables, the jury role, actions (``vote.cast`` among them, on
    the registry's lean socket path), snapshot parts, live views and pages."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    # Importing a module registers what it declares: actions, snapshot parts, live views,
    # the jury role, agenda listeners.
    from hackkit.voting import (  # noqa: F401
        actions,
        ballots,
        jury,
        models,
        snapshot,
        tallies,
        views,
    )

    app.register_blueprint(views.bp)
