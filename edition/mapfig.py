"""The map of the places the statements name: one panel per scale, as SVG for screens and TikZ for paper.

Each located place of the index is drawn on the most detailed panel that holds it, as a point
(a town) or a name across an area (a country or region), linked to its entry in the index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from sphinx.util.texescape import escape as tex_escape

from .geo import PANELS, Panel, projected_rings
from .labels import Item, Placed, place, text_width
from .model import IndexEntry

SVG_SIZE = 11.0  # font size in panel units: 640 units are at least 560 CSS pixels wide (edition.css)
TEX_SIZE = 14.0  # in the PDF the panel is 10.4 cm wide, so 14 units are 6.5 pt
TEX_UNIT_CM = 10.4 / 640
SEA, LAND, HOME, BORDER, POINT, INK, AREA_INK = "#dbe7f0", "#f4f1ea", "#fbe3a6", "#8d8d8d", "#a8321d", "#1b1b1b", "#4a4a4a"
HOME_COUNTRY = "Ukraine"


@dataclass(frozen=True)
class Mark:
    """A located place with the number of passages that name it (the most named are labelled first)."""

    entry: IndexEntry
    weight: int


def panel_of(entry: IndexEntry) -> Panel:
    pos = entry.position
    assert pos is not None
    return next(p for p in PANELS if p.contains(pos.lon, pos.lat))


def by_panel(marks: list[Mark]) -> dict[str, list[Mark]]:
    out: dict[str, list[Mark]] = {p.id: [] for p in PANELS}
    for mark in marks:
        out[panel_of(mark.entry).id].append(mark)
    return out


def layout(panel: Panel, marks: list[Mark], size: float) -> list[Placed]:
    ordered = sorted(marks, key=lambda m: (m.entry.position.area, -m.weight, m.entry.name))  # type: ignore[union-attr]
    items = []
    for mark in ordered:
        pos = mark.entry.position
        assert pos is not None
        x, y = panel.project(pos.lon, pos.lat)
        items.append(Item(mark.entry.id, x, y, mark.entry.name, pos.area))
    return place(items, panel.width, panel.height, size)


def _key_lines(placed: list[Placed]) -> list[str]:
    return [f"{p.shown} {p.item.text}" for p in placed if p.numbered]


def _key_height(lines: list[str], size: float, width: float) -> tuple[int, float]:
    if not lines:
        return 1, 0.0
    column = max(text_width(line, size) for line in lines) + 12
    per_row = max(1, int((width - 8) // column))
    rows = -(-len(lines) // per_row)
    return per_row, rows * size * 1.3 + 10


def _inset(panel: Panel) -> tuple[str, float, float, float, float] | None:
    """The frame of the more detailed panel that this one shows: its label and corners in panel units."""
    index = PANELS.index(panel)
    if not index:
        return None
    inner = PANELS[index - 1]
    x0, y0 = panel.project(inner.west, inner.north)
    x1, y1 = panel.project(inner.east, inner.south)
    return f"Map {index}", x0, y0, x1, y1


def svg(panel: Panel, marks: list[Mark], srcdir: str, href: Callable[[str], str], role: str) -> str:
    """One panel as inline SVG: countries, the frame of the next panel's area, points and linked names."""
    placed = layout(panel, marks, SVG_SIZE)
    key = _key_lines(placed)
    per_row, key_h = _key_height(key, SVG_SIZE, panel.width)
    w, h = panel.width, panel.height
    total_h = h + key_h
    names = ", ".join(m.entry.name for m in sorted(marks, key=lambda m: m.entry.name))
    title = panel.title
    desc = f"{len(marks)} places, each linked to its entry in the index of places: {names}."
    pid = f"map-{panel.id}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="edition-map" viewBox="0 0 {w:g} {total_h:g}"{role} '
        f'aria-labelledby="{pid}-title {pid}-desc" font-family="sans-serif" font-size="{SVG_SIZE:g}">',
        f'<title id="{pid}-title">{escape(title)}</title>',
        f'<desc id="{pid}-desc">{escape(desc)}</desc>',
        f'<clipPath id="{pid}-clip"><rect width="{w:g}" height="{h:g}"/></clipPath>',
        f'<rect width="{w:g}" height="{h:g}" fill="{SEA}"/>',
        f'<g clip-path="url(#{pid}-clip)" stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">',
    ]
    for country, ring in projected_rings(panel, srcdir):
        d = "M" + "L".join(f"{x:g} {y:g}" for x, y in ring) + "Z"
        out.append(f'<path d="{d}" fill="{HOME if country == HOME_COUNTRY else LAND}"/>')
    out.append("</g>")
    frame = _inset(panel)
    if frame:
        label, x0, y0, x1, y1 = frame
        out.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" fill="none" '
            f'stroke="{INK}" stroke-dasharray="3 2"/>'
        )
        out.append(f'<text x="{x0 + 2:.1f}" y="{y1 - 3:.1f}" fill="{INK}">{label}</text>')
    out.append(f'<rect width="{w:g}" height="{h:g}" fill="none" stroke="{INK}" stroke-width="0.8"/>')
    for p in placed:
        item = p.item
        base = p.y + SVG_SIZE * 0.9
        style = f'font-style="italic" fill="{AREA_INK}"' if item.area and not p.numbered else f'fill="{INK}"'
        dot = (
            f'<circle cx="{item.x:.1f}" cy="{item.y:.1f}" r="2.6" fill="{POINT}"/>'
            if not item.area
            else f'<circle cx="{item.x:.1f}" cy="{item.y:.1f}" r="2.6" fill="none" stroke="{POINT}"/>'
            if p.numbered
            else ""
        )
        at = f'x="{p.x + 1:.1f}" y="{base:.1f}"'
        # a white outline under the name keeps it legible over borders (SVG 1.1, as EPUB 3 requires: no paint-order)
        halo = f'<text {at} fill="#fff" stroke="#fff" stroke-width="2.5" stroke-linejoin="round" aria-hidden="true">'
        name = f"{p.shown} {item.text}" if p.numbered else item.text  # the visible text is part of the name
        out.append(
            f"{halo}{escape(p.shown)}</text>"  # outside the link: the link's text is the name once
            f'<a href="{escape(href(item.key))}" aria-label="{escape(name)}" class="edition-map-place" '
            f'data-place="{item.key}"><title>{escape(name)}</title>{dot}'
            f'<text {at} {style} class="edition-map-name">{escape(p.shown)}</text></a>'
        )
    if key:
        column = (panel.width - 8) / per_row
        for i, line in enumerate(key):
            x = 4 + (i % per_row) * column
            y = h + 8 + (i // per_row) * SVG_SIZE * 1.3 + SVG_SIZE
            out.append(f'<text x="{x:.1f}" y="{y:.1f}" fill="{INK}">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _tex_rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{{rgb,255:red,{r};green,{g};blue,{b}}}"


def tikz(panel: Panel, marks: list[Mark], srcdir: str) -> str:
    """The same panel for the PDF, laid out again for the printed font size."""
    placed = layout(panel, marks, TEX_SIZE)
    key = _key_lines(placed)
    per_row, _ = _key_height(key, TEX_SIZE, panel.width)
    w, h = panel.width, panel.height
    font = r"\fontsize{6.5}{7}\selectfont"
    lines = [
        r"\begin{center}",
        rf"\begin{{tikzpicture}}[x={TEX_UNIT_CM:.6f}cm,y=-{TEX_UNIT_CM:.6f}cm,font={font}]",
        rf"\fill[fill={_tex_rgb(SEA)}] (0,0) rectangle ({w:g},{h:g});",
        r"\begin{scope}",
        rf"\clip (0,0) rectangle ({w:g},{h:g});",
    ]
    for country, ring in projected_rings(panel, srcdir):
        fill = _tex_rgb(HOME if country == HOME_COUNTRY else LAND)
        path = " -- ".join(f"({x:g},{y:g})" for x, y in ring)
        lines.append(rf"\filldraw[fill={fill},draw={_tex_rgb(BORDER)},line width=0.3pt,line join=round] {path} -- cycle;")
    lines.append(r"\end{scope}")
    frame = _inset(panel)
    if frame:
        label, x0, y0, x1, y1 = frame
        lines.append(rf"\draw[dashed] ({x0:.1f},{y0:.1f}) rectangle ({x1:.1f},{y1:.1f});")
        lines.append(rf"\node[anchor=south west,inner sep=1pt] at ({x0:.1f},{y1:.1f}) {{{label}}};")
    lines.append(rf"\draw[line width=0.4pt] (0,0) rectangle ({w:g},{h:g});")
    for p in placed:
        item = p.item
        if not item.area:
            lines.append(rf"\fill[fill={_tex_rgb(POINT)}] ({item.x:.1f},{item.y:.1f}) circle (2.6);")
        elif p.numbered:
            lines.append(rf"\draw[draw={_tex_rgb(POINT)}] ({item.x:.1f},{item.y:.1f}) circle (2.6);")
        text = tex_escape(p.shown)
        if item.area and not p.numbered:
            text = rf"\textit{{{text}}}"
        lines.append(
            rf"\node[anchor=north west,inner sep=0pt,fill=white,fill opacity=0.7,text opacity=1] "
            rf"at ({p.x + 1:.1f},{p.y:.1f}) {{{text}}};"
        )
    if key:
        column = (panel.width - 8) / per_row
        for i, line in enumerate(key):
            x = 4 + (i % per_row) * column
            y = h + 6 + (i // per_row) * TEX_SIZE * 1.3
            lines.append(rf"\node[anchor=north west,inner sep=0pt] at ({x:.1f},{y:.1f}) {{{tex_escape(line)}}};")
    lines.append(r"\end{tikzpicture}")
    lines.append(r"\end{center}")
    return "\n".join(lines)
