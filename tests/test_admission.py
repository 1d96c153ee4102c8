"""The admission gate: a reconnect storm's expensive reads run a few at a time."""

from __future__ import annotations

import threading
import time

from hackkit.admission import Gate


def test_gate_lets_only_its_size_through_at_once_and_everyone_eventually(app):
    gate = Gate(3)
    inside = peak = done = 0
    lock = threading.Lock()

    def storm_request() -> None:
        nonlocal inside, peak, done
        with gate.held():
            with lock:
                inside += 1
                peak = max(peak, inside)
            time.sleep(0.02)
            with lock:
                inside -= 1
                done += 1

    with app.app_context():
        threads = [threading.Thread(target=storm_request) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    assert done == 20
    assert peak == 3


def test_gate_place_is_given_back_when_the_block_fails(app):
    gate = Gate(1)
    with app.app_context():
        for _ in range(3):
            try:
                with gate.held():
                    raise ValueError("snapshot failed")
            except ValueError:
                pass
        with gate.held():  # would wait forever had a failure kept the only place
            pass
