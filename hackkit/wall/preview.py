"""The wall as it looks now, in one PNG: every screen's viewport rendered in headless Chromium
at the screen's own pixel size, pasted at its place on the canvas, bezels drawn in between.

A facilitator checks the layout from a laptop before the event. Rendering uses the real screen
page (``/e/<code>/display?...&preview=1``), so the preview is exactly what the screens draw.
Playwright drives Chromium; it is a development tool, so when it is missing we say how to get it.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from PIL import Image, ImageDraw

from hackkit.wall.layout import WallGeometry

BEZEL_COLOUR = (38, 38, 44)
OUTLINE_COLOUR = (90, 90, 110)
BATCH = 6  # pages loading at once: enough to overlap network waits, few enough for a laptop
READY_TIMEOUT_MS = 30_000
KEY_ENV = "HACKKIT_PREVIEW_KEY"
INSTALL_HINT = (
    "The wall preview renders the screens in headless Chromium through Playwright.\n"
    "Install them with:\n"
    "    pip install playwright\n"
    "    playwright install chromium      (or: apt install chromium, and set HACKKIT_CHROMIUM)\n"
)


class PreviewUnavailable(RuntimeError):
    """The preview cannot be rendered here (no Playwright or Chromium, or the render failed)."""


def stitch(geometry: WallGeometry, shots: Mapping[str, Image.Image]) -> Image.Image:
    """Paste each screen's screenshot at its place on the canvas; the gaps are the bezels."""
    canvas = geometry.canvas
    image = Image.new("RGB", (canvas.w, canvas.h), BEZEL_COLOUR)
    draw = ImageDraw.Draw(image)
    for screen in geometry.screens:
        rect = screen.rect
        shot = shots.get(screen.key)
        if shot is None:  # a screen that failed to render stays a dark outlined hole
            draw.rectangle(
                (rect.x, rect.y, rect.right - 1, rect.bottom - 1), outline=OUTLINE_COLOUR, width=3
            )
            continue
        if shot.size != (rect.w, rect.h):
            shot = shot.resize((rect.w, rect.h))
        image.paste(shot.convert("RGB"), (rect.x, rect.y))
    return image


def chromium_path() -> str | None:
    """The Chromium to drive: HACKKIT_CHROMIUM, the system's, or None for Playwright's own."""
    return (
        os.environ.get("HACKKIT_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@contextmanager
def launched_browser() -> Iterator[Any]:
    """A headless Chromium, or PreviewUnavailable explaining what to install."""
    try:  # Playwright is optional (a dev extra): only previews need it
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PreviewUnavailable(INSTALL_HINT) from None
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(),
                args=["--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
            )
        except PlaywrightError as exc:
            raise PreviewUnavailable(
                f"Chromium would not start: {exc.message}\n\n{INSTALL_HINT}"
            ) from None
        try:
            yield browser
        finally:
            browser.close()


def screen_url(base_url: str, code: str, key: str, wall_id: int, position: str) -> str:
    """The screen page rendering one position of a wall, without registering as a screen."""
    query = urlencode({"key": key, "wall": wall_id, "at": position, "preview": 1})
    return f"{base_url.rstrip('/')}/e/{code}/display?{query}"


def render_wall(
    base_url: str, code: str, key: str, wall_id: int, geometry: WallGeometry
) -> Image.Image:
    """Render every screen of the wall from a running server and stitch them."""
    shots: dict[str, Image.Image] = {}
    screens = list(geometry.screens)
    with launched_browser() as browser:
        from playwright.sync_api import Error as PlaywrightError  # there: launched_browser checked

        context = browser.new_context(device_scale_factor=1)
        pages = [context.new_page() for _ in range(min(BATCH, len(screens)))]
        for start in range(0, len(screens), BATCH):
            batch = list(zip(pages, screens[start : start + BATCH], strict=False))
            for page, screen in batch:
                page.set_viewport_size({"width": screen.rect.w, "height": screen.rect.h})
                url = screen_url(base_url, code, key, wall_id, screen.key)
                page.goto(url, wait_until="commit")  # the batch loads side by side
            for page, screen in batch:
                try:
                    page.wait_for_selector(
                        "body[data-ready=true]", state="attached", timeout=READY_TIMEOUT_MS
                    )
                except PlaywrightError:
                    raise PreviewUnavailable(
                        f"Screen {screen.key} did not render from {base_url} within "
                        f"{READY_TIMEOUT_MS // 1000} s; is the server running and the link valid?"
                    ) from None
                shots[screen.key] = Image.open(io.BytesIO(page.screenshot(type="png")))
                page.goto("about:blank")  # close the screen's socket before the next batch
        context.close()
    return stitch(geometry, shots)


def render_in_subprocess(
    base_url: str, code: str, key: str, wall_id: int, timeout_s: float = 180
) -> bytes:
    """Render the preview in a child process (the server's own process runs under gevent, which
    Playwright's driver must not share); returns the PNG bytes. Screenshots where Playwright is
    installed, else the schematic drawn with Pillow (``schematic.py``), so a plain install works."""
    with tempfile.TemporaryDirectory(prefix="hackkit-preview-") as folder:
        output = Path(folder) / "wall.png"
        command = [sys.executable, "-m", "hackkit", "wall", "preview", code, "--wall", str(wall_id)]
        command += ["--output", str(output)]
        if importlib.util.find_spec("playwright") is not None:
            command += ["--browser", "--url", base_url]
        try:
            done = subprocess.run(
                command,
                env=os.environ | {KEY_ENV: key},  # not on the command line, where ps would show it
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PreviewUnavailable("Rendering the preview took too long.") from None
        if done.returncode != 0 or not output.exists():
            raise PreviewUnavailable(
                done.stderr.strip()[-2000:] or "The preview could not be rendered."
            )
        return output.read_bytes()
