"""A statement's edition as TEI P5: the reading text with its interventions, names and notes.

The text is the edition's own: the units as the build numbered them (``<p n="12"
xml:id="itc-p12">``), the apparatus entries where the build anchored them, the names where the
indexes find them. Interventions are encoded by the kind of the apparatus entry:
regularisation as ``<choice>``/``<orig>``/``<reg>``, emendation as ``<choice>``/``<sic>``/``<corr>``,
supplied words as ``<supplied>``, and the rest (layout, relocated matter, deleted matter, note
calls) as ``<app>``/``<lem>``/``<rdg>`` with the witness's reading, whose line breaks are ``<lb/>``
and whose relocated paragraphs are a ``<ptr>``. Editors' notes stand in the back, pointing at
anchors around their words; the authors' notes are ``<note type="authorial">``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from docutils import nodes

from . import __version__
from . import nodes as ed
from .anchoring import Anchor
from .exports import Chapter
from .indexes import name_spans
from .model import Annotation, IndexEntry, Location, Problem
from .render import TYPE_LABELS
from .text import Unit
from .xmlspans import Span, accept, nest, render, write_lines

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
NAME_TAGS = {"person": "persName", "place": "placeName", "org": "orgName"}
MARKUP: dict[type, tuple[str, dict[str, str]]] = {
    nodes.emphasis: ("hi", {"rend": "italic"}),
    nodes.strong: ("hi", {"rend": "bold"}),
    nodes.literal: ("hi", {"rend": "monospace"}),
    nodes.superscript: ("hi", {"rend": "superscript"}),
    ed.editorial: ("supplied", {}),
}
# rank: which of two spans over the same words is outside
INTERVENTION, MARKUP_RANK, NAME, ATOM = 0, 1, 2, 3
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; ``xml_id`` and ``xml_lang`` become xml:id and xml:lang."""
    element = ET.SubElement(parent, tag, {(XML_NS + k[4:] if k.startswith("xml_") else k): v for k, v in attrs.items()})
    if text:
        element.text = text
    return element


def _ancestors(node: nodes.Node, stop: nodes.Node):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


class Encoder:
    """Turns one chapter into TEI, remembering what it pointed at and what it had to leave out."""

    def __init__(self, chapter: Chapter) -> None:
        self.chapter = chapter
        self.siglum = chapter.siglum
        self.witness_ref = f"#{chapter.siglum}-witness"
        self.left_out: list[Problem] = []
        self.entries_used: dict[str, IndexEntry] = {}
        self.inline_ids: dict[str, list[str]] = {}  # apparatus entry id: the xml:ids of its inline elements
        self.by_unit: dict[int, list[tuple[Annotation, Anchor, str]]] = {}
        for ann in chapter.annotations:
            for k, found in enumerate(chapter.spans(ann), 1):
                xml_id = f"{ann.id}-{k}" if ann.passim else ann.id
                self.by_unit.setdefault(id(found.unit), []).append((ann, found, xml_id))

    # ------------------------------------------------------------ the witness's readings

    def witness_reading(self, parent: ET.Element, ann: Annotation) -> None:
        text = ann.witness or ""
        parts = text.split("{moved}")
        for i, part in enumerate(parts):
            if i and ann.moved:
                first, last = ann.moved
                targets = " ".join(f"#{self.siglum}-p{n}" for n in range(first, last + 1))
                sub(parent, "ptr", type="relocated", target=targets)
            write_lines(parent, part)

    def intervention(self, ann: Annotation, found: Anchor, xml_id: str) -> Span:
        def make(parent: ET.Element) -> ET.Element:
            if ann.type == "regularisation":
                choice = sub(parent, "choice", xml_id=xml_id)
                self.witness_reading(sub(choice, "orig"), ann)
                return sub(choice, "reg")
            if ann.type == "emendation":
                choice = sub(parent, "choice", xml_id=xml_id)
                self.witness_reading(sub(choice, "sic"), ann)
                return sub(choice, "corr")
            if ann.type == "supplied" and not ann.witness:
                return sub(parent, "supplied", xml_id=xml_id)
            app = sub(parent, "app", type=ann.type or "intervention", xml_id=xml_id)
            lem = sub(app, "lem")
            self.witness_reading(sub(app, "rdg", wit=self.witness_ref), ann)
            return lem

        self.inline_ids.setdefault(ann.id, []).append(xml_id)
        label = "supplied" if ann.type == "supplied" and not ann.witness else "intervention"
        return Span(found.start, found.end, INTERVENTION, make, label=label)

    # ------------------------------------------------------------ one unit's content

    def _markup_and_atoms(self, unit: Unit) -> tuple[list[Span], list[Span]]:
        ranges: dict[int, list[Any]] = {}  # id(node): [node, start, end]
        atoms: list[Span] = []
        for piece in unit.pieces:
            if piece.node is None:
                atoms.append(Span(piece.start, piece.end, ATOM, lambda parent: parent, atomic=True))
                continue
            if isinstance(piece.node, nodes.footnote_reference):
                number = str(piece.node["edition_call"])
                atoms.append(Span(piece.start, piece.end, ATOM, self._call(number), atomic=True))
            for node in _ancestors(piece.node, unit.node):
                if type(node) in MARKUP:
                    entry = ranges.setdefault(id(node), [node, piece.start, piece.end])
                    entry[1], entry[2] = min(entry[1], piece.start), max(entry[2], piece.end)
        markup = []
        for node, start, end in ranges.values():
            tag, attrs = MARKUP[type(node)]
            make = lambda parent, tag=tag, attrs=attrs: sub(parent, tag, **attrs)  # noqa: E731
            markup.append(Span(start, end, MARKUP_RANK, make, label=tag))
        return markup, atoms

    def _call(self, number: str) -> Callable[[ET.Element], ET.Element]:
        def make(parent: ET.Element) -> ET.Element:
            return sub(
                parent,
                "ref",
                number,
                type="noteAnchor",
                target=f"#{self.siglum}-note-{number}",
                xml_id=f"{self.siglum}-call-{number}",
            )

        return make

    def _names(self, unit: Unit) -> list[Span]:
        spans = []
        for start, end, entry in name_spans(self.chapter.registry, unit.text):
            self.entries_used[entry.id] = entry

            def make(parent: ET.Element, entry: IndexEntry = entry) -> ET.Element:
                return sub(parent, NAME_TAGS[entry.type], ref=f"#index-{entry.id}")

            spans.append(Span(start, end, NAME, make))
        return spans

    def _points(self, unit: Unit) -> list[Span]:
        """Anchors at both ends of the words each editors' note (and each theme) is on."""
        points = []
        for ann, found, _ in self.by_unit.get(id(unit), []):
            if ann.kind == "apparatus" and ann.witness is not None:
                continue  # its inline element is its anchor
            for position, suffix, order in ((found.start, "start", 1), (found.end, "end", 0)):

                def make(parent: ET.Element, xml_id: str = f"{ann.id}-{suffix}") -> ET.Element:
                    return sub(parent, "anchor", xml_id=xml_id)

                points.append(Span(position, position, 0, make, atomic=True, order=order))
        return points

    def content(self, parent: ET.Element, unit: Unit) -> None:
        markup, atoms = self._markup_and_atoms(unit)
        interventions = [
            self.intervention(ann, found, xml_id)
            for ann, found, xml_id in self.by_unit.get(id(unit), [])
            if ann.kind == "apparatus" and ann.witness is not None
        ]
        interventions.sort(key=lambda s: s.start)
        spans = {id(s): s for s in interventions}
        # words the editors supply and the apparatus records are one <supplied>, not two
        supplied = [s for s in interventions if s.label == "supplied"]
        markup = [
            m for m in markup if not (m.label == "supplied" and any(s.start <= m.start and m.end <= s.end for s in supplied))
        ]
        kept, left_out = accept(interventions + atoms + markup)
        for span in left_out:
            if id(span) in spans:
                self.left_out.append(
                    Problem(
                        "export",
                        f"TEI: an apparatus entry on {unit.label} of {self.siglum.upper()} crosses another; "
                        "it is left out of the TEI file.",
                        Location(self.chapter.docname, 1),
                    )
                )
        names, _ = accept(kept + self._names(unit))  # a name that crosses other markup is not encoded
        render(parent, unit.text, nest(names + self._points(unit)))

    # ------------------------------------------------------------ the body

    def unit_element(self, parent: ET.Element, unit: Unit) -> None:
        node = unit.node
        anchor_id = f"{self.siglum}-p{unit.number}"
        rend = " ".join(c.removeprefix("edition-") for c in node["classes"] if c not in ("edition-unit",)) or None
        attrs = {"n": str(unit.number), "xml_id": anchor_id}
        if isinstance(node, nodes.title):
            element = sub(parent, "head", **attrs)
        elif isinstance(node, nodes.list_item):
            element = sub(parent, "item", **attrs)
        else:
            element = sub(parent, "p", **attrs, **({"rend": rend} if rend else {}))
        self.content(element, unit)

    def blocks(self, parent: ET.Element, node: nodes.Element, units: dict[int, Unit]) -> None:
        for child in node.children:
            if id(child) in units:
                self.unit_element(parent, units[id(child)])
            elif isinstance(child, nodes.section):
                self.blocks(sub(parent, "div"), child, units)
            elif isinstance(child, (nodes.enumerated_list, nodes.bullet_list)):
                listing = sub(parent, "list", rend="numbered" if isinstance(child, nodes.enumerated_list) else "bulleted")
                self.blocks(listing, child, units)
            elif isinstance(child, (ed.margin_note, nodes.footnote, nodes.title, nodes.target, nodes.system_message)):
                continue
            elif isinstance(child, nodes.Element):
                self.blocks(parent, child, units)

    def body(self, text: ET.Element) -> None:
        body = sub(text, "body")
        div = sub(body, "div", type="edition", xml_id=f"{self.siglum}-text")
        self.blocks(div, self.chapter.region, {id(u.node): u for u in self.chapter.units})

    # ------------------------------------------------------------ the back: notes and themes

    def _targets(self, ann: Annotation) -> dict[str, str]:
        if ann.id in self.inline_ids:
            return {"target": " ".join(f"#{i}" for i in self.inline_ids[ann.id])}
        if ann.passim:
            return {}
        return {"target": f"#{ann.id}-start", "targetEnd": f"#{ann.id}-end"}

    def _paragraphs(self, parent: ET.Element, text: str) -> None:
        for para in (p for p in text.split("\n\n") if p.strip()):
            write_lines(sub(parent, "p"), " ".join(para.split()))

    def back(self, text: ET.Element) -> None:
        back = sub(text, "back")
        chapter = self.chapter
        placed = [a for a in chapter.annotations if chapter.spans(a)]
        if chapter.notes:
            notes = sub(back, "div", type="authorial-notes")
            sub(notes, "head", "The authors' notes")
            for unit in chapter.notes:
                note = sub(notes, "note", type="authorial", n=str(unit.number), xml_id=f"{self.siglum}-note-{unit.number}")
                self.content(note, unit)
        commentary = [a for a in placed if a.kind in ("note", "source")]
        if commentary:
            div = sub(back, "div", type="commentary")
            sub(div, "head", "The editors' notes")
            for ann in commentary:
                note = sub(div, "note", type="editorial", subtype=ann.kind, xml_id=ann.id, **self._targets(ann))
                self._paragraphs(note, chapter.bodies.get(ann.id, ann.body))
        apparatus = [a for a in placed if a.kind == "apparatus"]
        if apparatus:
            div = sub(back, "div", type="apparatus")
            sub(div, "head", "The textual apparatus")
            for ann in apparatus:
                note = sub(
                    div, "note", type="editorial", subtype="apparatus", ana=f"#intervention-{ann.type}", xml_id=f"{ann.id}-note"
                )
                for key, value in self._targets(ann).items():
                    note.set(key, value)
                self._paragraphs(note, chapter.bodies.get(ann.id, ann.body))
        tagged = [a for a in placed if a.themes and a.id in chapter.anchors]
        if tagged:
            group = sub(back, "spanGrp", type="themes")
            for ann in tagged:
                known = [t for t in ann.themes if t in chapter.themes]
                if known:
                    sub(
                        group,
                        "span",
                        xml_id=f"{ann.id}-themes",
                        ana=" ".join(f"#theme-{t}" for t in known),
                        **{"from": f"#{ann.id}-start", "to": f"#{ann.id}-end"},
                    )

    # ------------------------------------------------------------ the header

    def header(self, tei: ET.Element, config: Any) -> None:
        chapter = self.chapter
        header = sub(tei, "teiHeader")
        file_desc = sub(header, "fileDesc")
        title_stmt = sub(file_desc, "titleStmt")
        sub(title_stmt, "title", chapter.title)
        sub(title_stmt, "editor", str(getattr(config, "author", "") or "The editors"))
        edition_stmt = sub(file_desc, "editionStmt")
        sub(edition_stmt, "edition", f"Version {__version__}", n=__version__)
        publication = sub(file_desc, "publicationStmt")
        sub(publication, "publisher", str(getattr(config, "html_title", "") or getattr(config, "project", "")))
        sub(publication, "idno", chapter.siglum.upper(), type="siglum")
        availability = sub(publication, "availability")
        licence = sub(availability, "licence", target=LICENCE)
        licence.text = (
            "The editors' notes, apparatus and encoding: Creative Commons Attribution 4.0 International (CC BY 4.0). "
            "The text of the statement belongs to its authors; it is reproduced here for a scholarly edition, "
            "and the editors claim no rights in it."
        )
        source = sub(file_desc, "sourceDesc")
        witnesses = sub(source, "listWit")
        witness = sub(witnesses, "witness", xml_id=f"{self.siglum}-witness")
        bibl = sub(witness, "bibl")
        sub(bibl, "title", chapter.title)
        sub(bibl, "idno", chapter.witness_path, type="file")
        sub(bibl, "extent", f"{len(chapter.witness)} characters")
        if chapter.witness_description:
            sub(bibl, "note", chapter.witness_description)
        encoding = sub(header, "encodingDesc")
        editorial = sub(encoding, "editorialDecl")
        sub(
            editorial,
            "p",
            "The reading text is the edition's, numbered as in the edition (n, and xml:id as the anchors of the web "
            "edition). Each intervention is encoded where the edition records it in its apparatus, with the "
            "witness's reading; line breaks of the witness are lb. The reading text plus the witness's readings "
            "gives the witness again, character for character, as the edition's fidelity check proves at every build.",
        )
        classes = sub(encoding, "classDecl")
        kinds = sub(classes, "taxonomy", xml_id="interventions")
        for kind in sorted({a.type for a in chapter.annotations if a.kind == "apparatus" and a.type}):
            category = sub(kinds, "category", xml_id=f"intervention-{kind}")
            sub(category, "catDesc", TYPE_LABELS.get(kind, kind))
        if chapter.themes:
            themes = sub(classes, "taxonomy", xml_id="themes")
            for theme in chapter.themes.values():
                category = sub(themes, "category", xml_id=f"theme-{theme.id}")
                sub(category, "catDesc", f"{theme.title}: {' '.join(theme.description.split())}")
        self._registry(header)

    def _registry(self, header: ET.Element) -> None:
        """The persons, places and organisations the text names, each once, as in the indexes."""
        used = sorted(self.entries_used.values(), key=lambda e: (e.type, e.name))
        if not used:
            return
        profile = sub(header, "profileDesc")
        people = [e for e in used if e.type in ("person", "org")]
        if people:
            partic = sub(profile, "particDesc")
            for kind, list_tag, item_tag in (("person", "listPerson", "person"), ("org", "listOrg", "org")):
                entries = [e for e in people if e.type == kind]
                if entries:
                    listing = sub(partic, list_tag)
                    for entry in entries:
                        self._entry(sub(listing, item_tag, xml_id=f"index-{entry.id}"), entry)
        places = [e for e in used if e.type == "place"]
        if places:
            listing = sub(sub(profile, "settingDesc"), "listPlace")
            for entry in places:
                self._entry(sub(listing, "place", xml_id=f"index-{entry.id}"), entry)

    @staticmethod
    def _entry(element: ET.Element, entry: IndexEntry) -> None:
        sub(element, NAME_TAGS[entry.type], entry.name)
        if entry.wikidata:
            sub(element, "idno", entry.wikidata, type="wikidata")
        sub(element, "note", entry.description)


ELEMENT_ONLY = {"TEI", "text", "body", "back", "div", "list", "spanGrp"}


def _lay_out(element: ET.Element) -> None:
    """Line breaks between blocks only: in mixed content every space is the text's own."""
    if element.tag == "teiHeader":
        ET.indent(element, space=" ", level=1)
        return
    if element.tag in ELEMENT_ONLY and len(element):
        element.text = "\n"
        for child in element:
            child.tail = "\n"
            _lay_out(child)


def document(chapter: Chapter, config: Any) -> tuple[ET.ElementTree, list[Problem]]:
    """The TEI document of one statement, and the interventions it could not encode."""
    encoder = Encoder(chapter)
    tei = ET.Element("TEI", {"xmlns": TEI_NS, f"{XML_NS}lang": str(getattr(config, "language", None) or "en")})
    text = ET.Element("text")
    encoder.body(text)
    encoder.back(text)
    encoder.header(tei, config)  # after the text: the registry lists the names the text holds
    tei.append(text)
    _lay_out(tei)
    return ET.ElementTree(tei), encoder.left_out
