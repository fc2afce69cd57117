"""Anchors are permanent: every paragraph anchor and annotation id ever published still resolves on its page.

The list tests/data/anchors.txt only grows (``python -m edition anchors _build/html --update
tests/data/anchors.txt``). New anchors are welcome; a listed one that disappears fails here
unless annotations/redirects.yml sends it to an anchor on the same page.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PROJECT, strict_build
from edition.anchors import missing, published, read_list, update_list

LIST = PROJECT / "tests" / "data" / "anchors.txt"


def test_every_listed_anchor_still_resolves(book_html: Path) -> None:
    listed = read_list(LIST)
    assert len(listed) >= 300  # 102 paragraphs and every annotation of both statements
    gone = missing(book_html, listed)
    assert not gone, (
        "these published anchors no longer resolve; restore them, or retire each one in annotations/redirects.yml "
        "(retired-id: id-on-the-same-page-that-now-answers):\n" + "\n".join(gone)
    )


def test_the_list_holds_the_paragraphs_and_notes_of_both_statements() -> None:
    listed = read_list(LIST)
    for siglum, paragraphs in (("itc", 29), ("lmi", 73)):
        assert {f"book/{siglum}.html#{siglum}-p{n}" for n in range(1, paragraphs + 1)} <= listed
    assert "book/itc.html#itc-minsk-agreements" in listed


def test_the_list_only_grows(tmp_path: Path) -> None:
    path = tmp_path / "anchors.txt"
    assert update_list(path, {"a.html#x", "a.html#y"}) == {"a.html#x", "a.html#y"}
    assert update_list(path, {"a.html#y", "b.html#z"}) == {"b.html#z"}
    assert read_list(path) == {"a.html#x", "a.html#y", "b.html#z"}


def _rename(book: Path, old: str, new: str) -> None:
    ann = book / "annotations" / "demo.yml"
    ann.write_text(ann.read_text(encoding="utf-8").replace(f"id: {old}\n", f"id: {new}\n"), encoding="utf-8")


def test_a_redirect_keeps_a_retired_anchor_alive_on_its_page(demo_book: Path, tmp_path: Path) -> None:
    _rename(demo_book, "demo-hello-again", "demo-hello-twice")
    (demo_book / "annotations" / "redirects.yml").write_text(
        "redirects:\n  demo-hello-again: demo-hello-twice\n  demo-p9: demo-p2\n", encoding="utf-8"
    )
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    html = tmp_path / "html"
    assert not missing(html, {"demo.html#demo-hello-again", "demo.html#demo-p9", "demo.html#demo-hello-twice"})
    page = (html / "demo.html").read_text(encoding="utf-8")
    # the retired id answers at the new note and the paragraph, not somewhere else
    assert re.search(r'<aside[^>]*id="demo-hello-twice"[^>]*><span id="demo-hello-again"></span>', page)
    assert "demo.html#demo-hello-twice" in published(html)


def test_without_its_redirect_a_retired_anchor_is_missed(demo_book: Path, tmp_path: Path) -> None:
    _rename(demo_book, "demo-hello-again", "demo-hello-twice")
    assert strict_build(demo_book, tmp_path / "html").returncode == 0
    assert missing(tmp_path / "html", {"demo.html#demo-hello-again", "demo.html#demo-p1"}) == ["demo.html#demo-hello-again"]


def test_a_redirect_to_nowhere_and_a_needless_one_are_located(demo_book: Path, tmp_path: Path) -> None:
    (demo_book / "annotations" / "redirects.yml").write_text(
        "redirects:\n  demo-old-note: demo-no-such-note\n  demo-world: demo-p1\n", encoding="utf-8"
    )
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0
    messages = [m for m in result.stderr.splitlines() if "[edition.redirect]" in m]
    assert len(messages) == 2, result.stderr
    assert any("annotations/redirects.yml:2:" in m and "'demo-no-such-note', which no chapter has" in m for m in messages)
    assert any("annotations/redirects.yml:3:" in m and "'demo-world' still exists" in m for m in messages)
