"""``hackkit credentials``: issue an event's credentials, verify a file offline, rotate the key."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from hackkit import create_app, server_record
from hackkit.errors import ServiceError
from hackkit.events.lifecycle import event_by_code
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.migrate import upgrade

LOCAL_BASE = "http://localhost:8000"


@click.group("credentials")
def credentials_group() -> None:
    """Open Badges credentials: issue, verify, rotate the issuer key."""


def _event(session, ref: str) -> Event:
    if ref.isdigit() and (found := session.get(Event, int(ref))) is not None:
        return found
    return event_by_code(session, ref)


def _base(settings, given: str | None) -> str:
    """The address the credentials' links use: given, the public URL, the running server's."""
    if given:
        return given.rstrip("/")
    if settings.public_url:
        return settings.public_url.rstrip("/")
    record = server_record.read_record(settings.instance_path)
    return record.url.rstrip("/") if record else LOCAL_BASE


@credentials_group.command("issue")
@click.argument("event")
@click.option("--base-url", default=None, help="Address for the links (default: the server's).")
def issue_command(event: str, base_url: str | None) -> None:
    """Issue every credential EVENT (code or id) has earned and not issued yet."""
    from hackkit.credentials import issuing, service

    app = create_app()
    with app.app_context():
        upgrade(db.engine)
        session = db.session()
        settings = app.config["HACKKIT"]
        try:
            found = _event(session, event)
            rows = issuing.issue(
                session,
                found,
                service.app_keyring(),
                _base(settings, base_url),
                issuing.event_definitions(found),
            )
            session.commit()
        except ServiceError as exc:
            raise click.ClickException(exc.message) from None
        kinds: dict[str, int] = {}
        for row in rows:
            kinds[row.kind] = kinds.get(row.kind, 0) + 1
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "nothing new"
        click.echo(f"issued {len(rows)} credentials for {found.name} ({found.code}): {detail}")


@credentials_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def verify_command(file: Path, as_json: bool) -> None:
    """Check FILE (a credential's JSON, or a baked PNG or SVG badge), offline.

    Exit status 0 when it verifies, 1 when it does not. Nothing is fetched: keys come from
    did:key or this instance's own keys, revocation from this instance's database.
    """
    from hackkit.credentials import service

    app = create_app()
    with app.app_context():
        upgrade(db.engine)
        try:
            document = service.credential_from_bytes(file.read_bytes())
        except service.CredentialInputError as error:
            raise click.ClickException(str(error)) from None
        verdict = service.verify(db.session(), service.app_keyring(), document)
    if as_json:
        click.echo(json.dumps(verdict.as_dict(), indent=1, ensure_ascii=False))
    else:
        summary = verdict.summary
        click.echo("VERIFIED" if verdict.valid else "NOT VERIFIED")
        click.echo(f"  {summary['achievement'] or summary['name']}  ->  {summary['recipient']}")
        for check in verdict.checks:
            mark = {True: "ok ", False: "BAD", None: " - "}[check.ok]
            click.echo(f"  [{mark}] {check.name}: {check.message}")
    sys.exit(0 if verdict.valid else 1)


@credentials_group.command("rotate-key")
def rotate_key_command() -> None:
    """Make a new issuer key for new credentials; the old ones keep verifying."""
    from hackkit.credentials import service

    app = create_app()
    with app.app_context():
        ring = service.app_keyring()
        ring.all_keys()  # the first key exists before it is retired
        new = ring.rotate()
        click.echo(f"new signing key {new.multikey}; issuer {ring.issuer_id(new)}")
        click.echo(f"{len(ring.all_keys()) - 1} earlier key(s) kept for verifying")
