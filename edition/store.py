"""Annotation files read once per build, and problems reported the one way the edition reports them."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .loading import load_annotation_file
from .model import AnnotationFile, Problem

logger = logging.getLogger("edition")
_cache: dict[str, tuple[float, int, AnnotationFile]] = {}


def annotation_file(path: Path, rel: str) -> AnnotationFile:
    """Load and validate a file once; reload only when it has changed."""
    stat = path.stat()
    key = str(path)
    cached = _cache.get(key)
    if cached and cached[0] == stat.st_mtime and cached[1] == stat.st_size:
        return cached[2]
    data = load_annotation_file(path, rel)
    _cache[key] = (stat.st_mtime, stat.st_size, data)
    return data


def report(problem: Problem, location: str | None = None, env: BuildEnvironment | None = None) -> None:
    """One warning, of type ``edition`` and a subtype, at file:line.

    With ``env``, the chapter being read is remembered as faulty, so that every later build
    reads it again and repeats the warning until the input is mended.
    """
    where = location or (str(problem.location) if problem.location else None)
    logger.warning(f"{problem.message} [edition.{problem.subtype}]", type="edition", subtype=problem.subtype, location=where)
    if env is not None and env.docname:
        env.get_domain("edition").data["problem_docs"][env.docname] = True


def faulty_docs(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Chapters whose input was faulty last time are read again, so their warnings are never lost."""
    return [d for d in env.get_domain("edition").data["problem_docs"] if d in env.found_docs and d not in changed]
