"""The screen registry: browsers showing the display link, their places, and their health.

Every screen uses the event's display token; what tells screens apart is the id and secret the
server gave each one the first time it said hello, kept in that browser's local storage. A
reloaded screen says hello with them and is back in its place at once.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask_socketio import join_room
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hackkit.errors import NotFound, ServiceError
from hackkit.events.models import Event
from hackkit.extensions import socketio
from hackkit.realtime import (
    after_commit,
    connections,
    live_view,
    mark_view,
    publish,
    role_room,
    server_ms,
)
from hackkit.wall.models import Wall, WallScreen
from hackkit.wall.schemas import ScreenHello, ScreenReport

MAX_SCREENS_PER_EVENT = 500
# Screens report every 15 s; three missed reports and the console shows them offline.
REPORT_INTERVAL_MS = 15_000
OFFLINE_AFTER_MS = 40_000

# Which screen each Socket.IO connection of this process said hello as. Connections stay on
# the process that accepted them, so a local map is enough even with several processes.
_screen_of_sid: dict[str, int] = {}


def screen_room(screen_id: int) -> str:
    """Every connection of one physical screen (normally one)."""
    return f"screen:{screen_id}"


def screen_dict(screen: WallScreen) -> dict[str, Any]:
    """A screen as every screen of the event sees it: its number and place, nothing secret."""
    return {
        "id": screen.id,
        "number": screen.number,
        "wall_id": screen.wall_id,
        "position": screen.position,
        "latency_ms": screen.latency_ms,
    }


def health_dict(screen: WallScreen, now_ms: int) -> dict[str, Any]:
    """A screen's health as the console shows it."""
    return {
        "id": screen.id,
        "online": now_ms - screen.last_seen_ms < OFFLINE_AFTER_MS,
        "last_seen_ms": screen.last_seen_ms,
        "offset_ms": None if screen.offset_ms is None else round(screen.offset_ms, 1),
        "rtt_ms": None if screen.rtt_ms is None else round(screen.rtt_ms, 1),
        "viewport": [screen.viewport_w, screen.viewport_h] if screen.viewport_w else None,
        "user_agent": screen.user_agent,
    }


def screens_of(session: Session, event_id: int) -> list[WallScreen]:
    """The event's screens by number."""
    stmt = select(WallScreen).where(WallScreen.event_id == event_id).order_by(WallScreen.number)
    return list(session.execute(stmt).scalars())


def health_view(session: Session, event_id: int) -> list[dict[str, Any]]:
    """Health of every screen of the event (pushed to facilitators, merged per tick)."""
    now = server_ms()
    return [health_dict(screen, now) for screen in screens_of(session, event_id)]


@live_view("wall.health", room=lambda arg: role_room(int(arg), "facilitator"))
def _health_view(session: Session, event_id: str) -> list[dict[str, Any]]:
    return health_view(session, int(event_id))


def mark_health_changed(session: Session, event_id: int) -> None:
    """After this transaction commits, push fresh health to the event's facilitators (merged
    with other changes: at most one push per tick, however many screens report)."""
    mark_view(session, "wall.health", event_id)


def publish_screen(session: Session, screen: WallScreen) -> None:
    """Tell every screen of the event where this one now sits."""
    publish(session, screen.event_id, "wall.screen.updated", screen_dict(screen))


def get_screen(session: Session, event: Event, screen_id: int) -> WallScreen:
    """One of the event's screens, or a plain 'not found'."""
    screen = session.get(WallScreen, screen_id)
    if screen is None or screen.event_id != event.id:
        raise NotFound("That screen")
    return screen


def _known_screen(session: Session, event: Event, hello: ScreenHello) -> WallScreen | None:
    if hello.screen_id is None or not hello.secret:
        return None
    screen = session.get(WallScreen, hello.screen_id)
    if screen is None or screen.event_id != event.id:
        return None
    if not hmac.compare_digest(screen.secret.encode(), hello.secret.encode()):
        return None
    return screen


def _new_screen(session: Session, event: Event) -> WallScreen:
    count = session.execute(
        select(func.count(WallScreen.id)).where(WallScreen.event_id == event.id)
    ).scalar_one()
    if count >= MAX_SCREENS_PER_EVENT:
        raise ServiceError(
            "too_many_screens", f"An event can have at most {MAX_SCREENS_PER_EVENT} screens."
        )
    for _ in range(5):  # two screens registering at the same instant may pick the same number
        number = 1 + (
            session.execute(
                select(func.max(WallScreen.number)).where(WallScreen.event_id == event.id)
            ).scalar_one()
            or 0
        )
        screen = WallScreen(event_id=event.id, number=number, secret=secrets.token_urlsafe(24))
        try:
            with session.begin_nested():
                session.add(screen)
                session.flush()
        except IntegrityError:
            continue
        return screen
    raise ServiceError(
        "busy", "Too many screens are registering at once; this one will retry.", status=503
    )


def register_screen(
    session: Session, event: Event, hello: ScreenHello, *, sid: str | None = None
) -> WallScreen:
    """Find the screen that says hello (or register a new one) and note that it is alive.

    A URL naming a position (``wall_id`` and ``at``) places the screen there, moving any screen
    that held it back to waiting: whoever opened that URL on this display meant it.
    """
    screen = _known_screen(session, event, hello)
    is_new = screen is None
    if screen is None:
        screen = _new_screen(session, event)
    screen.last_seen_ms = server_ms()
    if hello.viewport_w and hello.viewport_h:
        screen.viewport_w, screen.viewport_h = hello.viewport_w, hello.viewport_h
    screen.user_agent = hello.user_agent[:200]
    named = (hello.wall_id, hello.at)
    moved = None not in named and named != (screen.wall_id, screen.position)
    if moved:
        _place(session, event, screen, hello.wall_id, hello.at)
    if is_new or moved:
        publish_screen(session, screen)
    mark_health_changed(session, event.id)
    if sid is not None:
        _bind(sid, screen.id)
    return screen


def _bind(sid: str, screen_id: int) -> None:
    for stale in [s for s in _screen_of_sid if s not in connections]:
        del _screen_of_sid[stale]  # connections that have gone since their hello
    _screen_of_sid[sid] = screen_id
    join_room(screen_room(screen_id), sid=sid)


def screen_of_connection(sid: str) -> int:
    """The screen this connection said hello as."""
    screen_id = _screen_of_sid.get(sid)
    if screen_id is None:
        raise ServiceError(
            "hello_first", "Say hello (wall.screen.hello) before reporting.", status=409
        )
    return screen_id


def report_health(
    session: Session, event: Event, screen_id: int, report: ScreenReport
) -> WallScreen:
    """Store what a screen says about its clock and window; the console hears within a tick."""
    screen = get_screen(session, event, screen_id)
    screen.last_seen_ms = server_ms()
    screen.offset_ms = report.offset_ms
    screen.rtt_ms = report.rtt_ms
    if report.viewport_w and report.viewport_h:
        screen.viewport_w, screen.viewport_h = report.viewport_w, report.viewport_h
    mark_health_changed(session, event.id)
    return screen


def _place(session: Session, event: Event, screen: WallScreen, wall_id: int, position: str) -> None:
    wall = session.get(Wall, wall_id)
    if wall is None or wall.event_id != event.id:
        raise NotFound("That wall")
    keys = {item["key"] for item in wall.geometry.get("screens", [])}
    if position not in keys:
        raise ServiceError("unknown_position", f"The wall {wall.name} has no position {position}.")
    holder = session.execute(
        select(WallScreen).where(
            WallScreen.wall_id == wall_id,
            WallScreen.position == position,
            WallScreen.id != screen.id,
        )
    ).scalar_one_or_none()
    if holder is not None:
        holder.wall_id = holder.position = None
        session.flush()  # free the position before the unique (wall, position) sees it twice
        publish_screen(session, holder)
    screen.wall_id, screen.position = wall_id, position
    session.flush()


def assign_screen(
    session: Session, event: Event, screen_id: int, wall_id: int | None, position: str | None
) -> WallScreen:
    """Place a screen at a wall position (moving any screen there back to waiting), or take it
    off its wall."""
    screen = get_screen(session, event, screen_id)
    if wall_id is None or position is None:
        screen.wall_id = screen.position = None
    else:
        _place(session, event, screen, wall_id, position)
    publish_screen(session, screen)
    return screen


def update_screen(session: Session, event: Event, screen_id: int, latency_ms: int) -> WallScreen:
    """Set a screen's latency correction: it shows every change this much earlier."""
    screen = get_screen(session, event, screen_id)
    screen.latency_ms = latency_ms
    publish_screen(session, screen)
    return screen


def remove_screen(session: Session, event: Event, screen_id: int) -> None:
    """Forget a screen and close its connections; opened again, it registers as a new one."""
    screen = get_screen(session, event, screen_id)
    session.delete(screen)
    session.flush()
    publish(session, event.id, "wall.screen.removed", {"id": screen_id})
    mark_health_changed(session, event.id)
    after_commit(session, lambda: disconnect_screen(screen_id))


def disconnect_screen(screen_id: int) -> None:
    """Tell a removed screen it is out, and close its connections on this process."""
    # Every display shares one token, so realtime.disconnect_person would close them all; the
    # screen's own room reaches just this one (on any process, through the message queue).
    socketio.emit(
        "session.revoked",
        {"role": "display", "reason": "screen_removed"},
        to=screen_room(screen_id),
    )
    for sid in [s for s, held in _screen_of_sid.items() if held == screen_id]:
        _screen_of_sid.pop(sid, None)
        socketio.server.disconnect(sid, namespace="/")
