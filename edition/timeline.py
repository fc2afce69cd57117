"""The timeline: the events of 2022 on a scale of days, the earlier events the texts recall above them.

One column of dates, one of events; a name that would touch the one above moves down and a
leader joins it to its date, so no two names ever overlap. The statements' own dates are marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from sphinx.util.texescape import escape as tex_escape

from .model import Event, StatementDate

START = dt.date(2022, 2, 21)  # the recognition of the two "republics"
WIDTH = 560.0
AXIS_X = 104.0
LABEL_X = 140.0
ROW = 15.0  # one line of names
DAY = 9.0  # panel units per day on the scale of 2022
SIZE = 11.0
TEX_UNIT_CM = 10.4 / WIDTH
MONTHS = ("January February March April May June July August September October November December").split()
INK, STATEMENT, SPAN, EARLY = "#1b1b1b", "#1f5fa8", "#a8321d", "#5a5a5a"


def day(value: str) -> dt.date:
    """The first day of what a date of the events file names (a day, a month or a year)."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def shown_date(value: str, end: str = "") -> str:
    """'24 February 2022', 'July 1995', '1937'; a span as '4–31 March 2022'."""

    def one(v: str) -> tuple[str, str, str]:
        parts = v.split("-")
        return (str(int(parts[2])) if len(parts) > 2 else "", MONTHS[int(parts[1]) - 1] if len(parts) > 1 else "", parts[0])

    d1, m1, y1 = one(value)
    if not end:
        return " ".join(x for x in (d1, m1, y1) if x)
    d2, m2, y2 = one(end)
    if y1 == y2 and m1 == m2 and d1 and d2:
        return f"{d1}–{d2} {m1} {y1}"
    if y1 == y2:
        return f"{' '.join(x for x in (d1, m1) if x)} – {' '.join(x for x in (d2, m2) if x)} {y1}"
    return f"{' '.join(x for x in (d1, m1, y1) if x)} – {' '.join(x for x in (d2, m2, y2) if x)}"


def short_date(value: str, with_year: bool) -> str:
    parts = value.split("-")
    year = f" {parts[0]}" if with_year else ""
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1][:3]}{year}"
    return f"{MONTHS[int(parts[1]) - 1][:3]} {parts[0]}" if len(parts) == 2 else parts[0]


@dataclass(frozen=True)
class Row:
    """One line of the timeline: its date, its name, and how far its span reaches down."""

    key: str  # event id, or "statement-<siglum>-<date>"
    text: str
    y: float
    end_y: float | None
    statement: bool
    early: bool
    date_text: str


def rows(events: list[Event], statements: list[StatementDate]) -> tuple[list[Row], float, float]:
    """The rows in date order, the y where 2022 begins, and the height of the whole.

    One row per event, in order; within 2022 the space between two rows grows with the days
    between them, so that a quiet fortnight looks longer than a busy day without names ever touching.
    """
    entries: list[tuple[dt.date, int, str, str, str, bool, str]] = [
        (day(e.date), 1, e.id, e.label, e.end, False, e.date) for e in events
    ] + [(day(s.date), 0, f"statement-{s.siglum}-{s.date}", s.label, "", True, s.date) for s in statements]
    entries.sort(key=lambda t: (t[0], t[1], t[2]))
    out: list[Row] = []
    y = 30.0
    scale_top = y
    previous: dt.date | None = None
    pending_ends: list[tuple[int, dt.date]] = []
    for when, _, key, text, end, is_statement, raw in entries:
        early = when < START
        if not early and (previous is None or previous < START):
            y += 24 if previous is not None else 0  # the heading of 2022
            scale_top = y
        elif not early and previous is not None:
            y += min((when - previous).days, 14) * 1.5
        out.append(Row(key, text, y, None, is_statement, early, short_date(raw, early)))
        if end:
            pending_ends.append((len(out) - 1, day(end)))
        previous = when
        y += ROW
    for index, end in pending_ends:  # a span reaches down to the last row dated within it
        last = max((r.y for r, e in zip(out, entries, strict=True) if e[0] <= end), default=out[index].y)
        row = out[index]
        out[index] = Row(row.key, row.text, row.y, max(last, row.y + 4), row.statement, row.early, row.date_text)
    return out, scale_top, y + 10


def _lanes(found: list[Row]) -> dict[str, int]:
    """Spans side by side where they overlap in time."""
    ends: list[float] = []
    lane_of = {}
    for r in sorted((r for r in found if r.end_y is not None), key=lambda r: r.y):
        lane = next((i for i, e in enumerate(ends) if e < r.y), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = r.end_y or 0.0
        lane_of[r.key] = lane
    return lane_of


def svg(events: list[Event], statements: list[StatementDate], href: Callable[[str], str | None], role: str) -> str:
    found, scale_top, bottom = rows(events, statements)
    lanes = _lanes(found)
    desc = (
        f"{len(events)} events in date order, each linked to the first paragraph that mentions it; "
        "bars beside the line show how long an event lasted. The statements' own dates are in blue. "
        "The table below lists every paragraph and the sources."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="edition-timeline" viewBox="0 0 {WIDTH:g} {bottom:g}"{role} '
        f'aria-labelledby="timeline-title timeline-desc" font-family="sans-serif" font-size="{SIZE:g}">',
        '<title id="timeline-title">Timeline of the events the statements name</title>',
        f'<desc id="timeline-desc">{escape(desc)}</desc>',
    ]
    if any(r.early for r in found):
        out.append(f'<text x="{LABEL_X:g}" y="14" font-weight="bold" fill="{INK}">Earlier events the texts recall</text>')
    out.append(f'<text x="{LABEL_X:g}" y="{scale_top - 10:g}" font-weight="bold" fill="{INK}">21 February – 30 April 2022</text>')
    out.append(f'<line x1="{AXIS_X:g}" x2="{AXIS_X:g}" y1="{scale_top - 4:g}" y2="{bottom - 10:g}" stroke="{INK}"/>')
    for r in found:
        colour = STATEMENT if r.statement else INK
        out.append(
            f'<text x="{AXIS_X - 8:g}" y="{r.y + 4:g}" text-anchor="end" fill="{colour if r.statement else EARLY}">'
            f"{escape(r.date_text)}</text>"
        )
        if r.statement:
            out.append(
                f'<line x1="{AXIS_X - 4:g}" x2="{LABEL_X - 4:g}" y1="{r.y:g}" y2="{r.y:g}" '
                f'stroke="{STATEMENT}" stroke-width="2"/>'
            )
        elif not r.early:
            out.append(f'<circle cx="{AXIS_X:g}" cy="{r.y:g}" r="3" fill="{SPAN}"/>')
        if r.end_y is not None:
            x = AXIS_X + 7 + 4 * lanes.get(r.key, 0)
            out.append(f'<line x1="{x:g}" x2="{x:g}" y1="{r.y - 3:g}" y2="{r.end_y + 3:g}" stroke="{SPAN}" stroke-width="2.5"/>')
        weight = ' font-weight="bold"' if r.statement else ""
        text = f'<text x="{LABEL_X:g}" y="{r.y + 4:g}" fill="{colour}"{weight}>{escape(r.text)}</text>'
        link = href(r.key)
        if link:
            out.append(
                f'<a href="{escape(link)}" aria-label="{escape(r.date_text)}: {escape(r.text)}" data-event="{r.key}">'
                f"<title>{escape(r.date_text)}: {escape(r.text)}</title>{text}</a>"
            )
        else:
            out.append(text)
    out.append("</svg>")
    return "\n".join(out)


def tikz(events: list[Event], statements: list[StatementDate]) -> str:
    found, scale_top, bottom = rows(events, statements)
    lanes = _lanes(found)
    font = r"\fontsize{6.5}{7}\selectfont"
    lines = [
        r"\begin{center}",
        rf"\begin{{tikzpicture}}[x={TEX_UNIT_CM:.6f}cm,y=-{TEX_UNIT_CM:.6f}cm,font={font}]",
    ]
    if any(r.early for r in found):
        lines.append(rf"\node[anchor=west] at ({LABEL_X:g},10) {{\textbf{{Earlier events the texts recall}}}};")
    lines.append(rf"\node[anchor=west] at ({LABEL_X:g},{scale_top - 12:g}) {{\textbf{{21 February -- 30 April 2022}}}};")
    lines.append(rf"\draw ({AXIS_X:g},{scale_top - 4:g}) -- ({AXIS_X:g},{bottom - 10:g});")
    for r in found:
        date_text = tex_escape(r.date_text)
        text = tex_escape(r.text)
        if r.statement:
            date_text = rf"\textcolor{{blue!70!black}}{{{date_text}}}"
            text = rf"\textbf{{\textcolor{{blue!70!black}}{{{text}}}}}"
            lines.append(rf"\draw[blue!70!black,line width=1pt] ({AXIS_X - 4:g},{r.y:g}) -- ({LABEL_X - 4:g},{r.y:g});")
        elif not r.early:
            lines.append(rf"\fill[red!60!black] ({AXIS_X:g},{r.y:g}) circle (2.6);")
        lines.append(rf"\node[anchor=east,inner sep=0pt,text=black!70] at ({AXIS_X - 8:g},{r.y:g}) {{{date_text}}};")
        if r.end_y is not None:
            x = AXIS_X + 7 + 4 * lanes.get(r.key, 0)
            lines.append(rf"\draw[red!60!black,line width=1.2pt] ({x:g},{r.y - 3:g}) -- ({x:g},{r.end_y + 3:g});")
        lines.append(rf"\node[anchor=west,inner sep=0pt] at ({LABEL_X:g},{r.y:g}) {{{text}}};")
    lines.append(r"\end{tikzpicture}")
    lines.append(r"\end{center}")
    return "\n".join(lines)
