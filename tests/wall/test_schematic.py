"""The wall preview without a browser: each screen's tile drawn on the server with Pillow into
one picture of the whole wall, at the canvas size, bezels between the tiles."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

from hackkit.wall import picture, schematic
from hackkit.wall.layout import WallGeometry

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
GRID = WallGeometry.grid(2, 2, 480, 270, bezel_x=20, bezel_y=20)


def _view(mode: str, **fields) -> schematic.WallView:
    base = {
        "mode": mode,
        "glyph_px": 18,
        "banner_px": 32,
        "event_name": "Demo Hack Day",
        "wall_name": "Main hall",
        "join_url": "http://192.168.1.23:5000/j/ABC123",
        "code": "ABC123",
        "participants": 12,
        "phase_name": "Hacking",
        "remaining": "1:02:03",
        "next_phase": "Pitches",
    }
    return schematic.WallView(**(base | fields))


def _tile(image: Image.Image, key: str) -> bytes:
    rect = GRID.viewport(key)
    return image.crop((rect.x, rect.y, rect.right, rect.bottom)).tobytes()


@pytest.mark.parametrize(
    "view",
    [
        _view("join"),
        _view(
            "ideas", ideas=[(f"Idea number {i}", "Team Blue · Greener commutes") for i in range(7)]
        ),
        _view(
            "results", result_title="Favourite", results=[(1, "Bike bus", 9), (2, "Car pool", 4)]
        ),
        _view("agenda"),
        _view("announcement", message="Lunch is served in the atrium"),
        _view("teams", teams=[("Blue", "3 / 5"), ("Green", "5 / 5")], placed=8),
        _view("identify", screen_numbers={"r0c0": 1, "r0c1": 2, "r1c0": 3, "r1c1": 4}),
        _view(
            "progress",
            posts=[(f"Post {i}: wired the sensors", "Blue · 5 min ago") for i in range(6)],
        ),
    ],
    ids=lambda view: view.mode,
)
def test_every_mode_draws_a_png_of_the_whole_wall(view):
    image = picture.draw_wall(GRID, view)
    assert image.size == (GRID.canvas.w, GRID.canvas.h) == (980, 560)
    assert image.getpixel((490, 100)) == picture.BEZEL  # between the columns
    assert image.getpixel((100, 280)) == picture.BEZEL  # between the rows
    for screen in GRID.screens:  # every tile shows something, not a blank screen
        tile = image.crop((screen.rect.x, screen.rect.y, screen.rect.right, screen.rect.bottom))
        assert len(tile.getcolors(maxcolors=100_000) or range(2)) > 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SHOTS / f"wall-schematic-{view.mode}.png")


def test_tiles_are_distinct_where_the_screens_differ():
    numbered = _view("identify", screen_numbers={"r0c0": 1, "r0c1": 2, "r1c0": 3, "r1c1": 4})
    image = picture.draw_wall(GRID, numbered)
    digests = {hashlib.sha256(_tile(image, s.key)).hexdigest() for s in GRID.screens}
    assert len(digests) == 4
    ideas = picture.draw_wall(
        GRID, _view("ideas", ideas=[(f"Idea {i}", f"Team {i}") for i in range(12)])
    )
    assert len({hashlib.sha256(_tile(ideas, s.key)).hexdigest() for s in GRID.screens}) == 4


def test_the_view_is_read_from_a_display_snapshot():
    wall = {"id": 3, "name": "Hall", "mode": "ideas", "glyph_px": 18, "banner_px": 32}
    state = {
        "event": {"name": "Hack", "code": "ABC123"},
        "agenda": {
            "current_id": 2,
            "phases": [
                {"id": 1, "name": "Intro", "status": "done"},
                {"id": 2, "name": "Hacking", "status": "running", "ends_at_ms": 65_000},
                {"id": 3, "name": "Pitches", "status": "pending", "duration_s": 600},
            ],
        },
        "challenges": [{"id": 7, "title": "Greener commutes"}],
        "ideas": [{"title": "Bike bus", "team_name": "Blue", "challenge_id": 7}],
        "teams": [{"id": 4, "name": "Blue", "member_count": 3, "max_size": 5}],
        "progress": [
            {"team_id": 4, "author_name": "Ada", "body": "Demo works", "created_at": None},
            {"team_id": 99, "author_name": "Bo", "body": "Wired it", "created_at": None},
        ],
        "stats": {"participants": 4},
        "wall_screens": [{"wall_id": 3, "position": "r0c0", "number": 9}],
    }
    view = schematic.view_from_state(wall, state, "http://10.0.0.2:5000/j/ABC123", now_ms=1_000)
    assert view.phase_name == "Hacking" and view.remaining == "1:04"
    assert view.next_phase == "Pitches"
    assert view.ideas == [("Bike bus", "Blue · Greener commutes")]
    assert view.teams == [("Blue", "3 / 5")] and view.placed == 3
    assert view.screen_numbers == {"r0c0": 9}
    # Newest first, each with its team's name (a removed team's post with its author's).
    assert view.posts == [("Demo works", "Blue"), ("Wired it", "Bo")]


def test_a_posts_age_reads_as_on_the_screens():
    at = "2026-12-08T00:00:00+00:00"
    made = 1_796_688_000_000  # that instant in ms
    assert schematic.format_ago(at, made + 59_999) == "just now"
    assert schematic.format_ago(at, made + 60_000) == "1 min ago"
    assert schematic.format_ago(at, made + 59 * 60_000 + 59_999) == "59 min ago"
    assert schematic.format_ago(at, made + 3 * 3_600_000 + 1) == "3 h ago"
    assert schematic.format_ago(at, made - 5_000) == "just now"  # a clock a little behind
    assert schematic.format_ago(None, made) == ""


def test_countdowns_read_as_on_the_screens():
    assert schematic.format_remaining(61_001) == "1:02"
    assert schematic.format_remaining(3_723_000) == "1:02:03"
    assert schematic.format_remaining(-4_500) == "+0:04"
    assert schematic.format_remaining(None) == "--:--"


def test_wall_preview_command_draws_the_wall_without_a_browser(app, api, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from hackkit import network
    from hackkit.cli import cli

    # Playwright cannot be imported: the default path must not need it.
    monkeypatch.setitem(__import__("sys").modules, "playwright", None)
    monkeypatch.setattr(network, "list_interface_addresses", lambda: [])
    fac = api.facilitator()
    event = api.event(fac, "Wall Day")
    grid = {"rows": 1, "cols": 3, "screen_w": 640, "screen_h": 360, "bezel_x": 12, "bezel_y": 0}
    api.ok(
        "POST",
        f"/api/events/{event['id']}/walls",
        fac,
        {"name": "Hall", "grid": grid, "viewing_distance_m": 1},
    )
    api.join(event["code"], "Ada")
    target = tmp_path / "wall.png"
    settings = app.config["HACKKIT"]
    result = CliRunner().invoke(
        cli,
        ["wall", "preview", event["code"], "-o", str(target)],
        env={
            "HACKKIT_DATABASE_URL": settings.resolved_database_url(),
            "HACKKIT_INSTANCE_PATH": str(settings.instance_path),
            "HACKKIT_PUBLIC_URL": "",
        },
    )
    assert result.exit_code == 0, result.output
    assert "3 screens, schematic" in result.output
    image = Image.open(target)
    assert image.format == "PNG" and image.size == (3 * 640 + 2 * 12, 360)
    assert image.getpixel((645, 200)) == picture.BEZEL
    image.save(SHOTS / "wall-schematic-cli.png")
