"""Playbooks: the hackathon manual as Markdown pages, and templates an event is created from.

The reading side is pure code (no Flask, no database): ``library`` and its helpers read folders
of pages, validate front matter, search, render through the one sanitiser, and ``export``
writes a handbook. The app side sits on top of it: ``cache`` (the library a running server
serves, reloaded on change), ``service`` and ``actions`` (creating an event from a template,
checklist ticks), ``models`` (the ticks) and ``views`` (the console's library and tips pages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hackkit.playbooks import library as _library
from hackkit.playbooks.pages import INDEX_SLUG, Playbook
from hackkit.playbooks.problems import Problem
from hackkit.playbooks.rendering import Heading
from hackkit.playbooks.search import Hit

if TYPE_CHECKING:
    from flask import Flask

SHIPPED_PLAYBOOK_DIR = _library.SHIPPED_PLAYBOOK_DIR
Library = _library.Library
TocEntry = _library.TocEntry
TocSection = _library.TocSection
check_library = _library.check_library
check_loaded = _library.check_loaded
load_library = _library.load_library

__all__ = [
    "INDEX_SLUG",
    "SHIPPED_PLAYBOOK_DIR",
    "Heading",
    "Hit",
    "Library",
    "Playbook",
    "Problem",
    "TocEntry",
    "TocSection",
    "check_library",
    "check_loaded",
    "init_app",
    "load_library",
]


def init_app(app: Flask) -> None:
    """Wire playbooks into the app: the checklist table, actions, the checklists snapshot part
    and agenda listener, and the console's library and tips pages."""
    # Imported when an app is built, not with the package (why: hackkit.events.init_app).
    # Importing a module registers what it declares: actions, snapshot parts, live views,
    # agenda listeners.
    from hackkit.playbooks import actions, models, service, views  # noqa: F401

    app.register_blueprint(views.bp)
