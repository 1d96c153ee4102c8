"""A serving process collects young objects rarely and never rescans its start-up heap."""

from __future__ import annotations

import gc

from hackkit.gctune import GEN0_THRESHOLD, tune_for_serving


def test_serving_tuning_raises_the_first_generation_and_freezes_the_heap():
    before = gc.get_threshold()
    try:
        tune_for_serving()
        assert gc.get_threshold()[0] == max(before[0], GEN0_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the app, its imports, the test run so far
        made_after = [[n] for n in range(1000)]
        assert gc.get_freeze_count() == frozen  # new objects are scanned as usual
        assert gc.is_tracked(made_after)
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
