"""Event states in real browsers: the console closes joins, a phone is refused, every screen
shows the state; display links are revoked from the console; an overrunning phase prompts."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, WALL, screenshot
from tests.browser.test_foundation import sign_in

PHONE_390 = {"width": 390, "height": 844}
CONSOLE = {"width": 1366, "height": 768}
SMALL_WALL = {"width": 960, "height": 540}


def test_console_closes_joins_and_a_phone_trying_to_join_is_refused(server, remote, open_page):
    fac = remote.facilitator()
    event = remote.event(fac, "Hack Night")
    ada = open_page(f"{server.url}/j/{event['code']}", PHONE_390, mobile=True)
    ada.fill("#name", "Ada")
    ada.click("#join-form button")
    expect(ada.locator("#me-name")).to_have_text("Ada")
    wall = open_page(
        f"{server.url}/e/{event['code']}/display?key={display_key(remote, event)}", WALL
    )
    expect(wall.locator("body")).to_have_attribute("data-connection", "online")

    console = open_page(f"{server.url}/console/", CONSOLE)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}")
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    expect(console.locator("#state-label")).to_have_text("Open")
    expect(console.locator("[data-state=archived]")).to_be_hidden()
    console.click("[data-state=joins_closed]")
    expect(console.locator("#state-label")).to_have_text("Joins closed")
    expect(console.locator("[data-state=open]")).to_be_visible()
    screenshot(console, "event-state-console-1366", full_page=False)

    # Someone already in sees it live; the wall says it; a new phone is refused, clearly.
    expect(ada.locator("#event-notice")).to_have_text(re.compile("^Joining is closed"))
    screenshot(ada, "event-state-phone-joined-390")
    expect(wall.locator("#event-notice")).to_have_text(re.compile("^Joining is closed"))
    screenshot(wall, "event-state-wall-1920", full_page=False)
    wall.set_viewport_size(SMALL_WALL)
    screenshot(wall, "event-state-wall-960", full_page=False)

    late = open_page(f"{server.url}/j/{event['code']}", PHONE_390, mobile=True)
    expect(late.locator("#join-closed")).to_have_text(
        re.compile("^Joining is closed for this event")
    )
    expect(late.locator("#join-form")).to_have_count(0)
    assert late.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    screenshot(late, "event-state-join-refused-390")

    # Locked: participants are told they can look but not change anything.
    console.click("[data-state=locked]")
    expect(ada.locator("#event-notice")).to_contain_text("locked")
    for page in (ada, wall, console):
        assert page.errors == []
    # The refusal page itself answers 403, which Chromium notes on its console; nothing else.
    assert all("status of 403" in error for error in late.errors), late.errors


def test_console_revokes_the_display_link_and_the_wall_goes_blank(server, remote, open_page):
    fac = remote.facilitator()
    event = remote.event(fac, "Wall Night")
    wall = open_page(
        f"{server.url}/e/{event['code']}/display?key={display_key(remote, event)}", WALL
    )
    expect(wall.locator("body")).to_have_attribute("data-connection", "online")
    console = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}")
    old = console.locator("#display-url").input_value()
    console.click(".display-qr summary")
    old_qr = console.locator("#display-qr").get_attribute("src")
    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#display-revoke")
    expect(console.locator("#display-revoked")).to_be_visible()
    expect(console.locator("#display-qr")).not_to_have_attribute("src", old_qr)
    console.wait_for_function(
        "() => { const img = document.getElementById('display-qr');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    expect(console.locator("#display-url")).not_to_have_value(old)
    expect(wall.locator("#overlay-text")).to_have_text(re.compile("no longer valid"))
    screenshot(console, "display-revoked-console-1366", full_page=False)
    screenshot(wall, "display-revoked-wall-1920", full_page=False)
    fresh = open_page(console.locator("#display-url").input_value(), WALL)
    expect(fresh.locator("body")).to_have_attribute("data-connection", "online")
    stale = open_page(old, WALL)
    expect(stale.locator("h1")).to_have_text("This display link is not valid")
    assert console.errors == [] and fresh.errors == []


def test_a_phase_that_runs_over_prompts_the_facilitator(server, remote, open_page):
    fac = remote.facilitator()
    event = remote.event(fac, "Overtime")
    base = f"/api/events/{event['id']}"
    phases = [{"name": "Hacking", "minutes": 1}, {"name": "Demos", "minutes": 10}]
    remote.ok("PUT", base + "/agenda", fac, {"phases": phases})
    remote.ok("POST", base + "/agenda/start", fac, {})
    remote.ok(
        "POST", base + "/agenda/extend", fac, {"seconds": -120}
    )  # a minute over, without waiting
    console = open_page(f"{server.url}/console/", CONSOLE)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}")
    prompt = console.locator("#overtime-prompt")
    expect(prompt).to_be_visible()
    expect(console.locator("#overtime-text")).to_have_text(
        re.compile(r"^Hacking is (\d+ min|less than a minute) over: extend it or start Demos\.$")
    )
    screenshot(console, "overtime-prompt-console-1366", full_page=False)
    prompt.locator("[data-overtime=extend]").click()
    expect(prompt).to_be_hidden()
    assert console.errors == []


def display_key(remote, event) -> str:
    return remote.display_token(event["id"])


def test_suspicious_joins_are_listed_in_people_and_removed_from_there(server, remote, open_page):
    fac = remote.facilitator()
    event = remote.event(fac, "Public Vote")
    for name in ("Ada", "Ada again"):
        remote.ok("POST", "/api/join", None, {"code": event["code"], "name": name, "device": "p1"})
    remote.ok("POST", "/api/join", None, {"code": event["code"], "name": "Grace", "device": "p2"})
    console = open_page(f"{server.url}/console/", CONSOLE)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/teams")
    rows = console.locator("#suspicious-list li")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Joined from the same phone as Ada again.")
    console.locator("#suspicious-card").scroll_into_view_if_needed()
    screenshot(console, "suspicious-joins-console-1366", full_page=False)
    console.once("dialog", lambda dialog: dialog.accept())
    rows.last.locator("button").click()
    expect(rows).to_have_count(0)
    expect(console.locator("#no-suspicious")).to_be_visible()
    assert console.errors == []


def test_invite_codes_made_in_the_console_let_one_phone_in_each(server, remote, open_page):
    fac = remote.facilitator()
    event = remote.event(fac, "Public Vote")
    console = open_page(f"{server.url}/console/", CONSOLE)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}")
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    console.click("#invites summary")
    console.fill("#invite-text", "Ada Lovelace\ngrace@example.org")
    console.click("#invite-import")
    rows = console.locator("#invite-rows tr")
    expect(rows).to_have_count(2)
    console.check("#invite-only")
    code = rows.first.locator("td.mono").inner_text()

    phone = open_page(f"{server.url}/j/{event['code']}", PHONE_390, mobile=True)
    phone.fill("#name", "Ada")
    phone.fill("#invite", "WRONG234")
    phone.click("#join-form button")
    expect(phone.locator(".error")).to_contain_text("not valid or has been used already")
    screenshot(phone, "invite-refused-390")
    phone.fill("#invite", code)
    phone.click("#join-form button")
    expect(phone.locator("#me-name")).to_have_text("Ada")
    console.click("#invites summary")  # closed and opened again: the list is read afresh
    console.click("#invites summary")
    expect(rows.first.locator("td").last).to_have_text("Ada")
    console.locator("#invites").scroll_into_view_if_needed()
    screenshot(console, "invites-console-1366", full_page=False)
    assert console.errors == []
