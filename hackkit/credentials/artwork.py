"""The badge pictures the instance draws: a PNG (Pillow) and an SVG, one look per kind.

They carry no personal data; the baked copies (baking.py) add the credential itself.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache
from html import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
# Colour pairs (ring, fill) per kind, dark enough for white text (contrast above 4.5:1).
COLOURS = {
    "participated": ("#0b4f6c", "#1d6f94"),
    "team_member": ("#3d2b73", "#5a43a0"),
    "juror": ("#6b3a00", "#8f4f00"),
    "mentor": ("#1d5c4a", "#23755d"),
    "placed": ("#7a1f1f", "#a12b2b"),
}
LABELS = {
    "participated": "PARTICIPANT",
    "team_member": "TEAM MEMBER",
    "juror": "JUROR",
    "mentor": "MENTOR",
    "placed": "PLACED",
}
EVENT_LINE_CHARS = 16
EVENT_LINES = 3
LABEL_WIDTH = 280  # px: inside the inner circle at the label's height


FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD_FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@lru_cache(maxsize=32)
def _font(size: int, file: str = FONT_FILE) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # DejaVu draws accented and non-Latin names; Pillow's own font is the fallback.
    try:
        return ImageFont.truetype(file, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _event_lines(event_name: str) -> list[str]:
    lines = textwrap.wrap(event_name, EVENT_LINE_CHARS)[:EVENT_LINES] or [""]
    return lines


def badge_png(kind: str, event_name: str) -> bytes:
    """A round badge: the kind's label and the event's name, as PNG bytes."""
    ring, fill = COLOURS.get(kind, COLOURS["participated"])
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, SIZE - 4, SIZE - 4), fill=ring)
    draw.ellipse((28, 28, SIZE - 28, SIZE - 28), fill=fill)
    label = LABELS.get(kind, kind.upper())
    size = 40
    label_font = _font(size, BOLD_FONT_FILE)
    while size > 16 and draw.textlength(label, font=label_font) > LABEL_WIDTH:
        size -= 2  # a long label gets smaller rather than touching the ring
        label_font = _font(size, BOLD_FONT_FILE)
    event_font = _font(30)
    draw.text((SIZE / 2, 130), label, font=label_font, fill="white", anchor="mm")
    for n, line in enumerate(_event_lines(event_name)):
        draw.text((SIZE / 2, 205 + n * 38), line, font=event_font, fill="white", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def badge_svg(kind: str, event_name: str) -> str:
    """The same badge as SVG text."""
    ring, fill = COLOURS.get(kind, COLOURS["participated"])
    label = LABELS.get(kind, kind.upper())
    # Bold capitals are about 0.75 em wide: a long label gets smaller to stay inside the ring.
    label_size = min(40, int(LABEL_WIDTH / (0.75 * max(1, len(label)))))
    lines = "".join(
        f'<text x="200" y="{215 + n * 38}" font-size="30">{escape(line)}</text>'
        for n, line in enumerate(_event_lines(event_name))
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}">'
        f'<circle cx="200" cy="200" r="196" fill="{ring}"/>'
        f'<circle cx="200" cy="200" r="172" fill="{fill}"/>'
        '<g fill="#fff" font-family="DejaVu Sans, sans-serif" text-anchor="middle">'
        f'<text x="200" y="144" font-size="{label_size}" font-weight="bold">'
        f"{escape(label)}</text>{lines}</g></svg>"
    )
