"""An event: its lifecycle, joining, agenda and timer, challenge briefs and announcements."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire events into the app: tables, actions, snapshot parts, live views and pages."""
    # Imported when an app is built, not with the package: hackkit imports every feature
    # package before the entry point patches for gevent, and the core (auth, access, realtime)
    # imports this package's models, so the package must load nothing that imports the core
    # back. Importing a module registers what it declares (@action, @snapshot_part, @live_view).
    from hackkit import pages
    from hackkit.events import (  # noqa: F401
        actions,
        agenda,
        announcements,
        challenges,
        joining,
        lifecycle,
        models,
        views,
    )

    app.register_blueprint(views.bp)
    app.register_blueprint(views.console)
    # The phone navigation's tabs, which each feature adds to (pages.add_phone_section).
    app.jinja_env.globals["phone_sections"] = pages.phone_sections
