"""Links from the HTML book to its PDF and EPUB, named as the builds name them.

``bash scripts/pdf`` and ``bash scripts/epub`` copy the files into ``downloads/`` beside the HTML
pages; the role ``{download-edition}`pdf``` (or ``epub``) links there, with the file names taken
from the configuration (``latex_documents``, ``epub_basename``), so that the names live in one place.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.config import Config
from sphinx.util.docutils import SphinxRole

from .model import Location, Problem
from .store import report

FOLDER = "downloads"
LABELS = {"pdf": "PDF", "epub": "EPUB"}


def file_names(config: Config) -> dict[str, str]:
    """The file name of each download, as the builders write it."""
    latex = config.latex_documents
    pdf = Path(latex[0][1]).stem + ".pdf" if latex else f"{config.project}.pdf"
    return {"pdf": pdf, "epub": f"{config.epub_basename}.epub"}


class DownloadRole(SphinxRole):
    """A link to the PDF or the EPUB edition, relative to the page that links."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        kind = self.text.strip().lower()
        if kind not in LABELS:
            where = Location(Path(self.env.doc2path(self.env.docname, False)).as_posix(), self.lineno)
            report(Problem("download", f"unknown download {self.text!r}. Mend: write pdf or epub.", where), env=self.env)
            return [nodes.Text(self.text)], []
        depth = len(PurePosixPath(self.env.docname).parts) - 1
        uri = "../" * depth + f"{FOLDER}/{file_names(self.config)[kind]}"
        return [nodes.reference(self.rawtext, LABELS[kind], refuri=uri, classes=["edition-download"])], []
