"""The fast check: every input the build reads, checked by the build's own code, in seconds.

The chapters that hold reading texts are read with Sphinx's dummy builder, the edition's
extension and the parse settings of the book (``_config.yml``, or ``conf.py``); nothing is
written, and no HTML theme is loaded. The reading texts are therefore cut into the same units
as in the build, and every message is the build's own warning, located the same way:
the annotation files, the themes and index registries, the bibliography (syntax, unknown and
uncited keys) and the fidelity of each reading text to its witness. What only a full build
can tell (cross-references between pages, the HTML itself) is left to ``bash scripts/build``.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

READING_TEXT = re.compile(r"^(?:`{3,}|:{3,})\{edition-text\}", re.MULTILINE)
SOURCE_SUFFIXES = (".md", ".rst", ".ipynb")
MESSAGE_START = re.compile(r"(?:^|: )(?:WARNING|ERROR|CRITICAL): ")
# What the chapters need to be parsed as the book parses them; Jupyter Book adds more, for pages.
EXTENSIONS = ["myst_parser", "sphinx_design"]


@dataclass
class Settings:
    """How to read a project: its Sphinx settings, and which documents to read."""

    confdir: Path | None
    overrides: dict[str, Any]
    chapters: list[str] = field(default_factory=list)  # docnames read; empty: every document
    paths: list[Path] = field(default_factory=list)  # folders of local extensions


@dataclass
class CheckResult:
    """What the check found: the build's messages, the fidelity results, the numbered units."""

    messages: list[str]
    fidelity: dict[str, dict[str, Any]]
    paragraphs: dict[str, tuple[str, str, int, str]]
    timings: dict[str, float]

    @property
    def ok(self) -> bool:
        return not self.messages and bool(self.fidelity) and all(r["ok"] for r in self.fidelity.values())


def _toc_files(node: Any) -> list[str]:
    """Every file named in a sphinx-external-toc structure, in order."""
    out: list[str] = []
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                out.append(node[key])
        for key in ("parts", "chapters", "sections", "entries"):
            for child in node.get(key) or []:
                out.extend(_toc_files(child))
    elif isinstance(node, list):
        for child in node:
            out.extend(_toc_files(child))
    return out


def _source(root: Path, docname: str) -> Path | None:
    for suffix in SOURCE_SUFFIXES:
        path = root / f"{docname}{suffix}"
        if path.is_file():
            return path
    return None


def settings(root: Path) -> Settings:
    """The book's parse settings, and the chapters that hold reading texts."""
    if (root / "conf.py").is_file():
        return Settings(confdir=root, overrides={})
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    sphinx = config.get("sphinx") or {}
    local = sphinx.get("local_extensions") or {}
    overrides: dict[str, Any] = dict(sphinx.get("config") or {})
    bibfiles = config.get("bibtex_bibfiles") or []
    extensions = [*EXTENSIONS, *(["sphinxcontrib.bibtex"] if bibfiles else []), *(sphinx.get("extra_extensions") or [])]
    overrides["extensions"] = [*extensions, *local]
    overrides["bibtex_bibfiles"] = bibfiles
    overrides["suppress_warnings"] = ["myst.domains", *overrides.get("suppress_warnings", [])]
    overrides["exclude_patterns"] = sorted({"_build", "Thumbs.db", ".DS_Store", *config.get("exclude_patterns", [])})
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")) if (root / "_toc.yml").is_file() else {}
    found = [(doc, _source(root, doc)) for doc in dict.fromkeys(_toc_files(toc))]
    chapters = [doc for doc, path in found if path and READING_TEXT.search(path.read_text(encoding="utf-8"))]
    others = [str(path.relative_to(root)) for doc, path in found if path and doc not in chapters]
    overrides["edition_cited_elsewhere"] = others
    if chapters:
        overrides["include_patterns"] = [str(_source(root, doc).relative_to(root)) for doc in chapters]  # type: ignore[union-attr]
        overrides["root_doc"] = chapters[0]
    return Settings(confdir=None, overrides=overrides, chapters=chapters, paths=[(root / p).resolve() for p in local.values()])


def _messages(text: str) -> list[str]:
    """The warning stream cut into messages; a message may run over several lines (a fidelity report)."""
    from sphinx.util.console import strip_colors

    out: list[str] = []
    for line in strip_colors(text).splitlines():
        if MESSAGE_START.search(line) or not out:
            out.append(line)
        else:
            out[-1] += "\n" + line
    return [m for m in out if m.strip()]


def run(root: Path) -> CheckResult:
    """Read the reading texts with the edition's extension, without writing anything."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util import logging
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    found = settings(root)
    for path in found.paths:
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    timings["settings"] = time.perf_counter() - start
    warnings = io.StringIO()
    fidelity: dict[str, dict[str, Any]] = {}
    paragraphs: dict[str, tuple[str, str, int, str]] = {}
    with tempfile.TemporaryDirectory() as tmp, patch_docutils(found.confdir), docutils_namespace():
        try:
            step = time.perf_counter()
            app = Sphinx(
                srcdir=str(root),
                confdir=str(found.confdir) if found.confdir else None,
                outdir=f"{tmp}/out",
                doctreedir=f"{tmp}/doctrees",
                buildername="dummy",
                confoverrides=found.overrides,
                status=None,
                warning=warnings,
                freshenv=True,
            )
            timings["start"] = time.perf_counter() - step
            step = time.perf_counter()
            with logging.pending_warnings():
                app.builder.read()
            timings["read"] = time.perf_counter() - step
            step = time.perf_counter()
            for docname in found.chapters:  # read alone, they are in no table of contents
                app.env.metadata[docname]["orphan"] = True
            app.env.check_consistency()
            timings["consistency"] = time.perf_counter() - step
            domain = app.env.get_domain("edition")
            fidelity = dict(domain.data["fidelity"])
            paragraphs = dict(domain.data["paragraphs"])
        except SphinxError as exc:
            cause = getattr(exc, "orig_exc", None) or exc
            warnings.write(f"ERROR: the book could not be read ({cause}). Mend the problems above first.\n")
    timings["total"] = time.perf_counter() - start
    return CheckResult(_messages(warnings.getvalue()), fidelity, paragraphs, timings)


def report(result: CheckResult, show_timings: bool = False) -> str:
    """What a contributor reads: the messages first, then what holds."""
    lines = list(result.messages)
    for docname, outcome in sorted(result.fidelity.items()):
        siglum = outcome["siglum"].upper()
        if outcome["ok"]:
            lines.append(
                f"{siglum} ({docname}): the reading text plus {outcome['entries']} apparatus entries "
                f"gives the witness again, all {outcome['witness_chars']} characters."
            )
        else:
            lines.append(f"{siglum} ({docname}): the reading text does not give the witness again (see above).")
    if not result.fidelity:
        lines.append("No chapter with a reading text was read.")
    count = len(result.messages)
    lines.append("Everything checks." if result.ok else f"{count} problem{'s' if count != 1 else ''} to mend.")
    if show_timings:
        lines.append("timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items()))
    return "\n".join(lines)


def main(root: Path, show_timings: bool = False) -> int:
    result = run(root)
    print(report(result, show_timings))
    return 0 if result.ok else 1
