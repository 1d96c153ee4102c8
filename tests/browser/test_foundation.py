"""The first complete flow in real browsers: console, phone and display."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from hackkit.accounts.models import Facilitator
from hackkit.accounts.service import issue_signin_link_token
from hackkit.extensions import db
from tests.browser.conftest import LAPTOP, PHONE, WALL, screenshot
from tests.helpers import PASSWORD


def sign_in(page, server, username="fran"):
    page.goto(f"{server.url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def test_facilitator_creates_event_and_starts_a_phase(server, remote, open_page):
    api = remote
    api.facilitator()
    page = open_page(f"{server.url}/console/", LAPTOP)
    expect(page).to_have_url(re.compile(r"/login"))
    sign_in(page, server)
    page.fill("#event-name", "Spring Sprint")
    page.click("form[action$='/console/events'] button")
    expect(page.locator("h1")).to_have_text("Spring Sprint")
    expect(page.locator("body")).to_have_attribute("data-connection", "online")
    page.click("#agenda-add")
    page.locator("#agenda-rows tr").last.locator(".phase-name").fill("Ideation")
    page.locator("#agenda-rows tr").last.locator(".phase-minutes").fill("25")
    # Until it is saved the row says so (and Start has nothing to start on the server).
    expect(page.locator("#agenda-rows tr .phase-status")).to_have_text(["not saved"])
    page.click("#agenda-save")
    expect(page.locator("#agenda-rows tr .phase-status")).to_have_text(["pending"])
    page.click("button[data-agenda=start]")
    expect(page.locator("#phase-name")).to_have_text("Ideation")
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^2[45]:\d\d$"))
    expect(page.locator("#agenda-rows .phase-status")).to_have_text(["running"])
    page.click("button[data-agenda=pause]")
    expect(page.locator("#phase-label")).to_have_text("Paused")
    screenshot(page, "console-laptop")
    assert page.errors == []


def test_phone_joins_by_code_and_sees_countdown_and_announcements_live(server, remote, open_page):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Hack Night")
    base = f"/api/events/{event['id']}"
    api.ok("PUT", base + "/agenda", fac, {"phases": [{"name": "Hacking", "minutes": 90}]})
    api.ok("POST", base + "/agenda/start", fac, {})
    phone = open_page(f"{server.url}/", PHONE, mobile=True)
    phone.fill("#code", event["code"].lower())
    phone.click("button[type=submit]")
    phone.fill("#name", "Ada")
    phone.click("#join-form button")
    expect(phone.locator("#phase-name")).to_have_text("Hacking")
    expect(phone.locator("#countdown")).to_have_text(re.compile(r"^1:(29|30):\d\d$"))
    expect(phone.locator("body")).to_have_attribute("data-connection", "online")
    phone.evaluate("window.__sameDocument = true")
    api.ok("POST", base + "/announcements", fac, {"body_md": "Pizza is **here**"})
    expect(phone.locator("#announcement-list li").first).to_contain_text("Pizza is here")
    assert phone.evaluate("window.__sameDocument") is True  # no reload happened
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "participant-phone")
    # Closing the tab and coming back restores the same participant.
    again = phone.context.new_page()
    again.goto(f"{server.url}/j/{event['code']}")
    expect(again.locator("#me-name")).to_have_text("Ada")
    assert phone.errors == []


def test_rejoin_link_moves_a_participant_to_another_device(server, remote, open_page):
    api = remote
    event = api.event(api.facilitator())
    phone = open_page(f"{server.url}/j/{event['code']}", PHONE, mobile=True)
    phone.fill("#name", "Grace")
    phone.click("#join-form button")
    expect(phone.locator("#me-name")).to_have_text("Grace")
    link = phone.locator("#rejoin-url").input_value()
    laptop = open_page(link, LAPTOP)
    expect(laptop.locator("#me-name")).to_have_text("Grace")


def test_display_shows_qr_code_join_code_and_count(server, remote, open_page):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Wall Test")
    api.join(event["code"], "One")
    key = api.display_token(event["id"])
    display = open_page(f"{server.url}/e/{event['code']}/display?key={key}", WALL)
    expect(display.locator(".join-code")).to_have_text(event["code"])
    expect(display.locator("#joined-count")).to_have_text("1")
    qr = display.locator("img.qr")
    expect(qr).to_be_visible()
    # Visible is not loaded: wait for the SVG itself to have been fetched and decoded.
    display.wait_for_function(
        # A function, not an expression string: under the page's CSP a string is eval'd.
        "() => document.querySelector('img.qr').complete"
        " && document.querySelector('img.qr').naturalWidth > 100",
        timeout=10000,
    )
    api.join(event["code"], "Two")
    expect(display.locator("#joined-count")).to_have_text("2")
    screenshot(display, "display-wall", full_page=False)
    bad = open_page(f"{server.url}/e/{event['code']}/display?key=forged", WALL)
    expect(bad.locator("h1")).to_contain_text("not valid")
    assert display.errors == []


def test_a_new_challenge_is_saved_as_a_clearly_labelled_draft(server, remote, open_page):
    api = remote
    event = api.event(api.facilitator(), "Draft Day")
    page = open_page("", LAPTOP)
    sign_in(page, server)
    page.goto(f"{server.url}/console/events/{event['id']}")
    expect(page.locator("body")).to_have_attribute("data-connection", "online")
    expect(page.locator("#challenge-draft-hint")).to_be_visible()
    save = page.locator("#challenge-save")
    expect(save).to_have_text("Save as draft")
    page.fill("#challenge-title", "Greener commutes")
    save.click()
    expect(page.locator("#challenge-saved")).to_have_text(
        "Saved as draft: participants cannot see it yet."
    )
    expect(page.locator("#challenge-tabs")).to_contain_text("Greener commutes (draft)")
    page.check("#challenge-published")
    expect(save).to_have_text("Save and publish")
    save.click()
    expect(page.locator("#challenge-saved")).to_have_text(
        "Saved and published: participants can see it."
    )
    expect(page.locator("#challenge-tabs")).not_to_contain_text("(draft)")
    page.locator("#challenge-card").scroll_into_view_if_needed()
    screenshot(page, "console-challenge-saved-1366", full_page=False)
    assert page.errors == []


def test_one_time_signin_link_works_once(server, remote, open_page):
    api = remote
    api.facilitator("sam")
    account = db.session.query(Facilitator).filter_by(username="sam").one()
    token = issue_signin_link_token(db.session(), account)
    db.session.commit()
    page = open_page(f"{server.url}/login/once/{token}", LAPTOP)
    expect(page.locator("h1")).to_have_text("Your events")
    other = open_page(f"{server.url}/login/once/{token}", LAPTOP)
    expect(other.locator(".error")).to_contain_text("used")
    # No dead end: the page names the command that prints a new link.
    expect(other.locator(".new-link-help")).to_contain_text("hackkit facilitator link")
    screenshot(other, "signin-link-used-laptop", full_page=False)
    other.set_viewport_size(PHONE)
    screenshot(other, "signin-link-used-phone", full_page=False)
