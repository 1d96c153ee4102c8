"""The links the command line prints reach the server actually running: the demo's are on the
LAN address (never loopback when a LAN address exists), ``facilitator link`` follows the
running server's record, and the demo says how to get back in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from hackkit import network, server_record
from hackkit.accounts.service import authenticate
from hackkit.cli import cli
from hackkit.demo import DEMO_EVENT
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.pages import public_base
from hackkit.teams.settings import team_settings
from tests.test_network import DOCKER, LOOPBACK, WIFI


def _env(app, instance: Path | None = None) -> dict[str, str]:
    settings = app.config["HACKKIT"]
    return {
        "HACKKIT_DATABASE_URL": settings.resolved_database_url(),
        "HACKKIT_INSTANCE_PATH": str(instance or settings.instance_path),
        "HACKKIT_PUBLIC_URL": "",
    }


@pytest.fixture
def interfaces(monkeypatch):
    """Fake interface lists: the tests never read (let alone reach) the machine's network."""
    found: list[network.InterfaceAddress] = []
    monkeypatch.setattr(network, "list_interface_addresses", lambda: list(found))
    return found


def test_demo_prints_lan_links_and_how_to_get_back_in(app, interfaces):
    interfaces.extend([LOOPBACK, DOCKER, WIFI])
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--port", "5123"], env=_env(app))
    assert result.exit_code == 0, result.output
    assert "http://192.168.1.23:5123/j/" in result.output
    assert "http://192.168.1.23:5123/login/once/" in result.output
    assert "127.0.0.1" not in result.output
    assert "WARNING" not in result.output
    assert "hackkit facilitator link demo" in result.output
    password = result.output.split("with password ")[1].split()[0]
    assert authenticate(db.session(), "demo", password).username == "demo"
    # The skill list participants pick from is seeded too.
    event = db.session.query(Event).filter_by(name=DEMO_EVENT).one()
    assert "Design" in team_settings(event).skills


def test_a_second_demo_run_says_how_to_set_the_password(app, interfaces):
    interfaces.extend([LOOPBACK, WIFI])
    runner = CliRunner()
    runner.invoke(cli, ["demo", "--no-serve"], env=_env(app))
    again = runner.invoke(cli, ["demo", "--no-serve"], env=_env(app))
    assert again.exit_code == 0, again.output
    assert "with password" not in again.output
    assert "hackkit facilitator password demo" in again.output


def test_demo_warns_when_only_loopback_is_available(app, interfaces):
    interfaces.extend([LOOPBACK, DOCKER])
    result = CliRunner().invoke(cli, ["demo", "--no-serve"], env=_env(app))
    assert result.exit_code == 0, result.output
    assert "WARNING: phones cannot reach 127.0.0.1" in result.stderr
    assert "venue Wi-Fi or set HACKKIT_PUBLIC_URL" in result.stderr


def test_facilitator_link_follows_the_running_server(app, tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["facilitator", "add", "fran", "--password", "long enough"], env=_env(app))
    record = server_record.ServerRecord(
        "http://192.168.1.23:5123", "http://127.0.0.1:5123", os.getpid()
    )
    server_record.write_record(tmp_path, record)
    result = runner.invoke(cli, ["facilitator", "link", "fran"], env=_env(app, tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("http://192.168.1.23:5123/login/once/")
    server_record.remove_record(tmp_path, os.getpid())
    assert server_record.read_record(tmp_path) is None


def test_facilitator_link_says_which_url_it_assumed(app, tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["facilitator", "add", "fran", "--password", "long enough"], env=_env(app))
    result = runner.invoke(cli, ["facilitator", "link", "fran"], env=_env(app, tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("http://127.0.0.1:5000/login/once/")
    assert "No running hackkit server is recorded" in result.stderr
    assert "assuming http://127.0.0.1:5000" in result.stderr


def test_a_record_left_by_a_dead_server_is_ignored(tmp_path):
    record = server_record.ServerRecord("http://10.0.0.2:5000", "http://127.0.0.1:5000", 2**22 + 7)
    server_record.write_record(tmp_path, record)
    assert server_record.read_record(tmp_path) is None
    assert server_record.read_record(tmp_path, check_alive=False) == record


def test_facilitator_password_sets_a_password_that_signs_in(app):
    runner = CliRunner()
    runner.invoke(cli, ["facilitator", "add", "fran", "--password", "long enough"], env=_env(app))
    result = runner.invoke(
        cli, ["facilitator", "password", "fran", "--password", "a new password"], env=_env(app)
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert authenticate(db.session(), "fran", "a new password").username == "fran"
    short = runner.invoke(cli, ["facilitator", "password", "fran", "--password", "short"])
    assert short.exit_code != 0


def test_pages_opened_on_the_laptop_show_phones_the_chosen_lan_address(app):
    app.extensions["hackkit.public_base"] = "http://192.168.1.23:5000"
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert public_base() == "http://192.168.1.23:5000"
    with app.test_request_context("/", base_url="http://hack.example.org"):
        assert public_base() == "http://hack.example.org"


@pytest.mark.server
def test_a_running_server_records_its_url_and_removes_it_at_stop(database_url, tmp_path):
    from tests.server import ServerProcess

    server = ServerProcess(tmp_path, database_url).start()
    try:
        record = server_record.read_record(tmp_path)
        assert record is not None and record.pid == server.proc.pid
        # Bound to 127.0.0.1 (as tests are): the record names that port, phones were warned.
        assert record.url == record.local_url == f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()
    assert server_record.read_record(tmp_path, check_alive=False) is None
    log = (tmp_path.parent / f"server-{server.port}.log").read_text()
    assert "WARNING: phones cannot reach 127.0.0.1" in log
