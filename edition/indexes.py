"""Indexes of persons, places and organisations, built from the registry, the texts and the notes.

The registry (annotations/index.yml) says who or what an entry is and by which forms the texts
name it. While a chapter is read, every paragraph that contains a form, and every note that
lists a name, is recorded; once all chapters are read, the index pages are written from that.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from . import nodes as ed
from .anchoring import Anchor
from .model import Annotation, IndexEntry, Problem
from .store import index_file, report
from .text import Unit

TYPES = {"person": "persons", "place": "places", "org": "organisations"}
FIELDS = {"persons": "person", "places": "place", "orgs": "org"}


def _pattern(entries: list[IndexEntry]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    owner = {form: e.id for e in entries for form in e.forms}
    if not owner:
        return None, owner
    alternatives = "|".join(re.escape(f) for f in sorted(owner, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), owner


def name_spans(entries: list[IndexEntry], text: str) -> list[tuple[int, int, IndexEntry]]:
    """(start, end, entry) of every form of the registry in a text, found as the index finds them."""
    pattern, owner = _pattern(entries)
    if pattern is None:
        return []
    by_id = {e.id: e for e in entries}
    return [(m.start(), m.end(), by_id[owner[m.group(0)]]) for m in pattern.finditer(text)]


def scan(entries: list[IndexEntry], siglum: str, units: list[Unit], notes: list[Unit]) -> dict[str, list[tuple[str, str, str]]]:
    """entry id → [(siglum, label, anchor)] of every paragraph and authors' note that names it."""
    pattern, owner = _pattern(entries)
    hits: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    if pattern is None:
        return hits
    for unit in units + notes:
        anchor = f"{siglum}-note-{unit.number}" if unit.is_note else f"{siglum}-p{unit.number}"
        label = f"n. {unit.number}" if unit.is_note else f"¶{unit.number}"
        for entry_id in dict.fromkeys(owner[m.group(0)] for m in pattern.finditer(unit.text)):
            hits[entry_id].append((siglum, label, anchor))
    return hits


def named_in_notes(
    entries: list[IndexEntry], annotations: list[Annotation], anchors: dict[str, Anchor], siglum: str, report_unknown
) -> dict[str, list[tuple[str, str, str]]]:
    """entry id → [(siglum, label, note id)] of every editors' note whose lists name it."""
    by_name = {n: e for e in entries for n in e.forms}
    by_name.update({n: e for e in entries for n in (e.id, e.name, *e.aliases)})
    named: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for ann in annotations:
        for field, kind in FIELDS.items():
            for name in getattr(ann, field):
                entry = by_name.get(name)
                if entry is None:
                    report_unknown(
                        Problem(
                            "unknown_index_entry",
                            f"annotation {ann.id!r}: {name!r} in {field} is not in the index registry. "
                            "Mend: add it to annotations/index.yml (as a name or an alias of an entry), or correct the name.",
                            ann.location,
                        )
                    )
                    continue
                if entry.type != kind:
                    report_unknown(
                        Problem(
                            "index_type",
                            f"annotation {ann.id!r}: {name!r} is listed under {field}, but the index has it as a {entry.type}. "
                            f"Mend: move it to {next(f for f, k in FIELDS.items() if k == entry.type)}.",
                            ann.location,
                        )
                    )
                    continue
                found = anchors.get(ann.id)
                if found is None:
                    continue
                label = f"n. {found.unit.number}" if found.unit.is_note else f"¶{found.unit.number}"
                if (siglum, label, ann.id) not in named[entry.id]:
                    named[entry.id].append((siglum, label, ann.id))
    return named


# ---------------------------------------------------------------- the index pages


def _sort_key(entry: IndexEntry) -> str:
    plain = unicodedata.normalize("NFKD", entry.name).encode("ascii", "ignore").decode()
    return plain.casefold()


def _collected(env: BuildEnvironment, key: str) -> dict[str, list[tuple[str, str, str, str]]]:
    """entry id → [(docname, siglum, label, target id)] over all chapters, in chapter then text order."""
    out: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    data = env.get_domain("edition").data[key]
    for docname in sorted(data):
        for entry_id, rows in data[docname].items():
            out[entry_id].extend((docname, *row) for row in rows)
    return out


def _labels(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """Each row's link text; several notes on one paragraph are told apart ("¶40 (note 2)")."""
    totals = Counter((siglum, label) for _, siglum, label, _ in rows)
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for _, siglum, label, _ in rows:
        seen[siglum, label] += 1
        out.append(f"{label} (note {seen[siglum, label]})" if totals[siglum, label] > 1 else label)
    return out


def _refs(app: Sphinx, fromdoc: str, rows: list[tuple[str, str, str, str]], note_targets: bool) -> nodes.paragraph:
    para = nodes.paragraph(classes=["edition-index-refs"])
    last_siglum = None
    labels = _labels(rows) if note_targets else [row[2] for row in rows]
    for i, ((docname, siglum, _, target), label) in enumerate(zip(rows, labels, strict=True)):
        if siglum != last_siglum:
            para += nodes.Text("; " if i else "")
            para += nodes.strong("", siglum.upper() + " ")
            last_siglum = siglum
        else:
            para += nodes.Text(", ")
        anchor = target if not note_targets else f"{target}-passage"
        para += make_refnode(app.builder, fromdoc, docname, anchor, nodes.inline("", label), f"{siglum.upper()} {label}")
    return para


def index_nodes(app: Sphinx, docname: str, kind: str) -> list[nodes.Node]:
    env = app.env
    entries = [e for e in index_file(env.srcdir, app.config.edition_index_file).entries if e.type == kind]
    text_hits = _collected(env, "index_text")
    note_hits = _collected(env, "index_notes")
    listing = nodes.definition_list(classes=["edition-index"])
    for entry in sorted(entries, key=_sort_key):
        item = nodes.definition_list_item()
        item += nodes.term("", entry.name, ids=[f"index-{entry.id}"])
        definition = nodes.definition()
        line = nodes.paragraph("", entry.description)
        if entry.wikidata:
            line += nodes.Text(" Wikidata: ")
            line += nodes.reference("", entry.wikidata, refuri=f"https://www.wikidata.org/wiki/{entry.wikidata}")
            line += nodes.Text(".")
        definition += line
        if text_hits.get(entry.id):
            refs = _refs(app, docname, text_hits[entry.id], note_targets=False)
            refs.insert(0, nodes.emphasis("", "In the texts: "))
            definition += refs
        if note_hits.get(entry.id):
            refs = _refs(app, docname, note_hits[entry.id], note_targets=True)
            refs.insert(0, nodes.emphasis("", "In the editors' notes: "))
            definition += refs
        item += definition
        listing += item
    return [listing]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(ed.index_listing)):
        node.replace_self(index_nodes(app, docname, node["kind"]))


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Once all chapters are read: the registry itself, and entries that nothing names."""
    data = index_file(env.srcdir, app.config.edition_index_file)
    for problem in data.problems:
        report(problem)
    if not env.get_domain("edition").paragraphs:
        return
    text_hits = _collected(env, "index_text")
    note_hits = _collected(env, "index_notes")
    for entry in data.entries:
        if not text_hits.get(entry.id) and not note_hits.get(entry.id):
            report(
                Problem(
                    "index_unused",
                    f"index entry {entry.id!r} is named in no paragraph and listed in no note. "
                    "Mend: correct its forms, list it in the notes that name it, or remove it.",
                    entry.location,
                )
            )
