"""The help queue in real browsers at phone size: a team asks, two mentors' phones are told,
one takes it and closes it, the team rates the help; the console and the wall follow."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, WALL, screenshot
from tests.browser.test_foundation import sign_in

PHONE = {"width": 390, "height": 844}


def test_a_team_gets_help_from_one_of_two_mentors_and_rates_it(server, remote, open_page):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Help Night")
    base = f"/api/events/{event['id']}"
    api.ok("PATCH", f"{base}/team-settings", fac, {"skills": ["Python", "Design"]})
    api.ok(
        "PUT",
        f"{base}/agenda",
        fac,
        {"phases": [{"name": "Hacking", "minutes": 60, "wall_mode": "help"}]},
    )
    api.ok("POST", f"{base}/agenda/start", fac, {})

    console = open_page(f"{server.url}/console/events/{event['id']}/mentors", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/mentors")
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    links = {}
    for name in ("Ada", "Bob"):
        console.fill("#m-name", name)
        console.locator("#m-skills label", has_text="Python").locator("input").check()
        console.click("#invite-form button[type=submit]")
        expect(console.locator("#invite-name")).to_contain_text(name)
        expect(console.locator("#invite-qr")).to_have_attribute("src", re.compile(r"qr\.svg"))
        links[name] = console.input_value("#invite-url")
    expect(console.locator("#mentor-rows tr")).to_have_count(2)

    mentors = {}
    for name, link in links.items():
        phone = open_page(link.replace(link.split("/e/")[0], server.url), PHONE, mobile=True)
        expect(phone.locator("#me-name")).to_have_text(name)
        expect(phone.locator("body")).to_have_attribute("data-connection", "online")
        expect(phone.locator("#no-requests")).to_be_visible()
        mentors[name] = phone

    wall = open_page(
        f"{server.url}/e/{event['code']}/display?key={api.display_token(event['id'])}", WALL
    )
    expect(wall.locator(".wall-help-lead")).to_have_text("0 teams waiting for a mentor")

    team = open_page(f"{server.url}/j/{event['code']}", PHONE, mobile=True)
    team.fill("#name", "Tess")
    team.click("#join-form button")
    expect(team.locator("#me-name")).to_have_text("Tess")
    team.goto(f"{server.url}/e/{event['code']}/help")
    expect(team.locator("#no-team")).to_be_visible()
    # Five sections fit the phone's navigation on one line.
    tops = team.eval_on_selector_all(".phone-nav a", "as => as.map(a => a.offsetTop)")
    assert len(tops) == 5 and len(set(tops)) == 1, tops
    team.goto(f"{server.url}/e/{event['code']}/team")
    team.click("#create-team summary")
    team.fill("#create-team-name", "Owls")
    team.click("#create-team-form button[type=submit]")
    expect(team.locator("#team-name")).to_have_text("Owls")
    team.goto(f"{server.url}/e/{event['code']}/help")
    expect(team.locator("#ask-card")).to_be_visible()
    screenshot(team, "mentors-team-ask")
    team.select_option("#h-topic", "Python")
    team.fill("#h-description", "Our tests hang on CI")
    team.fill("#h-location", "12")
    team.select_option("#h-urgency", "2")
    team.click("#ask-form button[type=submit]")
    expect(team.locator("#status-title")).to_have_text("Place 1 in the queue")
    screenshot(team, "mentors-team-waiting")

    for phone in mentors.values():
        expect(phone.locator(".help-card")).to_have_count(1)
        expect(phone.locator(".help-card h2")).to_have_text("Owls · Python")
        expect(phone.locator("body")).to_have_attribute("data-last-alert", re.compile(r"\d+"))
    screenshot(mentors["Ada"], "mentors-mentor-offered")
    expect(wall.locator(".wall-help-lead")).to_have_text("1 teams waiting for a mentor")
    expect(console.locator("#open-total")).to_have_text("1")

    mentors["Ada"].locator(".help-card button", has_text="Take it").click()
    expect(mentors["Ada"].locator(".help-where")).to_have_text("Go to: Table 12")
    expect(team.locator("#status-title")).to_have_text("Ada is on the way")
    # Bob's phone drops the request once it is taken.
    expect(mentors["Bob"].locator(".help-card")).to_have_count(0)
    screenshot(mentors["Ada"], "mentors-mentor-claimed")
    expect(console.locator("#claimed-total")).to_have_text("1")

    mentors["Ada"].fill(".help-card textarea", "Mocked the clock in the tests")
    mentors["Ada"].locator(".help-card button", has_text="Done").click()
    expect(mentors["Ada"].locator(".help-card")).to_have_count(0)
    expect(team.locator("#rate-title")).to_have_text("Ada helped you with Python")
    team.locator("#stars .star").nth(4).click()
    expect(team.locator("#rated")).to_be_visible()
    screenshot(team, "mentors-team-rate")
    expect(console.locator("#closed-total")).to_have_text("1")
    console.select_option("#filter", "all")
    expect(console.locator("#help-rows tr")).to_have_count(1)
    expect(console.locator("#mentor-rows tr", has_text="Ada")).to_contain_text(
        "5 (1)", timeout=10_000
    )
    screenshot(console, "mentors-console")
    screenshot(wall, "mentors-wall", full_page=False)

    # Closing the queue: the team's phone says so and offers no form.
    console.fill("#q-message", "Mentors are at lunch until 14:00")
    console.click("#q-close")
    expect(team.locator("#queue-closed-text")).to_have_text("Mentors are at lunch until 14:00")
    team.click("#ask-new")
    expect(team.locator("#ask-card")).to_be_hidden()
    for page in (team, console, wall, *mentors.values()):
        assert page.errors == []
