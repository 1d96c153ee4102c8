"""Does every wall mode fit? The cases and the DOM check shared by tests/browser/test_wall_fit.py
and ``python -m benchmarks wall_fit``.

A case is one wall mode on one wall geometry at one viewing distance with one kind of content
(realistic or worst-case). Every case is drawn by the real wall renderer (js/wall/render.js)
inside the real screen page, one renderer per screen of the wall, all side by side on one page
at their canvas places; the next case only changes the state, so no page is reloaded. The check
reads the DOM: a text element is clipped when its content is wider or taller than its box
(scrollWidth/scrollHeight against the client size, which is also what an ellipsis or a line
clamp hides), when its box reaches outside the screen or outside a box that clips it, or when
it overlaps another text element of the same page.

The full matrix (modes x 6 geometries x 4 distances x 2 kinds of content) is about 500 cases;
CASES is a representative subset of it (see ``cases``): every mode on every geometry with
worst-case content at the default 3 m and at the furthest distance the wall form offers for
that geometry, and with realistic content at the default distance.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hackkit.wall import modes as wall_modes
from hackkit.wall.layout import WallGeometry, max_viewing_distance_m, min_glyph_px

# The walls a venue uses, with the pixel pitch of their panels (mm per canvas pixel).
GEOMETRIES: dict[str, tuple[dict[str, int], float]] = {
    "tv-720p": ({"rows": 1, "cols": 1, "screen_w": 1280, "screen_h": 720}, 0.69),  # 40" TV
    "tv-1080p": ({"rows": 1, "cols": 1, "screen_w": 1920, "screen_h": 1080}, 0.63),  # 55" TV
    "tv-4k": ({"rows": 1, "cols": 1, "screen_w": 3840, "screen_h": 2160}, 0.315),  # 55" 4K TV
    "pair-960": (  # two 55" TVs each showing a 960 x 540 window
        {"rows": 1, "cols": 2, "screen_w": 960, "screen_h": 540, "bezel_x": 20},
        1.26,
    ),
    "tvs-2x3": (
        {"rows": 2, "cols": 3, "screen_w": 1920, "screen_h": 1080, "bezel_x": 24, "bezel_y": 24},
        0.63,
    ),
    "tiles-20x4": ({"rows": 4, "cols": 20, "screen_w": 720, "screen_h": 540}, 0.57),  # micro-tiles
}
DEFAULT_DISTANCE_M = 3.0
DISTANCES_M = (1.0, 3.0, 6.0, 8.0)
METHODS = ("single", "approval", "dots", "budget", "ranked", "rubric")
SCREENSHOT_MAX_W = 1920

# Worst-case content: every text at the longest the forms accept (hackkit/*/schemas.py).
LONG_EVENT = "Zürich Climate & Mobility Hackathon 2026 — Open Data Weekend at the Old Tram Depot"[
    :80
]
LONG_TITLE = (
    "Bike-sharing rebalancing with predictive demand maps, cargo-bike routing and a "
    "participatory repair network for the whole region"
)[:120]
LONG_PITCH = (
    "We forecast where bikes will be needed an hour ahead from weather, events and past "
    "trips, then route volunteers on cargo bikes to move them there, paying them in credits "
    "that the city's repair cafés accept."
)[:200]
LONG_TEAM = "The Incredibly Long-Named Collective of Urban Cyclists & Friends"[:60]
LONG_PERSON = "Maximiliane Alexandra von Hohenberg-Schwarzenfels"[:40]
RTL_TITLE = "تطبيق لمشاركة الدراجات مع خرائط الطلب التنبؤية وشبكة إصلاح تشاركية للمنطقة كلها"
LONG_POST = (
    "Sensors on all twelve test bikes report every ten seconds now; the demand map is wrong "
    "near the station, so tonight we retrain it on last month's trips and the weather, then "
    "tomorrow morning we ride the three busiest routes with the cargo bikes to check the "
    "routing before the pitch. Help wanted on the map colours!"
)[:280]
RTL_POST = (
    "أجهزة الاستشعار على الدراجات الاثنتي عشرة ترسل بياناتها كل عشر ثوان الآن، وخريطة الطلب "
    "خاطئة قرب المحطة، لذلك سنعيد تدريبها الليلة على رحلات الشهر الماضي والطقس ثم نجرب "
    "المسارات الثلاثة الأكثر ازدحاما صباح الغد بالدراجات الكبيرة قبل العرض"
)[:280]
SHORT_POSTS = (
    "Wired the sensors.",
    "Demo works end to end; now the slides.",
    "Stuck on the map colours, any designers around?",
)
LONG_PHASE = "Final pitches, jury deliberation and the community choice award ceremony"[:120]
HELP_CLOSED = (
    "Mentors are at lunch until 14:00; post your question in the team channel meanwhile "
    "and we will come to you first"
)
LONG_ANNOUNCEMENT = (
    "<p><strong>Pizza is here!</strong> Grab a slice in the foyer before the pitches start. "
    "Vegan and gluten-free boxes are on the left table; please leave some for the jury, who "
    "have been reading your pitches all afternoon.</p>"
    "<p>Pitches start at 17:00 sharp in the main hall. Each team has three minutes and one "
    "question from the jury.</p>"
)


@dataclass(frozen=True)
class Case:
    """One drawing to check: a mode, a wall, a distance and the content shown."""

    name: str
    geometry: str
    distance_m: float
    content: str  # "realistic" or "worst"
    mode: str
    method: str | None = None
    revealed: bool = True
    notice: bool = False
    wall: dict[str, Any] = field(default_factory=dict, compare=False)
    state: dict[str, Any] = field(default_factory=dict, compare=False)


def wall_for(geometry_name: str, distance_m: float, mode: str, ballot_id: int | None) -> dict:
    """The wall as the server sends it (hackkit.wall.service), for this geometry and distance."""
    grid, pitch = GEOMETRIES[geometry_name]
    geometry = WallGeometry.grid(**grid)
    glyph = min_glyph_px(distance_m, pitch)
    return {
        "id": 1,
        "name": "Main hall",
        "geometry": geometry.to_dict(),
        "glyph_px": glyph,
        "banner_px": wall_modes.banner_px(glyph),
        "dwell_ms": 12000,
        "epoch_ms": 0,
        "mode": mode,
        "ballot_id": ballot_id,
        "message_html": "",
    }


def distances_for(geometry_name: str) -> list[float]:
    """The distances of DISTANCES_M that the wall form accepts for this geometry, and the
    furthest it accepts (text only grows with distance, so that is the hardest)."""
    grid, pitch = GEOMETRIES[geometry_name]
    furthest = max_viewing_distance_m(WallGeometry.grid(**grid), pitch)
    return sorted({d for d in DISTANCES_M if d <= furthest} | {furthest})


def _ideas(n: int, worst: bool, picture: str) -> list[dict]:
    ideas = []
    for i in range(n):
        long = worst and i % 3 != 2
        title = RTL_TITLE if worst and i % 7 == 3 else (LONG_TITLE if long else f"Idea {i + 1}")
        ideas.append(
            {
                "id": i + 1,
                "title": title if worst else ["Bike buddy", "Talking bins", "Shade map"][i % 3],
                "pitch": LONG_PITCH if worst else "Match new riders with someone on their route.",
                "team_name": LONG_TEAM if long else f"Team {i + 1}",
                "author_name": "",
                "challenge_id": 1 + i % 2,
                "image_url": picture if i % 2 == 0 else None,
            }
        )
    return ideas


def _teams(n: int, worst: bool) -> list[dict]:
    teams = []
    for i in range(n):
        size = 5 if worst else 2 + i % 3
        members = [
            {"id": 100 * i + k, "name": LONG_PERSON if worst else f"Person {k + 1}"}
            for k in range(size)
        ]
        teams.append(
            {
                "id": i + 1,
                "name": LONG_TEAM if worst else f"Team {i + 1}",
                "challenge_id": 1 + i % 2,
                "max_size": 5,
                "member_count": size,
                "members": members,
            }
        )
    return teams


def _posts(n: int, n_teams: int, worst: bool) -> list[dict]:
    """Progress posts, newest first (space.progress_view). Each is `ago_ms` before the drawing's
    clock; DRAW_JS stamps its created_at from that, as the cases' clock is far in the future."""
    posts = []
    for i in range(n):
        body = (RTL_POST if i % 7 == 3 else LONG_POST) if worst else SHORT_POSTS[i % 3]
        posts.append(
            {
                "id": n - i,
                "team_id": 1 + i % n_teams,
                "author_id": 1000 + i,
                "author_name": LONG_PERSON if worst else f"Person {i + 1}",
                "body": body,
                # Worst: the longest ages the wall says ("59 min ago", "99 h ago").
                "ago_ms": (59 if i % 2 == 0 else 99 * 60) * 60_000 if worst else i * 7 * 60_000,
            }
        )
    return posts


def _survey(worst: bool) -> tuple[dict, dict]:
    """A feedback survey and its live figures (surveys/results.py): worst, the longest labels
    the form accepts, counts in the thousands and forty 30-character words."""
    label = LONG_TITLE * 2 if worst else "How satisfied are you with the event overall?"
    questions = [
        {"key": "overall", "kind": "rating", "label": label[:200]},
        {"key": "mentors", "kind": "rating", "label": (label if worst else "Mentors")[:200]},
        {"key": "recommend", "kind": "nps", "label": (label if worst else "Recommend us?")[:200]},
        {"key": "word", "kind": "word", "label": (label if worst else "One word")[:200]},
    ]
    n = 4800 if worst else 37
    words = (
        [(("x" * 24 + f"{i:06d}")[:30], 4000 - i * 90) for i in range(40)]
        if worst
        else [("inspiring", 9), ("fun", 6), ("tiring", 3), ("pizza", 2), ("teamwork", 2)]
    )
    figures = {
        "survey_id": 3,
        "status": "open",
        "responses": n,
        "eligible": 5000 if worst else 40,
        "questions": [
            {
                "key": "overall",
                "kind": "rating",
                "n": n,
                "mean": 4.57,
                "distribution": [1, 2, 3, 12, 19] if not worst else [96, 480, 960, 1440, 1824],
            },
            {
                "key": "mentors",
                "kind": "rating",
                "n": n,
                "mean": 4.1,
                "distribution": [0, 1, 6, 15, 15] if not worst else [100, 400, 1000, 1500, 1800],
            },
            {
                "key": "recommend",
                "kind": "nps",
                "n": n,
                "mean": 8.2,
                "distribution": [0, 0, 0, 1, 1, 2, 3, 5, 8, 9, 8]
                if not worst
                else [1000 + i for i in range(11)],
            },
            {"key": "word", "kind": "word", "n": n, "counts": words},
        ],
        "at_ms": 1,
    }
    survey = {
        "id": 3,
        "title": LONG_TITLE if worst else "Feedback",
        "stage": "post",
        "status": "open",
        "questions": questions,
    }
    return survey, figures


def _tally(method: str, n: int) -> dict:
    """A tally as the method counts it (voting/methods), best first, with some ties."""
    ranking = []
    for i in range(n):
        if method == "ranked":
            score = float(n - 1 - i)  # Schulze wins: beats this many others
        elif method == "rubric":
            score = round(1.2 - 0.3 * i, 3)  # normalised z-score
        else:
            score = float(max(0, 40 - 3 * i))
        ranking.append({"option": str(i + 1), "score": score, "rank": i + 1})
    tally: dict[str, Any] = {"method": method, "ballots": 37, "ranking": ranking}
    if method == "ranked":
        tally["schulze_wins"] = {str(i + 1): n - 1 - i for i in range(n)}
    if method == "rubric":
        tally["raw"] = {str(i + 1): round(4.6 - 0.25 * i, 2) for i in range(n)}
    return tally


def state_for(content: str, mode: str, method: str | None, revealed: bool, picture: str) -> dict:
    """The snapshot a screen holds (hackkit/*/snapshot.py), with realistic or worst content."""
    worst = content == "worst"
    n_ideas = 300 if worst else 9
    n_options = 12 if worst else 5
    ideas = _ideas(n_ideas, worst, picture)
    options = [
        {"id": str(i["id"]), "title": i["title"], "pitch": i["pitch"], "team": i["team_name"]}
        for i in ideas[:n_options]
    ]
    phases = [
        {"id": 1, "name": "Team formation", "status": "done", "wall_mode": "teams"},
        {
            "id": 2,
            "name": LONG_PHASE if worst else "Hacking",
            "status": "running",
            "ends_at_ms": 10**15,
            "wall_mode": "ideas",
        },
        {"id": 3, "name": LONG_PHASE if worst else "Pitches", "status": "pending"},
    ]
    ballot = {
        "id": 7,
        "title": (LONG_TITLE if worst else "Audience award"),
        "method": method or "single",
        "status": "closed" if revealed else "open",
        "visibility": "hidden",
        "options": options,
    }
    result = {
        "ballot_id": 7,
        "scope": "public",
        "status": ballot["status"],
        "revealed": revealed,
        "turnout": {"voted": 312 if worst else 3, "eligible": 540 if worst else 3},
        "tally": _tally(method or "single", n_options) if revealed else None,
        "at_ms": 1,
    }
    survey, survey_figures = _survey(worst)
    return {
        "surveys": [survey],
        "survey_results": {"3": survey_figures},
        # Every case shows the event's state in the banner (events/lifecycle.py event_dict).
        "event": {
            "name": LONG_EVENT if worst else "Mobility Hack",
            "status": "joins_closed" if worst else "locked",
            "status_label": "Joins closed" if worst else "Locked",
            "notice": "Joining is closed." if worst else "The event is locked.",
        },
        "agenda": {"current_id": 2, "phases": phases},
        "stats": {"participants": 540 if worst else 24},
        "ideas": ideas,
        "challenges": [
            {"id": 1, "title": LONG_TITLE if worst else "Greener streets"},
            {"id": 2, "title": "Safer crossings"},
        ],
        "teams": _teams(60 if worst else 6, worst),
        "progress": _posts(100 if worst else 5, 60 if worst else 6, worst),
        "ballots": [ballot],
        "ballot_results": {"7": result},
        "announcements": [{"id": 1, "html": LONG_ANNOUNCEMENT if worst else "<p>Pizza!</p>"}],
        "wall_screens": [],
        "help_queue": {
            "open": [[n, 1, 0, 10**15] for n in range(180 if worst else 4)],
            "claimed": 40 if worst else 2,
            "median_wait_ms": 4_980_000 if worst else 240_000,
            "service_ms": [600_000],
            "mentors_active": 40 if worst else 3,
            "mentors": 40 if worst else 3,
            "closed": worst,
            "message": HELP_CLOSED if worst else "",
            "widen_after_s": 120,
            "expire_after_s": 3600,
        },
    }


def _mode_variants() -> Iterator[tuple[str, str | None, bool, bool]]:
    """(mode, method, revealed, notice) for every mode, results for every method and hidden."""
    for mode in (
        "join",
        "agenda",
        "ideas",
        "teams",
        "progress",
        "survey",
        "announcement",
        "identify",
        "announcement",
        "identify",
        "help",
    ):
        yield mode, None, True, False
    yield "ideas", None, True, True  # an announcement band over the ideas
    yield "results", "single", False, False  # the turnout screen before the reveal
    for method in METHODS:
        yield "results", method, True, False


def cases(picture: str, *, full: bool = False) -> list[Case]:
    """The cases to draw; `full` gives the whole matrix instead of the representative subset."""
    out = []
    for geometry_name in GEOMETRIES:
        allowed = distances_for(geometry_name)
        if full:
            plans = [(d, c) for d in allowed for c in ("realistic", "worst")]
        else:
            usual = DEFAULT_DISTANCE_M if DEFAULT_DISTANCE_M in allowed else allowed[-1]
            plans = [(usual, "realistic"), (usual, "worst")]
            if allowed[-1] != usual:
                plans.append((allowed[-1], "worst"))
        for distance, content in plans:
            for mode, method, revealed, notice in _mode_variants():
                parts = [geometry_name, f"{distance:g}m", content, mode]
                if method:
                    parts.append(method if revealed else "hidden")
                if notice:
                    parts.append("notice")
                out.append(
                    Case(
                        name="-".join(parts),
                        geometry=geometry_name,
                        distance_m=distance,
                        content=content,
                        mode=mode,
                        method=method,
                        revealed=revealed,
                        notice=notice,
                        wall=wall_for(geometry_name, distance, mode, 7 if method else None),
                        state=state_for(content, mode, method, revealed, picture),
                    )
                )
    return out


# Drawn in the screen page: one WallRenderer per screen, each in a box at its canvas place.
DRAW_JS = """
async ({wall, state, notice, noticeHtml}) => {
  const {WallRenderer} = await import("/static/js/wall/render.js");
  const {applyViewport} = await import("/static/js/wall/geometry.js");
  const {canvasOf} = await import("/static/js/wall/layout.js");
  document.getElementById("wall-overlay").hidden = true;
  document.getElementById("wall-viewport").hidden = true;
  document.getElementById("fit-stage")?.remove();
  const text = JSON.parse(document.getElementById("wall-text").textContent);
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const canvas = canvasOf(wall.geometry);
  const stage = document.createElement("div");
  stage.id = "fit-stage";
  Object.assign(stage.style, {position: "absolute", left: "0", top: "0", width: canvas.w + "px",
    height: canvas.h + "px", background: "#26262c", transformOrigin: "0 0"});
  document.body.append(stage);
  const now = 10 ** 15 - 25 * 60 * 1000;
  for (const post of state.progress || [])
    post.created_at = new Date(now - post.ago_ms).toISOString();
  for (const screen of wall.geometry.screens) {
    const frame = document.createElement("div");
    frame.className = "fit-screen";
    frame.dataset.key = screen.key;
    Object.assign(frame.style, {position: "absolute", overflow: "hidden", left: screen.x + "px",
      top: screen.y + "px", width: screen.w + "px", height: screen.h + "px"});
    const canvasEl = document.createElement("div");
    canvasEl.className = "wall-canvas";
    frame.append(canvasEl);
    stage.append(frame);
    applyViewport(canvasEl, screen, {canvas});
    const renderer = new WallRenderer(canvasEl, text,
      {code: boot.code, joinUrl: boot.joinUrl || location.origin + "/j/" + boot.code,
       qrUrl: text.qrUrl});
    renderer.render({wall, key: screen.key, state, screen: null, screens: [], now});
    renderer.showPage(0);
    if (notice) renderer.showNotice(noticeHtml, now + 20000);
  }
  await Promise.all([...stage.querySelectorAll("img")].map((i) => i.decode().catch(() => {})));
  return {w: canvas.w, h: canvas.h};
}
"""

# The check: every text element's content inside its box, its box inside the screen and the
# boxes that clip it, and no two text elements of the same page overlapping.
CHECK_JS = """
() => {
  const SLACK = 1; // px: sub-pixel rounding
  const out = [];
  const describe = (el) => {
    const name = typeof el.className === "string" ? el.className.split(" ")[0] : "";
    const cls = name ? "." + name : "";
    return el.tagName.toLowerCase() + cls + " \\"" + el.textContent.trim().slice(0, 40) + "\\"";
  };
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
  for (const frame of document.querySelectorAll("#fit-stage .fit-screen")) {
    const sr = frame.getBoundingClientRect();
    const texts = [];
    for (const el of frame.querySelectorAll("*")) {
      if (!ownText(el)) continue;
      const cs = getComputedStyle(el);
      if (cs.display === "inline" || cs.display === "none" || cs.visibility === "hidden") continue;
      const r = el.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      texts.push({el, r, page: el.closest(".wall-page")});
      const where = frame.dataset.key + ": " + describe(el);
      if (el.scrollWidth > el.clientWidth + SLACK || el.scrollHeight > el.clientHeight + SLACK)
        out.push(where + " overflows its box (" + el.scrollWidth + "x" + el.scrollHeight +
          " in " + el.clientWidth + "x" + el.clientHeight + ")");
      if (r.left < sr.left - SLACK || r.right > sr.right + SLACK ||
          r.top < sr.top - SLACK || r.bottom > sr.bottom + SLACK)
        out.push(where + " reaches outside the screen");
      for (let a = el.parentElement; a && a !== frame; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === "visible" && s.overflowY === "visible") continue;
        const ar = a.getBoundingClientRect();
        if (r.left < ar.left - SLACK || r.right > ar.right + SLACK ||
            r.top < ar.top - SLACK || r.bottom > ar.bottom + SLACK) {
          out.push(where + " is cut by " + describe(a));
          break;
        }
      }
    }
    for (let i = 0; i < texts.length; i += 1) {
      for (let j = i + 1; j < texts.length; j += 1) {
        const a = texts[i], b = texts[j];
        if (a.page && b.page && a.page !== b.page) continue;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > SLACK && h > SLACK)
          out.push(frame.dataset.key + ": " + describe(a.el) + " overlaps " + describe(b.el));
      }
    }
  }
  return out;
}
"""


# The rows of screens (by their top edge) with a podium place, a step or a result row on them.
RESULT_ROWS_JS = """
() => new Set([...document.querySelectorAll("#fit-stage .fit-screen")]
  .filter((f) => f.querySelector(".wall-podium, .wall-podium-step, .wall-result"))
  .map((f) => f.style.top)).size
"""


@dataclass
class Outcome:
    """What the check found for one case."""

    case: Case
    problems: list[str]
    screenshot: Path | None
    podium: int = 0  # podium places drawn over all the wall's screens (a revealed result)
    result_rows: int = 0  # rows of screens showing part of a revealed result


def check_case(page: Any, case: Case, shots: Path | None) -> Outcome:
    """Draw one case in the screen page, check it, and save a screenshot when shots is given."""
    size = page.evaluate(
        DRAW_JS,
        {
            "wall": case.wall,
            "state": case.state,
            "notice": case.notice,
            "noticeHtml": LONG_ANNOUNCEMENT if case.content == "worst" else "<p>Pizza!</p>",
        },
    )
    problems = page.evaluate(CHECK_JS)
    podium = page.evaluate("() => document.querySelectorAll('#fit-stage .wall-podium').length")
    result_rows = page.evaluate(RESULT_ROWS_JS)
    path = None
    if shots is not None:
        scale = min(1.0, SCREENSHOT_MAX_W / size["w"])
        width, height = math.ceil(size["w"] * scale), math.ceil(size["h"] * scale)
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(
            "(s) => { document.getElementById('fit-stage').style.transform = `scale(${s})`; }",
            scale,
        )
        shots.mkdir(parents=True, exist_ok=True)
        path = shots / f"{case.name}.png"
        page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": height})
    return Outcome(case, problems, path, podium, result_rows)


def screen_page_url(base_url: str, code: str, display_key: str) -> str:
    """The screen page in preview mode for a wall that does not exist: it stays on "loading",
    so only the cases draw on it."""
    return f"{base_url}/e/{code}/display?key={display_key}&wall=999999999&at=none&preview=1"


def run_cases(page: Any, selected: list[Case], shots: Path | None) -> list[Outcome]:
    """Check every case in one page (the page is opened on screen_page_url by the caller)."""
    page.wait_for_selector("body[data-view=loading]", state="attached")
    return [check_case(page, case, shots) for case in selected]


def picture_url(base_url: str, code: str) -> str:
    """A picture the server serves (the event's QR code), standing in for idea pictures."""
    return f"/e/{code}/qr.svg"
