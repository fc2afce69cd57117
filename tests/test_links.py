"""Every internal link of the built book leads somewhere: the page exists, and so does the place on it."""

from __future__ import annotations

from pathlib import Path

from edition.linkcheck import check_site

# The PDF and the EPUB are made by their own commands (scripts/pdf, scripts/epub), which copy them
# into the HTML's downloads/; test_pdf.py and test_epub.py check that the copies are there.
DOWNLOADS = {"../downloads/ukraine-statements-2022.pdf", "../downloads/ukraine-statements-2022.epub"}


def test_every_internal_link_and_fragment_resolves(book_html: Path) -> None:
    broken, checked = check_site(book_html)
    assert checked > 1000  # the chapters, the themes page and the navigation are all read
    downloads = {b.target for b in broken if b.target in DOWNLOADS}
    assert downloads <= DOWNLOADS
    broken = [b for b in broken if b.target not in DOWNLOADS]
    assert broken == [], "\n".join(map(str, broken))


def test_the_checker_finds_a_missing_page_and_a_missing_fragment(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="here">x</p><a href="#here">fine</a><a href="sub/a.html#p1">fine</a>'
        '<a href="sub/a.html#p9">no fragment</a><a href="gone.html">no page</a><a href="https://example.org/x">away</a>'
        '<img src="sub/missing.png">',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "a.html").write_text('<a name="p1"></a><a href="../index.html#here">back</a>', encoding="utf-8")
    broken, checked = check_site(tmp_path)
    assert checked == 6
    assert sorted((b.page, b.target) for b in broken) == [
        ("index.html", "gone.html"),
        ("index.html", "sub/a.html#p9"),
        ("index.html", "sub/missing.png"),
    ]
