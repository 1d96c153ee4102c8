"""The video wall: geometry, screens, layout, what it shows and its clock."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire the wall into the app: tables, actions, snapshot parts, live views and its console
    page. (The ``hackkit wall`` commands live on the command line, not in an app.)"""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    # Importing a module registers what it declares: actions, snapshot parts, live views,
    # agenda listeners.
    from hackkit.wall import actions, models, screens, service, views  # noqa: F401

    app.register_blueprint(views.bp)
