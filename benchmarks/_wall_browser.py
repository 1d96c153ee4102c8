"""The wall benchmark's Chromium half: real screens on a small wall, and the 300-card screen.

See benchmarks/wall.py for what is measured and why.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from benchmarks._harness import Bench

CHROMIUM_ARGS = ["--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]


def api_sync(
    setup: Bench, method: str, path: str, body: Any = None, token: str | None = None
) -> Any:
    """A blocking API call as the facilitator (or as `token`; "" sends none). Blocking, because
    Playwright's sync API runs an event loop of its own."""
    headers = {"Content-Type": "application/json"}
    token = setup.facilitator_token if token is None else token
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(setup.url + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read())["data"]


def screen_url(setup: Bench, wall: dict, key: str, *, preview: bool = False) -> str:
    query = f"key={setup.display_token}&wall={wall['id']}&at={key}"
    return f"{setup.url}/e/{setup.code}/display?{query}{'&preview=1' if preview else ''}"


def chromium_phase(setup: Bench, small: dict, seconds: float) -> dict[str, list[float]]:
    """Six Chromium screens: flip and switch skew (applied, and first shown in a frame), its
    two sources, and idea -> rendered on every screen."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = []
        for place in small["geometry"]["screens"]:
            context = browser.new_context(viewport={"width": place["w"], "height": place["h"]})
            page = context.new_page()
            page.goto(screen_url(setup, small, place["key"]))
            pages.append(page)
        for page, place in zip(pages, small["geometry"]["screens"], strict=True):
            page.wait_for_selector(f"body[data-position={place['key']}]", state="attached")
        mode_path = f"/api/events/{setup.event_id}/walls/{small['id']}/mode"
        api_sync(setup, "POST", mode_path, {"mode": "ideas"})
        time.sleep(seconds)
        for mode in ("agenda", "ideas", "join", "ideas"):
            api_sync(setup, "POST", mode_path, {"mode": mode})
            time.sleep(1.3)
        idea_ms = chromium_idea_latency(setup, pages)
        logs = [page.evaluate("window.hackkitWall.log") for page in pages]
        browser.close()
    for log in logs:
        for entry in log:
            if "target" in entry:
                # All screens share this machine's clock, so a spread of `offset` is how far
                # their server-clock estimates disagree, and `late` how late each timer fired.
                entry["offset"] = entry["at"] - entry["local"]
                entry["late"] = entry["at"] - entry["target"]
    return {
        "applied": spreads(logs, "local"),
        "frame": spreads(logs, "frame"),
        "offset": spreads(logs, "offset"),
        "late": spreads(logs, "late"),
        "idea": idea_ms,
    }


def spreads(logs: list[list[dict]], clock: str) -> list[float]:
    """For each flip or switch every screen logged: the spread of its `clock` instants."""
    groups: dict[tuple, list[float]] = {}
    for log in logs:
        for entry in log:
            if entry["kind"] in ("flip", "mode") and entry.get("target") and clock in entry:
                groups.setdefault((entry["kind"], entry["target"]), []).append(entry[clock])
    return [max(v) - min(v) for v in groups.values() if len(v) == len(logs)]


def chromium_idea_latency(setup: Bench, pages: list) -> list[float]:
    joined = api_sync(setup, "POST", "/api/join", {"code": setup.code, "name": "Chromium lead"}, "")
    token = joined["token"]
    base = f"/api/events/{setup.event_id}"
    api_sync(setup, "POST", base + "/teams", {"name": "Chromium team"}, token)
    samples = []
    for n in range(5):
        before = pages[0].evaluate(
            "(window.hackkitWall.log.filter(e => e.kind === 'render').at(-1) || {}).ideas"
        )
        t0 = time.time() * 1000
        api_sync(setup, "POST", base + "/ideas", {"title": f"Seen on glass {n}"}, token)
        time.sleep(0.6)
        rendered = []
        for page in pages:
            log = page.evaluate("window.hackkitWall.log.filter(e => e.kind === 'render')")
            after = [e["local"] for e in log if e["local"] >= t0 and e["ideas"] > (before or 0)]
            rendered.append(min(after) if after else float("inf"))
        samples.append(max(rendered) - t0)
    return samples


FRAME_PROBE = """
async (ms) => {
  const deltas = [];
  let last = null;
  const long = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) long.push(entry.duration);
  });
  try { observer.observe({ type: "long-animation-frame", buffered: false }); } catch {}
  await new Promise((done) => {
    const end = performance.now() + ms;
    const frame = (t) => {
      if (last !== null) deltas.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(frame); else done();
    };
    requestAnimationFrame(frame);
  });
  observer.disconnect();
  return { deltas, long, cards: document.querySelectorAll(".wall-card").length };
}
"""


def render_phase(setup: Bench, solo: dict, total_ideas: int, seconds: float) -> dict[str, Any]:
    """One 1920 x 1080 screen with every idea on the board, flipping each second."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM

    add_ideas_directly(setup, total_ideas)
    api_sync(
        setup, "POST", f"/api/events/{setup.event_id}/walls/{solo['id']}/mode", {"mode": "ideas"}
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(screen_url(setup, solo, "r0c0", preview=True))
        page.wait_for_selector("body[data-mode=ideas]", state="attached")
        time.sleep(1)
        result = page.evaluate(FRAME_PROBE, int(seconds * 1000))
        browser.close()
    return result


def add_ideas_directly(setup: Bench, total: int) -> None:
    """Fill the board up to `total` ideas in the database (the screen reads them at load)."""
    from sqlalchemy import func, select

    from hackkit import create_app
    from hackkit.extensions import db
    from hackkit.teams.models import Idea

    app = create_app(
        {
            "database_url": setup.database_url,
            "instance_path": setup.instance,
            "async_mode": "threading",
        }
    )
    with app.app_context():
        session = db.session()
        have = session.execute(
            select(func.count(Idea.id)).where(Idea.event_id == setup.event_id)
        ).scalar_one()
        for n in range(have, total):
            session.add(
                Idea(
                    event_id=setup.event_id,
                    title=f"Board idea {n}",
                    pitch="Three hundred on one screen.",
                )
            )
        session.commit()
        db.remove()
