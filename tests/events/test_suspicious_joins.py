"""The facilitator's view of suspicious joins, through the API and the join page."""

from __future__ import annotations

from hackkit.pages import DEVICE_COOKIE
from tests.voting.conftest import quick_facilitator


def test_one_phone_joining_under_two_names_is_listed_with_the_reason(app, api):
    fac = quick_facilitator()
    event = api.event(fac)
    phone = app.test_client()
    phone.get(f"/j/{event['code']}")  # the join page gives the phone its device id
    assert phone.get_cookie(DEVICE_COOKIE) is not None
    for name in ("Ada", "Not Ada"):
        phone.delete_cookie(f"hk_{event['code']}")  # as if it cleared the event's cookie
        csrf = _csrf(phone, event["code"])
        response = phone.post(f"/j/{event['code']}", data={"name": name, "csrf_token": csrf})
        assert response.status_code == 302, response.get_data(as_text=True)
    api.join(event["code"], "Grace")
    joins = api.ok("GET", f"/api/events/{event['id']}/participants/suspicious", fac)["joins"]
    assert [(j["name"], j["reasons"]) for j in joins] == [
        ("Ada", ["Joined from the same phone as Not Ada."]),
        ("Not Ada", ["Joined from the same phone as Ada."]),
    ]
    # The facilitator removes one from there; the list follows.
    api.ok("DELETE", f"/api/events/{event['id']}/participants/{joins[1]['id']}", fac)
    assert api.ok("GET", f"/api/events/{event['id']}/participants/suspicious", fac)["joins"] == []


def test_a_burst_of_names_from_one_address_is_listed(api):
    fac = quick_facilitator()
    event = api.event(fac)
    for n in range(5):  # the test client always comes from 127.0.0.1
        api.join(event["code"], f"Bot {n}")
    joins = api.ok("GET", f"/api/events/{event['id']}/participants/suspicious", fac)["joins"]
    assert len(joins) == 5
    assert "One of 5 names that joined from 127.0.0.1" in joins[0]["reasons"][0]


def test_api_joins_may_name_their_device(api):
    fac = quick_facilitator()
    event = api.event(fac)
    for name in ("Bob", "Rob"):
        api.ok("POST", "/api/join", None, {"code": event["code"], "name": name, "device": "d1"})
    joins = api.ok("GET", f"/api/events/{event['id']}/participants/suspicious", fac)["joins"]
    assert {j["name"] for j in joins} == {"Bob", "Rob"}


def test_only_the_owner_sees_suspicious_joins(api):
    fac = quick_facilitator()
    stranger = quick_facilitator("stranger")
    event = api.event(fac)
    phone = api.join(event["code"], "Ada")["token"]
    path = f"/api/events/{event['id']}/participants/suspicious"
    for token in (stranger, phone):
        assert api.error("GET", path, token, None, 403)["code"] == "forbidden"


def _csrf(client, code: str) -> str:
    import re

    html = client.get(f"/j/{code}").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
