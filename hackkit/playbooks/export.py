"""Export a playbook set as one self-contained HTML handbook, for reading offline or printing.

The file has no scripts and loads nothing: styles are inline, and links to the web are shown
as text. Every page becomes a chapter; links between pages become links inside the document,
and heading ids are prefixed per chapter so ``#checklist`` on two pages cannot collide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from hackkit.markup import render_markdown
from hackkit.playbooks.library import Library, TocSection
from hackkit.playbooks.links import Link, Rewrite, resolve, rewrite_links
from hackkit.playbooks.pages import INDEX_SLUG, Playbook

# Its own environment: the command line exports without a Flask app. Autoescaped like Flask's,
# so the only HTML that reaches the file unescaped is the Markdown sanitiser's.
_templates = Environment(
    loader=PackageLoader("hackkit", "templates"),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Chapter:
    anchor: str
    slug: str
    title: str
    body: Markup  # from render_markdown: sanitised
    has_title: bool


def export_handbook(
    library: Library, slugs: Sequence[str] | None = None, title: str | None = None
) -> str:
    """One HTML document with a table of contents and the chosen pages (all, by default).

    Pages follow the table of contents order; ``slugs`` narrows the set (unknown slugs raise
    KeyError). Links to pages left out become plain text.
    """
    pages = library.pages
    if slugs is not None:
        missing = [slug for slug in slugs if slug not in library]
        if missing:
            raise KeyError(f"no such playbook page: {', '.join(missing)}")
        wanted = set(slugs)
        pages = [page for page in pages if page.slug in wanted]
    order = [page.slug for page in pages]
    anchors = chapter_anchors(order)
    index = library.get(INDEX_SLUG)
    return _templates.get_template("playbooks/handbook.html").render(
        heading=title or (index.title if index else "Playbook"),
        sections=contents(library, order),
        anchors=anchors,
        chapters=[chapter(page, anchors) for page in pages],
    )


def chapter_anchors(order: Sequence[str]) -> dict[str, str]:
    """A unique anchor per page (``p-formats-one-day-hackathon``), in the given order."""
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for slug in order:
        base = "p-" + (re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "page")
        anchor, number = base, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        anchors[slug] = anchor
    return anchors


def contents(library: Library, order: Sequence[str]) -> list[TocSection]:
    """The library's table of contents narrowed to the chosen pages (empty sections dropped)."""
    included = set(order)
    sections = []
    for section in library.toc():
        entries = tuple(entry for entry in section.entries if entry.slug in included)
        if entries:
            sections.append(TocSection(section.title, entries))
    return sections


def chapter(page: Playbook, anchors: dict[str, str]) -> Chapter:
    """One page as a chapter whose links point inside the document.

    Heading ids get the chapter's prefix; links to pages without an anchor become plain text,
    and web addresses are written out, since a printed page cannot be clicked.
    """
    prefix = anchors[page.slug]

    def rewrite(link: Link) -> Rewrite | None:
        target = resolve(page.slug, link.target)
        if target.kind == "external":
            # A printed page cannot be clicked, and the file must load nothing: show the address.
            return Rewrite(text=f"{link.text} ({link.target})")
        if target.kind == "file" or target.slug not in anchors:
            # Not in this handbook: keep the words, drop the link (definitions go to the contents).
            return Rewrite(text=link.text, target="#contents")
        chapter = anchors[target.slug]
        return Rewrite(target=f"#{chapter}--{target.anchor}" if target.anchor else f"#{chapter}")

    # Raw HTML or autolinks can still carry web addresses: only in-page links are kept.
    body = render_markdown(
        rewrite_links(page.body, rewrite),
        allow_ids=True,
        id_prefix=f"{prefix}--",
        in_page_links=True,
    )
    return Chapter(prefix, page.slug, page.title, body, has_title="<h1" in body)
