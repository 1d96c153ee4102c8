"""Revoking an event's display links: a new link for the big screens, the old ones dead."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hackkit.events.models import Event
from hackkit.realtime import after_commit, disconnect_person
from hackkit.seclog import security_event


def revoke_display_links(session: Session, event: Event) -> None:
    """Bump the display version: every display token issued so far stops working, and the
    screens connected with one are told and disconnected once this commits.

    Every display of an event shares one version, so all of them go: a leaked link cannot be
    told apart from the good ones. Screens are opened again with the new link and keep their
    place on the wall (their identity lives in the screen's own storage, not in the link).
    """
    event.display_version += 1
    event_id = event.id
    # A display's subject is its event (auth.resolve), so this reaches every display of it.
    after_commit(session, lambda: disconnect_person("display", event_id))
    security_event("display_links_revoked", event=event_id, version=event.display_version)
