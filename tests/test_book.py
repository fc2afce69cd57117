"""The whole book as readers get it: a strict build, numbered paragraphs, notes beside their words,
the apparatus, and the authors' notes kept apart from the editors'."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import PROJECT, book_config
from edition.nodes import CONTROL_CLASS

CHAPTERS = {"itc": 29, "lmi": 73}  # siglum: number of paragraphs in its reading text
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4")


@pytest.fixture(scope="module")
def built(book_html: Path) -> Path:
    return book_html


def page(built: Path, siglum: str) -> BeautifulSoup:
    return BeautifulSoup((built / "book" / f"{siglum}.html").read_text(encoding="utf-8"), "html.parser")


def annotations(siglum: str) -> list[dict]:
    return yaml.safe_load((PROJECT / "annotations" / f"{siglum}.yml").read_text(encoding="utf-8"))["annotations"]


def block_of(tag: Tag) -> Tag:
    return tag if tag.name in BLOCKS else tag.find_parent(BLOCKS)


@pytest.mark.parametrize("siglum", sorted(CHAPTERS))
def test_every_paragraph_is_numbered_and_linkable(built: Path, siglum: str) -> None:
    soup = page(built, siglum)
    numbered = soup.select(".edition-unit")
    assert [u["id"] for u in numbered] == [f"{siglum}-p{n}" for n in range(1, CHAPTERS[siglum] + 1)]
    for unit in numbered:
        link = unit.select_one("a.edition-pnum")
        assert link is not None and link["href"] == f"#{unit['id']}"
        assert link.get_text() == unit["id"].split("-p")[1]


def test_anchors_are_unique_across_the_book(built: Path) -> None:
    ids: Counter[str] = Counter()
    for html in (built / "book").glob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        page_ids = [t["id"] for t in soup.find_all(id=True)]
        assert len(page_ids) == len(set(page_ids)), [i for i, c in Counter(page_ids).items() if c > 1]
        ids.update(i for i in page_ids if "-p" in i and i.split("-p")[0] in CHAPTERS)
    assert all(count == 1 for count in ids.values())


@pytest.mark.parametrize("siglum", sorted(CHAPTERS))
def test_every_margin_note_stands_beside_its_words(built: Path, siglum: str) -> None:
    soup = page(built, siglum)
    wanted = [a for a in annotations(siglum) if a["kind"] in ("note", "source")]
    notes = soup.select("aside.edition-note:not(.edition-theme)")
    assert len(wanted) >= 10
    assert sorted(n["id"] for n in notes) == sorted(a["id"] for a in wanted)
    for ann in wanted:
        note = soup.find("aside", id=ann["id"])
        passage = soup.find(id=f"{ann['id']}-passage")
        assert passage is not None, ann["id"]
        exact = ann["target"]["exact"]
        assert passage.get_text() in exact or exact.startswith(passage.get_text())
        block = block_of(passage)
        following = note.find_next_sibling(lambda t: isinstance(t, Tag) and "edition-note" not in t.get("class", []))
        assert block is following or block in following.find_all(BLOCKS) or note.parent is block_of(block), ann["id"]
        back = note.select_one(".edition-note-head a")
        assert back["href"] == f"#{ann['id']}-passage"


@pytest.mark.parametrize("siglum", sorted(CHAPTERS))
def test_apparatus_lists_every_entry_and_links_both_ways(built: Path, siglum: str) -> None:
    soup = page(built, siglum)
    wanted = [a for a in annotations(siglum) if a["kind"] == "apparatus"]
    entries = soup.select("ul.edition-apparatus > li")
    assert sorted(e["id"] for e in entries) == sorted(a["id"] for a in wanted)
    markers = soup.select("a.edition-app-marker")
    assert len(markers) == sum(1 for a in wanted if not a.get("passim"))
    for marker in markers:
        entry = soup.find(id=marker["href"][1:])
        assert entry is not None and entry.name == "li"
        letter = entry.select_one("a.edition-app-letter")
        assert letter["href"] == f"#{marker['id']}" and letter.get_text() == marker.get_text()


def test_lmi_authors_notes_are_footnotes_with_working_backlinks(built: Path) -> None:
    soup = page(built, "lmi")
    notes = soup.select("aside.footnote.authors-note")
    assert [n["id"] for n in notes] == [f"lmi-note-{n}" for n in range(1, 6)]
    for number in (1, 2, 4, 5):
        call = soup.find(id=f"lmi-call-{number}")
        assert call is not None and call["href"] == f"#lmi-note-{number}"
        back = soup.find(id=f"lmi-note-{number}").select_one("a[role=doc-backlink]")
        assert back["href"] == f"#lmi-call-{number}"
    assert soup.find(id="lmi-call-3") is None
    assert "has no call" in soup.find(id="lmi-note-3").get_text()
    supplied = soup.find(id="lmi-call-2")
    assert "editorial" in supplied.parent["class"]
    # the authors' notes and the editors' notes never mix
    for note in notes:
        assert not note.select("aside.edition-note")
    assert not soup.select("aside.edition-note.footnote")


def test_the_reading_texts_carry_no_source_syntax(built: Path) -> None:
    for siglum in CHAPTERS:
        text = " ".join(u.get_text() for u in page(built, siglum).select(".edition-unit, aside.authors-note"))
        assert "[^" not in text and "{call}" not in text and "*of the whole" not in text


@pytest.mark.parametrize("siglum", sorted(CHAPTERS))
def test_the_readers_controls_are_marked_as_no_part_of_the_text(built: Path, siglum: str) -> None:
    """Every button and suggestion link among the text and its notes is, or sits in, an element of the control class."""
    soup = page(built, siglum)
    controls = soup.select(".edition-unit button, .edition-unit a.edition-suggest, aside.edition-note button")
    assert controls
    for control in controls:
        marked = CONTROL_CLASS in control.get("class", []) or control.find_parent(class_=CONTROL_CLASS) is not None
        assert marked, str(control)[:200]


def test_annotation_schema_is_published(built: Path) -> None:
    published = json.loads((built / "_static" / "annotations.schema.json").read_text(encoding="utf-8"))
    source = json.loads((PROJECT / "edition" / "schema" / "annotations.schema.json").read_text(encoding="utf-8"))
    assert published == source


def test_paragraph_references_resolve(built: Path) -> None:
    intro = BeautifulSoup((built / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    link = intro.find("a", string="ITC ¶12") or intro.find(lambda t: t.name == "a" and t.get_text() == "ITC ¶12")
    assert link is not None and link["href"].endswith("itc.html#itc-p12")


def test_the_introduction_links_to_the_pdf_and_the_epub(built: Path) -> None:
    """scripts/pdf and scripts/epub copy the files into downloads/ beside the pages, under these names."""
    config = book_config()
    pdf = Path(config["latex"]["latex_documents"]["targetname"]).stem + ".pdf"
    epub = config["sphinx"]["config"]["epub_basename"] + ".epub"
    intro = BeautifulSoup((built / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in intro.select("a.edition-download")}
    assert links == {"PDF": f"../downloads/{pdf}", "EPUB": f"../downloads/{epub}"}
