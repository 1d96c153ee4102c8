"""The playbook library, creating an event from a template, and live checklists, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from hackkit.playbooks import SHIPPED_PLAYBOOK_DIR, load_library
from hackkit.playbooks.schema import Template
from tests.browser.conftest import LAPTOP, PHONE, screenshot
from tests.helpers import PASSWORD

SPRINT = "formats/three-hour-sprint"


def sign_in(page, server, username="fran"):
    page.goto(f"{server.url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Your events")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_library_contents_search_pages_and_print_views(server, remote, open_page):
    remote.facilitator()
    page = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(page, server)
    page.click("text=Browse the playbook library")
    expect(page.locator("h1")).to_have_text("Playbook library")
    manual = load_library([SHIPPED_PLAYBOOK_DIR])
    toc_links = page.locator("#toc li > a")
    expect(toc_links).to_have_count(len(manual))
    expect(page.locator("#toc h3").first).to_have_text(manual.toc()[0].title)
    expect(page.locator("#templates li")).to_have_count(len(manual.templates))
    screenshot(page, "playbook-library-laptop")

    page.fill("#playbook-q", "jury")
    page.click(".search-form button")
    hits = page.locator("#search-results .hits li")
    expect(hits.first).to_be_visible()
    expected = manual.search("jury", 30)
    expect(hits).to_have_count(len(expected))
    expect(hits.first.locator("a")).to_have_text(expected[0].title)
    hits.first.locator("a").click()
    expect(page.locator("#playbook-page h1")).to_have_text(expected[0].title)
    expect(page).to_have_url(re.compile(r"/console/playbooks/"))

    page.goto(f"{server.url}/console/playbooks/formats/one-day-hackathon")
    headings = page.locator(".heading-list a")
    expect(headings.first).to_be_visible()
    assert headings.count() >= 3
    # Links between pages lead to the pages in the app.
    internal = page.locator("#playbook-page a[href^='/console/playbooks/']")
    assert internal.count() > 0
    page.click("#template-card .agenda-details summary")
    expect(page.locator("#template-card table tbody tr")).to_have_count(
        len(manual.get("formats/one-day-hackathon").meta.agenda)
    )
    screenshot(page, "playbook-page-laptop")

    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".on-this-page")).to_be_hidden()
    expect(page.locator(".create-from-template")).to_be_hidden()
    expect(page.locator("#playbook-page")).to_be_visible()
    screenshot(page, "playbook-page-print", full_page=False)

    page.goto(f"{server.url}/console/playbooks/-/print")
    expect(page.locator(".manual .chapter")).to_have_count(len(manual))
    expect(page.locator("[data-print]")).to_be_hidden()  # still in print media
    screenshot(page, "playbook-manual-print", full_page=False)
    page.emulate_media(media="screen")
    expect(page.locator("[data-print]")).to_be_visible()
    screenshot(page, "playbook-manual-screen", full_page=False)
    for name, size in (("phone", (375, 740)), ("wall", (1920, 1080))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        expect(page.locator("nav.toc a").first).to_be_visible()
        screenshot(page, f"playbook-manual-{name}", full_page=False)

    phone = open_page("", PHONE, mobile=True)
    sign_in(phone, server)
    phone.goto(f"{server.url}/console/playbooks/formats/one-day-hackathon")
    expect(phone.locator("#playbook-page h1")).to_be_visible()
    assert no_sideways_scroll(phone)
    screenshot(phone, "playbook-page-phone")
    phone.goto(f"{server.url}/console/playbooks")
    assert no_sideways_scroll(phone)
    screenshot(phone, "playbook-library-phone")
    assert page.errors == [] and phone.errors == []


def test_event_from_template_gets_its_agenda_and_live_checklists(server, remote, open_page):
    fac = remote.facilitator()
    template = load_library([SHIPPED_PLAYBOOK_DIR]).get(SPRINT).meta
    assert isinstance(template, Template)
    page = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(page, server)
    page.select_option("#template-choice", SPRINT)
    page.fill("#template-event-name", "Friday sprint")
    page.click("#from-template button[type=submit]")
    expect(page.locator("h1")).to_have_text("Friday sprint")
    expect(page.locator("body")).to_have_attribute("data-connection", "online")
    rows = page.locator("#agenda-rows tr")
    expect(rows).to_have_count(len(template.agenda))
    names = [row.locator(".phase-name").input_value() for row in rows.all()]
    assert names == [phase.name for phase in template.agenda]
    screenshot(page, "playbook-created-event-console")

    event_id = int(re.search(r"/console/events/(\d+)", page.url).group(1))
    page.click(".console-nav a:has-text('Playbook')")
    expect(page.locator("h1")).to_have_text("Checklists")
    expect(page.locator("body")).to_have_attribute("data-connection", "online")
    # Nothing runs yet: the card on top shows the next phase, the list every other one.
    expect(page.locator("#now-label")).to_have_text("Next")
    expect(page.locator("#now-name")).to_have_text(template.agenda[0].name)
    expect(page.locator(".phase-checklist")).to_have_count(len(template.agenda) - 1)

    remote.ok("POST", f"/api/events/{event_id}/agenda/start", fac, {})
    first = template.agenda[0]
    expect(page.locator("#now-label")).to_have_text("Now")
    expect(page.locator("#now-name")).to_have_text(first.name)
    expect(page.locator("#now-items li")).to_have_count(len(first.checklist))
    later = [phase.name for phase in template.agenda[1:]]
    expect(page.locator(".phase-checklist h3")).to_have_text(later)

    other = open_page("", PHONE, mobile=True)
    sign_in(other, server)
    other.goto(f"{server.url}/console/events/{event_id}/playbook")
    expect(other.locator("body")).to_have_attribute("data-connection", "online")
    expect(other.locator("#now-name")).to_have_text(first.name)

    page.locator("#now-items input[type=checkbox]").first.check()
    expect(page.locator("#ticked-total")).to_have_text(re.compile(r"^1/"))
    ticked = other.locator("#now-items input[type=checkbox]").first
    expect(ticked).to_be_checked()
    expect(other.locator("#now-items .who").first).to_have_text("by fran")
    screenshot(page, "playbook-checklists-laptop")
    assert no_sideways_scroll(other)
    screenshot(other, "playbook-checklists-phone")

    ticked.uncheck()
    expect(page.locator("#now-items input[type=checkbox]").first).not_to_be_checked()
    # A reload reads the ticks back from the server.
    page.locator("#now-items input[type=checkbox]").nth(1).check()
    expect(page.locator("#ticked-total")).to_have_text(re.compile(r"^1/"))
    page.reload()
    expect(page.locator("#now-items input[type=checkbox]").nth(1)).to_be_checked()
    assert page.errors == [] and other.errors == []
