"""The console's Data page in a real browser: download the archive, import it as a new event,
set the retention (which the join page then states) and delete the personal data."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.archive.conftest import PEOPLE, make_rich_event
from tests.browser.conftest import LAPTOP, PHONE, screenshot
from tests.browser.test_foundation import sign_in


def test_facilitator_archives_imports_and_deletes_personal_data(
    server, remote, open_page, tmp_path
):
    rich = make_rich_event(remote, fac=remote.facilitator())
    page = open_page("", LAPTOP)
    sign_in(page, server)
    page.goto(f"{server.url}/console/events/{rich.id}/data")
    expect(page.locator("h1")).to_have_text("Data")
    screenshot(page, "console-data-laptop")

    with page.expect_download() as download:
        page.click("#download-archive")
    saved = tmp_path / "archive.json"
    download.value.save_as(saved)
    assert saved.stat().st_size > 1000

    page.goto(f"{server.url}/console/")
    page.set_input_files("#archive-file", str(saved))
    page.click("#import-event button[type=submit]")
    expect(page.locator("h1")).to_have_text("Rehearsal")
    assert f"/console/events/{rich.id}" not in page.url  # a new event, with its own console
    page.goto(f"{server.url}/console/")
    expect(page.locator(".event-list li")).to_have_count(2)

    # A file that is no archive: a clear message on the start page, no third event.
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": "world"}')
    page.set_input_files("#archive-file", str(junk))
    page.click("#import-event button[type=submit]")
    expect(page.locator("#import-error")).to_contain_text("not a hackkit event archive")
    screenshot(page, "console-home-import-laptop")
    page.set_viewport_size(PHONE)
    screenshot(page, "console-home-import-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(LAPTOP)
    expect(page.locator(".event-list li")).to_have_count(2)
    assert [e for e in page.errors if "422" not in e] == []  # the refusal's status, expected
    page.errors.clear()

    page.goto(f"{server.url}/console/events/{rich.id}/data")
    page.fill("#retention-days", "14")
    page.click("#retention-card button.primary")
    expect(page.locator("#retention-card")).to_contain_text("Deleted 14 days after the event ends")
    phone = open_page(f"{server.url}/j/{rich.event['code']}", PHONE, mobile=True)
    expect(phone.locator("#privacy-notice")).to_contain_text("deleted 14 days after the event")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "join-privacy-phone")

    page.click("#erase")  # the box is not ticked: the browser asks for it first
    expect(page.locator("#erase-card")).not_to_contain_text("Last deleted")
    page.check("#erase-card input[name=confirm]")
    page.click("#erase")
    expect(page.locator("[role=status]")).to_contain_text("Personal data deleted")
    screenshot(page, "console-data-deleted-laptop")
    page.set_viewport_size(PHONE)
    screenshot(page, "console-data-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{server.url}/console/events/{rich.id}/teams")
    expect(page.locator("body")).to_have_attribute("data-connection", "online")
    expect(page.locator("body")).not_to_contain_text(PEOPLE[0])
    assert page.errors == []
