"""Personal invite codes: imported from a list, one code one person, refused otherwise."""

from __future__ import annotations

import re

from hackkit.events.invites import labels_from_text
from tests.voting.conftest import quick_facilitator


def test_a_pasted_list_or_csv_gives_each_name_once():
    text = 'Ada Lovelace\n\n  grace@example.org ,team A\n"Hopper, Grace",x\nada lovelace\n'
    assert labels_from_text(text) == ["Ada Lovelace", "grace@example.org", "Hopper, Grace"]
    assert labels_from_text("Ada\rGrace\r\nLinus") == ["Ada", "Grace", "Linus"]  # any line end
    assert labels_from_text("Bad\x00 name\x1b") == ["Bad name"]


def invite_event(api):
    fac = quick_facilitator()
    event = api.event(fac, "Public Vote")
    base = f"/api/events/{event['id']}"
    invites = api.ok("POST", f"{base}/invites", fac, {"text": "Ada\nGrace\n"})["invites"]
    api.ok("PUT", f"{base}/join-protection", fac, {"invite_only": True})
    return fac, event, base, {i["label"]: i["code"] for i in invites}


def join(api, event, name, invite=None, status=200):
    body = {"code": event["code"], "name": name, **({"invite": invite} if invite else {})}
    if status == 200:
        return api.ok("POST", "/api/join", None, body)
    return api.error("POST", "/api/join", None, body, status)


def test_an_invite_only_event_lets_in_each_code_once(api):
    fac, event, base, codes = invite_event(api)
    assert all(re.fullmatch(r"[A-Z2-9]{8}", code) for code in codes.values())
    assert join(api, event, "Ada", status=403)["code"] == "invite_required"
    assert join(api, event, "Ada", "WRONG123", status=403)["code"] == "invite_invalid"
    join(api, event, "Ada", codes["Ada"].lower())  # forgiving of case, like event codes
    again = join(api, event, "Ada again", codes["Ada"], status=403)
    assert again["code"] == "invite_invalid" and "used already" in again["message"]
    listed = api.ok("GET", f"{base}/invites", fac)["invites"]
    assert [(i["label"], i["used_by"]) for i in listed] == [("Ada", "Ada"), ("Grace", None)]


def test_a_refused_invite_leaves_no_participant_behind(api):
    fac, event, base, codes = invite_event(api)
    join(api, event, "Mallory", "NOTACODE", status=403)
    join(api, event, "Mallory", codes["Grace"])  # the name is still free
    snapshot = api.ok("GET", f"{base}/snapshot", fac)["state"]
    assert [p["name"] for p in snapshot["participants"]] == ["Mallory"]


def test_another_events_code_does_not_open_this_one(api):
    _fac, event, _base, _codes = invite_event(api)
    other_fac = quick_facilitator("other")
    other = api.event(other_fac, "Other")
    (theirs,) = api.ok("POST", f"/api/events/{other['id']}/invites", other_fac, {"text": "Olga"})[
        "invites"
    ]
    assert join(api, event, "Olga", theirs["code"], status=403)["code"] == "invite_invalid"


def test_importing_again_adds_only_new_names(api):
    fac, _event, base, codes = invite_event(api)
    invites = api.ok("POST", f"{base}/invites", fac, {"text": "grace\nLinus"})["invites"]
    assert [i["label"] for i in invites] == ["Ada", "Grace", "Linus"]
    assert invites[0]["code"] == codes["Ada"]


def test_the_join_page_asks_for_the_invite_code(api):
    _fac, event, _base, codes = invite_event(api)
    phone = api.app.test_client()
    html = phone.get(f"/j/{event['code']}?invite={codes['Ada']}").get_data(as_text=True)
    assert 'name="invite"' in html and codes["Ada"] in html
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    refused = phone.post(f"/j/{event['code']}", data={"name": "Ada", "csrf_token": csrf})
    assert refused.status_code == 403
    assert "personal invite code" in refused.get_data(as_text=True)
    form = {"name": "Ada", "invite": codes["Ada"], "csrf_token": csrf}
    assert phone.post(f"/j/{event['code']}", data=form).status_code == 302


def test_only_the_owner_manages_invites(api):
    _fac, _event, base, _codes = invite_event(api)
    stranger = quick_facilitator("stranger")
    for method, path, body in (
        ("POST", f"{base}/invites", {"text": "Eve"}),
        ("GET", f"{base}/invites", None),
        ("PUT", f"{base}/join-protection", {"invite_only": False}),
    ):
        assert api.error(method, path, stranger, body, 403)["code"] == "forbidden"
