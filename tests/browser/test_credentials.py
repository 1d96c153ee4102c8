"""Credentials in a real browser: the facilitator issues them, a participant's phone downloads
a badge and a certificate, and the public verify page accepts the badge and refuses a
tampered copy."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from hackkit.credentials import baking
from tests.browser.conftest import LAPTOP, screenshot
from tests.browser.test_foundation import sign_in

PHONE_SIZE = {"width": 390, "height": 844}


def test_participant_downloads_a_badge_that_verifies_and_a_tampered_copy_does_not(
    server, remote, open_page, tmp_path
):
    fac = remote.facilitator()
    event = remote.event(fac, "Open Data Day")
    ada = remote.join(event["code"], "Ada Lovelace")["token"]
    remote.join(event["code"], "Bo")

    console = open_page("", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/credentials")
    expect(console.locator("#pending-count")).to_have_text("2")
    # One person's first, then everything else.
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    screenshot(console, "credentials-console-pending-laptop")
    console.select_option("#issue-person", label="Bo (1 badge)")
    console.click("#issue-one")
    expect(console.locator("#credentials-table tbody tr")).to_have_count(1)
    expect(console.locator("#pending-count")).to_have_text("1")
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    console.click("#issue-all")
    expect(console.locator("#credentials-table tbody tr")).to_have_count(2)
    expect(console.locator("#issue-all")).to_be_disabled()
    screenshot(console, "credentials-console-laptop")
    console.set_viewport_size(PHONE_SIZE)
    screenshot(console, "credentials-console-phone")
    assert console.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"]
    console.set_viewport_size(LAPTOP)
    assert console.errors == []

    phone = open_page("", PHONE_SIZE, mobile=True)
    phone.context.add_cookies([{"name": f"hk_{event['code']}", "value": ada, "url": server.url}])
    phone.goto(f"{server.url}/e/{event['code']}/badges")
    expect(phone.locator(".badge-card h2")).to_have_text("Participant of Open Data Day")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"]
    screenshot(phone, "credentials-badges-phone")

    with phone.expect_download() as badge_download:
        phone.click(".badge-card a[data-format=png]")
    badge = tmp_path / "badge.png"
    badge_download.value.save_as(badge)
    with phone.expect_download() as pdf_download:
        phone.click(".badge-card a[data-format=pdf]")
    certificate = tmp_path / "certificate.pdf"
    pdf_download.value.save_as(certificate)
    assert certificate.read_bytes().startswith(b"%PDF")
    credential = json.loads(baking.unbake_png(badge.read_bytes()))
    assert credential["credentialSubject"]["name"] == "Ada Lovelace"

    phone.goto(f"{server.url}/credentials/verify")
    phone.set_input_files("#verify-file", str(badge))
    phone.click("#verify-submit")
    expect(phone.locator("#verdict-title")).to_have_text("Verified")
    expect(phone.locator("#verdict-recipient")).to_have_text("Ada Lovelace")
    expect(phone.locator("[data-check=signature]")).to_have_class("check check-ok")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"]
    screenshot(phone, "credentials-verified-phone")

    credential["credentialSubject"]["name"] = "Mallory"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(credential))
    phone.set_input_files("#verify-file", str(tampered))
    phone.click("#verify-submit")
    expect(phone.locator("#verdict-title")).to_have_text("Not verified")
    expect(phone.locator("[data-check=signature]")).to_contain_text("changed")
    screenshot(phone, "credentials-tampered-phone")
    assert phone.errors == []

    # Scanning the certificate's QR code opens the stored credential's check.
    console.goto(f"{server.url}/credentials/verify/{credential['id'].removeprefix('urn:uuid:')}")
    expect(console.locator("#verdict-title")).to_have_text("Verified")
    screenshot(console, "credentials-verify-laptop")
