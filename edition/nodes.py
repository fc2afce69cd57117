"""The edition's own doctree nodes; each builder renders them in its own way."""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes


class edition_text(nodes.General, nodes.Element):
    """Placeholder left by the edition-text directive; holds the parsed annotation bodies."""


class annotation_body(nodes.General, nodes.Element):
    """A parsed annotation body waiting to be placed (attribute ``annotation``: its id)."""


class theme_concordance(nodes.General, nodes.Element):
    """Where the themes chapter's concordance and figure are built, once every chapter is read."""


class theme_links(nodes.Inline, nodes.TextElement):
    """Links from a tagged passage to the other statements' passages on a theme; resolved late."""


class index_listing(nodes.General, nodes.Element):
    """Where an index of persons, places or organisations is built, once every chapter is read."""


class place_map(nodes.General, nodes.Element):
    """Where the map of the places is drawn, once every chapter is read."""


class event_timeline(nodes.General, nodes.Element):
    """Where the timeline is drawn, once every chapter is read."""


class event_mentions(nodes.Inline, nodes.Element):
    """The paragraphs that mention an event, linked once every chapter is read."""


class works_cited(nodes.General, nodes.Element):
    """Where a chapter lists the works it cites, once citations are resolved."""


class coverage_report(nodes.General, nodes.Element):
    """Where the report of the commentary's coverage is built, once every chapter is read."""


class export_links(nodes.General, nodes.Element):
    """Where a chapter links to its statement's exports (JSON-LD, TEI); HTML only."""


# ---------------------------------------------------------------- the reader's controls

# The class of the outermost element of every reader's control in a web page (the buttons, the links,
# the spans that hold them). What carries it is not text of the edition: whatever reads a paragraph's
# words from a page leaves it out.
CONTROL_CLASS = "edition-control"


class reader_control(nodes.Inline, nodes.Element):
    """A control of the web edition inside the text (a note toggle, a "more" button, a suggestion link).

    Not text: the reading text (edition/text.py) passes over it, the printed edition and the EPUB
    leave it out (edition/epub.py drops it: an e-book has no script to work it), and in a web page
    its outermost element carries CONTROL_CLASS."""


class suggest_link(reader_control):
    """A link beside a paragraph number that opens an issue on that paragraph; HTML only."""


class apparatus_list(nodes.General, nodes.Element):
    """Where the chapter's textual apparatus is printed."""


class editorial(nodes.Inline, nodes.TextElement):
    """Words the editors supply in the reading text, set apart from the authors' words."""


class note_call(nodes.Inline, nodes.TextElement):
    """An authors' note call as parsed; becomes a footnote reference once the chapter is read."""


class editorial_statement(nodes.General, nodes.TextElement):
    """A statement by the editors inside the authors' matter; not part of the text."""


class paragraph_number(nodes.Inline, nodes.TextElement):
    """The ¶ number printed in the margin; a link to the paragraph itself."""


class passage(nodes.Inline, nodes.TextElement):
    """Words of the reading text that an editors' note explains."""


class apparatus_marker(nodes.Inline, nodes.TextElement):
    """The letter in the text that leads to an apparatus entry."""


class margin_note(nodes.General, nodes.Element):
    """An editors' note set in the margin beside its passage."""


def _html_passage(self: Any, node: passage) -> None:
    attrs = {"CLASS": "edition-passage"}
    if node.get("note_ids"):
        attrs["data-notes"] = " ".join(node["note_ids"])
    self.body.append(self.starttag(node, "span", "", **attrs))


def _html_depart_span(self: Any, node: nodes.Element) -> None:
    self.body.append("</span>")


def _html_editorial(self: Any, node: editorial) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="editorial"))


def _html_pnum(self: Any, node: paragraph_number) -> None:
    label = node["label"]
    self.body.append(f'<a class="edition-pnum" href="#{node["target"]}" title="Link to {label}" aria-label="{label}">')


def _html_depart_a(self: Any, node: nodes.Element) -> None:
    self.body.append("</a>")


def _html_marker(self: Any, node: apparatus_marker) -> None:
    self.body.append(
        f'<a class="edition-app-marker" id="{node["ids"][0]}" href="#{node["target"]}" '
        f'role="doc-noteref" aria-label="apparatus entry {node.astext()}"><sup>'
    )


def _html_depart_marker(self: Any, node: apparatus_marker) -> None:
    self.body.append("</sup></a>")


def _html_margin(self: Any, node: margin_note) -> None:
    classes = " ".join(["sidebar", "margin", "edition-note", *node["classes"]])
    self.body.append(f'<aside class="{classes}" id="{node["ids"][0]}" role="note" aria-label="{node["aria_label"]}">')
    self.body.extend(f'<span id="{ident}"></span>' for ident in node["ids"][1:])  # retired ids that redirect here


def _html_depart_aside(self: Any, node: nodes.Element) -> None:
    self.body.append("</aside>")


class note_toggle(reader_control):
    """The button after a passage that opens its note in the text on narrow screens (static/edition.js)."""


class note_more(reader_control):
    """The button in a margin note's head that shows a compact note whole (static/edition.js)."""


TOGGLE_WORDS = {"note": "note", "source": "source", "theme": "themes"}


def _html_toggle(self: Any, node: note_toggle) -> None:
    kind, label = node["kind"], escape(node["label"])
    self.body.append(
        # a word joiner glues the toggle to the passage's last word
        f'<span class="edition-note-glue {CONTROL_CLASS}">\u2060<button type="button" '
        f'class="edition-note-toggle edition-note-toggle--{kind}" aria-expanded="false" aria-controls="{node["note"]}">'
        f'<span class="edition-note-toggle-word">{TOGGLE_WORDS[kind]}</span><span class="edition-sr">: {label}</span>'
        "</button></span>"
    )
    raise nodes.SkipNode


def _html_more(self: Any, node: note_more) -> None:
    self.body.append(
        f'<button type="button" class="edition-note-more {CONTROL_CLASS}" aria-expanded="true" aria-controls="{node["note"]}">'
        f'<span class="edition-note-more-word">less</span><span class="edition-sr"> of the {escape(node["label"])}</span>'
        "</button>"
    )
    raise nodes.SkipNode


def _html_statement(self: Any, node: editorial_statement) -> None:
    self.body.append(self.starttag(node, "p", "", CLASS="editorial editorial-statement"))


def _html_depart_p(self: Any, node: nodes.Element) -> None:
    self.body.append("</p>")


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def register(app: Any) -> None:
    """Register every node with visitors for the builders the edition publishes."""
    from .latex import VISITORS as latex

    passthrough = {b: (_pass, _pass) for b in ("text", "man", "texinfo")}
    hidden = {b: (_skip, None) for b in ("html", "latex", "text", "man", "texinfo")}
    app.add_node(edition_text, **hidden)
    app.add_node(annotation_body, **hidden)
    app.add_node(apparatus_list, **hidden)
    app.add_node(theme_concordance, **hidden)
    app.add_node(index_listing, **hidden)
    app.add_node(place_map, **hidden)
    app.add_node(event_timeline, **hidden)
    app.add_node(event_mentions, **hidden)
    app.add_node(works_cited, **hidden)
    app.add_node(coverage_report, **hidden)
    app.add_node(theme_links, **hidden)
    app.add_node(editorial, html=(_html_editorial, _html_depart_span), latex=latex["editorial"], **passthrough)
    app.add_node(note_call, **hidden)
    app.add_node(editorial_statement, html=(_html_statement, _html_depart_p), latex=latex["editorial_statement"], **passthrough)
    app.add_node(passage, html=(_html_passage, _html_depart_span), latex=latex["passage"], **passthrough)
    app.add_node(
        paragraph_number,
        html=(_html_pnum, _html_depart_a),
        latex=latex["paragraph_number"],
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_node(
        apparatus_marker,
        html=(_html_marker, _html_depart_marker),
        latex=latex["apparatus_marker"],
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    for control, html in ((note_toggle, _html_toggle), (note_more, _html_more)):
        app.add_node(control, html=(html, None), **{b: (_skip, None) for b in ("latex", "text", "man", "texinfo")})
    app.add_node(
        margin_note,
        html=(_html_margin, _html_depart_aside),
        latex=latex["margin_note"],
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
