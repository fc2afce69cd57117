"""Nest the marked stretches of a text into XML elements, for exports whose markup may not overlap.

A reading-text unit carries several layers at once: the authors' emphasis, the editors'
interventions, the names of the indexes, the anchors of the notes. Each is a span of the unit's
text; spans that nest become nested elements, and a span that would cross one of higher
priority is left out (and said so by the caller).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET


@dataclass(eq=False)
class Span:
    """Characters start–end of a text, to be wrapped by the element(s) that ``make`` adds to a parent.

    ``make`` returns the element that receives the span's characters (``<reg>`` inside ``<choice>``);
    an atomic span prints no characters of its own (a note call, a list number). ``rank`` decides
    which of two spans over the same characters is outside: the lower.
    """

    start: int
    end: int
    rank: int
    make: Callable[[ET.Element], ET.Element]
    atomic: bool = False
    order: int = 0  # among points at one place: the lower first
    label: str = ""  # what the span encodes, for the caller
    children: list[Span] = field(default_factory=list)

    @property
    def point(self) -> bool:
        return self.start == self.end


def crosses(a: Span, b: Span) -> bool:
    """True when neither span holds the other but they share characters."""
    if a.point or b.point:
        return False
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def contains(outer: Span, inner: Span) -> bool:
    if outer.point or outer.atomic:
        return False
    if inner.point:
        return outer.start < inner.start < outer.end
    if not (outer.start <= inner.start and inner.end <= outer.end):
        return False
    if (outer.start, outer.end) == (inner.start, inner.end):
        return outer.rank < inner.rank
    return True


def accept(spans: Iterable[Span]) -> tuple[list[Span], list[Span]]:
    """Keep spans in the order given (the most important first), leaving out any that crosses a kept one."""
    kept: list[Span] = []
    left_out: list[Span] = []
    for span in spans:
        if any(crosses(span, k) for k in kept):
            left_out.append(span)
        else:
            kept.append(span)
    return kept, left_out


def _insert(siblings: list[Span], span: Span) -> None:
    for sibling in siblings:
        if contains(sibling, span):
            _insert(sibling.children, span)
            return
    inside = [s for s in siblings if contains(span, s)]
    for s in inside:
        siblings.remove(s)
    span.children.extend(inside)
    siblings.append(span)


def nest(spans: Iterable[Span]) -> list[Span]:
    """The spans as a forest: each span among the children of the smallest span that holds it."""
    roots: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.rank)):
        span.children = []
        _insert(roots, span)
    return roots


def append_text(parent: ET.Element, text: str) -> None:
    """Add characters after the last child of parent (ElementTree keeps them in .text or a .tail)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def write_lines(parent: ET.Element, text: str) -> None:
    """Characters, with each line break of the edition as <lb/>."""
    for i, line in enumerate(text.split("\n")):
        if i:
            ET.SubElement(parent, "lb")
        append_text(parent, line)


def render(parent: ET.Element, text: str, spans: list[Span], start: int = 0, end: int | None = None) -> None:
    """Write text[start:end] into parent, wrapping each nested span in its element(s)."""
    end = len(text) if end is None else end
    cursor = start
    for span in sorted(spans, key=lambda s: (s.start, 0 if s.point else 1, s.order, -s.end, s.rank)):
        write_lines(parent, text[cursor : span.start])
        inner = span.make(parent)
        if not span.atomic:
            render(inner, text, span.children, span.start, span.end)
        cursor = max(cursor, span.end)
    write_lines(parent, text[cursor:end])
