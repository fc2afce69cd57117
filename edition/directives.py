"""Directives and roles that chapters use; they only parse and mark, the transform does the rest."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import nodes as ed
from .model import Location, Problem
from .safety import disarm_source, refuse_unsafe
from .store import annotation_file, note_registry, report, themes_file

logger = logging.getLogger(__name__)


class EditionText(SphinxDirective):
    """Marks the section that holds a statement's reading text, and parses its annotations."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        siglum = self.arguments[0].strip()
        root = Path(self.env.srcdir)
        rel = f"{self.config.edition_annotations_dir}/{siglum}.yml"
        path = root / rel
        self.env.note_dependency(str(path))
        holder = ed.edition_text(siglum=siglum, annotation_file=rel, witness="")
        self.set_source_info(holder)
        if not self.config.edition_enabled:
            return [holder]  # the plain reading text: no annotation is read
        if not path.is_file():
            report(
                Problem(
                    "missing_file",
                    f"no annotation file {rel} for the statement {siglum!r}. Mend: create it (see annotations/README.md).",
                    Location(Path(self.env.doc2path(self.env.docname, False)).as_posix(), self.lineno),
                ),
                env=self.env,
            )
            return [holder]
        data = annotation_file(path, rel)
        for problem in data.problems:
            report(problem, env=self.env)
        if data.siglum and data.siglum != siglum:
            report(
                Problem(
                    "siglum",
                    f"the file declares siglum {data.siglum!r}, but the chapter uses {siglum!r}. Mend: make them agree.",
                    Location(rel, 1),
                ),
                env=self.env,
            )
        if data.witness:
            witness = root / data.witness
            self.env.note_dependency(str(witness))
            holder["witness"] = data.witness
        themes_rel = self.config.edition_themes_file
        for shared in (self.config.edition_index_file, themes_rel, self.config.edition_redirects_file):
            note_registry(self.env, root / shared)
        known_themes = {t.id for t in themes_file(root, themes_rel).themes}
        for ann in data.annotations:
            for theme in ann.themes:
                if theme not in known_themes:
                    close = difflib.get_close_matches(theme, sorted(known_themes), n=1)
                    hint = f"did you mean {close[0]!r}? " if close else ""
                    report(
                        Problem(
                            "unknown_theme",
                            f"annotation {ann.id!r}: unknown theme {theme!r}. Mend: {hint}"
                            f"use a theme id from {themes_rel}, or add the theme there.",
                            ann.location,
                        ),
                        env=self.env,
                    )
        holder["annotations"] = data.annotations
        holder["has_problems"] = bool(data.problems)
        for ann in data.annotations:
            if not ann.body:
                continue
            body = ed.annotation_body(annotation=ann.id)
            where = Location(rel, ann.body_line)
            source = disarm_source(_checked_citations(ann.body, ann.id, where, self.env), ann.id, where, self.env)
            self.state.nested_parse(StringList(source.splitlines(), source=rel), self.content_offset, body)
            _locate(body, str(path), ann.body_line)
            refuse_unsafe(body, ann.body, ann.id, where, self.env)
            holder += body
        return [holder]


CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
CITE_KEY = re.compile(r"^[A-Za-z0-9_:.+-]+$")


def _known_keys(env: Any) -> set[str] | None:
    try:
        return set(env.get_domain("cite").bibdata.data.entries.keys())
    except Exception:  # no sphinxcontrib-bibtex in this project: it will say so itself
        return None


def _checked_citations(source: str, ann_id: str, location: Location, env: Any) -> str:
    """Report malformed or unknown citation keys once, and print such citations as plain text."""
    known = _known_keys(env)

    def check(match: re.Match[str]) -> str:
        keys = [k.strip() for k in match.group(1).split(",")]
        bad = [k for k in keys if not CITE_KEY.match(k)]
        if bad:
            report(
                Problem(
                    "citation",
                    f"annotation {ann_id!r}: malformed citation {match.group(0)!r}. "
                    "Mend: separate keys with commas, e.g. {cite:p}`key1,key2`.",
                    location,
                ),
                env=env,
            )
            return match.group(1)
        unknown = [k for k in keys if known is not None and k not in known]
        if unknown:
            report(
                Problem(
                    "citation",
                    f"annotation {ann_id!r}: unknown citation key {unknown[0]!r}. "
                    "Mend: correct the key, or add the work to references.bib.",
                    location,
                ),
                env=env,
            )
            return match.group(1)
        return match.group(0)

    return CITE_ROLE.sub(check, source)


def _locate(body: nodes.Element, source: str, line: int) -> None:
    """Point every node of a body at its place in the annotation file, for located warnings."""
    for node in body.findall(nodes.Element):
        node.source = source
        node.line = line


class ThemeConcordance(SphinxDirective):
    """Where the themes chapter sets the passages of both statements side by side."""

    def run(self) -> list[nodes.Node]:
        note_registry(self.env, Path(self.env.srcdir) / self.config.edition_themes_file)
        self.env.get_domain("edition").data["concordance_docs"][self.env.docname] = True
        return [ed.theme_concordance()]


class IndexListing(SphinxDirective):
    """Where an index of persons, places or organisations is printed."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        if kind not in ("person", "place", "org"):
            report(
                Problem(
                    "index",
                    f"edition-index takes person, place or org, not {kind!r}.",
                    Location(Path(self.env.doc2path(self.env.docname, False)).as_posix(), self.lineno),
                ),
                env=self.env,
            )
            return []
        note_registry(self.env, Path(self.env.srcdir) / self.config.edition_index_file)
        self.env.get_domain("edition").data["index_docs"][self.env.docname] = True
        return [ed.index_listing(kind=kind)]


class Apparatus(SphinxDirective):
    """Where the chapter's textual apparatus is printed."""

    def run(self) -> list[nodes.Node]:
        return [ed.apparatus_list()]


class AuthorsNote(SphinxDirective):
    """One of the authors' own notes, printed as a footnote with the authors' number."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"missing-call": directives.flag}

    def run(self) -> list[nodes.Node]:
        number = self.arguments[0].strip()
        if not number.isdigit():
            report(
                Problem(
                    "authors_note",
                    f"an authors' note needs a number, not {number!r}.",
                    Location(Path(self.env.doc2path(self.env.docname, False)).as_posix(), self.lineno),
                ),
                env=self.env,
            )
            return []
        note = nodes.footnote(classes=["authors-note"], edition_note=int(number), names=[f"authors-note-{number}"])
        note["missing_call"] = "missing-call" in self.options
        note += nodes.label("", number)
        if note["missing_call"]:
            note += ed.editorial_statement("", "[The witness has no call for this note; see the apparatus.]")
        self.state.nested_parse(self.content, self.content_offset, note)
        self.set_source_info(note)
        return [note]


class EditorialRole(SphinxRole):
    """Words supplied by the editors, printed in brackets and set apart."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [ed.editorial(self.rawtext, self.text)], []


def _call(number: str, rawtext: str) -> ed.note_call:
    return ed.note_call(rawtext, number, edition_call=number)


class CallRole(SphinxRole):
    """An authors' note call that the witness has."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [_call(self.text.strip(), self.rawtext)], []


class SuppliedCallRole(SphinxRole):
    """An authors' note call that the witness lacks and the editors supply, in brackets."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        ref = _call(self.text.strip(), self.rawtext)
        ref["supplied"] = True
        wrapper = ed.editorial(self.rawtext, "")
        wrapper += [nodes.Text("["), ref, nodes.Text("]")]
        return [wrapper], []
