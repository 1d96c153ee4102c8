"""The report's charts escape every label: what they draw is marked safe for the page."""

from __future__ import annotations

from hackkit.reports import charts

EVIL = '<img src=x onerror="alert(1)">'


def test_labels_and_titles_are_escaped_in_every_chart():
    drawn = [
        charts.columns([EVIL, "b"], [1, 2], EVIL),
        charts.bars([(EVIL, 3.0)], EVIL),
        charts.line([(EVIL, 1), (EVIL, 2)], EVIL),
        charts.interval(4.0, 3.0, 5.0, (1, 5), EVIL),
        charts.before_after(2.0, 4.0, EVIL),
    ]
    for svg in drawn:
        assert svg.startswith("<svg") and "<img" not in svg and 'onerror="' not in svg
        assert "&lt;img" in svg
