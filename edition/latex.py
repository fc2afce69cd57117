"""The printed edition: the page, and how the edition's nodes are written for LaTeX.

Sphinx's LaTeX writer sets docutils asides as boxes in the text flow and drops the ids of
paragraphs, list items and inline text. The edition needs the opposite: each editors' note in the
outer margin beside the words it explains, on the same page, and every id of the HTML edition
(``itc-p12``, a note, a passage, an apparatus entry) as a named destination of the PDF, so that
links inside the book and from outside (``edition.pdf#itc-p12``) work. The TeX side is the
package ``tex/edition.sty``; ``latex_tree.py`` readies the doctree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import latex_tree
from . import nodes as ed

STYLE = Path(__file__).parent / "tex" / "edition.sty"

# The page: A4, one-sided, text block on the left, a wide outer (right) margin for the notes.
PAGE = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "extraclassoptions": "openany,oneside",
    "sphinxsetup": "hmargin={20mm,86mm}, vmargin={24mm,26mm}, marginpar=64mm",
    "releasename": "Version",
}


def configure(app: Sphinx, config: Any) -> None:
    """The edition's page and package, unless the book's configuration says otherwise."""
    elements = dict(config.latex_elements or {})
    for key, value in PAGE.items():
        elements.setdefault(key, value)
    language = (config.language or "en").replace("_", "-")
    hyperref = f"\\PassOptionsToPackage{{pdfusetitle,pdflang={{{language}}}}}{{hyperref}}"
    elements["passoptionstopackages"] = elements.get("passoptionstopackages", "") + f"\n{hyperref}\n"
    if "{edition}" not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + "\n\\usepackage{edition}\n"
    config.latex_elements = elements
    if str(STYLE) not in config.latex_additional_files:
        config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]


# ---------------------------------------------------------------- nodes the LaTeX writer needs


def _label(translator: Any, ident: str) -> str:
    return translator.idescape(f"{translator.curfilestack[-1]}:{ident}")


def _dest(translator: Any, ident: str) -> str:
    """The PDF destination of an id: the id itself, qualified by its chapter where it recurs in the book."""
    if ident not in translator.document.get("edition_recurring_ids", ()):
        return ident
    return re.sub(r"[^A-Za-z0-9:/.-]", "-", f"{translator.curfilestack[-1]}:{ident}")


def _anchors(translator: Any, idents: list[str]) -> str:
    out = "".join(rf"\editionanchor{{{_dest(translator, i)}}}{{{_label(translator, i)}}}" for i in idents)
    return rf"\texorpdfstring{{{out}}}{{}}" if translator.in_title and out else out


def visit_anchor(self: Any, node: latex_tree.anchor) -> None:
    self.body.append(_anchors(self, node["names"]))
    raise nodes.SkipNode


def visit_page_check(self: Any, node: latex_tree.page_check) -> None:
    self.body.append(f"\n\\editionbreakpoint{{{node['unit']}}}\n")
    raise nodes.SkipNode


def visit_pnum(self: Any, node: ed.paragraph_number) -> None:
    number = rf"\editionpnum{{{self.encode(node.astext())}}}"
    self.body.append(rf"\texorpdfstring{{{number}}}{{}}" if self.in_title else number)
    raise nodes.SkipNode


def visit_passage(self: Any, node: ed.passage) -> None:
    self.body.append(_anchors(self, node["ids"]))


def visit_margin_note(self: Any, node: ed.margin_note) -> None:
    note_id = node["ids"][0]
    if node.get("edition_unit"):
        self.body.append(rf"\editionpassagepage{{{note_id}}}{{{node['edition_unit']}}}")
    unit = node.get("edition_unit", "")
    self.body.append(
        rf"\marginpar{{\editionnotestyle{{{unit}}}\editionnotepage{{{note_id}}}\setbox0\vbox\bgroup" + _anchors(self, node["ids"])
    )


def depart_margin_note(self: Any, node: ed.margin_note) -> None:
    note_id = node["ids"][0]
    unit = node.get("edition_unit", "")
    self.body.append(rf"\egroup\editionnotebox{{{note_id}}}{{{unit}}}\editionnoteend{{{note_id}}}}}")


def visit_marker(self: Any, node: ed.apparatus_marker) -> None:
    self.body.append(_anchors(self, node["ids"]))
    self.body.append(rf"\hyperref[{_label(self, node['target'])}]{{\editionmarker{{")


def depart_marker(self: Any, node: ed.apparatus_marker) -> None:
    self.body.append("}}")


def visit_editorial(self: Any, node: nodes.Element) -> None:
    self.body.append(r"\editioneditorial{")


def depart_close(self: Any, node: nodes.Element) -> None:
    self.body.append("}")


def visit_statement(self: Any, node: nodes.Element) -> None:
    self.body.append("\n\\sphinxAtStartPar\n\\editioneditorial{")


def depart_statement(self: Any, node: nodes.Element) -> None:
    self.body.append("}\n")


VISITORS = {
    "paragraph_number": (visit_pnum, None),
    "passage": (visit_passage, lambda self, node: None),
    "margin_note": (visit_margin_note, depart_margin_note),
    "apparatus_marker": (visit_marker, depart_marker),
    "editorial": (visit_editorial, depart_close),
    "editorial_statement": (visit_statement, depart_statement),
}


def setup(app: Sphinx) -> None:
    app.add_node(latex_tree.anchor, latex=(visit_anchor, None))
    app.add_node(latex_tree.page_check, latex=(visit_page_check, None))
    app.connect("config-inited", configure)
    latex_tree.setup(app)
