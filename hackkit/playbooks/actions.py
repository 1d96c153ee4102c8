"""Playbook actions: creating an event from a template, ticking checklist items."""

from __future__ import annotations

from typing import Any

from hackkit.actions import Ctx, action
from hackkit.events import lifecycle
from hackkit.playbooks import service
from hackkit.playbooks.cache import app_library
from hackkit.playbooks.schemas import CreateFromTemplate, TickItem

FACILITATOR = {"facilitator"}


@action(
    "event.from_template",
    roles=FACILITATOR,
    body=CreateFromTemplate,
    http="POST /api/events/from-template",
    socket=False,
)
def create_from_template(ctx: Ctx, body: CreateFromTemplate) -> dict[str, Any]:
    """Create an event from a playbook template: agenda, team size, skills and draft ballots."""
    event = service.create_event_from_template(
        ctx.session, ctx.principal.subject_id, app_library(), body.template, body.name
    )
    return {**lifecycle.event_dict(event), "playbook": event.playbook}


@action(
    "checklist.tick",
    roles=FACILITATOR,
    body=TickItem,
    http="PUT /api/events/<int:event_id>/checklist",
)
def tick_item(ctx: Ctx, body: TickItem) -> dict[str, Any]:
    """Tick or untick an item of a phase's checklist; every console of the event sees it."""
    return service.set_tick(
        ctx.session,
        ctx.event,
        body.phase_id,
        body.item,
        body.done,
        ctx.principal.name,
        service.app_fallback(ctx.event),
    )


@action("checklist.view", roles=FACILITATOR, http="GET /api/events/<int:event_id>/checklist")
def view_checklists(ctx: Ctx) -> dict[str, Any]:
    """Every phase's checklist with its ticks, and the phase under way."""
    return service.checklists_view(ctx.session, ctx.event, service.app_fallback(ctx.event))
