"""Wall geometry and card layout: where each idea card goes on a multi-screen wall.

The wall is one logical canvas in pixels. Each screen shows its own viewport of it, and the
bezels between screens are part of the canvas, so a picture crossing a seam lines up. Cards
are placed wholly inside one screen so no text is ever cut by a bezel; only spanning elements
(a countdown or announcement banner) may cross one.

Pure: plain data in, plain data out. No Flask, no database, no sockets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hackkit.wall.modes import banner_px

MAX_SCREENS = 400
MAX_CANVAS_PX = 100_000
MAX_KEY_LENGTH = 64

# Legibility rule: the signage rule of thumb "1 inch of letter height per 10 feet of viewing
# distance", i.e. cap height = distance / 120 (about 0.48 degrees of visual angle). It is
# stricter than the 0.3 degree threshold of bare legibility, because people read the wall
# while standing and talking, not while squinting.
CAP_HEIGHT_PER_DISTANCE = 1 / 120
# Cap height as a share of the font size (em) for common UI sans faces (Inter, Roboto,
# Helvetica sit at 0.71-0.73); using the low end errs on the side of larger text.
CAP_HEIGHT_PER_EM = 0.7
# Below this even a phone-distance reader struggles on a wall panel.
MIN_GLYPH_FLOOR_PX = 18
# A card is this many ems wide: about 16 characters of a title per line at an average
# advance of 0.55 em, enough that most idea titles wrap onto two or three lines.
CARD_WIDTH_EM = 9
# The legibility limit: text that does not fit at the comfortable size above may shrink to the
# 0.3 degree threshold of bare legibility (cap height = distance / 191), 0.63 of that size,
# and no further; what still does not fit goes onto more pages.
LEGIBLE_SHARE = 0.63
# The longest idea title the forms accept (teams/schemas.py IDEA_TITLE_MAX); a wall must show
# one on a card of one screen, at the legibility limit, from the distance it is set up for.
LONGEST_TITLE_CHARS = 120
# Card text by arithmetic, as js/wall/modes.js lays it out (wall.css .wall-card): a bold
# character's average advance, line height of the title, and the rest of the card in ems.
BOLD_ADVANCE_EM = 0.6
TITLE_LINE_EM = 1.2
CARD_REST_EM = 0.6 + 0.18 + 1.2 + 0.9
WRAP_SLACK = 1.2  # words do not break mid-word, so lines hold fewer characters than they could
NOTICE_PER_BANNER = 1.6  # an announcement band across the bottom, while it shows
DISTANCE_STEP_M = 0.5  # the wall form's step
MAX_DISTANCE_M = 200.0


class GeometryError(ValueError):
    """The described wall cannot exist or is beyond what hackkit supports."""


class LayoutError(ValueError):
    """The content cannot be laid out on this wall (for instance, no room for a card)."""


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in canvas pixels; (x, y) is the top-left corner."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        """The first column to the right of the rectangle."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """The first row below the rectangle."""
        return self.y + self.h

    def intersects(self, other: Rect) -> bool:
        """True when the two rectangles share some area (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, other: Rect) -> bool:
        """True when other lies entirely inside this rectangle (edges may coincide)."""
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True)
class Screen:
    """One physical screen and the part of the canvas it shows."""

    key: str
    rect: Rect


@dataclass(frozen=True)
class WallGeometry:
    """A wall: its screens, each placed on the shared canvas. Validated on construction."""

    screens: tuple[Screen, ...]

    def __post_init__(self) -> None:
        _validate_screens(self.screens)

    @classmethod
    def grid(
        cls, rows: int, cols: int, screen_w: int, screen_h: int, bezel_x: int = 0, bezel_y: int = 0
    ) -> WallGeometry:
        """A rows x cols grid of equal screens; keys are "r{row}c{col}", counted from 0."""
        for name, value in (
            ("rows", rows),
            ("cols", cols),
            ("screen_w", screen_w),
            ("screen_h", screen_h),
        ):
            if not _is_int(value) or value < 1:
                raise GeometryError(f"{name} must be a whole number of at least 1, got {value!r}")
        if rows * cols > MAX_SCREENS:
            raise GeometryError(
                f"a {rows} x {cols} wall has {rows * cols} screens; at most {MAX_SCREENS}"
            )
        for name, value in (("bezel_x", bezel_x), ("bezel_y", bezel_y)):
            if not _is_int(value) or value < 0:
                raise GeometryError(f"{name} must be a whole number of pixels >= 0, got {value!r}")
        screens = tuple(
            Screen(
                f"r{row}c{col}",
                Rect(col * (screen_w + bezel_x), row * (screen_h + bezel_y), screen_w, screen_h),
            )
            for row in range(rows)
            for col in range(cols)
        )
        return cls(screens)

    @classmethod
    def free(cls, placements: Sequence[tuple[str, int, int, int, int]]) -> WallGeometry:
        """Screens placed as free rectangles: a list of (key, x, y, w, h) in canvas pixels."""
        return cls(tuple(Screen(key, Rect(x, y, w, h)) for key, x, y, w, h in placements))

    @property
    def canvas(self) -> Rect:
        """The canvas: from the origin to the furthest screen edge, bezels included."""
        return Rect(
            0,
            0,
            max(screen.rect.right for screen in self.screens),
            max(screen.rect.bottom for screen in self.screens),
        )

    def viewport(self, key: str) -> Rect:
        """The part of the canvas the screen with this key shows."""
        for screen in self.screens:
            if screen.key == key:
                return screen.rect
        raise KeyError(f"no screen {key!r} on this wall")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description that from_dict (and js/wall/geometry.js) can read back."""
        return {
            "screens": [
                {"key": s.key, "x": s.rect.x, "y": s.rect.y, "w": s.rect.w, "h": s.rect.h}
                for s in self.screens
            ]
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WallGeometry:
        """Read a stored description: {"screens": [{key, x, y, w, h}, ...]} or {"grid": {...}}.

        The grid form takes rows, cols, screen_w, screen_h and optionally bezel_x, bezel_y.
        Anything malformed raises GeometryError with a message fit to show the facilitator.
        """
        if not isinstance(data, Mapping):
            raise GeometryError("a wall description must be an object")
        if "grid" in data:
            grid = data["grid"]
            if not isinstance(grid, Mapping):
                raise GeometryError('"grid" must be an object')
            fields = ("rows", "cols", "screen_w", "screen_h")
            missing = [name for name in fields if name not in grid]
            if missing:
                raise GeometryError(f"the grid is missing {', '.join(missing)}")
            return cls.grid(
                *(grid[name] for name in fields),
                bezel_x=grid.get("bezel_x", 0),
                bezel_y=grid.get("bezel_y", 0),
            )
        screens = data.get("screens")
        if not isinstance(screens, list):
            raise GeometryError('a wall description needs a "screens" list or a "grid" object')
        placements = []
        for index, item in enumerate(screens):
            if not isinstance(item, Mapping):
                raise GeometryError(f"screen {index} must be an object")
            missing = [name for name in ("key", "x", "y", "w", "h") if name not in item]
            if missing:
                raise GeometryError(f"screen {index} is missing {', '.join(missing)}")
            placements.append((item["key"], item["x"], item["y"], item["w"], item["h"]))
        return cls.free(placements)


@dataclass(frozen=True)
class Slot:
    """A place for one card: the screen it sits on and its rectangle in canvas pixels."""

    screen_key: str
    rect: Rect


@dataclass(frozen=True)
class CardPlan:
    """How cards are sized and where they go; one page fills every slot once."""

    slots: tuple[Slot, ...]
    per_page: int
    font_px: int
    card_w: int
    card_h: int


def min_glyph_px(viewing_distance_m: float, pixel_pitch_mm: float) -> int:
    """Smallest font size (px) readable from this distance on a panel of this pixel pitch.

    Cap height follows the "1 inch per 10 feet" signage rule (distance / 120), converted to a
    font size with a cap height of 0.7 em, rounded up, and never below 18 px.
    """
    for name, value in (("viewing distance", viewing_distance_m), ("pixel pitch", pixel_pitch_mm)):
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    cap_height_mm = viewing_distance_m * 1000 * CAP_HEIGHT_PER_DISTANCE
    font_px = math.ceil(cap_height_mm / CAP_HEIGHT_PER_EM / pixel_pitch_mm)
    return max(MIN_GLYPH_FLOOR_PX, font_px)


def legible_px(glyph_px: int) -> int:
    """The smallest size text may shrink to when it does not fit at glyph_px (see LEGIBLE_SHARE)."""
    return max(12, math.ceil(glyph_px * LEGIBLE_SHARE))


def notice_px(banner_height: int) -> int:
    """Height of the announcement band across the bottom of the wall while one shows."""
    return round(banner_height * NOTICE_PER_BANNER)


def longest_title_fits(geometry: WallGeometry, glyph_px: int, reserve_top: int) -> bool:
    """Whether a card alone on the roomiest screen holds the longest title at the legibility
    limit, with its meta line, even while an announcement shows below: past that, no paging
    can show every idea whole."""
    reserve_bottom = notice_px(reserve_top)
    try:
        plan = plan_cards(
            geometry,
            1,
            min_glyph_px=glyph_px,
            reserve_top=reserve_top,
            reserve_bottom=reserve_bottom,
        )
    except LayoutError:
        return False
    if not plan.slots:
        return False
    font = legible_px(glyph_px)
    usable = _usable_areas(geometry, reserve_top, reserve_bottom)
    # The renderer gives a lone card the whole screen below the banner (see modes.js ideas).
    card_w, card_h = max((rect.w - 32, rect.h - 32) for _, rect in usable)
    per_line = max(1, int((card_w - 0.9 * font) / (BOLD_ADVANCE_EM * font)))
    lines = math.ceil(LONGEST_TITLE_CHARS * WRAP_SLACK / per_line)
    return lines * TITLE_LINE_EM * font + CARD_REST_EM * font <= card_h


def max_viewing_distance_m(geometry: WallGeometry, pixel_pitch_mm: float) -> float:
    """The furthest viewing distance (in the form's steps) at which this wall shows everything
    whole; the wall form refuses a distance beyond it. 0 when even the nearest step fails."""

    def fits(distance: float) -> bool:
        glyph = min_glyph_px(distance, pixel_pitch_mm)
        return longest_title_fits(geometry, glyph, banner_px(glyph))

    steps = int(MAX_DISTANCE_M / DISTANCE_STEP_M)
    if not fits(DISTANCE_STEP_M):
        return 0.0
    low, high = 1, steps  # fits(low * step) holds; text only grows with distance, so bisect
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle * DISTANCE_STEP_M):
            low = middle
        else:
            high = middle - 1
    return low * DISTANCE_STEP_M


def _usable_areas(
    geometry: WallGeometry, reserve_top: int, reserve_bottom: int
) -> list[tuple[str, Rect]]:
    top_band_end = geometry.canvas.y + reserve_top
    bottom_band_start = geometry.canvas.bottom - reserve_bottom
    out = []
    for screen in geometry.screens:
        top = max(screen.rect.y, top_band_end)
        bottom = min(screen.rect.bottom, bottom_band_start)
        out.append((screen.key, Rect(screen.rect.x, top, screen.rect.w, max(0, bottom - top))))
    return out


def plan_cards(
    geometry: WallGeometry,
    n_items: int,
    *,
    min_glyph_px: int,
    card_aspect: tuple[int, int] = (4, 3),
    reserve_top: int = 0,
    reserve_bottom: int = 0,
    gap: int = 16,
) -> CardPlan:
    """Size the cards and lay out their slots, each wholly inside one screen.

    Cards are as large as possible while one page still holds all n_items. When that would
    take text below min_glyph_px, a page holds as many cards as the smallest readable size
    allows (drawn as large as that count permits) and the items spill onto further pages.
    If even that card is wider or taller than every screen, the card shrinks to fit the
    largest screen and keeps the readable font: shorter lines, never smaller text.
    reserve_top / reserve_bottom keep bands at the top and bottom of the canvas
    free for spanning elements such as the countdown banner. Slots come in reading order:
    screens top to bottom, then left to right, then card rows within a screen.
    """
    aspect_w, aspect_h = card_aspect
    for name, value, least in (
        ("n_items", n_items, 0),
        ("min_glyph_px", min_glyph_px, 1),
        ("card aspect width", aspect_w, 1),
        ("card aspect height", aspect_h, 1),
        ("reserve_top", reserve_top, 0),
        ("reserve_bottom", reserve_bottom, 0),
        ("gap", gap, 0),
    ):
        if not _is_int(value) or value < least:
            raise ValueError(f"{name} must be a whole number >= {least}, got {value!r}")

    screens = sorted(geometry.screens, key=lambda s: (s.rect.y, s.rect.x, s.key))
    canvas = geometry.canvas
    top_band_end = canvas.y + reserve_top
    bottom_band_start = canvas.bottom - reserve_bottom
    usable = []
    for screen in screens:
        top = max(screen.rect.y, top_band_end)
        bottom = min(screen.rect.bottom, bottom_band_start)
        usable.append((screen.key, Rect(screen.rect.x, top, screen.rect.w, max(0, bottom - top))))

    def card_h_for(card_w: int) -> int:
        return _card_h(card_w, card_aspect)

    def fit(length: int, card: int) -> int:
        # n cards with a gap before, between and after each: n * card + (n + 1) * gap <= length
        return max(0, (length - gap) // (card + gap))

    def capacity(card_w: int) -> int:
        card_h = card_h_for(card_w)
        return sum(fit(rect.w, card_w) * fit(rect.h, card_h) for _, rect in usable)

    largest = max((_largest_card_w(rect, gap, card_aspect) for _, rect in usable), default=0)
    if largest < min_glyph_px or card_h_for(largest) < min_glyph_px:
        raise LayoutError(
            "no screen has room for a readable card; reduce the reserved bands or the gap, "
            "or view the wall from closer"
        )
    readable_w = min(CARD_WIDTH_EM * min_glyph_px, largest)
    # Aim to show every item at once; if even the smallest readable cards cannot, aim for a
    # page as full as those cards make it, but with the largest card that still holds as many.
    target = min(n_items, capacity(readable_w))
    # Capacity only falls as cards grow, so bisect for the largest card that meets the target.
    low, high = readable_w, largest
    while low < high:
        middle = (low + high + 1) // 2
        if capacity(middle) >= target:
            low = middle
        else:
            high = middle - 1
    card_w = low
    card_h = card_h_for(card_w)
    font_px = max(min_glyph_px, card_w // CARD_WIDTH_EM)

    slots = []
    for key, rect in usable:
        cols, rows = fit(rect.w, card_w), fit(rect.h, card_h)
        if not cols or not rows:
            continue
        # Centre the block of cards so the spare pixels become an even margin.
        left = rect.x + (rect.w - cols * card_w - (cols - 1) * gap) // 2
        top = rect.y + (rect.h - rows * card_h - (rows - 1) * gap) // 2
        for row in range(rows):
            for col in range(cols):
                x = left + col * (card_w + gap)
                y = top + row * (card_h + gap)
                slots.append(Slot(key, Rect(x, y, card_w, card_h)))
    return CardPlan(tuple(slots), len(slots), font_px, card_w, card_h)


def paginate(item_ids: Sequence[str], plan: CardPlan) -> list[list[tuple[str, Slot]]]:
    """Deal items into pages of slots in the order given; no items means no pages.

    Item i always goes to page i // per_page, slot i % per_page, so appending items never
    moves the ones already shown.
    """
    if len(set(item_ids)) != len(item_ids):
        raise LayoutError("each item may appear only once on the wall")
    if item_ids and plan.per_page == 0:
        raise LayoutError("the plan has no slots to put items in")
    pages: list[list[tuple[str, Slot]]] = []
    for index, item_id in enumerate(item_ids):
        if index % plan.per_page == 0:
            pages.append([])
        pages[-1].append((item_id, plan.slots[index % plan.per_page]))
    return pages


def banner(geometry: WallGeometry, height_px: int, *, edge: str = "top") -> Rect:
    """A band across the whole canvas width at its top or bottom edge; it may cross bezels.

    Pass the same height as reserve_top (or reserve_bottom) to plan_cards so no card sits
    under it.
    """
    if not _is_int(height_px) or height_px < 1:
        raise ValueError(f"banner height must be a whole number >= 1, got {height_px!r}")
    canvas = geometry.canvas
    height = min(height_px, canvas.h)
    if edge == "top":
        return Rect(canvas.x, canvas.y, canvas.w, height)
    if edge == "bottom":
        return Rect(canvas.x, canvas.bottom - height, canvas.w, height)
    raise ValueError(f'edge must be "top" or "bottom", got {edge!r}')


def _card_h(card_w: int, aspect: tuple[int, int]) -> int:
    return max(1, round(card_w * aspect[1] / aspect[0]))


def _largest_card_w(rect: Rect, gap: int, aspect: tuple[int, int]) -> int:
    """Widest card (with a gap all round) that fits once inside rect; 0 when none does."""
    room_w, room_h = rect.w - 2 * gap, rect.h - 2 * gap
    if room_w <= 0 or room_h <= 0:
        return 0
    # Start just above the height limit and step down past any rounding overshoot.
    card_w = min(room_w, room_h * aspect[0] // aspect[1] + 1)
    while card_w > 0 and _card_h(card_w, aspect) > room_h:
        card_w -= 1
    return card_w


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_screens(screens: tuple[Screen, ...]) -> None:
    if not screens:
        raise GeometryError("a wall needs at least one screen")
    if len(screens) > MAX_SCREENS:
        raise GeometryError(f"a wall has at most {MAX_SCREENS} screens, got {len(screens)}")
    seen: set[str] = set()
    for screen in screens:
        key, rect = screen.key, screen.rect
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
            raise GeometryError(f"screen key must be text of 1-{MAX_KEY_LENGTH} characters")
        if key in seen:
            raise GeometryError(f"screen key {key!r} is used twice")
        seen.add(key)
        values = (rect.x, rect.y, rect.w, rect.h)
        if not all(_is_int(value) for value in values):
            raise GeometryError(f"screen {key!r}: position and size must be whole pixels")
        if rect.w <= 0 or rect.h <= 0:
            raise GeometryError(f"screen {key!r}: width and height must be positive")
        if rect.x < 0 or rect.y < 0:
            raise GeometryError(f"screen {key!r}: the canvas starts at 0, 0; no negative positions")
        if rect.right > MAX_CANVAS_PX or rect.bottom > MAX_CANVAS_PX:
            raise GeometryError(
                f"screen {key!r} reaches past {MAX_CANVAS_PX:,} px; the canvas is at most "
                f"{MAX_CANVAS_PX:,} x {MAX_CANVAS_PX:,} px"
            )
    # Screens are few (at most 400), so the plain pairwise check is cheap enough.
    for index, screen in enumerate(screens):
        for other in screens[index + 1 :]:
            if screen.rect.intersects(other.rect):
                raise GeometryError(f"screens {screen.key!r} and {other.key!r} overlap")
