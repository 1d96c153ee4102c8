"""The ``hackkit`` command: serve, demo, database, accounts, and the tools around an event."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from flask import Flask
from sqlalchemy import func, select

from hackkit import close_app, create_app, network, server_record
from hackkit.accounts.models import Facilitator
from hackkit.accounts.service import create_facilitator, issue_signin_link_token, set_password
from hackkit.archive.commands import backup_command, event_group, restore_command
from hackkit.archive.personal_data import run_retention
from hackkit.credentials.commands import credentials_group
from hackkit.demo import seed_demo
from hackkit.errors import ServiceError
from hackkit.events.announcements import post_announcement
from hackkit.events.lifecycle import event_by_code
from hackkit.events.models import Event
from hackkit.events.schemas import PostAnnouncement
from hackkit.events.states import LABELS, STATES, normalise
from hackkit.events.status import set_status
from hackkit.extensions import db, socketio
from hackkit.gctune import run_maintenance, tune_for_serving
from hackkit.migrate import current_revision, upgrade
from hackkit.playbooks.commands import main as playbook_main
from hackkit.seclog import configure_logging
from hackkit.simulate.crowd import Crowd
from hackkit.wall.commands import wall_group


def _app(**overrides: Any) -> Flask:
    return create_app(overrides or None)


def _prepare(app: Flask) -> None:
    """Apply migrations (every serving command does, so a fresh instance just works)."""
    upgrade(db.engine)


def public_base(app: Flask, host: str, port: int) -> network.PublicBase:
    """The URL to print and to encode in QR codes: the configured public URL, else the best
    LAN address of this machine; the same choice the pages make (``pages.public_base``)."""
    settings = app.config["HACKKIT"]
    wildcard = host in ("0.0.0.0", "::")
    addresses = network.list_interface_addresses() if wildcard and not settings.public_url else []
    base = network.choose_public_base(settings.public_url, host, port, addresses)
    # Pages opened on this laptop (http://127.0.0.1:...) then show phones this address too.
    app.extensions["hackkit.public_base"] = base.url
    return base


def warn_if_unreachable(base: network.PublicBase) -> None:
    """Say loudly, before anything else is printed, when phones will not reach the links."""
    if base.warning:
        click.secho(f"\n  WARNING: {base.warning}\n", fg="yellow", bold=True, err=True)


def _raise_file_limit() -> None:
    """Every WebSocket holds a socket: the usual soft limit of 1,024 would stop at about a
    thousand phones, so take the hard limit the system allows."""
    try:
        import resource  # POSIX only: elsewhere there is no limit to raise

        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):  # not on this platform, or not allowed
        pass


def run_server(app: Flask, host: str, port: int, base: network.PublicBase) -> None:
    """Serve with the configured async mode (gevent by default), with the server's URL
    recorded in the instance folder while it runs (for ``hackkit facilitator link``)."""
    configure_logging()
    _raise_file_limit()

    mode = app.config["HACKKIT"].async_mode
    kwargs: dict[str, Any] = {"host": host, "port": port, "log_output": False}
    if mode in ("gevent", "eventlet"):
        tune_for_serving()
        socketio.start_background_task(run_maintenance, socketio.sleep)
    socketio.start_background_task(run_retention, app, socketio.sleep)
    if mode == "eventlet":
        kwargs["max_size"] = 20_000  # eventlet's default stops accepting at 1,024 connections
    if mode == "threading":
        kwargs["allow_unsafe_werkzeug"] = True
    _stop_on_signals(app, mode)
    click.echo(f"hackkit serving on http://{host}:{port} ({mode}); phones use {base.url}", err=True)
    instance = app.config["HACKKIT"].instance_path
    local = f"http://127.0.0.1:{port}" if base.source in ("lan", "loopback") else base.url
    server_record.write_record(instance, server_record.ServerRecord(base.url, local, os.getpid()))
    try:
        socketio.run(app, **kwargs)
    except KeyboardInterrupt:
        click.echo("hackkit shutting down", err=True)
    finally:
        server_record.remove_record(instance, os.getpid())
        close_app(app)
    click.echo("hackkit stopped: queued votes saved, connections closed", err=True)


def _stop_on_signals(app: Flask, mode: str) -> None:
    """Stop serving on Ctrl-C and on SIGTERM (systemd, docker stop) alike, so that close_app
    commits and acknowledges the votes already queued before the process ends.

    Under gevent and eventlet a plain signal handler raises in whichever greenlet is running,
    often a request's, which then dies with a traceback while the server keeps going. So the
    signal only schedules the stop, and it happens in the server's own greenlet.
    """
    # Each mode imports only its own async library: eventlet warns on import (deprecated), and
    # neither is needed by the other modes.
    if mode == "gevent":
        import gevent

        def stop() -> None:
            server = socketio.wsgi_server
            server.close()  # accept no new connections
            # Commit and acknowledge the queued votes, then drop every connection in one go,
            # so the 2 s the server gives its handlers is not spent waiting on WebSockets that
            # would never end by themselves (5,000 of them took 9 s to be killed one by one).
            close_app(app)
            server.stop(timeout=2)  # serve_forever returns; requests in flight get 2 s

        for sig in (signal.SIGINT, signal.SIGTERM):
            gevent.signal_handler(sig, stop)
    elif mode == "eventlet":
        import eventlet.hubs
        import greenlet

        server_greenlet = greenlet.getcurrent()

        def interrupt(_sig: int, _frame: Any) -> None:
            eventlet.hubs.get_hub().schedule_call_global(
                0, server_greenlet.throw, KeyboardInterrupt
            )

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, interrupt)
    else:  # threading: the main thread is the server's
        signal.signal(signal.SIGTERM, signal.default_int_handler)


@click.group()
@click.version_option(package_name="hackkit")
def cli() -> None:
    """hackkit: run hackathons and innovation sprints from one laptop."""


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the server (migrations are applied first)."""
    app = _app()
    base = public_base(app, host, port)
    warn_if_unreachable(base)
    with app.app_context():
        _prepare(app)
        _ensure_first_facilitator(app, base.url)
    run_server(app, host, port, base)


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Seed and print the URLs, then exit.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Seed a demo event (two challenges, an agenda) and serve it."""
    app = _app()
    base = public_base(app, host, port)
    warn_if_unreachable(base)
    with app.app_context():
        _prepare(app)
        info = seed_demo(base.url)
    user = info["username"]
    if info["password"]:
        password = f"  Or sign in at {base.url}/login as {user!r} with password {info['password']}"
    else:
        password = f"  Forgot {user!r}'s password? Set one: hackkit facilitator password {user}"
    click.echo(
        "\n".join(
            [
                "",
                f"  hackkit demo event: {info['name']}",
                f"  Facilitator console (one-time sign-in link): {info['signin_url']}",
                f"  Link used or expired (it works once, for 15 minutes)? Get a new one: "
                f"hackkit facilitator link {user}",
                password,
                f"  Participants join at: {info['join_url']}   code: {info['code']}",
                f"  Display (open on the big screen): {info['display_url']}",
                "",
            ]
        )
    )
    if not no_serve:
        run_server(app, host, port, base)


def _ensure_first_facilitator(app: Flask, base: str) -> None:
    """At first run there is no account: create one and print how to sign in, once."""
    session = db.session()
    if session.execute(select(func.count(Facilitator.id))).scalar_one():
        return
    password = secrets.token_urlsafe(12)
    account = create_facilitator(session, "admin", password)
    token = issue_signin_link_token(session, account)
    session.commit()
    click.echo(
        f"\n  First run: created facilitator 'admin' with password {password}\n"
        f"  One-time sign-in link: {base}/login/once/{token}\n",
        err=True,
    )


@cli.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    app = _app()
    with app.app_context():
        upgrade(db.engine, revision)
        click.echo(f"database at revision {current_revision(db.engine)}")


@cli.group()
def facilitator() -> None:
    """Facilitator accounts."""


@facilitator.command("add")
@click.argument("username")
@click.password_option(help="Prompted for when not given.")
def facilitator_add(username: str, password: str) -> None:
    """Create a facilitator account."""
    app = _app()
    with app.app_context(), _refusal_as_click_error():
        _prepare(app)
        create_facilitator(db.session(), username, password)
        db.session.commit()
    click.echo(f"facilitator {username!r} created")


@contextmanager
def _refusal_as_click_error() -> Iterator[None]:
    """A service's refusal becomes the command's error message, without a traceback."""
    try:
        yield
    except ServiceError as exc:
        raise click.ClickException(exc.message) from None


def _account(username: str) -> Facilitator:
    account = db.session.execute(
        select(Facilitator).where(Facilitator.username == username)
    ).scalar_one_or_none()
    if account is None:
        raise click.ClickException(f"no facilitator named {username!r}")
    return account


@facilitator.command("link")
@click.argument("username")
@click.option(
    "--base-url",
    default=None,
    help="The server's URL (default: the running server's, else " + server_record.ASSUMED_URL + ")",
)
def facilitator_link(username: str, base_url: str | None) -> None:
    """Print a one-time sign-in link for USERNAME (valid 15 minutes) to the running server."""
    app = _app()
    if base_url is None:
        running = server_record.read_record(app.config["HACKKIT"].instance_path)
        if running is None:
            base_url = server_record.ASSUMED_URL
            click.echo(
                f"No running hackkit server is recorded in {app.config['HACKKIT'].instance_path}; "
                f"assuming {base_url} (give --base-url if it runs elsewhere).",
                err=True,
            )
        else:
            base_url = running.url
    with app.app_context():
        account = _account(username)
        token = issue_signin_link_token(db.session(), account)
        db.session.commit()
    click.echo(f"{base_url.rstrip('/')}/login/once/{token}")


@facilitator.command("password")
@click.argument("username")
@click.password_option(help="Prompted for when not given.")
def facilitator_password(username: str, password: str) -> None:
    """Set a new password for USERNAME (and lift a lock-out after failed attempts)."""
    with _app().app_context(), _refusal_as_click_error():
        set_password(db.session(), _account(username), password)
        db.session.commit()
    click.echo(f"password of {username!r} changed; sign in at /login")


def _find_event(session: Any, event: str) -> Event:
    """The event a code or an id names (a ServiceError when none does)."""
    if event.isdigit():
        found = session.get(Event, int(event))
        if found is not None:
            return found
    return event_by_code(session, event)


@cli.command()
@click.argument("event")
@click.argument("text")
def announce(event: str, text: str) -> None:
    """Post announcement TEXT to EVENT (its code or id) from beside the running servers.

    The announcement is stored, then pushed through HACKKIT_MESSAGE_QUEUE to every server
    process, which tell their screens. Without a queue, screens see it at their next sync.
    """
    app = _app(async_mode="threading")
    settings = app.config["HACKKIT"]
    try:
        body = PostAnnouncement(body_md=text)
    except ValueError as exc:
        raise click.ClickException(f"announcement not valid: {exc.errors()[0]['msg']}") from None
    with app.app_context():
        session = db.session()
        try:
            found = _find_event(session, event)
            post_announcement(session, found, body.body_md)
            session.commit()
        except ServiceError as exc:
            raise click.ClickException(exc.message) from None
    if settings.message_queue:
        click.echo(f"announced to {found.name} ({found.code}) through the message queue")
    else:
        click.echo(
            f"stored for {found.name} ({found.code}); no HACKKIT_MESSAGE_QUEUE is set, so "
            "connected screens will show it at their next sync",
            err=True,
        )


@event_group.command("status")
@click.argument("event")
@click.argument("state", required=False, type=click.Choice(STATES))
def event_status(event: str, state: str | None) -> None:
    """Show EVENT's state (its code or id), or move it to STATE.

    open: people join; joins_closed: nobody new joins; locked: read-only for participants;
    ended; archived. Screens are told through HACKKIT_MESSAGE_QUEUE, else at their next sync.
    """
    app = _app(async_mode="threading")
    with app.app_context():
        session = db.session()
        try:
            found = _find_event(session, event)
            if state is not None:
                set_status(session, found, state, actor="cli")
                session.commit()
        except ServiceError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"{found.name} ({found.code}): {LABELS[normalise(found.status)]}")
        if state is not None and not app.config["HACKKIT"].message_queue:
            click.echo(
                "no HACKKIT_MESSAGE_QUEUE is set, so connected screens will show it at their "
                "next sync",
                err=True,
            )


@cli.command()
@click.option("--url", required=True, help="The server, e.g. http://127.0.0.1:5000")
@click.option("--event", "code", required=True, help="The event's join code")
@click.option("--participants", default=20, show_default=True, type=click.IntRange(0, 50_000))
@click.option("--walls", default=0, show_default=True, type=click.IntRange(0, 1000))
@click.option(
    "--display-key", default=None, help="The key from the display link (needed for --walls)"
)
@click.option(
    "--script",
    type=click.Choice(["human", "stress"]),
    default="human",
    show_default=True,
    help="human: people pause between steps; stress: no pauses",
)
@click.option("--duration", default=120.0, show_default=True, help="Stop after this many seconds")
@click.option("--seed", default=1, show_default=True)
def simulate(
    url: str,
    code: str,
    participants: int,
    walls: int,
    display_key: str | None,
    script: str,
    duration: float,
    seed: int,
) -> None:
    """Rehearse an event: N simulated participants join, form teams, submit ideas and vote."""
    if walls and not display_key:
        raise click.BadParameter(
            "give --display-key (the key= part of the display link)", param_hint="--walls"
        )
    crowd = Crowd(
        url=url.rstrip("/"),
        code=code,
        participants=participants,
        walls=walls,
        display_key=display_key,
        pace=script,
        duration_s=duration,
        seed=seed,
    )
    stats = asyncio.run(crowd.run(progress=lambda line: click.echo(line, err=True)))
    for line in stats.summary():
        click.echo(line)


@cli.command(
    "playbook",
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": [],
    },
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def playbook_command(args: tuple[str, ...]) -> None:
    """Check playbooks or export a handbook: `hackkit playbook check|export [DIR...]`."""
    raise SystemExit(playbook_main(list(args) or ["--help"]))


cli.add_command(wall_group)  # the wall's commands live with the wall
cli.add_command(credentials_group)
cli.add_command(event_group)  # the archive's group, with the state command above
cli.add_command(backup_command)
cli.add_command(restore_command)


def main() -> None:  # pragma: no cover - kept for `python -m hackkit.cli`
    cli(prog_name="hackkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
