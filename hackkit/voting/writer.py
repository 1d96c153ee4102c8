"""The vote writer: one per process, committing every vote queued meanwhile in one transaction.

Committing each vote on its own caps a process at a few hundred votes a second. Instead each
vote handler queues its checked vote and waits; the writer takes everything queued, writes it
in one transaction, commits, and only then releases the handlers with their outcomes. So a
vote is never acknowledged before the commit that holds it, and under load batches grow by
themselves (whatever arrives while one batch is written goes into the next).

Inside the transaction the writer first touches the ballots (``UPDATE ... WHERE status =
'open'``): that takes the write lock before anything is read and serialises with a concurrent
close, so a vote for a ballot closed a moment ago is refused even if the handler's cached view
of the ballot said "open". A client's vote id seen before is acknowledged again and not
applied twice; a changed ballot replaces the voter's row in the same statement (upsert).
If the batch fails on a constraint, each vote is retried alone so one bad vote fails alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from hackkit.database import upsert
from hackkit.errors import Conflict, ServiceError
from hackkit.extensions import db, socketio
from hackkit.gctune import freeze_once_for_storm
from hackkit.realtime import server_ms
from hackkit.voting.models import Ballot, BallotVoter, StoredBallot
from hackkit.voting.receipts import is_retry, receipt_owners, record_receipts
from hackkit.voting.rules import closed_error
from hackkit.voting.tallies import mark_changed

log = logging.getLogger("hackkit.voting.writer")

MAX_BATCH = 500
WAIT_S = 10.0


@dataclass(frozen=True)
class Outcome:
    """What happened to one queued vote."""

    duplicate: bool = False
    at_ms: int = 0
    error: ServiceError | None = None


@dataclass
class PendingVote:
    """A checked vote waiting for the writer."""

    event_id: int
    ballot_id: int
    voter_kind: str
    voter_id: int
    pseudonym: str
    slot: str
    content: dict[str, Any]
    weight: float
    vote_id: str
    done: Any = None  # an Event of the server's async mode
    outcome: Outcome | None = field(default=None)


@dataclass(frozen=True)
class _Stop:
    """Queued by :meth:`VoteWriter.stop`: the writer ends once everything before it is written."""

    done: Any  # an Event of the server's async mode, set when the writer has ended


class VoteWriter:
    """The process's writer task and its queue (created on first use, in the app's async mode)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.queue: Any = None
        self.batches = 0
        self.votes = 0

    def submit(self, vote: PendingVote, timeout: float = WAIT_S) -> Outcome:
        """Queue a vote and wait for its outcome; raise the refusal if it was refused."""
        queue = self.queue
        if queue is None:
            queue = self.queue = socketio.server.eio.create_queue()
            socketio.start_background_task(self._run, queue)
            if socketio.server.eio.async_mode in ("gevent", "eventlet"):
                freeze_once_for_storm()  # the connections made by now live on (gctune.py)
        vote.done = socketio.server.eio.create_event()
        queue.put(vote)
        if not vote.done.wait(timeout):
            # The vote may still be stored later: a retry with the same vote id is harmless.
            raise ServiceError(
                "vote_timeout",
                "Your vote could not be confirmed in time; please send it again.",
                status=503,
            )
        assert vote.outcome is not None
        if vote.outcome.error is not None:
            raise vote.outcome.error
        return vote.outcome

    def stop(self, timeout: float = WAIT_S) -> None:
        """Write what is queued, then end the writer task (the app is shutting down).

        The stop mark queues behind every vote already waiting, so those are committed and
        acknowledged first; a vote submitted later starts a new writer.
        """
        queue, self.queue = self.queue, None
        if queue is None:
            return
        mark = _Stop(socketio.server.eio.create_event())
        queue.put(mark)
        mark.done.wait(timeout)

    def _run(self, queue: Any) -> None:
        with self.app.app_context():
            while True:
                first = queue.get()
                if isinstance(first, _Stop):
                    first.done.set()
                    return
                batch = [first]
                socketio.sleep(0)  # let handlers that are ready to queue do so first
                stopping: _Stop | None = None
                while not queue.empty() and len(batch) < MAX_BATCH:
                    item = queue.get_nowait()
                    if isinstance(item, _Stop):
                        stopping = item
                        break
                    batch.append(item)
                try:
                    self.write(batch)
                except Exception:  # never let the writer die: every later vote would hang
                    log.exception("vote writer failed on a batch of %d", len(batch))
                    release(batch, [Outcome(error=not_saved())] * len(batch))
                if stopping is not None:
                    stopping.done.set()
                    return

    def write(self, batch: list[PendingVote]) -> None:
        """Store a batch in one transaction; on a constraint failure, each vote alone."""
        try:
            with db.transaction(db.dedicated_engine("votes")) as session:
                outcomes = store(session, batch, server_ms())
        except IntegrityError as exc:
            db.remove()
            if len(batch) > 1:
                for vote in batch:
                    self.write([vote])
                return
            log.warning("vote %s refused by the database: %s", batch[0].vote_id, exc)
            release(batch, [Outcome(error=not_saved())])
            return
        except DBAPIError:  # e.g. the database is locked or gone: nothing was stored
            log.exception("vote batch of %d not stored", len(batch))
            release(batch, [Outcome(error=not_saved())] * len(batch))
            return
        finally:
            db.remove()
        # Stamp the commit time: a tally computed at or after it includes these votes.
        committed = server_ms()
        self.batches += 1
        self.votes += len(batch)
        release(batch, [o if o.error else replace(o, at_ms=committed) for o in outcomes])


def not_saved() -> ServiceError:
    """The refusal for a vote the database did not take; sending it again is safe."""
    return ServiceError(
        "vote_not_saved", "Your vote could not be saved just now; please send it again.", status=503
    )


def release(batch: list[PendingVote], outcomes: list[Outcome]) -> None:
    """Hand each waiting handler its outcome."""
    for vote, outcome in zip(batch, outcomes, strict=True):
        vote.outcome = outcome
        vote.done.set()


def store(session: Session, batch: list[PendingVote], now_ms: int) -> list[Outcome]:
    """Write a batch; returns each vote's outcome (applied once the transaction commits)."""
    ballot_ids = sorted({vote.ballot_id for vote in batch})
    ballots = Ballot.__table__
    touched = session.execute(
        update(ballots)
        .where(ballots.c.id.in_(ballot_ids), ballots.c.status == "open")
        .values(last_vote_ms=now_ms)
        .returning(ballots.c.id)
    )
    open_ids = set(touched.scalars())
    outcomes: list[Outcome | None] = [None] * len(batch)
    first_of: dict[str, int] = {}
    fresh: list[int] = []
    for index, vote in enumerate(batch):
        if vote.ballot_id not in open_ids:
            status = session.execute(
                select(ballots.c.status).where(ballots.c.id == vote.ballot_id)
            ).scalar()
            outcomes[index] = Outcome(error=closed_error(status or "closed"))
        elif vote.vote_id in first_of:
            outcomes[index] = Outcome(duplicate=True, at_ms=now_ms)  # same id twice in a batch
        else:
            first_of[vote.vote_id] = index
            fresh.append(index)
    if fresh:
        known = receipt_owners(session, [batch[i].vote_id for i in fresh])
        new: list[int] = []
        for index in fresh:
            vote = batch[index]
            try:
                retry = is_retry(known.get(vote.vote_id), vote.ballot_id, vote.pseudonym)
            except Conflict as exc:
                outcomes[index] = Outcome(error=exc)
                continue
            if retry:
                outcomes[index] = Outcome(duplicate=True, at_ms=now_ms)
            else:
                new.append(index)
        if new:
            _insert(session, [batch[i] for i in new], now_ms)
            for index in new:
                outcomes[index] = Outcome(at_ms=now_ms)
    for event_id, ballot_id in {
        (v.event_id, v.ballot_id) for v in batch if v.ballot_id in open_ids
    }:
        mark_changed(session, event_id, ballot_id)
    return [outcome or Outcome(error=not_saved()) for outcome in outcomes]


def _insert(session: Session, votes: list[PendingVote], now_ms: int) -> None:
    roll = upsert(session, BallotVoter.__table__)
    voters = {(v.ballot_id, v.voter_kind, v.voter_id) for v in votes}
    session.execute(
        roll.on_conflict_do_nothing(),
        [{"ballot_id": b, "voter_kind": k, "voter_id": i} for b, k, i in sorted(voters)],
    )
    record_receipts(session, [(v.vote_id, v.ballot_id, v.pseudonym) for v in votes])
    # A voter who changed their mind twice within one batch: the last ballot wins. (PostgreSQL
    # refuses one statement that updates the same row twice, so collapse them here.)
    latest: dict[tuple[int, str, str], PendingVote] = {}
    for vote in votes:
        latest[(vote.ballot_id, vote.pseudonym, vote.slot)] = vote
    table = StoredBallot.__table__
    stmt = upsert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.ballot_id, table.c.pseudonym, table.c.slot],
        set_={
            "content": stmt.excluded.content,
            "weight": stmt.excluded.weight,
            "vote_id": stmt.excluded.vote_id,
            "cast_at_ms": stmt.excluded.cast_at_ms,
        },
    )
    session.execute(
        stmt,
        [
            {
                "ballot_id": v.ballot_id,
                "pseudonym": v.pseudonym,
                "slot": v.slot,
                "content": v.content,
                "weight": v.weight,
                "vote_id": v.vote_id,
                "cast_at_ms": now_ms,
            }
            for v in latest.values()
        ],
    )


def vote_writer(app: Flask | None = None) -> VoteWriter:
    """This app's vote writer."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    writer = app.extensions.get("hackkit.vote_writer")
    if writer is None:
        writer = app.extensions["hackkit.vote_writer"] = VoteWriter(app)
    return writer
