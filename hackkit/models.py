"""Every model module, imported in one place so the metadata (and Alembic) sees all tables."""

from __future__ import annotations

import importlib

MODEL_MODULES = (
    "hackkit.accounts.models",
    "hackkit.events.models",
    "hackkit.voting.models",
    "hackkit.wall.models",
    "hackkit.playbooks.models",
)


def import_all_models() -> None:
    """Import each feature's models module."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
