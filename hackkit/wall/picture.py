"""The wall as a schematic picture, drawn on the server with Pillow: no browser needed.

``hackkit wall preview`` uses it by default, so a plain install (without Playwright, a
development tool) can check a wall before the event. It draws what each screen's page draws
(``static/js/wall/modes.js``): the banner with the event, the mode and the countdown; then per
mode the join QR code and code, idea cards, result bars, the phase and its countdown, the
announcement, team cards, progress posts or each screen's number. Positions come from the same
pure layout (``layout.plan_cards``); fonts and details differ from the browser's, which is fine for
checking which screen shows what, and whether text fits.

Pure: a WallView (``schematic.py``) in, a Pillow image out.
"""

from __future__ import annotations

import io
import re
from typing import Any

import segno
from PIL import Image, ImageDraw, ImageFont

from hackkit.wall.layout import LayoutError, Rect, WallGeometry, banner, paginate, plan_cards
from hackkit.wall.schematic import MODE_TITLES, WallView

BEZEL = (38, 38, 44)
BACKGROUND = (0, 0, 0)
TEXT = (244, 244, 248)
MUTED = (169, 169, 196)
BANNER = (28, 28, 60)
ACCENT = (59, 59, 214)
TITLE = (184, 184, 255)
COUNTDOWN = (255, 212, 121)
CARD = (26, 26, 38)
CARD_TOP = (59, 59, 214)
TEAM_TOP = (30, 122, 60)
POST_TOP = (194, 65, 12)
BAR = (59, 59, 140)
TAKEOVER = (42, 42, 102)
SCREEN_LABEL = (120, 120, 150)


def _font(px: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(6, int(px)))


def _wrap(text: str, font: Any, width: float, max_lines: int) -> list[str]:
    """Words into lines no wider than ``width``; the last kept line ends with … when cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    return [_clip(line, font, width) for line in lines]


def _clip(text: str, font: Any, width: float) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _fit_px(text: str, width: float, height: float, *, low: int, high: float) -> int:
    """The largest font size (not below ``low``) at which ``text`` fits on one line."""
    size = int(min(high, height))
    while size > low and _font(size).getlength(text) > width:
        size = int(size * 0.9)
    return max(low, size)


def _centred(draw: ImageDraw.ImageDraw, rect: Rect, lines: list[tuple[str, int, tuple]]) -> None:
    """Lines (text, size, colour) centred as a block in ``rect``."""
    total = sum(int(size * 1.25) for _, size, _ in lines)
    if total > rect.h:  # too tight (the screens drop lines here): shrink rather than overflow
        lines = [(text, max(6, int(size * rect.h / total)), colour) for text, size, colour in lines]
        total = sum(int(size * 1.25) for _, size, _ in lines)
    y = rect.y + (rect.h - total) / 2
    for text, size, colour in lines:
        font = _font(size)
        shown = _clip(text, font, rect.w * 0.94)
        x = rect.x + (rect.w - font.getlength(shown)) / 2
        draw.text((x, y), shown, font=font, fill=colour)
        y += int(size * 1.25)


def _screens_by_row(geometry: WallGeometry) -> list[Any]:
    return sorted(geometry.screens, key=lambda s: (s.rect.y, s.rect.x))


def _area_below(rect: Rect, top: int) -> Rect | None:
    start = max(rect.y, top)
    return Rect(rect.x, start, rect.w, rect.bottom - start) if rect.bottom > start else None


def _draw_banner(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    band = banner(geometry, view.banner_px)
    draw.rectangle((band.x, band.y, band.right - 1, band.bottom - 1), fill=BANNER)
    draw.rectangle((band.x, band.bottom - 3, band.right - 1, band.bottom - 1), fill=ACCENT)
    top_row = [s for s in geometry.screens if s.rect.y < band.bottom]
    top_row.sort(key=lambda s: s.rect.x)
    title = MODE_TITLES.get(view.mode, view.mode)
    if view.mode == "results" and view.result_title:
        title = view.result_title
    phase = f"{view.phase_name}  {view.remaining}".strip()
    parts = [(view.event_name, TEXT), (title, TITLE), (phase, COUNTDOWN)]
    font = _font(view.glyph_px)
    y = band.y + (band.h - 3 - view.glyph_px * 1.2) / 2
    # As on the screens, each part sits inside one screen, so no bezel cuts through a word.
    if len(top_row) >= 3:
        placed = [
            (top_row[0], "left"),
            (top_row[len(top_row) // 2], "centre"),
            (top_row[-1], "right"),
        ]
    else:
        placed = [(top_row[0], "left"), (top_row[0], "centre"), (top_row[-1], "right")]
    pad = view.glyph_px * 0.6
    for (text, colour), (screen, align) in zip(parts, placed, strict=True):
        rect = screen.rect
        room = rect.w - 2 * pad if len(top_row) >= 3 else rect.w / 3 - pad
        shown = _clip(text, font, room)
        width = font.getlength(shown)
        x = {
            "left": rect.x + pad,
            "centre": rect.x + (rect.w - width) / 2,
            "right": rect.right - pad - width,
        }[align]
        draw.text((x, y), shown, font=font, fill=colour)


def _qr_image(url: str, size: int) -> Image.Image:
    buffer = io.BytesIO()
    segno.make(url or "-", error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB").resize((size, size), Image.Resampling.NEAREST)


def _draw_join(image: Image.Image, draw: ImageDraw.ImageDraw, area: Rect, view: WallView) -> None:
    g = view.glyph_px
    pad = int(g * 0.5)
    w, h = area.w - 2 * pad, area.h - 2 * pad
    if h < g * 3 or w < g * 3:
        return
    portrait = w < h * 1.2
    qr = int(min(w * 0.85, h * 0.55) if portrait else min(h, w * 0.45))
    if portrait:
        image.paste(_qr_image(view.join_url, qr), (area.x + (area.w - qr) // 2, area.y + pad))
        info = Rect(area.x + pad, area.y + pad + qr + pad, w, max(1, h - qr - pad))
    else:
        image.paste(_qr_image(view.join_url, qr), (area.x + pad, area.y + pad + (h - qr) // 2))
        info = Rect(area.x + pad + qr + pad, area.y + pad, max(1, w - qr - pad), h)
    url = re.sub(r"^https?://", "", view.join_url)
    code = _fit_px(view.code, info.w * 0.9, info.h * 0.4, low=g, high=g * 3)
    _centred(
        draw,
        info,
        [
            ("JOIN AT", g, MUTED),
            (url, g, TEXT),
            ("CODE", g, MUTED),
            (view.code, code, TITLE),
            (f"{view.participants} joined", g, TEXT),
        ],
    )


def _draw_card(
    draw: ImageDraw.ImageDraw, rect: Rect, font_px: int, title: str, detail: str, top: tuple
) -> None:
    draw.rectangle((rect.x, rect.y, rect.right - 1, rect.bottom - 1), fill=CARD)
    draw.rectangle((rect.x, rect.y, rect.right - 1, rect.y + max(2, font_px // 6)), fill=top)
    pad = font_px * 0.6
    title_font = _font(font_px * 1.05)
    y = rect.y + pad
    for line in _wrap(title, title_font, rect.w - 2 * pad, 2):
        draw.text((rect.x + pad, y), line, font=title_font, fill=TEXT)
        y += font_px * 1.1
    detail_font = _font(font_px * 0.8)
    shown = _clip(detail, detail_font, rect.w - 2 * pad)
    draw.text((rect.x + pad, rect.bottom - pad - font_px), shown, font=detail_font, fill=MUTED)


def _plan(geometry: WallGeometry, n: int, view: WallView, **options: Any) -> Any:
    options.setdefault("reserve_top", view.banner_px)
    try:
        return plan_cards(geometry, n, min_glyph_px=view.glyph_px, **options)
    except LayoutError:
        return None


def _empty_note(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView, text: str):
    for screen in geometry.screens:
        area = _area_below(screen.rect, view.banner_px)
        if area and area.h > view.glyph_px * 2:
            _centred(draw, area, [(text, int(view.glyph_px * 1.4), MUTED)])


def _draw_ideas(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    if not view.ideas:
        return _empty_note(draw, geometry, view, "Ideas appear here as teams submit them.")
    plan = _plan(geometry, len(view.ideas), view)
    if plan is None:
        return None
    pages = paginate([str(i) for i in range(len(view.ideas))], plan)
    for item, slot in pages[0]:  # the first page, as the screens show it at the epoch
        title, detail = view.ideas[int(item)]
        _draw_card(draw, slot.rect, plan.font_px, title, detail, CARD_TOP)
    return None


def _draw_teams(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    g = view.glyph_px
    band_h = round(g * 2.6)
    canvas = geometry.canvas
    people = view.participants
    share = min(1.0, view.placed / people) if people else 0.0
    top = view.banner_px
    draw.rectangle((0, top, canvas.w - 1, top + round(g * 0.9)), fill=CARD)
    draw.rectangle((0, top, int((canvas.w - 1) * share), top + round(g * 0.9)), fill=TEAM_TOP)
    first = _screens_by_row(geometry)[0].rect
    label = f"{view.placed} of {people} people are in a team · {len(view.teams)} teams"
    draw.text((first.x + g * 0.6, top + g * 1.1), label, font=_font(g), fill=TEXT)
    plan = _plan(geometry, max(1, len(view.teams)), view, reserve_top=top + band_h)
    if plan is None or not view.teams:
        return
    for item, slot in paginate([str(i) for i in range(len(view.teams))], plan)[0]:
        name, count = view.teams[int(item)]
        _draw_card(draw, slot.rect, plan.font_px, name, count, TEAM_TOP)


def _draw_progress(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    if not view.posts:
        return _empty_note(draw, geometry, view, "Teams' progress posts appear here.")
    plan = _plan(geometry, len(view.posts), view)
    if plan is None:
        return None
    for item, slot in paginate([str(i) for i in range(len(view.posts))], plan)[0]:
        text, detail = view.posts[int(item)]
        _draw_card(draw, slot.rect, plan.font_px, text, detail, POST_TOP)
    return None


def _draw_survey(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    # The schematic shows where the survey goes; its live figures are the screens' own.
    return _empty_note(draw, geometry, view, "The survey's answers appear here as they arrive.")


def _draw_results(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    if not view.results:
        text = view.result_title or "Results will appear here when voting starts."
        return _empty_note(draw, geometry, view, text)
    plan = _plan(geometry, len(view.results), view, card_aspect=(6, 1))
    if plan is None:
        return None
    best = max((score for _, _, score in view.results), default=0) or 1
    for item, slot in paginate([str(i) for i in range(len(view.results))], plan)[0]:
        rank, label, score = view.results[int(item)]
        r = slot.rect
        draw.rectangle((r.x, r.y, r.right - 1, r.bottom - 1), fill=CARD)
        filled = r.x + int((r.w - 1) * max(0.0, score / best))
        draw.rectangle((r.x, r.y, filled, r.bottom - 1), fill=BAR)
        font = _font(plan.font_px)
        y = r.y + (r.h - plan.font_px * 1.2) / 2
        draw.text((r.x + plan.font_px * 0.5, y), str(rank), font=font, fill=COUNTDOWN)
        value = f"{round(score, 2):g}"
        room = r.w - plan.font_px * 3 - font.getlength(value)
        draw.text((r.x + plan.font_px * 2, y), _clip(label, font, room), font=font, fill=TEXT)
        draw.text((r.right - plan.font_px * 0.5 - font.getlength(value), y), value, font=font)
    return None


def _row_bands(geometry: WallGeometry, top: int) -> list[Rect]:
    """Each row of screens below ``top`` as a band the width of the canvas."""
    rows: dict[tuple[int, int], None] = {}
    for screen in _screens_by_row(geometry):
        area = _area_below(screen.rect, top)
        if area:
            rows[(area.y, area.bottom)] = None
    width = geometry.canvas.w
    return [Rect(0, y, width, bottom - y) for y, bottom in rows]


def _draw_agenda(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    bands = _row_bands(geometry, view.banner_px)
    if not bands:
        return
    words = bands[0]
    title = view.phase_name or "Starting soon"
    after = f"Next: {view.next_phase}" if view.next_phase else ""
    g = view.glyph_px
    if len(bands) > 1:
        clock = Rect(0, bands[1].y, words.w, bands[-1].bottom - bands[1].y)
        digits = int(min(clock.h * 0.8, clock.w / 4.6))
        name = _fit_px(title, words.w * 0.9, words.h * 0.4, low=g, high=words.h * 0.4)
        _centred(draw, words, [(title, name, TEXT), (after, max(g, int(name * 0.6)), MUTED)])
        _centred(draw, clock, [(view.remaining or "--:--", digits, TEXT)])
    else:
        digits = int(min(words.h * 0.42, words.w / 4.6))
        name = max(g, int(digits * 0.22))
        lines = [(title, name, TEXT), (view.remaining or "--:--", digits, TEXT)]
        _centred(draw, words, [*lines, (after, max(g, int(name * 0.6)), MUTED)])


def _draw_announcement(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    text = view.message or view.event_name
    for band in _row_bands(geometry, view.banner_px):
        draw.rectangle((band.x, band.y, band.right - 1, band.bottom - 1), fill=TAKEOVER)
    for band in _row_bands(geometry, view.banner_px):
        size = _fit_px(text, band.w * 0.86, band.h * 0.8, low=view.glyph_px, high=band.h / 3)
        lines = _wrap(text, _font(size), band.w * 0.86, max(1, int(band.h * 0.8 // (size * 1.25))))
        _centred(draw, band, [(line, size, TEXT) for line in lines])


def _draw_help(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    lines = view.help_lines or ["0 teams waiting for a mentor"]
    longest = max(lines, key=len)
    for screen in geometry.screens:
        area = _area_below(screen.rect, view.banner_px)
        if not area:
            continue
        size = _fit_px(
            longest, area.w * 0.86, area.h * 0.8 / len(lines), low=view.glyph_px, high=area.h / 6
        )
        _centred(draw, area, [(line, size, TEXT) for line in lines])


def _draw_identify(draw: ImageDraw.ImageDraw, geometry: WallGeometry, view: WallView) -> None:
    for screen in geometry.screens:
        r = screen.rect
        number = view.screen_numbers.get(screen.key)
        size = int(min(r.h * 0.4, r.w * 0.3))
        match = re.fullmatch(r"r(\d+)c(\d+)", screen.key)
        where = f"row {int(match[1]) + 1}, column {int(match[2]) + 1}" if match else screen.key
        small = max(view.glyph_px, size // 4)
        _centred(
            draw,
            r,
            [
                ("?" if number is None else str(number), size, TEXT),
                (f"{where} · {view.wall_name}", small, MUTED),
            ],
        )


def draw_wall(geometry: WallGeometry, view: WallView) -> Image.Image:
    """The whole wall at canvas size: each screen's tile drawn, the bezels in between."""
    canvas = geometry.canvas
    content = Image.new("RGB", (canvas.w, canvas.h), BACKGROUND)
    draw = ImageDraw.Draw(content)
    if view.mode != "identify" and view.banner_px:
        _draw_banner(draw, geometry, view)
    if view.mode == "join":
        for screen in geometry.screens:
            area = _area_below(screen.rect, view.banner_px)
            if area:
                _draw_join(content, draw, area, view)
    else:
        drawers = {
            "ideas": _draw_ideas,
            "teams": _draw_teams,
            "results": _draw_results,
            "agenda": _draw_agenda,
            "announcement": _draw_announcement,
            "identify": _draw_identify,
            "progress": _draw_progress,
            "survey": _draw_survey,
            "help": _draw_help,
        }
        drawers.get(view.mode, _draw_ideas)(draw, geometry, view)
    # Only the screens show anything: what falls between them is hidden behind the bezels.
    image = Image.new("RGB", (canvas.w, canvas.h), BEZEL)
    mask = Image.new("L", (canvas.w, canvas.h), 0)
    mask_draw = ImageDraw.Draw(mask)
    for screen in geometry.screens:
        r = screen.rect
        mask_draw.rectangle((r.x, r.y, r.right - 1, r.bottom - 1), fill=255)
    image.paste(content, (0, 0), mask)
    labels = ImageDraw.Draw(image)
    small = _font(max(10, view.glyph_px * 0.5))
    for screen in geometry.screens:  # which tile is which, as the console names positions
        r = screen.rect
        labels.text((r.x + 4, r.bottom - small.size - 6), screen.key, font=small, fill=SCREEN_LABEL)
    return image
