"""The help queue: teams ask, mentors claim and close, teams rate, requests lapse.

Every state change is one transaction that ends by queueing what each screen must hear
(``realtime.push``, sent after the commit): the request itself to the console, the mentors and
the team; an offer to the mentors routing picks; and the queue's summary to the whole room
(phones work out their place from it, the wall shows it).

Expiry needs no timer: a request carries its ``expires_ms``, every screen stops showing it then,
and the next read or write of the queue marks it expired in the database
(:func:`expire_stale`), before anything else is decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.database import aware, utcnow
from hackkit.errors import Forbidden, NotFound, ServiceError
from hackkit.events.models import Event
from hackkit.mentors.models import LIVE_STATES, HelpRequest, Mentor
from hackkit.mentors.roster import active_mentors, helpers
from hackkit.mentors.routing import (
    Ask,
    Timing,
    expires_at,
    first_circle,
    is_expired,
    median_ms,
    offered_to,
    open_to_all_at,
    queue_order,
)
from hackkit.mentors.schemas import AskForHelp, HelpSettings
from hackkit.realtime import Routed, event_room, live_view, mark_view, person_room, push, role_room
from hackkit.teams.membership import members_by_team, team_of
from hackkit.teams.models import Team
from hackkit.teams.settings import team_settings

# How many recent claims and closes the queue's figures are computed from: enough to be
# steady, few enough to follow the room as it gets busier or calmer.
RECENT = 20
MAX_QUEUE_SHOWN = 500


@dataclass(frozen=True)
class HelpConfig:
    """The queue's settings, kept in ``Event.settings["help"]``."""

    closed: bool = False
    message: str = ""
    widen_after_s: int = 120
    expire_after_s: int = 3600

    @property
    def timing(self) -> Timing:
        return Timing(self.widen_after_s * 1000, self.expire_after_s * 1000)

    def to_dict(self) -> dict[str, Any]:
        return {
            "closed": self.closed,
            "message": self.message,
            "widen_after_s": self.widen_after_s,
            "expire_after_s": self.expire_after_s,
        }


def help_config(event: Event) -> HelpConfig:
    """The event's queue settings; malformed values fall back to the defaults."""
    raw = (event.settings or {}).get("help") or {}
    base = HelpConfig()
    values: dict[str, Any] = {}
    for name, default in base.to_dict().items():
        value = raw.get(name, default) if isinstance(raw, dict) else default
        values[name] = value if type(value) is type(default) else default
    return HelpConfig(**values)


def ms(value: datetime | None) -> int | None:
    """A stored time as milliseconds since the epoch (what screens count from)."""
    value = aware(value)
    return None if value is None else int(value.timestamp() * 1000)


def now_ms() -> int:
    return int(utcnow().timestamp() * 1000)


def ask_of(req: HelpRequest) -> Ask:
    """A stored request as routing sees it."""
    return Ask(
        req.id,
        req.topic,
        req.urgency,
        ms(req.created_at) or 0,
        ms(req.renewed_at) or 0,
        req.preferred_mentor_id,
    )


# --- views ------------------------------------------------------------------------------------


def request_view(
    req: HelpRequest,
    config: HelpConfig,
    *,
    team_name: str = "",
    mentor_name: str = "",
    circle: list[int] | None = None,
) -> dict[str, Any]:
    """A request as the console, the mentors and its team see it."""
    ask = ask_of(req)
    return {
        "id": req.id,
        "team_id": req.team_id,
        "team_name": team_name,
        "topic": req.topic,
        "description": req.description,
        "location_kind": req.location_kind,
        "location": req.location,
        "call_url": req.call_url,
        "urgency": req.urgency,
        "status": req.status,
        "preferred_mentor_id": req.preferred_mentor_id,
        "mentor_id": req.mentor_id,
        "mentor_name": mentor_name,
        "created_ms": ask.created_ms,
        "renewed_ms": ask.renewed_ms,
        "claimed_ms": ms(req.claimed_at),
        "closed_ms": ms(req.closed_at),
        "open_to_all_ms": open_to_all_at(ask, config.timing),
        "expires_ms": expires_at(ask, config.timing),
        "first_circle": circle or [],
        "close_note": req.close_note,
        "rating": req.rating,
    }


def describe(session: Session, event: Event, req: HelpRequest) -> dict[str, Any]:
    """One request's view, with its team's and mentor's names and who it is offered to first."""
    config = help_config(event)
    team = session.get(Team, req.team_id)
    mentor = session.get(Mentor, req.mentor_id) if req.mentor_id else None
    # Only an open request is offered to anyone (and only then do phones need the circle).
    circle = (
        first_circle(ask_of(req), helpers(active_mentors(session, event.id)))
        if req.status == "open"
        else []
    )
    return request_view(
        req,
        config,
        team_name=team.name if team else "",
        mentor_name=mentor.name if mentor else "",
        circle=circle,
    )


def recent_figures(session: Session, event_id: int) -> tuple[list[int], list[int]]:
    """How long the latest claimed requests waited, and how long the latest closed ones took."""
    claimed = session.execute(
        select(HelpRequest.created_at, HelpRequest.claimed_at)
        .where(HelpRequest.event_id == event_id, HelpRequest.claimed_at.is_not(None))
        .order_by(HelpRequest.claimed_at.desc())
        .limit(RECENT)
    ).all()
    served = session.execute(
        select(HelpRequest.claimed_at, HelpRequest.closed_at)
        .where(
            HelpRequest.event_id == event_id,
            HelpRequest.status == "closed",
            HelpRequest.claimed_at.is_not(None),
        )
        .order_by(HelpRequest.closed_at.desc())
        .limit(RECENT)
    ).all()
    waits = [max(0, ms(b) - ms(a)) for a, b in claimed]  # type: ignore[operator]
    services = [max(0, ms(b) - ms(a)) for a, b in served]  # type: ignore[operator]
    return waits, services


def queue_summary(session: Session, event: Event) -> dict[str, Any]:
    """What the whole room may know: the open queue's order (ids and urgency only, so each
    phone finds its place), the figures behind the wait estimate, the mentors active and
    whether the queue is closed."""
    config = help_config(event)
    rows = session.execute(
        select(HelpRequest).where(
            HelpRequest.event_id == event.id, HelpRequest.status.in_(LIVE_STATES)
        )
    ).scalars()
    open_asks, claimed = [], 0
    now = now_ms()
    for req in rows:
        if req.status == "claimed":
            claimed += 1
        elif now < expires_at(ask_of(req), config.timing):
            open_asks.append(ask_of(req))
    waits, services = recent_figures(session, event.id)
    mentors = active_mentors(session, event.id)
    return {
        **config.to_dict(),
        "open": [
            [a.id, a.urgency, a.created_ms, a.renewed_ms + config.timing.expire_after_ms]
            for a in queue_order(open_asks)[:MAX_QUEUE_SHOWN]
        ],
        "claimed": claimed,
        "median_wait_ms": median_ms(waits),
        "service_ms": services,
        "mentors_active": sum(1 for m in mentors if m.available),
        "mentors": len(mentors),
    }


# --- telling ----------------------------------------------------------------------------------

# The summary goes to every screen in the room. Sent on every change it was most of the
# server's work at 5 requests a second (each request, claim and close sending it to every
# phone: see docs/performance.md, "Mentors"); coalesced, the room gets it at most twice a
# second, which is still "live" for a place in a queue.
QUEUE_EVERY_S = 0.5


@live_view("help.queue", room=lambda arg: event_room(int(arg)), every_s=QUEUE_EVERY_S)
def _queue_view(session: Session, arg: str) -> dict[str, Any] | Routed:
    event = session.get(Event, int(arg))
    return Routed(()) if event is None else queue_summary(session, event)


def mark_queue_changed(session: Session, event_id: int) -> None:
    """After this transaction commits, push the room's queue summary (merged with others)."""
    mark_view(session, "help.queue", event_id)


def _team_rooms(session: Session, event_id: int, team_id: int) -> list[str]:
    members = members_by_team(session, event_id, [team_id]).get(team_id, [])
    return [person_room("participant", m["id"]) for m in members]


def announce(
    session: Session, event: Event, req: HelpRequest, *, offer: bool = False
) -> dict[str, Any]:
    """Queue the request's new state for everyone concerned, and the room's summary."""
    view = describe(session, event, req)
    push(session, role_room(event.id, "facilitator"), "help.request", view)
    push(session, role_room(event.id, "mentor"), "help.request", view)
    for room in _team_rooms(session, event.id, req.team_id):
        push(session, room, "help.mine", view)
    if offer:
        # The phones of the mentors it is offered to first buzz: one room per mentor.
        for mentor_id in view["first_circle"]:
            push(session, person_room("mentor", mentor_id), "help.offered", view)
    mark_queue_changed(session, event.id)
    return view


# --- the queue's life -------------------------------------------------------------------------


def expire_stale(session: Session, event: Event) -> list[int]:
    """Mark the requests whose time ran out as expired; return their ids (already told)."""
    config = help_config(event)
    now = utcnow()
    cutoff = now - timedelta(seconds=config.expire_after_s)
    stale = (
        HelpRequest.event_id == event.id,
        HelpRequest.status == "open",
        HelpRequest.renewed_at <= cutoff,
    )
    # Look before writing: every snapshot calls this, and an UPDATE that changes nothing still
    # takes SQLite's write lock, which a reconnect storm's syncs must not queue for.
    if session.execute(select(HelpRequest.id).where(*stale).limit(1)).first() is None:
        return []
    ids = list(
        session.execute(
            update(HelpRequest)
            .execution_options(synchronize_session=False)
            .where(*stale)
            .values(status="expired", closed_at=now)
            .returning(HelpRequest.id)
        ).scalars()
    )
    for req_id in ids:
        req = session.get(HelpRequest, req_id)
        session.refresh(req)
        announce(session, event, req)
    return ids


def _team_for(session: Session, event: Event, principal: Principal) -> Team:
    team = team_of(session, principal.subject_id)
    if team is None or team.event_id != event.id:
        raise ServiceError(
            "no_team", "Join or create a team first: help requests come from a team."
        )
    return team


def _live_request(session: Session, team_id: int) -> HelpRequest | None:
    return session.execute(
        select(HelpRequest).where(
            HelpRequest.team_id == team_id, HelpRequest.status.in_(LIVE_STATES)
        )
    ).scalar_one_or_none()


def ask_for_help(
    session: Session, event: Event, principal: Principal, body: AskForHelp
) -> dict[str, Any]:
    """A team asks for help. One live request per team: the database's partial unique index
    refuses a second, even when two phones of the team ask at the same instant."""
    config = help_config(event)
    if config.closed:
        raise ServiceError(
            "queue_closed", config.message or "The help queue is closed for now.", status=409
        )
    skills = team_settings(event).skills
    if body.topic not in skills:
        raise ServiceError(
            "unknown_topic", "Pick the topic from the event's list: " + (", ".join(skills) or "—")
        )
    team = _team_for(session, event, principal)
    expire_stale(session, event)
    if _live_request(session, team.id) is not None:
        raise _already_asked()
    preferred = None
    if body.same_mentor_as is not None:
        earlier = session.get(HelpRequest, body.same_mentor_as)
        if earlier is None or earlier.team_id != team.id or earlier.mentor_id is None:
            raise NotFound("That earlier request")
        mentor = session.get(Mentor, earlier.mentor_id)
        if mentor is None or mentor.revoked_at is not None:
            raise ServiceError("mentor_gone", "That mentor is no longer with the event.")
        preferred = mentor.id
    req = HelpRequest(
        event_id=event.id,
        team_id=team.id,
        asked_by=principal.subject_id,
        topic=body.topic,
        description=body.description,
        location_kind=body.location_kind,
        location=body.location,
        call_url=body.call_url,
        urgency=body.urgency,
        preferred_mentor_id=preferred,
        status="open",
    )
    try:
        with session.begin_nested():
            session.add(req)
            session.flush()
    except IntegrityError:
        raise _already_asked() from None
    return announce(session, event, req, offer=True)


def _already_asked() -> ServiceError:
    return ServiceError(
        "already_asked",
        "Your team already has a help request open. Withdraw it to ask something else.",
        status=409,
    )


def _team_request(
    session: Session, event: Event, principal: Principal, request_id: int
) -> HelpRequest:
    team = _team_for(session, event, principal)
    req = session.get(HelpRequest, request_id)
    if req is None or req.event_id != event.id or req.team_id != team.id:
        raise NotFound("That help request")
    return req


def withdraw(session: Session, event: Event, principal: Principal, request_id: int) -> dict:
    """The team no longer needs help (or will ask something else)."""
    req = _team_request(session, event, principal, request_id)
    done = session.execute(
        update(HelpRequest)
        .execution_options(synchronize_session=False)
        .where(HelpRequest.id == req.id, HelpRequest.status.in_(LIVE_STATES))
        .values(status="withdrawn", closed_at=utcnow())
    ).rowcount
    if done != 1:
        raise ServiceError("not_open", "This request is no longer open.", status=409)
    session.refresh(req)
    return announce(session, event, req)


def renew(session: Session, event: Event, principal: Principal, request_id: int) -> dict:
    """The team still needs help: the request's time starts again (its place is kept)."""
    req = _team_request(session, event, principal, request_id)
    expire_stale(session, event)
    done = session.execute(
        update(HelpRequest)
        .execution_options(synchronize_session=False)
        .where(HelpRequest.id == req.id, HelpRequest.status == "open")
        .values(renewed_at=utcnow())
    ).rowcount
    if done != 1:
        raise ServiceError(
            "not_open",
            "This request has lapsed or was taken. Ask again if you still need help.",
            status=409,
        )
    session.refresh(req)
    return announce(session, event, req)


def claim(session: Session, event: Event, principal: Principal, request_id: int) -> dict:
    """A mentor takes a request. The conditional UPDATE is the whole decision: of two mentors
    claiming at once exactly one changes the row, and the other is told who took it. (It also
    refuses a lapsed request by its time, so a claim needs no sweep first: one write fewer on
    the path mentors wait on.)"""
    mentor = session.get(Mentor, principal.subject_id)
    req = session.get(HelpRequest, request_id)
    if mentor is None or req is None or req.event_id != event.id:
        raise NotFound("That help request")
    config = help_config(event)
    helper = helpers([mentor])[0]
    if req.status == "open" and is_expired(ask_of(req), now_ms(), config.timing):
        raise ServiceError("already_claimed", "This request is no longer open.", status=409)
    circle = first_circle(ask_of(req), helpers(active_mentors(session, event.id)))
    if req.status == "open" and not offered_to(
        ask_of(req), helper, now_ms(), config.timing, circle
    ):
        raise Forbidden(
            "This request is waiting for a mentor with the right skills; it opens to everyone soon."
        )
    now = utcnow()
    won = session.execute(
        update(HelpRequest)
        .execution_options(synchronize_session=False)
        .where(
            HelpRequest.id == req.id,
            HelpRequest.status == "open",
            HelpRequest.renewed_at > now - timedelta(seconds=config.expire_after_s),
        )
        .values(status="claimed", mentor_id=mentor.id, claimed_at=now)
    ).rowcount
    session.refresh(req)
    if won != 1:
        taker = session.get(Mentor, req.mentor_id) if req.mentor_id else None
        if req.status == "claimed" and taker is not None:
            message = f"{taker.name} has already taken this request."
        else:
            message = "This request is no longer open."
        raise ServiceError("already_claimed", message, status=409)
    return announce(session, event, req)


def _mentor_request(
    session: Session, event: Event, principal: Principal, request_id: int
) -> HelpRequest:
    req = session.get(HelpRequest, request_id)
    if req is None or req.event_id != event.id:
        raise NotFound("That help request")
    if req.mentor_id != principal.subject_id:
        raise Forbidden("Only the mentor who took this request may do that.")
    return req


def close(session: Session, event: Event, principal: Principal, request_id: int, note: str) -> dict:
    """The mentor is done with the team, leaving a note."""
    req = _mentor_request(session, event, principal, request_id)
    done = session.execute(
        update(HelpRequest)
        .execution_options(synchronize_session=False)
        .where(HelpRequest.id == req.id, HelpRequest.status == "claimed")
        .values(status="closed", closed_at=utcnow(), close_note=note)
    ).rowcount
    if done != 1:
        raise ServiceError("not_claimed", "This request is not in your hands any more.", status=409)
    session.refresh(req)
    return announce(session, event, req)


def release(session: Session, event: Event, principal: Principal, request_id: int) -> dict:
    """The mentor hands a request back to the queue (they cannot help after all)."""
    req = _mentor_request(session, event, principal, request_id)
    _release(session, [req.id])
    session.refresh(req)
    return announce(session, event, req, offer=True)


def _release(session: Session, ids: list[int]) -> None:
    if ids:
        session.execute(
            update(HelpRequest)
            .execution_options(synchronize_session=False)
            .where(HelpRequest.id.in_(ids), HelpRequest.status == "claimed")
            .values(status="open", mentor_id=None, claimed_at=None, renewed_at=utcnow())
        )


def release_claims(session: Session, event: Event, mentor_id: int) -> None:
    """A removed mentor's claimed requests go back to the queue."""
    ids = list(
        session.execute(
            select(HelpRequest.id).where(
                HelpRequest.mentor_id == mentor_id, HelpRequest.status == "claimed"
            )
        ).scalars()
    )
    _release(session, ids)
    for req_id in ids:
        req = session.get(HelpRequest, req_id)
        session.refresh(req)
        announce(session, event, req, offer=True)


def rate(
    session: Session, event: Event, principal: Principal, request_id: int, rating: int
) -> dict:
    """The team rates the help it got, 1 to 5 (it may change its mind)."""
    req = _team_request(session, event, principal, request_id)
    if req.status != "closed" or req.mentor_id is None:
        raise ServiceError("not_closed", "You can rate the help once the mentor has closed it.")
    req.rating = rating
    session.flush()
    return announce(session, event, req)


def save_config(session: Session, event: Event, body: HelpSettings) -> dict[str, Any]:
    """Open or close the queue (with a message for the phones) and set its times."""
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    merged = HelpConfig(**{**help_config(event).to_dict(), **changes})
    event.settings = {**(event.settings or {}), "help": merged.to_dict()}
    session.flush()
    mark_queue_changed(session, event.id)
    return merged.to_dict()
