"""Cross-cutting web concerns: security headers, health, the API document, vendored assets."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, jsonify, request, send_file, url_for
from sqlalchemy import text

from hackkit import realtime
from hackkit.actions import error_response
from hackkit.errors import ServiceError
from hackkit.extensions import db, socketio
from hackkit.openapi import openapi_document
from hackkit.pages import event_or_404, page
from hackkit.version import __version__

bp = Blueprint("web", __name__)
# Names this process in /healthz, so operators (and the proxy test) can tell processes apart.
PROCESS_ID = uuid.uuid4().hex[:8]

# No inline script anywhere: pages pass data to their module in a JSON <script> element, which
# is inert data, and every stylesheet is a file.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
VENDOR_FILES = {
    "socket.io.esm.min.js": "node_modules/socket.io-client/dist/socket.io.esm.min.js",
}
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@bp.route("/healthz")
@page("public")
def healthz():
    """Liveness and database status, for load balancers and the facilitator."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # report, don't raise: the answer is the health check
        database = f"error: {type(exc).__name__}"
    status = 200 if database == "ok" else 503
    return jsonify(
        {
            "status": "ok" if status == 200 else "degraded",
            "version": __version__,
            "database": database,
            "process": PROCESS_ID,
            # For operators and the soak test: connections and rooms held by this process.
            "connections": len(realtime.connections),
            "rooms": _room_count(),
        }
    ), status


@bp.route("/api/openapi.json")
@page("public")
def openapi():
    """The HTTP API as OpenAPI 3.1."""
    return jsonify(openapi_document())


def _room_count() -> int:
    try:
        return sum(len(rooms) for rooms in socketio.server.manager.rooms.values())
    except AttributeError:  # the Socket.IO server is not set up (e.g. a command-line app)
        return 0


def vendor_path(name: str) -> Path | None:
    """Where a vendored browser library is on disk: copied into the package, or node_modules."""
    if name not in VENDOR_FILES:
        return None
    packaged = Path(__file__).parent / "static" / "vendor" / name
    if packaged.exists():
        return packaged
    from_npm = PROJECT_ROOT / VENDOR_FILES[name]
    return from_npm if from_npm.exists() else None


@bp.route("/sw.js")
@page("public")
def service_worker():
    """The phones' service worker, from the site's root so that its scope is every page."""
    response = send_file(Path(__file__).parent / "static" / "sw.js", mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/e/<code>/manifest.webmanifest")
@page("public")
def manifest(code: str):
    """The event as an installable web app: opens the participant's event page."""
    event = event_or_404(code)
    response = jsonify(
        {
            "name": event.name,
            "short_name": event.name[:12],
            "start_url": f"/e/{event.code}",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f4e79",
            "icons": [
                {
                    "src": url_for("static", filename="img/icon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                }
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/vendor/<name>")
@page("public")
def vendor(name: str):
    """Browser libraries installed from the npm registry (pinned in package-lock.json)."""
    path = vendor_path(name)
    if path is None:
        if name in VENDOR_FILES:
            current_app.logger.error("%s is missing: run `npm ci` in the project folder", name)
            return (
                "Missing browser library: run `npm ci` in the hackkit folder, then reload.",
                503,
            )
        abort(404)
    response = send_file(path, mimetype="text/javascript", max_age=3600)
    return response


def check_vendor_assets(app: Flask) -> list[str]:
    """Names of vendored files that are missing, with a clear message logged for each."""
    missing = [name for name in VENDOR_FILES if vendor_path(name) is None]
    for name in missing:
        app.logger.warning(
            "browser library %s is missing: run `npm ci` in the project folder", name
        )
    return missing


def security_headers(response):
    """Headers every response carries."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    return response


def handle_service_error(exc: ServiceError):
    """Service errors that escape a page view become plain JSON for API paths."""
    return error_response(exc)


def handle_http_error(exc):
    """JSON errors for API clients; HTML pages keep Flask's plain error pages."""
    if request.path.startswith("/api/"):
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 400: "bad_request"}
        return jsonify(
            {
                "ok": False,
                "error": {"code": code.get(exc.code, "http_error"), "message": exc.description},
            }
        ), exc.code
    return exc
