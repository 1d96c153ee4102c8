"""Who may do what to which event: the one check every route and handler goes through."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import Forbidden, NotFound
from hackkit.events.models import Event


def check_event_access(
    session: Session, principal: Principal, event_id: int, roles: Collection[str] | None
) -> Event:
    """Return the event if ``principal`` belongs to it and has one of ``roles``.

    Participants, jury and displays belong to the one event their token names; facilitators to
    the events they own. ``roles=None`` admits any role that belongs to the event.
    """
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("That event")
    if principal.role == "facilitator":
        if event.owner_id != principal.subject_id:
            raise Forbidden("This event is run by another facilitator.")
    elif principal.event_id != event_id:
        raise Forbidden("You belong to another event.")
    if roles is not None and principal.role not in roles:
        raise Forbidden(f"Only a {' or '.join(sorted(roles))} may do that.")
    return event
