"""The map and the timeline: directives that mark where they go, and their drawing once every chapter is read.

The data flow is the edition's usual one: annotations/index.yml (places with their coordinates) and
annotations/events.yml, validated into models; the chapters' index data says which paragraphs name
each place; at doctree-resolved each builder gets SVG (HTML, EPUB) or TikZ (LaTeX), and a table
that says the same in words.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from . import mapfig, timeline
from . import nodes as ed
from .directives import _known_keys
from .geo import PANELS, atlas_path
from .indexes import _collected
from .model import Event, IndexEntry, Location, Problem
from .store import events_file, index_file, note_registry, report

MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>#|~$!])")


def _doc_location(env: BuildEnvironment, line: int) -> Location:
    return Location(Path(env.doc2path(env.docname, False)).as_posix(), line)


def _is_listing_page(env: BuildEnvironment) -> None:
    """Written again whenever a chapter is read, like the indexes: it lists every chapter's paragraphs."""
    env.get_domain("edition").data["index_docs"][env.docname] = True


class MapFigure(SphinxDirective):
    """Where the map of the places and its table go."""

    def run(self) -> list[nodes.Node]:
        if not self.config.edition_enabled:
            return []  # the plain book: no annotation data is read
        note_registry(self.env, Path(self.env.srcdir) / self.config.edition_index_file)
        for name in sorted({p.atlas for p in PANELS}):
            path = atlas_path(self.env.srcdir, name)
            if not path.is_file():
                report(
                    Problem(
                        "map_data",
                        f"the map's borders and coastlines ({path.relative_to(self.env.srcdir).as_posix()}) are not installed. "
                        "Mend: run bash scripts/setup, which installs the npm package world-atlas (package.json).",
                        _doc_location(self.env, self.lineno),
                    ),
                    env=self.env,
                )
                return []
            self.env.note_dependency(str(path))
        for entry in index_file(self.env.srcdir, self.config.edition_index_file).entries:
            if entry.type == "place" and entry.position is None and not entry.unlocated:
                report(
                    Problem(
                        "place_unlocated",
                        f"index entry {entry.id!r} is a place with no location, so the map cannot show it. "
                        "Mend: add location: {lat: …, lon: …, source: <address of the page you read>, basis: <its words>}, "
                        "or location: {unlocated: <why it cannot be placed>}.",
                        entry.location,
                    ),
                    env=self.env,
                )
        _is_listing_page(self.env)
        return [ed.place_map()]


def _md(text: str) -> str:
    """Contributors' words as literal Markdown: never markup."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


class TimelineFigure(SphinxDirective):
    """Where the timeline and its table go; the table's sources are citations, so it is parsed here."""

    def run(self) -> list[nodes.Node]:
        if not self.config.edition_enabled:
            return []
        rel = self.config.edition_events_file
        path = Path(self.env.srcdir) / rel
        self.env.note_dependency(str(path))
        if not path.is_file():
            report(
                Problem(
                    "missing_file",
                    f"no events file {rel} for the timeline. Mend: create it (see edition/schema/events.schema.json).",
                    _doc_location(self.env, self.lineno),
                ),
                env=self.env,
            )
            return []
        data = events_file(self.env.srcdir, rel)
        for problem in data.problems:
            report(problem, env=self.env)
        _is_listing_page(self.env)
        known = _known_keys(self.env)
        lines = [
            "````{list-table} The events of the timeline, with the paragraphs that mention them",
            ":header-rows: 1",
            ":widths: 3 5 4 4",
            ":class: edition-events-table",
            ":name: timeline-table",
            "",
            "* - Date",
            "  - Event",
            "  - Mentioned in",
            "  - Sources",
        ]
        for event in sorted(data.events, key=lambda e: (timeline.day(e.date), e.id)):
            keys = []
            for key in event.cite:
                if known is not None and key not in known:
                    report(
                        Problem(
                            "citation",
                            f"event {event.id!r}: unknown citation key {key!r}. "
                            "Mend: correct the key, or add the work to references.bib.",
                            event.location,
                        ),
                        env=self.env,
                    )
                else:
                    keys.append(key)
            lines += [
                f"* - {timeline.shown_date(event.date, event.end)}",
                f"  - {_md(event.label)}",
                f"  - {{edition:mentions}}`{event.id}`",
                f"  - {{cite:p}}`{','.join(keys)}`" if keys else "  - ",
            ]
        lines.append("````")
        box = nodes.container(classes=["edition-timeline-table"])
        self.state.nested_parse(StringList(lines, source=rel), self.content_offset, box)
        small = nodes.raw("", r"\begingroup\footnotesize", format="latex")
        return [ed.event_timeline(), small, *box.children, nodes.raw("", r"\endgroup", format="latex")]


class MentionsRole:
    """Placeholder for an event's paragraphs in the timeline's table, resolved once every chapter is read."""

    def __call__(self, name, rawtext, text, lineno, inliner, options=None, content=None):
        return [ed.event_mentions(event=text.strip())], []


# ---------------------------------------------------------------- after reading: checks and drawing


def _places(app: Sphinx) -> list[IndexEntry]:
    return [e for e in index_file(app.env.srcdir, app.config.edition_index_file).entries if e.type == "place"]


def _weights(app: Sphinx) -> dict[str, int]:
    text = _collected(app.env, "index_text")
    notes = _collected(app.env, "index_notes")
    return {k: len(text.get(k, [])) + len(notes.get(k, [])) for k in set(text) | set(notes)}


def _index_doc(app: Sphinx) -> str | None:
    docs = sorted(app.env.get_domain("edition").data["index_docs"])
    return next((d for d in docs if d.endswith("indexes")), None)


def _role(app: Sphinx) -> str:
    # a group of links, not an image (axe-core: nested-interactive); EPUB 3 allows no group role on SVG
    return "" if app.builder.name == "epub" else ' role="group"'


def _map_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    weights = _weights(app)
    places = _places(app)
    marks = [mapfig.Mark(e, weights.get(e.id, 0)) for e in places if e.position is not None]
    index_doc = _index_doc(app)

    def href(key: str) -> str:
        if not index_doc:
            return f"#place-{key}"
        return app.builder.get_relative_uri(docname, index_doc) + f"#index-{key}"

    out: list[nodes.Node] = []
    grouped = mapfig.by_panel(marks)
    for panel in PANELS:
        box = nodes.container(classes=["edition-map-box"], ids=[f"map-{panel.id}-figure"])
        box += nodes.raw("", mapfig.svg(panel, grouped[panel.id], app.env.srcdir, href, _role(app)), format="html")
        box += nodes.raw("", mapfig.tikz(panel, grouped[panel.id], app.env.srcdir), format="latex")
        caption = nodes.paragraph(classes=["edition-figure-caption"])
        caption += nodes.strong("", f"{panel.title}. ")
        caption += nodes.Text(
            f"{len(grouped[panel.id])} places. A number stands for a name that would cover another; the key below the "
            "map gives it. The table after the maps gives each place's paragraphs and the source of its coordinates."
        )
        box += caption
        out.append(box)
    out.append(_places_table(app, docname, places, weights))
    return out


def _paragraph_links(app: Sphinx, docname: str, rows: list[tuple[str, str, str, str]], anchor_suffix: str = "") -> nodes.inline:
    para = nodes.inline()
    seen: set[tuple[str, str]] = set()
    for target_doc, siglum, label, target in rows:
        if (siglum, label) in seen:  # two notes on one paragraph: one link is enough here
            continue
        seen.add((siglum, label))
        if len(seen) > 1:
            para += nodes.Text(", ")
        para += make_refnode(
            app.builder, docname, target_doc, f"{target}{anchor_suffix}", nodes.inline("", f"{siglum.upper()} {label}")
        )
    return para


def _places_table(app: Sphinx, docname: str, places: list[IndexEntry], weights: dict[str, int]) -> nodes.Node:
    text = _collected(app.env, "index_text")
    notes = _collected(app.env, "index_notes")
    section = nodes.container(classes=["edition-places"])
    table = nodes.table(classes=["edition-places-table", "colwidths-given"], ids=["places-table"])
    table += nodes.title("", "The places of the map, with the paragraphs and notes that name them")
    group = nodes.tgroup(cols=3)
    table += group
    for width in (2, 4, 6):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for label in ("Place", "Named in", "Where: the map, the coordinates and their source"):
        row += nodes.entry("", nodes.paragraph("", label))
    head += row
    group += head
    body = nodes.tbody()
    for entry in sorted(places, key=lambda e: e.name):
        row = nodes.row(ids=[f"place-{entry.id}"])
        row += nodes.entry("", nodes.paragraph("", entry.name))
        named = nodes.paragraph()
        named += _paragraph_links(app, docname, text.get(entry.id, []))
        if notes.get(entry.id):
            if text.get(entry.id):
                named += nodes.Text("; ")
            named += nodes.Text("notes at ")
            named += _paragraph_links(app, docname, notes[entry.id], "-passage")
        row += nodes.entry("", named)
        where = nodes.paragraph()
        if entry.position is not None:
            pos = entry.position
            panel = mapfig.panel_of(entry)
            where += nodes.reference("", f"Map {PANELS.index(panel) + 1}", internal=True, refid=f"map-{panel.id}-figure")
            where += nodes.Text(
                f"{' (area)' if pos.area else ''}, "
                f"{abs(pos.lat):.4g}° {'N' if pos.lat >= 0 else 'S'}, {abs(pos.lon):.4g}° {'E' if pos.lon >= 0 else 'W'}, from "
            )
            where += nodes.reference("", pos.basis, refuri=pos.source)
            if pos.note:
                where += nodes.Text(f". {pos.note}")
        else:
            where += nodes.strong("", "Not on the map. ")
            where += nodes.Text(entry.unlocated)
        row += nodes.entry("", where)
        body += row
    group += body
    # on paper a smaller type keeps the table to a few pages
    section += nodes.raw("", r"\begingroup\footnotesize", format="latex")
    section += table
    section += nodes.raw("", r"\endgroup", format="latex")
    return section


def _timeline_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    data = events_file(app.env.srcdir, app.config.edition_events_file)
    paragraphs = app.env.get_domain("edition").paragraphs
    by_id = {e.id: e for e in data.events}

    def href(key: str) -> str | None:
        event = by_id.get(key)
        if event is None:
            return None
        for m in event.mentions:
            found = paragraphs.get(f"{m.siglum}-p{m.p}")
            if found:
                return app.builder.get_relative_uri(docname, found[0]) + f"#{m.siglum}-p{m.p}"
        return None

    box = nodes.container(classes=["edition-timeline-box"], ids=["timeline-figure"])
    box += nodes.raw("", timeline.svg(data.events, data.statements, href, _role(app)), format="html")
    box += nodes.raw("", timeline.tikz(data.events, data.statements), format="latex")
    caption = nodes.paragraph(classes=["edition-figure-caption"])
    caption += nodes.strong("", "Timeline. ")
    caption += nodes.Text(
        "Earlier events the texts recall, then 21 February to 30 April 2022 on a scale of days; the dashed lines are "
        "the statements' own dates. Each event links to the first paragraph that mentions it; the table gives all."
    )
    box += caption
    return [box]


def _mentions(app: Sphinx, docname: str, event: Event | None) -> nodes.Node:
    paragraphs = app.env.get_domain("edition").paragraphs
    out = nodes.inline()
    for i, m in enumerate(event.mentions if event else ()):
        if i:
            out += nodes.Text(", ")
        label = f"{m.siglum.upper()} ¶{m.p}"
        found = paragraphs.get(f"{m.siglum}-p{m.p}")
        out += (
            make_refnode(app.builder, docname, found[0], f"{m.siglum}-p{m.p}", nodes.inline("", label))
            if found
            else nodes.Text(label)
        )
    return out


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(ed.place_map)):
        node.replace_self(_map_nodes(app, docname))
    for node in list(doctree.findall(ed.event_timeline)):
        node.replace_self(_timeline_nodes(app, docname))
    mentions = list(doctree.findall(ed.event_mentions))
    if mentions:
        by_id = {e.id: e for e in events_file(app.env.srcdir, app.config.edition_events_file).events}
        for node in mentions:
            node.replace_self(_mentions(app, docname, by_id.get(node["event"])))


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Once all chapters are read: each event's words are in the paragraphs it names, and its place exists."""
    if not app.config.edition_enabled or not env.get_domain("edition").paragraphs:
        return
    rel = app.config.edition_events_file
    if not (Path(env.srcdir) / rel).is_file():
        return
    paragraphs = env.get_domain("edition").paragraphs
    places = {e.id for e in _places(app)}
    for event in events_file(env.srcdir, rel).events:
        for m in event.mentions:
            found = paragraphs.get(f"{m.siglum}-p{m.p}")
            if found is None:
                report(
                    Problem(
                        "event_mention",
                        f"event {event.id!r}: there is no paragraph {m.siglum.upper()} ¶{m.p}. "
                        "Mend: give the number of a paragraph of that statement.",
                        event.location,
                    )
                )
            elif m.exact not in found[3]:
                report(
                    Problem(
                        "event_mention",
                        f"event {event.id!r}: the words {m.exact!r} are not in {m.siglum.upper()} ¶{m.p}. "
                        "Mend: copy words of that paragraph exactly, or correct the paragraph number.",
                        event.location,
                    )
                )
        if event.place and event.place not in places:
            report(
                Problem(
                    "event_place",
                    f"event {event.id!r}: {event.place!r} is not a place of {app.config.edition_index_file}. "
                    "Mend: use the id of a place entry, or add the place there.",
                    event.location,
                )
            )


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_events_file", "annotations/events.yml", "env", types=[str])
    app.add_directive("edition-map", MapFigure)
    app.add_directive("edition-timeline", TimelineFigure)
    app.add_role_to_domain("edition", "mentions", MentionsRole())
    app.connect("doctree-resolved", resolve)
    app.connect("env-check-consistency", check)
