"""Security-relevant actions are logged as JSON, with no token or password in them."""

from __future__ import annotations

import json
import logging
import re

from hackkit.extensions import socketio
from tests.accounts.test_signin import login
from tests.helpers import PASSWORD


def records(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "hackkit.security"]


def test_sign_ins_joins_refusals_and_removals_are_logged_without_secrets(app, client, api, caplog):
    caplog.set_level(logging.INFO, logger="hackkit.security")
    fac = api.facilitator()
    login(client, "fran", "not the password")
    login(client, "fran", PASSWORD)
    event = api.event(fac)
    joined = api.join(event["code"], "Pat")
    api.error(
        "POST", f"/api/events/{event['id']}/announcements", joined["token"], {"body_md": "hi"}, 403
    )
    socketio.test_client(app, auth={"token": joined["token"] + "x"})
    api.ok("DELETE", f"/api/events/{event['id']}/participants/{joined['participant']['id']}", fac)

    logged = records(caplog)
    kinds = [(r["action"], r["outcome"]) for r in logged]
    assert ("login", "unauthorised") in kinds and ("login", "ok") in kinds
    assert ("join", "ok") in kinds and ("participant_removed", "ok") in kinds
    assert ("refused", "forbidden") in kinds and ("socket_connect", "unauthorised") in kinds
    text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (fac, joined["token"], PASSWORD, fac.split(".", 1)[1]):
        assert secret not in text
    assert not re.search(r"[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{10,}", text)
