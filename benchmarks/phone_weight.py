"""Phone weight: bytes to interactive and first paint of the phone pages on a slow network.

Each phone page (event, team, ideas, vote, and the join page before it) is opened in a fresh
Chromium context (an empty cache: a phone seeing the event for the first time) at 390x844,
with Chromium's network throttled through the DevTools protocol, and measured until it is
*interactive*: the page's one Socket.IO connection is up and the snapshot is drawn
(``body[data-synced]``; the join page has no socket: its form is ready at ``load``).

- ``phone_page_kb``: the largest, over the pages, of the bytes that crossed the network
  until interactive (compressed bodies plus headers, ``Network.loadingFinished``'s
  ``encodedDataLength``, and the WebSocket frames), in KB of 1,000 bytes.
- ``phone_first_paint_slow3g_ms``: the slowest first contentful paint, under "Slow 3G" as
  Chromium's DevTools describes it: 400 kbit/s each way and a 400 ms round trip.
- ``phone_first_paint_slow3g_devtools_ms``: the same under the preset's own protocol figures
  (Playwright and Puppeteer use them): 2,000 ms added to every request, the round-trip time
  multiplied by five because the protocol applies it once per request, not per packet. With
  two seconds added to the page's own request, nothing can paint sooner than that; printed
  so the two readings are not confused.
- ``phone_reload_offline_ms``: the event page reloaded with no network at all, until it shows
  the last state it had (the service worker answers from its cache, the page draws the kept
  state). Service workers need a secure page: HTTPS, or the laptop itself, as here.

Run: ``python -m benchmarks phone_weight``.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from benchmarks._harness import start
from benchmarks._report import bench

PHONE = {"width": 390, "height": 844}
# Chromium's own "Slow 3G" (front_end/core/sdk/NetworkManager.ts): 500 kbit/s * 0.8 each way.
THROUGHPUT = 500 * 1000 / 8 * 0.8
SLOW_3G_RTT_MS = 400
DEVTOOLS_LATENCY_MS = 400 * 5
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _post(url: str, path: str, body: dict) -> dict[str, Any]:
    request = urllib.request.Request(
        url + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read())["data"]


def measure(browser, url: str, latency_ms: float, *, cookie_from: str | None) -> dict[str, float]:
    """Open ``url`` cold and throttled; return its bytes to interactive and first paint."""
    # A phone seeing the event for the first time: no service worker yet either.
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, service_workers="block"
    )
    page = context.new_page()
    if cookie_from:  # sign the phone in (the cookie), then forget everything it downloaded
        page.goto(cookie_from)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": THROUGHPUT,
            "uploadThroughput": THROUGHPUT,
        },
    )
    received = {"bytes": 0}

    def on_finished(params: dict) -> None:
        received["bytes"] += params.get("encodedDataLength", 0)

    def on_frame(params: dict) -> None:
        received["bytes"] += len(params["response"].get("payloadData", ""))

    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.webSocketFrameReceived", on_frame)
    page.goto(url, wait_until="load", timeout=120_000)
    if cookie_from:
        page.wait_for_selector("body[data-synced]", state="attached", timeout=120_000)
    total = received["bytes"]
    paint = page.evaluate(FIRST_PAINT)
    context.close()
    return {"bytes": total, "paint_ms": paint}


# The first contentful paint, waited for: at `load` on a light page it may not be recorded yet.
FIRST_PAINT = """() => new Promise((resolve) => {
  new PerformanceObserver((list, observer) => {
    const entry = list.getEntriesByName("first-contentful-paint")[0];
    if (entry) { observer.disconnect(); resolve(entry.startTime); }
  }).observe({ type: "paint", buffered: true });
})"""


# The page is in the service worker's cache and its state in local storage.
KEPT = """async () => {
  if (navigator.serviceWorker.controller === null) return false;
  const page = await (await caches.open("hackkit-phone-v1")).match(location.pathname);
  return page !== undefined && Object.keys(localStorage).some((k) => k.startsWith("hackkit:last:"));
}"""


def offline_reload(browser, url: str, cookie_from: str) -> float:
    """Milliseconds from a reload with no network to the phone's last state drawn again."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(cookie_from)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.goto(url)  # a second visit: the worker that the first one installed now sees it
    page.wait_for_selector("body[data-synced]", state="attached")
    # (wait_for_function does not wait for a promise's value: poll with evaluate, which does.)
    deadline = time.monotonic() + 30
    while not page.evaluate(KEPT):
        if time.monotonic() > deadline:
            raise RuntimeError("the phone kept neither its page nor its state")
        page.wait_for_timeout(100)
    context.set_offline(True)
    began = time.perf_counter()
    page.reload(wait_until="commit")
    page.wait_for_selector("body[data-restored]", state="attached")
    elapsed = (time.perf_counter() - began) * 1000
    context.close()
    return elapsed


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM

    setup = start()
    try:
        joined = _post(setup.url, "/api/join", {"code": setup.code, "name": "Phone"})
        rejoin = f"{setup.url}/e/{setup.code}/rejoin/" + _rejoin_token(setup, joined)
        pages = {
            "join": (f"{setup.url}/j/{setup.code}", None),
            **{
                name: (f"{setup.url}/e/{setup.code}{path}", rejoin)
                for name, path in (
                    ("event", ""),
                    ("team", "/team"),
                    ("ideas", "/ideas"),
                    ("vote", "/vote"),
                )
            },
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            heaviest = slowest = slowest_devtools = 0.0
            for name, (url, cookie_from) in pages.items():
                slow = measure(browser, url, SLOW_3G_RTT_MS, cookie_from=cookie_from)
                devtools = measure(browser, url, DEVTOOLS_LATENCY_MS, cookie_from=cookie_from)
                print(
                    f"  {name:<6} {slow['bytes'] / 1000:6.1f} KB to interactive, first paint "
                    f"{slow['paint_ms']:.0f} ms (devtools preset {devtools['paint_ms']:.0f} ms)",
                    flush=True,
                )
                heaviest = max(heaviest, slow["bytes"] / 1000)
                slowest = max(slowest, slow["paint_ms"])
                slowest_devtools = max(slowest_devtools, devtools["paint_ms"])
            offline_ms = offline_reload(browser, pages["event"][0], rejoin)
            browser.close()
        bench("phone_page_kb", heaviest, "KB")
        bench("phone_first_paint_slow3g_ms", slowest, "ms")
        bench("phone_first_paint_slow3g_devtools_ms", slowest_devtools, "ms")
        bench("phone_reload_offline_ms", offline_ms, "ms")
    finally:
        setup.server.stop()
    return 0


def _rejoin_token(setup, joined: dict) -> str:
    """A rejoin link's token for the joined participant (signs the phone in by cookie)."""
    from hackkit import create_app
    from hackkit.auth import issue_token, resolve
    from hackkit.events.models import Participant
    from hackkit.extensions import db

    app = create_app(
        {
            "database_url": setup.database_url,
            "instance_path": setup.instance,
            "async_mode": "threading",
        }
    )
    with app.app_context():
        principal = resolve(db.session(), joined["token"])
        participant = db.session.get(Participant, principal.subject_id)
        token = issue_token(
            "rejoin", participant.id, participant.event_id, participant.token_version
        )
        db.remove()
        return token
