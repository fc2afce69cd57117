"""Build the reader-facing nodes for one annotation: numbers, margin notes, apparatus entries."""

from __future__ import annotations

from docutils import nodes

from . import nodes as ed
from .anchoring import Anchor
from .model import Annotation

TYPE_LABELS = {
    "emendation": "emended",
    "regularisation": "regularised",
    "supplied": "supplied by the editors",
    "deleted": "deleted",
    "relocated": "relocated",
    "layout": "layout",
    "note-call": "note call",
    "quotation-marked": "quotation marked",
}


def paragraph_number(siglum: str, number: int, anchor_id: str) -> ed.paragraph_number:
    return ed.paragraph_number("", str(number), label=f"{siglum.upper()} ¶{number}", target=anchor_id)


def lemma(text: str, limit: int = 48) -> str:
    """The words a note is on, shortened the way apparatus critici do: first words … last words."""
    if len(text) <= limit:
        return text
    words = text.split()
    if len(words) < 6:
        return text[: limit - 1] + "…"
    return " ".join(words[:3]) + " … " + " ".join(words[-2:])


def witness_display(text: str, moved: tuple[int, int] | None = None) -> str:
    """The witness's characters as a reader can see them: ‖ paragraph break, | line break, ⍽ no-break space."""
    block = f"[¶{moved[0]}–¶{moved[1]}]" if moved else ""
    return (
        text.replace("\n\n", " ‖ ").replace("\n", " | ").replace("\u00a0", "⍽").replace("{moved}", block)
    ).strip() or "nothing"


def _where(found: Anchor, siglum: str) -> nodes.reference:
    unit = found.unit
    if unit.is_note:
        return nodes.reference("", f"note {unit.number}", internal=True, refid=f"{siglum}-note-{unit.number}")
    return nodes.reference("", f"¶{unit.number}", internal=True, refid=f"{siglum}-p{unit.number}")


def _lemma_of(ann: Annotation, found: Anchor | None) -> str:
    exact = found.unit.text[found.start : found.end] if found else ann.target.exact
    if exact.strip():
        return lemma(exact)
    return f"after “{lemma(ann.target.prefix)}”" if ann.target.prefix else f"before “{lemma(ann.target.suffix)}”"


def margin_note(ann: Annotation, found: Anchor, siglum: str, body: nodes.Element | None) -> ed.margin_note:
    kind_word = "Editors' source note" if ann.kind == "source" else "Editors' note"
    note = ed.margin_note(
        ids=[ann.id],
        classes=[f"edition-note--{ann.kind}"],
        aria_label=f"{kind_word} on {siglum.upper()} {found.unit.label}",
    )
    head = nodes.paragraph(classes=["edition-note-head"])
    head += nodes.inline("", kind_word + " ", classes=["edition-note-kind"])
    back = _where(found, siglum)
    back["refid"] = f"{ann.id}-passage"
    head += back
    head += nodes.Text(" ")
    head += nodes.emphasis("", _lemma_of(ann, found), classes=["edition-lemma"])
    head += nodes.Text("]")
    note += head
    if body is not None:
        note += body.children
    return note


def apparatus_items(
    siglum: str,
    annotations: list[Annotation],
    anchors: dict[str, Anchor],
    passim: dict[str, list[Anchor]],
    marker_of: dict[str, str],
    bodies: dict[str, nodes.Element],
) -> nodes.Element:
    """The chapter's apparatus: one entry per intervention, in the order of the text."""
    entries = [a for a in annotations if a.kind == "apparatus" and (a.id in anchors or a.passim)]
    order = {a: i for i, a in enumerate(marker_of)}
    entries.sort(key=lambda a: (0, order[a.id]) if a.id in order else (1, a.id))
    listing = nodes.bullet_list(classes=["edition-apparatus"])
    for ann in entries:
        item = nodes.list_item(ids=[ann.id], classes=[f"edition-apparatus--{ann.type}"])
        para = nodes.paragraph()
        if ann.id in marker_of:
            para += nodes.reference("", marker_of[ann.id], internal=True, refid=f"{ann.id}-ref", classes=["edition-app-letter"])
            para += nodes.Text(" ")
            para += _where(anchors[ann.id], siglum)
        else:
            spans = passim.get(ann.id, [])
            para += nodes.inline("", "passim", classes=["edition-app-letter"])
            para += nodes.Text(" (")
            seen: list[int] = []
            for found in spans:
                if found.unit.number not in seen:
                    if seen:
                        para += nodes.Text(", ")
                    seen.append(found.unit.number)
                    para += _where(found, siglum)
            para += nodes.Text(")")
        para += nodes.Text(" ")
        para += nodes.emphasis("", _lemma_of(ann, anchors.get(ann.id)), classes=["edition-lemma"])
        para += nodes.Text("] ")
        if ann.witness is not None:
            para += nodes.Text("witness: ")
            para += nodes.inline("", witness_display(ann.witness, ann.moved), classes=["edition-witness"])
            para += nodes.Text(". ")
        para += nodes.strong("", TYPE_LABELS.get(ann.type or "", ann.type or "") + ".")
        item += para
        body = bodies.get(ann.id)
        if body is not None:
            item += body.children
        listing += item
    return listing
