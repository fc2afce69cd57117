"""Find the words a selector names in the reading text, or say precisely why not."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import Annotation, Problem, shown
from .text import Unit


@dataclass(frozen=True)
class Anchor:
    """Where an annotation's words are: a unit and a character range in its text."""

    unit: Unit
    start: int
    end: int


def _occurrences(text: str, words: str) -> Iterator[int]:
    """Every start of the words in the text, overlapping ones too, found by the string search."""
    at = text.find(words)
    while at != -1:
        yield at
        at = text.find(words, at + 1)


def _candidates(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
    """Starts of exact that have the prefix just before and the suffix just after.

    Only the places where the words (or, for a point, the prefix or suffix) occur are
    examined, and each test compares in place, so the cost grows with the text, not its square.
    """
    if exact:
        starts: Iterable[int] = _occurrences(text, exact)
    elif prefix:
        starts = (at + len(prefix) for at in _occurrences(text, prefix))
    elif suffix:
        starts = _occurrences(text, suffix)
    else:
        starts = range(len(text) + 1)
    end = len(exact)
    return [i for i in starts if text.endswith(prefix, 0, i) and text.startswith(suffix, i + end)]


def _context(text: str, start: int, end: int, width: int = 25) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    middle = text[start:end] if end - start <= 2 * width else f"{text[start : start + width]}…{text[end - width : end]}"
    return f"…{left}[{middle}]{right}…"


def anchor(ann: Annotation, units: list[Unit], notes: list[Unit]) -> Anchor | Problem:
    """Resolve one selector against the numbered units of its chapter."""
    sel = ann.target
    where = f"annotation {ann.id!r}"
    if sel.note is not None:
        pool = {u.number: u for u in notes}
        unit = pool.get(sel.note)
        if unit is None:
            have = ", ".join(str(n) for n in sorted(pool)) or "none"
            return Problem("out_of_range", f"{where}: there is no authors' note {sel.note} (notes: {have}).", ann.location)
    else:
        if sel.p is None or not 1 <= sel.p <= len(units):
            return Problem(
                "out_of_range",
                f"{where}: ¶{sel.p} does not exist; the reading text has ¶1 to ¶{len(units)}. Mend: correct p.",
                ann.location,
            )
        unit = units[sel.p - 1]
    hits = _candidates(unit.text, sel.exact, sel.prefix, sel.suffix)
    quote = sel.exact if sel.exact else f"(point after {sel.prefix!r}, before {sel.suffix!r})"
    if not hits:
        elsewhere = [u.label for u in units + notes if u is not unit and _candidates(u.text, sel.exact, sel.prefix, sel.suffix)]
        hint = ""
        if elsewhere:
            hint = f" It does occur in {', '.join(elsewhere[:5])}: correct p."
        else:
            close = _closest(unit.text, sel.prefix + sel.exact + sel.suffix)
            if close:
                hint = f" The nearest words in {unit.label} are {close!r}: copy them exactly."
        return Problem("quote_not_found", f"{where}: {shown(quote)} is not in {unit.label}.{hint}", ann.location)
    if sel.occurrence is not None:
        if sel.occurrence > len(hits):
            return Problem(
                "quote_not_found",
                f"{where}: occurrence {sel.occurrence} asked, but {shown(quote)} occurs {len(hits)} time(s) in {unit.label}.",
                ann.location,
            )
        start = hits[sel.occurrence - 1]
    elif len(hits) > 1:
        places = "; ".join(_context(unit.text, h, h + len(sel.exact)) for h in hits[:4])
        return Problem(
            "ambiguous_quote",
            f"{where}: {shown(quote)} occurs {len(hits)} times in {unit.label} ({places}). "
            f"Mend: add a prefix or suffix, or occurrence: 1 to {len(hits)}.",
            ann.location,
        )
    else:
        start = hits[0]
    return Anchor(unit, start, start + len(sel.exact))


def _closest(text: str, wanted: str) -> str:
    if not wanted or not text or len(wanted) > 2000:  # a quote that long is no near miss, and too dear to compare
        return ""
    matcher = difflib.SequenceMatcher(None, text, wanted, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(wanted))
    if match.size < max(3, len(wanted) // 3):
        return ""
    begin = max(0, match.a - match.b)
    return text[begin : begin + len(wanted)]


def passim_spans(ann: Annotation, units: list[Unit]) -> list[Anchor]:
    """Every occurrence of a passim entry's words as a whole word in the reading text."""
    pattern = re.compile(r"(?<!\w)" + re.escape(ann.target.exact) + r"(?!\w)")
    return [Anchor(u, m.start(), m.end()) for u in units for m in pattern.finditer(u.text)]
