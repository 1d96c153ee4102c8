"""Loading several playbook folders: later folders add pages, clashes are reported."""

from __future__ import annotations

from pathlib import Path

from hackkit.playbooks import check_library, load_library
from hackkit.playbooks.schema import Template
from tests.playbooks.conftest import RUBRICS_PAGE

OWN_TEMPLATE = """\
---
kind: template
title: Lunch hack
agenda:
  - {name: Hack, minutes: 45, wall: ideas}
ballots:
  - {title: Jury, method: rubric, rubric: impact-feasibility}
---
# Lunch hack

Based on the [1-day hackathon](formats/one-day-hackathon.md).
"""


def test_second_folder_adds_pages_and_templates(shipped: Path, tmp_path: Path) -> None:
    (tmp_path / "lunch-hack.md").write_text(OWN_TEMPLATE, encoding="utf-8")
    library = load_library([shipped, tmp_path])
    page = library.get("lunch-hack")
    assert page is not None and isinstance(page.meta, Template)
    assert page in library.templates
    assert len(library) == len(load_library([shipped])) + 1
    # A page of the second folder may link into the first and use its rubrics.
    assert check_library([shipped, tmp_path]) == []


def test_unlisted_pages_follow_the_index_grouped_by_folder(shipped: Path, tmp_path: Path) -> None:
    (tmp_path / "lunch-hack.md").write_text(OWN_TEMPLATE, encoding="utf-8")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "notes.md").write_text("# Our notes\n", encoding="utf-8")
    sections = load_library([shipped, tmp_path]).toc()
    assert [(s.title, [e.slug for e in s.entries]) for s in sections[-2:]] == [
        ("More pages", ["lunch-hack"]),
        ("Team", ["team/notes"]),
    ]


def test_slug_clash_between_folders_is_reported_and_first_page_kept(
    shipped: Path, tmp_path: Path
) -> None:
    clash = tmp_path / "roles.md"
    clash.write_text("# My own roles\n", encoding="utf-8")
    library = load_library([shipped, tmp_path])
    assert library.get("roles").title == "Roles"  # type: ignore[union-attr]
    problems = check_library([shipped, tmp_path])
    assert [(p.file, p.line) for p in problems] == [(str(clash), 1)]
    assert "'roles' is already defined by" in problems[0].message


def test_rubric_key_defined_twice_across_folders_is_reported(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    (first / "rubrics.md").write_text(RUBRICS_PAGE, encoding="utf-8")
    (second / "more-rubrics.md").write_text(RUBRICS_PAGE, encoding="utf-8")
    problems = check_library([first, second])
    assert [(p.file, p.line) for p in problems] == [(str(second / "more-rubrics.md"), 5)]
    assert "already defined" in problems[0].message


def test_missing_folder_is_reported_not_raised(tmp_path: Path) -> None:
    problems = check_library([tmp_path / "nope"])
    assert [p.message for p in problems] == ["playbook folder does not exist"]


def test_hidden_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "broken.md").write_text("---\nkind: [\n---\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("# Page\n", encoding="utf-8")
    library = load_library([tmp_path])
    assert [page.slug for page in library.pages] == ["page"]
    assert check_library([tmp_path]) == []


def test_page_title_comes_from_front_matter_then_first_heading(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: From front matter\n---\n# Heading\n")
    (tmp_path / "b.md").write_text("```\n# not a heading\n```\n# Real heading\n")
    (tmp_path / "c-d.md").write_text("No heading at all.\n")
    library = load_library([tmp_path])
    assert [library.get(s).title for s in ("a", "b", "c-d")] == [  # type: ignore[union-attr]
        "From front matter",
        "Real heading",
        "C d",
    ]


def test_page_longer_than_the_renderer_takes_is_reported(tmp_path: Path) -> None:
    (tmp_path / "long.md").write_text("# Long\n\n" + "word " * 5000, encoding="utf-8")
    problems = check_library([tmp_path])
    assert [(p.line, "split it" in p.message) for p in problems] == [(1, True)]


def test_invalid_template_is_not_offered_as_a_template(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text("---\nkind: template\ntitle: T\nagenda: []\n---\n# T\n")
    library = load_library([tmp_path])
    page = library.get("t")
    assert page is not None and page.kind == "template" and page.meta is None
    assert library.templates == []
