"""The printable certificate: one A4 landscape page with a QR code to the verify page.

The PDF is a convenience for people; what proves anything is the credential the QR code leads
to (the verify page checks the stored, signed credential), so the page repeats only what the
credential says.
"""

from __future__ import annotations

import io

import segno
from fpdf import FPDF

from hackkit.credentials.artwork import badge_png

FONT = "DejaVu"
# What fits above the footer with the longest title and name the credential allows.
DESCRIPTION_CHARS = 280
FOOTER_Y = 150.0  # mm: where the issue line starts (the QR code sits beside it at 140)
MIN_SCALE = 0.5
FOOTER_EVENT_CHARS = 60
FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def _font(pdf: FPDF) -> str:
    """DejaVu when the system has it (any script a name uses), else the core Helvetica."""
    try:
        pdf.add_font(FONT, "", f"{FONT_DIR}/DejaVuSans.ttf")
        pdf.add_font(FONT, "B", f"{FONT_DIR}/DejaVuSans-Bold.ttf")
    except (FileNotFoundError, OSError, RuntimeError):
        return "Helvetica"
    return FONT


def _latin(text: str, family: str) -> str:
    # The core font knows Latin-1 only: replace what it cannot draw rather than fail.
    return text if family == FONT else text.encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(
    *,
    recipient: str,
    title: str,
    description: str,
    event_name: str,
    issued: str,
    issuer_id: str,
    verify_url: str,
    kind: str,
) -> bytes:
    """The certificate as PDF bytes."""
    pdf, _bottom = certificate_layout(
        recipient=recipient,
        title=title,
        description=description,
        event_name=event_name,
        issued=issued,
        issuer_id=issuer_id,
        verify_url=verify_url,
        kind=kind,
    )
    return pdf


def certificate_layout(*, scale: float = 1.0, **texts: str) -> tuple[bytes, float]:
    """The laid-out page and where its body ends (mm). Long texts are drawn smaller, step by
    step, until the body ends above the footer (the issue line and the QR code)."""
    pdf, bottom = _draw(scale, **texts)
    while bottom > FOOTER_Y and scale > MIN_SCALE:
        scale = round(scale - 0.1, 2)
        pdf, bottom = _draw(scale, **texts)
    return pdf, bottom


def _finish(pdf: FPDF) -> bytes:
    """The PDF's bytes; the font files fpdf2 opened lazily are closed (not left to the GC)."""
    try:
        return bytes(pdf.output())
    finally:
        for font in pdf.fonts.values():
            close = getattr(font, "close", None)
            if close is not None:
                close()


def _draw(
    scale: float,
    *,
    recipient: str,
    title: str,
    description: str,
    event_name: str,
    issued: str,
    issuer_id: str,
    verify_url: str,
    kind: str,
) -> tuple[bytes, float]:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"{title} - {recipient}")
    pdf.set_creator("hackkit")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    family = _font(pdf)
    text = lambda value: _latin(value, family)  # noqa: E731
    pdf.set_draw_color(11, 79, 108)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.image(io.BytesIO(badge_png(kind, event_name)), x=20, y=22, w=55)
    pdf.set_xy(85, 28)
    pdf.set_font(family, "", 14)
    pdf.cell(190, 8, text("Certificate"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(85, 40)
    pdf.set_font(family, "B", 26 * scale)
    pdf.multi_cell(190, 12 * scale, text(title))
    pdf.set_x(85)
    pdf.set_font(family, "", 14 * scale)
    pdf.cell(190, 10 * scale, text("awarded to"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(85)
    pdf.set_font(family, "B", 30 * scale)
    pdf.multi_cell(190, 14 * scale, text(recipient))
    pdf.set_x(85)
    pdf.set_font(family, "", 13 * scale)
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS - 1].rstrip() + "…"
    pdf.multi_cell(190, 7 * scale, text(description))
    bottom = pdf.get_y()
    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=8, border=2)
    pdf.image(qr, x=232, y=140, w=45)
    pdf.set_xy(20, FOOTER_Y)
    pdf.set_font(family, "", 10)
    if len(event_name) > FOOTER_EVENT_CHARS:
        event_name = event_name[: FOOTER_EVENT_CHARS - 1].rstrip() + "…"
    pdf.multi_cell(
        205,
        5,
        align="L",
        text=text(
            f"Issued {issued} by {event_name}.\n"
            f"Issuer: {issuer_id}\n"
            "This certificate shows an Open Badges 3.0 credential signed by the issuer. "
            "Scan the code, or open the address below, to check it:\n"
            f"{verify_url}"
        ),
    )
    return _finish(pdf), bottom
