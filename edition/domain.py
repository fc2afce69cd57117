"""Everything the edition learns while reading chapters, kept the way Sphinx keeps state."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .model import Annotation
from .text import Unit


class EditionDomain(Domain):
    """Paragraph anchors, annotation ids and fidelity results per chapter; survives incremental builds."""

    name = "edition"
    label = "Critical edition"
    roles: ClassVar[dict[str, Any]] = {"p": XRefRole()}
    initial_data: ClassVar[dict[str, Any]] = {
        "paragraphs": {},  # anchor id: (docname, siglum, number, text)
        "annotations": {},  # annotation id: (docname, kind)
        "themes": {},  # annotation id: (docname, siglum, number, words, theme ids)
        "fidelity": {},  # docname: result of the fidelity check
        "problem_docs": {},  # docname: True while its input is faulty
        "concordance_docs": {},  # docname: True where the themes chapter is
        "placements": {},  # annotation id: (docname, siglum, kind, paragraph number; 0 for an authors' note)
        "index_docs": {},  # docname: True where an index is printed
        "index_text": {},  # docname: {index entry id: [(siglum, label, paragraph anchor)]}
        "index_notes": {},  # docname: {index entry id: [(siglum, label, annotation id)]}
    }
    data_version = 2

    @property
    def paragraphs(self) -> dict[str, tuple[str, str, int, str]]:
        return self.data["paragraphs"]

    @property
    def fidelity(self) -> dict[str, dict[str, Any]]:
        return self.data["fidelity"]

    def note_chapter(
        self,
        docname: str,
        siglum: str,
        units: list[Unit],
        notes: list[Unit],
        annotations: list[Annotation],
        fidelity: dict[str, Any],
    ) -> None:
        for unit in units:
            self.paragraphs[f"{siglum}-p{unit.number}"] = (docname, siglum, unit.number, unit.text)
        for ann in annotations:
            self.data["annotations"][ann.id] = (docname, ann.kind)
        self.fidelity[docname] = fidelity

    def note_theme_passage(
        self, docname: str, siglum: str, ann_id: str, number: int, words: str, themes: tuple[str, ...]
    ) -> None:
        self.data["themes"][ann_id] = (docname, siglum, number, words, themes)

    def theme_passages(self, theme: str) -> list[tuple[str, str, str, int, str]]:
        """(siglum, docname, annotation id, paragraph, words) of every passage on a theme, in text order."""
        rows = [(s, d, a, n, w) for a, (d, s, n, w, ts) in self.data["themes"].items() if theme in ts]
        return sorted(rows, key=lambda r: (r[0], r[3], r[2]))

    def clear_doc(self, docname: str) -> None:
        for key in ("concordance_docs", "index_docs", "index_text", "index_notes"):
            self.data[key].pop(docname, None)
        for store in (self.paragraphs, self.data["annotations"], self.data["themes"], self.data["placements"]):
            for key in [k for k, v in store.items() if v[0] == docname]:
                del store[key]
        self.fidelity.pop(docname, None)
        self.data["problem_docs"].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for key in ("paragraphs", "annotations", "themes", "placements"):
            for k, v in otherdata[key].items():
                if v[0] in wanted:
                    self.data[key][k] = v
        for doc, result in otherdata["fidelity"].items():
            if doc in wanted:
                self.fidelity[doc] = result
        for key in ("problem_docs", "concordance_docs", "index_docs", "index_text", "index_notes"):
            for doc, value in otherdata[key].items():
                if doc in wanted:
                    self.data[key][doc] = value

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element | None:
        found = self.paragraphs.get(target)
        if not found:
            return None
        docname, siglum, number, _ = found
        text = contnode.astext() if node.get("refexplicit") else f"{siglum.upper()} ¶{number}"
        return make_refnode(builder, fromdocname, docname, target, nodes.inline("", text), f"{siglum.upper()} ¶{number}")

    def resolve_any_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str, node: pending_xref, contnode: Element
    ) -> list[tuple[str, Element]]:
        ref = self.resolve_xref(env, fromdocname, builder, "p", target, node, contnode)
        return [("edition:p", ref)] if ref is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for anchor, (docname, siglum, number, _) in self.paragraphs.items():
            yield anchor, f"{siglum.upper()} ¶{number}", "paragraph", docname, anchor, -1
