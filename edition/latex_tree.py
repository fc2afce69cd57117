"""The doctree made ready for LaTeX: notes beside their passages, anchors for every id, page checks.

Runs on the whole book once references are resolved (``doctree-resolved``), for the LaTeX builder
only; the HTML and EPUB editions keep the doctree as the chapters made it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as ed
from .themes import drop_previews


class anchor(nodes.Inline, nodes.Element):
    """Named destinations for ids that Sphinx's LaTeX writer would drop (attribute ``names``)."""


class page_check(nodes.General, nodes.Element):
    """Before a numbered block: a new page here if this block's notes did not fit on the last."""


class AuthorsNotes(SphinxPostTransform):
    """The authors' notes as footnotes at their calls, the calls' ids kept, the uncalled notes kept.

    Sphinx moves every footnote to its call and drops the call's id; a note that the witness leaves
    without a call would vanish from the PDF. Each call keeps its id as a named destination, and
    an uncalled note is printed where it stands, under the authors' notes, with its number.
    """

    default_priority = 550  # before Sphinx's LaTeX footnote transform (600)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        called = {ref.get("refid") for ref in self.document.findall(nodes.footnote_reference)}
        for ref in list(self.document.findall(nodes.footnote_reference)):
            if ref["ids"] and "edition_call" in ref:
                ref.parent.insert(ref.parent.index(ref), anchor(names=list(ref["ids"])))
                ref["ids"] = []  # or Sphinx hands them on to the footnote that takes the call's place
        for note in list(self.document.findall(nodes.footnote)):
            if "authors-note" not in note["classes"] or any(i in called for i in note["ids"]):
                continue
            block = nodes.container(ids=list(note["ids"]), classes=["authors-note", "edition-uncalled-note"])
            label = note.children[0].astext() if isinstance(note.children[0], nodes.label) else ""
            for child in note.children[1:] if label else note.children:
                block += child.deepcopy()
            first = next(block.findall(nodes.TextElement), None)
            if first is not None and label:
                first.insert(0, nodes.Text(" "))
                first.insert(0, nodes.superscript("", label))
            note.replace_self(block)


# docutils nodes whose ids Sphinx's LaTeX writer does not turn into labels
_UNLABELLED = (nodes.paragraph, nodes.list_item, nodes.footnote, nodes.container, nodes.inline, nodes.title)


def _unit_of(node: nodes.Node, units: set[str]) -> nodes.Element | None:
    """The numbered block (paragraph, heading, list item) that holds a node."""
    current = node.parent
    while current is not None:
        if isinstance(current, nodes.Element) and units.intersection(current["ids"]):
            return current
        current = current.parent
    return None


def _unit_id(block: nodes.Element, units: set[str]) -> str:
    return next(i for i in block["ids"] if i in units)


def _place_notes(doctree: nodes.document, units: set[str]) -> None:
    """Move each margin note from before its block to its passage, where LaTeX sets it beside the line."""
    passages = {n["ids"][0]: n for n in doctree.findall(ed.passage) if n["ids"]}
    for note in list(doctree.findall(ed.margin_note)):
        passage = passages.get(f"{note['ids'][0]}-passage")
        if passage is None:
            continue
        block = _unit_of(passage, units)
        footnote = next((a for a in _lineage(passage) if isinstance(a, nodes.footnote)), None)
        if footnote is not None:
            # a note on an authors' note stands beside the call, on the page of the footnote
            call = footnote if isinstance(footnote.parent, nodes.TextElement) else None
            if call is None:
                continue
            block = _unit_of(call, units)
            target = call
        elif block is None or any(isinstance(a, nodes.title) for a in _lineage(passage)):
            # headings take no floats: the note stays after the heading
            if block is not None:
                note["edition_unit"] = _unit_id(block, units)
            continue
        else:
            target = passage
        note.parent.remove(note)
        target.parent.insert(target.parent.index(target), note)
        if block is not None:
            note["edition_unit"] = _unit_id(block, units)


def _lineage(node: nodes.Node):
    current = node.parent
    while current is not None:
        yield current
        current = current.parent


def _anchor_ids(doctree: nodes.document) -> None:
    """Give every id that the LaTeX writer would drop a named destination, where the id stands."""
    for node in list(doctree.findall(lambda n: isinstance(n, _UNLABELLED) and bool(n["ids"]))):
        mark = anchor(names=list(node["ids"]))
        if isinstance(node, nodes.TextElement):
            node.insert(0, mark)
            continue
        first = next((p for p in node.findall(nodes.paragraph) if not isinstance(p.parent, ed.margin_note)), None)
        if first is not None:
            first.insert(0, mark)


def _mark_breakpoints(doctree: nodes.document, units: set[str]) -> None:
    for block in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and bool(units.intersection(n["ids"])))):
        where = block.parent if isinstance(block, nodes.title) else block
        if where.parent is None or isinstance(where.parent, nodes.TextElement):
            continue
        where.parent.insert(where.parent.index(where), page_check(unit=_unit_id(block, units)))


def _keep_lines(doctree: nodes.document) -> None:
    """Blocks whose line breaks are the witness's keep them in print too."""
    for para in doctree.findall(nodes.paragraph):
        if "edition-lines" not in para["classes"]:
            continue
        for text in [t for t in para.findall(nodes.Text) if "\n" in t]:
            parts = str(text).split("\n")
            out: list[nodes.Node] = []
            for i, part in enumerate(parts):
                if i:
                    out.append(nodes.raw("", "\\newline\n", format="latex"))
                if part:
                    out.append(nodes.Text(part))
            text.parent.replace(text, out)


def _lift_chapters(doctree: nodes.document) -> None:
    """The introduction is a chapter like the others, not the book's title with its sections as chapters.

    Sphinx's LaTeX writer takes the first title of the book as the book's title and skips it, and
    the chapters of the table of contents stand inside the introduction's section. Here they follow
    it, and a title-only section in front is what the writer skips.
    """
    root = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    if root is None:
        return
    included = [
        n for n in root.findall(addnodes.start_of_file) if not any(isinstance(a, addnodes.start_of_file) for a in _lineage(n))
    ]
    index = doctree.index(root)
    for offset, chapter in enumerate(included, start=1):
        chapter.parent.remove(chapter)
        doctree.insert(index + offset, chapter)
    doctree.insert(index, nodes.section("", nodes.title("", "", nodes.Text(""))))


def prepare(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Once references are resolved: notes to their passages, anchors for every id, page breaks."""
    if app.builder.format != "latex":
        return
    units = {n["target"] for n in doctree.findall(ed.paragraph_number)}
    # ids are unique within a chapter; those that recur in the book get qualified destinations
    counts = Counter(i for n in doctree.findall(nodes.Element) for i in n["ids"])
    doctree["edition_recurring_ids"] = {i for i, c in counts.items() if c > 1}
    _lift_chapters(doctree)
    drop_previews(doctree)
    _place_notes(doctree, units)
    _anchor_ids(doctree)
    _mark_breakpoints(doctree, units)
    _keep_lines(doctree)


def setup(app: Sphinx) -> None:
    app.add_post_transform(AuthorsNotes)
    app.connect("doctree-resolved", prepare, priority=800)
