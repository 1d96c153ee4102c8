"""The video wall in real browsers: screens are headless Chromium pages, placed and flipped."""

from __future__ import annotations

import io
import json
import re
import time

from PIL import Image
from playwright.sync_api import expect

from hackkit.wall import preview
from hackkit.wall.layout import WallGeometry, paginate, plan_cards
from tests.browser.conftest import LAPTOP, PHONE, SHOTS, screenshot
from tests.browser.test_foundation import sign_in

SCREEN = {"width": 480, "height": 270}
TV = {"width": 1920, "height": 1080}
HALF = {"width": 960, "height": 540}
BEZEL_X, BEZEL_Y = 24, 16
GRID = {
    "rows": 2,
    "cols": 2,
    "screen_w": 480,
    "screen_h": 270,
    "bezel_x": BEZEL_X,
    "bezel_y": BEZEL_Y,
}
LINE_EVERY = 200  # the test pattern draws a line every 200 canvas px (wall.css)


def setup_wall(remote, grid=GRID, **fields):
    fac = remote.facilitator()
    event = remote.event(fac, "Wall Night")
    body = {"name": "Main hall", "grid": grid, "viewing_distance_m": 1} | fields
    wall = remote.ok("POST", f"/api/events/{event['id']}/walls", fac, body)
    return fac, event, wall


def display_url(server, remote, event, **params) -> str:
    query = "".join(f"&{k}={v}" for k, v in params.items())
    return f"{server.url}/e/{event['code']}/display?key={remote.display_token(event['id'])}{query}"


def screen_ids(remote, fac, event) -> dict[int, int]:
    """Screen number -> id, from the console's snapshot."""
    state = remote.ok("GET", f"/api/events/{event['id']}/snapshot", fac)["state"]
    return {s["number"]: s["id"] for s in state["wall_screens"]}


def expected_colour(x: int, y: int, w: int, h: int) -> tuple[float, float]:
    """Red grows left to right, green top to bottom, over the whole canvas."""
    return 255 * (x + 0.5) / w, 255 * (y + 0.5) / h


def sample_points(viewport: dict, canvas: tuple[int, int]):
    """Canvas points on this screen away from its outline, its label and the pattern's lines."""
    for fx in (0.06, 0.12, 0.88, 0.94):
        for fy in (0.08, 0.16, 0.84, 0.92):
            x = viewport["x"] + int(viewport["w"] * fx)
            y = viewport["y"] + int(viewport["h"] * fy)
            if min(x % LINE_EVERY, y % LINE_EVERY) > 6:
                yield x, y


def test_four_screens_form_one_continuous_canvas_and_a_reloaded_screen_returns(
    server, remote, open_page
):
    fac, event, wall = setup_wall(remote)
    pages = [open_page(display_url(server, remote, event), SCREEN) for _ in range(4)]
    numbers = []
    for page in pages:
        expect(page.locator("#overlay-number")).to_have_text(re.compile(r"^\d+$"))
        numbers.append(int(page.locator("#overlay-number").text_content()))
    ids = screen_ids(remote, fac, event)
    keys = ["r0c0", "r0c1", "r1c0", "r1c1"]
    base = f"/api/events/{event['id']}"
    for number, key in zip(numbers, keys, strict=True):
        body = {"wall_id": wall["id"], "position": key}
        remote.ok("POST", f"{base}/screens/{ids[number]}/assign", fac, body)
    remote.ok("POST", f"{base}/walls/{wall['id']}/mode", fac, {"mode": "identify"})
    for page, key in zip(pages, keys, strict=True):
        expect(page.locator("body")).to_have_attribute("data-position", key)
        expect(page.locator("body")).to_have_attribute("data-mode", "identify")

    viewports = {s["key"]: s for s in wall["geometry"]["screens"]}
    canvas_w = 2 * 480 + BEZEL_X
    canvas_h = 2 * 270 + BEZEL_Y
    shots = {
        key: Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        for page, key in zip(pages, keys, strict=True)
    }
    stitched = Image.new("RGB", (canvas_w, canvas_h), (40, 40, 46))
    for key, shot in shots.items():
        stitched.paste(shot, (viewports[key]["x"], viewports[key]["y"]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    stitched.save(SHOTS / "wall-2x2-identify.png")

    # Every screen shows exactly its own part of the one canvas...
    for key, viewport in viewports.items():
        for x, y in sample_points(viewport, (canvas_w, canvas_h)):
            red, green, blue = stitched.getpixel((x, y))
            want_red, want_green = expected_colour(x, y, canvas_w, canvas_h)
            assert abs(red - want_red) <= 6 and abs(green - want_green) <= 6 and blue <= 6, (
                key,
                x,
                y,
            )
    # ...so the picture runs on across each seam, the bezel's width further on.
    for y in (40, 60, 330, 350):
        left, right = stitched.getpixel((480 - 20, y)), stitched.getpixel((480 + BEZEL_X + 20, y))
        step = 255 * (40 + BEZEL_X) / canvas_w
        assert abs((right[0] - left[0]) - step) <= 6 and abs(right[1] - left[1]) <= 3
    for x in (40, 60, 900, 920):
        above, below = stitched.getpixel((x, 270 - 20)), stitched.getpixel((x, 270 + BEZEL_Y + 20))
        step = 255 * (40 + BEZEL_Y) / canvas_h
        assert abs((below[1] - above[1]) - step) <= 6 and abs(below[0] - above[0]) <= 3

    # A reloaded screen finds its place again by itself, well within 3 s.
    reloaded = pages[2]
    started = time.monotonic()
    reloaded.reload()
    expect(reloaded.locator("body")).to_have_attribute("data-position", "r1c0", timeout=3000)
    expect(reloaded.locator("body")).to_have_attribute("data-mode", "identify", timeout=3000)
    assert time.monotonic() - started < 3
    again = Image.open(io.BytesIO(reloaded.screenshot())).convert("RGB")
    assert again.getpixel((30, 30)) == shots["r1c0"].getpixel((30, 30))
    for page in pages:
        assert page.errors == []


def test_facilitator_places_waiting_screens_by_clicking_and_sees_their_health(
    server, remote, open_page
):
    fac, event, _wall = setup_wall(remote, {**GRID, "rows": 1})
    screens = [open_page(display_url(server, remote, event), SCREEN) for _ in range(2)]
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-view", "waiting")
    console = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/wall")
    expect(console.locator(".wall-slot")).to_have_count(2)
    expect(console.locator(".wall-slot[data-key=r0c1] .wall-slot-key")).to_have_text(
        "Row 1, column 2"
    )
    # Before saving, the form says what the wall holds from the distance typed in.
    console.fill("#wf-distance", "2")
    expect(console.locator("#wf-fits")).to_contain_text("At 2 m this wall fits")
    console.fill("#wf-distance", "8")
    expect(console.locator("#wf-fits")).to_contain_text("too small for readable text")
    # From 2 m a page still holds cards, but not the longest titles: the form warns, and the
    # server refuses to save it, by the same rule (nothing changes; the screens keep going).
    console.fill("#wf-distance", "2")
    expect(console.locator("#wf-fits")).to_contain_text("cannot be saved")
    console.click("#wf-save")
    expect(console.locator("#form-error")).to_contain_text(
        "the furthest this wall can be read from is 1 m"
    )
    walls = remote.ok("GET", f"/api/events/{event['id']}/snapshot", fac)["state"]["walls"]
    assert [w["viewing_distance_m"] for w in walls] == [1]
    console.fill("#wf-distance", "1")
    for page, key in zip(screens, ["r0c1", "r0c0"], strict=True):
        number = page.locator("#overlay-number").text_content()
        console.locator("#wall-waiting button", has_text=re.compile(f"^{number}$")).click()
        console.locator(f".wall-slot[data-key={key}]").click()
        expect(page.locator("body")).to_have_attribute("data-position", key)
        expect(console.locator(f".wall-slot[data-key={key}] .wall-slot-number")).to_have_text(
            number
        )
    expect(console.locator("#waiting-none")).to_be_visible()
    rows = console.locator("#wall-health-rows tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("online")
    expect(rows.first.locator("td").nth(5)).to_have_text(re.compile(r"\d+(\.\d+)? ms"))
    console.click("#wall-modes [data-mode=agenda]")
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-mode", "agenda")
    screenshot(console, "wall-console-laptop")
    console.set_viewport_size(PHONE)
    console.reload()
    expect(console.locator(".wall-slot")).to_have_count(2)
    assert console.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(console, "wall-console-phone")

    console.once("dialog", lambda dialog: dialog.accept())
    rows.first.get_by_role("button", name="Remove").click()  # screen 1, the first opened
    expect(screens[0].locator("body")).to_have_attribute("data-view", "removed")
    expect(screens[0].locator("#overlay-text")).to_contain_text("taken off the wall")
    expect(screens[1].locator("body")).to_have_attribute("data-mode", "agenda")
    for page in (*screens, console):
        assert page.errors == []


def add_idea(remote, event, n: int) -> dict:
    person = remote.join(event["code"], f"Maker {n}")
    token = person["token"]
    base = f"/api/events/{event['id']}"
    remote.ok("POST", base + "/teams", token, {"name": f"Team {n}"})
    pitch = "A one-line pitch that says why it matters."
    return remote.ok("POST", base + "/ideas", token, {"title": f"Idea number {n}", "pitch": pitch})


def cards_on(wall: dict, key: str, n: int) -> int:
    """How many cards layout.py puts on one screen over all pages, for n ideas."""
    geometry = WallGeometry.from_dict(wall["geometry"])
    plan = plan_cards(geometry, n, min_glyph_px=wall["glyph_px"], reserve_top=wall["banner_px"])
    pages = paginate([str(i) for i in range(n)], plan)
    assert len(pages) == (2 if n > 4 else 1)
    return sum(slot.screen_key == key for page in pages for _, slot in page)


def test_ideas_appear_live_and_every_screen_flips_to_the_same_page(server, remote, open_page):
    fac, event, wall = setup_wall(remote, {**GRID, "rows": 1}, dwell_s=1)
    for n in range(3):
        add_idea(remote, event, n)
    base = f"/api/events/{event['id']}"
    screens = [
        open_page(display_url(server, remote, event, wall=wall["id"], at=key), SCREEN)
        for key in ("r0c0", "r0c1")
    ]
    remote.ok("POST", f"{base}/walls/{wall['id']}/mode", fac, {"mode": "ideas"})
    cards = [page.locator(".wall-page:not(.off) .wall-card") for page in screens]
    for page in screens:
        expect(page.locator("body")).to_have_attribute("data-mode", "ideas")
    for page, key in zip(screens, ("r0c0", "r0c1"), strict=True):
        expect(page.locator(".wall-card")).to_have_count(cards_on(wall, key, 3))
    hidden_one = add_idea(remote, event, 3)
    for n in range(4, 7):
        add_idea(remote, event, n)
    # Seven ideas are more than a page holds: they arrive live and the pages start to turn.
    for page, key in zip(screens, ("r0c0", "r0c1"), strict=True):
        expect(page.locator(".wall-card")).to_have_count(cards_on(wall, key, 7))
    expect(screens[1].locator(".wall-card-title", has_text="Idea number 6")).to_have_count(1)
    time.sleep(3.2)
    logs = [
        page.evaluate("window.hackkitWall.log.filter((e) => e.kind === 'flip')") for page in screens
    ]
    flips = [{round(entry["at"] / 1000): entry for entry in log} for log in logs]
    common = set(flips[0]) & set(flips[1])
    assert len(common) >= 2, logs
    for second in common:
        a, b = flips[0][second], flips[1][second]
        assert a["page"] == b["page"]
        assert abs(a["at"] - b["at"]) < 50, (a, b)
    assert cards[0].count() >= 1
    screenshot(screens[0], "wall-ideas-left", full_page=False)

    remote.ok("POST", f"{base}/ideas/{hidden_one['id']}/hide", fac, {"reason": "Duplicate"})
    for page in screens:
        expect(page.locator(".wall-card-title", has_text="Idea number 3")).to_have_count(0)
    assert json.loads(screens[0].locator("#boot").text_content())["eventId"] == event["id"]
    for page in screens:
        assert page.errors == []


def test_console_downloads_a_preview_stitched_from_every_screen(server, remote, open_page):
    _fac, event, wall = setup_wall(remote, {**GRID, "cols": 3})
    console = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/wall")
    link = console.locator("#wall-preview")
    expect(link).to_have_attribute("href", re.compile(rf"/wall/{wall['id']}/preview.png$"))
    with console.expect_download(timeout=90_000) as download:
        link.click()
    image = Image.open(download.value.path())
    assert image.size == (3 * 480 + 2 * BEZEL_X, 2 * 270 + BEZEL_Y)
    assert image.getpixel((480 + BEZEL_X // 2, 100)) == preview.BEZEL_COLOUR
    banner = image.getpixel((3 * 480 + 2 * BEZEL_X - 5, 5))  # the join screen's banner, far right
    assert banner != preview.BEZEL_COLOUR and sum(banner) < 200
    image.save(SHOTS / "wall-preview-download.png")
    assert console.errors == []


def on_all(pages, selector: str, n: int) -> None:
    """Wait until the screens of one wall show n elements matching selector between them (a
    card is on whichever screen its slot is)."""
    deadline = time.monotonic() + 10
    while True:
        counts = [page.locator(selector).count() for page in pages]
        if sum(counts) == n:
            return
        assert time.monotonic() < deadline, f"{selector}: {counts}, want {n} in all"
        pages[0].wait_for_timeout(100)


def test_a_progress_post_from_a_phone_appears_on_the_wall_live(server, remote, open_page):
    fac, event, tv = setup_wall(
        remote, {"rows": 1, "cols": 1, "screen_w": 1920, "screen_h": 1080}, viewing_distance_m=3
    )
    base = f"/api/events/{event['id']}"
    grid = {"rows": 1, "cols": 2, "screen_w": 960, "screen_h": 540, "bezel_x": 20}
    foyer = {"name": "Foyer", "grid": grid, "viewing_distance_m": 2}
    pair = remote.ok("POST", f"{base}/walls", fac, foyer)
    # Two teams have written before the screens open (the snapshot brings their posts).
    for n, body in ((1, "Wired the sensors."), (2, "Demo works end to end; now the slides.")):
        maker = remote.join(event["code"], f"Maker {n}")["token"]
        team = remote.ok("POST", base + "/teams", maker, {"name": f"Team {n}"})
        remote.ok("POST", f"{base}/teams/{team['id']}/progress", maker, {"body": body})
    for wall in (tv, pair):
        remote.ok("POST", f"{base}/walls/{wall['id']}/mode", fac, {"mode": "progress"})
    walls = [
        [open_page(display_url(server, remote, event, wall=tv["id"], at="r0c0"), TV)],
        [
            open_page(display_url(server, remote, event, wall=pair["id"], at=key), HALF)
            for key in ("r0c0", "r0c1")
        ],
    ]
    shown = ".wall-post"  # on any page: which page shows now depends on the clock
    for screens in walls:
        for page in screens:
            expect(page.locator("body")).to_have_attribute("data-mode", "progress")
        on_all(screens, shown, 2)
    # Newest first: the first card of the wall (its first page, top left) is Team 2's.
    for screens in walls:
        first = screens[0].locator(shown).first
        expect(first.locator(".wall-card-title")).to_have_text("Team 2")
        expect(first.locator(".wall-post-body")).to_have_text(
            "Demo works end to end; now the slides."
        )

    phone = open_page(f"{server.url}/j/{event['code']}", PHONE, mobile=True)
    phone.fill("#name", "Ada")
    phone.click("#join-form button")
    expect(phone.locator("#me-name")).to_have_text("Ada")
    phone.goto(f"{server.url}/e/{event['code']}/team")
    expect(phone.locator("body")).to_have_attribute("data-connection", "online")
    phone.click("#create-team summary")
    phone.fill("#create-team-name", "Rocket")
    phone.click("#create-team-form button[type=submit]")
    expect(phone.locator("#team-name")).to_have_text("Rocket")
    said = "The prototype kettle boils water with the mirror alone!"
    phone.fill("#progress-text", said)
    phone.click("#progress-form button")
    for screens in walls:
        on_all(screens, shown, 3)
        newest = screens[0].locator(shown).first
        expect(newest.locator(".wall-card-title")).to_have_text("Rocket")
        expect(newest.locator(".wall-post-body")).to_have_text(said)
        # The author beside the age only where the longest author's name fits on that line.
        expect(newest.locator(".wall-post-ago")).to_have_text("just now")
    # A renamed team is renamed on the wall too.
    team_id = remote.ok("GET", f"{base}/snapshot", fac)["state"]["progress"][0]["team_id"]
    remote.ok("PATCH", f"{base}/teams/{team_id}", fac, {"name": "Rocket Kettle"})
    for screens in walls:
        expect(screens[0].locator(shown).first.locator(".wall-card-title")).to_have_text(
            "Rocket Kettle"
        )
    screenshot(walls[0][0], "wall-progress-1920x1080", full_page=False)
    screenshot(walls[1][0], "wall-progress-960x540-left", full_page=False)
    screenshot(walls[1][1], "wall-progress-960x540-right", full_page=False)
    for page in (*walls[0], *walls[1], phone):
        assert page.errors == []


def test_screens_that_were_closed_do_not_pile_up_in_the_waiting_list(server, remote, open_page):
    """A reloaded tab registers anew and a TV gets switched off: only screens online now are
    offered for placing, the others are counted in one line."""
    from hackkit.extensions import db
    from hackkit.wall.models import WallScreen

    _fac, event, _wall = setup_wall(remote, {**GRID, "rows": 1})
    ten_minutes_ago = int(time.time() * 1000) - 600_000
    for number in (91, 92):  # two screens last heard from ten minutes ago
        db.session.add(
            WallScreen(
                event_id=event["id"],
                number=number,
                secret=f"gone-{number}",
                last_seen_ms=ten_minutes_ago,
            )
        )
    db.session.commit()
    live = open_page(display_url(server, remote, event), SCREEN)
    expect(live.locator("body")).to_have_attribute("data-view", "waiting")
    # The screen draws its number once the server has given it one (it may come after the view).
    expect(live.locator("#overlay-number")).to_have_text(re.compile(r"^\d+$"))
    number = live.locator("#overlay-number").text_content()
    console = open_page(f"{server.url}/console/", LAPTOP)
    sign_in(console, server)
    console.goto(f"{server.url}/console/events/{event['id']}/wall")
    expect(console.locator("#wall-waiting button")).to_have_count(1)
    expect(console.locator("#wall-waiting button")).to_have_text(number)
    expect(console.locator("#waiting-offline")).to_have_text(
        "2 closed or switched-off screens are not shown."
    )
    gone = console.locator("#wall-health-rows tr", has_text="91")
    expect(gone).to_contain_text("offline")
    expect(gone).to_contain_text("10 min ago")
    screenshot(console, "wall-console-offline-waiting")
    assert console.errors == [] and live.errors == []


def test_a_revealed_result_stands_its_top_three_on_a_podium_across_two_screens(
    server, remote, open_page
):
    pair = {"rows": 1, "cols": 2, "screen_w": 960, "screen_h": 540, "bezel_x": 0, "bezel_y": 0}
    fac, event, wall = setup_wall(remote, pair)
    base = f"/api/events/{event['id']}"
    ideas = [add_idea(remote, event, n) for n in range(5)]
    ballot = remote.ok(
        "POST",
        base + "/ballots",
        fac,
        {"title": "Audience award", "method": "single", "visibility": "hidden"},
    )
    remote.ok("POST", f"{base}/ballots/{ballot['id']}/open", fac, {})
    for n, idea in enumerate([ideas[0]] * 3 + [ideas[1]] * 2 + [ideas[2]]):
        voter = remote.join(event["code"], f"Voter {n}")["token"]
        body = {"vote_id": f"{n:032x}", "content": {"choice": str(idea["id"])}}
        remote.ok("POST", f"{base}/ballots/{ballot['id']}/votes", voter, body)
    screens = [
        open_page(display_url(server, remote, event, wall=wall["id"], at=key), HALF)
        for key in ("r0c0", "r0c1")
    ]
    body = {"mode": "results", "ballot_id": ballot["id"]}
    remote.ok("POST", f"{base}/walls/{wall['id']}/mode", fac, body)
    # Hidden until revealed: the turnout, and no podium yet.
    for page in screens:
        expect(page.locator(".wall-turnout")).to_have_text("6 of 11 have voted")
        expect(page.locator(".wall-podium")).to_have_count(0)

    remote.ok("POST", f"{base}/ballots/{ballot['id']}/close", fac, {})
    remote.ok("POST", f"{base}/ballots/{ballot['id']}/reveal", fac, {})
    left, right = screens
    podium = left.locator(".wall-podium")
    expect(podium).to_have_count(3)
    places = {}
    for place, (title, team, score) in enumerate(
        [
            ("Idea number 0", "Team 0", "3 votes"),
            ("Idea number 1", "Team 1", "2 votes"),
            ("Idea number 2", "Team 2", "1 vote"),
        ],
        start=1,
    ):
        card = left.locator(f".wall-podium.podium-{place}")
        expect(card.locator(".wall-podium-label")).to_have_text(title)
        expect(card.locator(".wall-podium-team")).to_have_text(team)
        expect(card.locator(".wall-podium-value")).to_have_text(score)
        expect(card.locator(".wall-podium-plinth")).to_have_text(str(place))
        places[place] = card.bounding_box()
    # Second, first, third from left to right; the first place stands highest.
    assert places[2]["x"] < places[1]["x"] < places[3]["x"]
    steps = [
        left.locator(f".wall-podium.podium-{p} .wall-podium-plinth").bounding_box()["height"]
        for p in (1, 2, 3)
    ]
    assert steps[0] > steps[1] > steps[2]
    # The rest on the other screen, with their score in words; the turnout in the banner.
    expect(right.locator(".wall-result")).to_have_count(2)
    expect(right.locator(".wall-result-value")).to_have_text(["0 votes", "0 votes"])
    expect(right.locator(".wall-podium")).to_have_count(0)
    expect(right.locator(".wall-banner-title")).to_have_text("6 of 11 have voted")
    screenshot(left, "wall-podium-left-960", full_page=False)
    screenshot(right, "wall-podium-right-960", full_page=False)
    for page in screens:
        assert page.errors == []
