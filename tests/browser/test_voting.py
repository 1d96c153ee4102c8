"""Voting in real browsers: phones vote with three methods, the reveal lands on every screen."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, WALL, screenshot
from tests.browser.test_foundation import sign_in
from tests.voting.conftest import add_ideas


def join_and_vote_page(open_page, server, code, name):
    phone = open_page(f"{server.url}/j/{code}", PHONE, mobile=True)
    phone.fill("#name", name)
    phone.click("#join-form button")
    expect(phone.locator("#me-name")).to_have_text(name)
    phone.goto(f"{server.url}/e/{code}/vote")
    expect(phone.locator("body")).to_have_attribute("data-connection", "online")
    return phone


def card(page, ballot_id):
    return page.locator(f'.ballot-card[data-ballot-id="{ballot_id}"]')


def vote_single(phone, ballot_id, option):
    box = card(phone, ballot_id)
    box.locator(f'.choice[data-option="{option}"]').click()
    box.locator(".send").click()
    expect(box.locator(".counted")).to_have_text("✓ Your vote is counted")


def vote_dots(phone, ballot_id, dots):
    box = card(phone, ballot_id)
    for option, n in dots.items():
        for _ in range(n):
            box.locator(f'.amount-row[data-option="{option}"] .step').last.click()
    box.locator(".send").click()
    expect(box.locator(".counted")).to_be_visible()


def vote_ranked(phone, ballot_id, ranking):
    box = card(phone, ballot_id)
    for option in ranking:
        box.locator(f'.choice[data-option="{option}"]').click()
    expect(box.locator(".my-ranking li")).to_have_count(len(ranking))
    box.locator(".send").click()
    expect(box.locator(".summary")).to_contain_text("Your ranking: 1.")


def test_phones_vote_with_three_methods_and_the_reveal_reaches_every_screen(
    server, remote, open_page
):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Demo Day")
    code, base = event["code"], f"/api/events/{event['id']}/ballots"
    ideas = add_ideas(event["id"])

    console = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/voting")
    expect(console.locator("body")).to_have_attribute("data-connection", "online")
    # The first ballot is made in the console's form; the other two through the API.
    console.fill("#b-title", "People's choice")
    console.select_option("#b-visibility", "hidden")
    console.click("#ballot-form button[type=submit]")
    single = console.locator(".ballot-admin").first
    expect(single.locator("h3")).to_have_text("People's choice")
    single_id = int(single.get_attribute("data-ballot-id"))
    dots = api.ok(
        "POST",
        base,
        fac,
        {
            "title": "Dot the ideas",
            "method": "dots",
            "visibility": "hidden",
            "params": {"dots": 3, "max_per_option": 2},
        },
    )
    ranked = api.ok(
        "POST",
        base,
        fac,
        {"title": "Rank them", "method": "ranked", "visibility": "live", "params": {"max_rank": 3}},
    )
    for ballot_id in (single_id, dots["id"], ranked["id"]):
        console.locator(
            f'.ballot-admin[data-ballot-id="{ballot_id}"] button', has_text="Open voting"
        ).click()
        expect(
            console.locator(f'.ballot-admin[data-ballot-id="{ballot_id}"] .badge.status-open')
        ).to_be_visible()

    ada = join_and_vote_page(open_page, server, code, "Ada")
    bob = join_and_vote_page(open_page, server, code, "Bob")
    key = api.display_token(event["id"])
    wall = open_page(f"{server.url}/e/{code}/results?key={key}&ballot={single_id}", WALL)
    expect(wall.locator("#ballot-title")).to_have_text("People's choice")

    vote_single(ada, single_id, ideas[1])
    vote_single(bob, single_id, ideas[1])
    vote_dots(ada, dots["id"], {ideas[0]: 2, ideas[2]: 1})
    vote_dots(bob, dots["id"], {ideas[3]: 1})
    vote_ranked(ada, ranked["id"], [ideas[2], ideas[0]])
    vote_ranked(bob, ranked["id"], [ideas[2], ideas[3], ideas[1]])
    screenshot(ada, "voting-phone")

    # Hidden until the reveal: phones and the wall show turnout only; the console sees all.
    expect(wall.locator("#turnout")).to_have_text("2 of 2 have voted")
    expect(wall.locator(".results-hidden")).to_have_text("The result will be revealed soon.")
    for phone in (ada, bob):
        expect(card(phone, single_id).locator(".turnout")).to_have_text("2 of 2 have voted")
        expect(card(phone, single_id).locator(".hidden-note")).to_be_visible()
        expect(card(phone, single_id).locator(".tally-list")).to_have_count(0)
        expect(card(phone, dots["id"]).locator(".tally-list")).to_have_count(0)
        expect(
            card(phone, ranked["id"]).locator(".tally-row.winner .tally-name").first
        ).to_have_text("Quiet rooms")
    admin = console.locator(f'.ballot-admin[data-ballot-id="{single_id}"]')
    expect(admin.locator(".turnout")).to_have_text("2 of 2 have voted")
    expect(admin.locator(".tally-row.winner .tally-name")).to_have_text("Rain alerts")
    ranked_admin = console.locator(f'.ballot-admin[data-ballot-id="{ranked["id"]}"]')
    expect(ranked_admin.locator(".tally-column .eyebrow")).to_have_text(
        ["Schulze (Condorcet)", "Borda count"]
    )
    screenshot(console, "voting-console")
    screenshot(wall, "voting-wall-hidden", full_page=False)

    admin.locator("button", has_text="Close voting").click()
    admin.locator("button", has_text="Reveal result").click()
    for screen in (ada, bob, wall):
        scope = screen.locator("#results") if screen is wall else card(screen, single_id)
        expect(scope.locator(".tally-row.winner .tally-name")).to_have_text("Rain alerts")
        expect(scope.locator(".tally-row.winner .tally-value")).to_have_text("2")
    expect(card(ada, single_id).locator(".ballot-result h3")).to_have_text("Result")
    expect(admin.locator(".badge.status-revealed")).to_be_visible()
    # "Hidden until reveal" is no longer true once revealed: the setting says what happened.
    expect(admin.locator("select.visibility option:checked")).to_have_text("Revealed")
    wall.wait_for_timeout(700)  # let the reveal animation finish before the picture
    screenshot(wall, "voting-wall-revealed", full_page=False)
    screenshot(bob, "voting-phone-revealed")
    assert ada.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    console.set_viewport_size(PHONE)  # a facilitator running the vote from a phone
    expect(admin.locator(".badge.status-revealed")).to_be_visible()
    assert console.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(console, "voting-console-phone", full_page=False)
    for page in (console, ada, bob, wall):
        assert page.errors == []


def test_a_juror_scores_a_rubric_and_judges_pairs_on_a_phone(server, remote, open_page):
    api = remote
    fac = api.facilitator()
    event = api.event(fac, "Jury Day")
    base = f"/api/events/{event['id']}"
    add_ideas(event["id"])
    criteria = [
        {"key": "impact", "label": "Impact", "weight": 2},
        {"key": "demo", "label": "Demo", "weight": 1},
    ]
    rubric = api.ok(
        "POST",
        f"{base}/ballots",
        fac,
        {
            "title": "Jury scores",
            "method": "rubric",
            "voters": "jury",
            "params": {"criteria": criteria},
        },
    )
    pairs = api.ok(
        "POST",
        f"{base}/ballots",
        fac,
        {"title": "Which is better", "method": "pairwise", "voters": "jury"},
    )
    for ballot in (rubric, pairs):
        api.ok("POST", f"{base}/ballots/{ballot['id']}/open", fac, {})
    juror = api.ok("POST", f"{base}/jury", fac, {"name": "Grace", "weight": 2})

    phone = open_page(server.url + juror["invite_path"], PHONE, mobile=True)
    expect(phone.locator("#me-name")).to_have_text("Grace")
    scores = card(phone, rubric["id"])
    first = scores.locator(".rubric-item").first
    first.locator('.criterion[data-criterion="impact"] .score', has_text="4").click()
    first.locator('.criterion[data-criterion="demo"] .score', has_text="5").click()
    first.locator(".send").click()
    expect(scores.locator(".rubric-item.saved")).to_have_count(1)
    expect(scores.locator(".instruction")).to_contain_text("1 of 4 scored")

    judge = card(phone, pairs["id"])
    expect(judge.locator(".pair-question")).to_have_text("Which is better?")
    for n in range(1, 4):
        judge.locator(".pair-choice").first.click()
        expect(judge.locator(".pair-progress")).to_have_text(
            f"{n} decision{'s' if n > 1 else ''} so far"
        )
    judge.locator("button", has_text="Skip this pair").click()
    expect(judge.locator(".vote-message")).to_have_text("✓ Counted")
    expect(judge.locator(".turnout")).to_have_text("1 of 1 has voted")  # the phones' next push
    screenshot(phone, "voting-jury-phone")
    result = api.ok("GET", f"{base}/ballots/{pairs['id']}/result", fac)
    assert result["tally"]["skips"] == 1 and sum(result["tally"]["coverage"].values()) == 6
    assert re.search(r"\d", phone.locator(".turnout").first.text_content())
    assert phone.errors == []
