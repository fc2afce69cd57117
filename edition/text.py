"""The reading text as a sequence of numbered units, each a string mapped back to its nodes.

One serialisation serves anchoring, the fidelity check and every export: a unit's text is
what the reader reads, with the authors' note calls written ``[^N]``, the numbered points
of a list preceded by their number and a space, and the lines of a line-kept block joined
by line breaks. The reader's controls of the web edition (``nodes.reader_control``) are no part of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes

from . import nodes as ed


@dataclass
class Piece:
    """A stretch of a unit's text: a Text node (splittable) or an atom (a call, a list number)."""

    start: int
    end: int
    node: nodes.Node | None  # the Text node; None for atoms


@dataclass
class Unit:
    """A numbered block of the reading text (a paragraph, a heading, a list item) or an authors' note."""

    number: int  # ¶ number, or the authors' note number
    node: nodes.Element
    text: str
    pieces: list[Piece] = field(default_factory=list)
    is_note: bool = False

    @property
    def label(self) -> str:
        return f"note {self.number}" if self.is_note else f"¶{self.number}"


def _walk(node: nodes.Node, out: list[str], pieces: list[Piece]) -> None:
    """Append the node's text to out; each piece starts where the previous one ended (linear, not a re-count)."""
    for child in node.children:
        if isinstance(child, nodes.Text):
            start = pieces[-1].end if pieces else 0
            out.append(str(child))
            pieces.append(Piece(start, start + len(child), child))
        elif isinstance(child, nodes.footnote_reference) and "edition_call" in child:
            start = pieces[-1].end if pieces else 0
            atom = f"[^{child['edition_call']}]"
            out.append(atom)
            pieces.append(Piece(start, start + len(atom), child))
        elif isinstance(
            child,
            (
                nodes.raw,
                nodes.system_message,
                ed.paragraph_number,
                ed.apparatus_marker,
                ed.margin_note,
                ed.editorial_statement,
                ed.reader_control,
                nodes.label,
            ),
        ):
            continue
        elif isinstance(child, nodes.Element):
            _walk(child, out, pieces)


def unit_of(node: nodes.Element, number: int, prefix: str = "", is_note: bool = False) -> Unit:
    out: list[str] = [prefix] if prefix else []
    pieces: list[Piece] = [Piece(0, len(prefix), None)] if prefix else []
    _walk(node, out, pieces)
    return Unit(number, node, "".join(out), pieces, is_note)


def _is_unit(node: nodes.Node) -> bool:
    if isinstance(node, nodes.list_item):
        return True
    if isinstance(node, (nodes.paragraph, nodes.title, nodes.rubric)):
        return not any(isinstance(a, nodes.list_item) for a in _ancestors(node))
    return False


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def reading_units(region: nodes.Element) -> list[Unit]:
    """Number every block of the reading text in document order (the region's own title excluded)."""
    units: list[Unit] = []
    for node in region.findall(_is_unit, include_self=False):
        if isinstance(node, nodes.title) and node.parent is region:
            continue
        if any(isinstance(a, (ed.edition_text, ed.margin_note, nodes.footnote)) for a in _ancestors(node)):
            continue
        prefix = ""
        if isinstance(node, nodes.list_item) and isinstance(node.parent, nodes.enumerated_list):
            start = node.parent.get("start", 1)
            prefix = f"{start + node.parent.index(node)} "
        units.append(unit_of(node, len(units) + 1, prefix))
    return units


def note_units(document: nodes.document) -> list[Unit]:
    """The authors' notes of a chapter, in their own numbering."""
    notes = [n for n in document.findall(nodes.footnote) if "authors-note" in n["classes"]]
    return [unit_of(n, int(n["edition_note"]), prefix=f"[^{n['edition_note']}]: ", is_note=True) for n in notes]
