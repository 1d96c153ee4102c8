"""static/js/mentors/routing.js agrees with routing.py: the phones compute the team's place,
the wait estimate and whether a request is a mentor's to take. Runs under Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.mentors.routing import Ask, Helper, Timing, estimated_wait_ms, offered_to

NODE = shutil.which("node")
JS = Path(__file__).resolve().parents[2] / "hackkit" / "static" / "js" / "mentors" / "routing.js"

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


def run_js(tmp_path: Path, body: str):
    shutil.copy(JS, tmp_path / "routing.mjs")
    script = tmp_path / "case.mjs"
    script.write_text(
        f'import * as R from "./routing.mjs";\nprocess.stdout.write(JSON.stringify({body}));',
        encoding="utf-8",
    )
    done = subprocess.run([NODE, str(script)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_wait_estimates_agree(tmp_path: Path):
    cases = [(1, [600_000, 600_000], 2), (3, [600_000, 500_000, 700_000], 2), (5, [1, 2, 3, 4], 3)]
    cases += [(1, [], 2), (2, [60_000], 0)]
    body = (
        "[" + ",".join(f"R.estimatedWaitMs({p}, {json.dumps(s)}, {m})" for p, s, m in cases) + "]"
    )
    assert run_js(tmp_path, body) == [estimated_wait_ms(p, s, m) for p, s, m in cases]


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=4_000_000), st.booleans())
def test_offers_agree(tmp_path_factory, now, in_circle):
    timing = Timing(120_000, 3_600_000)
    ask = Ask(7, "Python", 1, 0, 0)
    helper = Helper(1, frozenset({"Python"}))
    circle = [1] if in_circle else [2]
    view = {
        "status": "open",
        "expires_ms": timing.expire_after_ms,
        "open_to_all_ms": timing.widen_after_ms,
        "preferred_mentor_id": None,
        "first_circle": circle,
    }
    js = run_js(tmp_path_factory.mktemp("js"), f"R.offeredTo({json.dumps(view)}, {{id: 1}}, {now})")
    assert js == offered_to(ask, helper, now, timing, circle)


def test_the_place_in_the_queue_skips_lapsed_requests(tmp_path: Path):
    summary = {"open": [[3, 2, 0, 100], [1, 1, 0, 5_000], [2, 1, 1, 5_000]]}
    q = json.dumps(summary)
    got = run_js(tmp_path, f"[R.queuePosition({q}, 2, 200), R.queuePosition({q}, 9, 0)]")
    assert got == [2, None]
