"""The manual shipped in playbook/: it validates, links resolve, and templates read as written."""

from __future__ import annotations

import re

import pytest
import yaml

from hackkit.playbooks import Library, Problem
from hackkit.playbooks.frontmatter import split_front_matter
from hackkit.playbooks.schema import RubricsPage, Template, VotingMethod, WallMode

FORMATS = [
    "formats/three-hour-sprint",
    "formats/one-day-hackathon",
    "formats/24-hour-hackathon",
    "formats/online-hybrid",
    "formats/multi-site-relay",
]


def test_every_shipped_playbook_validates(manual_problems: list[Problem]) -> None:
    assert manual_problems == [], "\n".join(map(str, manual_problems))


def test_the_five_formats_are_templates(manual: Library) -> None:
    library = manual
    assert sorted(page.slug for page in library.templates) == sorted(FORMATS)


@pytest.mark.parametrize("slug", FORMATS)
def test_template_parses_with_agenda_ballots_and_skills_as_written(
    manual: Library, slug: str
) -> None:
    page = manual.get(slug)
    assert page is not None and isinstance(page.meta, Template)
    raw, _body, _line = split_front_matter(page.path.read_text(encoding="utf-8"))
    written = yaml.safe_load(raw)
    meta = page.meta
    assert [(p.name, p.minutes, p.wall.value) for p in meta.agenda] == [
        (p["name"], p["minutes"], p.get("wall", "agenda")) for p in written["agenda"]
    ]
    assert [list(p.checklist) for p in meta.agenda] == [
        p.get("checklist", []) for p in written["agenda"]
    ]
    assert list(meta.skills) == written["skills"]
    assert (meta.team_size.min, meta.team_size.max) == (
        written["team_size"]["min"],
        written["team_size"]["max"],
    )
    assert [(b.title, b.method.value, b.phase, b.rubric, b.params) for b in meta.ballots] == [
        (b["title"], b["method"], b.get("phase"), b.get("rubric"), b.get("params", {}))
        for b in written["ballots"]
    ]


@pytest.mark.parametrize("slug", FORMATS)
def test_template_body_has_a_run_sheet_matching_its_agenda(manual: Library, slug: str) -> None:
    page = manual.get(slug)
    assert page is not None and isinstance(page.meta, Template)
    assert re.search(r"^## Run sheet", page.body, re.MULTILINE)
    rows = [[c.strip() for c in line.split("|")] for line in page.body.splitlines()]
    header = next(row for row in rows if "Phase" in row)
    column = header.index("Phase")
    modes = {mode.value for mode in WallMode}
    for phase in page.meta.agenda:
        # The run sheet names the wall mode in a column, or after the phase: "Name (`mode`)".
        matching = [
            row
            for row in rows
            if len(row) == len(header)
            and re.fullmatch(re.escape(phase.name) + r"( \(`\w+`\).*)?", row[column])
        ]
        assert matching, f"{phase.name!r} has no row in the run sheet of {slug}"
        for row in matching:
            assert set(re.findall(r"`(\w+)`", "|".join(row))) & modes == {phase.wall.value}
            if "Minutes" in header:
                assert row[header.index("Minutes")] == str(phase.minutes), phase.name


def test_every_template_has_a_jury_rubric_ballot_that_exists(manual: Library) -> None:
    library = manual
    for page in library.templates:
        assert isinstance(page.meta, Template)
        jury = [b for b in page.meta.ballots if b.method is VotingMethod.RUBRIC]
        assert jury, page.slug
        assert all(ballot.rubric in library.rubrics for ballot in jury)


def test_rubrics_page_defines_three_or_four_weighted_sets(manual: Library) -> None:
    library = manual
    pages = [p for p in library.pages if isinstance(p.meta, RubricsPage)]
    assert len(pages) == 1
    assert 3 <= len(library.rubrics) <= 4
    for rubric in library.rubrics.values():
        assert len(rubric.criteria) >= 3
        assert all(criterion.description for criterion in rubric.criteria)


def test_templates_use_several_wall_modes_and_voting_methods(manual: Library) -> None:
    library = manual
    walls = {p.wall for t in library.templates for p in t.meta.agenda}  # type: ignore[union-attr]
    methods = {b.method for t in library.templates for b in t.meta.ballots}  # type: ignore[union-attr]
    assert {WallMode.JOIN, WallMode.AGENDA, WallMode.IDEAS, WallMode.RESULTS} <= walls
    assert {VotingMethod.RUBRIC, VotingMethod.DOTS, VotingMethod.APPROVAL} <= methods


def test_table_of_contents_lists_every_page_once_starting_with_the_index(manual: Library) -> None:
    library = manual
    slugs = [entry.slug for section in library.toc() for entry in section.entries]
    assert slugs[0] == "index"
    assert sorted(slugs) == sorted(page.slug for page in library.pages)
    assert len(slugs) == len(set(slugs)) == len(library)
    titles = [section.title for section in library.toc()]
    assert titles[1:] == [
        "Start here",
        "Before the event",
        "During the event",
        "After the event",
        "Formats",
        "Reference",
    ]


def test_manual_covers_every_topic_of_the_brief(manual: Library) -> None:
    library = manual
    for phrase in [
        "when not to run one",
        "challenge owners",
        "gender balance",
        "remote participants",
        "the check a day before",
        "rehearsal",
        "mentoring rounds",
        "working out loud",
        "ballot stuffing",
        "follow-up",
        "lessons learned",
        "facilitation techniques",
    ]:
        assert library.search(f'"{phrase}"'), phrase


def test_manual_is_substantial_but_every_page_renders_whole(manual: Library) -> None:
    library = manual
    words = sum(len(page.body.split()) for page in library.pages)
    assert 15 <= len(library) <= 30
    assert words >= 10_000
