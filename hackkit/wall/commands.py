"""``hackkit wall``: tools for the video wall from the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from hackkit import create_app, network, server_record
from hackkit.auth import resolve, token_for_display
from hackkit.errors import ServiceError
from hackkit.events.lifecycle import event_by_code
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.realtime import build_snapshot, server_ms
from hackkit.wall import picture, preview, schematic
from hackkit.wall.layout import WallGeometry
from hackkit.wall.models import Wall
from hackkit.wall.service import wall_dict


@click.group("wall")
def wall_group() -> None:
    """The video wall."""


@wall_group.command("preview")
@click.argument("code")
@click.option("--wall", "wall_ref", default=None, help="Wall name or id (default: the first wall).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PNG to write (default: <code>-<wall>-preview.png).",
)
@click.option(
    "--browser",
    is_flag=True,
    help="Render the real screen pages in headless Chromium (needs Playwright, a dev tool) "
    "instead of the schematic drawn on the server.",
)
@click.option(
    "--url",
    default=None,
    help="With --browser: a running hackkit server to render from (default: start one).",
)
def preview_command(
    code: str, wall_ref: str | None, output: Path | None, browser: bool, url: str | None
) -> None:
    """Render the whole wall of event CODE, as it looks now, into one PNG with bezels drawn.

    By default each screen's tile is drawn on the server (a faithful schematic, no browser
    needed); --browser takes real screenshots of the screen pages instead.
    """
    app = create_app()
    with app.app_context():
        session = db.session()
        try:
            event = event_by_code(session, code)
        except ServiceError as exc:
            raise click.ClickException(exc.message) from None
        walls = list(
            session.execute(
                select(Wall).where(Wall.event_id == event.id).order_by(Wall.id)
            ).scalars()
        )
        wall = _pick(walls, wall_ref)
        key = os.environ.get(preview.KEY_ENV) or token_for_display(event)
        geometry = WallGeometry.from_dict(wall.geometry)
        event_code, wall_id, wall_name = event.code, wall.id, wall.name
        if not browser:
            image = picture.draw_wall(geometry, _schematic_view(app, session, event, wall, key))
    target = output or Path(f"{event_code}-{wall_name}-preview.png".replace(" ", "-"))
    if not browser:
        image.save(target, format="PNG", optimize=True)
        click.echo(
            f"wrote {target} ({image.width} x {image.height} px, {len(geometry.screens)} screens,"
            " schematic; --browser for screenshots of the real pages)"
        )
        return
    try:
        if url:
            image = preview.render_wall(url, event_code, key, wall_id, geometry)
        else:
            with _temporary_server(app) as base:
                image = preview.render_wall(base, event_code, key, wall_id, geometry)
    except preview.PreviewUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    image.save(target, format="PNG", optimize=True)
    click.echo(
        f"wrote {target} ({image.width} x {image.height} px, {len(geometry.screens)} screens)"
    )


def _schematic_view(
    app: Flask, session: Session, event: Event, wall: Wall, key: str
) -> schematic.WallView:
    """What the screens show now: the display's own snapshot, and the join link phones use
    (the running server's, else this laptop's LAN address on the default port)."""
    running = server_record.read_record(app.config["HACKKIT"].instance_path)
    if running is not None:
        base = running.url
    else:
        settings = app.config["HACKKIT"]
        addresses = [] if settings.public_url else network.list_interface_addresses()
        base = network.choose_public_base(settings.public_url, "0.0.0.0", 5000, addresses).url
    state = build_snapshot(session, event.id, resolve(session, key))["state"]
    return schematic.view_from_state(wall_dict(wall), state, f"{base}/j/{event.code}", server_ms())


def _pick(walls: list[Wall], ref: str | None) -> Wall:
    if not walls:
        raise click.ClickException("This event has no wall yet; add one in the console (Wall).")
    if ref is None:
        return walls[0]
    for wall in walls:
        if str(wall.id) == ref or wall.name.casefold() == ref.casefold():
            return wall
    names = ", ".join(f"{w.name} ({w.id})" for w in walls)
    raise click.ClickException(f"No wall {ref!r}; this event has: {names}")


@contextmanager
def _temporary_server(app: Flask) -> Iterator[str]:
    """A ``hackkit serve`` child on a free local port, on this instance's database."""
    settings = app.config["HACKKIT"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "HACKKIT_INSTANCE_PATH": str(settings.instance_path),
        "HACKKIT_DATABASE_URL": settings.resolved_database_url(),
    }
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "hackkit", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(child, base, log)
            yield base
        finally:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _wait_until_up(
    child: subprocess.Popen, base: str, log: IO[bytes], timeout_s: float = 30
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if child.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-1500:]
            raise click.ClickException(f"the preview server did not start:\n{tail}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise click.ClickException("the preview server did not answer in time")
