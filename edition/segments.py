"""Cut a unit's Text nodes at character offsets, so that words can be wrapped or marked."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from docutils import nodes

from .text import Unit


def index_of(parent: nodes.Element, child: nodes.Node) -> int:
    """Where a child stands among its siblings, found by identity.

    docutils looks children up by equality, and Text nodes are strings: in "the *x* and the
    *y* and" the two " and the " are equal, and the second would be taken for the first.
    """
    return next(i for i, sibling in enumerate(parent.children) if sibling is child)


@dataclass
class Segment:
    start: int
    end: int
    node: nodes.Node | None  # a Text node, or None for an atom without a node
    is_text: bool


def cut(unit: Unit, offsets: set[int]) -> list[Segment]:
    """Split the unit's Text nodes at the offsets; return its stretches in order."""
    segments: list[Segment] = []
    for piece in unit.pieces:
        if piece.node is None or not isinstance(piece.node, nodes.Text):
            segments.append(Segment(piece.start, piece.end, piece.node, False))
            continue
        inner = sorted(o for o in offsets if piece.start < o < piece.end)
        if not inner:
            segments.append(Segment(piece.start, piece.end, piece.node, True))
            continue
        text = str(piece.node)
        bounds = [piece.start, *inner, piece.end]
        parts = [nodes.Text(text[a - piece.start : b - piece.start]) for a, b in pairwise(bounds)]
        parent = piece.node.parent
        at = index_of(parent, piece.node)
        parent[at : at + 1] = parts
        segments.extend(Segment(a, b, part, True) for (a, b), part in zip(pairwise(bounds), parts, strict=True))
    return segments


def wrap(segments: list[Segment], start: int, end: int, make: type[nodes.Element], **attrs) -> list[nodes.Element]:
    """Wrap each Text stretch inside [start, end) in a new inline node; return the wrappers."""
    wrappers = []
    for seg in segments:
        if seg.is_text and seg.start >= start and seg.end <= end and seg.end > seg.start:
            text = seg.node
            parent = text.parent
            wrapper = make("", "", **attrs)
            parent[index_of(parent, text)] = wrapper
            wrapper += text
            wrappers.append(wrapper)
    return wrappers


def insert_at(segments: list[Segment], unit: Unit, position: int, node: nodes.Node) -> None:
    """Put an inline node at a character position of the unit."""
    before = [s for s in segments if s.end == position and s.end > s.start and s.node is not None]
    if before:
        anchor = before[-1].node
        parent = anchor.parent
        parent.insert(index_of(parent, anchor) + 1, node)
        return
    after = [s for s in segments if s.start == position and s.node is not None]
    if after:
        anchor = after[0].node
        parent = anchor.parent
        parent.insert(index_of(parent, anchor), node)
        return
    block = unit.node[0] if isinstance(unit.node, nodes.list_item) and len(unit.node) else unit.node
    block.append(node)
