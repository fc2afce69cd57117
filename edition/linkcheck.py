"""Every internal link of the built site leads somewhere: its file exists, and so does its fragment.

Offline and fast: the standard library's HTML parser reads each page once, for the ids it
holds and the links it makes (``href`` of links and areas, ``src`` of scripts, images and
frames). Links with a scheme (``https:``, ``mailto:``) leave the site and are not followed.
The files under ``_static`` are assets, not pages: the theme ships template macros there
with an ``.html`` suffix that no page links to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ASSETS = "_static"
LINKING = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


@dataclass(frozen=True)
class Broken:
    """A link that leads nowhere, and why."""

    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target} ({self.reason})"


@dataclass
class Page:
    """What one HTML file offers (its ids) and asks for (its links)."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"] or "")
        wanted = LINKING.get(tag)
        if wanted and values.get(wanted) is not None:
            self.page.links.append(values[wanted] or "")


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader.close()
    return reader.page


def is_internal(link: str) -> bool:
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc


def check_site(root: Path) -> tuple[list[Broken], int]:
    """The broken internal links of every page under root, and how many internal links were checked."""
    root = root.resolve()
    pages: dict[Path, Page] = {
        path: read_page(path) for path in sorted(root.rglob("*.html")) if ASSETS not in path.relative_to(root).parts
    }
    broken: list[Broken] = []
    checked = 0
    for path, page in list(pages.items()):
        where = path.relative_to(root).as_posix()
        for link in page.links:
            if not link or not is_internal(link):
                continue
            checked += 1
            parts = urlsplit(link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if root not in target.parents and target != root:
                broken.append(Broken(where, link, "outside the site"))
                continue
            if not target.is_file():
                broken.append(Broken(where, link, "no such file"))
                continue
            fragment = unquote(parts.fragment)
            if not fragment or target.suffix != ".html":
                continue
            if target not in pages:
                pages[target] = read_page(target)
            if fragment not in pages[target].ids:
                broken.append(Broken(where, link, f"no id {fragment!r} in {target.relative_to(root).as_posix()}"))
    return broken, checked
