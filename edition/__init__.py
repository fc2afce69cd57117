"""A Sphinx extension that joins standoff annotations to the reading texts of a critical edition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import (
    aria,
    bibstyle,
    citations,
    controls,
    coverage,
    epub,
    exports,
    icons,
    indexes,
    inputs,
    latex,
    pictures,
    pybtex_plugins,
    reader,
    redirect,
    redirects,
    reproducible,
    suggest,
    themes,
    weight,
)
from . import nodes as ed_nodes
from .cite import EditionCitation
from .directives import (
    Apparatus,
    AuthorsNote,
    CallRole,
    EditionText,
    EditorialRole,
    IndexListing,
    SuppliedCallRole,
    ThemeConcordance,
)
from .domain import EditionDomain
from .downloads import DownloadRole
from .store import faulty_docs
from .transforms import anchor_chapter

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"
SCHEMA = Path(__file__).parent / "schema"
TEMPLATES = Path(__file__).parent / "templates"


def _static_path(app: Sphinx, config: Any) -> None:
    """Ship the stylesheet, and publish the annotation schema beside it for editors' tools."""
    # new lists, not the defaults extended in place: those are shared by every Sphinx application of the
    # process, and a second build in one process would otherwise see a changed configuration and rewrite all
    config.html_static_path = [*config.html_static_path, str(STATIC), str(SCHEMA)]
    config.templates_path = [*config.templates_path, str(TEMPLATES)]  # the theme's layout with a lighter head (weight.py)


def _version(app: Sphinx, config: Any) -> None:
    """The edition's version has one source, __version__ here; the book, the exports and the citation read it."""
    if not config.version:
        config.version = __version__
    if not config.release:
        config.release = __version__


def setup(app: Sphinx) -> dict[str, Any]:
    bibstyle.register()
    app.add_config_value("edition_annotations_dir", "annotations", "env", types=[str])
    app.add_config_value("edition_themes_file", "annotations/themes.yml", "env", types=[str])
    app.add_config_value("edition_index_file", "annotations/index.yml", "env", types=[str])
    app.add_config_value("edition_redirects_file", "annotations/redirects.yml", "env", types=[str])
    # False builds the plain reading texts with no annotation at all: the benchmark's baseline
    app.add_config_value("edition_enabled", True, "env", types=[bool])
    # files whose {cite} roles count as citations though this run does not read them (the fast check)
    app.add_config_value("edition_cited_elsewhere", [], "", types=[list])
    ed_nodes.register(app)
    pybtex_plugins.register()
    app.add_domain(EditionDomain)
    app.add_directive("edition-text", EditionText)
    app.add_directive("apparatus", Apparatus)
    app.add_directive("theme-concordance", ThemeConcordance)
    app.add_directive("edition-index", IndexListing)
    app.add_directive("works-cited", citations.WorksCited)
    app.add_directive("edition-coverage", coverage.Coverage)
    app.add_directive("authors-note", AuthorsNote)
    app.add_directive("edition-citation", EditionCitation)
    app.add_role("ed", EditorialRole())
    app.add_role("call", CallRole())
    app.add_role("supplied-call", SuppliedCallRole())
    app.add_role("download-edition", DownloadRole())
    app.connect("doctree-read", anchor_chapter, priority=600)
    app.connect("env-get-outdated", faulty_docs)
    app.connect("env-get-outdated", themes.start_build)
    app.connect("env-purge-doc", themes.note_purge)
    app.connect("env-get-updated", themes.pages_to_rewrite)
    app.connect("env-check-consistency", themes.check)
    app.connect("env-check-consistency", redirects.check)
    app.connect("doctree-resolved", themes.resolve)
    app.connect("doctree-resolved", indexes.resolve)
    app.connect("doctree-resolved", citations.resolve)
    app.connect("doctree-resolved", coverage.resolve)
    app.connect("env-check-consistency", indexes.check)
    latex.setup(app)
    pictures.setup(app)
    epub.setup(app)
    app.connect("env-check-consistency", inputs.check_inputs)
    app.connect("config-inited", inputs.check_bibliography_syntax)
    app.connect("env-check-consistency", inputs.remember_problems, priority=900)
    app.connect("env-get-outdated", inputs.reread_if_faulty)
    exports.register(app)
    suggest.register(app)
    app.connect("config-inited", _static_path)
    app.connect("builder-inited", reproducible.date_the_epub)
    app.connect("build-finished", reproducible.stamp_the_epub)
    app.connect("config-inited", _version)
    app.add_css_file("edition.css")
    # The reader's controls (layers, toggles, citations): the layers apply before the first paint.
    app.add_config_value("edition_lean_html", True, "html", types=[bool])
    app.add_js_file(None, body=reader.head_script())
    app.add_js_file("edition.js", defer="defer")
    app.connect("doctree-read", reader.note_assets)
    app.connect("doctree-read", controls.add_controls, priority=700)  # once anchor_chapter has joined the notes
    app.connect("html-page-context", weight.trim_page, priority=900)
    app.connect("html-page-context", aria.mend_roles)
    app.connect("build-finished", redirect.write_index, priority=400)
    app.connect("build-finished", icons.lighten_icons)
    return {"version": __version__, "env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
