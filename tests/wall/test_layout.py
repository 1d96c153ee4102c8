"""Wall layout: cards never straddle a bezel, never overlap, and every idea gets shown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.wall.layout import (
    CardPlan,
    GeometryError,
    LayoutError,
    Rect,
    WallGeometry,
    banner,
    legible_px,
    longest_title_fits,
    max_viewing_distance_m,
    min_glyph_px,
    paginate,
    plan_cards,
)
from hackkit.wall.modes import banner_px

# Panels people actually hang: micro-tiles, HD and 4K TVs, a portrait kiosk, an LED cabinet.
SCREEN_SIZES = [(720, 540), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (1080, 1920)]


@st.composite
def grid_walls(draw: st.DrawFn) -> WallGeometry:
    screen_w, screen_h = draw(st.sampled_from(SCREEN_SIZES))
    return WallGeometry.grid(
        draw(st.integers(1, 6)),
        draw(st.integers(1, 20)),
        screen_w,
        screen_h,
        draw(st.integers(0, 60)),
        draw(st.integers(0, 60)),
    )


@st.composite
def layouts(draw: st.DrawFn) -> tuple[WallGeometry, int, CardPlan]:
    geometry = draw(grid_walls())
    glyph = draw(st.integers(18, 96))
    n_items = draw(st.integers(0, 500))
    reserve = draw(st.sampled_from([0, 0, 80, 160]))
    plan = plan_cards(geometry, n_items, min_glyph_px=glyph, reserve_top=reserve)
    return geometry, n_items, plan


def overlapping_pairs(rects: list[Rect]) -> list[tuple[Rect, Rect]]:
    """Pairs of rectangles that share area, found through a coarse bucket grid (not n^2)."""
    if not rects:
        return []
    cell = max(max(r.w, r.h) for r in rects)
    buckets: dict[tuple[int, int], list[int]] = {}
    for index, rect in enumerate(rects):
        for bx in range(rect.x // cell, (rect.right - 1) // cell + 1):
            for by in range(rect.y // cell, (rect.bottom - 1) // cell + 1):
                buckets.setdefault((bx, by), []).append(index)
    found = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if rects[a].intersects(rects[b]):
                    found.add((min(a, b), max(a, b)))
    return [(rects[a], rects[b]) for a, b in sorted(found)]


def ids(n: int) -> list[str]:
    return [f"idea-{i}" for i in range(n)]


# --- layout properties -------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_no_card_overlaps_another(layout: tuple[WallGeometry, int, CardPlan]) -> None:
    _, _, plan = layout
    assert overlapping_pairs([slot.rect for slot in plan.slots]) == []


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_every_card_sits_inside_exactly_one_screen_never_across_a_bezel(
    layout: tuple[WallGeometry, int, CardPlan],
) -> None:
    geometry, _, plan = layout
    for slot in plan.slots:
        holders = [s.key for s in geometry.screens if s.rect.contains(slot.rect)]
        assert holders == [slot.screen_key]


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_every_idea_appears_on_exactly_one_page(
    layout: tuple[WallGeometry, int, CardPlan],
) -> None:
    _, n_items, plan = layout
    pages = paginate(ids(n_items), plan)
    shown = [item for page in pages for item, _ in page]
    assert sorted(shown) == sorted(ids(n_items))
    assert all(0 < len(page) <= plan.per_page for page in pages)
    for page in pages:
        assert len({slot for _, slot in page}) == len(page)


@settings(max_examples=40, deadline=None)
@given(grid_walls(), st.integers(18, 96), st.integers(0, 500))
def test_pages_are_the_same_when_nothing_changes(
    geometry: WallGeometry, glyph: int, n_items: int
) -> None:
    plan = plan_cards(geometry, n_items, min_glyph_px=glyph)
    # A screen that reloads plans again from the stored geometry; it must land on the same.
    stored = WallGeometry.from_dict(geometry.to_dict())
    again = plan_cards(stored, n_items, min_glyph_px=glyph)
    assert again == plan
    assert paginate(ids(n_items), again) == paginate(ids(n_items), plan)


@settings(max_examples=60, deadline=None)
@given(layouts(), st.integers(1, 50))
def test_a_new_idea_does_not_move_the_ideas_already_shown(
    layout: tuple[WallGeometry, int, CardPlan], added: int
) -> None:
    _, n_items, plan = layout
    before = paginate(ids(n_items), plan)
    after = paginate(ids(n_items + added), plan)
    for page_before, page_after in zip(before, after, strict=False):
        assert page_after[: len(page_before)] == page_before


@settings(max_examples=40, deadline=None)
@given(grid_walls(), st.integers(18, 96), st.integers(0, 400), st.integers(0, 400))
def test_fewer_ideas_never_get_smaller_cards(
    geometry: WallGeometry, glyph: int, a: int, b: int
) -> None:
    fewer, more = sorted((a, b))
    small = plan_cards(geometry, more, min_glyph_px=glyph)
    large = plan_cards(geometry, fewer, min_glyph_px=glyph)
    assert large.card_w >= small.card_w
    assert large.font_px >= small.font_px


@settings(max_examples=40, deadline=None)
@given(grid_walls(), st.integers(18, 96), st.integers(0, 300))
def test_ideas_share_one_page_whenever_readable_cards_allow(
    geometry: WallGeometry, glyph: int, n_items: int
) -> None:
    plan = plan_cards(geometry, n_items, min_glyph_px=glyph)
    full = plan_cards(geometry, 10**6, min_glyph_px=glyph)
    pages = paginate(ids(n_items), plan)
    if n_items <= full.per_page:
        assert len(pages) <= 1
    else:
        # Past a full page the plan is the full-wall plan, so new ideas never reshuffle it.
        assert plan == full


@settings(max_examples=40, deadline=None)
@given(grid_walls(), st.integers(18, 96), st.integers(0, 500))
def test_card_text_is_never_smaller_than_the_readable_minimum(
    geometry: WallGeometry, glyph: int, n_items: int
) -> None:
    plan = plan_cards(geometry, n_items, min_glyph_px=glyph)
    assert plan.font_px >= glyph
    assert plan.card_h >= plan.font_px
    assert plan.per_page == len(plan.slots) > 0


@settings(max_examples=40, deadline=None)
@given(grid_walls(), st.integers(1, 400), st.integers(0, 300))
def test_cards_keep_clear_of_the_countdown_banner(
    geometry: WallGeometry, height: int, n_items: int
) -> None:
    top = banner(geometry, height)
    bottom = banner(geometry, height, edge="bottom")
    try:
        plan = plan_cards(
            geometry, n_items, min_glyph_px=24, reserve_top=height, reserve_bottom=height
        )
    except LayoutError:
        return  # the bands left no readable room; refusing is the right answer
    assert not any(slot.rect.intersects(top) or slot.rect.intersects(bottom) for slot in plan.slots)


@settings(max_examples=40, deadline=None)
@given(grid_walls(), st.integers(1, 3000))
def test_banner_spans_the_whole_wall_across_bezels(geometry: WallGeometry, height: int) -> None:
    canvas = geometry.canvas
    for edge in ("top", "bottom"):
        band = banner(geometry, height, edge=edge)
        assert (band.x, band.w) == (0, canvas.w)
        assert canvas.contains(band)
        assert band.h == min(height, canvas.h)
    assert banner(geometry, height).y == 0
    assert banner(geometry, height, edge="bottom").bottom == canvas.bottom


def test_cards_follow_reading_order_across_the_wall() -> None:
    geometry = WallGeometry.grid(2, 3, 1920, 1080, 20, 20)
    plan = plan_cards(geometry, 0, min_glyph_px=40)
    screens_in_order = list(dict.fromkeys(slot.screen_key for slot in plan.slots))
    assert screens_in_order == ["r0c0", "r0c1", "r0c2", "r1c0", "r1c1", "r1c2"]
    first_screen = [slot.rect for slot in plan.slots if slot.screen_key == "r0c0"]
    assert first_screen == sorted(first_screen, key=lambda r: (r.y, r.x))


# --- real walls -------------------------------------------------------------------------


def test_micro_tile_wall_shows_readable_cards_on_every_tile() -> None:
    # The 8 m wall: 20 x 4 tiles of 720 x 540 px, 14,400 px across 8,000 mm.
    geometry = WallGeometry.grid(4, 20, 720, 540, 0, 0)
    assert geometry.canvas == Rect(0, 0, 14_400, 2_160)
    pitch = 8000 / 14_400
    for distance, n_items in ((1.5, 300), (3.0, 60), (6.0, 500)):
        glyph = min_glyph_px(distance, pitch)
        plan = plan_cards(geometry, n_items, min_glyph_px=glyph)
        assert plan.font_px >= glyph
        assert {slot.screen_key for slot in plan.slots} == {s.key for s in geometry.screens}
        assert 80 <= plan.per_page <= 80 * 12
        assert plan.per_page % 80 == 0
    close = plan_cards(geometry, 10**6, min_glyph_px=min_glyph_px(1.5, pitch))
    assert close.per_page > 80, "from 1.5 m a tile should hold more than one card"
    assert len(paginate(ids(60), plan_cards(geometry, 60, min_glyph_px=60))) == 1


def test_six_tvs_work_as_one_row_or_as_six_walls() -> None:
    row = WallGeometry.grid(1, 6, 1920, 1080, 600, 0)
    single = WallGeometry.grid(1, 1, 1920, 1080)
    glyph = min_glyph_px(4.0, 1210 / 1920)
    row_plan = plan_cards(row, 10**6, min_glyph_px=glyph)
    single_plan = plan_cards(single, 10**6, min_glyph_px=glyph)
    assert row_plan.per_page == 6 * single_plan.per_page
    assert (row_plan.card_w, row_plan.font_px) == (single_plan.card_w, single_plan.font_px)
    assert {slot.screen_key for slot in row_plan.slots} == {f"r0c{c}" for c in range(6)}


def test_free_placed_screens_get_cards_only_inside_themselves() -> None:
    geometry = WallGeometry.free(
        [
            ("stage", 0, 0, 3840, 2160),
            ("left", 4000, 300, 1080, 1920),
            ("foyer", 0, 2500, 1280, 720),
        ]
    )
    plan = plan_cards(geometry, 200, min_glyph_px=30)
    for slot in plan.slots:
        assert geometry.viewport(slot.screen_key).contains(slot.rect)
    assert {slot.screen_key for slot in plan.slots} == {"stage", "left", "foyer"}


def test_a_wall_with_no_room_for_a_readable_card_is_refused() -> None:
    geometry = WallGeometry.grid(1, 2, 720, 540)
    with pytest.raises(LayoutError, match="readable card"):
        plan_cards(geometry, 5, min_glyph_px=24, reserve_top=300, reserve_bottom=300)


def test_the_same_idea_twice_is_refused() -> None:
    plan = plan_cards(WallGeometry.grid(1, 1, 1920, 1080), 2, min_glyph_px=24)
    with pytest.raises(LayoutError, match="only once"):
        paginate(["a", "a"], plan)


def test_no_ideas_means_no_pages() -> None:
    plan = plan_cards(WallGeometry.grid(1, 1, 1920, 1080), 0, min_glyph_px=24)
    assert paginate([], plan) == []


# --- reading distance -----------------------------------------------------------------------


def test_caps_are_one_inch_tall_at_ten_feet() -> None:
    # 0.254 mm pitch is 100 px per inch; at ten feet the cap height must reach 100 px.
    font = min_glyph_px(3.048, 0.254)
    assert 0.7 * font >= 100
    assert 0.7 * (font - 1) < 100


@given(st.floats(0.5, 30), st.floats(0.5, 30), st.floats(0.1, 10))
def test_text_grows_with_viewing_distance(a: float, b: float, pitch: float) -> None:
    near, far = sorted((a, b))
    assert min_glyph_px(near, pitch) <= min_glyph_px(far, pitch)


def test_text_never_drops_below_the_floor_up_close() -> None:
    assert min_glyph_px(0.3, 0.5) == 18


@pytest.mark.parametrize(("distance", "pitch"), [(0, 0.5), (-1, 0.5), (3, 0), (float("nan"), 1)])
def test_nonsense_distances_and_pitches_are_refused(distance: float, pitch: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        min_glyph_px(distance, pitch)


# --- geometry ---------------------------------------------------------------------------------


def test_each_screen_shows_its_viewport_offset_by_the_bezels_before_it() -> None:
    geometry = WallGeometry.grid(2, 3, 1920, 1080, 40, 30)
    assert geometry.viewport("r0c0") == Rect(0, 0, 1920, 1080)
    assert geometry.viewport("r0c1") == Rect(1960, 0, 1920, 1080)
    assert geometry.viewport("r1c2") == Rect(3920, 1110, 1920, 1080)
    assert geometry.canvas == Rect(0, 0, 5840, 2190)
    # A line drawn across the seam at canvas x = 1950 falls in the bezel: on neither screen.
    seam = Rect(1950, 500, 1, 1)
    assert not any(s.rect.contains(seam) for s in geometry.screens)


def test_an_unknown_screen_has_no_viewport() -> None:
    with pytest.raises(KeyError, match="r9c9"):
        WallGeometry.grid(1, 1, 1920, 1080).viewport("r9c9")


@settings(max_examples=40, deadline=None)
@given(grid_walls())
def test_geometry_survives_storage_as_json(geometry: WallGeometry) -> None:
    assert WallGeometry.from_dict(geometry.to_dict()) == geometry


def test_grid_description_reads_like_the_grid_constructor() -> None:
    described = {"grid": {"rows": 4, "cols": 20, "screen_w": 720, "screen_h": 540}}
    assert WallGeometry.from_dict(described) == WallGeometry.grid(4, 20, 720, 540, 0, 0)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: WallGeometry.free([("a", 0, 0, 100, 100), ("b", 50, 50, 100, 100)]), "overlap"),
        (lambda: WallGeometry.free([("a", 0, 0, 0, 100)]), "positive"),
        (lambda: WallGeometry.free([("a", 0, 0, 100, -5)]), "positive"),
        (lambda: WallGeometry.free([("a", -10, 0, 100, 100)]), "negative"),
        (lambda: WallGeometry.free([("a", 0, 0, 10, 10), ("a", 20, 0, 10, 10)]), "twice"),
        (lambda: WallGeometry.free([]), "at least one screen"),
        (lambda: WallGeometry.grid(21, 20, 100, 100), "at most 400"),
        (lambda: WallGeometry.grid(1, 30, 3840, 2160), "100,000"),
        (lambda: WallGeometry.grid(1, 1, 0, 1080), "screen_w"),
        (lambda: WallGeometry.grid(1, 2, 1920, 1080, -4), "bezel_x"),
        (lambda: WallGeometry.from_dict({"screens": [{"key": "a", "x": 0}]}), "missing y, w, h"),
        (lambda: WallGeometry.from_dict({"grid": {"rows": 1}}), "missing cols"),
        (lambda: WallGeometry.from_dict({"tiles": []}), '"screens" list'),
        (
            lambda: WallGeometry.from_dict(
                {"screens": [{"key": "a", "x": "0", "y": 0, "w": 10, "h": 10}]}
            ),
            "whole pixels",
        ),
    ],
)
def test_impossible_walls_are_refused_with_a_clear_reason(build, message: str) -> None:
    with pytest.raises(GeometryError, match=message):
        build()


def test_a_wall_read_from_further_away_fits_fewer_long_titles_until_none():
    tv = WallGeometry.grid(1, 1, 1920, 1080)
    furthest = max_viewing_distance_m(tv, 0.63)
    assert 3 <= furthest < 10  # a 55" TV: the default 3 m fits, a far corner of a hall does not
    glyph = min_glyph_px(furthest, 0.63)
    assert longest_title_fits(tv, glyph, banner_px(glyph))
    beyond = min_glyph_px(furthest + 0.5, 0.63)
    assert not longest_title_fits(tv, beyond, banner_px(beyond))
    # Twice the pixels on the same panel size read from as far, not further.
    assert max_viewing_distance_m(WallGeometry.grid(1, 1, 3840, 2160), 0.315) >= furthest
    assert legible_px(60) == 38 and legible_px(10) == 12
