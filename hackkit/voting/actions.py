"""Voting actions: each one thin, parsing and calling a service (HTTP and Socket.IO alike)."""

from __future__ import annotations

from typing import Any

from hackkit.actions import ALL_ROLES, Ctx, action
from hackkit.errors import NotFound
from hackkit.pages import public_base
from hackkit.voting import audit, ballots, judging, judging_ops, jury, rounds, snapshot
from hackkit.voting.casting import cast_vote
from hackkit.voting.schemas import (
    BallotChanges,
    BallotFields,
    CastVote,
    DeclareConflict,
    IdeaFlag,
    InviteJuror,
    JudgingSwitch,
    JurorFlag,
    PlanFields,
    ShortlistFields,
    VotingSettings,
)
from hackkit.voting.tallies import result_view

FACILITATOR = {"facilitator"}
VOTERS = {"participant", "jury"}
BALLOT = "/api/events/<int:event_id>/ballots/<int:ballot_id>"
JUDGING = "/api/events/<int:event_id>/judging"


def _described(ctx: Ctx, ballot: Any) -> dict[str, Any]:
    data = ballots.ballot_dict(ctx.session, ballot, moderation=True)
    data["result"] = result_view(ctx.session, ballot, full=True, fresh=True)
    return data


@action(
    "ballot.create",
    roles=FACILITATOR,
    body=BallotFields,
    http="POST /api/events/<int:event_id>/ballots",
)
def create_ballot(ctx: Ctx, body: BallotFields) -> dict[str, Any]:
    """Create a draft ballot over some ideas, with a method, visibility and voters."""
    return _described(ctx, ballots.create_ballot(ctx.session, ctx.event, body))


@action("ballot.update", roles=FACILITATOR, body=BallotChanges, http=f"PUT {BALLOT}")
def update_ballot(ctx: Ctx, body: BallotChanges, ballot_id: int) -> dict[str, Any]:
    """Edit a ballot (title and visibility any time before the reveal; the rest as a draft)."""
    return _described(ctx, ballots.update_ballot(ctx.session, ctx.event, ballot_id, body))


@action("ballot.open", roles=FACILITATOR, http=f"POST {BALLOT}/open")
def open_ballot(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """Open a ballot: voting starts on every phone."""
    return _described(ctx, ballots.open_ballot(ctx.session, ctx.event, ballot_id))


@action("ballot.close", roles=FACILITATOR, http=f"POST {BALLOT}/close")
def close_ballot(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """Close a ballot: later votes are refused."""
    return _described(ctx, ballots.close_ballot(ctx.session, ctx.event, ballot_id))


@action("ballot.reveal", roles=FACILITATOR, http=f"POST {BALLOT}/reveal")
def reveal_ballot(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """Reveal a closed ballot's result on every screen at once."""
    return _described(ctx, ballots.reveal_ballot(ctx.session, ctx.event, ballot_id))


@action("ballot.delete", roles=FACILITATOR, http=f"DELETE {BALLOT}")
def delete_ballot(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """Delete a ballot that is not open, with its votes."""
    ballots.delete_ballot(ctx.session, ctx.event, ballot_id)
    return {"id": ballot_id}


@action("ballot.result", roles=ALL_ROLES, http=f"GET {BALLOT}/result")
def ballot_result(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """Turnout and tally as this caller may see them (facilitators: everything)."""
    ballot = ballots.get_ballot(ctx.session, ctx.event, ballot_id)
    facilitator = ctx.principal.role == "facilitator"
    if ballot.status == "draft" and not facilitator:
        raise NotFound("That ballot")
    jury = ctx.principal.role == "jury"
    return result_view(ctx.session, ballot, full=facilitator, fresh=True, jury=jury)


@action("ballot.export", roles=FACILITATOR, http=f"GET {BALLOT}/export", cost=5)
def export_ballot(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """The anonymised audit export (pseudonyms, content, weight, time) and its tally."""
    return audit.export_ballot(ctx.session, ctx.event, ballot_id)


@action("ballot.mine", roles=VOTERS, http=f"GET {BALLOT}/mine")
def my_ballot(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """This voter's view of a ballot: may they vote, their option order, their vote."""
    ballot = ballots.get_ballot(ctx.session, ctx.event, ballot_id)
    if ballot.status == "draft":
        raise NotFound("That ballot")
    return snapshot.voter_view(ctx.session, ctx.event, ballot, ctx.principal)


# The one action a vote storm is made of: over Socket.IO it takes the lean path (see actions).
@action("vote.cast", roles=VOTERS, body=CastVote, http=f"POST {BALLOT}/votes", socket="lean")
def vote(ctx: Ctx, body: CastVote, ballot_id: int) -> dict[str, Any]:
    """Cast or change your ballot; answered once stored. A retry (same vote_id) counts once."""
    return cast_vote(
        ctx.session, ctx.event_id, ctx.principal, ballot_id, body.vote_id, body.content
    )


@action("pairwise.next", roles=VOTERS, http=f"POST {BALLOT}/pairs/next")
def next_pair(ctx: Ctx, ballot_id: int) -> dict[str, Any]:
    """The pair of ideas this judge should compare now."""
    return judging.next_pair(ctx.session, ctx.event, ctx.principal, ballot_id)


@action(
    "jury.invite", roles=FACILITATOR, body=InviteJuror, http="POST /api/events/<int:event_id>/jury"
)
def invite_juror(ctx: Ctx, body: InviteJuror) -> dict[str, Any]:
    """Invite a juror with a weight; returns their personal invite link."""
    member = jury.invite_juror(ctx.session, ctx.event, body.name, body.weight)
    data = jury.juror_dict(member, ctx.event)
    data["invite_url"] = public_base() + data["invite_path"]
    return data


@action(
    "jury.remove", roles=FACILITATOR, http="DELETE /api/events/<int:event_id>/jury/<int:juror_id>"
)
def remove_juror(ctx: Ctx, juror_id: int) -> dict[str, Any]:
    """Remove a juror: their link stops working."""
    jury.remove_juror(ctx.session, ctx.event, juror_id)
    return {"id": juror_id}


@action(
    "voting.settings",
    roles=FACILITATOR,
    body=VotingSettings,
    http="PUT /api/events/<int:event_id>/voting/settings",
)
def voting_settings(ctx: Ctx, body: VotingSettings) -> dict[str, Any]:
    """Set the event's voting rules (e.g. forbid voting for your own team's idea)."""
    return ballots.set_voting_settings(ctx.session, ctx.event, body.forbid_own_team_vote)


# --- judging operations --------------------------------------------------------------------


@action(
    "judging.conflict.declare",
    roles={"jury"},
    body=DeclareConflict,
    http=f"POST {JUDGING}/conflicts",
)
def declare_conflict(ctx: Ctx, body: DeclareConflict) -> dict[str, Any]:
    """Declare a conflict of interest with an idea: you are never given it to judge."""
    return judging_ops.declare_conflict(
        ctx.session, ctx.event, ctx.principal, body.idea_id, body.reason
    )


@action(
    "judging.conflict.withdraw",
    roles={"jury"},
    http=f"DELETE {JUDGING}/conflicts/<int:idea_id>",
)
def withdraw_conflict(ctx: Ctx, idea_id: int) -> dict[str, Any]:
    """Take back a conflict of interest you declared by mistake."""
    return judging_ops.withdraw_conflict(ctx.session, ctx.event, ctx.principal, idea_id)


@action(
    "judging.juror.flag",
    roles=FACILITATOR,
    body=JurorFlag,
    http=f"PUT {JUDGING}/jurors/<int:juror_id>/flag",
)
def flag_juror(ctx: Ctx, body: JurorFlag, juror_id: int) -> dict[str, Any]:
    """Mark a juror absent or busy (nothing is assigned to them), or back to judging."""
    flag = None if body.status == "judging" else body.status
    return judging_ops.set_juror_flag(ctx.session, ctx.event, juror_id, flag, body.reason)


@action(
    "judging.idea.flag",
    roles=FACILITATOR,
    body=IdeaFlag,
    http=f"PUT {JUDGING}/ideas/<int:idea_id>/flag",
)
def flag_idea(ctx: Ctx, body: IdeaFlag, idea_id: int) -> dict[str, Any]:
    """Set an idea aside because its team is absent (shown with the reason), or take it back."""
    return judging_ops.set_idea_flag(ctx.session, ctx.event, idea_id, body.team_absent, body.reason)


@action("judging.switch", roles=FACILITATOR, body=JudgingSwitch, http=f"PUT {JUDGING}/switch")
def judging_switch(ctx: Ctx, body: JudgingSwitch) -> dict[str, Any]:
    """Open, pause or close judging: every juror's phone follows at once."""
    return judging_ops.set_switch(ctx.session, ctx.event, body.state)


@action("judging.progress", roles=FACILITATOR, http=f"GET {JUDGING}/progress", cost=2)
def judging_progress(ctx: Ctx) -> dict[str, Any]:
    """Who has judged how much, who is behind, and which ideas are set aside and why."""
    return judging_ops.progress(ctx.session, ctx.event)


@action("judging.plan", roles=FACILITATOR, body=PlanFields, http=f"POST {JUDGING}/plan")
def judging_plan(ctx: Ctx, body: PlanFields) -> dict[str, Any]:
    """The coverage a judging plan gives (each idea seen by at least k judges)."""
    return rounds.plan(ctx.session, ctx.event, body)


@action(
    "judging.shortlist",
    roles=FACILITATOR,
    body=ShortlistFields,
    http=f"POST {BALLOT}/shortlist",
)
def shortlist_round(ctx: Ctx, body: ShortlistFields, ballot_id: int) -> dict[str, Any]:
    """A final round (a draft ballot) over the top ideas of a closed round."""
    return _described(ctx, rounds.shortlist_round(ctx.session, ctx.event, ballot_id, body))
