"""``hackkit credentials issue|verify|rotate-key``: the command line, offline."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from hackkit.cli import cli
from hackkit.credentials import baking
from hackkit.credentials.artwork import badge_png
from tests.credentials.conftest import mine


def _env(app) -> dict[str, str]:
    settings = app.config["HACKKIT"]
    return {
        "HACKKIT_DATABASE_URL": settings.resolved_database_url(),
        "HACKKIT_INSTANCE_PATH": str(settings.instance_path),
        "HACKKIT_PUBLIC_URL": "",
    }


@pytest.fixture
def no_network(monkeypatch):
    """Any connection beyond this machine fails the test: verifying must fetch nothing."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("::1", "localhost") or host.startswith("/")
        ):
            raise AssertionError(f"tried to reach {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def test_issue_then_verify_offline(app, api, world, tmp_path, no_network):
    runner = CliRunner()
    issued = runner.invoke(cli, ["credentials", "issue", world.event["code"]], env=_env(app))
    assert issued.exit_code == 0, issued.output
    assert "issued 6 credentials" in issued.output
    document = mine(api, world, "Ada")[0]["document"]
    saved = tmp_path / "ada.json"
    saved.write_text(json.dumps(document))
    result = runner.invoke(cli, ["credentials", "verify", str(saved)], env=_env(app))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("VERIFIED")
    assert "Ada" in result.output

    # A baked badge verifies the same way.
    png = tmp_path / "ada.png"
    png.write_bytes(baking.bake_png(badge_png("participated", "x"), json.dumps(document)))
    assert runner.invoke(cli, ["credentials", "verify", str(png)], env=_env(app)).exit_code == 0

    document["credentialSubject"]["achievement"]["name"] = "Winner of everything"
    saved.write_text(json.dumps(document))
    tampered = runner.invoke(cli, ["credentials", "verify", "--json", str(saved)], env=_env(app))
    assert tampered.exit_code == 1
    verdict = json.loads(tampered.output)
    assert verdict["valid"] is False
    assert {c["name"]: c["ok"] for c in verdict["checks"]}["signature"] is False


def test_rotating_the_key_keeps_old_credentials_verifying(app, api, world, tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["credentials", "issue", world.event["code"]], env=_env(app))
    saved = tmp_path / "cy.json"
    saved.write_text(json.dumps(mine(api, world, "Cy")[0]["document"]))
    rotated = runner.invoke(cli, ["credentials", "rotate-key"], env=_env(app))
    assert rotated.exit_code == 0, rotated.output
    assert "earlier key(s) kept for verifying" in rotated.output
    # The running app sees the new key at once (the key file changed), and signs with it.
    from hackkit.credentials.service import app_keyring

    ring = app_keyring()
    assert json.loads(saved.read_text())["proof"]["verificationMethod"] != ring.method_id(
        ring.signing_key
    )
    assert runner.invoke(cli, ["credentials", "verify", str(saved)], env=_env(app)).exit_code == 0


def test_verify_refuses_a_file_without_a_credential(app, tmp_path):
    junk = tmp_path / "junk.png"
    junk.write_bytes(badge_png("juror", "x"))
    result = CliRunner().invoke(cli, ["credentials", "verify", str(junk)], env=_env(app))
    assert result.exit_code != 0
    assert "No credential found" in result.output


def test_an_unknown_event_is_a_clear_error(app):
    result = CliRunner().invoke(cli, ["credentials", "issue", "NOPE99"], env=_env(app))
    assert result.exit_code != 0
    assert "Error" in result.output
