"""A facilitator's own playbook folder (HACKKIT_PLAYBOOK_DIRS): read, and re-read on change."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hackkit.config import Settings
from hackkit.playbooks import SHIPPED_PLAYBOOK_DIR
from hackkit.playbooks.cache import LibraryCache, fingerprint, playbook_dirs

OWN_PAGE = """\
---
title: Our house rules
summary: What we always do at our events.
---
# Our house rules

## Food

Vegetarian by default. See [roles](roles.md).
"""


def test_the_setting_is_read_from_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HACKKIT_PLAYBOOK_DIRS", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    settings = Settings.from_env()
    assert playbook_dirs(settings.playbook_dirs) == [
        SHIPPED_PLAYBOOK_DIR,
        tmp_path / "a",
        tmp_path / "b",
    ]


def test_own_pages_show_up_and_changes_need_no_restart(console, client, own_dir: Path) -> None:
    page = own_dir / "house-rules.md"
    page.write_text(OWN_PAGE, encoding="utf-8")
    library = client.get("/console/playbooks").get_data(as_text=True)
    assert 'href="/console/playbooks/house-rules"' in library
    assert "What we always do at our events." in library
    shown = client.get("/console/playbooks/house-rules").get_data(as_text=True)
    assert re.search(r'<a href="/console/playbooks/roles"[^>]*>roles</a>', shown)
    assert 'href="#food"' in shown

    # Added while running: the next request sees it.
    (own_dir / "extra").mkdir()
    (own_dir / "extra" / "late.md").write_text("# Added later\n", encoding="utf-8")
    page.write_text(OWN_PAGE.replace("Our house rules", "Our new house rules"), encoding="utf-8")
    library = client.get("/console/playbooks").get_data(as_text=True)
    assert 'href="/console/playbooks/extra/late"' in library
    assert "Our new house rules" in library
    found = client.get("/console/playbooks?q=vegetarian").get_data(as_text=True)
    assert 'href="/console/playbooks/house-rules"' in found

    # Removed: gone on the next request too.
    (own_dir / "extra" / "late.md").unlink()
    assert "extra/late" not in client.get("/console/playbooks").get_data(as_text=True)


def test_problems_in_own_pages_are_shown_in_the_library(console, client, own_dir: Path) -> None:
    (own_dir / "broken.md").write_text("---\nkind: template\ntitle: Broken\n---\n# Broken\n")
    html = client.get("/console/playbooks").get_data(as_text=True)
    assert "problem in the playbook folders" in html
    assert "broken.md:2: agenda: required key is missing" in html


def test_cache_loads_once_and_again_only_after_a_change(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("# One\n", encoding="utf-8")
    cache = LibraryCache()
    first = cache.get([tmp_path])
    assert cache.get([tmp_path]) is first
    before = fingerprint([tmp_path])
    (tmp_path / "one.md").write_text("# One, longer\n", encoding="utf-8")
    assert fingerprint([tmp_path]) != before
    second = cache.get([tmp_path])
    assert second is not first and second.get("one").title == "One, longer"
    missing = tmp_path / "not-there"
    assert cache.get([missing]).problems[0].message == "playbook folder does not exist"
    missing.mkdir()
    (missing / "now.md").write_text("# Now here\n", encoding="utf-8")
    assert "now" in cache.get([missing])
