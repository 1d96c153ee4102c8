"""Importing a feature's modules registers its actions and snapshot parts."""

from __future__ import annotations

import importlib

FEATURE_MODULES = (
    "hackkit.events.actions",
    "hackkit.events.lifecycle",
    "hackkit.events.joining",
    "hackkit.events.challenges",
    "hackkit.events.agenda",
    "hackkit.events.announcements",
    "hackkit.teams.actions",
    "hackkit.voting.actions",
    "hackkit.wall.actions",
    "hackkit.playbooks.actions",
)


def load_features() -> None:
    """Import every feature module once (idempotent)."""
    for name in FEATURE_MODULES:
        importlib.import_module(name)
