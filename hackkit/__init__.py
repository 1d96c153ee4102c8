"""hackkit: run hackathons and innovation sprints from one laptop, phones and a video wall."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from hackkit.version import __version__ as __version__


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides settings read from ``HACKKIT_*`` variables."""
    from hackkit.config import Settings

    settings = Settings.from_env().with_overrides(config)
    app = Flask(__name__, instance_path=str(settings.instance_path), instance_relative_config=False)
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    if settings.proxy_count:
        # Behind nginx, rate limits must see the phone's address, not the proxy's.
        from werkzeug.middleware.proxy_fix import ProxyFix

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
    register_blueprints(app)
    register_commands(app)
    return app


def close_app(app: Flask) -> None:
    """Shut the app down cleanly: votes already queued are committed and acknowledged, the
    view ticker ends, and every database connection is closed."""
    from hackkit.coalesce import coalescer
    from hackkit.extensions import db

    writer = app.extensions.get("hackkit.vote_writer")
    if writer is not None:
        writer.stop()
    coalescer.stop()
    db.dispose()


def register_extensions(app: Flask, settings: Any) -> None:
    """Bind the database, Socket.IO, Babel and CSRF protection to the app."""
    from hackkit import realtime
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
        message_queue=settings.message_queue or None,
        channel=settings.queue_channel,
        # None means same-origin only; never "*".
        cors_allowed_origins=origins or None,
        max_http_buffer_size=256 * 1024,
        ping_interval=20,
        ping_timeout=20,
        manage_session=False,
        json=None,
    )
    realtime.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Pages, the JSON API (generated from actions) and the cross-cutting web routes."""
    from hackkit import actions, web
    from hackkit.accounts.views import bp as accounts_bp
    from hackkit.events.views import bp as events_bp
    from hackkit.events.views import console
    from hackkit.features import load_features
    from hackkit.playbooks.views import bp as playbooks_bp
    from hackkit.teams.views import bp as teams_bp
    from hackkit.voting.views import bp as voting_bp
    from hackkit.wall.views import bp as wall_bp

    load_features()
    app.register_blueprint(web.bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(console)
    app.register_blueprint(playbooks_bp)
    app.register_blueprint(voting_bp)
    app.register_blueprint(teams_bp)
    app.register_blueprint(wall_bp)
    actions.init_app(app)
    app.after_request(web.security_headers)
    from hackkit.errors import ServiceError

    app.register_error_handler(ServiceError, web.handle_service_error)
    from werkzeug.exceptions import HTTPException

    app.register_error_handler(HTTPException, web.handle_http_error)
    web.check_vendor_assets(app)


def register_commands(app: Flask) -> None:
    """Flask CLI commands (``hackkit`` itself is a click group wrapping these)."""
