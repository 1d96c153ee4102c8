"""Front matter: the YAML block between ``---`` lines at the top of a playbook page.

The YAML is parsed with a loader that remembers where every key and list item starts, so a
schema error found later (by pydantic, on plain data) can still name the line to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Front matter is configuration, not prose: anything larger is a mistake (or an alias bomb).
MAX_FRONT_MATTER_CHARS = 64_000
_MAX_DEPTH = 20
_FENCES = ("---", "...")

Loc = tuple[str | int, ...]


class FrontMatterError(ValueError):
    """The front matter cannot be read; ``line`` is 1-based in the whole file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class FrontMatter:
    """A page split in two: its front matter (``data``, ``None`` if absent) and its body."""

    data: dict[str, Any] | None
    body: str
    body_line: int = 1
    start_line: int = 1
    lines: Mapping[Loc, int] = field(default_factory=dict)

    def line_for(self, loc: Loc) -> int:
        """The file line of the deepest YAML node on ``loc`` (a pydantic-style path)."""
        return line_for(self.lines, loc, self.start_line)


def line_for(lines: Mapping[Loc, int], loc: Loc, default: int) -> int:
    """Longest known prefix of ``loc`` wins: a missing key points at its parent."""
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return default


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split a page into (YAML text or None, body, file line where the body starts).

    Raises FrontMatterError when a ``---`` block is opened but never closed.
    """
    text = text.removeprefix("\ufeff")
    rows = text.splitlines(keepends=True)
    if not rows or rows[0].rstrip() != "---":
        return None, text, 1
    for index in range(1, len(rows)):
        if rows[index].rstrip() in _FENCES:
            return "".join(rows[1:index]), "".join(rows[index + 1 :]), index + 2
    raise FrontMatterError(1, "front matter starts with '---' but has no closing '---' line")


def parse_front_matter(text: str) -> FrontMatter:
    """Parse a page: front matter as plain data with a line for every key, and the body.

    Raises FrontMatterError (with the file line) for unreadable YAML, duplicate keys, or front
    matter that is not a mapping.
    """
    raw, body, body_line = split_front_matter(text)
    if raw is None:
        return FrontMatter(data=None, body=body)
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(
            1, f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters"
        )
    # The YAML text starts on file line 2; PyYAML counts lines from 0.
    offset = 2
    loader = yaml.SafeLoader(raw)
    lines: dict[Loc, int] = {}
    try:
        node = loader.get_single_node()
        if node is not None:
            _record_lines(node, (), lines, offset, 0)
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else 1
        raise FrontMatterError(line, f"YAML error: {_yaml_message(error)}") from error
    except yaml.YAMLError as error:
        raise FrontMatterError(1, f"YAML error: {error}") from error
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys (like 'kind: template')")
    return FrontMatter(data=data, body=body, body_line=body_line, start_line=2, lines=lines)


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    parts = [error.context, error.problem]
    return "; ".join(part for part in parts if part) or "cannot parse"


def _record_lines(node: Node, path: Loc, lines: dict[Loc, int], offset: int, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise FrontMatterError(node.start_mark.line + offset, "front matter is nested too deeply")
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            if key in seen:
                # PyYAML would silently keep the last value; a repeated key is always a slip.
                raise FrontMatterError(line, f"duplicate key {key!r} (first on line {seen[key]})")
            seen[key] = line
            lines[(*path, key)] = line
            _record_lines(value_node, (*path, key), lines, offset, depth + 1)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + offset
            _record_lines(item, (*path, index), lines, offset, depth + 1)
