"""Every model module, imported in one place so the metadata (and Alembic) sees all tables."""

from __future__ import annotations

import importlib
import importlib.util

from hackkit import FEATURES


def import_all_models() -> None:
    """Import the models of every feature (a feature's tables live in its ``models.py``)."""
    for feature in FEATURES:
        name = f"{feature.__name__}.models"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
