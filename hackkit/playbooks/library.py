"""The playbook library: every page of one or more playbook folders, read and indexed.

A page's slug is its path inside its folder without ``.md`` (``formats/one-day-hackathon``).
Folders are read in order; a later folder adds pages, and a slug it repeats is reported (the
first folder keeps the page) rather than silently shadowing it.

The table of contents follows ``index.md``: each ``##`` heading there starts a section, and each
list item that starts with a link to a page is an entry of that section, in order. Pages the
index does not list follow, grouped by their top folder.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from hackkit.playbooks.checks import cross_check
from hackkit.playbooks.links import find_links, resolve
from hackkit.playbooks.pages import INDEX_SLUG, Playbook, read_page
from hackkit.playbooks.problems import Problem
from hackkit.playbooks.rendering import Heading, render_body
from hackkit.playbooks.schema import Rubric, RubricsPage, Template
from hackkit.playbooks.search import Hit, SearchIndex

__all__ = [
    "Library",
    "Playbook",
    "TocEntry",
    "TocSection",
    "check_library",
    "check_loaded",
    "load_library",
]


def shipped_playbook_dir() -> Path:
    """Where the shipped manual is: a copy installed with the package, else the source checkout.

    An installed wheel carries the manual as ``hackkit/manual/`` (package data); a source
    checkout (and an editable install) reads ``playbook/`` next to the package. When neither
    exists the checkout path is returned, and loading reports it as a missing folder.
    """
    package = Path(__file__).resolve().parents[1]
    candidates = (
        package / "manual",
        Path(sys.prefix) / "share" / "hackkit" / "playbook",
        package.parent / "playbook",
    )
    for candidate in candidates:
        if (candidate / "index.md").is_file():
            return candidate
    return candidates[-1]


SHIPPED_PLAYBOOK_DIR = shipped_playbook_dir()

_SECTION = re.compile(r"^ {0,3}##\s+(.+?)\s*#*\s*$")
# A table-of-contents entry: a list item that starts with a link ("- [Roles](roles.md): ...").
_ENTRY = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[")


@dataclass(frozen=True)
class TocEntry:
    """A page in the table of contents."""

    slug: str
    title: str
    summary: str = ""


@dataclass(frozen=True)
class TocSection:
    """A titled group of pages in the table of contents."""

    title: str
    entries: tuple[TocEntry, ...]


class Library:
    """All pages of the given folders, with what went wrong while reading them."""

    def __init__(self, pages: Iterable[Playbook], problems: Iterable[Problem] = ()) -> None:
        """Build from loaded pages (first of a slug wins); see :func:`load_library`."""
        self._pages: dict[str, Playbook] = {}
        for page in pages:
            self._pages.setdefault(page.slug, page)
        self.problems: list[Problem] = list(problems)
        self._rubrics: dict[str, tuple[Rubric, Playbook]] = {}
        for page in self._pages.values():
            if isinstance(page.meta, RubricsPage):
                for index, rubric in enumerate(page.meta.rubrics):
                    if rubric.key in self._rubrics:
                        other = self._rubrics[rubric.key][1]
                        self.problems.append(
                            Problem(
                                str(page.path),
                                page.line_for(("rubrics", index, "key")),
                                f"rubric key {rubric.key!r} is already defined in {other.path}",
                            )
                        )
                        continue
                    self._rubrics[rubric.key] = (rubric, page)

    @property
    def pages(self) -> list[Playbook]:
        """Every page, in table-of-contents order."""
        return [self._pages[entry.slug] for section in self.toc() for entry in section.entries]

    @property
    def templates(self) -> list[Playbook]:
        """Pages an event can be created from (valid ``kind: template`` front matter)."""
        return [page for page in self.pages if isinstance(page.meta, Template)]

    @property
    def rubrics(self) -> dict[str, Rubric]:
        """Every rubric of every rubrics page, by key."""
        return {key: rubric for key, (rubric, _page) in self._rubrics.items()}

    def get(self, slug: str) -> Playbook | None:
        """The page with this slug, or None."""
        return self._pages.get(slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self._pages

    def __len__(self) -> int:
        return len(self._pages)

    def toc(self) -> list[TocSection]:
        """Sections of the manual in reading order (see the module docstring)."""
        return self._toc

    @cached_property
    def _toc(self) -> list[TocSection]:
        return build_toc(self._pages)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Pages matching every term of ``query``, best first, with a snippet each."""
        return self._index.search(query, limit)

    @cached_property
    def _index(self) -> SearchIndex:
        return SearchIndex((page.slug, page.title, page.body) for page in self.pages)

    def render(self, slug: str, link_for: Callable[[str], str]) -> tuple[Markup, list[Heading]]:
        """Sanitised HTML of a page and its headings; page links go to ``link_for(slug)``.

        Raises KeyError for an unknown slug.
        """
        page = self._pages[slug]
        return render_body(page.body, slug, link_for, self.__contains__)


def load_library(dirs: Sequence[Path]) -> Library:
    """Read every ``*.md`` page under the folders, in order; problems are collected, not raised."""
    pages: list[Playbook] = []
    problems: list[Problem] = []
    owners: dict[str, Path] = {}
    for root in dirs:
        root = Path(root)
        if not root.is_dir():
            problems.append(Problem(str(root), 0, "playbook folder does not exist"))
            continue
        for path in sorted(root.rglob("*.md")):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts):
                continue
            slug = relative.with_suffix("").as_posix()
            if slug in owners:
                problems.append(
                    Problem(
                        str(path),
                        1,
                        f"page {slug!r} is already defined by {owners[slug]}; "
                        "rename one of them (the first folder's page is kept)",
                    )
                )
                continue
            owners[slug] = path
            page, page_problems = read_page(path, slug)
            problems += page_problems
            if page is not None:
                pages.append(page)
    return Library(pages, problems)


def build_toc(pages: Mapping[str, Playbook]) -> list[TocSection]:
    """Sections from the index page, then every page it does not list (see module docstring)."""
    sections: list[tuple[str, list[str]]] = []
    listed: set[str] = set()
    index = pages.get(INDEX_SLUG)
    if index is not None:
        sections.append((index.title, [INDEX_SLUG]))
        listed.add(INDEX_SLUG)
        entries: dict[int, str] = {}
        for link in find_links(index.body):
            target = resolve(INDEX_SLUG, link.target)
            if target.kind == "page" and target.slug in pages and link.line not in entries:
                entries[link.line] = target.slug
        current = sections[0][1]
        for number, row in enumerate(index.body.splitlines(), start=1):
            heading = _SECTION.match(row)
            if heading:
                current = []
                sections.append((heading.group(1), current))
                continue
            slug = entries.get(number) if _ENTRY.match(row) else None
            if slug is not None and slug not in listed:
                listed.add(slug)
                current.append(slug)
    rest: dict[str, list[str]] = {}
    for slug in sorted(pages):
        if slug not in listed:
            folder = slug.split("/", 1)[0] if "/" in slug else ""
            rest.setdefault(folder, []).append(slug)
    for folder, slugs in sorted(rest.items()):
        title = folder.replace("-", " ").replace("_", " ").capitalize() or "More pages"
        sections.append((title, slugs))
    return [
        TocSection(title, tuple(TocEntry(s, pages[s].title, pages[s].summary) for s in slugs))
        for title, slugs in sections
        if slugs
    ]


def check_library(dirs: Sequence[Path]) -> list[Problem]:
    """Everything wrong in the folders: reading, schema, rubric keys, phases, links, anchors."""
    return check_loaded(load_library(dirs))


def check_loaded(library: Library) -> list[Problem]:
    """Everything wrong in an already loaded library, sorted by file and line."""
    return sorted({*library.problems, *cross_check(library)}, key=_problem_order)


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.file, problem.line, problem.message)
