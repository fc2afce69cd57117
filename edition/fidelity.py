"""Walk back from the reading text to the witness: reading text plus apparatus must give it again.

Rules (stated in the edition's principles): units are joined by one blank line; each
apparatus entry replaces the words it targets by what the witness has; a relocation puts
the moved units back where the witness has them; a passim entry applies to every
occurrence of its words. The result must equal the witness character for character.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .anchoring import Anchor
from .model import Annotation
from .text import Unit

SEPARATOR = "\n\n"


@dataclass
class Edit:
    """One replacement on one unit's text."""

    annotation: Annotation
    anchor: Anchor
    witness: str


@dataclass
class FidelityResult:
    """The reconstructed witness and, where it differs, a readable account of where."""

    siglum: str
    witness: str
    reconstructed: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.witness == self.reconstructed


def visible(text: str) -> str:
    """Show line breaks and odd spaces, so that a report can be read."""
    return text.replace("\u00a0", "⍽").replace("\n", "⏎")


def reconstruct(siglum: str, witness: str, units: list[Unit], notes: list[Unit], edits: list[Edit]) -> FidelityResult:
    problems: list[str] = []
    by_unit: dict[int, list[Edit]] = {}
    moved_units: dict[int, Edit] = {}
    for edit in edits:
        by_unit.setdefault(id(edit.anchor.unit), []).append(edit)
        ann = edit.annotation
        if (
            ann.witness is not None
            and edit.witness == edit.anchor.unit.text[edit.anchor.start : edit.anchor.end]
            and not ann.moved
        ):
            problems.append(
                f"apparatus entry {ann.id!r} ({ann.location}) explains nothing: the witness has the same words as the edition."
            )
        if ann.moved:
            first, last = ann.moved
            for number in range(first, last + 1):
                if not 1 <= number <= len(units):
                    problems.append(f"apparatus entry {ann.id!r} ({ann.location}) moves ¶{number}, which does not exist.")
                elif number in moved_units:
                    problems.append(f"¶{number} is moved by two entries, {moved_units[number].annotation.id!r} and {ann.id!r}.")
                else:
                    moved_units[number] = edit

    def witness_form(unit: Unit) -> str:
        unit_edits = sorted(by_unit.get(id(unit), []), key=lambda e: (e.anchor.start, e.anchor.end))
        out, cursor = [], 0
        for edit in unit_edits:
            if edit.anchor.start < cursor:
                if edit.annotation.passim:
                    continue  # a passim occurrence inside a fuller entry is that entry's business
                problems.append(
                    f"apparatus entry {edit.annotation.id!r} ({edit.annotation.location}) overlaps another entry in {unit.label}."
                )
                continue
            out.append(unit.text[cursor : edit.anchor.start])
            replacement = edit.witness
            if edit.annotation.moved:
                first, last = edit.annotation.moved
                block = SEPARATOR.join(witness_form(units[n - 1]) for n in range(first, last + 1) if 1 <= n <= len(units))
                replacement = replacement.replace("{moved}", block)
            out.append(replacement)
            cursor = edit.anchor.end
        out.append(unit.text[cursor:])
        return "".join(out)

    blocks: list[tuple[str, str]] = []  # (label, witness form)
    for unit in units:
        if unit.number in moved_units:
            continue
        blocks.append((unit.label, witness_form(unit)))
    for note in notes:
        blocks.append((note.label, witness_form(note)))
    rebuilt = SEPARATOR.join(text for _, text in blocks)
    result = FidelityResult(siglum, witness, rebuilt, problems)
    if rebuilt != witness:
        result.problems.append(difference_report(witness, blocks))
    return result


def difference_report(witness: str, blocks: list[tuple[str, str]], limit: int = 6) -> str:
    """Say, unit by unit, where the reconstruction and the witness part company."""
    wit_blocks = witness.split(SEPARATOR)
    ed_blocks = SEPARATOR.join(t for _, t in blocks).split(SEPARATOR)
    # the label of each separated block of the reconstruction
    labels: list[str] = []
    for label, text in blocks:
        labels.extend([label] * (text.count(SEPARATOR) + 1))
    lines = ["the reading text plus the apparatus does not give the witness again:"]
    matcher = difflib.SequenceMatcher(None, wit_blocks, ed_blocks, autojunk=False)
    shown = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            if shown >= limit:
                lines.append("  … (more differences follow)")
                return "\n".join(lines)
            w = wit_blocks[i1 + k] if i1 + k < i2 else None
            e = ed_blocks[j1 + k] if j1 + k < j2 else None
            label = (
                labels[j1 + k] if j1 + k < j2 and j1 + k < len(labels) else (labels[j1 - 1] if 0 < j1 <= len(labels) else "start")
            )
            lines.append(f"  at {label}:")
            if w is not None and e is not None:
                col = next((c for c, (a, b) in enumerate(zip(w, e, strict=False)) if a != b), min(len(w), len(e)))
                lines.append(f"    witness: {visible(w[max(0, col - 40) : col + 40])!s}")
                lines.append(f"    edition: {visible(e[max(0, col - 40) : col + 40])!s}")
                at_witness = visible(w[col : col + 1]) or "ends"
                at_edition = visible(e[col : col + 1]) or "ends"
                lines.append(f"    (they differ at character {col + 1} of the block: witness {at_witness}, edition {at_edition})")
            elif w is not None:
                lines.append(f"    witness has a block the edition lacks: {visible(w[:80])}")
            else:
                lines.append(f"    edition has a block the witness lacks: {visible(e[:80] if e else '')}")
            shown += 1
    lines.append("  Mend: restore the witness's words in the reading text, or record the change in the apparatus.")
    return "\n".join(lines)
