"""Backing up and restoring a whole instance: database, secret key, uploads and the credentials'
issuer keys in one .tar.gz.

On SQLite the database is copied with SQLite's online backup API, page by page inside one read
transaction, so the copy is consistent while the server keeps serving (a plain file copy of a
WAL database in use can miss the last commits or tear). The secret key must travel with it:
it signs every link and token and keys the voters' pseudonyms, so a restore without it would
sign everyone out and make stored ballots unmatchable to their voters.

PostgreSQL's own tools do its database better than we could (``pg_dump``/``pg_restore``): there
the backup holds the secret key and uploads, and ``postgres_guidance`` says what to run.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from hackkit.config import Settings
from hackkit.credentials.keys import KEYS_FILE
from hackkit.version import __version__

FORMAT = "hackkit.instance-backup"
VERSION = 1
DATABASE_MEMBER = "hackkit.db"
MANIFEST_MEMBER = "manifest.json"
SECRET_MEMBER = "secret_key"
UPLOADS_MEMBER = "uploads"
# The credentials' issuer keys: without them nothing new can be signed as the same did:key, and
# a did:web document would lose the keys that verify what was issued.
KEYS_MEMBER = KEYS_FILE


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    database_included: bool
    uploads: int


def sqlite_path(settings: Settings) -> Path | None:
    """The SQLite database file of the instance (None on another database)."""
    url = make_url(settings.resolved_database_url())
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(url.database)


def postgres_guidance(settings: Settings) -> str:
    """What to run to back up and restore the PostgreSQL database itself."""
    url = make_url(settings.resolved_database_url()).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    return (
        "The database is PostgreSQL: back it up with its own tools, beside this archive.\n"
        f"  back up:  pg_dump --format=custom --no-owner --file=hackkit.dump '{shown}'\n"
        "  restore into a new, empty database (then point HACKKIT_DATABASE_URL at it):\n"
        "            createdb hackkit_restored\n"
        "            pg_restore --no-owner --dbname=hackkit_restored hackkit.dump\n"
        "Take the dump while the server runs: pg_dump reads one consistent snapshot."
    )


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API."""
    if not source.exists():
        raise BackupError(f"There is no database at {source} yet: nothing to back up.")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup_instance(settings: Settings, output: Path, revision: str | None) -> BackupResult:
    """Write the instance to ``output`` (.tar.gz)."""
    database = sqlite_path(settings)
    instance = settings.instance_path
    uploads = sorted((instance / UPLOADS_MEMBER).glob("*")) if instance.exists() else []
    uploads = [p for p in uploads if p.is_file() and not p.name.endswith(".part")]
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "hackkit_version": __version__,
        "created_at": datetime.now(UTC).isoformat(),
        "database": "sqlite" if database else "postgresql (not included: use pg_dump)",
        "revision": revision,
        "uploads": len(uploads),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=output.parent, suffix=".part")
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory() as scratch, tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST_MEMBER, json.dumps(manifest, indent=2).encode())
            _add_bytes(tar, SECRET_MEMBER, settings.load_secret_key().encode())
            if database is not None:
                copy = Path(scratch) / DATABASE_MEMBER
                _copy_sqlite(database, copy)
                tar.add(copy, DATABASE_MEMBER)
            for path in uploads:
                tar.add(path, f"{UPLOADS_MEMBER}/{path.name}")
            if (instance / KEYS_MEMBER).is_file():
                tar.add(instance / KEYS_MEMBER, KEYS_MEMBER)
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return BackupResult(output, database is not None, len(uploads))


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile(MANIFEST_MEMBER)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, json.JSONDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This file is not a hackkit backup (no hackkit manifest in it).")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"This backup is version {manifest.get('version')!r}; this hackkit restores "
            f"version {VERSION}."
        )
    return manifest


def _has_data(database: Path) -> bool:
    if not database.exists():
        return False
    with sqlite3.connect(database) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if row[0] != "alembic_version"
        ]
        return any(conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)


def restore_instance(settings: Settings, archive: Path, *, force: bool = False) -> dict:
    """Restore a backup into this instance's folder (and SQLite database); return its manifest.

    Refuses to overwrite a database that holds data unless ``force``: a restore replaces
    everything, and the usual target is a fresh instance. Run it with the server stopped.
    """
    database = sqlite_path(settings)
    instance = settings.instance_path
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 - the with below closes it
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Cannot read {archive}: {exc}") from None
    with tar:
        manifest = _read_manifest(tar)
        names = tar.getnames()
        if DATABASE_MEMBER in names and database is None:
            raise BackupError(
                "This backup holds a SQLite database but this instance uses PostgreSQL: "
                "set HACKKIT_DATABASE_URL to a SQLite file (or unset it) to restore it."
            )
        if database is not None and DATABASE_MEMBER not in names:
            raise BackupError(
                "This backup has no database in it (it was taken on PostgreSQL): restore the "
                "database with pg_restore and point HACKKIT_DATABASE_URL at it."
            )
        if database is not None and _has_data(database) and not force:
            raise BackupError(
                f"The database {database} already holds data. Restore into a fresh instance "
                "(HACKKIT_INSTANCE_PATH), or pass --force to replace it."
            )
        instance.mkdir(parents=True, exist_ok=True)
        (instance / UPLOADS_MEMBER).mkdir(exist_ok=True)
        if database is not None:
            database.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("-wal", "-shm"):  # the old database's journal must not replay
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        for member in tar.getmembers():
            target = _member_target(member, instance, database)
            if target is None:
                continue
            source = tar.extractfile(member)
            if source is None:
                continue
            partial = target.with_name(target.name + ".part")
            with open(partial, "wb") as handle:
                handle.write(source.read())
            os.chmod(partial, 0o600)
            os.replace(partial, target)
    return manifest


def _member_target(member: tarfile.TarInfo, instance: Path, database: Path | None) -> Path | None:
    """Where a member of the backup goes; anything unexpected (a path outside) is skipped."""
    if not member.isfile():
        return None
    if member.name == DATABASE_MEMBER:
        return database
    if member.name == SECRET_MEMBER:
        return instance / SECRET_MEMBER
    if member.name == KEYS_MEMBER:
        (instance / KEYS_MEMBER).parent.mkdir(parents=True, exist_ok=True)
        return instance / KEYS_MEMBER
    folder, _, name = member.name.partition("/")
    if folder == UPLOADS_MEMBER and name and "/" not in name and not name.startswith("."):
        return instance / UPLOADS_MEMBER / name
    return None
