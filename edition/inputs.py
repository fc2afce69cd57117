"""Checks of the input files as a whole: the bibliography, and annotation files that no chapter uses.

They run in every build and in the fast check (``python -m edition check``) alike, so a
contributor reads the same located messages from both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .bibcheck import cited_in_text, parse_problems, uncited_problems
from .model import Location, Problem
from .store import annotation_file, report, whole_book_problems

# In the doctree folder while the last build found problems in the book as a whole (themes, index,
# bibliography, stray files); Sphinx pickles the environment before those checks, so a file says it.
FAULTY_MARKER = "edition-whole-book-problems"


def _bibfiles(app: Sphinx) -> list[str]:
    return [str(f) for f in getattr(app.config, "bibtex_bibfiles", None) or []]


def check_bibliography_syntax(app: Sphinx, config: Any) -> None:
    """Before sphinxcontrib-bibtex reads the bibliography: say where it is malformed."""
    for rel in _bibfiles(app):
        path = Path(app.confdir) / rel  # as sphinxcontrib-bibtex reads it
        if path.is_file():
            for problem in parse_problems(path, rel):
                report(problem)


def _cited(app: Sphinx, env: BuildEnvironment) -> set[str]:
    try:
        refs = env.get_domain("cite").citation_refs  # type: ignore[attr-defined]
    except Exception:  # no sphinxcontrib-bibtex: nothing to compare with
        return set()
    keys = {target.key for ref in refs for target in ref.targets}
    return keys | cited_in_text(Path(app.srcdir) / p for p in app.config.edition_cited_elsewhere)


def check_inputs(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every chapter is read: works cited nowhere, and annotation files no chapter uses."""
    domain = env.get_domain("edition")
    if not domain.data["fidelity"]:
        return  # a book without reading texts (e.g. a test of something else): nothing to compare
    if "sphinxcontrib.bibtex" in app.extensions:
        cited = _cited(app, env)
        for rel in _bibfiles(app):
            path = Path(app.confdir) / rel  # as sphinxcontrib-bibtex reads it
            if path.is_file() and not parse_problems(path, rel):
                for problem in uncited_problems(path, rel, cited):
                    report(problem)
    folder = app.config.edition_annotations_dir
    used = {f"{r['siglum']}.yml" for r in domain.data["fidelity"].values()}
    special = {
        Path(app.config.edition_themes_file).name,
        Path(app.config.edition_index_file).name,
        Path(app.config.edition_redirects_file).name,
        Path(app.config.edition_events_file).name,
    }
    for path in sorted((Path(app.srcdir) / folder).glob("*.yml")):
        if path.name in used or path.name in special:
            continue
        rel = f"{folder}/{path.name}"
        for problem in annotation_file(path, rel).problems:
            report(problem)
        report(
            Problem(
                "unused_file",
                f"no chapter uses {rel}. Mend: mark the reading text of its statement with "
                f"```{{edition-text}} {path.stem}```, or remove the file.",
                Location(rel, 1),
            )
        )


def remember_problems(app: Sphinx, env: BuildEnvironment) -> None:
    """After every check of the book as a whole: leave a mark if any of them found a problem."""
    marker = Path(app.doctreedir) / FAULTY_MARKER
    if whole_book_problems[0]:
        marker.write_text(f"{whole_book_problems[0]}\n", encoding="utf-8")
    else:
        marker.unlink(missing_ok=True)


def reread_if_faulty(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """While the book as a whole is faulty, every build reads its reading texts again, so the checks run and say so."""
    whole_book_problems[0] = 0
    if not (Path(app.doctreedir) / FAULTY_MARKER).is_file():
        return []
    return [d for d in env.get_domain("edition").data["fidelity"] if d in env.found_docs]
