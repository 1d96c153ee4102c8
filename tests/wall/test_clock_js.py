"""The browser twins (core/clock.js, wall/geometry.js) agree with the Python on the same input.

Runs the ES modules under Node; skipped where Node is not installed.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hackkit.wall.clock import Sample, estimate
from hackkit.wall.layout import WallGeometry
from hackkit.wall.paging import next_flip_at, page_at

NODE = shutil.which("node")
JS_DIR = Path(__file__).resolve().parents[2] / "hackkit" / "static" / "js"

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed; JS twins untested")

PRELUDE = """
import { readFileSync } from "node:fs";
import * as clock from "./clock.mjs";
import * as wall from "./wall-geometry.mjs";
const input = JSON.parse(readFileSync(0, "utf8"));
const output = await (async () => {
"""
POSTLUDE = """
})();
process.stdout.write(JSON.stringify(output));
"""


def run_js(tmp_path: Path, body: str, payload: Any) -> Any:
    """Run body (an async function body that sees `input`, `clock`, `wall`) and return its value."""
    # Copy to .mjs so Node loads them as ES modules whatever the package.json says.
    shutil.copy(JS_DIR / "core" / "clock.js", tmp_path / "clock.mjs")
    shutil.copy(JS_DIR / "wall" / "geometry.js", tmp_path / "wall-geometry.mjs")
    script = tmp_path / "check.mjs"
    script.write_text(PRELUDE + body + POSTLUDE, encoding="utf-8")
    done = subprocess.run(
        [NODE, str(script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def random_pings(rng: random.Random) -> list[dict[str, float]]:
    """Pings with a hidden offset; some on a whole-ms timer so round trips tie, as in browsers."""
    true_offset = rng.uniform(-1e6, 1e6)
    coarse = rng.random() < 0.5
    pings = []
    t0 = rng.uniform(1e12, 2e12)
    for _ in range(rng.randint(1, 10)):
        up, down = rng.expovariate(1 / 3), rng.expovariate(1 / 10)
        if rng.random() < 0.2:
            down += rng.uniform(100, 1500)
        t1 = t0 + up + true_offset
        t2 = t1 + rng.uniform(0, 2)
        t3 = t2 - true_offset + down
        if coarse:
            t0, t1, t2, t3 = (float(round(t)) for t in (t0, t1, t2, t3))
        pings.append({"t0": t0, "t1": t1, "t2": t2, "t3": t3})
        t0 = t3 + rng.uniform(1, 30)
    return pings


def test_browser_and_server_estimate_the_same_offset_from_the_same_pings(tmp_path: Path) -> None:
    rng = random.Random(7)
    cases = [(random_pings(rng), keep) for keep in (1, 3, 4) for _ in range(40)]
    js = run_js(
        tmp_path,
        "return input.map(([pings, keep]) => clock.estimate(pings, keep));",
        cases,
    )
    for (pings, keep), got in zip(cases, js, strict=True):
        want = estimate([Sample(**p) for p in pings], keep=keep)
        assert got == {"offsetMs": want.offset_ms, "rttMs": want.rtt_ms, "samples": want.samples}


def test_browser_and_server_agree_on_the_page_and_the_next_flip(tmp_path: Path) -> None:
    rng = random.Random(11)
    cases = []
    for _ in range(300):
        epoch = rng.choice([0, rng.randrange(2 * 10**12)])
        dwell = rng.choice([5000, 8000, 15000, rng.uniform(1000, 60000)])
        t = epoch + rng.choice([rng.uniform(-1e8, 1e8), rng.randrange(-50, 50) * dwell])
        cases.append((t, epoch, dwell, rng.choice([0, 1, 2, 7, 40])))
    js = run_js(
        tmp_path,
        "return input.map(([t, e, d, n]) =>"
        " [clock.pageAt(t, e, d, n), clock.nextFlipAt(t, e, d)]);",
        cases,
    )
    want = [[page_at(t, e, d, p), next_flip_at(t, e, d)] for t, e, d, p in cases]
    assert js == want


def test_each_screen_finds_its_viewport_in_the_stored_geometry(tmp_path: Path) -> None:
    geometry = WallGeometry.grid(4, 20, 720, 540, 6, 4)
    free = WallGeometry.free([("stage", 0, 0, 3840, 2160), ("side", 4000, 200, 1080, 1920)])
    grid_form = {"grid": {"rows": 2, "cols": 3, "screen_w": 1920, "screen_h": 1080, "bezel_x": 40}}
    wanted = [
        (geometry.to_dict(), "r3c19"),
        (geometry.to_dict(), "r0c0"),
        (free.to_dict(), "side"),
        (grid_form, "r1c2"),
        (free.to_dict(), "nowhere"),
    ]
    js = run_js(
        tmp_path,
        "return input.map(([g, key]) => [wall.viewportOf(g, key), wall.canvasOf(g)]);",
        wanted,
    )
    for (described, key), (viewport, canvas) in zip(wanted, js, strict=True):
        wall_geometry = WallGeometry.from_dict(described)
        expected = None
        if key in {s.key for s in wall_geometry.screens}:
            rect = wall_geometry.viewport(key)
            expected = {"x": rect.x, "y": rect.y, "w": rect.w, "h": rect.h}
        assert viewport == expected
        c = wall_geometry.canvas
        assert canvas == {"x": c.x, "y": c.y, "w": c.w, "h": c.h}


def test_screen_shows_only_its_viewport_after_apply(tmp_path: Path) -> None:
    js = run_js(
        tmp_path,
        """
        const plain = { style: {} };
        wall.applyViewport(plain, { x: 1960, y: 0, w: 1920, h: 1080 });
        const scaled = { style: {} };
        const viewport = { x: 720, y: 540, w: 720, h: 540 };
        const scale = wall.fitScale(viewport, 1440, 1080);
        wall.applyViewport(scaled, viewport, { scale, canvas: { x: 0, y: 0, w: 14400, h: 2160 } });
        return [plain.style, scaled.style];
        """,
        None,
    )
    plain, scaled = js
    assert plain == {"transformOrigin": "0 0", "transform": "translate(-1960px, 0px)"}
    assert scaled == {
        "width": "14400px",
        "height": "2160px",
        "transformOrigin": "0 0",
        "transform": "scale(2) translate(-720px, -540px)",
    }


def test_server_clock_adopts_the_estimate_of_its_pings_and_skips_lost_ones(tmp_path: Path) -> None:
    # A fake device clock and server: the server runs 2,500 ms ahead, replies take varied
    # times, and the third ping is lost. Two overlapping sync() calls must share one round.
    script = """
    const trueOffset = 2500;
    const legs = [[4, 9], [2, 3], [0, 0], [30, 200], [1, 2], [6, 6], [3, 40], [2, 2]];
    let local = 1000;
    let pingIndex = 0;
    const sent = [];
    const pingFn = async (t0) => {
      const [up, down] = legs[pingIndex];
      pingIndex += 1;
      if (pingIndex === 3) throw new Error("lost");
      const t1 = t0 + up + trueOffset;
      const t2 = t1 + 1;
      local = t2 - trueOffset + down;
      sent.push({ t0, t1, t2, t3: local });
      return { t1, t2 };
    };
    const synced = [];
    const c = new clock.ServerClock(pingFn, {
      samples: 8,
      localNow: () => local,
      onSync: (result) => synced.push(result),
    });
    const [a, b] = await Promise.all([c.sync(), c.sync()]);
    local += 10;
    return { a, same: a === b, pings: pingIndex, sent, offset: c.offsetMs, rtt: c.rttMs,
             synced: synced.length, now: c.now(), local };
    """
    got = run_js(tmp_path, script, None)
    assert got["pings"] == 8, "a second sync() during a round must not start another"
    assert got["same"] is True
    assert got["synced"] == 1
    want = estimate([Sample(**p) for p in got["sent"]])
    assert len(got["sent"]) == 7
    assert got["a"] == {"offsetMs": want.offset_ms, "rttMs": want.rtt_ms, "samples": 7}
    assert got["offset"] == want.offset_ms
    assert got["now"] == got["local"] + want.offset_ms
    assert abs(got["offset"] - 2500) <= 1
