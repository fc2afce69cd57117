"""references.bib checked with located messages: its syntax, repeated entries, and works cited nowhere.

sphinxcontrib-bibtex stops the build on a syntax error without naming the file; these checks
run first, so that a contributor reads where the error is and how to mend it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pybtex.database import BibliographyDataError
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from .model import Location, Problem

ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")


def entry_lines(text: str) -> list[tuple[str, int]]:
    """(key, line) of every entry, in file order; comments and strings are not entries."""
    return [
        (m.group(2), text.count("\n", 0, m.start()) + 1)
        for m in ENTRY.finditer(text)
        if m.group(1).lower() not in ("comment", "string", "preamble")
    ]


def parse_problems(path: Path, rel: str) -> list[Problem]:
    """What pybtex cannot read in the file, located at the line where it gave up."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem("bibtex", f"cannot read the bibliography: {exc}", Location(rel, 1))]
    lines = entry_lines(text)
    first: dict[str, int] = {}
    for key, line in lines:
        if key in first:
            return [
                Problem(
                    "bibtex",
                    f"the key {key!r} is used by two entries (first on line {first[key]}). "
                    "Mend: give this work its own key (see annotations/STYLESHEET.md), or remove the repeated entry.",
                    Location(rel, line),
                )
            ]
        first[key] = line
    try:
        Parser().parse_string(text)
    except PybtexSyntaxError as exc:
        gave_up = exc.lineno or 1
        # the entry being read when the parser gave up, which is where the mend usually is
        key, line = next(((k, n) for k, n in reversed(lines) if n <= gave_up), ("", gave_up))
        entry = f"the entry {key!r}" if key else "this entry"
        return [
            Problem(
                "bibtex",
                f"malformed BibTeX in {entry}: the parser gave up on line {gave_up} ({exc.args[0] if exc.args else exc}). "
                "Mend: check its braces, quotes and commas.",
                Location(rel, line),
            )
        ]
    except BibliographyDataError as exc:
        key = next((k for k, _ in lines if re.search(rf"\b{re.escape(k)}\b", str(exc))), None)
        return [Problem("bibtex", f"{exc}. Mend: correct the entry.", Location(rel, first.get(key or "", 1)))]
    return []


def cited_in_text(paths: Iterable[Path]) -> set[str]:
    """Keys of the {cite} roles in Markdown or YAML files that the current read did not parse."""
    keys: set[str] = set()
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for match in CITE_ROLE.finditer(text):
            keys.update(k.strip() for k in match.group(1).split(",") if k.strip())
    return keys


def uncited_problems(path: Path, rel: str, cited: set[str]) -> list[Problem]:
    """A work in the bibliography that nothing cites is either a forgotten citation or a stray entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [
        Problem(
            "uncited",
            f"the work {key!r} is cited nowhere. "
            f"Mend: cite it where the edition uses it ({{cite:p}}`{key}`), or remove it from {rel}.",
            Location(rel, line),
        )
        for key, line in entry_lines(text)
        if key not in cited
    ]
