"""Full-text search over the playbook: simple term scoring, good enough for a few dozen pages.

Every term must occur in a page (as the start of a word, case-insensitive); matches in the title
count most, then headings, then the body. A quoted "phrase" is one term. Nothing is stemmed:
the prefix match already finds "vote" in "votes" and "voting" via "vot".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TITLE_WEIGHT = 10
_HEADING_WEIGHT = 4
_PHRASE_BONUS = 15
_BODY_CAP = 25  # one page repeating a word 300 times should not bury the page about it
_SNIPPET_CHARS = 180

_QUOTED = re.compile(r'"([^"]+)"')
_WORD = re.compile(r"[\w'’-]+")
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Emphasis and code marks vanish ("**freeze**:" reads "freeze:"); block marks become spaces.
_INLINE_MARKS = re.compile(r"[*`~]+|(?<!\w)_+|_+(?!\w)")
_BLOCK_MARKS = re.compile(
    r"[#>|]+|:?-{3,}:?|^\s*[-+]\s+|^\s*\d+\.\s+|^ {0,3}\[[^\]]+\]:.*$", re.MULTILINE
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Hit:
    """One search result: the page, its title, and a plain-text snippet around the match."""

    slug: str
    title: str
    snippet: str


@dataclass(frozen=True)
class _Document:
    slug: str
    title: str
    title_key: str
    headings_key: str
    text: str
    text_key: str


class SearchIndex:
    """Pages prepared for searching; build once per library load."""

    def __init__(self, pages: Iterable[tuple[str, str, str]]) -> None:
        """Index ``(slug, title, markdown body)`` triples, in the order results should tie."""
        self._documents = [_document(slug, title, body) for slug, title, body in pages]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Pages matching every term of ``query``, best first."""
        terms = query_terms(query)
        if not terms:
            return []
        patterns = [_pattern(term) for term in terms]
        phrase = " ".join(terms) if len(terms) > 1 else ""
        scored: list[tuple[int, int, Hit]] = []
        for order, doc in enumerate(self._documents):
            score = 0
            for pattern in patterns:
                in_title = len(pattern.findall(doc.title_key))
                in_headings = len(pattern.findall(doc.headings_key))
                in_body = min(len(pattern.findall(doc.text_key)), _BODY_CAP)
                if not (in_title or in_headings or in_body):
                    break
                score += in_title * _TITLE_WEIGHT + in_headings * _HEADING_WEIGHT + in_body
            else:
                if phrase and phrase in doc.text_key:
                    score += _PHRASE_BONUS
                hit = Hit(doc.slug, doc.title, _snippet(doc, phrase, patterns))
                scored.append((-score, order, hit))
        scored.sort(key=lambda item: item[:2])
        return [hit for _, _, hit in scored[:limit]]


def _pattern(term: str) -> re.Pattern[str]:
    """Match ``term`` at a word start, ignoring hyphens: "wifi" finds "Wi-Fi" and back."""
    letters = term.replace("-", "")
    return re.compile(r"(?<!\w)" + "-?".join(re.escape(char) for char in letters))


def query_terms(query: str) -> list[str]:
    """Lower-cased terms of a query; a "quoted phrase" stays one term."""
    phrases = [" ".join(p.lower().split()) for p in _QUOTED.findall(query)]
    rest = _QUOTED.sub(" ", query)
    terms = phrases + [word.lower() for word in _WORD.findall(rest)]
    # A term of only hyphens or quotes would match everywhere.
    return [term for term in terms if any(char.isalnum() for char in term)]


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable text for snippets (good enough, not a parser)."""
    text = _LINK.sub(r"\1", markdown)
    text = _BLOCK_MARKS.sub(" ", _INLINE_MARKS.sub("", text))
    return _SPACE.sub(" ", text).strip()


def _document(slug: str, title: str, body: str) -> _Document:
    headings = " ".join(_HEADING_LINE.findall(body))
    text = plain_text(body)
    return _Document(slug, title, title.lower(), headings.lower(), text, text.lower())


def _snippet(doc: _Document, phrase: str, patterns: list[re.Pattern[str]]) -> str:
    position = doc.text_key.find(phrase) if phrase else -1
    if position < 0:
        found = [m.start() for p in patterns if (m := p.search(doc.text_key))]
        position = min(found) if found else 0
    start = max(0, position - _SNIPPET_CHARS // 3)
    end = min(len(doc.text), start + _SNIPPET_CHARS)
    # Cut at word boundaries so the snippet never starts or ends mid-word.
    if start > 0:
        space = doc.text.find(" ", start)
        start = space + 1 if 0 <= space < position else start
    if end < len(doc.text):
        space = doc.text.rfind(" ", position, end)
        end = space if space > position else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(doc.text) else ""
    return f"{prefix}{doc.text[start:end].strip()}{suffix}"
