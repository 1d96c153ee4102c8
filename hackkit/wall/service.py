"""Walls: their geometry, what they show, and switching it on every screen at once.

Every change is published as ``wall.updated`` (the whole wall) with a new event revision, so a
screen that reconnects gets the same state from its snapshot. A mode switch carries
``apply_at_ms``, a server time ~250 ms ahead; screens keep showing ``previous_mode`` until then.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import Conflict, NotFound, ServiceError
from hackkit.events.agenda import AGENDA_LISTENERS
from hackkit.events.models import Event, Phase
from hackkit.markup import render_markdown
from hackkit.realtime import publish, server_ms, snapshot_part
from hackkit.wall import modes
from hackkit.wall.layout import (
    GeometryError,
    LayoutError,
    WallGeometry,
    longest_title_fits,
    max_viewing_distance_m,
    min_glyph_px,
    plan_cards,
)
from hackkit.wall.models import Wall, WallScreen
from hackkit.wall.schemas import SetMode, WallFields
from hackkit.wall.screens import health_view, publish_screen, screen_dict, screens_of

MAX_WALLS = 20


def glyph_px(wall: Wall) -> int:
    """The smallest text the wall may show, from where people stand and the panel's pixels."""
    return min_glyph_px(wall.viewing_distance_m, wall.pixel_pitch_mm)


def wall_dict(wall: Wall) -> dict[str, Any]:
    """A wall as screens and the console need it."""
    glyph = glyph_px(wall)
    options = wall.options or {}
    message_md = options.get("message_md") or ""
    return {
        "id": wall.id,
        "name": wall.name,
        "geometry": wall.geometry,
        "grid": wall.grid,
        "viewing_distance_m": wall.viewing_distance_m,
        "pixel_pitch_mm": wall.pixel_pitch_mm,
        "glyph_px": glyph,
        "banner_px": modes.banner_px(glyph),
        "dwell_ms": wall.dwell_ms,
        "mode": wall.shown_mode,
        "previous_mode": wall.previous_mode,
        "apply_at_ms": wall.apply_at_ms,
        "epoch_ms": wall.epoch_ms,
        "manual_mode": wall.mode,
        "follow_agenda": wall.follow_agenda,
        "ballot_id": options.get("ballot_id"),
        "message_md": message_md,
        "message_html": str(render_markdown(message_md)) if message_md else "",
    }


def walls_of(session: Session, event_id: int) -> list[Wall]:
    """The event's walls, oldest first."""
    return list(
        session.execute(select(Wall).where(Wall.event_id == event_id).order_by(Wall.id)).scalars()
    )


def get_wall(session: Session, event: Event, wall_id: int) -> Wall:
    """One of the event's walls, or a plain 'not found'."""
    wall = session.get(Wall, wall_id)
    if wall is None or wall.event_id != event.id:
        raise NotFound("That wall")
    return wall


def geometry_of(fields: WallFields) -> WallGeometry:
    """Build and check the geometry the fields describe; refuse with the reason if impossible."""
    try:
        if fields.grid is not None:
            return WallGeometry.grid(**fields.grid.model_dump())
        return WallGeometry.free([(s.key, s.x, s.y, s.w, s.h) for s in fields.screens or ()])
    except GeometryError as exc:
        raise ServiceError("invalid_geometry", str(exc)) from None


def _check_readable(geometry: WallGeometry, glyph: int) -> None:
    # A wall on which not even one readable card fits below the banner is a mistake worth
    # catching when it is set up, not in front of the audience.
    try:
        plan_cards(geometry, 1, min_glyph_px=glyph, reserve_top=modes.banner_px(glyph))
    except LayoutError:
        raise ServiceError(
            "unreadable_wall",
            f"Text must be at least {glyph} px tall to be read from that distance, and these "
            "screens are too small for it; check the viewing distance and pixel pitch.",
        ) from None


def _check_distance(geometry: WallGeometry, wall: Wall) -> None:
    # The wall form warns with the same rule (longestTitleFits in js/wall/layout.js, a twin of
    # longest_title_fits checked by tests/wall/test_layout_js.py), so what it warns about is
    # exactly what is refused here: past this distance no paging shows every title whole.
    glyph = glyph_px(wall)
    if longest_title_fits(geometry, glyph, modes.banner_px(glyph)):
        return
    furthest = max_viewing_distance_m(geometry, wall.pixel_pitch_mm)
    raise ServiceError(
        "too_far_to_read",
        f"From {wall.viewing_distance_m:g} m the longest idea titles would not fit on one of "
        f"these screens even at the smallest legible size; the furthest this wall can be "
        f"read from is {furthest:g} m. Bring the viewing distance closer or use larger screens.",
    )


def _apply_fields(session: Session, wall: Wall, fields: WallFields) -> set[str]:
    """Store the fields on the wall; returns the screen keys of its geometry."""
    taken = session.execute(
        select(Wall.id).where(
            Wall.event_id == wall.event_id, Wall.name == fields.name, Wall.id != wall.id
        )
    ).first()
    if taken is not None:
        raise Conflict("wall_name_taken", f"There is already a wall called {fields.name}.")
    geometry = geometry_of(fields)
    wall.name = fields.name
    wall.viewing_distance_m = fields.viewing_distance_m
    wall.pixel_pitch_mm = fields.pixel_pitch_mm
    _check_readable(geometry, glyph_px(wall))
    _check_distance(geometry, wall)
    wall.geometry = geometry.to_dict()
    wall.grid = fields.grid.model_dump() if fields.grid is not None else None
    wall.dwell_ms = round(fields.dwell_s * 1000)
    return {screen.key for screen in geometry.screens}


def current_phase_mode(session: Session, event_id: int) -> str | None:
    """The ``wall_mode`` of the phase under way (running or paused), if there is one."""
    stmt = (
        select(Phase.wall_mode)
        .where(Phase.event_id == event_id, Phase.status.in_(("running", "paused")))
        .order_by(Phase.position)
        .limit(1)
    )
    return session.execute(stmt).scalar_one_or_none()


def create_wall(session: Session, event: Event, fields: WallFields) -> Wall:
    """Add a wall to the event; it shows what the agenda asks for (the join screen by default)."""
    count = session.execute(
        select(func.count(Wall.id)).where(Wall.event_id == event.id)
    ).scalar_one()
    if count >= MAX_WALLS:
        raise ServiceError("too_many_walls", f"An event can have at most {MAX_WALLS} walls.")
    wall = Wall(event_id=event.id, mode="join", follow_agenda=True, options={})
    _apply_fields(session, wall, fields)
    shown = modes.effective_mode("join", True, current_phase_mode(session, event.id))
    now = server_ms()
    wall.shown_mode = wall.previous_mode = shown
    wall.apply_at_ms = wall.epoch_ms = now
    session.add(wall)
    session.flush()
    _publish_wall(session, wall)
    return wall


def update_wall(session: Session, event: Event, wall_id: int, fields: WallFields) -> Wall:
    """Change a wall's name, geometry or reading distance; screens off the new grid wait."""
    wall = get_wall(session, event, wall_id)
    keys = _apply_fields(session, wall, fields)
    stranded = session.execute(
        select(WallScreen).where(WallScreen.wall_id == wall.id, WallScreen.position.not_in(keys))
    ).scalars()
    for screen in stranded:
        screen.wall_id = screen.position = None
        publish_screen(session, screen)
    session.flush()
    _publish_wall(session, wall)
    return wall


def delete_wall(session: Session, event: Event, wall_id: int) -> None:
    """Remove a wall; its screens go back to waiting for a place."""
    wall = get_wall(session, event, wall_id)
    for screen in session.execute(
        select(WallScreen).where(WallScreen.wall_id == wall.id)
    ).scalars():
        screen.wall_id = screen.position = None
        publish_screen(session, screen)
    session.delete(wall)
    session.flush()
    publish(session, event.id, "wall.removed", {"id": wall_id})


def set_mode(session: Session, event: Event, wall_id: int, body: SetMode) -> Wall:
    """Switch what the wall shows (or hand the choice to the agenda)."""
    wall = get_wall(session, event, wall_id)
    options = {"ballot_id": body.ballot_id, "message_md": body.message_md}
    wall.mode = body.mode
    wall.follow_agenda = body.follow_agenda
    changed_options = options != (wall.options or {})
    wall.options = options
    shown = modes.effective_mode(
        wall.mode, wall.follow_agenda, current_phase_mode(session, event.id)
    )
    if shown != wall.shown_mode or changed_options:
        _switch(wall, shown)
    _publish_wall(session, wall)
    return wall


def follow_agenda(session: Session, event: Event, agenda: dict[str, Any]) -> None:
    """After an agenda change: switch walls that follow the agenda to the phase's mode."""
    current = next((p for p in agenda["phases"] if p["id"] == agenda.get("current_id")), None)
    phase_mode = current["wall_mode"] if current else None
    for wall in walls_of(session, event.id):
        if not wall.follow_agenda:
            continue
        shown = modes.effective_mode(wall.mode, True, phase_mode)
        if shown != wall.shown_mode:
            _switch(wall, shown)
            _publish_wall(session, wall)


def _switch(wall: Wall, mode: str) -> None:
    switch = modes.schedule(wall.shown_mode, mode, server_ms())
    wall.previous_mode = switch.previous_mode
    wall.shown_mode = switch.mode
    wall.apply_at_ms = switch.apply_at_ms
    # Pages of cards start again from the first at the switch, on every screen alike.
    wall.epoch_ms = switch.apply_at_ms


def _publish_wall(session: Session, wall: Wall) -> None:
    publish(session, wall.event_id, "wall.updated", wall_dict(wall))


if follow_agenda not in AGENDA_LISTENERS:
    AGENDA_LISTENERS.append(follow_agenda)


@snapshot_part(shared=True)
def _wall_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    # Phones never draw the wall; screens and the console do. Walls and screen places change
    # only through publish(), so one build serves every screen until the next change.
    if principal.role not in ("display", "facilitator"):
        return {}
    return {
        "walls": [wall_dict(wall) for wall in walls_of(session, event.id)],
        "wall_screens": [screen_dict(screen) for screen in screens_of(session, event.id)],
    }


@snapshot_part
def _wall_health_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    # Health changes without a revision (screens report it), so it is never shared.
    if principal.role != "facilitator":
        return {}
    return {"wall_health": health_view(session, event.id)}
