"""Broken front matter gives a Problem naming the file and the line to fix."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.playbooks import Problem, check_library
from hackkit.playbooks.pages import parse_page
from tests.playbooks.conftest import RUBRICS_PAGE, WritePage

TEMPLATE = """\
---
kind: template
title: Sprint
team_size: {min: 3, max: 4}
skills: [design, data]
agenda:
  - name: Opening
    minutes: 10
    wall: join
  - name: Work
    minutes: 60
  - name: Voting
    minutes: 5
    wall: ideas
ballots:
  - {title: Jury, method: rubric, rubric: impact, phase: Work}
  - {title: Crowd, method: dots, params: {dots: 3}, phase: Voting}
---
# Sprint
"""


def problems_for(write_page: WritePage, pages_dir: Path, text: str) -> tuple[str, list[Problem]]:
    write_page("rubrics.md", RUBRICS_PAGE)
    path = write_page("sprint.md", text)
    return str(path), check_library([pages_dir])


def test_valid_template_has_no_problems(write_page: WritePage, pages_dir: Path) -> None:
    _file, problems = problems_for(write_page, pages_dir, TEMPLATE)
    assert problems == []


def test_bad_yaml_points_at_its_line(write_page: WritePage, pages_dir: Path) -> None:
    text = TEMPLATE.replace("    minutes: 60\n", "    minutes: [60\n")
    file, problems = problems_for(write_page, pages_dir, text)
    assert len(problems) == 1
    assert problems[0].file == file
    assert problems[0].line in (11, 12)  # the unclosed bracket, or where YAML noticed it
    assert "YAML error" in problems[0].message


def test_tab_indented_yaml_points_at_the_tab(write_page: WritePage, pages_dir: Path) -> None:
    text = TEMPLATE.replace("    wall: ideas\n", "\twall: ideas\n")
    file, problems = problems_for(write_page, pages_dir, text)
    assert [(p.file, p.line) for p in problems] == [(file, 14)]


def test_unknown_key_names_the_key_its_line_and_the_allowed_keys(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace("    minutes: 60\n", "    minutes: 60\n    colour: red\n")
    file, problems = problems_for(write_page, pages_dir, text)
    assert problems == [
        Problem(
            file,
            12,
            "agenda[1].colour: unknown key; expected one of: name, minutes, wall, checklist",
        )
    ]


def test_negative_minutes_points_at_the_minutes_line(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace("    minutes: 60\n", "    minutes: -5\n")
    file, problems = problems_for(write_page, pages_dir, text)
    assert len(problems) == 1
    assert (problems[0].file, problems[0].line) == (file, 11)
    assert problems[0].message.startswith("agenda[1].minutes:")
    assert "-5" in problems[0].message
    assert str(problems[0]).startswith(f"{file}:11: agenda[1].minutes:")


def test_unknown_rubric_points_at_the_ballot(write_page: WritePage, pages_dir: Path) -> None:
    text = TEMPLATE.replace("rubric: impact,", "rubric: polish,")
    file, problems = problems_for(write_page, pages_dir, text)
    assert len(problems) == 1
    assert (problems[0].file, problems[0].line) == (file, 16)
    assert "'polish'" in problems[0].message and "impact" in problems[0].message


def test_ballot_phase_missing_from_agenda_points_at_the_ballot(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace("phase: Voting}", "phase: Vote}")
    file, problems = problems_for(write_page, pages_dir, text)
    assert len(problems) == 1
    assert (problems[0].file, problems[0].line) == (file, 17)
    assert "'Vote'" in problems[0].message and "not in the agenda" in problems[0].message


def test_duplicate_phase_names_point_at_the_second_one(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace("  - name: Work\n", "  - name: Opening\n").replace(
        "phase: Work}", "phase: Opening}"
    )
    file, problems = problems_for(write_page, pages_dir, text)
    assert [(p.file, p.line) for p in problems] == [(file, 10)]
    assert "used twice" in problems[0].message


def test_rubric_ballot_without_rubric_key_is_reported(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace(" rubric: impact,", "")
    file, problems = problems_for(write_page, pages_dir, text)
    assert [(p.file, p.line) for p in problems] == [(file, 16)]
    assert "must name a rubric" in problems[0].message


def test_team_size_min_above_max_is_reported(write_page: WritePage, pages_dir: Path) -> None:
    text = TEMPLATE.replace("{min: 3, max: 4}", "{min: 6, max: 4}")
    file, problems = problems_for(write_page, pages_dir, text)
    assert [(p.file, p.line) for p in problems] == [(file, 4)]
    assert "min (6) is larger than max (4)" in problems[0].message


def test_repeated_yaml_key_is_reported_instead_of_silently_overwritten(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace("title: Sprint\n", "title: Sprint\ntitle: Other\n")
    file, problems = problems_for(write_page, pages_dir, text)
    assert [(p.file, p.line) for p in problems] == [(file, 4)]
    assert "duplicate key 'title' (first on line 3)" in problems[0].message


def test_missing_required_key_points_at_the_parent_item(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace("    minutes: 60\n", "")
    file, problems = problems_for(write_page, pages_dir, text)
    assert [(p.file, p.line) for p in problems] == [(file, 10)]
    assert problems[0].message == "agenda[1].minutes: required key is missing"


def test_unknown_wall_mode_lists_the_modes(write_page: WritePage, pages_dir: Path) -> None:
    text = TEMPLATE.replace("wall: join", "wall: disco")
    _file, problems = problems_for(write_page, pages_dir, text)
    assert [p.line for p in problems] == [9]
    assert "'join'" in problems[0].message and "'identify'" in problems[0].message


def test_unclosed_front_matter_is_reported_on_line_one(
    write_page: WritePage, pages_dir: Path
) -> None:
    text = TEMPLATE.replace("---\n# Sprint", "# Sprint")
    file, problems = problems_for(write_page, pages_dir, text)
    assert [(p.file, p.line) for p in problems] == [(file, 1)]
    assert "no closing" in problems[0].message


def test_unknown_kind_is_reported_on_its_line(write_page: WritePage, pages_dir: Path) -> None:
    file, problems = problems_for(write_page, pages_dir, "---\ntitle: X\nkind: recipe\n---\n")
    assert [(p.file, p.line) for p in problems] == [(file, 3)]
    assert "page, template, rubrics" in problems[0].message


def test_page_without_front_matter_is_a_plain_page(write_page: WritePage, pages_dir: Path) -> None:
    _file, problems = problems_for(write_page, pages_dir, "# Just prose\n\nNo front matter.\n")
    assert problems == []


def test_duplicate_criterion_keys_in_a_rubric_are_reported(
    write_page: WritePage, pages_dir: Path
) -> None:
    path = write_page("rubrics.md", RUBRICS_PAGE.replace("{key: demo,", "{key: impact,"))
    problems = check_library([pages_dir])
    assert [(p.file, p.line) for p in problems] == [(str(path), 9)]


def _template_with_phases(minutes: list[int]) -> str:
    rows = ["---", "kind: template", "title: Generated", "agenda:"]
    for index, value in enumerate(minutes):
        rows += [f"  - name: Phase {index}", f"    minutes: {value}"]
    return "\n".join([*rows, "---", "# Generated", ""])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 1440), min_size=1, max_size=12),
    st.data(),
)
def test_out_of_range_minutes_are_reported_on_exactly_their_line(
    minutes: list[int], data: st.DataObject
) -> None:
    bad = data.draw(st.sets(st.integers(0, len(minutes) - 1)))
    for index in bad:
        minutes[index] = data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=1441)))
    page, problems = parse_page(_template_with_phases(minutes), Path("gen.md"), "gen")
    # "---" is line 1, three header lines follow, then two lines per phase.
    assert sorted(p.line for p in problems) == sorted(6 + 2 * index for index in bad)
    assert (page.meta is None) == bool(bad)
