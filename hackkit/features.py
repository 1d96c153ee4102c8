"""Importing a feature's modules registers its actions and snapshot parts."""

from __future__ import annotations

import importlib

FEATURE_MODULES = (
    "hackkit.sessions.actions",
    "hackkit.sessions.lifecycle",
    "hackkit.sessions.joining",
    "hackkit.sessions.challenges",
    "hackkit.sessions.agenda",
    "hackkit.sessions.announcements",
    "hackkit.sessions.team_actions",
    "hackkit.voting.actions",
    "hackkit.wall.actions",
    "hackkit.playbooks.actions",
)


def load_features() -> None:
    """Import every feature module once (idempotent)."""
    for name in FEATURE_MODULES:
        importlib.import_module(name)
