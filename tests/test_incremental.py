"""Editing one annotation file re-reads the chapter that uses it, and no other."""

from __future__ import annotations

from pathlib import Path

from sphinx.testing.util import SphinxTestApp


def _build(src: Path, out: Path) -> list[str]:
    app = SphinxTestApp("html", srcdir=src, builddir=out)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(sorted(docnames)))
    try:
        app.build()
    finally:
        app.cleanup()
    return read


def test_editing_an_annotation_file_rebuilds_only_its_chapter(demo_book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(demo_book, out) == ["demo", "index", "other", "themes"]
    assert _build(demo_book, out) == []
    ann = demo_book / "annotations" / "other.yml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("A second chapter.", "The second chapter."), encoding="utf-8")
    assert _build(demo_book, out) == ["other"]
    html = (out / "html" / "other.html").read_text(encoding="utf-8")
    assert "The second chapter." in html


def test_editing_a_witness_rechecks_its_chapter(demo_book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(demo_book, out)
    witness = demo_book / "sources" / "demo.txt"
    witness.write_bytes(witness.read_bytes() + b" ")
    assert _build(demo_book, out) == ["demo"]


def test_a_faulty_chapter_keeps_failing_until_mended(demo_book: Path, tmp_path: Path) -> None:
    """An incremental build must not forget a warning just because nothing changed since."""
    from conftest import strict_build

    ann = demo_book / "annotations" / "other.yml"
    ann.write_text(ann.read_text(encoding="utf-8").replace('exact: "Another text"', 'exact: "No such text"'), encoding="utf-8")
    out = tmp_path / "html"
    first = strict_build(demo_book, out)
    again = strict_build(demo_book, out)
    assert first.returncode != 0 and again.returncode != 0
    assert "[edition.quote_not_found]" in again.stderr
