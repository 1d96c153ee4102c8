"""Judging in real Chromium: a juror declares a conflict on their phone and is never shown
that idea, the console pauses judging and the phone says so at once and refuses, the console
shows the juror's progress and the conflict, and resuming lets judging carry on."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, screenshot
from tests.browser.test_foundation import sign_in
from tests.voting.conftest import add_ideas


def test_juror_phone_and_console_run_judging_together(server, remote, open_page):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Judging Day")
    base = f"/api/events/{event['id']}"
    ideas = add_ideas(event["id"], ("Solar bikes", "Rain alerts", "Quiet rooms"))
    ballot = api.ok(
        "POST",
        f"{base}/ballots",
        fac,
        {"title": "Round one", "method": "pairwise", "voters": "jury", "params": {"epsilon": 0}},
    )
    api.ok("POST", f"{base}/ballots/{ballot['id']}/open", fac, {})
    juror = api.ok("POST", f"{base}/jury", fac, {"name": "Grace"})
    api.ok("POST", f"{base}/jury", fac, {"name": "Linus"})

    phone = open_page(server.url + juror["invite_path"], PHONE, mobile=True)
    expect(phone.locator("body")).to_have_attribute("data-connection", "online")
    box = phone.locator(f'.ballot-card[data-ballot-id="{ballot["id"]}"]')
    expect(box.locator(".pair-choice")).to_have_count(2)

    # The juror mentored the "Solar bikes" team: they declare it and never see it again.
    phone.select_option("#c-idea", ideas[0])
    phone.fill("#c-reason", "I mentored this team")
    phone.click("#c-declare")
    expect(phone.locator("#my-conflicts li")).to_contain_text("Solar bikes")
    expect(box.locator(".pair-choice")).to_have_count(2)
    expect(box.locator(f'.pair-choice[data-option="{ideas[0]}"]')).to_have_count(0)
    screenshot(phone, "judging-juror-phone")

    console = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/judging")
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    expect(console.locator("#conflict-list li")).to_contain_text("Grace · Solar bikes")
    expect(console.locator("#judges-body tr")).to_have_count(2)
    expect(console.locator("#plan-result")).to_contain_text("judges")

    # Pause: the phone says so at once, and a tap is refused with the reason.
    console.click('.switch-buttons button[data-state="paused"]')
    expect(console.locator("#switch-state")).to_have_text("Paused")
    expect(phone.locator("#judging-banner")).to_contain_text("Judging is paused")
    box.locator(".pair-choice").first.click()
    expect(box.locator(".vote-message")).to_contain_text("Judging is paused")
    screenshot(phone, "judging-juror-phone-paused")

    # Resume: the decision goes through and the console counts it for Grace.
    console.click('.switch-buttons button[data-state="open"]')
    expect(phone.locator("#judging-banner")).to_be_hidden()
    box.locator(".pair-choice").first.click()
    expect(box.locator(".vote-message")).to_have_text("✓ Counted")
    grace = console.locator("#judges-body tr", has_text="Grace")
    expect(grace.locator("td").nth(1)).to_have_text("1 comparison")
    linus = console.locator("#judges-body tr", has_text="Linus")
    expect(linus.locator(".judge-status")).to_have_text("Not started")
    screenshot(console, "judging-console")
    console.set_viewport_size(PHONE)
    expect(console.locator("#judges-body tr")).to_have_count(2)
    screenshot(console, "judging-console-phone")
