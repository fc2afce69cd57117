"""The anchors the edition has published, in a list that only grows.

Readers cite "ITC ¶12" and link to notes; those links must keep working in every later
version. The list (tests/data/anchors.txt) holds every paragraph anchor and annotation id the
built book has ever had, one ``page#id`` a line. ``python -m edition anchors BUILD --update LIST``
adds the anchors of a new build and never removes one; the anchor test fails when a listed
anchor no longer resolves on its page, unless annotations/redirects.yml sends it to an
anchor that does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# the elements that carry the edition's citable anchors: numbered paragraphs, margin notes, apparatus entries
ANCHOR_CLASSES = ("edition-unit", "edition-note", "edition-theme")
APPARATUS_ENTRY = "edition-apparatus--"


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ident, classes = values.get("id"), (values.get("class") or "").split()
        if not ident:
            return
        if any(c in ANCHOR_CLASSES for c in classes) or any(c.startswith(APPARATUS_ENTRY) for c in classes):
            self.found.append(ident)


def published(html_root: Path) -> set[str]:
    """Every citable anchor of a built book, as page#id."""
    out: set[str] = set()
    for page in sorted(html_root.rglob("*.html")):
        reader = _Anchors()
        reader.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(html_root).as_posix()
        out.update(f"{rel}#{ident}" for ident in reader.found)
    return out


def _natural(line: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", line)]


def read_list(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


HEADER = (
    "# Every paragraph anchor and annotation id the edition has published, as page#id.\n"
    "# Generated: python -m edition anchors _build/html --update tests/data/anchors.txt (it only adds).\n"
    "# Never delete a line: retire an anchor with a redirect in annotations/redirects.yml.\n"
)


def update_list(path: Path, anchors: set[str]) -> set[str]:
    """Add the anchors to the list file; return the ones that were new."""
    known = read_list(path)
    new = anchors - known
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f"{line}\n" for line in sorted(known | anchors, key=_natural)), encoding="utf-8")
    return new


def missing(html_root: Path, listed: set[str]) -> list[str]:
    """The listed anchors that no longer resolve on their page (by any id, a redirect's included)."""
    from .linkcheck import read_page

    pages: dict[str, set[str]] = {}
    gone = []
    for line in sorted(listed, key=_natural):
        page, _, ident = line.partition("#")
        if page not in pages:
            path = html_root / page
            pages[page] = read_page(path).ids if path.is_file() else set()
        if ident not in pages[page]:
            gone.append(line)
    return gone
