"""Links between playbook pages: broken ones are reported, working ones become app URLs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.playbooks import Problem, check_library, load_library
from hackkit.playbooks.links import find_links, resolve
from tests.playbooks.conftest import WritePage


def app_url(slug: str) -> str:
    return f"/console/playbooks/{slug}"


def test_all_links_in_the_shipped_manual_resolve(manual_problems: list[Problem]) -> None:
    assert [p for p in manual_problems if "link" in p.message] == []


def test_broken_link_is_reported_with_file_and_line(write_page: WritePage, pages_dir: Path) -> None:
    write_page("roles.md", "# Roles\n\n## Jury\n")
    path = write_page(
        "guide/opening.md",
        "---\ntitle: Opening\n---\n# Opening\n\n"
        "See [roles](../roles.md).\n\nAnd [x](../rols.md).\n",
    )
    problems = check_library([pages_dir])
    assert [(p.file, p.line) for p in problems] == [(str(path), 8)]
    assert "there is no page rols.md" in problems[0].message


def test_link_to_a_missing_heading_anchor_is_reported(
    write_page: WritePage, pages_dir: Path
) -> None:
    write_page("roles.md", "# Roles\n\n## The jury\n")
    path = write_page("a.md", "# A\n\n[ok](roles.md#the-jury) [bad](roles.md#jury) [self](#a)\n")
    problems = check_library([pages_dir])
    assert [(p.file, p.line) for p in problems] == [(str(path), 3)]
    assert "roles.md has no heading with anchor #jury" in problems[0].message


def test_same_page_anchor_must_exist(write_page: WritePage, pages_dir: Path) -> None:
    path = write_page("a.md", "# A\n\n## Setup\n\n[up](#setup) and [gone](#teardown)\n")
    problems = check_library([pages_dir])
    assert [(p.file, p.line) for p in problems] == [(str(path), 5)]
    assert "this page has no heading with anchor #teardown" in problems[0].message


def test_relative_link_to_a_non_page_file_is_reported(
    write_page: WritePage, pages_dir: Path
) -> None:
    path = write_page("a.md", "# A\n\n[slides](slides.pdf)\n")
    problems = check_library([pages_dir])
    assert [(p.file, p.line) for p in problems] == [(str(path), 3)]


def test_links_in_code_and_external_links_are_not_checked(
    write_page: WritePage, pages_dir: Path
) -> None:
    write_page(
        "a.md",
        "# A\n\n`[x](nowhere.md)`\n\n```\n[y](nowhere.md)\n```\n\n"
        "[web](https://example.org/x.md) [mail](mailto:crew@example.org)\n",
    )
    assert check_library([pages_dir]) == []


def test_render_rewrites_page_links_to_app_urls_keeping_anchors(
    write_page: WritePage, pages_dir: Path
) -> None:
    write_page("roles.md", "# Roles\n\n## The jury\n")
    write_page("guide/a.md", "# A\n\n[jury](../roles.md#the-jury), [top](#a), [b](b.md)\n")
    html, headings = load_library([pages_dir]).render("guide/a", app_url)
    assert 'href="/console/playbooks/roles#the-jury"' in html
    assert 'href="#a"' in html
    assert 'href="b.md"' in html  # a broken link stays as written; the checker reports it
    assert [(h.level, h.text, h.anchor) for h in headings] == [(1, "A", "a")]


def test_rendered_page_is_sanitised(write_page: WritePage, pages_dir: Path) -> None:
    write_page("a.md", "# A\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
    html, _headings = load_library([pages_dir]).render("a", app_url)
    assert "<script" not in html
    assert "javascript:" not in html


def test_reference_style_links_are_checked_and_rewritten(
    write_page: WritePage, pages_dir: Path
) -> None:
    write_page("roles.md", "# Roles\n")
    path = write_page(
        "a.md", "# A\n\nSee [the roles][r] and [gone][g].\n\n[r]: roles.md\n[g]: gone.md\n"
    )
    problems = check_library([pages_dir])
    assert [(p.file, p.line) for p in problems] == [(str(path), 6)]
    html, _ = load_library([pages_dir]).render("a", app_url)
    assert 'href="/console/playbooks/roles"' in html


def test_links_leaving_the_folder_are_not_pages() -> None:
    assert resolve("a/b", "../../outside.md").kind == "file"
    assert resolve("a/b", "../c.md#x") == resolve("x", "c.md#x")
    assert resolve("a/b", "#top").slug == "a/b"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8),
            st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6})?\.md(#[a-z]{1,5})?", fullmatch=True),
        ),
        max_size=6,
    )
)
def test_every_inline_link_is_found_with_its_target_and_line(links: list[tuple[str, str]]) -> None:
    markdown = "".join(
        f"Line {i}: [{text}]({target}) end\n" for i, (text, target) in enumerate(links)
    )
    found = find_links(markdown)
    assert [(link.line, link.text, link.target) for link in found] == [
        (i + 1, text, target) for i, (text, target) in enumerate(links)
    ]
    for link in found:
        assert markdown[link.target_start : link.target_end] == link.target
