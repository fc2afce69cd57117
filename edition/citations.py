"""Each chapter's "Works cited": the works its headnote and notes cite, linked to the bibliography.

The entries are printed without ids of their own, so the bibliography chapter stays the one
place every work is anchored, and no citation label is defined twice.
"""

from __future__ import annotations

from docutils import nodes
from pybtex.plugin import find_plugin
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from . import nodes as ed


class WorksCited(SphinxDirective):
    """Where a chapter lists the works it cites."""

    def run(self) -> list[nodes.Node]:
        return [ed.works_cited()]


def cited_keys(app: Sphinx, docname: str) -> set[str]:
    cite = app.env.get_domain("cite")
    return {target.key for ref in cite.citation_refs if ref.docname == docname for target in ref.targets}


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(ed.works_cited))
    if not placeholders:
        return
    cite = app.env.get_domain("cite")
    keys = cited_keys(app, docname)
    backend = find_plugin("pybtex.backends", "docutils")()
    listing = nodes.bullet_list(classes=["edition-works-cited"])
    seen: set[str] = set()
    for citation in cite.citations:
        if citation.key not in keys or citation.key in seen:
            continue
        seen.add(citation.key)
        item = nodes.list_item()
        para = backend.paragraph(citation.formatted_entry)
        if app.builder.format == "latex":
            # the PDF's bibliography is a thebibliography list, whose items take no hyperref labels
            item += para
            listing += item
            continue
        para += nodes.Text(" ")
        para += make_refnode(
            app.builder,
            docname,
            citation.bibliography_key.docname,
            citation.citation_id,
            nodes.inline("", "[in the bibliography]", classes=["edition-bib-link"]),
            "This work in the bibliography",
        )
        item += para
        listing += item
    for node in placeholders:
        node.replace_self(listing.deepcopy() if len(listing) else nodes.paragraph("", "This chapter cites no works."))
