"""Facilitator accounts: creation, password checks with lock-out, one-time sign-in links."""

from __future__ import annotations

import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit.accounts.models import Facilitator
from hackkit.auth import issue_token, read_token
from hackkit.database import aware, utcnow
from hackkit.errors import ServiceError, Unauthorised

_hasher = PasswordHasher()
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD or len(password) > 1024:
        raise ServiceError(
            "password_too_short", f"A password needs at least {MIN_PASSWORD} characters."
        )


def create_facilitator(session: Session, username: str, password: str) -> Facilitator:
    """Add a facilitator account; the password is stored as an argon2 hash only."""
    username = username.strip()
    if not 1 <= len(username) <= 80:
        raise ServiceError("username_invalid", "A username is 1 to 80 characters.")
    _check_password(password)
    if session.execute(select(Facilitator.id).where(Facilitator.username == username)).first():
        raise ServiceError("username_taken", "That username is taken.", status=409)
    account = Facilitator(username=username, password_hash=_hasher.hash(password))
    session.add(account)
    session.flush()
    return account


def set_password(session: Session, account: Facilitator, password: str) -> None:
    """Give an account a new password (from the laptop's command line) and lift any lock-out;
    browser sessions already signed in stay signed in."""
    _check_password(password)
    account.password_hash = _hasher.hash(password)
    account.failed_logins = 0
    account.locked_until = None


def authenticate(session: Session, username: str, password: str) -> Facilitator:
    """Check a password; five failures lock the account for fifteen minutes."""
    account = session.execute(
        select(Facilitator).where(Facilitator.username == username.strip()[:80])
    ).scalar_one_or_none()
    refusal = Unauthorised("Wrong username or password.")
    if account is None:
        _hasher.hash(password[:1024])  # same cost as a real check: no user enumeration by timing
        raise refusal
    if account.locked_until is not None and aware(account.locked_until) > utcnow():
        raise ServiceError(
            "locked", "Too many failed attempts; try again in a few minutes.", status=429
        )
    try:
        _hasher.verify(account.password_hash, password[:1024])
    except (VerificationError, InvalidHashError):
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILURES:
            account.locked_until = utcnow() + LOCKOUT
            account.failed_logins = 0
        session.commit()  # the failure must count even though we refuse
        raise refusal from None
    account.failed_logins = 0
    account.locked_until = None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return account


def issue_signin_link_token(session: Session, account: Facilitator) -> str:
    """A one-time sign-in token (valid 15 minutes, spent on first use)."""
    account.signin_nonce = secrets.token_urlsafe(16)
    return issue_token("signin", account.id, None, 0) + "." + account.signin_nonce


def redeem_signin_token(session: Session, token: str) -> Facilitator:
    """Spend a one-time sign-in token; a second use is refused."""
    signed, _, nonce = token.rpartition(".")
    claims = read_token("signin", signed)
    account = session.get(Facilitator, claims["s"])
    if account is None or not nonce or account.signin_nonce != nonce:
        raise Unauthorised("This sign-in link has been used or has expired.")
    account.signin_nonce = None
    return account
