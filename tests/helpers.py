"""Helpers for tests: create people and events, call actions over HTTP, read replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask

from hackkit.accounts.service import create_facilitator
from hackkit.auth import token_for_display, token_for_facilitator
from hackkit.events import lifecycle
from hackkit.events.models import Event
from hackkit.extensions import db

PASSWORD = "correct horse battery"


@dataclass
class Api:
    app: Flask

    def facilitator(self, username: str = "fran") -> str:
        """Create a facilitator; return their bearer token."""
        account = create_facilitator(db.session(), username, PASSWORD)
        db.session.commit()
        return token_for_facilitator(account)

    def event(self, token: str, name: str = "Hack Day") -> dict[str, Any]:
        """Create an event through the API as the facilitator with ``token``."""
        return self.ok("POST", "/api/events", token, {"name": name})

    def display_token(self, event_id: int) -> str:
        return token_for_display(db.session.get(Event, event_id))

    def join(self, code: str, name: str) -> dict[str, Any]:
        """Join as a participant; returns the reply data (with ``token``)."""
        return self.ok("POST", "/api/join", None, {"code": code, "name": name})

    def call(self, method: str, path: str, token: str | None = None, body: Any = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = self.app.test_client()
        return client.open(path, method=method, json=body, headers=headers)

    def ok(self, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
        response = self.call(method, path, token, body)
        assert response.status_code == 200, response.get_json()
        payload = response.get_json()
        assert payload["ok"] is True
        return payload["data"]

    def error(
        self, method: str, path: str, token: str | None, body: Any, status: int
    ) -> dict[str, Any]:
        response = self.call(method, path, token, body)
        assert response.status_code == status, response.get_json()
        payload = response.get_json()
        assert payload["ok"] is False
        return payload["error"]


def make_event(name: str = "Hack Day", owner: str = "fran") -> tuple[Event, str]:
    """An event and its owner's token, made directly through the services."""
    account = create_facilitator(db.session(), owner, PASSWORD)
    event = lifecycle.create_event(db.session(), account.id, name)
    db.session.commit()
    return event, token_for_facilitator(account)


@dataclass
class RemoteApi(Api):
    """The same helper, but calls go to a real server process over HTTP (so its sockets hear)."""

    base_url: str = ""

    def call(self, method: str, path: str, token: str | None = None, body: Any = None):
        import requests

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = requests.request(
            method, self.base_url + path, json=body, headers=headers, timeout=15
        )
        response.get_json = response.json  # the same reading interface as Flask's test response
        response.status_code = response.status_code
        return response


def run_async(coroutine: Any) -> Any:
    """``asyncio.run`` in a thread of its own.

    The browser tests' Playwright keeps an event loop running in the main thread for the whole
    session, and ``asyncio.run`` refuses to start inside a running loop.
    """
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
