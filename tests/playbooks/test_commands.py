"""``hackkit playbook check`` and ``export``, as CI and facilitators run them."""

from __future__ import annotations

import io
from pathlib import Path

from hackkit.playbooks.commands import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_check_passes_on_the_shipped_manual(shipped: Path) -> None:
    status, out, _err = run("check", str(shipped))
    assert status == 0
    assert out.startswith("ok: ")


def test_check_prints_file_line_message_and_fails(tmp_path: Path) -> None:
    page = tmp_path / "t.md"
    page.write_text("---\nkind: template\ntitle: T\nagenda:\n  - {name: A, minutes: 0}\n---\n")
    status, out, _err = run("check", str(tmp_path))
    assert status == 1
    assert out.splitlines()[0].startswith(f"{page}:5: agenda[0].minutes:")


def test_export_writes_one_html_file(shipped: Path, tmp_path: Path) -> None:
    target = tmp_path / "handbook.html"
    status, _out, _err = run("export", str(shipped), "-o", str(target))
    assert status == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_of_one_page_to_stdout(shipped: Path) -> None:
    status, out, _err = run("export", str(shipped), "--page", "roles", "-o", "-")
    assert status == 0
    assert out.count('<article class="chapter"') == 1


def test_unknown_command_is_a_usage_error() -> None:
    status, _out, _err = run("frobnicate")
    assert status == 2
