"""``hackkit event export|import|retention|delete-personal-data`` against the suite's database."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from hackkit.cli import cli
from hackkit.events.models import Event, Participant
from hackkit.extensions import db
from tests.archive.conftest import PEOPLE, RichEvent, comparable


def _run(args: list[str], database_url: str, instance_path: Path, **kwargs):
    env = {"HACKKIT_DATABASE_URL": database_url, "HACKKIT_INSTANCE_PATH": str(instance_path)}
    return CliRunner().invoke(cli, args, env=env, **kwargs)


def test_cli_exports_and_imports_an_event(
    rich: RichEvent, database_url: str, instance_path: Path, tmp_path: Path
):
    target = tmp_path / "event.json"
    code = rich.event["code"]
    made = _run(["event", "export", code, "-o", str(target)], database_url, instance_path)
    assert made.exit_code == 0, made.output
    first = json.loads(target.read_text())
    imported = _run(["event", "import", str(target)], database_url, instance_path)
    assert imported.exit_code == 0, imported.output
    assert "as a new event, code" in imported.output
    db.session.remove()
    new = db.session.execute(select(Event).where(Event.id != rich.id)).scalar_one()
    second = rich.api.ok("GET", f"/api/events/{new.id}/archive", rich.fac)
    assert comparable(second) == comparable(first)

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "hackkit.event-archive", "version": 2}')
    refused = _run(["event", "import", str(broken)], database_url, instance_path)
    assert refused.exit_code == 1 and "version 2" in refused.output
    unknown = _run(["event", "export", "NOPE99"], database_url, instance_path)
    assert unknown.exit_code == 1 and "no event with that code" in unknown.output


def test_cli_sets_retention_and_deletes_personal_data(
    rich: RichEvent, database_url: str, instance_path: Path
):
    code = rich.event["code"]
    bad = _run(["event", "retention", code, "soon"], database_url, instance_path)
    assert bad.exit_code == 2
    assert _run(["event", "retention", code, "keep"], database_url, instance_path).exit_code == 0
    asked = _run(["event", "delete-personal-data", code], database_url, instance_path, input="n\n")
    assert asked.exit_code == 1  # not confirmed: nothing deleted
    db.session.remove()
    names = set(db.session.execute(select(Participant.display_name)).scalars())
    assert set(PEOPLE) <= names
    done = _run(["event", "delete-personal-data", code, "--yes"], database_url, instance_path)
    assert done.exit_code == 0 and "3 names" in done.output
    db.session.remove()
    names = set(db.session.execute(select(Participant.display_name)).scalars())
    assert not names & set(PEOPLE)
    assert db.session.execute(select(func.count(Participant.id))).scalar_one() == 3
