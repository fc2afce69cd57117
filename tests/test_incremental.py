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


def test_exports_are_remade_only_for_the_chapters_written(demo_book: Path, tmp_path: Path) -> None:
    """A no-change rebuild leaves every statement's TEI and Web Annotations as they were; an edit remakes its own."""
    out = tmp_path / "out"
    _build(demo_book, out)
    tei = {siglum: out / "html" / "tei" / f"{siglum}.xml" for siglum in ("demo", "other")}
    assert all(path.is_file() for path in tei.values())
    before = {siglum: path.stat().st_mtime_ns for siglum, path in tei.items()}
    _build(demo_book, out)
    assert {siglum: path.stat().st_mtime_ns for siglum, path in tei.items()} == before
    ann = demo_book / "annotations" / "other.yml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("A second chapter.", "The second chapter."), encoding="utf-8")
    _build(demo_book, out)
    assert tei["other"].stat().st_mtime_ns != before["other"] and tei["demo"].stat().st_mtime_ns == before["demo"]
    assert "The second chapter." in tei["other"].read_text(encoding="utf-8")
    tei["demo"].unlink()
    _build(demo_book, out)
    assert tei["demo"].is_file()


def test_a_book_without_an_index_file_rebuilds_nothing_when_nothing_changed(demo_book: Path, tmp_path: Path) -> None:
    """A shared file the book does not have is no dependency: Sphinx would read every chapter at every build."""
    (demo_book / "annotations" / "index.yml").unlink()
    out = tmp_path / "out"
    _build(demo_book, out)
    assert _build(demo_book, out) == []
