"""Browser fixtures: real headless Chromium (Debian's package) driven by Playwright.

Playwright's own browser download is not used; we point it at the system Chromium. Tests
save screenshots under ``test-artifacts/screenshots/`` so people can look at the pages.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("HACKKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 640}
LAPTOP = {"width": 1366, "height": 900}
WALL = {"width": 1920, "height": 1080}
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}; "
            "install Debian's chromium package (scripts/setup --dev does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageErrors(list):
    """JavaScript errors seen on a page; tests assert it stays empty."""


@pytest.fixture
def open_page(browser) -> Iterator:
    """Open a page at a viewport size, collecting JS errors; contexts are closed afterwards."""
    contexts = []

    def open_(url: str, viewport: dict | None = None, *, mobile: bool = False):
        context = browser.new_context(
            viewport=viewport or LAPTOP, is_mobile=mobile, has_touch=mobile
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = PageErrors()
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        if url:
            page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot for people to look at; returns its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
