"""What an annotation body may hold: Markdown prose, never markup that runs, reads files or escapes.

A body comes from a pull request and ends up in the HTML, the LaTeX source of the PDF and
the EPUB. Directives run before anything could inspect their output (``include`` reads a
file, ``raw`` passes markup through), so they are refused in the source, before parsing,
and printed as code. What Markdown and roles can make (raw HTML, images and downloads that
copy files into the site, mathematics that LaTeX would execute, links with scripts) is
refused in the parsed nodes and printed as inert text. Each refusal is reported once.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes

from .model import Location, Problem, shown
from .store import report

SAFE_SCHEMES = {"", "http", "https", "mailto"}
# a Markdown link target or autolink that names a scheme: ](scheme:...) or <scheme:...>
LINK_TARGET = re.compile(r"(?:\]\(\s*<?|<)\s*(([a-zA-Z][a-zA-Z0-9+.-]*):[^)\s>]*)")
# a directive: a fence of backticks, tildes or colons opening with {name}
DIRECTIVE = re.compile(r"(`{3,}|~{3,}|:{3,})[ \t]*\{([^}\n]*)\}")
# what browsers drop from a URL before reading its scheme
URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
MEND = "Mend: write Markdown only (text, emphasis, links to http, https or mailto, lists, {cite:p} and {edition:p})."


def safe_uri(uri: str) -> bool:
    """True if the address, read the way a browser reads it, is a web or mail address or relative."""
    cleaned = URL_NOISE.sub("", uri)
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""
    return scheme in SAFE_SCHEMES


def disarm_source(source: str, ann_id: str, location: Location, env: Any) -> str:
    """Refuse directives before the body is parsed: their fences become plain code blocks."""
    refused: list[str] = []

    def fence(match: re.Match[str]) -> str:
        refused.append(f"the directive {{{match.group(2).strip()}}}")
        return f"{match.group(1)}text"

    source = DIRECTIVE.sub(fence, source)
    if refused:
        report(
            Problem(
                "unsafe_markup",
                f"annotation {ann_id!r}: {refused[0][:80]} is not allowed in a body. {MEND}",
                location,
            ),
            env=env,
        )
    return source


REFUSED_NODES = (nodes.image, nodes.math, nodes.math_block, addnodes.download_reference)


def _what(node: nodes.Node) -> str:
    if isinstance(node, nodes.image):
        return "an image"
    if isinstance(node, addnodes.download_reference):
        return "a download"
    return "mathematics"


def _inert(node: nodes.Element) -> nodes.Text:
    return nodes.Text(node.astext() if not isinstance(node, nodes.image) else f"[{node.get('alt', 'image')}]")


def refuse_unsafe(body: nodes.Element, source: str, ann_id: str, location: Location, env: Any) -> None:
    """Raw markup, images, mathematics and script links are reported once and printed as inert text."""
    raws = list(body.findall(nodes.raw))
    if raws:
        shown_raws = ", ".join(repr(r.astext().strip()[:40]) for r in raws[:3])
        report(
            Problem(
                "raw_html",
                f"annotation {ann_id!r}: raw HTML or other raw markup is not allowed in a body "
                f"({shown_raws}). Mend: write Markdown only.",
                location,
            ),
            env=env,
        )
        for raw in raws:
            raw.parent.replace(raw, nodes.Text(raw.astext()))
    others = list(body.findall(lambda n: isinstance(n, REFUSED_NODES)))
    if others:
        what = _what(others[0])
        report(Problem("unsafe_markup", f"annotation {ann_id!r}: {what} is not allowed in a body. {MEND}", location), env=env)
        for node in others:
            node.parent.replace(node, _inert(node))
    bad = [m.group(1) for m in LINK_TARGET.finditer(source) if not safe_uri(m.group(1))]
    for ref in list(body.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri and not safe_uri(uri):
            bad.append(uri)
            ref.parent.replace(ref, nodes.Text(ref.astext()))
    if bad:
        report(
            Problem(
                "unsafe_link",
                f"annotation {ann_id!r}: the link {shown(bad[0])} is not allowed. "
                "Mend: link only to http, https or mailto addresses.",
                location,
            ),
            env=env,
        )
