"""The edition as data, published with the HTML: W3C Web Annotations (JSON-LD) and TEI P5, per statement.

Both are made from the edition's own model, once the book is written: the units of the
reading text as the build numbered them, the annotations anchored on them as the build
anchored them, and the bodies as readers read them (citations resolved to their text).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import nodes as ed
from .anchoring import Anchor, anchor, passim_spans
from .model import Annotation, IndexEntry, Location, Problem, Theme
from .store import annotation_file, index_file, report, themes_file
from .text import Unit, note_units, reading_units

JSONLD_DIR = "annotations"
TEI_DIR = "tei"


@dataclass
class Chapter:
    """One statement's chapter as the build left it: everything an export needs."""

    docname: str
    siglum: str
    title: str
    page: str  # the chapter's page, relative to the output folder (book/itc.html)
    region: nodes.section
    units: list[Unit]
    notes: list[Unit]
    annotations: list[Annotation]
    anchors: dict[str, Anchor]
    passim: dict[str, list[Anchor]]
    bodies: dict[str, str]  # annotation id: its body as plain text, as the reader reads it
    witness_path: str
    witness: str
    witness_description: str
    themes: dict[str, Theme] = field(default_factory=dict)
    registry: list[IndexEntry] = field(default_factory=list)

    def spans(self, ann: Annotation) -> list[Anchor]:
        """Where an annotation is: every occurrence of a passim entry, else its one anchor (none if unplaced)."""
        if ann.passim:
            return self.passim.get(ann.id, [])
        return [self.anchors[ann.id]] if ann.id in self.anchors else []


def _plain(children: list[nodes.Node]) -> str:
    return "\n\n".join(c.astext().strip() for c in children if c.astext().strip())


def _bodies(doctree: nodes.document) -> dict[str, str]:
    """The text of every editors' note and apparatus entry, without the heads the edition prints."""
    bodies: dict[str, str] = {}
    for note in doctree.findall(ed.margin_note):
        if not note["ids"] or "edition-theme" in note["classes"]:
            continue
        kept = [
            c
            for c in note.children
            if not {"edition-note-head", "edition-theme-line"} & set(getattr(c, "get", lambda *_: [])("classes", []))
        ]
        bodies[note["ids"][0]] = _plain(kept)
    for listing in doctree.findall(nodes.bullet_list):
        if "edition-apparatus" not in listing["classes"]:
            continue
        for item in listing.children:
            if isinstance(item, nodes.list_item) and item["ids"]:
                bodies[item["ids"][0]] = _plain(item.children[1:])
    return bodies


def _witness_description(doctree: nodes.document) -> str:
    """The headnote's paragraph on the witness ("The witness. …"), as the reader reads it."""
    for para in doctree.findall(nodes.paragraph):
        text = para.astext()
        first = next((c for c in para.children if c.astext().strip()), None)
        if isinstance(first, nodes.strong) and text.startswith("The witness."):
            return " ".join(text[len("The witness.") :].split())
    return ""


def _anchor_all(annotations: list[Annotation], units: list[Unit], notes: list[Unit]):
    anchors: dict[str, Anchor] = {}
    passim: dict[str, list[Anchor]] = {}
    for ann in annotations:
        if ann.passim:
            passim[ann.id] = passim_spans(ann, units)
            continue
        found = anchor(ann, units, notes)
        if isinstance(found, Anchor):
            anchors[ann.id] = found
    return anchors, passim


def chapter(app: Sphinx, docname: str) -> Chapter | None:
    """Read a written chapter back: its reading text, anchored annotations and resolved bodies."""
    env = app.env
    domain = env.get_domain("edition")
    doctree = env.get_and_resolve_doctree(docname, app.builder)
    region = next((s for s in doctree.findall(nodes.section) if s.get("edition_siglum")), None)
    if region is None:
        return None
    siglum = region["edition_siglum"]
    units = reading_units(region)
    notes = note_units(doctree)
    built = [t for _, (d, s, _, t) in sorted(domain.paragraphs.items(), key=lambda kv: kv[1][2]) if d == docname]
    if [u.text for u in units] != built:
        report(
            Problem(
                "export",
                f"the exports of {siglum.upper()} were not written: the written chapter's units differ from those read.",
                Location(Path(env.doc2path(docname, False)).as_posix(), 1),
            )
        )
        return None
    rel = f"{app.config.edition_annotations_dir}/{siglum}.yml"
    data = annotation_file(Path(env.srcdir) / rel, rel)
    anchors, passim = _anchor_all(data.annotations, units, notes)
    witness_path = Path(env.srcdir) / data.witness if data.witness else None
    title = next(iter(doctree.findall(nodes.title)), None)
    return Chapter(
        docname=docname,
        siglum=siglum,
        title=title.astext() if title else siglum.upper(),
        page=app.builder.get_target_uri(docname),
        region=region,
        units=units,
        notes=notes,
        annotations=data.annotations,
        anchors=anchors,
        passim=passim,
        bodies=_bodies(doctree),
        witness_path=data.witness,
        witness=witness_path.read_text(encoding="utf-8") if witness_path and witness_path.is_file() else "",
        witness_description=_witness_description(doctree),
        themes={t.id: t for t in themes_file(env.srcdir, app.config.edition_themes_file).themes},
        registry=index_file(env.srcdir, app.config.edition_index_file).entries,
    )


_written: set[str] = set()  # the documents written in this build


def _start(app: Sphinx) -> None:
    _written.clear()


def _note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    _written.add(docname)


def _exports_of(app: Sphinx, docname: str) -> list[Path]:
    siglum = app.env.get_domain("edition").data["fidelity"].get(docname, {}).get("siglum", "")
    return [Path(app.outdir) / TEI_DIR / f"{siglum}.xml"] if siglum else []


def write(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build: one JSON-LD collection and one TEI file per statement.

    Only for the chapters written in this build (or whose files are missing): a chapter that was
    not written has the same inputs as when its exports were made, and remaking every statement's
    exports would make a no-change rebuild of a large corpus cost as much as a full one.
    """
    if exception is not None or app.builder.format != "html" or app.builder.name not in ("html", "dirhtml"):
        return
    from . import tei, webanno

    domain = app.env.get_domain("edition")
    out = Path(app.outdir)
    for docname in sorted(domain.data["fidelity"]):
        if docname not in _written and all(p.is_file() for p in _exports_of(app, docname)):
            continue
        found = chapter(app, docname)
        if found is None:
            continue
        for name, content in webanno.documents(found, app.config, prefix=f"{JSONLD_DIR}/").items():
            target = out / JSONLD_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        document, left_out = tei.document(found, app.config)
        for problem in left_out:
            report(problem)
        target = out / TEI_DIR / f"{found.siglum}.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(ET.tostring(document.getroot(), encoding="utf-8", xml_declaration=True) + b"\n")


# ---------------------------------------------------------------- links from the chapter


class ExportLinks(SphinxDirective):
    """Where a chapter says where its data is: ```{edition-exports} itc```."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        siglum = self.arguments[0].strip()
        return [ed.export_links(siglum=siglum)]


def export_paths(siglum: str) -> list[tuple[str, str, str]]:
    """(path in the output, link text, what it is) of a statement's exports."""
    return [
        (f"{JSONLD_DIR}/{siglum}.jsonld", "W3C Web Annotations (JSON-LD)", "every note, source, theme and apparatus entry"),
        (f"{TEI_DIR}/{siglum}.xml", "TEI P5 (XML)", "the reading text with its apparatus, notes and names"),
    ]


def html_visit_export_links(self: Any, node: nodes.Element) -> None:
    if self.builder.name not in ("html", "dirhtml"):
        raise nodes.SkipNode  # the files are published with the web book only
    here = posixpath.dirname(self.builder.get_target_uri(self.builder.current_docname))
    links = []
    for path, label, what in export_paths(node["siglum"]):
        href = posixpath.relpath(path, here or ".")
        links.append(f'<a class="reference external" href="{href}">{label}</a>, {what}')
    self.body.append('<p class="edition-exports">This statement as data: ' + "; ".join(links) + ".</p>")
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    skip = (_skip, None)
    app.add_node(ed.export_links, html=(html_visit_export_links, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_directive("edition-exports", ExportLinks)
    app.connect("builder-inited", _start)
    app.connect("doctree-resolved", _note_written)
    app.connect("build-finished", write)
