"""With the annotation engine switched off, a chapter is its plain reading text: the benchmark's baseline."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import strict_build


def test_the_engine_switched_off_gives_the_plain_reading_text(demo_book: Path, tmp_path: Path) -> None:
    with (demo_book / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nedition_enabled = False\n")
    (demo_book / "annotations" / "demo.yml").write_text("this file is not read: [", encoding="utf-8")
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "html" / "demo.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.get_text()
    assert "The first paragraph says hello to the world." in text
    assert "The second paragraph says hello again" in text
    # none of the editors' work: no numbers, notes, passages, apparatus or theme links
    for selector in (".edition-unit", ".edition-pnum", "aside.edition-note", ".edition-passage", "ul.edition-apparatus"):
        assert not soup.select(selector), selector
    # the authors' own note stays, with its call
    call = soup.find(id="demo-call-1")
    assert call is not None and call["href"] == "#demo-note-1"
    themes = BeautifulSoup((tmp_path / "html" / "themes.html").read_text(encoding="utf-8"), "html.parser")
    assert not themes.select(".edition-theme-figure, .edition-concordance")
