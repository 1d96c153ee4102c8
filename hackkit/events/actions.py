"""The foundation's actions, each one thin: parse, call the service, shape the reply."""

from __future__ import annotations

from typing import Any

from hackkit.actions import ALL_ROLES, Ctx, action
from hackkit.events import (
    agenda,
    announcements,
    challenges,
    display_links,
    invites,
    joining,
    lifecycle,
    status,
    suspicious,
)
from hackkit.events.schemas import (
    ChallengeFields,
    CreateEvent,
    ExtendPhase,
    ImportInvites,
    JoinEvent,
    JoinProtection,
    MarkdownPreview,
    PostAnnouncement,
    SetAgenda,
    SetEventStatus,
    StartPhase,
    SyncRequest,
)
from hackkit.events.views import display_url
from hackkit.markup import render_markdown
from hackkit.realtime import build_snapshot

FACILITATOR = {"facilitator"}


@action("event.create", roles=FACILITATOR, body=CreateEvent, http="POST /api/events", socket=False)
def create_event(ctx: Ctx, body: CreateEvent) -> dict[str, Any]:
    """Create an event."""
    event = lifecycle.create_event(
        ctx.session, ctx.principal.subject_id, body.name, playbook=body.playbook
    )
    return lifecycle.event_dict(event)


@action("join", roles=None, body=JoinEvent, http="POST /api/join", socket=False)
def join(ctx: Ctx, body: JoinEvent) -> dict[str, Any]:
    """Join an event with its code and a display name; returns the participant's token."""
    participant, token = joining.join_event(
        ctx.session, body.code, body.name, ctx.remote_addr, body.device, body.invite
    )
    return {
        "participant": joining.participant_dict(participant),
        "event_id": participant.event_id,
        "token": token,
    }


@action(
    "sync",
    roles=ALL_ROLES,
    body=SyncRequest,
    http="GET /api/events/<int:event_id>/snapshot",
    cost=2,
    gated=True,
)
def sync(ctx: Ctx, body: SyncRequest) -> dict[str, Any]:
    """The full state this client may see, with its revision (after a reconnect or a gap)."""
    return build_snapshot(ctx.session, ctx.event.id, ctx.principal)


@action(
    "markdown.preview", roles=FACILITATOR, body=MarkdownPreview, http="POST /api/markdown/preview"
)
def preview_markdown(ctx: Ctx, body: MarkdownPreview) -> dict[str, Any]:
    """Render Markdown exactly as participants will see it (sanitised)."""
    return {"html": str(render_markdown(body.text))}


@action(
    "challenge.create",
    roles=FACILITATOR,
    body=ChallengeFields,
    http="POST /api/events/<int:event_id>/challenges",
)
def create_challenge(ctx: Ctx, body: ChallengeFields) -> dict[str, Any]:
    """Add a challenge brief."""
    return challenges.challenge_dict(
        challenges.create_challenge(ctx.session, ctx.event, body), with_source=True
    )


@action(
    "challenge.update",
    roles=FACILITATOR,
    body=ChallengeFields,
    http="PUT /api/events/<int:event_id>/challenges/<int:challenge_id>",
)
def update_challenge(ctx: Ctx, body: ChallengeFields, challenge_id: int) -> dict[str, Any]:
    """Edit a challenge brief."""
    challenge = challenges.update_challenge(ctx.session, ctx.event, challenge_id, body)
    return challenges.challenge_dict(challenge, with_source=True)


@action(
    "challenge.delete",
    roles=FACILITATOR,
    http="DELETE /api/events/<int:event_id>/challenges/<int:challenge_id>",
)
def delete_challenge(ctx: Ctx, challenge_id: int) -> dict[str, Any]:
    """Remove a challenge brief."""
    challenges.delete_challenge(ctx.session, ctx.event, challenge_id)
    return {"id": challenge_id}


@action(
    "agenda.set", roles=FACILITATOR, body=SetAgenda, http="PUT /api/events/<int:event_id>/agenda"
)
def set_agenda(ctx: Ctx, body: SetAgenda) -> dict[str, Any]:
    """Replace the agenda's phases (names, durations, wall modes)."""
    return agenda.set_agenda(ctx.session, ctx.event, body.phases)


@action(
    "agenda.start",
    roles=FACILITATOR,
    body=StartPhase,
    http="POST /api/events/<int:event_id>/agenda/start",
)
def start_phase(ctx: Ctx, body: StartPhase) -> dict[str, Any]:
    """Start a phase (default: the next one)."""
    return agenda.start_phase(ctx.session, ctx.event, body.phase_id)


@action("agenda.pause", roles=FACILITATOR, http="POST /api/events/<int:event_id>/agenda/pause")
def pause_phase(ctx: Ctx) -> dict[str, Any]:
    """Pause the countdown."""
    return agenda.pause_phase(ctx.session, ctx.event)


@action("agenda.resume", roles=FACILITATOR, http="POST /api/events/<int:event_id>/agenda/resume")
def resume_phase(ctx: Ctx) -> dict[str, Any]:
    """Resume the countdown."""
    return agenda.resume_phase(ctx.session, ctx.event)


@action(
    "agenda.extend",
    roles=FACILITATOR,
    body=ExtendPhase,
    http="POST /api/events/<int:event_id>/agenda/extend",
)
def extend_phase(ctx: Ctx, body: ExtendPhase) -> dict[str, Any]:
    """Add time to (or take it from) the phase under way."""
    return agenda.extend_phase(ctx.session, ctx.event, body.seconds)


@action("agenda.skip", roles=FACILITATOR, http="POST /api/events/<int:event_id>/agenda/skip")
def skip_phase(ctx: Ctx) -> dict[str, Any]:
    """Skip the phase under way and start the next."""
    return agenda.skip_phase(ctx.session, ctx.event)


@action(
    "announcement.post",
    roles=FACILITATOR,
    body=PostAnnouncement,
    http="POST /api/events/<int:event_id>/announcements",
)
def post_announcement(ctx: Ctx, body: PostAnnouncement) -> dict[str, Any]:
    """Post an announcement to every screen."""
    return announcements.announcement_dict(
        announcements.post_announcement(ctx.session, ctx.event, body.body_md)
    )


@action(
    "participant.remove",
    roles=FACILITATOR,
    http="DELETE /api/events/<int:event_id>/participants/<int:participant_id>",
)
def remove_participant(ctx: Ctx, participant_id: int) -> dict[str, Any]:
    """Remove a participant: their link stops working and their screens disconnect."""
    joining.remove_participant(ctx.session, ctx.event, participant_id)
    return {"id": participant_id}


@action(
    "event.status",
    roles=FACILITATOR,
    body=SetEventStatus,
    http="PUT /api/events/<int:event_id>/status",
)
def set_event_status(ctx: Ctx, body: SetEventStatus) -> dict[str, Any]:
    """Move the event to another state: open, joins closed, locked, ended or archived."""
    return status.set_status(ctx.session, ctx.event, body.status, actor=ctx.principal.key)


@action(
    "event.join_protection",
    roles=FACILITATOR,
    body=JoinProtection,
    http="PUT /api/events/<int:event_id>/join-protection",
)
def set_join_protection(ctx: Ctx, body: JoinProtection) -> dict[str, Any]:
    """Choose whether joins close when a ballot opens, and whether they need an invite code."""
    event = lifecycle.event_dict(ctx.event)
    if body.close_joins_on_vote is not None:
        event = status.set_join_protection(ctx.session, ctx.event, body.close_joins_on_vote)
    if body.invite_only is not None:
        event = invites.set_invite_only(ctx.session, ctx.event, body.invite_only)
    return event


@action(
    "invites.import",
    roles=FACILITATOR,
    body=ImportInvites,
    http="POST /api/events/<int:event_id>/invites",
)
def import_invites(ctx: Ctx, body: ImportInvites) -> dict[str, Any]:
    """Make a personal invite code for each name or e-mail address in a pasted list or CSV."""
    return {"invites": invites.import_invites(ctx.session, ctx.event, body.text)}


@action("invites.list", roles=FACILITATOR, http="GET /api/events/<int:event_id>/invites")
def list_invites(ctx: Ctx) -> dict[str, Any]:
    """The event's invite codes, and who used each."""
    return {"invites": invites.list_invites(ctx.session, ctx.event)}


@action(
    "display.revoke",
    roles=FACILITATOR,
    http="POST /api/events/<int:event_id>/display-link/revoke",
)
def revoke_display_links(ctx: Ctx) -> dict[str, Any]:
    """Revoke every display link of the event and return the new one."""
    display_links.revoke_display_links(ctx.session, ctx.event)
    ctx.session.flush()
    return {"display_url": display_url(ctx.event)}


@action(
    "participants.suspicious",
    roles=FACILITATOR,
    http="GET /api/events/<int:event_id>/participants/suspicious",
)
def suspicious_joins(ctx: Ctx) -> dict[str, Any]:
    """Joins worth a look: one device under several names, or a burst of names from one address."""
    return {"joins": suspicious.suspicious_joins(ctx.session, ctx.event)}
