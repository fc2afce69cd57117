"""The commentary as readers get it: indexes built from the annotations, works cited, coverage, bibliography."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT, strict_build
from edition.nodes import CONTROL_CLASS

SIGLA = ("itc", "lmi")


@pytest.fixture(scope="module")
def site(book_html: Path) -> Path:
    return book_html


@functools.cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def registry() -> list[dict]:
    return yaml.safe_load((PROJECT / "annotations" / "index.yml").read_text(encoding="utf-8"))["entries"]


def annotations(siglum: str) -> list[dict]:
    return yaml.safe_load((PROJECT / "annotations" / f"{siglum}.yml").read_text(encoding="utf-8"))["annotations"]


def names(entry: dict) -> re.Pattern[str]:
    forms = sorted(entry.get("forms", []), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)") if forms else re.compile(r"(?!x)x")


@functools.cache
def _forms() -> tuple[dict[str, str], re.Pattern[str]]:
    owner = {form: e["id"] for e in registry() for form in e.get("forms", [])}
    alternatives = "|".join(map(re.escape, sorted(owner, key=len, reverse=True)))
    return owner, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def named_in(text: str) -> set[str]:
    """The entries a text names, longest form first, as the indexes define it."""
    owner, pattern = _forms()
    return {owner[m.group(0)] for m in pattern.finditer(text)}


def reader_text(node) -> str:
    """A paragraph's own words: without its number, markers, margin notes and the reader's controls."""
    clean = node.__copy__()
    for extra in clean.select(f"aside, a.edition-pnum, a.edition-app-marker, .{CONTROL_CLASS}"):
        extra.decompose()
    return clean.get_text()


def target(site: Path, page: Path, href: str):
    parts = urlparse(href)
    path = (page.parent / parts.path).resolve() if parts.path else page
    return soup_of(path).find(id=parts.fragment)


def test_every_index_entry_links_to_paragraphs_that_name_it_and_to_all_of_them(site: Path) -> None:
    page = site / "book" / "indexes.html"
    soup = soup_of(page)
    chapters = {s: soup_of(site / "book" / f"{s}.html") for s in SIGLA}
    units = {id(c): [(u["id"], named_in(reader_text(u))) for u in c.select(".edition-unit")] for c in chapters.values()}
    for entry in registry():
        item = soup.find(id=f"index-{entry['id']}")
        assert item is not None, entry["id"]
        definition = item.find_next_sibling("dd") or item.find("dd")
        text_refs = [p for p in definition.select("p.edition-index-refs") if p.get_text().startswith("In the texts")]
        linked = set()
        for p in text_refs:
            for a in p.select("a"):
                node = target(site, page, a["href"])
                assert node is not None, (entry["id"], a["href"])
                assert names(entry).search(reader_text(node)), (entry["id"], a["href"])
                linked.add(urlparse(a["href"]).fragment)
        # completeness: every numbered paragraph that names it is linked (a longer form of
        # another entry, such as "Chernihiv region" for "Chernihiv", names that entry instead)
        for chapter in chapters.values():
            for unit_id, named in units[id(chapter)]:
                if entry["id"] in named:
                    assert unit_id in linked, (entry["id"], unit_id)


def test_index_lists_the_notes_that_name_each_entry(site: Path) -> None:
    page = site / "book" / "indexes.html"
    soup = soup_of(page)
    for siglum in SIGLA:
        for ann in annotations(siglum):
            for field in ("persons", "places", "orgs"):
                for name in ann.get(field, []):
                    entry = next(
                        e for e in registry() if name in (e["name"], e["id"], *e.get("aliases", []), *e.get("forms", []))
                    )
                    item = soup.find(id=f"index-{entry['id']}").find_next_sibling("dd")
                    hrefs = [a["href"] for a in item.select("a")]
                    assert any(h.endswith(f"#{ann['id']}-passage") for h in hrefs), (ann["id"], name)


def test_no_two_links_of_an_index_entry_read_alike(site: Path) -> None:
    """Two notes on one paragraph are two links; a reader must be able to tell them apart."""
    soup = soup_of(site / "book" / "indexes.html")
    told_apart = 0
    for refs in soup.select("p.edition-index-refs"):
        for group in refs.decode_contents().split("; "):
            texts = [a.get_text() for a in BeautifulSoup(group, "html.parser").select("a")]
            assert len(texts) == len(set(texts)), texts
            told_apart += sum("(note " in t for t in texts)
    assert told_apart, "no entry has two notes on one paragraph: the test has nothing to check"


def test_every_work_cited_is_listed_in_its_chapter_and_links_to_the_bibliography(site: Path) -> None:
    bib = soup_of(site / "book" / "bibliography.html")
    for siglum in SIGLA:
        page = site / "book" / f"{siglum}.html"
        soup = soup_of(page)
        listing = soup.select_one("ul.edition-works-cited")
        links = listing.select("a.reference.internal")
        assert links, siglum
        for a in links:
            assert a["href"].startswith("bibliography.html#")
            assert bib.find(id=a["href"].split("#")[1]) is not None
        source = (PROJECT / "annotations" / f"{siglum}.yml").read_text(encoding="utf-8") + (
            PROJECT / "book" / f"{siglum}.md"
        ).read_text(encoding="utf-8")
        keys = {k.strip() for m in re.findall(r"\{cite(?::\w+)?\}`([^`]*)`", source) for k in m.split(",")}
        assert len(listing.select("li")) == len(keys)


def test_bibliography_holds_only_cited_works_with_urls_and_access_dates() -> None:
    bib = (PROJECT / "references.bib").read_text(encoding="utf-8")
    entries = re.findall(r"@(\w+)\{([^,]+),(.*?)\n\}", bib, re.S)
    sources = "".join(
        p.read_text(encoding="utf-8") for p in [*(PROJECT / "annotations").glob("*.yml"), *(PROJECT / "book").glob("*.md")]
    )
    cited = {k.strip() for m in re.findall(r"\{cite(?::\w+)?\}`([^`]*)`", sources) for k in m.split(",")}
    keys = [k for _, k, _ in entries]
    assert len(keys) == len(set(keys))
    assert set(keys) == cited
    for _, key, body in entries:
        assert re.match(r"[a-z0-9]+[0-9]{4}[a-z0-9]*$", key) or re.match(r"[a-z0-9]+nd[a-z0-9]+$", key), key
        if re.search(r"^\s*url\s*=", body, re.M):
            assert re.search(r"^\s*urldate\s*=\s*\{\d{4}-\d\d-\d\d\}", body, re.M), key


def test_coverage_report_counts_every_paragraph(site: Path) -> None:
    soup = soup_of(site / "book" / "coverage.html")
    for siglum, count in (("itc", 29), ("lmi", 73)):
        section = soup.find(id=f"coverage-{siglum}")
        assert section is not None
        assert len(section.select("tbody tr")) == count
        assert f"{siglum.upper()}: {count} paragraphs" in section.get_text()


def test_unknown_index_name_is_located(demo_book: Path, tmp_path: Path) -> None:
    path = demo_book / "annotations" / "demo.yml"
    text = path.read_text(encoding="utf-8") + (
        '  - id: demo-nobody  #HERE\n    kind: note\n    target: {p: 1, exact: "first paragraph"}\n'
        "    body: Somebody.\n    persons: [Nobody Known]\n"
    )
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "#HERE" in row)
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0
    [message] = [m for m in result.stderr.splitlines() if "[edition.unknown_index_entry]" in m]
    assert f"annotations/demo.yml:{line}:" in message and "'Nobody Known'" in message


def test_every_note_cites_a_source_or_says_what_could_not_be_found() -> None:
    for siglum in SIGLA:
        for ann in annotations(siglum):
            if ann["kind"] in ("note", "source"):
                body = " ".join(ann["body"].split())
                assert "{cite" in body or "could not be" in body, ann["id"]
