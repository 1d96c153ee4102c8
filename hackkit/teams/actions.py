"""Team, profile and idea actions: each one parses, calls a service and shapes the reply."""

from __future__ import annotations

from typing import Any

from flask_babel import ngettext

from hackkit.actions import Ctx, action
from hackkit.teams import admin, exports, forming, ideas, membership, profiles, space
from hackkit.teams.schemas import (
    CreateTeam,
    EditIdea,
    HideIdea,
    IdeaFields,
    JoinTeam,
    LockTeam,
    MatchAccept,
    MatchPreview,
    MergeTeams,
    MoveMember,
    PostProgress,
    ProfileFields,
    SetStage,
    TeamSettingsFields,
    UpdateTeam,
)

FACILITATOR = {"facilitator"}
PARTICIPANT = {"participant"}
MEMBER_OR_FACILITATOR = {"participant", "facilitator"}
BASE = "/api/events/<int:event_id>"


# --- participants ------------------------------------------------------------------------------


@action("profile.update", roles=PARTICIPANT, body=ProfileFields, http=f"PUT {BASE}/profile")
def update_profile(ctx: Ctx, body: ProfileFields) -> dict[str, Any]:
    """Save my profile: skills, tags, interests, ranked challenge preferences."""
    return profiles.update_profile(ctx.session, ctx.event, ctx.principal.subject_id, body)


@action("team.create", roles=PARTICIPANT, body=CreateTeam, http=f"POST {BASE}/teams")
def create_team(ctx: Ctx, body: CreateTeam) -> dict[str, Any]:
    """Start a team (I become its first member)."""
    team = membership.create_team(ctx.session, ctx.event, ctx.principal.subject_id, body)
    return membership.team_view(ctx.session, team)


@action("team.join", roles=PARTICIPANT, body=JoinTeam, http=f"POST {BASE}/teams/join")
def join_team(ctx: Ctx, body: JoinTeam) -> dict[str, Any]:
    """Join a team from the list or with its code."""
    team = membership.join_team(
        ctx.session, ctx.event, ctx.principal.subject_id, team_id=body.team_id, code=body.code
    )
    return membership.team_view(ctx.session, team)


@action("team.leave", roles=PARTICIPANT, http=f"POST {BASE}/teams/leave")
def leave_team(ctx: Ctx) -> dict[str, Any]:
    """Leave my team."""
    membership.leave_team(ctx.session, ctx.event, ctx.principal.subject_id)
    return {}


@action(
    "team.update",
    roles=MEMBER_OR_FACILITATOR,
    body=UpdateTeam,
    http=f"PATCH {BASE}/teams/<int:team_id>",
)
def update_team(ctx: Ctx, body: UpdateTeam, team_id: int) -> dict[str, Any]:
    """Rename a team or change its challenge."""
    team = space.update_team(ctx.session, ctx.event, ctx.principal, team_id, body)
    return membership.team_view(ctx.session, team)


@action(
    "team.stage",
    roles=MEMBER_OR_FACILITATOR,
    body=SetStage,
    http=f"POST {BASE}/teams/<int:team_id>/stage",
)
def set_stage(ctx: Ctx, body: SetStage, team_id: int) -> dict[str, Any]:
    """Move a team to another stage (e.g. idea → prototype → pitch ready)."""
    team = space.set_stage(ctx.session, ctx.event, ctx.principal, team_id, body.stage)
    return membership.team_view(ctx.session, team)


@action(
    "team.progress",
    roles=PARTICIPANT,
    body=PostProgress,
    http=f"POST {BASE}/teams/<int:team_id>/progress",
)
def post_progress(ctx: Ctx, body: PostProgress, team_id: int) -> dict[str, Any]:
    """Post to my team's "working out loud" feed."""
    return space.post_progress(ctx.session, ctx.event, ctx.principal, team_id, body.body)


@action("idea.create", roles=PARTICIPANT, body=IdeaFields, http=f"POST {BASE}/ideas")
def create_idea(ctx: Ctx, body: IdeaFields) -> dict[str, Any]:
    """Submit an idea for my team (or as an individual, where the event allows it)."""
    return ideas.idea_dict(
        ideas.create_idea(ctx.session, ctx.event, ctx.principal.subject_id, body)
    )


@action("idea.update", roles=PARTICIPANT, body=EditIdea, http=f"PUT {BASE}/ideas/<int:idea_id>")
def update_idea(ctx: Ctx, body: EditIdea, idea_id: int) -> dict[str, Any]:
    """Save a new version of one of my team's ideas (until submission closes)."""
    return ideas.idea_dict(
        ideas.edit_idea(ctx.session, ctx.event, ctx.principal.subject_id, idea_id, body)
    )


# --- facilitators ------------------------------------------------------------------------------


@action(
    "teams.settings", roles=FACILITATOR, body=TeamSettingsFields, http=f"PATCH {BASE}/team-settings"
)
def update_settings(ctx: Ctx, body: TeamSettingsFields) -> dict[str, Any]:
    """Change team sizes, the skill list, profile fields, stages, idea submission rules."""
    return admin.update_team_settings(ctx.session, ctx.event, body).to_dict()


@action("team.move", roles=FACILITATOR, body=MoveMember, http=f"POST {BASE}/teams/move")
def move_member(ctx: Ctx, body: MoveMember) -> dict[str, Any]:
    """Move a participant to another team, or out of their team."""
    admin.move_member(ctx.session, ctx.event, body.participant_id, body.team_id)
    return {"participant_id": body.participant_id, "team_id": body.team_id}


@action(
    "team.merge", roles=FACILITATOR, body=MergeTeams, http=f"POST {BASE}/teams/<int:team_id>/merge"
)
def merge_teams(ctx: Ctx, body: MergeTeams, team_id: int) -> dict[str, Any]:
    """Merge a team into another: members, ideas and progress move; the first team goes."""
    into = admin.merge_teams(ctx.session, ctx.event, team_id, body.into_team_id)
    return membership.team_view(ctx.session, into)


@action("team.dissolve", roles=FACILITATOR, http=f"DELETE {BASE}/teams/<int:team_id>")
def dissolve_team(ctx: Ctx, team_id: int) -> dict[str, Any]:
    """Break a team up; its members are without a team, its ideas stay."""
    admin.dissolve_team(ctx.session, ctx.event, team_id)
    return {"id": team_id}


@action("team.lock", roles=FACILITATOR, body=LockTeam, http=f"POST {BASE}/teams/<int:team_id>/lock")
def lock_team(ctx: Ctx, body: LockTeam, team_id: int) -> dict[str, Any]:
    """Lock or unlock one team."""
    return membership.team_view(
        ctx.session, admin.set_team_lock(ctx.session, ctx.event, team_id, body.locked)
    )


@action("teams.lock", roles=FACILITATOR, body=LockTeam, http=f"POST {BASE}/teams/lock")
def lock_all(ctx: Ctx, body: LockTeam) -> dict[str, Any]:
    """Lock or unlock every team (and stop or allow new teams)."""
    admin.lock_all_teams(ctx.session, ctx.event, body.locked)
    return {"locked": body.locked}


@action(
    "teams.match_preview",
    roles=FACILITATOR,
    body=MatchPreview,
    http=f"POST {BASE}/matching/preview",
    cost=5,
)
def match_preview(ctx: Ctx, body: MatchPreview) -> dict[str, Any]:
    """Propose teams for people without one (or everyone); changes nothing."""
    proposal = forming.preview(ctx.session, ctx.event, body.scope, body.seed)
    return proposal | {"summary": placing_summary(proposal["placing"], len(proposal["teams"]))}


def placing_summary(people: int, teams: int) -> str:
    """ "Placing 3 people into 1 team.", with each number's own plural form (the console shows
    it above the proposal)."""
    placing = ngettext("Placing %(num)d person", "Placing %(num)d people", people)
    into = ngettext("into %(num)d team.", "into %(num)d teams.", teams)
    return f"{placing} {into}"


@action(
    "teams.match_accept",
    roles=FACILITATOR,
    body=MatchAccept,
    http=f"POST {BASE}/matching/accept",
    cost=5,
)
def match_accept(ctx: Ctx, body: MatchAccept) -> dict[str, Any]:
    """Apply a previewed proposal, unless the teams changed since."""
    return forming.accept(ctx.session, ctx.event, body.proposal)


@action("idea.hide", roles=FACILITATOR, body=HideIdea, http=f"POST {BASE}/ideas/<int:idea_id>/hide")
def hide_idea(ctx: Ctx, body: HideIdea, idea_id: int) -> dict[str, Any]:
    """Hide an idea from every screen, with a reason."""
    return ideas.idea_dict(
        ideas.hide_idea(ctx.session, ctx.event, idea_id, body.reason), moderation=True
    )


@action("idea.unhide", roles=FACILITATOR, http=f"POST {BASE}/ideas/<int:idea_id>/unhide")
def unhide_idea(ctx: Ctx, idea_id: int) -> dict[str, Any]:
    """Show a hidden idea again."""
    return ideas.idea_dict(ideas.unhide_idea(ctx.session, ctx.event, idea_id), moderation=True)


@action("idea.history", roles=FACILITATOR, http=f"GET {BASE}/ideas/<int:idea_id>/revisions")
def idea_history(ctx: Ctx, idea_id: int) -> list[dict[str, Any]]:
    """Every saved version of an idea, newest first."""
    return ideas.idea_history(ctx.session, ctx.event, idea_id)


@action("teams.export", roles=FACILITATOR, http=f"GET {BASE}/export")
def export(ctx: Ctx) -> dict[str, Any]:
    """Teams, members (with profiles) and ideas as one JSON document."""
    return exports.export_document(ctx.session, ctx.event)
