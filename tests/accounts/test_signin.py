"""Facilitator accounts: hashed passwords, sign-in with lock-out, CSRF, one-time links."""

from __future__ import annotations

import re

from hackkit.accounts.models import Facilitator
from hackkit.accounts.service import create_facilitator, issue_signin_link_token
from hackkit.extensions import db
from tests.helpers import PASSWORD


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, username, password):
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def test_password_is_stored_hashed_with_argon2(app):
    account = create_facilitator(db.session(), "fran", PASSWORD)
    db.session.commit()
    assert PASSWORD not in account.password_hash
    assert account.password_hash.startswith("$argon2")


def test_facilitator_signs_in_and_reaches_the_console(app, client):
    create_facilitator(db.session(), "fran", PASSWORD)
    db.session.commit()
    assert client.get("/console/").status_code == 302
    response = login(client, "fran", PASSWORD)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Your events" in client.get("/console/").get_data(as_text=True)


def test_wrong_password_is_refused_and_five_failures_lock_the_account(app, client):
    create_facilitator(db.session(), "fran", PASSWORD)
    db.session.commit()
    for _ in range(5):
        response = login(client, "fran", "wrong password")
        assert response.status_code == 401
        assert "Wrong username or password" in response.get_data(as_text=True)
    locked = login(client, "fran", PASSWORD)
    assert locked.status_code == 401
    assert "Too many failed attempts" in locked.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(app, client):
    create_facilitator(db.session(), "fran", PASSWORD)
    db.session.commit()
    response = client.post("/login", data={"username": "fran", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/console/").status_code == 302


def test_one_time_link_signs_in_once(app, client):
    account = create_facilitator(db.session(), "fran", PASSWORD)
    token = issue_signin_link_token(db.session(), account)
    db.session.commit()
    assert client.get(f"/login/once/{token}").status_code == 302
    assert client.get("/console/").status_code == 200
    again = app.test_client().get(f"/login/once/{token}")
    assert again.status_code == 401
    # The refusal is no dead end: it says how to get a new link on the laptop.
    page = again.get_data(as_text=True)
    assert "hackkit facilitator link" in page
    assert "hackkit facilitator password" in page


def test_open_redirects_are_not_followed_after_sign_in(app, client):
    create_facilitator(db.session(), "fran", PASSWORD)
    db.session.commit()
    page = client.get("/login?next=//evil.example/")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(
        "/login?next=//evil.example/",
        data={"username": "fran", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/console/"


def test_facilitator_add_command_creates_an_account(app):
    from click.testing import CliRunner

    from hackkit.cli import cli

    result = CliRunner().invoke(
        cli,
        ["facilitator", "add", "cli-user", "--password", "long enough pw"],
        env={
            "HACKKIT_DATABASE_URL": app.config["HACKKIT"].resolved_database_url(),
            "HACKKIT_INSTANCE_PATH": str(app.config["HACKKIT"].instance_path),
        },
    )
    assert result.exit_code == 0, result.output
    assert db.session.query(Facilitator).filter_by(username="cli-user").one()
