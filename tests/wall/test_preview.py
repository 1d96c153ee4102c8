"""The wall preview: screenshots stitched at their places, the bezels drawn between them."""

from __future__ import annotations

import sys

import pytest
from PIL import Image

from hackkit.wall import preview
from hackkit.wall.layout import WallGeometry


def test_each_screen_lands_at_its_place_and_the_bezels_stay_dark() -> None:
    geometry = WallGeometry.grid(2, 3, 100, 60, bezel_x=10, bezel_y=8)
    colours = {s.key: (40 * i + 20, 200, 90) for i, s in enumerate(geometry.screens)}
    shots = {key: Image.new("RGB", (100, 60), colour) for key, colour in colours.items()}
    del shots["r1c2"]  # a screen that failed to render
    image = preview.stitch(geometry, shots)
    assert image.size == (3 * 100 + 2 * 10, 2 * 60 + 8)
    for screen in geometry.screens:
        if screen.key in shots:
            corner = (screen.rect.x, screen.rect.y)
            far = (screen.rect.right - 1, screen.rect.bottom - 1)
            assert image.getpixel(corner) == image.getpixel(far) == colours[screen.key]
    assert image.getpixel((105, 30)) == preview.BEZEL_COLOUR  # between columns
    assert image.getpixel((50, 63)) == preview.BEZEL_COLOUR  # between rows
    assert image.getpixel((220 + 50, 68 + 30)) == preview.BEZEL_COLOUR  # the missing screen
    assert image.getpixel((220, 68)) == preview.OUTLINE_COLOUR


def test_a_screenshot_of_another_size_is_fitted_to_its_screen() -> None:
    geometry = WallGeometry.grid(1, 1, 200, 100)
    image = preview.stitch(geometry, {"r0c0": Image.new("RGB", (100, 50), (1, 2, 3))})
    assert image.getpixel((199, 99)) == (1, 2, 3)


def test_without_playwright_the_preview_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    browser = preview.launched_browser()
    with pytest.raises(preview.PreviewUnavailable, match="pip install playwright"):
        browser.__enter__()


def test_screen_links_render_a_position_without_registering() -> None:
    url = preview.screen_url("http://hall:5000/", "ABC123", "display.k", 3, "r0c1")
    assert url == "http://hall:5000/e/ABC123/display?key=display.k&wall=3&at=r0c1&preview=1"
