"""Soak: simulated events in waves of arrivals and departures; memory stays flat.

HACKKIT_SOAK_SECONDS sets the length (the issue asks for 30 minutes; CI runs a shorter one).
Each wave is a crowd that joins, forms teams, submits ideas, posts progress, votes in what is
open, then leaves. After every wave the server's memory is sampled; after warm-up it must stay
within 10 %, nothing may have failed, and no connection or room may be left behind.

Every ``WAVES_PER_EVENT`` waves the crowd moves on to a fresh event, so one event ends at 240
people and 60 teams, the size of a real one. A single event growing for 30 minutes reached the
500-team cap after ~50 waves, and the server's memory then tracked that one event's size (its
snapshots are built from all of it) rather than anything the server failed to free.
"""

from __future__ import annotations

import os
import time

import pytest
import requests

from benchmarks._harness import rss_kb
from hackkit.simulate.crowd import Crowd
from tests.helpers import run_async
from tests.server import ServerProcess

SOAK_SECONDS = float(os.environ.get("HACKKIT_SOAK_SECONDS", "75"))
# Waves run to the end once started (a minute each), so allow a few beyond the deadline.
pytestmark = [pytest.mark.server, pytest.mark.slow, pytest.mark.timeout(SOAK_SECONDS + 600)]
WAVES_PER_EVENT = 6  # of 40 people each


def new_event(api, fac: str, name: str) -> dict:
    event = api.event(fac, name)
    for title in ("Energy", "Health", "Mobility"):
        body = {"title": title, "published": True}
        api.ok("POST", f"/api/events/{event['id']}/challenges", fac, body)
    return event


def test_memory_stays_flat_and_nothing_is_left_behind(
    app, api, database_url, instance_path, tmp_path
):
    server = ServerProcess(
        instance_path, database_url, extra_env={"HACKKIT_JOIN_RATE": "1000000"}
    ).start()
    try:
        fac = api.facilitator()
        samples: list[int] = []
        errors: dict[str, int] = {}
        waves = 0
        deadline = time.monotonic() + SOAK_SECONDS
        while time.monotonic() < deadline or waves < 4:
            if waves % WAVES_PER_EVENT == 0:
                event = new_event(api, fac, f"Soak {waves // WAVES_PER_EVENT + 1}")
            crowd = Crowd(
                url=server.url,
                code=event["code"],
                participants=40,
                walls=4,
                display_key=api.display_token(event["id"]),
                pace="stress",
                duration_s=60,
                seed=waves,
            )
            stats = run_async(crowd.run())
            for key, value in stats.errors.items():
                errors[key] = errors.get(key, 0) + value
            waves += 1
            time.sleep(0.5)
            samples.append(rss_kb(server.proc.pid))
        health = requests.get(server.url + "/healthz", timeout=10).json()
    finally:
        server.stop()
    assert errors == {}
    assert health["connections"] == 0, "connections left behind"
    assert health["rooms"] == 0, "rooms left behind"
    # The first half fills caches and the connection pool (on PostgreSQL up to pool_size plus
    # overflow, each connection a few MB); a leak grows without bound, so judge the second half.
    warm = samples[len(samples) // 2 :]
    growth = (max(warm) - warm[0]) / warm[0]
    rss_mb = [s // 1024 for s in samples]
    print(f"soak: {waves} waves, rss {rss_mb} MB, growth after warm-up {growth:.1%}")
    assert growth < 0.10, f"memory grew {growth:.1%} after warm-up: {rss_mb} MB"
