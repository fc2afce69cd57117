"""Every annotation of a statement as a W3C Web Annotation (JSON-LD), in an AnnotationCollection.

Each annotation targets the chapter's page: a FragmentSelector names the paragraph (or
authors' note) by its anchor and is refined by a TextQuoteSelector on the words; the same
TextQuoteSelector is also given alone, for tools that read only that. The quoted text is the
text the reader reads: an authors' note call is its number, a list's number is no text, and
the edition's own paragraph numbers and apparatus letters are not part of it.
See https://www.w3.org/TR/annotation-model/.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes

from .anchoring import Anchor
from .exports import Chapter
from .model import Annotation
from .render import TYPE_LABELS, witness_display
from .text import Unit

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
RFC3986 = "http://tools.ietf.org/rfc/rfc3986"
MOTIVATIONS = {"note": "commenting", "source": "identifying", "apparatus": "editing", "theme": "tagging"}
PAGE_SIZE = 100
CONTEXT_CHARS = 32


def reader_text(unit: Unit, start: int, end: int) -> str:
    """The characters start–end of a unit as the page shows them."""
    out: list[str] = []
    for piece in unit.pieces:
        if piece.end <= start or piece.start >= end:
            continue
        if isinstance(piece.node, nodes.Text):
            a, b = max(start, piece.start), min(end, piece.end)
            out.append(str(piece.node)[a - piece.start : b - piece.start])
        elif isinstance(piece.node, nodes.footnote_reference) and start <= piece.start and piece.end <= end:
            out.append(f"[{piece.node.astext()}]")  # the HTML writer's brackets are text of the page
    return "".join(out)


def anchor_id(siglum: str, unit: Unit) -> str:
    return f"{siglum}-note-{unit.number}" if unit.is_note else f"{siglum}-p{unit.number}"


def _selector(siglum: str, found: Anchor) -> dict[str, Any]:
    unit = found.unit
    quote = {
        "type": "TextQuoteSelector",
        "exact": reader_text(unit, found.start, found.end),
        "prefix": reader_text(unit, 0, found.start)[-CONTEXT_CHARS:],
        "suffix": reader_text(unit, found.end, len(unit.text))[:CONTEXT_CHARS],
    }
    return {
        "type": "FragmentSelector",
        "conformsTo": RFC3986,
        "value": anchor_id(siglum, unit),
        "refinedBy": quote,
    }


def _target(page: str, siglum: str, found: Anchor) -> dict[str, Any]:
    fragment = _selector(siglum, found)
    return {"type": "SpecificResource", "source": page, "selector": [fragment, dict(fragment["refinedBy"])]}


def _text(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "value": value, "format": "text/plain", "language": "en", "purpose": purpose}


def _bodies(chapter: Chapter, ann: Annotation) -> list[dict[str, Any]]:
    bodies = []
    text = chapter.bodies.get(ann.id, ann.body)
    if ann.kind == "apparatus":
        label = TYPE_LABELS.get(ann.type or "", ann.type or "")
        said = f"{label[:1].upper()}{label[1:]}."
        if ann.witness is not None:
            said += f" The witness has: {witness_display(ann.witness, ann.moved)}."
        bodies.append(_text(f"{said} {text}".strip(), "editing"))
    elif text:
        bodies.append(_text(text, MOTIVATIONS[ann.kind]))
    for theme_id in ann.themes:
        theme = chapter.themes.get(theme_id)
        bodies.append(_text(theme.title if theme else theme_id, "tagging"))
    return bodies


def _position(chapter: Chapter, ann: Annotation) -> tuple[int, int, int] | None:
    order = {id(u): i for i, u in enumerate(chapter.units + chapter.notes)}
    spans = chapter.spans(ann)
    if not spans:
        return None
    first = spans[0]
    return order[id(first.unit)], first.start, first.end


def annotation(chapter: Chapter, ann: Annotation, page: str) -> dict[str, Any]:
    targets = [_target(page, chapter.siglum, s) for s in chapter.spans(ann)]
    return {
        "id": f"{page}#{ann.id}",
        "type": "Annotation",
        "motivation": MOTIVATIONS[ann.kind],
        "body": _bodies(chapter, ann),
        "target": targets[0] if len(targets) == 1 else targets,
    }


def documents(chapter: Chapter, config: Any, prefix: str = "annotations/") -> dict[str, dict[str, Any]]:
    """File name (in the folder ``prefix``): JSON-LD document; the collection, then its pages."""
    base = (getattr(config, "html_baseurl", "") or "").rstrip("/")
    folder = prefix.rstrip("/")
    if base:
        page = f"{base}/{chapter.page}"
        here = f"{base}/{folder}/"
    else:
        page = posixpath.relpath(chapter.page, folder)
        here = ""
    placed = [(p, a) for a in chapter.annotations if (p := _position(chapter, a)) is not None]
    items = [annotation(chapter, a, page) for _, a in sorted(placed, key=lambda pa: pa[0])]
    pages = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    names = [f"{chapter.siglum}-page{n}.jsonld" for n in range(1, len(pages) + 1)]
    collection_id = f"{here}{chapter.siglum}.jsonld"
    collection = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"{chapter.title}: the editors' annotations",
        "total": len(items),
        "first": None,
        "last": f"{here}{names[-1]}",
    }
    out: dict[str, dict[str, Any]] = {}
    for n, (name, page_items) in enumerate(zip(names, pages, strict=True)):
        page_doc: dict[str, Any] = {
            "@context": CONTEXT,
            "id": f"{here}{name}",
            "type": "AnnotationPage",
            "partOf": {"id": collection_id, "type": "AnnotationCollection", "total": len(items)},
            "startIndex": n * PAGE_SIZE,
            "items": page_items,
        }
        if n + 1 < len(names):
            page_doc["next"] = f"{here}{names[n + 1]}"
        if n:
            page_doc["prev"] = f"{here}{names[n - 1]}"
        out[name] = page_doc
    first = {k: v for k, v in out[names[0]].items() if k != "@context"}
    collection["first"] = first
    return {f"{chapter.siglum}.jsonld": collection, **out}
