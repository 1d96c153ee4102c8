"""Checks that need the whole library: rubric keys, links between pages, heading anchors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from hackkit.markup import render_markdown
from hackkit.playbooks.links import find_links, resolve
from hackkit.playbooks.problems import Problem
from hackkit.playbooks.rendering import headings_of
from hackkit.playbooks.schema import Rubric, Template, VotingMethod

if TYPE_CHECKING:
    from hackkit.playbooks.library import Library  # which imports this module
    from hackkit.playbooks.pages import Playbook


def cross_check(library: Library) -> list[Problem]:
    """Problems no single page can reveal: unknown rubric keys and broken links or anchors."""
    problems: list[Problem] = []
    anchors: dict[str, set[str]] = {}

    def anchors_of(slug: str) -> set[str]:
        if slug not in anchors:
            page = library.get(slug)
            html = render_markdown(page.body, allow_ids=True) if page else ""
            anchors[slug] = {heading.anchor for heading in headings_of(html)}
        return anchors[slug]

    rubrics = library.rubrics
    for page in library.pages:
        if isinstance(page.meta, Template):
            problems += _rubric_problems(page, page.meta, rubrics)
        problems += _link_problems(page, library, anchors_of)
    return problems


def _rubric_problems(
    page: Playbook, template: Template, rubrics: Mapping[str, Rubric]
) -> list[Problem]:
    problems = []
    for index, ballot in enumerate(template.ballots):
        if ballot.method is VotingMethod.RUBRIC and ballot.rubric not in rubrics:
            known = ", ".join(sorted(rubrics)) or "none defined"
            problems.append(
                Problem(
                    str(page.path),
                    page.line_for(("ballots", index, "rubric")),
                    f"ballots[{index}].rubric: no rubric with key {ballot.rubric!r} "
                    f"in any 'kind: rubrics' page (known: {known})",
                )
            )
    return problems


def _link_problems(
    page: Playbook, library: Library, anchors_of: Callable[[str], set[str]]
) -> list[Problem]:
    problems = []
    for link in find_links(page.body):
        line = page.body_line + link.line - 1
        target = resolve(page.slug, link.target)
        if target.kind == "file":
            message = f"link to {link.target!r}: not a playbook page (link to a .md page)"
        elif target.kind == "page" and target.slug not in library:
            message = f"link to {link.target!r}: there is no page {target.slug}.md"
        elif target.kind in ("page", "anchor") and target.anchor:
            if target.anchor in anchors_of(target.slug):
                continue
            where = "this page" if target.kind == "anchor" else f"{target.slug}.md"
            message = (
                f"link to {link.target!r}: {where} has no heading with anchor #{target.anchor}"
            )
        else:
            continue
        problems.append(Problem(str(page.path), line, message))
    return problems
