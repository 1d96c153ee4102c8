"""hackkit: run hackathons and innovation sprints from one laptop, phones and a video wall."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from hackkit import (
    accounts,
    archive,
    credentials,
    events,
    mentors,
    playbooks,
    reports,
    surveys,
    teams,
    voting,
    wall,
)
from hackkit.config import Settings
from hackkit.errors import ServiceError
from hackkit.version import __version__ as __version__

# Each feature wires itself into the app with its init_app(app): its tables, actions, snapshot
# parts, live views and pages. The packages themselves load nothing more until then.
FEATURES = (
    accounts,
    events,
    teams,
    voting,
    mentors,
    wall,
    playbooks,
    surveys,
    reports,
    credentials,
    archive,
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides settings read from ``HACKKIT_*`` variables."""
    settings = Settings.from_env().with_overrides(config)
    app = Flask(__name__, instance_path=str(settings.instance_path), instance_relative_config=False)
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    if settings.proxy_count:
        # Behind nginx, rate limits must see the phone's address, not the proxy's.
        n = settings.proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.config.update(
        HACKKIT=settings,
        SECRET_KEY=settings.load_secret_key(),
        TESTING=settings.testing,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="hackkit_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=24),
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # tied to the session instead: a console left open all day works
        BABEL_DEFAULT_LOCALE="en",
        JSON_SORT_KEYS=False,
    )
    register_extensions(app, settings)
    for feature in FEATURES:
        feature.init_app(app)
    register_web(app)
    return app


def close_app(app: Flask) -> None:
    """Shut the app down cleanly: votes already queued are committed and acknowledged, then
    every connection is closed at once, the view ticker ends, and every database connection is
    closed. Safe to call twice (the server's stop calls it, then its exit path again)."""
    # At call time, like the imports of register_extensions (see there).
    from hackkit.coalesce import coalescer
    from hackkit.extensions import db
    from hackkit.realtime import close_all_connections

    writer = app.extensions.get("hackkit.vote_writer")
    if writer is not None:
        writer.stop()
    close_all_connections()
    coalescer.stop()
    db.dispose()


def register_extensions(app: Flask, settings: Settings) -> None:
    """Bind the database, Socket.IO, Babel and CSRF protection to the app."""
    # Imported at call time, not with the package: importing any hackkit module runs this file
    # first, and the entry point must patch for gevent before Socket.IO and the database load.
    from hackkit import realtime, socket_rooms
    from hackkit.extensions import babel, csrf, db, socketio

    db.configure(settings.resolved_database_url(), pool_size=settings.db_pool_size)
    app.teardown_appcontext(db.remove)
    babel.init_app(app)
    csrf.init_app(app)
    origins = list(settings.allowed_origins)
    if settings.public_url:
        origins.append(settings.public_url)
    socketio.init_app(
        app,
        async_mode=settings.async_mode,
        # Rooms indexed per connection: a crowd disconnecting at once is linear, not quadratic.
        client_manager=socket_rooms.client_manager(settings.message_queue, settings.queue_channel),
        # None means same-origin only; never "*".
        cors_allowed_origins=origins or None,
        max_http_buffer_size=256 * 1024,
        ping_interval=20,
        ping_timeout=20,
        manage_session=False,
        json=None,
    )
    realtime.init_app(app)


def register_web(app: Flask) -> None:
    """What cuts across the features: the JSON API and Socket.IO events generated from every
    declared action, health and vendored assets, security headers, and error responses."""
    from hackkit import actions, assets, web  # at call time: see register_extensions

    app.register_blueprint(web.bp)
    assets.init_app(app)
    actions.init_app(app)
    app.after_request(web.security_headers)
    app.register_error_handler(ServiceError, web.handle_service_error)
    app.register_error_handler(HTTPException, web.handle_http_error)
    web.check_vendor_assets(app)
