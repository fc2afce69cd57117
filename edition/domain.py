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
        "redirects": {},  # retired anchor id: docname of the chapter where its redirect was resolved
    }
    data_version = 3

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._by_theme: dict[str, list[tuple[str, str, str, int, str]]] | None = None
        self._by_siglum: dict[str, dict[str, list[tuple[str, str, str, int, str]]]] = {}

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
        self._by_theme = None

    def theme_passages(self, theme: str) -> list[tuple[str, str, str, int, str]]:
        """(siglum, docname, annotation id, paragraph, words) of every passage on a theme, in text order.

        Every tagged page asks this for each of its themes: the answer is sorted once per build,
        not once per question, or the cost would grow with the square of the corpus.
        """
        if self._by_theme is None:
            by_theme: dict[str, list[tuple[str, str, str, int, str]]] = {}
            for a, (d, s, n, w, ts) in self.data["themes"].items():
                for t in ts:
                    by_theme.setdefault(t, []).append((s, d, a, n, w))
            for rows in by_theme.values():
                rows.sort(key=lambda r: (r[0], r[3], r[2]))
            self._by_theme = by_theme
            self._by_siglum = {}
        return self._by_theme.get(theme, [])

    def theme_passages_by_siglum(self, theme: str) -> dict[str, list[tuple[str, str, str, int, str]]]:
        """The passages on a theme, statement by statement, in the order of theme_passages."""
        rows = self.theme_passages(theme)
        if theme not in self._by_siglum:
            grouped: dict[str, list[tuple[str, str, str, int, str]]] = {}
            for row in rows:
                grouped.setdefault(row[0], []).append(row)
            self._by_siglum[theme] = grouped
        return self._by_siglum[theme]

    def clear_doc(self, docname: str) -> None:
        self._by_theme = None
        for key in ("concordance_docs", "index_docs", "index_text", "index_notes"):
            self.data[key].pop(docname, None)
        for old in [k for k, v in self.data["redirects"].items() if v == docname]:
            del self.data["redirects"][old]
        for store in (self.paragraphs, self.data["annotations"], self.data["themes"], self.data["placements"]):
            for key in [k for k, v in store.items() if v[0] == docname]:
                del store[key]
        self.fidelity.pop(docname, None)
        self.data["problem_docs"].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        self._by_theme = None
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
        for old, doc in otherdata["redirects"].items():
            if doc in wanted:
                self.data["redirects"][old] = doc

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
        if not env.config.edition_enabled:
            return contnode  # no paragraphs are numbered: the reference stays plain text
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
