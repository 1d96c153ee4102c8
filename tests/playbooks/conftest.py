"""Helpers for writing small playbook folders in a temporary directory."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from hackkit.playbooks import (
    SHIPPED_PLAYBOOK_DIR,
    Library,
    Problem,
    check_library,
    load_library,
)
from hackkit.playbooks.export import export_handbook

WritePage = Callable[[str, str], Path]

RUBRICS_PAGE = """\
---
kind: rubrics
title: Rubrics
rubrics:
  - key: impact
    title: Impact
    criteria:
      - {key: impact, label: Impact, weight: 2, description: Who gains}
      - {key: demo, label: Demo, weight: 1}
---
# Rubrics
"""


@pytest.fixture(scope="session")
def shipped() -> Path:
    """The manual shipped with hackkit."""
    return SHIPPED_PLAYBOOK_DIR


# Loading, checking and exporting the manual take a few tenths of a second each: do it once.
@pytest.fixture(scope="session")
def manual(shipped: Path) -> Library:
    """The shipped manual, loaded."""
    return load_library([shipped])


@pytest.fixture(scope="session")
def manual_problems(shipped: Path) -> list[Problem]:
    """What ``hackkit playbook check`` finds in the shipped manual."""
    return check_library([shipped])


@pytest.fixture(scope="session")
def handbook(manual: Library) -> str:
    """The shipped manual exported as one HTML file."""
    return export_handbook(manual)


@pytest.fixture
def write_page(tmp_path: Path) -> WritePage:
    """Write ``text`` (dedented) to ``tmp_path/<relative>`` and return the file's path."""

    def write(relative: str, text: str) -> Path:
        path = tmp_path / "pages" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def pages_dir(tmp_path: Path) -> Path:
    """The folder ``write_page`` writes into."""
    return tmp_path / "pages"


@pytest.fixture
def console(app, client):
    """A test client signed in to the console as the facilitator "fran"; returns the account."""
    from hackkit.accounts.service import create_facilitator
    from hackkit.extensions import db
    from tests.helpers import PASSWORD

    account = create_facilitator(db.session(), "fran", PASSWORD)
    db.session.commit()
    # The browser session the sign-in form would set, without paying for a password hash.
    with client.session_transaction() as session:
        session["fid"] = account.id
        session["fv"] = account.token_version
    return account


@pytest.fixture
def own_dir(app, tmp_path: Path) -> Path:
    """A facilitator's own playbook folder, read by ``app`` after the shipped manual."""
    from dataclasses import replace

    folder = tmp_path / "own-playbooks"
    folder.mkdir()
    app.config["HACKKIT"] = replace(app.config["HACKKIT"], playbook_dirs=(folder,))
    return folder
