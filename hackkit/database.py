"""The database: one engine and one scoped session per process, SQLAlchemy 2.x typed models.

We use SQLAlchemy directly rather than Flask-SQLAlchemy because the vote writer and the push
ticker run outside requests and need to own their sessions and commits explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model; constraint names are stable for migrations."""

    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    """Timezone-aware now in UTC (naive datetimes are a bug magnet across processes)."""
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes even for timezone columns; they are stored as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def upsert(session: Session, table: Any) -> Any:
    """An INSERT of the session's dialect that supports ON CONFLICT."""
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # NORMAL in WAL mode is still durable against application crashes (SIGKILL), which is the
    # failure a venue laptop sees; only an OS crash can lose the last transactions.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _make_engine(url: str, pool_size: int, overflow: int | None = None) -> Engine:
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs.update(
            pool_size=pool_size,
            max_overflow=pool_size if overflow is None else overflow,
            pool_pre_ping=True,
        )
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """Holds the engine and the scoped session for this process."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session: scoped_session[Session] = scoped_session(sessionmaker())
        self._dedicated: dict[str, Engine] = {}

    def configure(self, url: str, *, pool_size: int = 20) -> Engine:
        """Create the engine for ``url`` and bind the session factory to it."""
        engine = _make_engine(url, pool_size)
        if self.engine is not None:
            self.session.remove()
            self.engine.dispose()
        for other in self._dedicated.values():
            other.dispose()
        self._dedicated.clear()
        self.engine = engine
        self.session.configure(bind=engine, expire_on_commit=False)
        return engine

    def dedicated_engine(self, purpose: str) -> Engine:
        """One connection of its own for a background writer, outside the shared pool.

        Under a reconnect storm hundreds of requests wait for the shared pool; a vote writer
        queued behind them would hold up every acknowledgement. In-memory SQLite has a single
        connection, so it shares the main engine.
        """
        assert self.engine is not None, "configure() first"
        url = self.engine.url.render_as_string(hide_password=False)
        if url in ("sqlite://", "sqlite:///:memory:"):
            return self.engine
        if purpose not in self._dedicated:
            self._dedicated[purpose] = _make_engine(url, 1, overflow=0)
        return self._dedicated[purpose]

    def dispose(self) -> None:
        """Close every pooled connection of this process (the app is shutting down).

        Call it once the background tasks have stopped: a connection still checked out is
        not closed by ``Engine.dispose`` and would be left for the garbage collector.
        """
        self.session.remove()
        for engine in (self.engine, *self._dedicated.values()):
            if engine is not None:
                engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return self.engine is not None and self.engine.dialect.name == "sqlite"

    def remove(self, _exc: BaseException | None = None) -> None:
        """End this greenlet's session (Flask teardown)."""
        self.session.remove()

    @contextmanager
    def transaction(self, engine: Engine | None = None) -> Iterator[Session]:
        """A unit of work: commit on success, roll back on any error.

        With ``engine`` (a :meth:`dedicated_engine`) the work runs on a session of its own,
        made by the same factory, so the commit-then-tell hooks still apply.
        """
        own = engine is not None and engine is not self.engine
        session = self.session.session_factory(bind=engine) if own else self.session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            if own:
                session.close()

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only unit of work whose statements all see the database at one instant.

        A live view reads several tables (stored ballots, then turnout); votes committed
        between those reads must not make one push say "30 voted" beside a tally of 1.
        PostgreSQL's default READ COMMITTED takes a fresh snapshot per statement, so the view
        asks for REPEATABLE READ; pysqlite opens a transaction only before a write, so on
        SQLite the read transaction is begun by hand (WAL then keeps one snapshot until it ends).
        """
        with self.transaction() as session:
            if self.is_sqlite:
                connection = session.connection().connection.dbapi_connection
                shared = isinstance(self.engine.pool, StaticPool)  # in-memory: one connection
                if connection is not None and not connection.in_transaction and not shared:
                    connection.execute("BEGIN")
            else:
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session
