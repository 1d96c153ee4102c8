"""Which events are due for the deletion of their personal data (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hackkit.events.retention import (
    DEFAULT_RETENTION_DAYS,
    RetentionFacts,
    deletion_date,
    due_for_deletion,
    retention_days,
)

ENDED = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def facts(event_id=1, days=30, last=ENDED, erased=None) -> RetentionFacts:
    return RetentionFacts(event_id, days, last, erased)


def test_an_event_falls_due_its_retention_days_after_its_last_activity():
    assert deletion_date(facts(days=30)) == ENDED + timedelta(days=30)
    assert due_for_deletion([facts()], ENDED + timedelta(days=30) - timedelta(seconds=1)) == []
    assert due_for_deletion([facts()], ENDED + timedelta(days=30)) == [1]


def test_kept_by_hand_is_never_due():
    assert deletion_date(facts(days=None)) is None
    assert due_for_deletion([facts(days=None)], ENDED + timedelta(days=10_000)) == []


def test_already_deleted_is_not_due_again_until_someone_new_comes():
    later = ENDED + timedelta(days=40)
    assert due_for_deletion([facts(erased=ENDED + timedelta(days=30))], later) == []
    rejoined = facts(last=ENDED + timedelta(days=35), erased=ENDED + timedelta(days=30))
    assert due_for_deletion([rejoined], ENDED + timedelta(days=66)) == [1]


def test_zero_days_means_at_once_and_order_is_kept():
    events = [facts(3, days=0), facts(1, days=5), facts(2, days=0, last=ENDED + timedelta(1))]
    assert due_for_deletion(events, ENDED) == [3]
    assert due_for_deletion(events, ENDED + timedelta(days=5)) == [3, 1, 2]


def test_retention_days_defaults_and_ignores_nonsense():
    assert retention_days({}) == DEFAULT_RETENTION_DAYS
    assert retention_days(None) == DEFAULT_RETENTION_DAYS
    assert retention_days({"retention_days": None}) is None
    assert retention_days({"retention_days": 7}) == 7
    for nonsense in (-1, 10**6, "7", True, 1.5):
        assert retention_days({"retention_days": nonsense}) == DEFAULT_RETENTION_DAYS
