"""The EPUB edition: the web pages without what an e-reader cannot use, declared as EPUB 3 requires.

Sphinx's EPUB builder reuses the HTML pages. E-readers need no scripts (and EPUB 3 would have every
page that carries one declared as scripted), nor the web edition's controls that the scripts work
(note toggles, "more" buttons, suggestion links: ``nodes.reader_control``); the notebook stylesheet
of Jupyter Book is written only after the EPUB is packed; the annotation schemas are for editors'
tools, not for readers; and a page that embeds SVG, as the themes chapter does, must be declared
with the ``svg`` property.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import nodes as ed
from .themes import drop_previews

SCHEMA = Path(__file__).parent / "schema"
STYLESHEET = "edition-epub.css"


def _exclude_schemas(app: Sphinx, config: Any) -> None:
    config.epub_exclude_files = [*config.epub_exclude_files, *(f"_static/{p.name}" for p in sorted(SCHEMA.glob("*.json")))]


def _filename(asset: Any) -> str:
    return str(getattr(asset, "filename", asset))


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """No scripts; only stylesheets that the EPUB ships; the notes set for a narrow page."""
    if app.builder.name != "epub":
        return
    context["script_files"] = []
    kept = [c for c in context.get("css_files", []) if not Path(_filename(c)).name.startswith("mystnb.")]
    context["css_files"] = [*kept, f"_static/{STYLESHEET}"]


def _prepare(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """No hover previews, no reader's controls and no scripts (such as the notebook extensions add to every page)."""
    if app.builder.name != "epub":
        return
    drop_previews(doctree)
    for control in list(doctree.findall(ed.reader_control)):
        control.parent.remove(control)
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split() and "<script" in raw.astext():
            raw.parent.remove(raw)


def _declare_svg(app: Sphinx) -> None:
    """Mark the pages that embed SVG in the package document, once Sphinx has written it."""
    builder = app.builder
    if builder.name != "epub":
        return
    write_package = builder.build_content

    def build_content() -> None:
        write_package()
        outdir = Path(builder.outdir)
        package = outdir / "content.opf"
        text = package.read_text(encoding="utf-8")
        for name in builder.files:
            if name.endswith(builder.out_suffix) and "<svg" in (outdir / name).read_text(encoding="utf-8"):
                text = text.replace(
                    f'href="{name}" media-type="application/xhtml+xml" />',
                    f'href="{name}" media-type="application/xhtml+xml" properties="svg" />',
                )
        package.write_text(text, encoding="utf-8")

    builder.build_content = build_content  # type: ignore[method-assign]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _exclude_schemas)
    app.connect("html-page-context", _page_assets)
    app.connect("doctree-resolved", _prepare, priority=800)
    app.connect("builder-inited", _declare_svg)
