"""The impact report as a PDF, drawn with fpdf2 (pure Python, no browser): the same sections
as the page, with the charts drawn as rectangles.

fpdf2's built-in fonts hold Latin-1 only; participants' words and quotes may be in any
script, so the report uses DejaVu Sans when the system has it, and otherwise the built-in
font with characters it lacks replaced.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from hackkit.reports.figures import MENTOR_HOOK, EventFigures
from hackkit.surveys import stats

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
ACCENT = (59, 59, 214)
MUTED = (107, 107, 128)
WARN = (180, 83, 9)
WIDTH = 180  # mm of text width on A4 with 15 mm margins


class _Report(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, 15)
        self._unicode_font = False
        for folder in FONT_DIRS:
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                self.add_font("report", "", str(regular))
                self.add_font("report", "B", str(bold))
                self._unicode_font = True
                break
        self._family = "report" if self._unicode_font else "helvetica"

    def text_of(self, text: str) -> str:
        if self._unicode_font:
            return text
        return (
            text.replace("–", "-")
            .replace("…", "...")
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    def font(self, size: float, bold: bool = False, colour: tuple[int, int, int] = (0, 0, 0)):
        self.set_font(self._family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def para(self, text: str, size: float = 10, bold: bool = False, colour=(0, 0, 0)) -> None:
        self.font(size, bold, colour)
        self.multi_cell(WIDTH, size * 0.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        if self.get_y() > 250:
            self.add_page()
        self.ln(3)
        self.para(text, 14, True)
        self.ln(1)

    def warnings(self, notes: list[str]) -> None:
        for note in notes:
            self.para(f"! {note}", 9, True, WARN)

    def hbars(self, items: list[tuple[str, float]], label_w: float = 55) -> None:
        top = max((v for _, v in items), default=0) or 1
        for label, value in items:
            if self.get_y() > 275:
                self.add_page()
            y = self.get_y()
            self.font(9)
            self.set_xy(15, y)
            self.cell(label_w - 2, 5, self.text_of(label[:34]), align="R")
            w = (WIDTH - label_w - 20) * value / top
            self.set_fill_color(*ACCENT)
            self.rect(15 + label_w, y + 0.8, max(w, 0.3), 3.6, style="F")
            self.set_xy(15 + label_w + w + 1.5, y)
            self.font(9, colour=MUTED)
            self.cell(20, 5, f"{value:g}")
            self.set_xy(15, y + 5.5)

    def columns(self, labels: list[str], values: list[int], height: float = 28) -> None:
        if self.get_y() > 240:
            self.add_page()
        top = max(values, default=0) or 1
        x0, y0 = 15.0, self.get_y() + 5
        slot = min(14.0, WIDTH / max(1, len(values)))
        self.set_fill_color(*ACCENT)
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            h = height * value / top
            x = x0 + i * slot
            self.rect(x + slot * 0.15, y0 + height - h, slot * 0.7, max(h, 0.2), style="F")
            self.font(8)
            self.set_xy(x, y0 + height - h - 4.5)
            self.cell(slot, 4, str(value), align="C")
            self.font(8, colour=MUTED)
            self.set_xy(x, y0 + height + 0.5)
            self.cell(slot, 4, label, align="C")
        self.set_xy(15, y0 + height + 6)


def _n(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:.{places}f}"


def _ci(summary: stats.MeanCI) -> str:
    if summary.low is None:
        return ""
    return f" (95% interval {_n(summary.low)}–{_n(summary.high)})"


def event_pdf(fig: EventFigures) -> bytes:
    """The report of one event as PDF bytes."""
    pdf = _Report()
    pdf.set_title(f"Impact report: {fig.name}")
    pdf.add_page()
    pdf.para("Impact report", 10, colour=MUTED)
    pdf.para(fig.name, 20, True)
    pdf.ln(2)
    headline = f"{fig.participants} participants · {fig.teams} teams · {fig.ideas} ideas"
    if fig.satisfaction and fig.satisfaction.summary.mean is not None:
        s = fig.satisfaction.summary
        headline += f" · satisfaction {_n(s.mean)} of 5{_ci(s)}"
    pdf.para(headline, 11)

    pdf.heading("Participation")
    if fig.joins_over_time:
        first, last = fig.joins_over_time[0], fig.joins_over_time[-1]
        pdf.para(f"Joined from {first[0]} to {last[0]}: {last[1]} people.", 10)
    for title, items in (("By role", fig.by_role), ("By country", fig.by_country)):
        if items:
            pdf.para(title, 11, True)
            pdf.hbars(items)
    for topic, items in fig.demographics.items():
        pdf.para(f"{topic.replace('_', ' ').capitalize()} (optional survey question)", 11, True)
        pdf.hbars(items)

    pdf.heading("Teams and ideas per challenge")
    if not fig.challenges:
        pdf.para("No challenges, teams or ideas.", 10, colour=MUTED)
    for title, teams, ideas in fig.challenges:
        pdf.para(f"{title}: {teams} teams, {ideas} ideas", 10)

    pdf.heading("Votes and turnout")
    if not fig.ballots:
        pdf.para("No ballot was opened.", 10, colour=MUTED)
    for title, method, voted, eligible in fig.ballots:
        rate = f" ({voted / eligible:.0%})" if eligible else ""
        pdf.para(f"{title} ({method}): {voted} of {eligible} voted{rate}", 10)

    pdf.heading("Mentors")
    if fig.mentors is None:
        pdf.para(MENTOR_HOOK, 10, colour=MUTED)
    for section in fig.extra:
        if section.key != "mentors":
            pdf.heading(section.title)
        for label, value in section.rows:
            pdf.para(f"{label}: {value}", 10)

    pdf.heading("Surveys and response rates")
    if not fig.surveys:
        pdf.para("No survey was opened.", 10, colour=MUTED)
    for rate in fig.surveys:
        share = f" ({rate.rate:.0%})" if rate.rate is not None else ""
        pdf.para(f"{rate.title}: {rate.responses} of {rate.eligible} answered{share}", 10)
        pdf.warnings(rate.warnings)

    if fig.scales:
        pdf.heading("Satisfaction and recommendation")
        for s in fig.scales:
            pdf.para(f"{s.label} ({s.survey})", 11, True)
            interval = _ci(s.summary) if s.kind != "nps" else ""
            line = f"Mean {_n(s.summary.mean)}{interval} from {s.summary.n} answers"
            if s.nps is not None and s.nps.score is not None:
                line += f" · net promoter score {s.nps.score:.0f}"
            pdf.para(line, 10)
            pdf.warnings(s.warnings)
            low = s.scale[0]
            pdf.columns([str(low + i) for i in range(len(s.distribution))], s.distribution)

    if fig.goals:
        pdf.heading("What people learned: self-assessment before and after")
        for g in fig.goals:
            c = g.change
            pdf.para(g.label, 11, True)
            change = f"{c.change:+.2f}" if c.change is not None else "–"
            line = (
                f"Before {_n(c.before.mean)} ({c.before.n}) → after {_n(c.after.mean)} "
                f"({c.after.n}), change {change}"
            )
            if c.pairs and c.improved_share is not None:
                line += f"; {c.improved_share:.0%} of {c.pairs} rated themselves higher after"
            pdf.para(line, 10)
            pdf.warnings(g.warnings)

    if fig.words:
        pdf.heading("The event in one word")
        pdf.para(", ".join(f"{w} ({n})" for w, n in fig.words), 10)

    if fig.quotes:
        pdf.heading("In their words")
        for quote in fig.quotes:
            pdf.para(f"“{quote}”", 10, colour=MUTED)
            pdf.ln(1)
    return bytes(pdf.output())
