"""Markdown to sanitised HTML: the only place in hackkit that produces HTML from user text.

Everything people type (challenge briefs, idea descriptions, announcements, playbooks) goes
through :func:`render_markdown`. python-markdown does not sanitise, so its output is cleaned by
nh3 against a small allowlist; the result is the only HTML we ever mark safe.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

MAX_MARKDOWN_CHARS = 20_000

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "td": {"align"},
    "th": {"align"},
    "input": {"type", "checked", "disabled"},
}
# Only links that cannot run code; relative links keep working inside the playbook library.
_URL_SCHEMES = {"http", "https", "mailto"}
_EXTENSIONS = ["extra", "sane_lists", "toc"]


def render_markdown(
    text: str, *, allow_ids: bool = False, id_prefix: str = "", in_page_links: bool = False
) -> Markup:
    """Render untrusted Markdown to HTML that is safe to insert into any page.

    Raw HTML in the source is not trusted either: it goes through the same allowlist.
    ``allow_ids`` keeps heading ids (for the playbook's table of contents); user content drops
    them so nobody can clobber element ids the page's scripts rely on. ``id_prefix`` is put
    before every kept id (several pages in one document must not collide), and
    ``in_page_links`` keeps only ``#anchor`` links (a handbook file must point nowhere else).
    """
    html = markdown.markdown(
        text[:MAX_MARKDOWN_CHARS], extensions=_EXTENSIONS, output_format="html"
    )
    attributes = dict(_ATTRIBUTES)
    if not allow_ids:
        attributes = {tag: attrs - {"id"} for tag, attrs in attributes.items()}

    def rewrite(_tag: str, name: str, value: str) -> str | None:
        if name == "id":
            return id_prefix + value
        if name == "href" and in_page_links and not value.startswith("#"):
            return None
        return value

    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=attributes,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=rewrite if id_prefix or in_page_links else None,
    )
    return Markup(clean)


def drawn_svg(svg: str) -> Markup:
    """A chart the server drew (reports/charts.py), marked safe for a template. Its numbers
    are formatted by the drawing code and every label in it is escaped there (its tests feed
    it markup); nothing else may come through here."""
    return Markup(svg)
