"""Roles beyond the foundation's three; features register how their tokens resolve."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from hackkit.errors import Unauthorised

Resolver = Callable[[Session, int, int | None, int | None], object]
_RESOLVERS: dict[str, Resolver] = {}


def register_role(role: str, resolver: Resolver) -> None:
    """Let a feature (e.g. voting's jury) turn its tokens into principals."""
    _RESOLVERS[role] = resolver


def resolve_extra_role(session: Session, role: str, subject: int, event_id, version):
    """Resolve a token of a role registered by a feature."""
    resolver = _RESOLVERS.get(role)
    if resolver is None:
        raise Unauthorised("Your link is not valid.")
    return resolver(session, subject, event_id, version)
