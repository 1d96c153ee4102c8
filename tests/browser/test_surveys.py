"""Surveys in real browsers: three phones answer, the wall shows the live distribution and the
words, the console follows, and the impact report draws its charts."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, WALL, screenshot
from tests.browser.test_foundation import sign_in

PHONE_390 = {"width": 390, "height": 844}


def join_survey_page(open_page, server, code, name):
    phone = open_page(f"{server.url}/j/{code}", PHONE_390, mobile=True)
    phone.fill("#name", name)
    phone.click("#join-form button")
    expect(phone.locator("#me-name")).to_have_text(name)
    phone.goto(f"{server.url}/e/{code}/survey")
    expect(phone.locator("body")).to_have_attribute("data-connection", "online")
    return phone


def answer(phone, overall, word, recommend, comment=""):
    card = phone.locator(".survey-card").first
    if comment:
        card.locator('.question[data-key="comment"] textarea').fill(comment)
    card.locator(f'.question[data-key="overall"] .scale-choice[data-value="{overall}"]').click()
    card.locator(f'.question[data-key="recommend"] .scale-choice[data-value="{recommend}"]').click()
    card.locator('.question[data-key="word"] input').fill(word)
    card.locator(".send").click()
    expect(phone.locator(".thanks")).to_have_text("Thank you! Your answers are in.")


def test_three_phones_answer_and_the_wall_shows_the_live_distribution(server, remote, open_page):
    fac = remote.facilitator()
    event = remote.event(fac, "Feedback Night")
    base, code = f"/api/events/{event['id']}", event["code"]
    remote.ok(
        "PUT",
        f"{base}/agenda",
        fac,
        {
            "phases": [
                {"name": "Closing", "minutes": 15, "wall_mode": "survey"},
            ]
        },
    )
    phase = remote.ok("GET", f"{base}/snapshot", fac)["state"]["agenda"]["phases"][0]
    remote.ok(
        "POST",
        f"{base}/surveys",
        fac,
        {
            "title": "Feedback",
            "stage": "post",
            "goals": ["pitch an idea"],
            "phase_id": phase["id"],
        },
    )
    wall = open_page(f"{server.url}/e/{code}/display?key={remote.display_token(event['id'])}", WALL)
    phones = [join_survey_page(open_page, server, code, n) for n in ("Ada", "Ben", "Cy")]
    expect(phones[0].locator("#no-surveys")).to_be_visible()
    screenshot(phones[0], "survey-phone-none")

    event_page = open_page("", PHONE_390, mobile=True)
    event_page.context.add_cookies(phones[0].context.cookies())
    event_page.goto(f"{server.url}/e/{code}")
    expect(event_page.locator("body")).to_have_attribute("data-connection", "online")
    remote.ok("POST", f"{base}/agenda/start", fac, {})  # the phase opens the survey everywhere
    expect(event_page.locator("#survey-notice")).to_be_visible()
    screenshot(event_page, "survey-phone-event-notice")
    for phone in phones:
        expect(phone.locator(".survey-card")).to_have_count(1)
    expect(wall.locator("body")).to_have_attribute("data-mode", "survey")
    screenshot(phones[0], "survey-phone-questions")
    answer(phones[0], 5, "Inspiring", 10, "The mentors made the difference <b>really</b>")
    screenshot(phones[0], "survey-phone-thanks")
    answer(phones[1], 4, "inspiring", 9)
    answer(phones[2], 4, "long", 6)

    overall = wall.locator('.wall-survey[data-key="overall"]')
    expect(overall.locator(".wall-survey-count")).to_have_text(["0", "0", "0", "2", "1"])
    expect(overall.locator(".wall-survey-mean strong")).to_have_text("4.3")
    expect(wall.locator(".wall-banner-title")).to_contain_text("3 of 3 answered")
    words = wall.locator('.wall-survey[data-key="word"] .wall-word')
    expect(words).to_have_text(["inspiring", "long"])
    screenshot(wall, "survey-wall-1920", full_page=False)
    wall.set_viewport_size({"width": 960, "height": 540})
    expect(overall.locator(".wall-survey-count").first).to_be_visible()
    screenshot(wall, "survey-wall-960", full_page=False)
    # A reload shows the same figures from the snapshot.
    wall.reload()
    expect(wall.locator('.wall-survey[data-key="overall"] .wall-survey-count')).to_have_text(
        ["0", "0", "0", "2", "1"]
    )
    event_page.reload()
    expect(event_page.locator("#phase-name")).to_have_text("Closing")
    expect(event_page.locator("#survey-notice")).to_be_hidden()
    # The phone that answered is not asked again after a reload.
    phones[0].reload()
    expect(phones[0].locator("#no-surveys")).to_be_visible()

    console = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/surveys")
    card = console.locator(".survey-admin").first
    expect(card.locator(".survey-count")).to_have_text("3 of 3 participants answered")
    card.get_by_role("button", name="Show the comments to pick quotes").click()
    quote = card.locator(".quote-list li").first
    expect(quote.locator("blockquote")).to_have_text(
        "The mentors made the difference <b>really</b>"
    )
    quote.get_by_label("Quote in the report").check()
    expect(quote.get_by_label("Quote in the report")).to_be_checked()
    survey_id = remote.ok("GET", f"{base}/snapshot", fac)["state"]["surveys"][0]["id"]
    for _ in range(50):  # the choice is stored by the action the click sent
        texts = remote.ok("GET", f"{base}/surveys/{survey_id}/texts", fac)["texts"]
        if texts[0]["quoted"]:
            break
        console.wait_for_timeout(100)
    assert texts[0]["quoted"]
    screenshot(console, "survey-console-1366")
    # A pulse survey made in the console, opened by hand, reaches the phones at once.
    console.fill("#survey-title", "After lunch")
    console.select_option("#survey-stage", "pulse")
    console.click("#survey-form button[type=submit]")
    pulse = console.locator(".survey-admin", has_text="After lunch")
    expect(pulse.locator(".badge")).to_have_text("draft")
    pulse.get_by_role("button", name="Open").click()
    expect(pulse.locator(".badge")).to_have_text("open")
    expect(phones[1].locator(".survey-card h2")).to_have_text("After lunch")
    console.goto(f"{server.url}/console/events/{event['id']}/report")
    expect(console.locator("#satisfaction-mean")).to_have_text("4.33")
    expect(console.locator("#satisfaction svg.chart").first).to_be_visible()
    expect(console.locator(".report-quote")).to_have_text(
        "The mentors made the difference <b>really</b>"
    )
    screenshot(console, "report-console-1366")
    report_phone = open_page("", PHONE_390)
    sign_in(report_phone, server)
    report_phone.goto(f"{server.url}/console/events/{event['id']}/surveys")
    expect(report_phone.locator(".survey-admin").first.locator(".survey-count")).to_be_visible()
    screenshot(report_phone, "survey-console-390")
    report_phone.goto(f"{server.url}/console/events/{event['id']}/report")
    expect(report_phone.locator("#satisfaction-mean")).to_have_text("4.33")
    screenshot(report_phone, "report-phone-390")
    console.goto(f"{server.url}/console/report")
    expect(console.locator("#total-participants")).to_have_text("3")
    screenshot(console, "report-portfolio-1366")
    for page in (wall, console, report_phone, *phones):
        assert page.errors == [], page.errors
