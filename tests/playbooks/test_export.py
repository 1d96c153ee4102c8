"""The exported handbook: one self-contained HTML file, every page in order, links inside it."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from hackkit.playbooks import Library, load_library
from hackkit.playbooks.export import export_handbook


def test_handbook_holds_every_page_title_in_toc_order(manual: Library, handbook: str) -> None:
    library, html = manual, handbook
    assert html.count("<!DOCTYPE html>") == 1 and html.count("</html>") == 1
    positions = [html.index(f'<p class="chapter-path">{page.slug}</p>') for page in library.pages]
    assert positions == sorted(positions)
    for page in library.pages:
        assert escape(page.title, quote=False) in html


def test_handbook_loads_nothing_and_runs_nothing(handbook: str) -> None:
    html = handbook
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.IGNORECASE)
    assert "url(" not in html


def test_every_internal_link_points_at_an_anchor_in_the_document(handbook: str) -> None:
    html = handbook
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "heading ids must be unique across chapters"
    targets = set(re.findall(r'href="#([^"]*)"', html))
    assert targets and targets <= set(ids)


def test_handbook_has_a_print_stylesheet_with_page_breaks(handbook: str) -> None:
    html = handbook
    assert "@media print" in html
    assert "break-before: page" in html


def test_links_to_pages_left_out_become_plain_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nSee [B page](b.md) and [web](https://example.org).\n")
    (tmp_path / "b.md").write_text("# B\n")
    html = export_handbook(load_library([tmp_path]), slugs=["a"])
    assert "See B page and web (https://example.org)." in html
    assert "<h1" in html and "# B" not in html and ">B</h1>" not in html


def test_unknown_page_cannot_be_exported(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n")
    with pytest.raises(KeyError):
        export_handbook(load_library([tmp_path]), slugs=["nope"])


def test_raw_html_links_to_the_web_lose_their_href(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        '# A\n\n<a href="https://example.org">site</a> <https://x.org>\n'
    )
    html = export_handbook(load_library([tmp_path]))
    assert "https://example.org" not in re.findall(r'href="([^"]*)"', html)
    assert not re.search(r'href="https?:', html)
