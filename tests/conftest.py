"""Fixtures shared by the whole suite.

The database is SQLite by default; set ``HACKKIT_TEST_DATABASE_URL`` (e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/test``) to run everything against PostgreSQL.
The schema is migrated once per run; each test starts from empty tables.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError

from hackkit import close_app, create_app
from hackkit.database import Base
from hackkit.migrate import upgrade
from hackkit.models import import_all_models
from tests.helpers import Api, RemoteApi
from tests.server import ServerProcess

import_all_models()


def _database_url(tmp_root: Path) -> str:
    return (
        os.environ.get("HACKKIT_TEST_DATABASE_URL") or f"sqlite:///{tmp_root / 'hackkit-test.db'}"
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrated once per test run; a PostgreSQL database is emptied first."""
    url = _database_url(tmp_path_factory.mktemp("db"))
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in reversed(inspect(conn).get_table_names()):
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    upgrade(engine)
    engine.dispose()
    return url


def empty_all_tables(url: str) -> None:
    """Delete every row (fast on both databases; the schema stays)."""
    engine = create_engine(url)
    existing = set(inspect(engine).get_table_names())
    tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name in existing]
    for attempt in range(5):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    names = ", ".join(f'"{t}"' for t in tables)
                    conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                else:
                    for table in tables:
                        conn.execute(text(f'DELETE FROM "{table}"'))
            break
        except OperationalError:
            # A shared server process may be mid-transaction on these tables (its tickers read
            # them); TRUNCATE's table locks can then deadlock with it. PostgreSQL aborts one
            # side; try again.
            if attempt == 4:
                raise
            time.sleep(0.2)
    engine.dispose()


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One instance folder (secret key, uploads) for the run, shared with the server process,
    so tokens the test app signs are valid there too."""
    return tmp_path_factory.mktemp("instance")


@pytest.fixture
def app(database_url: str, instance_path: Path) -> Iterator[Flask]:
    """An app on empty tables, in threading mode (for the Flask-SocketIO test client)."""
    empty_all_tables(database_url)
    app = create_app(
        {
            "testing": True,
            "async_mode": "threading",
            "database_url": database_url,
            "instance_path": instance_path,
            "join_rate_per_minute": 100_000,
        }
    )
    with app.app_context():
        yield app
    close_app(app)


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def api(app: Flask) -> Api:
    """A small helper for acting through the HTTP API as the various roles."""
    return Api(app)


@pytest.fixture(scope="session")
def shared_server(database_url: str, instance_path: Path) -> Iterator[ServerProcess]:
    """One real server process for the run (gevent, or HACKKIT_TEST_ASYNC_MODE)."""
    mode = os.environ.get("HACKKIT_TEST_ASYNC_MODE", "gevent")
    proc = ServerProcess(instance_path, database_url, async_mode=mode).start()
    yield proc
    proc.stop()


@pytest.fixture
def server(app: Flask, shared_server: ServerProcess) -> ServerProcess:
    """The real server, on this test's empty tables. Tests that kill or restart a server
    start their own ``ServerProcess`` instead."""
    if shared_server.proc is None or shared_server.proc.poll() is not None:
        shared_server.start()
    return shared_server


@pytest.fixture
def remote(app: Flask, server: ServerProcess) -> RemoteApi:
    """Act through the real server's HTTP API, so its Socket.IO clients are told."""
    return RemoteApi(app, base_url=server.url)
