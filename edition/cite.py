"""How to cite the edition: a text form and a BibTeX form, made from the book's own configuration.

Title, editors, year, version and address are read from the configuration (the extension sets
the release from ``edition.__version__``), so the "Cite this edition" page can never disagree with the book.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def address(config: Any) -> str:
    """Where the edition is read: the published address if set, else its repository."""
    return str(config.html_baseurl or (config.html_theme_options or {}).get("repository_url", "") or "")


def facts(config: Any) -> dict[str, str]:
    return {
        "title": str(config.html_title or config.project),
        "editors": str(config.author or "The editors"),
        "year": str(config.copyright).split(",")[0].strip(),
        "version": str(config.release),  # edition.__version__, unless the configuration sets a release
        "url": address(config),
    }


def text_form(f: dict[str, str]) -> str:
    where = f" {f['url']}" if f["url"] else ""
    return f"{f['title']}. Edited by {f['editors']}. Version {f['version']}, {f['year']}.{where}"


def bibtex_form(f: dict[str, str]) -> str:
    lines = [
        f"@misc{{edition{f['year']},",
        f"  editor = {{{{{f['editors']}}}}},",
        f"  title = {{{f['title']}}},",
        f"  year = {{{f['year']}}},",
        f"  version = {{{f['version']}}},",
        f"  note = {{Version {f['version']}}},",
    ]
    if f["url"]:
        lines.append(f"  url = {{{f['url']}}},")
    lines.append("}")
    return "\n".join(lines)


class EditionCitation(SphinxDirective):
    """```{edition-citation}```: the edition's citation, as text and as BibTeX."""

    def run(self) -> list[nodes.Node]:
        f = facts(self.config)
        text = nodes.paragraph(classes=["edition-citation"])
        text += nodes.Text(text_form(f))
        bibtex = nodes.literal_block(bibtex_form(f), bibtex_form(f), language="bibtex", classes=["edition-citation-bibtex"])
        return [text, bibtex]
