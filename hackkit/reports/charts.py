"""The report's charts as inline SVG, drawn on the server: no script, no CDN, and the same
picture in the browser, in print and in a saved page.

Pure: numbers and labels in, an SVG string out. Every label is escaped; sizes are in the SVG's
own units and scale with the page (``viewBox``).
"""

from __future__ import annotations

from html import escape

ACCENT = "#3b3bd6"
MUTED = "#6b6b80"
LINE = "#d8d8e2"
WARM = "#c2410c"
FONT = 'font-family="system-ui, sans-serif"'


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _fmt(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def columns(labels: list[str], values: list[float], title: str, *, colour: str = ACCENT) -> str:
    """Vertical bars with their value on top and their label under (a distribution)."""
    width, height, pad, foot = 480, 200, 24, 34
    n = max(1, len(values))
    slot = (width - 2 * pad) / n
    top = max(values, default=0) or 1
    usable = height - foot - 22
    body = [
        f'<line x1="{pad}" y1="{height - foot}" x2="{width - pad}" y2="{height - foot}" '
        f'stroke="{LINE}"/>'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = usable * value / top
        x = pad + i * slot + slot * 0.15
        y = height - foot - h
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{colour}" rx="2"/>'
        )
        cx = pad + (i + 0.5) * slot
        body.append(
            f'<text x="{cx:.1f}" y="{y - 5:.1f}" text-anchor="middle" font-size="13" {FONT} '
            f'fill="#222">{_fmt(value)}</text>'
        )
        body.append(
            f'<text x="{cx:.1f}" y="{height - foot + 18}" text-anchor="middle" font-size="13" '
            f'{FONT} fill="{MUTED}">{escape(_clip(label, 10))}</text>'
        )
    return _svg(width, height, body, title)


def bars(items: list[tuple[str, float]], title: str, *, colour: str = ACCENT) -> str:
    """Horizontal bars, one labelled row each (categories: roles, countries, challenges)."""
    row, label_w, width = 26, 170, 480
    height = max(1, len(items)) * row + 8
    top = max((v for _, v in items), default=0) or 1
    body = []
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = (width - label_w - 50) * value / top
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" {FONT} '
            f'fill="#222">{escape(_clip(label, 24))}</text>'
        )
        body.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row - 9}" '
            f'fill="{colour}" rx="2"/>'
        )
        body.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="13" {FONT} '
            f'fill="{MUTED}">{_fmt(value)}</text>'
        )
    return _svg(width, height, body, title)


def line(points: list[tuple[str, int]], title: str) -> str:
    """A rising line of a cumulative count over time, first and last labels under it."""
    width, height, pad, foot = 480, 180, 36, 30
    if not points:
        return _svg(width, height, [], title)
    top = max(v for _, v in points) or 1
    n = len(points)
    xs = [pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    ys = [height - foot - (height - foot - 16) * v / top for _, v in points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    body = [
        f'<line x1="{pad}" y1="{height - foot}" x2="{width - pad}" y2="{height - foot}" '
        f'stroke="{LINE}"/>',
        f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="3"/>',
        f'<text x="{pad}" y="{height - 8}" font-size="12" {FONT} fill="{MUTED}">'
        f"{escape(points[0][0])}</text>",
        f'<text x="{xs[-1]:.1f}" y="{ys[-1] - 8:.1f}" text-anchor="end" font-size="13" {FONT} '
        f'fill="#222">{points[-1][1]}</text>',
    ]
    if n > 1:
        body.append(
            f'<text x="{width - pad}" y="{height - 8}" text-anchor="end" font-size="12" {FONT} '
            f'fill="{MUTED}">{escape(points[-1][0])}</text>'
        )
    if n <= 48:  # each hour a dot: a single hour is then still a visible mark
        body += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{ACCENT}"/>'
            for x, y in zip(xs, ys, strict=True)
        ]
    return _svg(width, height, body, title)


def interval(
    mean: float, low: float | None, high: float | None, scale: tuple[int, int], title: str
) -> str:
    """A mean as a dot on its scale, with its confidence interval as a whisker."""
    width, height, pad = 480, 58, 24
    lo, hi = scale

    def x(v: float) -> float:
        v = min(max(v, lo), hi)
        return pad + (width - 2 * pad) * (v - lo) / (hi - lo)

    body = [
        f'<line x1="{pad}" y1="22" x2="{width - pad}" y2="22" stroke="{LINE}" stroke-width="6" '
        'stroke-linecap="round"/>'
    ]
    for v in range(lo, hi + 1):
        body.append(
            f'<text x="{x(v):.1f}" y="50" text-anchor="middle" font-size="12" {FONT} '
            f'fill="{MUTED}">{v}</text>'
        )
    if low is not None and high is not None:
        body.append(
            f'<line x1="{x(low):.1f}" y1="22" x2="{x(high):.1f}" y2="22" stroke="{WARM}" '
            'stroke-width="6" stroke-linecap="round"/>'
        )
    body.append(f'<circle cx="{x(mean):.1f}" cy="22" r="8" fill="{ACCENT}"/>')
    return _svg(width, height, body, title)


def before_after(before: float | None, after: float | None, title: str) -> str:
    """Two bars on the 1-5 scale: the mean self-assessment before and after."""
    items = [("Before", before or 0.0), ("After", after or 0.0)]
    row, label_w, width = 28, 70, 480
    body = []
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = (width - label_w - 60) * value / 5
        colour = MUTED if i == 0 else ACCENT
        body.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="13" {FONT}>'
            f"{label}</text>"
            f'<rect x="{label_w}" y="{y + 5}" width="{max(w, 1):.1f}" height="{row - 10}" '
            f'fill="{colour}" rx="2"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 18}" font-size="13" {FONT}>'
            f"{value:.2f}</text>"
        )
    return _svg(width, 2 * row + 8, body, title)
