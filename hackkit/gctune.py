"""Garbage-collector settings for a serving process.

A server with a thousand live connections holds some 350,000 objects that the collector can
track, and CPython's full collections scan them all: 110-200 ms each on this project's machine,
measured, during which the event loop serves nobody. Under a vote storm there were several a
second; on the wall, one landing while an idea fanned out made that idea reach the screens
~200 ms late (the whole tail of the idea-to-every-screen figure). So a serving process:

* raises the first generation's threshold (20,000 instead of 700): the short-lived objects of
  one request or one message die young instead of being promoted, and collections are rarer;
* freezes (``gc.freeze``) what is alive after start-up and after each maintenance pass, so the
  automatic collections never rescan the long-lived heap (the app, everyone's connections);
* runs one full maintenance pass a minute: unfreeze, collect everything, freeze again. Objects
  that were frozen while alive and later became garbage in a reference cycle (a departed
  phone's connection) are only ever freed by such a pass: without it, memory grew ~0.5 MB per
  wave of 40 phones in the soak test, with it memory stays flat. One pause a minute, at a
  moment of the ticker's choosing, replaces several a second.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger("hackkit.gctune")

GEN0_THRESHOLD = 20_000
MAINTENANCE_S = 60.0
_storm_frozen = False


def tune_for_serving() -> None:
    """Raise the first generation's threshold and freeze the start-up heap (serving only)."""
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, GEN0_THRESHOLD), gen1, gen2)
    gc.collect()  # nothing that is already garbage gets frozen
    gc.freeze()


def maintenance_pass() -> float:
    """Collect everything, frozen objects included, then freeze what is still alive.

    Returns how long the pass took, in milliseconds.
    """
    began = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return (time.perf_counter() - began) * 1000


def run_maintenance(sleep: object, every_s: float = MAINTENANCE_S) -> None:
    """Loop forever: a maintenance pass every ``every_s`` seconds (a background task).

    ``sleep`` is the async server's sleep, so the loop yields like any other task.
    """
    while True:
        sleep(every_s)  # type: ignore[operator]
        took = maintenance_pass()
        if took > 100:
            log.info("collector maintenance pass took %.0f ms", took)


def freeze_once_for_storm() -> None:
    """At the start of the first storm (e.g. voting), freeze the connections made by then."""
    global _storm_frozen
    if not _storm_frozen:
        _storm_frozen = True
        gc.freeze()
