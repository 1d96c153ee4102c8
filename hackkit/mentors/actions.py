"""Mentor and help-queue actions: each thin, parsing and calling a service (HTTP and Socket.IO)."""

from __future__ import annotations

from typing import Any

from hackkit.actions import Ctx, action
from hackkit.mentors import board, helpdesk, roster
from hackkit.mentors.schemas import (
    AskForHelp,
    CloseHelp,
    HelpSettings,
    InviteMentor,
    MentorProfile,
    RateHelp,
)
from hackkit.pages import public_base

FACILITATOR = {"facilitator"}
MENTOR = {"mentor"}
TEAM = {"participant"}
EVENT = "/api/events/<int:event_id>"
REQUEST = EVENT + "/help/<int:request_id>"


@action("mentor.invite", roles=FACILITATOR, body=InviteMentor, http=f"POST {EVENT}/mentors")
def invite_mentor(ctx: Ctx, body: InviteMentor) -> dict[str, Any]:
    """Invite a mentor; returns their personal invite link (the console shows it as a QR code)."""
    mentor = roster.invite_mentor(ctx.session, ctx.event, body.name, body.skills)
    data = roster.mentor_dict(mentor, ctx.event)
    data["invite_url"] = public_base() + data["invite_path"]
    return data


@action("mentor.remove", roles=FACILITATOR, http=f"DELETE {EVENT}/mentors/<int:mentor_id>")
def remove_mentor(ctx: Ctx, mentor_id: int) -> dict[str, Any]:
    """Remove a mentor: their link stops working; requests they held go back to the queue."""
    roster.remove_mentor(ctx.session, ctx.event, mentor_id)
    helpdesk.release_claims(ctx.session, ctx.event, mentor_id)
    return {"id": mentor_id}


@action("mentor.profile", roles=MENTOR, body=MentorProfile, http=f"PUT {EVENT}/mentors/me")
def mentor_profile(ctx: Ctx, body: MentorProfile) -> dict[str, Any]:
    """Set my skills and whether I can help now."""
    mentor = roster.update_profile(
        ctx.session,
        ctx.event,
        ctx.principal.subject_id,
        skills=body.skills,
        available=body.available,
        note=body.availability_note,
    )
    return roster.mentor_dict(mentor)


@action("help.ask", roles=TEAM, body=AskForHelp, http=f"POST {EVENT}/help")
def ask_for_help(ctx: Ctx, body: AskForHelp) -> dict[str, Any]:
    """Ask for a mentor (one open request per team)."""
    return helpdesk.ask_for_help(ctx.session, ctx.event, ctx.principal, body)


@action("help.withdraw", roles=TEAM, http=f"POST {REQUEST}/withdraw")
def withdraw(ctx: Ctx, request_id: int) -> dict[str, Any]:
    """Withdraw my team's request."""
    return helpdesk.withdraw(ctx.session, ctx.event, ctx.principal, request_id)


@action("help.renew", roles=TEAM, http=f"POST {REQUEST}/renew")
def renew(ctx: Ctx, request_id: int) -> dict[str, Any]:
    """We still need help: restart the request's time before it lapses."""
    return helpdesk.renew(ctx.session, ctx.event, ctx.principal, request_id)


@action("help.rate", roles=TEAM, body=RateHelp, http=f"POST {REQUEST}/rating")
def rate(ctx: Ctx, body: RateHelp, request_id: int) -> dict[str, Any]:
    """Rate the help my team got, 1 to 5."""
    return helpdesk.rate(ctx.session, ctx.event, ctx.principal, request_id, body.rating)


@action("help.claim", roles=MENTOR, http=f"POST {REQUEST}/claim")
def claim(ctx: Ctx, request_id: int) -> dict[str, Any]:
    """Take a request: it is yours, and you are told where the team is."""
    return helpdesk.claim(ctx.session, ctx.event, ctx.principal, request_id)


@action("help.release", roles=MENTOR, http=f"POST {REQUEST}/release")
def release(ctx: Ctx, request_id: int) -> dict[str, Any]:
    """Hand a request you took back to the queue."""
    return helpdesk.release(ctx.session, ctx.event, ctx.principal, request_id)


@action("help.close", roles=MENTOR, body=CloseHelp, http=f"POST {REQUEST}/close")
def close(ctx: Ctx, body: CloseHelp, request_id: int) -> dict[str, Any]:
    """Close a request you took, with a note."""
    return helpdesk.close(ctx.session, ctx.event, ctx.principal, request_id, body.note)


@action("help.settings", roles=FACILITATOR, body=HelpSettings, http=f"PUT {EVENT}/help/settings")
def help_settings(ctx: Ctx, body: HelpSettings) -> dict[str, Any]:
    """Close or open the queue (with a message for the phones) and set its times."""
    return helpdesk.save_config(ctx.session, ctx.event, body)


@action("help.export", roles=FACILITATOR, http=f"GET {EVENT}/help/export", cost=5)
def export(ctx: Ctx) -> dict[str, Any]:
    """Every request with its times, wait, mentor and rating."""
    return {"requests": board.export_rows(ctx.session, ctx.event)}
