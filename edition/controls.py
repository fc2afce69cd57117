"""The reader's controls, written into the page with the text they act on (static/edition.js works them).

After a chapter is joined to its annotations: a toggle after the last words of each margin note's
passage (outside any link or enclosing passage those words stand in), and a "more" button in the head of each editors' note
that has more than a head. Written with the page, they cost the browser no work when it loads; without
the script they stay hidden. (The paragraph number, a link, is the paragraph's citation control.)
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from . import nodes as ed

# a toggle never stands inside a link, nor inside a passage (whose words stay the quoted words alone)
OUTSIDE = (nodes.reference, ed.apparatus_marker, ed.paragraph_number, ed.passage)


def _kind(note: ed.margin_note) -> str:
    if "edition-theme" in note["classes"]:
        return "theme"
    return "source" if "edition-note--source" in note["classes"] else "note"


def _after(node: nodes.Node, new: nodes.Node) -> None:
    node.parent.insert(node.parent.index(node) + 1, new)


def add_controls(app: Sphinx, doctree: nodes.document) -> None:
    passages: dict[str, list[ed.passage]] = {}
    for passage in doctree.findall(ed.passage):
        for note_id in passage.get("note_ids", []):
            passages.setdefault(note_id, []).append(passage)
    for note in list(doctree.findall(ed.margin_note)):
        note_id, label = note["ids"][0], note["aria_label"]
        found = passages.get(note_id)
        if found:
            at: nodes.Node = found[-1]
            while isinstance(at.parent, OUTSIDE):
                at = at.parent
            _after(at, ed.note_toggle(note=note_id, kind=_kind(note), label=label))
        head = next((c for c in note.children if "edition-note-head" in c.get("classes", [])), None)
        if head is not None and len(note.children) > 1:
            head += nodes.Text(" ")
            head += ed.note_more(note=note_id, label=label)
