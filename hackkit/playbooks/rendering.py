"""Playbook pages to HTML: links rewritten for where the page is shown, then sanitised.

Every page goes through :func:`hackkit.markup.render_markdown`, the one sanitiser; this module
only decides link targets (in the Markdown, before rendering) and reads back the headings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

from hackkit.markup import render_markdown
from hackkit.playbooks.links import Link, Rewrite, resolve, rewrite_links

_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}


@dataclass(frozen=True)
class Heading:
    """A heading of a rendered page: its level (1–4), text and anchor id."""

    level: int
    text: str
    anchor: str


def render_body(
    body: str, slug: str, link_for: Callable[[str], str], known: Callable[[str], bool]
) -> tuple[Markup, list[Heading]]:
    """Render a page body for the app: page links go to ``link_for(slug)`` (+ ``#anchor``).

    Links to pages that ``known`` rejects are left as written; the checker reports them.
    """

    def rewrite(link: Link) -> Rewrite | None:
        target = resolve(slug, link.target)
        if target.kind != "page" or not known(target.slug):
            return None
        url = link_for(target.slug)
        return Rewrite(target=f"{url}#{target.anchor}" if target.anchor else url)

    html = render_markdown(rewrite_links(body, rewrite), allow_ids=True)
    return html, headings_of(html)


def headings_of(html: str) -> list[Heading]:
    """Headings h1–h4 that carry an id, in document order."""
    collector = _HeadingCollector()
    collector.feed(html)
    collector.close()
    return collector.headings


class _HeadingCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HEADING_TAGS:
            anchor = dict(attrs).get("id") or ""
            self._open = (_HEADING_TAGS[tag], anchor)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADING_TAGS and self._open is not None:
            level, anchor = self._open
            if anchor:
                self.headings.append(Heading(level, " ".join("".join(self._text).split()), anchor))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)
