"""static/js/wall/layout.js places cards exactly where layout.py does, so every screen agrees.

Runs the ES module under Node on a few hundred random walls in one go; skipped without Node.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hackkit.wall.layout import (
    LayoutError,
    WallGeometry,
    banner,
    longest_title_fits,
    min_glyph_px,
    paginate,
    plan_cards,
)

NODE = shutil.which("node")
JS = Path(__file__).resolve().parents[2] / "hackkit" / "static" / "js" / "wall" / "layout.js"

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed; JS twin untested")

SCRIPT = """
import { readFileSync } from "node:fs";
import * as layout from "./wall-layout.mjs";
const cases = JSON.parse(readFileSync(0, "utf8"));
const out = cases.map((c) => {
  const fits = layout.longestTitleFits(c.geometry, c.glyph, c.reserve_top);
  try {
    const plan = layout.planCards(c.geometry, c.n, {
      minGlyphPx: c.glyph, cardAspect: c.aspect, reserveTop: c.reserve_top, gap: c.gap,
    });
    const pages = layout.paginate(c.ids, plan);
    return {
      plan: {
        ...plan,
        slots: plan.slots.map((s) => [s.screen_key, s.rect.x, s.rect.y, s.rect.w, s.rect.h]),
      },
      pages: pages.map((page) =>
        page.map(([id, slot]) => [id, slot.screen_key, slot.rect.x, slot.rect.y])),
      banner: layout.banner(c.geometry, c.banner),
      glyph: layout.minGlyphPx(c.distance, c.pitch),
      fits,
    };
  } catch (e) {
    if (e instanceof layout.LayoutError) return { error: "layout", fits };
    throw e;
  }
});
process.stdout.write(JSON.stringify(out));
"""


def run_node(tmp_path: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shutil.copy(JS, tmp_path / "wall-layout.mjs")
    script = tmp_path / "check.mjs"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [NODE, str(script)], input=json.dumps(cases), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def random_case(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.7:
        geometry = WallGeometry.grid(
            rng.randint(1, 5),
            rng.randint(1, 20),
            *rng.choice([(720, 540), (1920, 1080), (1366, 768), (1080, 1920), (480, 270)]),
            rng.randint(0, 60),
            rng.randint(0, 60),
        )
    else:  # free screens side by side at odd offsets and sizes
        x, placements = 0, []
        for index in range(rng.randint(1, 6)):
            w, h = rng.randint(300, 2000), rng.randint(200, 1500)
            placements.append((f"s{index}", x, rng.randint(0, 400), w, h))
            x += w + rng.randint(0, 80)
        geometry = WallGeometry.free(placements)
    n = rng.randint(0, 400)
    return {
        "geometry": geometry.to_dict(),
        "n": n,
        "ids": [f"i{k}" for k in range(n)],
        "glyph": rng.randint(18, 110),
        "aspect": rng.choice([[4, 3], [6, 1], [16, 9], [3, 4]]),
        "reserve_top": rng.choice([0, 0, 35, 81, 160]),
        "gap": rng.choice([0, 8, 16, 24]),
        "banner": rng.randint(1, 300),
        "distance": rng.uniform(0.5, 30),
        "pitch": rng.uniform(0.1, 5),
    }


def python_result(case: dict[str, Any]) -> dict[str, Any]:
    geometry = WallGeometry.from_dict(case["geometry"])
    fits = longest_title_fits(geometry, case["glyph"], case["reserve_top"])
    try:
        plan = plan_cards(
            geometry,
            case["n"],
            min_glyph_px=case["glyph"],
            card_aspect=tuple(case["aspect"]),
            reserve_top=case["reserve_top"],
            gap=case["gap"],
        )
    except LayoutError:
        return {"error": "layout", "fits": fits}
    pages = paginate(case["ids"], plan)
    band = banner(geometry, case["banner"])
    return {
        "plan": {
            "slots": [[s.screen_key, s.rect.x, s.rect.y, s.rect.w, s.rect.h] for s in plan.slots],
            "per_page": plan.per_page,
            "font_px": plan.font_px,
            "card_w": plan.card_w,
            "card_h": plan.card_h,
        },
        "pages": [[[item, s.screen_key, s.rect.x, s.rect.y] for item, s in page] for page in pages],
        "banner": {"x": band.x, "y": band.y, "w": band.w, "h": band.h},
        "glyph": min_glyph_px(case["distance"], case["pitch"]),
        "fits": fits,
    }


def test_every_screen_computes_the_same_cards_as_the_server(tmp_path: Path) -> None:
    rng = random.Random(5)
    cases = [random_case(rng) for _ in range(250)]
    from_js = run_node(tmp_path, cases)
    for case, js in zip(cases, from_js, strict=True):
        assert js == python_result(case), case


def test_halves_round_to_even_as_in_python(tmp_path: Path) -> None:
    # 6 px wide at 4:3 is 4.5 px tall: Python's round gives 4, Math.round would give 5.
    shutil.copy(JS, tmp_path / "wall-layout.mjs")
    script = tmp_path / "round.mjs"
    script.write_text(
        'import { roundHalfEven } from "./wall-layout.mjs";\n'
        "const xs = [0.5, 1.5, 2.5, 4.5, 4.25, 7.75];\n"
        "process.stdout.write(JSON.stringify(xs.map(roundHalfEven)));",
        encoding="utf-8",
    )
    done = subprocess.run([NODE, str(script)], capture_output=True, text=True, timeout=30)
    assert json.loads(done.stdout) == [round(x) for x in (0.5, 1.5, 2.5, 4.5, 4.25, 7.75)]
