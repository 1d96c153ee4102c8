"""One playbook page: read from disk, front matter validated, problems collected with lines."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hackkit.markup import MAX_MARKDOWN_CHARS
from hackkit.playbooks.frontmatter import (
    FrontMatter,
    FrontMatterError,
    Loc,
    line_for,
    parse_front_matter,
    split_front_matter,
)
from hackkit.playbooks.problems import Problem
from hackkit.playbooks.schema import (
    COLLECT_ISSUES,
    MODELS,
    FrontMatterModel,
    allowed_keys,
    consistency_issues,
)

# The page whose headings and list links make the table of contents.
INDEX_SLUG = "index"
MAX_FILE_BYTES = 200_000
MAX_SLUG_CHARS = 200  # the events table stores the slug of the template an event came from

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Playbook:
    """One page of the library; ``meta`` is the validated front matter (None if invalid)."""

    slug: str
    path: Path
    title: str
    kind: str
    meta: FrontMatterModel | None
    body: str
    body_line: int = 1
    lines: Mapping[Loc, int] = field(default_factory=dict, repr=False, compare=False)
    summary: str = ""

    def line_for(self, loc: Loc) -> int:
        """The file line of a front matter path (its nearest known parent if absent)."""
        return line_for(self.lines, loc, 1)


def read_page(path: Path, slug: str) -> tuple[Playbook | None, list[Problem]]:
    """Read and validate one page; a page with bad front matter still loads, with meta None."""
    file = str(path)
    problems: list[Problem] = []
    if len(slug) > MAX_SLUG_CHARS:
        problems.append(Problem(file, 1, f"path is longer than {MAX_SLUG_CHARS} characters"))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(file, 1, f"file is larger than {MAX_FILE_BYTES} bytes")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(file, 1, "file is not UTF-8 text")]
    except OSError as error:
        return None, [Problem(file, 1, f"cannot read file: {error.strerror}")]
    page, page_problems = parse_page(text, path, slug)
    return page, problems + page_problems


def parse_page(text: str, path: Path, slug: str) -> tuple[Playbook, list[Problem]]:
    """Parse a page's text; problems name ``path`` and the line to fix."""
    file = str(path)
    problems: list[Problem] = []
    try:
        front = parse_front_matter(text)
    except FrontMatterError as error:
        problems.append(Problem(file, error.line, error.message))
        try:
            _raw, body, body_line = split_front_matter(text)
        except FrontMatterError:
            body, body_line = text, 1
        return _page(path, slug, None, "page", body, body_line, {}), problems
    if len(front.body) > MAX_MARKDOWN_CHARS:
        problems.append(
            Problem(
                file,
                front.body_line,
                f"page body is {len(front.body)} characters; pages are cut at "
                f"{MAX_MARKDOWN_CHARS}, so split it into two pages",
            )
        )
    data = front.data or {}
    kind = data.get("kind", "page")
    if not isinstance(kind, str) or kind not in MODELS:
        problems.append(
            Problem(
                file,
                front.line_for(("kind",)),
                f"kind must be one of {', '.join(MODELS)}, not {kind!r}",
            )
        )
        return _page(path, slug, None, "page", front.body, front.body_line, front.lines), problems
    meta, meta_problems = _validate(file, front, MODELS[kind])
    problems += meta_problems
    return _page(path, slug, meta, kind, front.body, front.body_line, front.lines), problems


def _validate(
    file: str, front: FrontMatter, model: type[FrontMatterModel]
) -> tuple[FrontMatterModel | None, list[Problem]]:
    try:
        meta = model.model_validate(front.data or {}, context={COLLECT_ISSUES: True})
    except ValidationError as error:
        errors = [item for item in error.errors() if not _follows_from_item_errors(item)]
        return None, [_schema_problem(file, front, model, item) for item in errors]
    issues = consistency_issues(meta)
    problems = [
        Problem(file, front.line_for(i.loc), f"{_dotted(i.loc)}: {i.message}") for i in issues
    ]
    return (None if problems else meta), problems


def _follows_from_item_errors(error: Any) -> bool:
    """A list of enough items is "too short" only because some items failed: say nothing."""
    if error["type"] != "too_short":
        return False
    given = error.get("input")
    return isinstance(given, list) and len(given) >= error.get("ctx", {}).get("min_length", 0)


def _schema_problem(file: str, front: FrontMatter, model: type[BaseModel], error: Any) -> Problem:
    loc = tuple(part for part in error["loc"] if isinstance(part, int | str))
    where = _dotted(loc) or "front matter"
    if error["type"] == "extra_forbidden":
        expected = allowed_keys(model, loc[:-1])
        hint = f"; expected one of: {', '.join(expected)}" if expected else ""
        return Problem(file, front.line_for(loc), f"{where}: unknown key{hint}")
    if error["type"] == "missing":
        return Problem(file, front.line_for(loc), f"{where}: required key is missing")
    message = error["msg"]
    value = error.get("input")
    if isinstance(value, int | float | str | bool) and len(repr(value)) <= 40:
        message += f" (got {value!r})"
    return Problem(file, front.line_for(loc), f"{where}: {message}")


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _page(
    path: Path,
    slug: str,
    meta: FrontMatterModel | None,
    kind: str,
    body: str,
    body_line: int,
    lines: Mapping[Loc, int],
) -> Playbook:
    title = getattr(meta, "title", None)
    if not title:
        heading = _first_h1(body)
        title = heading or slug.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    summary = getattr(meta, "summary", None) or ""
    return Playbook(slug, path, title, kind, meta, body, body_line, dict(lines), summary)


def _first_h1(body: str) -> str | None:
    in_code = False
    for row in body.splitlines():
        if row.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code and (match := _H1.match(row)):
            return match.group(1)
    return None
