"""Playbooks: the hackathon manual as Markdown pages, and templates an event is created from.

The reading side is pure code (no Flask, no database): ``library`` and its helpers read folders
of pages, validate front matter, search, render through the one sanitiser, and ``export``
writes a handbook. The app side sits on top of it: ``cache`` (the library a running server
serves, reloaded on change), ``service`` and ``actions`` (creating an event from a template,
checklist ticks), ``models`` (the ticks) and ``views`` (the console's library and tips pages).
"""

from hackkit.playbooks import library as _library
from hackkit.playbooks.pages import INDEX_SLUG, Playbook
from hackkit.playbooks.problems import Problem
from hackkit.playbooks.rendering import Heading
from hackkit.playbooks.search import Hit

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
    "load_library",
]
