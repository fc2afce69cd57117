"""A report of the commentary's coverage: which paragraphs have notes, and which have none."""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from . import nodes as ed

KINDS = ("note", "source", "apparatus", "theme")


class Coverage(SphinxDirective):
    """Where the coverage report is printed."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("edition").data["index_docs"][self.env.docname] = True
        return [ed.coverage_report()]


def _table(app: Sphinx, docname: str, siglum: str) -> list[nodes.Node]:
    domain = app.env.get_domain("edition")
    paragraphs = sorted((v for v in domain.paragraphs.values() if v[1] == siglum), key=lambda v: v[2])
    counts: dict[int, Counter[str]] = {v[2]: Counter() for v in paragraphs}
    for placement in domain.data["placements"].values():
        _, sig, kind, number = placement
        if sig == siglum and number in counts:
            counts[number][kind] += 1
    covered = sum(1 for n in counts if counts[n]["note"] + counts[n]["source"])
    summary = nodes.paragraph(
        "",
        f"{siglum.upper()}: {len(paragraphs)} paragraphs; {covered} with at least one editors' note or source note "
        f"({round(100 * covered / max(len(paragraphs), 1))}%), {len(paragraphs) - covered} without.",
    )
    table = nodes.table(classes=["edition-coverage"])
    group = nodes.tgroup(cols=2 + len(KINDS))
    table += group
    for width in (1, 6, *([1] * len(KINDS))):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for label in ("¶", "Beginning", "Notes", "Sources", "Apparatus", "Themes"):
        row += nodes.entry("", nodes.paragraph("", label))
    head += row
    group += head
    body = nodes.tbody()
    for doc, _sig, number, text in paragraphs:
        row = nodes.row(classes=["edition-uncovered"] if not (counts[number]["note"] + counts[number]["source"]) else [])
        row += nodes.entry(
            "",
            nodes.paragraph(
                "", "", make_refnode(app.builder, docname, doc, f"{siglum}-p{number}", nodes.inline("", str(number)))
            ),
        )
        row += nodes.entry("", nodes.paragraph("", " ".join(text.split()[:8]) + " …"))
        for kind in KINDS:
            row += nodes.entry("", nodes.paragraph("", str(counts[number][kind] or "–")))
        body += row
    group += body
    return [summary, table]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(ed.coverage_report)):
        sigla = sorted({v[1] for v in app.env.get_domain("edition").paragraphs.values()})
        out: list[nodes.Node] = []
        for siglum in sigla:
            section = nodes.section(ids=[f"coverage-{siglum}"])
            section += nodes.title("", siglum.upper())
            section += _table(app, docname, siglum)
            out.append(section)
        node.replace_self(out)
