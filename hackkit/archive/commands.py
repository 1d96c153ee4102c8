"""``hackkit event ...``, ``hackkit backup`` and ``hackkit restore``: the archive from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy import select

from hackkit import create_app
from hackkit.accounts.models import Facilitator
from hackkit.archive import service
from hackkit.archive.backup import (
    BackupError,
    backup_instance,
    postgres_guidance,
    restore_instance,
    sqlite_path,
)
from hackkit.archive.export import export_archive
from hackkit.archive.personal_data import apply_retention
from hackkit.errors import ServiceError
from hackkit.events.lifecycle import event_by_code
from hackkit.events.retention import MAX_RETENTION_DAYS
from hackkit.extensions import db
from hackkit.migrate import current_revision, upgrade


@click.group("event")
def event_group() -> None:
    """One event: its state, its archive (export, import), keeping or deleting its personal data."""


def _owner(username: str | None) -> Facilitator:
    accounts = list(db.session.execute(select(Facilitator).order_by(Facilitator.id)).scalars())
    if username is not None:
        found = [a for a in accounts if a.username == username]
        if not found:
            raise click.ClickException(f"no facilitator named {username!r}")
        return found[0]
    if len(accounts) != 1:
        raise click.ClickException(
            "say which facilitator will own the event: --facilitator USERNAME"
            if accounts
            else "there is no facilitator yet: hackkit facilitator add USERNAME"
        )
    return accounts[0]


@event_group.command("export")
@click.argument("code")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_command(code: str, output: Path | None) -> None:
    """Write the whole event CODE to one JSON archive (default: CODE-archive.json)."""
    app = create_app()
    with app.app_context():
        try:
            event = event_by_code(db.session(), code)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from None
        document = export_archive(db.session(), event)
    target = output or Path(f"{event.code}-archive.json")
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    click.echo(f"wrote {event.name} ({event.code}) to {target}")


@event_group.command("import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--facilitator", "username", default=None, help="Owner of the new event.")
@click.option("--setup-only", is_flag=True, help="Copy the set-up only: no people, ideas or votes.")
def import_command(archive: Path, username: str | None, setup_only: bool) -> None:
    """Create a new event (new code) from an ARCHIVE file exported by hackkit."""
    app = create_app()
    with app.app_context():
        upgrade(db.engine)
        session = db.session()
        try:
            document = service.parse_archive(archive.read_bytes())
            owner = _owner(username).id
            event = service.import_event(session, owner, document, only_setup=setup_only)
            session.commit()
        except ServiceError as exc:
            session.rollback()
            raise click.ClickException(exc.message) from None
        click.echo(f"imported {event.name} as a new event, code {event.code} (id {event.id})")


@event_group.command("retention")
@click.argument("code")
@click.argument("days")
def retention_command(code: str, days: str) -> None:
    """Delete personal data of CODE DAYS days after it ends ("keep": only by hand)."""
    if days != "keep" and not (days.isdigit() and int(days) <= MAX_RETENTION_DAYS):
        raise click.BadParameter(f'a number from 0 to {MAX_RETENTION_DAYS}, or "keep"')
    app = create_app()
    with app.app_context():
        session = db.session()
        try:
            event = event_by_code(session, code)
            view = service.set_retention(session, event, None if days == "keep" else int(days))
            session.commit()
        except ServiceError as exc:
            raise click.ClickException(exc.message) from None
    click.echo(f"{event.code}: personal data due for deletion at {view['due_at'] or 'never'}")


@event_group.command("delete-personal-data")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_personal_data_command(code: str, yes: bool) -> None:
    """Delete names, profiles and pictures of CODE now; results and counts stay."""
    app = create_app()
    with app.app_context():
        session = db.session()
        try:
            event = event_by_code(session, code)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from None
        if not yes:
            click.confirm(
                f"Delete the personal data of {event.name} ({event.code})? This cannot be undone",
                abort=True,
            )
        done = service.erase_personal_data(session, event)
        session.commit()
    click.echo(
        f"deleted: {done['participants']} names, {done['profiles']} profiles, "
        f"{done['progress_posts']} progress posts, {done['pictures']} pictures"
    )


@event_group.command("apply-retention")
def apply_retention_command() -> None:
    """Delete the personal data of every event whose retention has run out (the server also
    does this at start and daily)."""
    app = create_app()
    with app.app_context():
        session = db.session()
        due = apply_retention(session)
        session.commit()
    click.echo(f"personal data deleted for {len(due)} event(s)")


@click.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(output: Path) -> None:
    """Back up the whole instance (SQLite database, secret key, uploads) to OUTPUT (.tar.gz).

    Safe while the server runs. On PostgreSQL it says how to dump the database with pg_dump.
    """
    app = create_app()
    settings = app.config["HACKKIT"]
    try:
        with app.app_context():
            revision = current_revision(db.engine) if sqlite_path(settings) else None
        result = backup_instance(settings, output, revision)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    what = "database, " if result.database_included else ""
    click.echo(f"wrote {what}secret key and {result.uploads} uploads to {result.path}")
    if not result.database_included:
        click.echo(postgres_guidance(settings), err=True)


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore_command(archive: Path, force: bool) -> None:
    """Restore a backup made by `hackkit backup` into this instance (stop the server first)."""
    app = create_app()
    settings = app.config["HACKKIT"]
    with app.app_context():
        db.dispose()  # the restore replaces the file under this process's connections
    try:
        manifest = restore_instance(settings, archive, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored the backup of {manifest['created_at']} into {settings.instance_path}")
    if sqlite_path(settings) is None:
        click.echo(postgres_guidance(settings), err=True)
