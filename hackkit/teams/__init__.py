"""Teams: profiles, forming and matching, ideas, progress, uploads and exports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire teams into the app: tables, actions, snapshot parts and pages."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    # Importing a module registers what it declares: actions, snapshot parts, and freeing the
    # seat of someone removed from the event.
    from hackkit.teams import (  # noqa: F401
        actions,
        ideas,
        membership,
        models,
        profiles,
        settings,
        space,
        views,
    )

    app.register_blueprint(views.bp)
