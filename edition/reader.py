"""The reader's controls in the browser: a script in each page's head, ``edition.js`` and ``edition.css``.

The head script is inlined (it applies the reader's note layers before the first paint), and the other
two are linked with a checksum of their content; so every page depends on all three, and editing one
rewrites every page.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
HEAD_SCRIPT = STATIC / "edition-head.js"
ASSETS = (HEAD_SCRIPT, STATIC / "edition.js", STATIC / "edition.css")


def head_script() -> str:
    return HEAD_SCRIPT.read_text(encoding="utf-8")


def note_assets(app: Sphinx, doctree: nodes.document) -> None:
    for path in ASSETS:
        app.env.note_dependency(str(path))
