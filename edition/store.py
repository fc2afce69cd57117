"""Annotation files read once per build, and problems reported the one way the edition reports them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .loading import load_annotation_file, load_events_file, load_index_file, load_redirects_file, load_themes_file
from .model import AnnotationFile, EventsFile, IndexFile, Problem, Redirects, ThemesFile

logger = logging.getLogger("edition")
_cache: dict[str, tuple[float, int, Any]] = {}
# problems said of the book as a whole (no chapter being read) in this build; see inputs.remember_problems
whole_book_problems = [0]


def _cached(path: Path, rel: str, load: Callable[[Path, str], Any]) -> Any:
    """Load and validate a file once; reload only when it has changed."""
    stat = path.stat()
    key = str(path)
    cached = _cache.get(key)
    if cached and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
        return cached[2]
    data = load(path, rel)
    _cache[key] = (stat.st_mtime_ns, stat.st_size, data)
    return data


def annotation_file(path: Path, rel: str) -> AnnotationFile:
    return _cached(path, rel, load_annotation_file)


def themes_file(srcdir: str | Path, rel: str) -> ThemesFile:
    """The shared themes; an absent file is an empty list, not an error."""
    path = Path(srcdir) / rel
    if not path.is_file():
        return ThemesFile(path=rel)
    return _cached(path, rel, load_themes_file)


def index_file(srcdir: str | Path, rel: str) -> IndexFile:
    """The registry of the indexes; an absent file is an empty registry, not an error."""
    path = Path(srcdir) / rel
    if not path.is_file():
        return IndexFile(path=rel)
    return _cached(path, rel, load_index_file)


def events_file(srcdir: str | Path, rel: str) -> EventsFile:
    """The timeline's events; an absent file is an empty timeline (the map page reports it)."""
    path = Path(srcdir) / rel
    if not path.is_file():
        return EventsFile(path=rel)
    return _cached(path, rel, load_events_file)


def redirects_file(srcdir: str | Path, rel: str) -> Redirects:
    """The redirects of retired anchors; an absent file redirects nothing."""
    path = Path(srcdir) / rel
    if not path.is_file():
        return Redirects(path=rel)
    return _cached(path, rel, load_redirects_file)


def note_registry(env: BuildEnvironment, path: Path) -> None:
    """Make a document depend on a shared file (index, themes, redirects), if the book has one.

    A dependency on a missing file makes Sphinx read the document again at every build, so that a
    book without, say, an index would never have a no-change rebuild.
    """
    if path.is_file():
        env.note_dependency(str(path))


def report(problem: Problem, location: str | None = None, env: BuildEnvironment | None = None) -> None:
    """One warning, of type ``edition`` and a subtype, at file:line.

    With ``env``, the chapter being read is remembered as faulty, so that every later build
    reads it again and repeats the warning until the input is mended.
    """
    where = location or (str(problem.location) if problem.location else None)
    logger.warning(f"{problem.message} [edition.{problem.subtype}]", type="edition", subtype=problem.subtype, location=where)
    if env is not None and env.docname:
        env.get_domain("edition").data["problem_docs"][env.docname] = True
    else:
        whole_book_problems[0] += 1


def faulty_docs(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Chapters whose input was faulty last time are read again, so their warnings are never lost."""
    return [d for d in env.get_domain("edition").data["problem_docs"] if d in env.found_docs and d not in changed]
