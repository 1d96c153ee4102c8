"""core/countdown.js: what the wall and the phones say comes next. Runs under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

NODE = shutil.which("node")
JS = Path(__file__).resolve().parents[2] / "hackkit" / "static" / "js" / "core" / "countdown.js"

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


def next_phase_name(tmp_path: Path, agenda: dict) -> str | None:
    shutil.copy(JS, tmp_path / "countdown.mjs")
    script = tmp_path / "next.mjs"
    script.write_text(
        'import { nextPhase } from "./countdown.mjs";\n'
        f"const next = nextPhase({json.dumps(agenda)});\n"
        "process.stdout.write(JSON.stringify(next ? next.name : null));",
        encoding="utf-8",
    )
    done = subprocess.run([NODE, str(script)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def agenda(current_id: int | None, statuses: list[str]) -> dict:
    names = ["Team formation", "Hacking", "Pitches"]
    phases = [
        {"id": i + 1, "name": name, "status": status}
        for i, (name, status) in enumerate(zip(names, statuses, strict=True))
    ]
    return {"current_id": current_id, "phases": phases}


def test_a_phase_skipped_by_starting_a_later_one_is_not_next(tmp_path: Path) -> None:
    skipped = agenda(2, ["pending", "running", "pending"])
    assert next_phase_name(tmp_path, skipped) == "Pitches"


def test_before_the_start_the_first_pending_phase_is_next(tmp_path: Path) -> None:
    assert next_phase_name(tmp_path, agenda(None, ["pending"] * 3)) == "Team formation"
    assert next_phase_name(tmp_path, agenda(3, ["done", "done", "running"])) is None
