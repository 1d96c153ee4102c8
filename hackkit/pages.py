"""HTML pages: who may open each one, declared where the view is defined.

Every page view carries an access rule; the authorisation test enumerates the app's routes and
fails on any route that has neither an action declaration nor a page rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, redirect, request, session, url_for

from hackkit.accounts.models import Facilitator
from hackkit.extensions import db

PAGE_RULES = ("public", "facilitator", "participant", "display")


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
