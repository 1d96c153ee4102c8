"""The PDF certificate: the body stays above the footer, whatever the lengths allowed."""

from __future__ import annotations

from hackkit.credentials.certificate import FOOTER_Y, certificate_layout, certificate_pdf

LONGEST = {
    "recipient": "Ш" * 60,
    "title": "W" * 120,
    "description": "word " * 120,
    "event_name": "E" * 120,
    "issued": "2026-12-08",
    "issuer_id": "did:web:" + "h" * 80,
    "verify_url": "https://hack.example.org/credentials/verify/58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "kind": "placed",
}


def test_the_longest_texts_end_above_the_footer() -> None:
    _pdf, bottom = certificate_layout(**LONGEST)
    assert bottom <= FOOTER_Y
    assert certificate_pdf(**LONGEST).startswith(b"%PDF")


def test_short_texts_are_not_shrunk() -> None:
    short = {**LONGEST, "recipient": "Ada", "title": "Juror", "description": "Served."}
    _pdf, bottom = certificate_layout(**short)
    _same, unshrunk = certificate_layout(scale=1.0, **short)
    assert bottom == unshrunk < 100
