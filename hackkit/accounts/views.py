"""Facilitator sign-in pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from hackkit.accounts import service
from hackkit.errors import ServiceError
from hackkit.extensions import db
from hackkit.pages import page, sign_in
from hackkit.ratelimit import KeyedLimiter
from hackkit.seclog import security_event

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an attacker's link must not bounce a facilitator elsewhere.
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("console.home")


def _login_limiter() -> KeyedLimiter:
    ext = current_app.extensions
    return ext.setdefault("hackkit.login_limiter", KeyedLimiter(rate=10 / 60, burst=10))


@bp.route("/login", methods=["GET", "POST"])
@page("public")
def login():
    """Sign in with a username and password."""
    error = None
    if request.method == "POST":
        if _login_limiter().take(request.remote_addr or "unknown"):
            error = _("Too many attempts from this address; wait a minute and try again.")
            security_event("login", outcome="rate_limited", address=request.remote_addr)
        else:
            try:
                account = service.authenticate(
                    db.session(), request.form.get("username", ""), request.form.get("password", "")
                )
                db.session.commit()
            except ServiceError as exc:
                error = exc.message
                security_event(
                    "login",
                    outcome=exc.code,
                    username=request.form.get("username", "")[:80],
                    address=request.remote_addr,
                )
            else:
                sign_in(account)
                security_event("login", facilitator=account.id, address=request.remote_addr)
                return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", error=error), 401 if error else 200


@bp.route("/login/once/<token>")
@page("public")
def login_once(token: str):
    """Spend a one-time sign-in link (printed by ``hackkit demo``)."""
    try:
        account = service.redeem_signin_token(db.session(), token)
        db.session.commit()
    except ServiceError as exc:
        security_event("signin_link", outcome="refused", address=request.remote_addr)
        return render_template("accounts/login.html", error=exc.message, link_refused=True), 401
    sign_in(account)
    security_event("signin_link", facilitator=account.id, address=request.remote_addr)
    return redirect(_safe_next(request.args.get("next")))


@bp.route("/logout", methods=["POST"])
@page("public")
def logout():
    """End the facilitator's browser session."""
    session.clear()
    flash(_("You are signed out."))
    return redirect(url_for("accounts.login"))
