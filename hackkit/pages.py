"""HTML pages: who may open each one, declared where the view is defined, and the helpers
every feature's pages share (the event a page is about, who the phone or screen is).

Every page view carries an access rule; the authorisation test enumerates the app's routes and
fails on any route that has neither an action declaration nor a page rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Response, abort, current_app, g, redirect, request, session, url_for

from hackkit.accounts.models import Facilitator
from hackkit.auth import Principal, resolve
from hackkit.errors import ServiceError
from hackkit.events.lifecycle import event_by_code
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.network import is_loopback_url_host

PAGE_RULES = ("public", "facilitator", "participant", "display")
# The cookie that remembers a phone's token, per event, for the roles that use phones.
COOKIE_PREFIXES = {"participant": "hk_", "jury": "hkj_", "mentor": "hkm_"}
COOKIE_MAX_AGE = 30 * 24 * 3600
# A random id the phone keeps across events and joins; it names no one, and is stored with a
# join only to show the facilitator one phone joining under several names (events/suspicious.py).
DEVICE_COOKIE = "hk_device"


def page(access: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare who may open a page. ``facilitator`` pages redirect to sign-in when needed;
    ``participant`` and ``display`` pages check their own token or cookie in the view."""
    if access not in PAGE_RULES:
        raise ValueError(f"unknown page rule {access!r}")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        if access == "facilitator":

            @wraps(view)
            def guarded(*args: Any, **kwargs: Any) -> Any:
                if current_facilitator() is None:
                    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
                return view(*args, **kwargs)

            guarded.page_access = access  # type: ignore[attr-defined]
            return guarded
        view.page_access = access  # type: ignore[attr-defined]
        return view

    return decorate


def current_facilitator() -> Facilitator | None:
    """The signed-in facilitator of this browser session, if the session is still valid."""
    if "facilitator" in g:
        return g.facilitator
    account = None
    fid, version = session.get("fid"), session.get("fv")
    if isinstance(fid, int):
        account = db.session.get(Facilitator, fid)
        if account is not None and account.token_version != version:
            account = None
    g.facilitator = account
    return account


def sign_in(account: Facilitator) -> None:
    """Start a facilitator browser session (signed, HttpOnly, SameSite cookie)."""
    session.clear()
    session["fid"] = account.id
    session["fv"] = account.token_version
    session.permanent = True
    g.facilitator = account


def public_base() -> str:
    """The address phones use: the configured public URL; for a page opened on this laptop
    itself (127.0.0.1, localhost), the LAN address the server chose at start (the one it
    printed), since phones cannot reach loopback; else the address this request came to."""
    configured = current_app.config["HACKKIT"].public_url
    if configured:
        return configured
    chosen = current_app.extensions.get("hackkit.public_base")
    if chosen and is_loopback_url_host(request.host):
        return chosen
    return request.host_url.rstrip("/")


def event_or_404(code: str) -> Event:
    """The event a page's join code names; an unknown code is a plain 404."""
    try:
        return event_by_code(db.session(), code)
    except ServiceError:
        abort(404)


def owned_event_or_404(event_id: int) -> Event:
    """An event of the signed-in facilitator (a console page); anyone else's is a plain 404."""
    event = db.session.get(Event, event_id)
    if event is None or event.owner_id != current_facilitator().id:
        abort(404)
    return event


def event_principal(event: Event, token: str, role: str) -> Principal | None:
    """Whom ``token`` names, if it is a valid token of ``role`` for this event."""
    try:
        principal = resolve(db.session(), token)
    except ServiceError:
        return None
    if principal.role != role or principal.event_id != event.id:
        return None
    return principal


def cookie_name(event: Event, role: str) -> str:
    """The cookie a phone of ``role`` keeps its token for this event in."""
    return f"{COOKIE_PREFIXES[role]}{event.code}"


def principal_from_cookie(event: Event, role: str) -> tuple[Principal, str] | None:
    """The phone's principal of ``role`` for this event and its token, from its cookie."""
    token = request.cookies.get(cookie_name(event, role))
    if not token:
        return None
    principal = event_principal(event, token, role)
    return None if principal is None else (principal, token)


def remember_principal(response: Response, event: Event, role: str, token: str) -> None:
    """Keep a phone's token in its cookie (HttpOnly, SameSite, a month) for later visits."""
    response.set_cookie(
        cookie_name(event, role),
        token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
        path="/",
    )


def remember_device(response: Response, device_id: str) -> None:
    """Keep the phone's random device id (HttpOnly, a month; see DEVICE_COOKIE)."""
    response.set_cookie(
        DEVICE_COOKIE,
        device_id,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
        path="/",
    )


# --- the participant's phone navigation --------------------------------------------------------


@dataclass(frozen=True)
class PhoneSection:
    """A tab of the participant's phone navigation (templates/events/_phone_nav.html)."""

    path: str  # after /e/<code>
    label: Callable[[], str]  # translated when the page is drawn
    order: int
    # Whether the event has anything there yet: a tab that leads nowhere is left out, so six
    # or seven sections do not crowd a small phone. None: always shown.
    shown: Callable[[Event], bool] | None = None


PHONE_SECTIONS: list[PhoneSection] = []


def add_phone_section(section: PhoneSection) -> None:
    """Features add their tab to the phone navigation from their init_app."""
    if all(s.path != section.path for s in PHONE_SECTIONS):
        PHONE_SECTIONS.append(section)
        PHONE_SECTIONS.sort(key=lambda s: s.order)


def phone_sections(event: Event) -> list[tuple[str, str]]:
    """The (path, label) tabs for this event's phones; the page being shown is always one."""
    here = request.path.rstrip("/")
    base = f"/e/{event.code}"
    return [
        (s.path, s.label())
        for s in PHONE_SECTIONS
        if s.shown is None or here == base + s.path or s.shown(event)
    ]
