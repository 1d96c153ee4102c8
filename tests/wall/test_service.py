"""Walls and screens through the API and the services: geometry, places, modes, the agenda."""

from __future__ import annotations

from typing import Any

import pytest

from hackkit.auth import Principal
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.realtime import build_snapshot, server_ms
from hackkit.wall import modes, screens
from hackkit.wall.layout import (
    WallGeometry,
    longest_title_fits,
    max_viewing_distance_m,
    min_glyph_px,
)
from hackkit.wall.models import WallScreen
from hackkit.wall.schemas import ScreenHello, ScreenReport

GRID = {"rows": 2, "cols": 3, "screen_w": 1920, "screen_h": 1080, "bezel_x": 40, "bezel_y": 30}


@pytest.fixture
def fac(api) -> str:
    return api.facilitator()


@pytest.fixture
def event(api, fac) -> dict[str, Any]:
    return api.event(fac, "Wall Day")


def make_wall(api, fac, event, **fields) -> dict[str, Any]:
    body = {"name": "Main hall", "grid": GRID} | fields
    return api.ok("POST", f"/api/events/{event['id']}/walls", fac, body)


def hello(event_id: int, **fields) -> WallScreen:
    """A screen saying hello, as the Socket.IO action does (without a connection to bind)."""
    session = db.session()
    screen = screens.register_screen(session, session.get(Event, event_id), ScreenHello(**fields))
    session.commit()
    return screen


def snapshot(event_id: int, role: str, subject: int) -> dict[str, Any]:
    principal = Principal(role, subject, None if role == "facilitator" else event_id)  # type: ignore[arg-type]
    return build_snapshot(db.session(), event_id, principal)["state"]


def test_a_grid_wall_is_one_canvas_with_the_bezels_in_it(api, fac, event):
    wall = make_wall(api, fac, event)
    keys = [s["key"] for s in wall["geometry"]["screens"]]
    assert keys == ["r0c0", "r0c1", "r0c2", "r1c0", "r1c1", "r1c2"]
    right = wall["geometry"]["screens"][-1]
    assert (right["x"], right["y"]) == (2 * (1920 + 40), 1080 + 30)
    assert wall["mode"] == "join" and wall["follow_agenda"] is True
    assert wall["glyph_px"] == 60  # 3 m from a 0.6 mm panel
    assert wall["banner_px"] == modes.banner_px(60)


def test_screens_and_the_console_see_walls_but_phones_do_not(api, fac, event):
    make_wall(api, fac, event)
    phone = api.join(event["code"], "Ada")
    hello(event["id"])
    display = snapshot(event["id"], "display", event["id"])
    assert [w["name"] for w in display["walls"]] == ["Main hall"]
    assert display["wall_screens"][0]["number"] == 1
    assert "secret" not in display["wall_screens"][0]
    console = snapshot(event["id"], "facilitator", 1)
    assert console["wall_health"][0]["online"] is True
    assert "walls" not in snapshot(event["id"], "participant", phone["participant"]["id"])


def test_impossible_and_unreadable_walls_are_refused_with_the_reason(api, fac, event):
    base = f"/api/events/{event['id']}/walls"
    overlap = [
        {"key": "a", "x": 0, "y": 0, "w": 1000, "h": 800},
        {"key": "b", "x": 900, "y": 0, "w": 1000, "h": 800},
    ]
    error = api.error("POST", base, fac, {"name": "Odd", "screens": overlap}, 400)
    assert error["code"] == "invalid_geometry" and "overlap" in error["message"]
    far = {
        "name": "Far",
        "grid": GRID | {"screen_w": 640, "screen_h": 360},
        "viewing_distance_m": 60,
    }
    assert api.error("POST", base, fac, far, 400)["code"] == "unreadable_wall"
    both = {"name": "Both", "grid": GRID, "screens": overlap[:1]}
    assert api.error("POST", base, fac, both, 400)["code"] == "invalid_payload"
    make_wall(api, fac, event)
    assert (
        api.error("POST", base, fac, {"name": "Main hall", "grid": GRID}, 409)["code"]
        == "wall_name_taken"
    )


TV = {"rows": 1, "cols": 1, "screen_w": 1920, "screen_h": 1080}


def test_a_viewing_distance_the_screens_cannot_serve_is_refused_and_changes_nothing(
    api, fac, event
):
    base = f"/api/events/{event['id']}/walls"
    # The rule the wall form warns with: the furthest distance a 55" TV still shows the
    # longest idea title whole at the legibility limit.
    furthest = max_viewing_distance_m(WallGeometry.grid(**TV), 0.63)
    assert 3 <= furthest < 20
    body = {"name": "TV", "grid": TV, "pixel_pitch_mm": 0.63}
    too_far = body | {"viewing_distance_m": furthest + 0.5}
    error = api.error("POST", base, fac, too_far, 400)
    assert error["code"] == "too_far_to_read"
    assert f"{furthest:g} m" in error["message"]  # says how far it can go
    assert snapshot(event["id"], "facilitator", 1)["walls"] == []

    wall = api.ok("POST", base, fac, body | {"viewing_distance_m": furthest})
    assert wall["viewing_distance_m"] == furthest
    error = api.error("PUT", f"{base}/{wall['id']}", fac, too_far, 400)
    assert error["code"] == "too_far_to_read"
    stored = snapshot(event["id"], "facilitator", 1)["walls"]
    assert [w["viewing_distance_m"] for w in stored] == [furthest]
    # A distance between the form's steps is judged by the same rule, not rounded to a step.
    glyph = min_glyph_px(furthest + 0.3, 0.63)
    fits = longest_title_fits(WallGeometry.grid(**TV), glyph, modes.banner_px(glyph))
    between = body | {"name": "TV 2", "viewing_distance_m": furthest + 0.3}
    if fits:
        api.ok("POST", base, fac, between)
    else:
        assert api.error("POST", base, fac, between, 400)["code"] == "too_far_to_read"


def test_only_the_events_facilitator_manages_walls(api, fac, event):
    phone = api.join(event["code"], "Ada")["token"]
    base = f"/api/events/{event['id']}/walls"
    assert (
        api.error("POST", base, phone, {"name": "Mine", "grid": GRID}, 403)["code"] == "forbidden"
    )
    display = api.display_token(event["id"])
    assert (
        api.error("POST", base, display, {"name": "Mine", "grid": GRID}, 403)["code"] == "forbidden"
    )
    other = api.facilitator("otto")
    assert (
        api.error("POST", base, other, {"name": "Mine", "grid": GRID}, 403)["code"] == "forbidden"
    )


def test_a_new_screen_gets_the_next_number_and_keeps_it_with_its_secret(app, event):
    first = hello(event["id"])
    second = hello(event["id"])
    assert (first.number, second.number) == (1, 2)
    again = hello(event["id"], screen_id=first.id, secret=first.secret)
    assert again.id == first.id
    forged = hello(event["id"], screen_id=first.id, secret="guess")
    assert forged.id not in (first.id, second.id) and forged.number == 3


def test_a_url_position_places_the_screen_and_sends_the_holder_back_to_waiting(api, fac, event):
    wall = make_wall(api, fac, event)
    first = hello(event["id"], wall_id=wall["id"], at="r0c1")
    assert (first.wall_id, first.position) == (wall["id"], "r0c1")
    second = hello(event["id"], wall_id=wall["id"], at="r0c1")
    db.session.refresh(first)
    assert second.position == "r0c1" and first.position is None and first.wall_id is None


def test_the_facilitator_places_screens_by_position(api, fac, event):
    wall = make_wall(api, fac, event)
    screen = hello(event["id"])
    base = f"/api/events/{event['id']}/screens/{screen.id}"
    placed = api.ok("POST", base + "/assign", fac, {"wall_id": wall["id"], "position": "r1c2"})
    assert (placed["wall_id"], placed["position"]) == (wall["id"], "r1c2")
    error = api.error(
        "POST", base + "/assign", fac, {"wall_id": wall["id"], "position": "r9c9"}, 400
    )
    assert error["code"] == "unknown_position"
    other_fac = api.facilitator("otto")
    other = make_wall(api, other_fac, api.event(other_fac, "Other"))
    body = {"wall_id": other["id"], "position": "r0c0"}
    assert api.error("POST", base + "/assign", fac, body, 404)["code"] == "not_found"
    off = api.ok("POST", base + "/assign", fac, {"wall_id": None, "position": None})
    assert off["wall_id"] is None and off["position"] is None
    assert api.ok("PUT", base, fac, {"latency_ms": 45})["latency_ms"] == 45


def test_a_mode_switch_lands_a_moment_ahead_on_every_screen(api, fac, event):
    wall = make_wall(api, fac, event)
    before = server_ms()
    switched = api.ok(
        "POST", f"/api/events/{event['id']}/walls/{wall['id']}/mode", fac, {"mode": "ideas"}
    )
    after = server_ms()
    assert switched["mode"] == "ideas" and switched["previous_mode"] == "join"
    lead = modes.SWITCH_LEAD_MS
    assert before + lead <= switched["apply_at_ms"] <= after + lead
    assert switched["epoch_ms"] == switched["apply_at_ms"]  # pages start again at the switch
    assert switched["follow_agenda"] is False


def test_a_wall_follows_the_agenda_until_the_facilitator_picks_a_mode(api, fac, event):
    base = f"/api/events/{event['id']}"
    wall = make_wall(api, fac, event)
    phases = [
        {"name": "Hack", "minutes": 60, "wall_mode": "ideas"},
        {"name": "Vote", "minutes": 5, "wall_mode": "results"},
        {"name": "Check-in", "minutes": 10, "wall_mode": "progress"},
    ]
    api.ok("PUT", base + "/agenda", fac, {"phases": phases})
    api.ok("POST", base + "/agenda/start", fac, {})
    shown = snapshot(event["id"], "display", event["id"])["walls"][0]
    assert shown["mode"] == "ideas" and shown["apply_at_ms"] > server_ms() - 1000
    api.ok("POST", base + "/agenda/skip", fac, {})
    assert snapshot(event["id"], "display", event["id"])["walls"][0]["mode"] == "results"
    api.ok("POST", base + "/agenda/skip", fac, {})
    assert snapshot(event["id"], "display", event["id"])["walls"][0]["mode"] == "progress"
    api.ok(
        "POST",
        f"{base}/walls/{wall['id']}/mode",
        fac,
        {"mode": "announcement", "message_md": "Lunch!"},
    )
    api.ok("POST", base + "/agenda/start", fac, {"phase_id": shown_phase_id(api, fac, base)})
    picked = snapshot(event["id"], "display", event["id"])["walls"][0]
    assert picked["mode"] == "announcement" and picked["message_html"] == "<p>Lunch!</p>"


def shown_phase_id(api, fac, base) -> int:
    return api.ok("GET", base + "/snapshot", fac)["state"]["agenda"]["phases"][0]["id"]


def test_a_smaller_grid_sends_screens_off_it_back_to_waiting(api, fac, event):
    wall = make_wall(api, fac, event)
    kept = hello(event["id"], wall_id=wall["id"], at="r0c0")
    stranded = hello(event["id"], wall_id=wall["id"], at="r1c2")
    body = {"name": "Main hall", "grid": GRID | {"rows": 1, "cols": 2}}
    api.ok("PUT", f"/api/events/{event['id']}/walls/{wall['id']}", fac, body)
    db.session.expire_all()
    assert db.session.get(WallScreen, kept.id).position == "r0c0"
    assert db.session.get(WallScreen, stranded.id).position is None


def test_deleting_a_wall_sends_its_screens_back_to_waiting(api, fac, event):
    wall = make_wall(api, fac, event)
    screen = hello(event["id"], wall_id=wall["id"], at="r0c0")
    api.ok("DELETE", f"/api/events/{event['id']}/walls/{wall['id']}", fac)
    db.session.expire_all()
    left = db.session.get(WallScreen, screen.id)
    assert left.wall_id is None and left.position is None


def test_a_screens_health_report_is_kept_for_the_console(app, event):
    screen = hello(event["id"])
    session = db.session()
    report = ScreenReport(offset_ms=-12.5, rtt_ms=3.25, viewport_w=1920, viewport_h=1080)
    screens.report_health(session, session.get(Event, event["id"]), screen.id, report)
    session.commit()
    (health,) = screens.health_view(session, event["id"])
    assert health["offset_ms"] == -12.5 and health["rtt_ms"] == 3.2
    assert health["viewport"] == [1920, 1080] and health["online"] is True


def test_removing_a_screen_forgets_it(api, fac, event):
    screen = hello(event["id"])
    api.ok("DELETE", f"/api/events/{event['id']}/screens/{screen.id}", fac)
    db.session.expire_all()
    assert db.session.get(WallScreen, screen.id) is None
    again = hello(event["id"], screen_id=screen.id, secret=screen.secret)
    assert again.secret != screen.secret  # the old secret no longer names any screen


def test_bad_screen_reports_are_refused():
    with pytest.raises(ValueError):
        ScreenReport(offset_ms=float("nan"), rtt_ms=1)
    with pytest.raises(ValueError):
        ScreenReport(offset_ms=0, rtt_ms=-1)
