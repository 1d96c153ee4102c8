"""Links inside playbook Markdown: find them, resolve them to pages, rewrite their targets.

Pages link to each other the way they do on disk (``../roles.md#jury``), so the manual reads
well in any Markdown viewer. The app and the exported handbook rewrite those targets before
rendering; the checker resolves the same targets to report broken ones. Working on the Markdown
(not the rendered HTML) keeps the sanitiser the last step, always.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>[^\[\]]*)\]\(\s*(?P<target><[^>]*>|[^\s()]+)(?P<title>\s+\"[^\"]*\")?\s*\)"
)
_REFERENCE = re.compile(r"^ {0,3}\[(?P<text>[^\]]+)\]:\s*(?P<target><[^>]*>|\S+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


@dataclass(frozen=True)
class Link:
    """A link found in Markdown; offsets index into the text that was scanned."""

    line: int  # 1-based within the scanned text
    target: str
    text: str
    start: int  # the whole link
    end: int
    target_start: int  # just the target, without angle brackets
    target_end: int
    is_definition: bool = False


@dataclass(frozen=True)
class Target:
    """Where a link points: a page (by slug), an anchor on this page, or something else."""

    kind: str  # "page", "anchor", "external" or "file"
    slug: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Rewrite:
    """A change to one link: a new ``target``, or ``text`` to stand in for the whole link."""

    target: str | None = None
    text: str | None = None


def find_links(markdown: str) -> list[Link]:
    """Inline links and reference definitions, skipping code blocks and code spans."""
    links: list[Link] = []
    offset = 0
    fence: str | None = None
    for number, row in enumerate(markdown.splitlines(keepends=True), start=1):
        opener = _FENCE.match(row)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
        elif opener:
            fence = opener.group(1)
        else:
            links.extend(_links_in_row(row, number, offset))
        offset += len(row)
    return links


def _links_in_row(row: str, number: int, offset: int) -> Iterator[Link]:
    definition = _REFERENCE.match(row)
    if definition:
        yield _make(definition, number, offset, is_definition=True)
        return
    masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), row)
    for match in _INLINE.finditer(masked):
        if not match.group("bang"):
            yield _make(match, number, offset, is_definition=False)


def _make(match: re.Match[str], number: int, offset: int, *, is_definition: bool) -> Link:
    target = match.group("target")
    start, end = match.span("target")
    if target.startswith("<") and target.endswith(">"):
        target, start, end = target[1:-1], start + 1, end - 1
    return Link(
        line=number,
        target=target,
        text=match.group("text"),
        start=offset + match.start(),
        end=offset + match.end(),
        target_start=offset + start,
        target_end=offset + end,
        is_definition=is_definition,
    )


def resolve(from_slug: str, target: str) -> Target:
    """Resolve a link target written on page ``from_slug`` (``a/b.md`` style, ``#anchor``)."""
    if _SCHEME.match(target):
        return Target("external")
    path, _, anchor = target.partition("#")
    path = unquote(path.partition("?")[0])
    anchor = unquote(anchor)
    if not path:
        return Target("anchor", slug=from_slug, anchor=anchor)
    if not path.endswith(".md") or path.startswith("/"):
        return Target("file", slug=path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_slug), path))
    if joined.startswith("../") or joined == "..":
        return Target("file", slug=path)
    return Target("page", slug=joined.removesuffix(".md"), anchor=anchor)


def rewrite_links(markdown: str, rewrite: Callable[[Link], Rewrite | None]) -> str:
    """Rebuild ``markdown`` with each link changed as ``rewrite(link)`` says (None: untouched)."""
    pieces: list[str] = []
    position = 0
    for link in find_links(markdown):
        change = rewrite(link)
        if change is None:
            continue
        if change.text is not None and not link.is_definition:
            pieces += [markdown[position : link.start], change.text]
            position = link.end
        elif change.target is not None:
            pieces += [markdown[position : link.target_start], change.target]
            position = link.target_end
    pieces.append(markdown[position:])
    return "".join(pieces)
