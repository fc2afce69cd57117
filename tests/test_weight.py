"""A chapter page loads only what it shows: no icon script, no search index, no assets of notebook cells,
code blocks, tabs or toggles it does not have, and icon fonts cut to the glyphs the book draws.
(What that weighs, and how fast it loads, is measured by benchmarks/browser.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont

from edition.icons import prune_stylesheet
from edition.weight import lighter_head, unused_features

HEAVY = ("fontawesome.js", "searchindex.js", "searchtools.js", "sphinx-thebe", "togglebutton", "copybutton", "design-tabs")
CODE = ("copybutton", "clipboard.min.js")  # the copy button of code blocks
CHAPTERS = ("itc", "lmi")


def assets(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [t.get("src") or t.get("href") or "" for t in soup.select("script[src], link[rel=stylesheet], link[rel=preload]")]


def shows_code(page: Path) -> bool:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article [class*=highlight] pre") is not None


def test_chapter_pages_load_only_what_they_use(book_html: Path) -> None:
    pages = sorted((book_html / "book").glob("*.html"))
    assert {f"{siglum}.html" for siglum in CHAPTERS} <= {p.name for p in pages}
    for page in pages:
        loaded = assets(page)
        # a page with a code block (the BibTeX of the citation page) keeps the copy button of code blocks
        allowed = CODE if page.stem not in CHAPTERS and shows_code(page) else ()
        heavy = [a for a in loaded if any(h in a for h in HEAVY) and not any(c in a for c in allowed)]
        assert not heavy, f"{page.name} loads {loaded}"
        assert any("edition.js" in a for a in loaded) and any("basic.css" in a for a in loaded)


def test_the_search_page_keeps_its_tools(book_html: Path) -> None:
    loaded = assets(book_html / "search.html")
    assert any("searchtools.js" in a for a in loaded) and any("searchindex.js" in a for a in loaded)


def test_icon_fonts_hold_the_glyphs_the_book_draws_and_no_more(book_html: Path) -> None:
    css = (book_html / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r'\.fa-([a-z0-9-]+):{1,2}before\{content:"\\([0-9a-f]{4,5})"\}', css))
    used = set()
    for page in book_html.rglob("*.html"):
        used |= set(re.findall(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)", page.read_text(encoding="utf-8")))
    drawn = {int(rules[name], 16) for name in used if name in rules}
    assert drawn, "no icon of the theme found in the pages"
    fonts = book_html / "_static" / "vendor" / "fontawesome" / "webfonts"
    # solid and regular icons, and the brands' (the repository's GitHub button)
    held = set().union(*(TTFont(fonts / f"fa-{name}.woff2").getBestCmap() for name in ("solid-900", "regular-400", "brands-400")))
    assert drawn <= held
    for font in fonts.glob("*.woff2"):
        assert font.stat().st_size < 16 * 1024, f"{font.name} is not cut down"


def test_assets_follow_the_page_body() -> None:
    names = {f.name for f in unused_features('<p class="text">words</p>')}
    assert {"code", "toggle", "design", "notebook", "thebe"} <= names
    names = {f.name for f in unused_features('<div class="highlight-python notranslate"><pre>x</pre></div>')}
    assert "code" not in names and "design" in names


def test_the_lighter_head_drops_the_icon_script_and_the_search_index_outside_search() -> None:
    head = (
        '<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />\n'
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<script src="../searchindex.js"></script>'
    )
    chapter = lighter_head("book/itc", search_as_you_type=False)(head)
    assert "fontawesome" not in chapter and "searchindex" not in chapter and "basic.css" in chapter
    assert "searchindex" in lighter_head("search", search_as_you_type=False)(head)


def test_unused_icon_rules_are_pruned_and_used_glyphs_kept() -> None:
    css = '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-zzz:before{content:"\\f111"}.x{content:"\\f107"}'
    pruned, glyphs = prune_stylesheet(css, {"bars"})
    assert ".fa-bars" in pruned and ".fa-zzz" not in pruned
    assert glyphs == {0xF0C9, 0xF107}
