"""Export a playbook set as one self-contained HTML handbook, for reading offline or printing.

The file has no scripts and loads nothing: styles are inline, and links to the web are shown
as text. Every page becomes a chapter; links between pages become links inside the document,
and heading ids are prefixed per chapter so ``#checklist`` on two pages cannot collide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from hackkit.markup import render_markdown
from hackkit.playbooks import Library
from hackkit.playbooks.links import Link, Rewrite, resolve, rewrite_links
from hackkit.playbooks.pages import INDEX_SLUG, Playbook

_ID = re.compile(r'(<h[1-6][^>]*?\sid=")([^"]*)(")')
_EXTERNAL_HREF = re.compile(r'\shref="(?:https?:|//)[^"]*"', re.IGNORECASE)

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d1d1f; max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 2rem; } h2 { font-size: 1.4rem; } h3 { font-size: 1.15rem; }
a { color: #0b57d0; }
code, pre, kbd { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.9em; }
pre { background: #f4f4f6; padding: 0.75rem 1rem; overflow-x: auto; white-space: pre-wrap; }
blockquote { margin: 1em 0; padding: 0.25em 1em; border-left: 4px solid #c7c7cc; color: #3a3a3c; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.95em; }
th, td { border: 1px solid #d1d1d6; padding: 0.35em 0.55em; vertical-align: top; text-align: left; }
th { background: #f4f4f6; }
.cover { border-bottom: 2px solid #1d1d1f; padding-bottom: 1rem; }
.cover p { color: #3a3a3c; }
nav.toc ol { padding-left: 1.2rem; }
nav.toc > ol > li { margin: 0.6em 0; font-weight: 600; }
nav.toc ol ol { font-weight: 400; }
nav.toc .summary { color: #6e6e73; font-size: 0.9em; }
.chapter { border-top: 1px solid #d1d1d6; margin-top: 3rem; }
.chapter-path { color: #6e6e73; font-size: 0.8rem; margin-top: 1rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  @page { margin: 18mm 16mm; }
  .chapter { break-before: page; border-top: none; margin-top: 0; }
  h1, h2, h3, h4 { break-after: avoid; }
  table, pre, blockquote, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  nav.toc { break-after: page; }
}
"""


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
    heading = title or (index.title if index else "Playbook")
    chapters = [render_chapter(page, anchors) for page in pages]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f'<header class="cover"><h1>{escape(heading)}</h1>'
        f"<p>{len(order)} chapters. Exported from hackkit.</p></header>",
        render_contents(library, order, anchors),
        "<main>",
        *chapters,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


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


def render_contents(library: Library, order: Sequence[str], anchors: dict[str, str]) -> Markup:
    """The table of contents of the chosen pages as HTML, linking to their chapters.

    Safe to show as it is: every title and summary is escaped, anchors are ``[a-z0-9-]``.
    """
    included = set(order)
    rows = ['<nav class="toc" id="contents"><h2>Contents</h2><ol>']
    for section in library.toc():
        entries = [entry for entry in section.entries if entry.slug in included]
        if not entries:
            continue
        rows.append(f"<li>{escape(section.title)}<ol>")
        for entry in entries:
            summary = (
                f' <span class="summary">— {escape(entry.summary)}</span>' if entry.summary else ""
            )
            rows.append(
                f'<li><a href="#{anchors[entry.slug]}">{escape(entry.title)}</a>{summary}</li>'
            )
        rows.append("</ol></li>")
    rows.append("</ol></nav>")
    return Markup("\n".join(rows))


def render_chapter(page: Playbook, anchors: dict[str, str]) -> Markup:
    """One page as a chapter: sanitised HTML whose links point inside the document.

    Heading ids get the chapter's prefix; links to pages without an anchor become plain text,
    and web addresses are written out, since a printed page cannot be clicked. Safe to show
    as it is: the body went through the Markdown sanitiser and the rest is escaped.
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

    html = str(render_markdown(rewrite_links(page.body, rewrite), allow_ids=True))
    if "<h1" not in html:
        html = f"<h1>{escape(page.title)}</h1>\n{html}"
    html = _ID.sub(lambda m: f"{m.group(1)}{prefix}--{m.group(2)}{m.group(3)}", html)
    # Raw HTML or autolinks can still carry web addresses; the handbook must not point out.
    html = _EXTERNAL_HREF.sub("", html)
    return Markup(
        f'<article class="chapter" id="{prefix}">'
        f'<p class="chapter-path">{escape(page.slug)}</p>\n{html}\n</article>'
    )
