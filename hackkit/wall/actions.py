"""The wall's actions: walls and modes for the facilitator; hello and health for screens."""

from __future__ import annotations

from typing import Any

from flask import request

from hackkit.actions import Ctx, action
from hackkit.errors import ServiceError
from hackkit.wall import screens, service
from hackkit.wall.schemas import (
    AssignScreen,
    ScreenHello,
    ScreenReport,
    ScreenSettings,
    SetMode,
    WallFields,
)

FACILITATOR = {"facilitator"}
DISPLAY = {"display"}


@action(
    "wall.create", roles=FACILITATOR, body=WallFields, http="POST /api/events/<int:event_id>/walls"
)
def create_wall(ctx: Ctx, body: WallFields) -> dict[str, Any]:
    """Add a wall (a grid of screens, or freely placed screens)."""
    return service.wall_dict(service.create_wall(ctx.session, ctx.event, body))


@action(
    "wall.update",
    roles=FACILITATOR,
    body=WallFields,
    http="PUT /api/events/<int:event_id>/walls/<int:wall_id>",
)
def update_wall(ctx: Ctx, body: WallFields, wall_id: int) -> dict[str, Any]:
    """Change a wall's name, geometry, viewing distance or page time."""
    return service.wall_dict(service.update_wall(ctx.session, ctx.event, wall_id, body))


@action(
    "wall.delete", roles=FACILITATOR, http="DELETE /api/events/<int:event_id>/walls/<int:wall_id>"
)
def delete_wall(ctx: Ctx, wall_id: int) -> dict[str, Any]:
    """Remove a wall; its screens wait for a new place."""
    service.delete_wall(ctx.session, ctx.event, wall_id)
    return {"id": wall_id}


@action(
    "wall.mode",
    roles=FACILITATOR,
    body=SetMode,
    http="POST /api/events/<int:event_id>/walls/<int:wall_id>/mode",
)
def set_mode(ctx: Ctx, body: SetMode, wall_id: int) -> dict[str, Any]:
    """Switch what a wall shows; every screen switches together a moment later."""
    return service.wall_dict(service.set_mode(ctx.session, ctx.event, wall_id, body))


@action(
    "wall.screen.assign",
    roles=FACILITATOR,
    body=AssignScreen,
    http="POST /api/events/<int:event_id>/screens/<int:screen_id>/assign",
)
def assign_screen(ctx: Ctx, body: AssignScreen, screen_id: int) -> dict[str, Any]:
    """Place a screen at a wall position, or take it off its wall."""
    screen = screens.assign_screen(ctx.session, ctx.event, screen_id, body.wall_id, body.position)
    return screens.screen_dict(screen)


@action(
    "wall.screen.update",
    roles=FACILITATOR,
    body=ScreenSettings,
    http="PUT /api/events/<int:event_id>/screens/<int:screen_id>",
)
def update_screen(ctx: Ctx, body: ScreenSettings, screen_id: int) -> dict[str, Any]:
    """Set a screen's display-latency correction."""
    return screens.screen_dict(
        screens.update_screen(ctx.session, ctx.event, screen_id, body.latency_ms)
    )


@action(
    "wall.screen.remove",
    roles=FACILITATOR,
    http="DELETE /api/events/<int:event_id>/screens/<int:screen_id>",
)
def remove_screen(ctx: Ctx, screen_id: int) -> dict[str, Any]:
    """Forget a screen and disconnect it."""
    screens.remove_screen(ctx.session, ctx.event, screen_id)
    return {"id": screen_id}


def _socket_sid(ctx: Ctx) -> str:
    if ctx.transport != "socket":  # pragma: no cover - these actions have no HTTP route
        raise ServiceError("socket_only", "Screens talk over their live connection.")
    return request.sid  # type: ignore[attr-defined]


@action("wall.screen.hello", roles=DISPLAY, body=ScreenHello, cost=2)
def screen_hello(ctx: Ctx, body: ScreenHello) -> dict[str, Any]:
    """A screen (re)connects: its id and secret find its place; a new screen gets a number."""
    screen = screens.register_screen(ctx.session, ctx.event, body, sid=_socket_sid(ctx))
    return {"screen": screens.screen_dict(screen), "secret": screen.secret}


@action("wall.screen.report", roles=DISPLAY, body=ScreenReport)
def screen_report(ctx: Ctx, body: ScreenReport) -> dict[str, Any]:
    """A screen reports its clock offset, round trip and window size."""
    screen_id = screens.screen_of_connection(_socket_sid(ctx))
    screens.report_health(ctx.session, ctx.event, screen_id, body)
    return {"id": screen_id, "report_every_ms": screens.REPORT_INTERVAL_MS}
