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
    pdf.set_font(family, "B", 26)
    pdf.multi_cell(190, 12, text(title))
    pdf.set_x(85)
    pdf.set_font(family, "", 14)
    pdf.cell(190, 10, text("awarded to"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(85)
    pdf.set_font(family, "B", 30)
    pdf.multi_cell(190, 14, text(recipient))
    pdf.set_x(85)
    pdf.set_font(family, "", 13)
    pdf.multi_cell(190, 7, text(description))
    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=8, border=2)
    pdf.image(qr, x=232, y=140, w=45)
    pdf.set_xy(20, 150)
    pdf.set_font(family, "", 11)
    pdf.multi_cell(
        205,
        6,
        text(
            f"Issued {issued} by {event_name}.\n"
            f"Issuer: {issuer_id}\n"
            "This certificate shows an Open Badges 3.0 credential signed by the issuer. "
            "Scan the code, or open the address below, to check it:\n"
            f"{verify_url}"
        ),
    )
    return bytes(pdf.output())
