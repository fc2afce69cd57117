"""A page that loads only what it shows: the theme's look, without the theme's weight.

Jupyter Book's theme puts every asset on every page: a 1.4 MB script that draws icons (the theme's
stylesheet already draws them with a font), the search index (needed only on the search page), the
scripts of notebook cells, code blocks, tabs and toggles that a chapter of prose never shows.
Each page here keeps an asset only when its body uses the feature the asset serves, so a page that
gains a code block or a dropdown gains its assets with it. Scripts that wait for the page anyway
are deferred, so that they no longer hold up the first paint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')


@dataclass(frozen=True)
class Feature:
    """Assets that serve one kind of content, and the classes by which a page body shows it."""

    name: str
    files: tuple[str, ...]  # asset file names start with one of these
    inline: tuple[str, ...] = ()  # inline scripts that configure those assets hold one of these
    classes: tuple[str, ...] = ()  # a body class starting with one of these needs the assets


FEATURES = (
    Feature("code", ("pygments.css", "copybutton", "clipboard.min.js"), classes=("highlight",)),
    Feature(
        "toggle",
        ("togglebutton",),
        inline=("toggleHint", "toggleOpenOnPrint", "togglebuttonSelector"),
        classes=("toggle", "dropdown"),
    ),
    Feature("design", ("sphinx-design", "design-tabs.js"), classes=("sd-",)),
    Feature("notebook", ("mystnb.",), classes=("cell", "output", "pasted-", "linenos", "tag_")),
    Feature("thebe", ("sphinx-thebe",), inline=("THEBE_JS_URL",), classes=("thebe", "cell")),
)

# Scripts that only act once the document is parsed: deferring them changes nothing but the first paint.
DEFERRABLE = ("doctools.js", "sphinx_highlight.js", "sphinx-book-theme.js")

# What the lighter head leaves out of the theme's template: the icon script, script preloads that
# compete with the stylesheets, and (outside the search page) the search index and its tools.
ICON_SCRIPT = re.compile(r'\s*<script\b[^>]*\bsrc="[^"]*/fontawesome\.js[^"]*"[^>]*></script>')
SCRIPT_PRELOAD = re.compile(r'\s*<link\b[^>]*\brel="preload"[^>]*\bas="script"[^>]*/>')
SEARCH_SCRIPTS = re.compile(
    r'\s*<script\b[^>]*\bsrc="[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)[^"]*"[^>]*></script>'
)
THEME_CSS = re.compile(r'<link href="([^"]*/)styles/theme\.css\?[^"]*" rel="stylesheet" />')


def _name(asset: Any) -> str:
    filename = getattr(asset, "filename", None) or ""
    return str(filename).rsplit("/", 1)[-1]


def page_classes(body: str) -> set[str]:
    return {token for value in CLASS_ATTR.findall(body) for token in value.split()}


def unused_features(body: str) -> list[Feature]:
    classes = page_classes(body)
    return [f for f in FEATURES if not any(c.startswith(f.classes) for c in classes)]


def _serves(asset: Any, feature: Feature) -> bool:
    if _name(asset):
        return _name(asset).startswith(feature.files)
    inline = getattr(asset, "attributes", {}).get("body", "")
    return any(word in inline for word in feature.inline)


def _deferred(asset: Any) -> Any:
    """The same script with ``defer``, if it is one that may wait for the document."""
    attributes = getattr(asset, "attributes", {})
    if _name(asset) in DEFERRABLE and not attributes.get("defer") and not attributes.get("async"):
        return type(asset)(asset.filename, priority=asset.priority, **{**attributes, "defer": "defer"})
    return asset


def lighter_head(pagename: str, search_as_you_type: bool) -> Callable[[str], Markup]:
    """A filter for the theme's head blocks (see templates/layout.html)."""

    def rewrite(html: str) -> Markup:
        html = ICON_SCRIPT.sub("", html)
        html = SCRIPT_PRELOAD.sub("", html)
        if pagename != "search" and not search_as_you_type:
            html = SEARCH_SCRIPTS.sub("", html)
        # theme.css only imports basic.css: link it directly and save a round trip before the first paint
        html = THEME_CSS.sub(lambda m: f'<link href="{m.group(1)}basic.css" rel="stylesheet" />', html)
        return Markup(html)

    return rewrite


def trim_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Drop the assets this page does not use; defer the scripts that can wait."""
    if not app.config.edition_lean_html:
        context["edition_head"] = Markup
        return
    options = context.get("theme_search_as_you_type", False)
    search_as_you_type = str(options).lower() in ("true", "1")
    context["edition_head"] = lighter_head(pagename, search_as_you_type)
    body = context.get("body")
    unused = unused_features(body if isinstance(body, str) else "")
    if "css_files" in context:
        context["css_files"] = [a for a in context["css_files"] if not any(_serves(a, f) for f in unused)]
    if "script_files" in context:
        scripts = [a for a in context["script_files"] if not any(_serves(a, f) for f in unused)]
        # where the search tools load (they run at once and need doctools.js), nothing is deferred
        searching = pagename == "search" or search_as_you_type
        context["script_files"] = scripts if searching else [_deferred(a) for a in scripts]
