"""``hackkit backup`` / ``hackkit restore``: a whole instance there and back, table by table."""

from __future__ import annotations

import sqlite3
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

from hackkit import close_app, create_app
from hackkit.cli import cli
from hackkit.migrate import upgrade
from tests.archive.conftest import make_rich_event
from tests.helpers import Api


def _env(instance: Path, **extra: str) -> dict[str, str]:
    return {"HACKKIT_INSTANCE_PATH": str(instance), "HACKKIT_DATABASE_URL": "", **extra}


def _every_row(database: Path) -> dict[str, list[tuple]]:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        rows = {
            t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
            for t in tables
        }
    engine.dispose()
    return rows


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """An instance of its own on SQLite, whatever database the suite runs on, with an event in
    every table."""
    instance = tmp_path / "source"
    app = create_app(
        {
            "testing": True,
            "async_mode": "threading",
            "database_url": f"sqlite:///{instance / 'hackkit.db'}",
            "instance_path": instance,
            "join_rate_per_minute": 100_000,
        }
    )
    with app.app_context():
        from hackkit.extensions import db

        upgrade(db.engine)
        make_rich_event(Api(app))
    close_app(app)
    return instance


def test_backup_and_restore_give_back_every_row_the_key_and_the_uploads(
    source: Path, tmp_path: Path
):
    runner = CliRunner()
    archive = tmp_path / "backup.tar.gz"
    # A write in progress on another connection (the server, mid-transaction) is not copied
    # half-done, and does not stop the backup.
    writer = sqlite3.connect(source / "hackkit.db", timeout=5)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE events SET name = 'half-done'")
    made = runner.invoke(cli, ["backup", str(archive)], env=_env(source))
    writer.rollback()
    writer.close()
    assert made.exit_code == 0, made.output
    assert "1 uploads" in made.output
    fresh = tmp_path / "fresh"
    restored = runner.invoke(cli, ["restore", str(archive)], env=_env(fresh))
    assert restored.exit_code == 0, restored.output
    before, after = _every_row(source / "hackkit.db"), _every_row(fresh / "hackkit.db")
    assert set(after) == set(before) and len(before) > 20
    for table, rows in before.items():
        assert after[table] == rows, f"{table} differs after the restore"
    assert sum(len(rows) for rows in before.values()) > 50
    assert (fresh / "secret_key").read_text() == (source / "secret_key").read_text()
    # The credentials' issuer keys too: what was issued keeps verifying as this issuer.
    keys = "credentials/issuer-keys.json"
    assert (fresh / keys).read_text() == (source / keys).read_text()
    assert sorted(p.name for p in (fresh / "uploads").iterdir()) == sorted(
        p.name for p in (source / "uploads").iterdir()
    )
    names = {row[2] for row in before["events"]}
    assert "half-done" not in names


def test_restore_refuses_to_overwrite_data_or_read_other_files(source: Path, tmp_path: Path):
    runner = CliRunner()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(cli, ["backup", str(archive)], env=_env(source)).exit_code == 0
    refused = runner.invoke(cli, ["restore", str(archive)], env=_env(source))
    assert refused.exit_code != 0 and "already holds data" in refused.output
    forced = runner.invoke(cli, ["restore", "--force", str(archive)], env=_env(source))
    assert forced.exit_code == 0, forced.output
    stranger = tmp_path / "other.tar.gz"
    with tarfile.open(stranger, "w:gz") as tar:
        tar.add(source / "secret_key", "secret_key")
    wrong = runner.invoke(cli, ["restore", str(stranger)], env=_env(tmp_path / "x"))
    assert wrong.exit_code != 0 and "not a hackkit backup" in wrong.output
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file")
    assert (
        "Cannot read" in runner.invoke(cli, ["restore", str(junk)], env=_env(tmp_path / "y")).output
    )


def test_backup_on_postgresql_keeps_key_and_uploads_and_says_how_to_dump(tmp_path: Path):
    instance = tmp_path / "pg"
    (instance / "uploads").mkdir(parents=True)
    (instance / "uploads" / "a.webp").write_bytes(b"x")
    archive = tmp_path / "pg.tar.gz"
    url = "postgresql+psycopg://hk:secret@db.example:5432/hackkit"
    made = CliRunner().invoke(
        cli, ["backup", str(archive)], env=_env(instance, HACKKIT_DATABASE_URL=url)
    )
    assert made.exit_code == 0, made.output
    assert "pg_dump --format=custom" in made.output and "pg_restore" in made.output
    assert "secret" not in made.output.split("pg_dump", 1)[1].split("\n")[0]  # no password shown
    with tarfile.open(archive) as tar:
        assert set(tar.getnames()) == {"manifest.json", "secret_key", "uploads/a.webp"}
