"""A phone that loses the network: a reload shows what it last saw, says so, and goes live again."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from benchmarks.phone_weight import KEPT
from tests.browser.conftest import screenshot

PHONE = {"width": 390, "height": 844}


def test_a_phone_reloaded_with_no_network_shows_its_last_state_then_goes_live(
    server, remote, open_page
):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Night Hack")
    base = f"/api/events/{event['id']}"
    api.ok("PUT", base + "/agenda", fac, {"phases": [{"name": "Hacking", "minutes": 90}]})
    api.ok("POST", base + "/agenda/start", fac, {})
    phone = open_page(f"{server.url}/j/{event['code']}", PHONE, mobile=True)
    phone.fill("#name", "Ada")
    phone.click("#join-form button")
    expect(phone.locator("#phase-name")).to_have_text("Hacking")
    api.ok("POST", base + "/announcements", fac, {"body_md": "Pizza at **eight**"})
    expect(phone.locator("#announcement-list li").first).to_contain_text("Pizza at eight")
    expect(phone.locator(".offline-notice")).to_be_hidden()
    # The phone has kept its state (written within a second) and its page (service worker).
    # (wait_for_function does not wait for a promise's value: poll with evaluate, which does.)
    deadline = time.monotonic() + 20
    while not phone.evaluate(KEPT):
        assert time.monotonic() < deadline, "the phone kept neither its page nor its state"
        phone.wait_for_timeout(100)

    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator(".offline-notice")).to_be_visible()
    expect(phone.locator("#phase-name")).to_have_text("Hacking")
    expect(phone.locator("#announcement-list li").first).to_contain_text("Pizza at eight")
    screenshot(phone, "phone-offline-reload")

    # Meanwhile the event moved on; back online, the phone catches up and the notice goes.
    api.ok("POST", base + "/announcements", fac, {"body_md": "Demos in ten minutes"})
    phone.context.set_offline(False)
    expect(phone.locator("#announcement-list li").first).to_contain_text(
        "Demos in ten minutes", timeout=20_000
    )
    expect(phone.locator(".offline-notice")).to_be_hidden()
    assert [e for e in phone.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
