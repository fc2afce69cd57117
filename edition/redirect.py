"""The address of the book itself (``index.html``) leads to the first page with a valid, labelled page.

sphinx-external-toc writes a bare ``<meta http-equiv="Refresh">`` there when the root document is not
``index``: no doctype, no title, no language, nothing for a reader whose browser does not follow it.
This one is written first, so that the bare one is not.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

BARE_REDIRECT = '<meta http-equiv="Refresh"'


def page(title: str, language: str, target: str) -> str:
    title, target = escape(title), escape(target)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n'
        "</head>\n"
        "<body>\n"
        f'<main><p><a href="{target}">{title}</a></p></main>\n'
        "</body>\n"
        "</html>\n"
    )


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    index = Path(app.outdir) / "index.html"
    if index.is_file() and not index.read_text(encoding="utf-8").lstrip().startswith(BARE_REDIRECT):
        return
    title = app.config.html_title or app.config.project
    index.write_text(page(title, app.config.language or "en", f"{app.config.root_doc}.html"), encoding="utf-8")
