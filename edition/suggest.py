"""A "suggest a change to this paragraph" link beside each numbered paragraph of the web edition.

The link opens a new issue in the edition's repository with the paragraph's id, its place and
its text already filled in, so that a reader's correction reaches the editors with everything
needed to act on it. The address comes from the configuration: ``edition_suggest_url``, or
else the repository named in ``_config.yml`` (``repository: url:``) followed by ``/issues/new``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from docutils import nodes
from sphinx.application import Sphinx

from . import nodes as ed

QUOTED_CHARS = 400  # of the paragraph's text in the issue; enough to find it, short enough for an address


def issues_url(config: Any) -> str:
    """Where new issues are opened; empty when the book names no repository."""
    if config.edition_suggest_url:
        return str(config.edition_suggest_url)
    repository = (config.html_theme_options or {}).get("repository_url", "")
    return f"{repository.rstrip('/')}/issues/new" if repository else ""


def suggestion_url(base: str, label: str, anchor: str, source: str, page: str, text: str) -> str:
    """The new-issue address for one paragraph: its label and id in the title, its place and words in the body."""
    shown = text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"
    quoted = "\n".join(f"> {line}" for line in shown.splitlines() or [""])
    body = (
        f"Paragraph: {label} (`{anchor}`), in `{source}`; on the web: {page}#{anchor}\n\n"
        f"It reads:\n\n{quoted}\n\n"
        "What should change, and why (with a source where you have one):\n\n"
    )
    separator = "&" if "?" in base else "?"
    return base + separator + urlencode({"title": f"Suggestion on {label} ({anchor})", "body": body}, quote_via=quote)


def add_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put a link after each paragraph number, in the HTML book only."""
    if app.builder.name not in ("html", "dirhtml"):
        return
    base = issues_url(app.config)
    if not base:
        return
    paragraphs = app.env.get_domain("edition").data["paragraphs"]
    source = Path(app.env.doc2path(docname, False)).as_posix()
    baseurl = (app.config.html_baseurl or "").rstrip("/")
    page = f"{baseurl}/{app.builder.get_target_uri(docname)}" if baseurl else app.builder.get_target_uri(docname)
    for number in list(doctree.findall(ed.paragraph_number)):
        anchor = number["target"]
        found = paragraphs.get(anchor)
        if found is None:
            continue
        link = ed.suggest_link(
            href=suggestion_url(base, number["label"], anchor, source, page, found[3]),
            label=f"Suggest a change to {number['label']}",
        )
        number.parent.insert(number.parent.index(number) + 1, link)


def _html_visit(self: Any, node: nodes.Element) -> None:
    # no text of its own (the pencil is drawn by the stylesheet), so the paragraph's text stays the text
    self.body.append(
        f'<a class="edition-suggest {ed.CONTROL_CLASS}" href="{self.attval(node["href"])}" title="{self.attval(node["label"])}" '
        f'aria-label="{self.attval(node["label"])}" rel="nofollow"></a>'
    )
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    app.add_config_value("edition_suggest_url", "", "html", types=[str])
    skip = (_skip, None)
    app.add_node(ed.suggest_link, html=(_html_visit, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect("doctree-resolved", add_links)
