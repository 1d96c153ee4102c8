"""The impact report as rows of (section, item, measure, value): the CSV download, and what
the PDF and the portfolio tabulate. Reading the CSV back gives the same rows.

A cell that a spreadsheet would run as a formula (starting with = + - @) is written with a
leading apostrophe, and the apostrophe is taken off again when read (``from_csv``).
"""

from __future__ import annotations

import csv
import io
import re

from hackkit.reports.figures import EventFigures

HEADER = ("section", "item", "measure", "value")
Row = tuple[str, str, str, str]
_FORMULA = ("=", "+", "-", "@", "'")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _num(value: float | None, places: int = 3) -> str:
    if value is None:
        return ""
    return f"{value:.{places}f}".rstrip("0").rstrip(".") if places else str(round(value))


def report_rows(fig: EventFigures) -> list[Row]:
    """Every figure of the report, one a row."""
    rows: list[Row] = [("event", fig.name, "participants", str(fig.participants))]
    rows += [("joins", hour, "cumulative", str(n)) for hour, n in fig.joins_over_time]
    rows += [("role", label, "participants", str(n)) for label, n in fig.by_role]
    rows += [("country", label, "participants", str(n)) for label, n in fig.by_country]
    for topic, items in fig.demographics.items():
        rows += [(f"survey {topic}", label, "answers", str(n)) for label, n in items]
    for title, teams, ideas in fig.challenges:
        rows += [
            ("challenge", title, "teams", str(teams)),
            ("challenge", title, "ideas", str(ideas)),
        ]
    for title, method, voted, eligible in fig.ballots:
        rows += [
            ("ballot", title, "method", method),
            ("ballot", title, "voted", str(voted)),
            ("ballot", title, "eligible", str(eligible)),
        ]
    for rate in fig.surveys:
        rows += [
            ("survey", rate.title, "responses", str(rate.responses)),
            ("survey", rate.title, "response_rate", _num(rate.rate)),
        ]
    for s in fig.scales:
        item = f"{s.survey}: {s.label}"
        rows += [
            ("scale", item, "answers", str(s.summary.n)),
            ("scale", item, "mean", _num(s.summary.mean)),
            ("scale", item, "ci95_low", _num(s.summary.low)),
            ("scale", item, "ci95_high", _num(s.summary.high)),
        ]
        rows += [
            ("scale", item, f"count_{s.scale[0] + i}", str(n)) for i, n in enumerate(s.distribution)
        ]
        if s.nps is not None:
            rows.append(("scale", item, "nps", _num(s.nps.score)))
    for g in fig.goals:
        c = g.change
        rows += [
            ("goal", g.label, "before_mean", _num(c.before.mean)),
            ("goal", g.label, "before_answers", str(c.before.n)),
            ("goal", g.label, "after_mean", _num(c.after.mean)),
            ("goal", g.label, "after_answers", str(c.after.n)),
            ("goal", g.label, "change", _num(c.change)),
            ("goal", g.label, "pairs", str(c.pairs)),
            ("goal", g.label, "improved_share", _num(c.improved_share)),
        ]
    for section in fig.extra:
        rows += [(section.key, label, "value", value) for label, value in section.rows]
    rows += [("word", word, "count", str(n)) for word, n in fig.words]
    rows += [("quote", str(i + 1), "text", text) for i, text in enumerate(fig.quotes)]
    return rows


def _guard(cell: str) -> str:
    # A negative figure ("-0.333", a learning goal that fell) stays a number.
    if _NUMBER.fullmatch(cell):
        return cell
    return "'" + cell if cell.startswith(_FORMULA) else cell


def to_csv(rows: list[Row]) -> str:
    """The rows as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows([_guard(cell) for cell in row] for row in rows)
    return out.getvalue()


def from_csv(text: str) -> list[Row]:
    """The rows of a report's CSV (the inverse of :func:`to_csv`)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if tuple(header or ()) != HEADER:
        raise ValueError("not an impact report CSV (its header differs)")
    rows = []
    for row in reader:
        cells = [c[1:] if c.startswith("'") else c for c in row]
        rows.append((cells[0], cells[1], cells[2], cells[3]))
    return rows
