"""Join a chapter's annotations to its reading text, once the chapter is parsed.

Order matters and is fixed: number the units and read their text while the doctree is
pristine, anchor every selector, check fidelity, then insert the edition's own nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import indexes, redirects, store
from . import nodes as ed
from .anchoring import Anchor, anchor, passim_spans
from .fidelity import Edit, reconstruct
from .model import Annotation, Problem, Theme
from .render import apparatus_items, margin_note, paragraph_number
from .segments import cut, insert_at, wrap
from .text import Unit, note_units, reading_units
from .themes import theme_box

_env = None  # the environment of the chapter being joined; set by anchor_chapter


def report(problem: Problem, location: str | None = None) -> None:
    store.report(problem, location, env=_env)


def letters(index: int) -> str:
    """a, b, …, z, aa, ab, … — the apparatus markers of one chapter."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(97 + rem) + out
    return out


def _chapter_location(app: Sphinx, docname: str, line: int | None) -> str:
    """file:line of the reading text; Sphinx would take a location without a line for a document name."""
    return f"{Path(app.env.doc2path(docname, False)).as_posix()}:{line or 1}"


def _link_calls(doctree: nodes.document, siglum: str, where: str, docname: str) -> None:
    """Point each call at its authors' note and back; say which notes lack one.

    The calls are made after Sphinx's read transforms, so they carry the ``docname`` that
    the LaTeX builder's footnote handling expects, as Sphinx's own references do.
    """
    notes = {n["edition_note"]: n for n in doctree.findall(nodes.footnote) if "authors-note" in n["classes"]}
    called: set[int] = set()
    for call in list(doctree.findall(ed.note_call)):
        ref = nodes.footnote_reference(call.rawsource, call.astext(), edition_call=call["edition_call"], docname=docname)
        call.replace_self(ref)
        number = int(ref["edition_call"])
        note = notes.get(number)
        if note is None:
            report(
                Problem("note_call", f"the call {number} has no authors' note {number}. Mend: add an authors-note directive."),
                where,
            )
            continue
        if number in called:
            report(Problem("note_call", f"the authors' note {number} is called twice."), where)
            continue
        called.add(number)
        ref["ids"] = [f"{siglum}-call-{number}"]
        ref["refid"] = f"{siglum}-note-{number}"
        note["backrefs"] = [f"{siglum}-call-{number}"]
    for number, note in notes.items():
        note["ids"] = [f"{siglum}-note-{number}"]
        if number not in called and not note["missing_call"]:
            report(
                Problem(
                    "note_call",
                    f"the authors' note {number} has no call. Mend: add {{call}}`{number}` or "
                    "{supplied-call}`N` where it belongs, or :missing-call: to the note.",
                ),
                where,
            )


def _anchor_all(
    annotations: list[Annotation], units: list[Unit], notes: list[Unit]
) -> tuple[dict[str, Anchor], dict[str, list[Anchor]]]:
    anchors: dict[str, Anchor] = {}
    passim: dict[str, list[Anchor]] = {}
    for ann in annotations:
        if ann.passim:
            spans = passim_spans(ann, units)
            if not spans:
                report(
                    Problem(
                        "quote_not_found",
                        f"annotation {ann.id!r}: the passim words {ann.target.exact!r} occur nowhere in the reading text.",
                        ann.location,
                    )
                )
            passim[ann.id] = spans
            continue
        found = anchor(ann, units, notes)
        if isinstance(found, Problem):
            report(found)
        else:
            anchors[ann.id] = found
    return anchors, passim


def _edits(annotations: list[Annotation], anchors: dict[str, Anchor], passim: dict[str, list[Anchor]]) -> list[Edit]:
    edits = []
    for ann in annotations:
        if ann.kind != "apparatus" or ann.witness is None:
            continue
        for found in passim.get(ann.id, []) if ann.passim else [anchors[ann.id]] if ann.id in anchors else []:
            edits.append(Edit(ann, found, ann.witness))
    return edits


def anchor_chapter(app: Sphinx, doctree: nodes.document) -> None:
    global _env
    holders = list(doctree.findall(ed.edition_text))
    if not holders:
        return
    env = _env = app.env
    docname = env.docname
    holder = holders[0]
    where = _chapter_location(app, docname, holder.line)
    for extra in holders[1:]:
        report(Problem("edition_text", "a chapter holds one reading text; remove the second edition-text directive."), where)
        extra.parent.remove(extra)
    siglum: str = holder["siglum"]
    region = holder.parent
    annotations: list[Annotation] = holder.get("annotations", [])
    bodies = {b["annotation"]: b for b in holder.findall(ed.annotation_body)}
    region.remove(holder)
    if not isinstance(region, nodes.section):
        report(
            Problem(
                "edition_text", "the edition-text directive must stand at the top of the section that holds the reading text."
            ),
            where,
        )
        return

    region["edition_siglum"] = siglum  # where the exports find the reading text again
    _link_calls(doctree, siglum, where, docname)
    if not app.config.edition_enabled:
        return  # the plain reading text, with the authors' own notes and nothing of the editors'
    units = reading_units(region)
    notes = note_units(doctree)
    anchors, passim = _anchor_all(annotations, units, notes)

    fidelity: dict[str, Any] = {"siglum": siglum, "ok": False, "report": "no witness", "entries": 0}
    if holder.get("witness"):
        witness_path = Path(env.srcdir) / holder["witness"]
        try:
            witness = witness_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report(Problem("fidelity", f"cannot read the witness {holder['witness']}: {exc}"), where)
        else:
            result = reconstruct(siglum, witness, units, notes, _edits(annotations, anchors, passim))
            fidelity = {
                "siglum": siglum,
                "ok": result.ok,
                "report": "\n".join(result.problems),
                "entries": sum(1 for a in annotations if a.kind == "apparatus"),
                "witness_chars": len(witness),
            }
            if not result.ok:
                report(Problem("fidelity", "\n".join(result.problems)), where)

    themes = {t.id: t for t in store.themes_file(env.srcdir, app.config.edition_themes_file).themes}
    _insert(doctree, siglum, units, notes, annotations, anchors, passim, bodies, themes)
    domain = env.get_domain("edition")
    domain.note_chapter(docname, siglum, units, notes, annotations, fidelity)  # type: ignore[attr-defined]
    for ann_id, found in anchors.items():
        kind = next(a.kind for a in annotations if a.id == ann_id)
        domain.data["placements"][ann_id] = (docname, siglum, kind, 0 if found.unit.is_note else found.unit.number)
    registry = store.index_file(env.srcdir, app.config.edition_index_file).entries
    if registry:
        domain.data["index_text"][docname] = dict(indexes.scan(registry, siglum, units, notes))
        domain.data["index_notes"][docname] = dict(indexes.named_in_notes(registry, annotations, anchors, siglum, report))
    redirects.apply(doctree, env, docname)
    for ann in annotations:
        found = anchors.get(ann.id)
        if ann.themes and found is not None and not found.unit.is_note:
            words = found.unit.text[found.start : found.end]
            domain.note_theme_passage(docname, siglum, ann.id, found.unit.number, words, ann.themes)  # type: ignore[attr-defined]


def _insert(
    doctree: nodes.document,
    siglum: str,
    units: list[Unit],
    notes: list[Unit],
    annotations: list[Annotation],
    anchors: dict[str, Anchor],
    passim: dict[str, list[Anchor]],
    bodies: dict[str, nodes.Element],
    themes: dict[str, Theme],
) -> None:
    """Put the edition's nodes into the doctree: numbers, passages, markers, margin notes, apparatus."""
    order = {id(u): i for i, u in enumerate(units + notes)}
    placed = sorted(anchors.items(), key=lambda kv: (order[id(kv[1].unit)], kv[1].start, kv[1].end))
    by_id = {a.id: a for a in annotations}
    marker_of: dict[str, str] = {}
    for ann_id, _found in placed:
        if by_id[ann_id].kind == "apparatus":
            marker_of[ann_id] = letters(len(marker_of))

    for unit in units + notes:
        mine = [(i, a) for i, a in placed if a.unit is unit]
        if not mine:
            continue
        offsets = {a.start for _, a in mine} | {a.end for _, a in mine}
        segments = cut(unit, offsets)
        for ann_id, found in mine:
            ann = by_id[ann_id]
            if ann.kind == "apparatus":
                insert_at(
                    segments, unit, found.end, ed.apparatus_marker("", marker_of[ann_id], ids=[f"{ann_id}-ref"], target=ann_id)
                )
        margin = [(i, a) for i, a in mine if by_id[i].is_margin]
        # outer passages are wrapped first, so that nested ones sit inside them
        for ann_id, found in sorted(margin, key=lambda kv: kv[1].start - kv[1].end):
            ann = by_id[ann_id]
            wrappers = wrap(segments, found.start, found.end, ed.passage, classes=[f"edition-passage--{ann.kind}"])
            if wrappers:
                wrappers[0]["ids"] = [f"{ann_id}-passage"]
            for w in wrappers:
                w["note_ids"] = [ann_id]
        # notes go into the margin in the order of their passages
        for ann_id, found in margin:
            ann = by_id[ann_id]
            if ann.kind == "theme":
                note = theme_box(ann, found, siglum, themes)
            else:
                note = margin_note(ann, found, siglum, bodies.get(ann_id))
                if ann.themes:
                    note += theme_box(ann, found, siglum, themes).children
            block = unit.node
            if isinstance(block, nodes.title):
                section = block.parent
                index = section.index(block) + 1
                while index < len(section) and isinstance(section[index], ed.margin_note):
                    index += 1
                section.insert(index, note)
            elif isinstance(block, nodes.list_item):
                first = next((c for c in block.children if not isinstance(c, ed.margin_note)), None)
                block.insert(block.index(first) if first is not None else len(block), note)
            else:
                block.parent.insert(block.parent.index(block), note)

    for unit in units:
        anchor_id = f"{siglum}-p{unit.number}"
        unit.node["ids"] = [anchor_id, *unit.node["ids"]]
        unit.node["classes"].append("edition-unit")
        target = unit.node[-1] if isinstance(unit.node, nodes.list_item) else unit.node
        if isinstance(unit.node, nodes.list_item):
            target = next((c for c in unit.node.children if isinstance(c, nodes.paragraph)), unit.node)
        target.insert(0, paragraph_number(siglum, unit.number, anchor_id))

    for placeholder in list(doctree.findall(ed.apparatus_list)):
        placeholder.replace_self(apparatus_items(siglum, annotations, anchors, passim, marker_of, bodies))
