"""Teams and ideas in real browsers: three phones form a team and work on an idea while the
console and the idea board follow live; the facilitator hides it; matching from the console."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, screenshot
from tests.browser.test_foundation import sign_in
from tests.teams.conftest import make_hack


def _png() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (640, 360), "#3b3bd6")
    image.paste((255, 200, 0), (200, 100, 440, 260))
    image.save(out, format="PNG")
    return out.getvalue()


def _phone(open_page, server, code: str, name: str):
    phone = open_page(f"{server.url}/j/{code}", PHONE, mobile=True)
    phone.fill("#name", name)
    phone.click("#join-form button")
    expect(phone.locator("#me-name")).to_have_text(name)
    phone.goto(f"{server.url}/e/{code}/team")
    expect(phone.locator("body")).to_have_attribute("data-connection", "online")
    return phone


def _console(open_page, server, event_id: int, section: str, *, signed_in=None):
    page = signed_in.context.new_page() if signed_in else open_page("", LAPTOP)
    if signed_in is None:
        sign_in(page, server)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(f"{server.url}/console/events/{event_id}/{section}")
    expect(page.locator("body")).to_have_attribute("data-connection", "online")
    page.evaluate("window.__sameDocument = true")
    return page


def test_three_phones_form_a_team_and_work_on_an_idea_live(server, remote, open_page):
    hack = make_hack(remote)
    hack.settings(skills=["Design", "Code", "Data"], profile_fields=["organisation"])
    code, event_id = hack.event["code"], hack.event["id"]
    teams_console = _console(open_page, server, event_id, "teams")
    ideas_console = _console(open_page, server, event_id, "ideas", signed_in=teams_console)
    ada, bob, cy = (_phone(open_page, server, code, name) for name in ("Ada", "Bob", "Cy"))

    # Ada fills her profile; the console's people list shows it without a reload.
    ada.click("#profile-details summary")
    ada.click("#skill-options label:has-text('Design')")
    ada.select_option("#pref-1", label="Challenge 2")
    ada.fill("#profile-organisation", "City Lab")
    ada.click("#profile-form button[type=submit]")
    expect(ada.locator("#profile-saved")).to_be_visible()
    ada_row = teams_console.locator("#people-rows tr", has_text="Ada")
    expect(ada_row).to_contain_text("Design")
    expect(ada_row).to_contain_text("City Lab")

    # Ada creates the team, Bob joins it from the list, Cy with the code Ada tells him.
    ada.click("#create-team summary")
    ada.fill("#create-team-name", "Rocket")
    ada.select_option("#create-team-challenge", label="Challenge 1")
    ada.click("#create-team-form button[type=submit]")
    expect(ada.locator("#team-name")).to_have_text("Rocket")
    team_code = ada.locator("#team-code").inner_text()
    expect(bob.locator("#team-list li", has_text="Rocket")).to_contain_text("1/5")
    screenshot(bob, "team-find-phone")
    bob.locator("#team-list li", has_text="Rocket").get_by_role("button", name="Join").click()
    expect(bob.locator("#team-name")).to_have_text("Rocket")
    cy.fill("#join-code", team_code.lower())
    cy.click("#join-code-form button")
    expect(cy.locator("#team-members li")).to_have_count(3)
    expect(ada.locator("#team-members li")).to_have_count(3)
    expect(teams_console.locator(".team-card", has_text="Rocket").locator(".member")).to_have_count(
        3
    )
    ada.click("#team-stages button:has-text('prototype')")
    expect(bob.locator("#team-stages button[aria-pressed=true]")).to_have_text("2. prototype")
    bob.fill("#progress-text", "Sketching the kettle")
    bob.click("#progress-form button")
    expect(ada.locator("#progress-list li").first).to_contain_text("Sketching the kettle")
    rocket = teams_console.locator(".team-card", has_text="Rocket")
    expect(rocket.locator(".idea-progress")).to_contain_text("Bob: Sketching the kettle")
    screenshot(ada, "team-phone")

    # Cy watches the idea board while Ada submits an idea with a picture.
    cy.goto(f"{server.url}/e/{code}/ideas")
    expect(cy.locator("body")).to_have_attribute("data-connection", "online")
    cy.evaluate("window.__sameDocument = true")
    ada.click("#new-idea")
    expect(ada.locator("h1")).to_have_text("Submit an idea")
    expect(ada.locator("#idea-challenge")).to_have_value(str(hack.challenges[0]))
    ada.fill("#idea-title", "Solar kettle")
    ada.fill("#idea-pitch", "Tea by sunlight")
    ada.fill("#idea-description", "Boils **water** with a mirror.\n\n- cheap\n- quiet")
    ada.fill("#idea-links", "https://example.org/kettle")
    ada.set_input_files(
        "#idea-image", files=[{"name": "kettle.png", "mimeType": "image/png", "buffer": _png()}]
    )
    expect(ada.locator("#image-preview")).to_be_visible()
    screenshot(ada, "idea-form-phone")
    ada.click("#idea-save")
    expect(ada.locator("#team-ideas li")).to_contain_text("Solar kettle")

    card = cy.locator(".idea-card", has_text="Solar kettle")
    expect(card).to_be_visible()
    expect(card.locator("img.idea-image")).to_be_visible()
    cy.wait_for_function(  # visible is not loaded: wait for the image itself
        # A function, not an expression string: under the page's CSP a string is eval'd.
        "() => document.querySelector('img.idea-image').complete"
        " && document.querySelector('img.idea-image').naturalWidth > 100",
        timeout=10000,
    )
    expect(ideas_console.locator(".idea-card", has_text="Solar kettle")).to_be_visible()
    # The team's working-out-loud posts show under its idea, on the board and in the console,
    # and a new one arrives live.
    expect(card.locator(".idea-progress")).to_contain_text("Sketching the kettle")
    console_card = ideas_console.locator(".idea-card", has_text="Solar kettle")
    expect(console_card.locator(".idea-progress")).to_contain_text("Sketching the kettle")
    ada.fill("#progress-text", "Mirror arrived")
    ada.click("#progress-form button")
    expect(card.locator(".progress-mini li").first).to_contain_text("Ada: Mirror arrived")
    expect(console_card.locator(".progress-mini li").first).to_contain_text("Mirror arrived")

    # Bob edits it; the board and the console follow.
    bob.locator("#team-ideas li", has_text="Solar kettle").get_by_role("link", name="Edit").click()
    expect(bob.locator("#idea-title")).to_have_value("Solar kettle")
    bob.fill("#idea-title", "Solar kettle 2")
    bob.click("#idea-save")
    expect(bob.locator("#team-ideas li")).to_contain_text("Solar kettle 2")
    expect(cy.locator(".idea-card .idea-title")).to_have_text(["Solar kettle 2"])
    expect(ideas_console.locator(".idea-card .idea-title")).to_have_text(["Solar kettle 2"])
    cy.locator(".idea-card summary").click()
    expect(cy.locator(".idea-card .prose strong")).to_have_text("water")
    assert cy.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(cy, "ideas-board-phone")

    # The facilitator reads the history, then hides the idea: it vanishes from the board.
    ideas_console.get_by_role("button", name=re.compile(r"History")).click()
    expect(ideas_console.locator("#history-list li")).to_have_count(2)
    expect(ideas_console.locator("#history-list li").first).to_contain_text("Bob")
    ideas_console.get_by_role("button", name="Hide…").click()
    ideas_console.fill(".hide-reason", "Duplicate of another idea")
    ideas_console.locator(".hide-form button[type=submit]").click()
    expect(cy.locator(".idea-card")).to_have_count(0)
    expect(cy.locator("#no-ideas")).to_be_visible()
    expect(ideas_console.locator(".idea-card.is-hidden")).to_contain_text(
        "Duplicate of another idea"
    )
    expect(ada.locator("#team-ideas li")).to_have_count(0)
    screenshot(ideas_console, "console-ideas-laptop")
    screenshot(teams_console, "console-teams-laptop")

    for page in (cy, teams_console, ideas_console):
        assert page.evaluate("window.__sameDocument") is True  # nothing was reloaded
    for page in (ada, bob, cy, teams_console, ideas_console):
        assert page.errors == []


def test_facilitator_previews_and_accepts_automatic_teams(server, remote, open_page):
    hack = make_hack(remote)
    hack.settings(skills=["Design", "Code", "Data"], team_min=2, team_max=3)
    for n in range(7):
        hack.person(f"P{n}")
        prefs = [hack.challenges[n % 2]]
        remote.ok(
            "PUT",
            hack.path("/profile"),
            hack.tokens[f"P{n}"],
            {"skills": [["Design", "Code", "Data"][n % 3]], "preferences": prefs},
        )
    console = _console(open_page, server, hack.event["id"], "teams")
    expect(console.locator("#free-total")).to_have_text("7")
    console.click("#match-form button[type=submit]")
    expect(console.locator("#match-preview")).to_be_visible()
    expect(console.locator("#match-score")).to_contain_text("Placing 7 people")
    expect(console.locator(".proposed")).to_have_count(3)
    expect(console.locator(".proposed .rank.r1").first).to_be_visible()
    screenshot(console, "console-matching-laptop")
    console.click("#match-accept")
    expect(console.locator("#match-preview")).to_be_hidden()
    expect(console.locator(".team-card")).to_have_count(3)
    expect(console.locator("#free-total")).to_have_text("0")
    console.set_viewport_size(PHONE)
    screenshot(console, "console-teams-phone")
    assert console.errors == []


def test_the_idea_form_waits_for_its_challenges_before_it_can_be_saved(server, remote, open_page):
    hack = make_hack(remote)
    phone = _phone(open_page, server, hack.event["code"], "Dee")
    # No live connection: the challenges (a required choice) never arrive.
    phone.route("**/socket.io/**", lambda route: route.abort())  # long-polling
    phone.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: None)  # silent: never opens
    phone.goto(f"{server.url}/e/{hack.event['code']}/ideas/new")
    phone.fill("#idea-title", "Bike lockers")
    expect(phone.locator("#idea-save")).to_be_disabled()
    assert phone.locator("#idea-challenge option:not([value=''])").count() == 0
    # Once connected, the challenges fill in and the form can be sent.
    offline, phone = phone, phone.context.new_page()
    offline.close()
    phone.goto(f"{server.url}/e/{hack.event['code']}/ideas/new")
    expect(phone.locator("#idea-save")).to_be_enabled()
    expect(phone.locator("#idea-challenge option:not([value=''])")).to_have_text(
        ["Challenge 1", "Challenge 2"]
    )


def test_a_new_participant_is_offered_the_profile_right_after_joining(server, remote, open_page):
    hack = make_hack(remote)
    hack.settings(skills=["Design", "Front end", "Data"])
    phone = open_page(
        f"{server.url}/j/{hack.event['code']}", {"width": 390, "height": 844}, mobile=True
    )
    phone.fill("#name", "Ada")
    phone.click("#join-form button")
    expect(phone.locator("#me-name")).to_have_text("Ada")
    welcome = phone.locator("#welcome")
    expect(welcome).to_be_visible()
    expect(welcome).to_contain_text("What are you good at?")
    screenshot(phone, "phone-welcome-after-join", full_page=False)
    phone.click("#welcome-profile")
    expect(phone.locator("#profile-details")).to_have_attribute("open", "")
    expect(phone.locator("#profile-card")).to_be_in_viewport()
    phone.locator(".chip-check", has_text="Front end").click()
    save = phone.locator("#profile-form button[type=submit]")
    expect(save).to_be_enabled()
    save.click()
    expect(phone.locator("#profile-saved")).to_be_visible()
    expect(phone.locator("#profile-summary")).to_have_text("Front end")
    screenshot(phone, "phone-profile-after-join", full_page=False)
    # Later visits: no welcome card, and the profile stays one tap away on the event page.
    phone.goto(f"{server.url}/e/{hack.event['code']}")
    expect(phone.locator("#welcome")).to_have_count(0)
    expect(phone.locator("#profile-link")).to_have_attribute(
        "href", re.compile(r"/team\?profile=open")
    )
    assert phone.errors == []


def test_the_people_table_fits_the_console_at_1366_px(server, remote, open_page):
    hack = make_hack(remote)
    skills = ["Design", "Front end", "Back end", "Data", "Project management"]
    hack.settings(skills=skills, profile_fields=["organisation", "role"])
    for n, name in enumerate(["Ada Lovelace-Byron", "Bob", "Chiamaka Okonkwo", "Di", "Eero"]):
        hack.person(name)
        remote.ok(
            "PUT",
            hack.path("/profile"),
            hack.tokens[name],
            {
                "skills": skills[n : n + 3],
                "tags": ["arduino", "sketching"],
                "preferences": hack.challenges[:2],
                "interests": "Cycling to work, public transport data and maps",
                "organisation": "Facilities team",
                "role": "Analyst",
            },
        )
    console = _console(open_page, server, hack.event["id"], "teams")
    console.set_viewport_size({"width": 1366, "height": 768})
    expect(console.locator("#people-rows tr")).to_have_count(5)
    scroller = console.locator("#people-card .table-scroll")
    # Nothing of the table is cut off or hidden behind a horizontal scroll bar.
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
    card = console.locator("#people-card").bounding_box()
    for cell in console.locator("#people-rows tr:first-child td").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"] + 1
    expect(console.locator("#people-rows tr:first-child")).to_contain_text("Facilities team")
    console.locator("#people-card").scroll_into_view_if_needed()
    screenshot(console, "console-people-1366", full_page=False)
    assert console.errors == []
