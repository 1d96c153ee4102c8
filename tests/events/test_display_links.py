"""Revoking display links: old links stop working everywhere, connected walls are let go."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import g

from hackkit.events.models import Event
from hackkit.extensions import db, socketio
from tests.voting.conftest import quick_facilitator


def test_a_revoked_display_link_stops_working_and_its_screens_are_disconnected(app, api):
    fac = quick_facilitator()
    event = api.event(fac, "Wall Night")
    base = f"/api/events/{event['id']}"
    old = api.display_token(event["id"])
    wall = socketio.test_client(app, auth={"token": old})
    assert wall.is_connected()
    wall.get_received()
    page = api.app.test_client().get(
        f"/e/{event['code']}/display?key={old}"
    )  # the key is the token
    assert page.status_code == 200

    reply = api.ok("POST", f"{base}/display-link/revoke", fac, {})

    # The test client refuses get_received() once disconnected; its queue still holds the notice.
    received = [m["name"] for m in wall.queue]
    assert "session.revoked" in received
    assert not wall.is_connected()
    assert api.error("GET", f"{base}/snapshot", old, None, 401)["code"] == "unauthorised"
    assert not socketio.test_client(app, auth={"token": old}).is_connected()
    assert api.app.test_client().get(f"/e/{event['code']}/display?key={old}").status_code == 403
    # The new link works, and is what the console shows.
    # (The token carries its signing time, so the test takes the console's key rather than signing
    # a fresh one: the two differ whenever a second boundary falls between them.)
    db.session.expire_all()
    assert db.session.get(Event, event["id"]).display_version == 2
    new = parse_qs(urlsplit(reply["display_url"]).query)["key"][0]
    assert new != old
    assert socketio.test_client(app, auth={"token": new}).is_connected()
    assert api.app.test_client().get(f"/e/{event['code']}/display?key={new}").status_code == 200


def test_only_the_owner_revokes_display_links(api):
    fac = quick_facilitator()
    stranger = quick_facilitator("stranger")
    event = api.event(fac)
    path = f"/api/events/{event['id']}/display-link/revoke"
    phone = api.join(event["code"], "Ada")["token"]
    for token in (stranger, phone, api.display_token(event["id"])):
        assert api.error("POST", path, token, {}, 403)["code"] == "forbidden"
    assert api.error("POST", path, None, {}, 401)["code"] == "unauthorised"


def test_the_console_shows_the_new_display_link_as_a_qr_code(app, api):
    from hackkit.accounts.models import Facilitator

    fac = quick_facilitator()
    event = api.event(fac)
    owner = db.session.query(Facilitator).filter_by(username="fran").one()
    console = app.test_client()
    with console.session_transaction() as session:
        session["fid"], session["fv"] = owner.id, owner.token_version
    path = f"/console/events/{event['id']}/display-qr.svg"
    assert app.test_client().get(path).status_code == 302  # strangers are sent to sign in
    # The test's app context outlives each request, and with it pages.current_facilitator's
    # answer in g: forget it, as a real request would.
    g.pop("facilitator", None)
    before = console.get(path)
    assert before.status_code == 200 and before.mimetype == "image/svg+xml"
    assert before.headers["Cache-Control"] == "no-store"
    api.ok("POST", f"/api/events/{event['id']}/display-link/revoke", fac, {})
    after = console.get(path)
    assert after.status_code == 200 and after.data != before.data
