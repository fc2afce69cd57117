"""The theme's icons at a fraction of their weight: only the Font Awesome glyphs the book shows.

pydata-sphinx-theme ships the whole of Font Awesome Free: a stylesheet rule for each of its 1,900 icons
and fonts with every glyph (the script that draws icons as SVG is left out of the page by weight.py;
the stylesheet draws the same icons with the font). Once the pages are written, the rules of icons that
no page or theme script names are taken out of the copied stylesheet, and the copied fonts are cut down
to the glyphs still used, those of the named icons and those the theme's stylesheets put in
``content`` themselves (admonition titles, the collapsed contents menu). A page that starts to use
another icon brings its glyph back at the next build. Font Awesome Free: icons CC BY 4.0, fonts SIL OFL 1.1.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from sphinx.application import Sphinx

from .model import Problem
from .store import report

ICON_NAME = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:{1,2}(?:before|after),?)+)\{content:"\\([0-9a-f]{4,5})"\}')
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\(?:[ef][0-9a-fA-F]{3})(?![0-9a-fA-F])")


def used_icon_names(outdir: Path) -> set[str]:
    """Icon names in the written pages and in the theme's scripts (which add a few icons themselves)."""
    names: set[str] = set()
    sources = [p for p in outdir.rglob("*.html") if "_static" not in p.parts]
    sources += [p for p in (outdir / "_static").rglob("*.js") if p.name != "fontawesome.js" and "searchindex" not in p.name]
    for path in sources:
        names.update(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def _codepoint(escape: str) -> int:
    return ord(escape) if len(escape) == 1 else int(escape[1:], 16)


def prune_stylesheet(text: str, used: set[str]) -> tuple[str, set[int]]:
    """The stylesheet without the rules of unused icons, and every private-use glyph it still draws."""
    glyphs: set[int] = set()

    def keep(match: re.Match[str]) -> str:
        names = set(ICON_NAME.findall(match.group(1)))
        if names & used:
            glyphs.add(int(match.group(2), 16))
            return match.group(0)
        return ""

    pruned = ICON_RULE.sub(keep, text)
    glyphs.update(_codepoint(m) for m in PRIVATE_USE.findall(ICON_RULE.sub("", pruned)))
    return pruned, glyphs


def subset_font(data: bytes, glyphs: set[int], flavor: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # the font keeps the date it was made: a cut-down font is the same bytes at every build
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the font's names, copyright and licence
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(glyphs & set(font.getBestCmap() or {})))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = flavor
    font.save(out)
    return out.getvalue()


def _cached_subset(cache: Path, data: bytes, glyphs: set[int], flavor: str | None) -> bytes:
    key = hashlib.sha256(data + repr(sorted(glyphs)).encode()).hexdigest()[:24]
    stored = cache / f"{key}.{flavor or 'ttf'}"
    if stored.is_file():
        return stored.read_bytes()
    result = subset_font(data, glyphs, flavor)
    cache.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(result)
    return result


def lighten_icons(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build: prune the icon rules and cut the icon fonts to the glyphs still drawn."""
    if exception is not None or app.builder.format != "html" or not app.config.edition_lean_html:
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    fonts = [p for p in static.rglob("fa-*") if p.suffix in (".woff2", ".ttf") and "webfonts" in p.parts]
    if not fonts:
        return
    used = used_icon_names(outdir)
    glyphs: set[int] = set()
    for css in static.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        pruned, drawn = prune_stylesheet(text, used)
        glyphs |= drawn
        if pruned != text:
            css.write_text(pruned, encoding="utf-8")
    cache = Path(app.doctreedir) / "edition-icons"
    for font in fonts:
        try:
            font.write_bytes(_cached_subset(cache, font.read_bytes(), glyphs, "woff2" if font.suffix == ".woff2" else None))
        except Exception as exc:  # a font the subsetter cannot read is shipped whole, and said so
            report(
                Problem("icons", f"the icon font {font.name} could not be cut down ({exc}); it is shipped whole."),
                str(font),
            )
