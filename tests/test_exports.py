"""The edition as data, as the build publishes it: W3C Web Annotations (JSON-LD) and TEI P5."""

from __future__ import annotations

import json
import os
import pickle
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse
from xml.etree import ElementTree as ET

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT
from edition.nodes import CONTROL_CLASS

SIGLA = ("itc", "lmi")
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SCHEMA = Path(__file__).parent / "data" / "tei" / "tei_all.rng"
MOTIVATIONS = {"note": "commenting", "source": "identifying", "apparatus": "editing", "theme": "tagging"}


def annotations(siglum: str) -> list[dict]:
    return yaml.safe_load((PROJECT / "annotations" / f"{siglum}.yml").read_text(encoding="utf-8"))["annotations"]


@pytest.fixture(scope="module")
def built_paragraphs(built_book: Path) -> dict[str, tuple[str, str, int, str]]:
    """The numbered units as the build recorded them: anchor id → (docname, siglum, number, text)."""
    with (built_book.parent / ".doctrees" / "environment.pickle").open("rb") as f:
        return pickle.load(f).domaindata["edition"]["paragraphs"]


# ---------------------------------------------------------------- W3C Web Annotations


def load(built_book: Path, href: str) -> dict:
    return json.loads((built_book / "annotations" / href).read_text(encoding="utf-8"))


def pages(built_book: Path, siglum: str) -> tuple[dict, list[dict]]:
    """The collection and all its pages, following first and next as a client does."""
    collection = load(built_book, f"{siglum}.jsonld")
    found = [collection["first"]]
    while "next" in found[-1]:
        found.append(load(built_book, found[-1]["next"]))
    return collection, found


def reader_text(element) -> str:
    """The words of a paragraph as the reader reads them: without the edition's numbers, letters, notes and controls."""
    element = BeautifulSoup(str(element), "html.parser")
    for extra in element.select(f"a.edition-pnum, a.edition-app-marker, .{CONTROL_CLASS}, aside.edition-note, span.label"):
        extra.decompose()
    return element.get_text()


def check_selectors(selectors: list, page: BeautifulSoup) -> None:
    assert isinstance(selectors, list) and len(selectors) == 2
    fragment, quote = selectors
    assert fragment["type"] == "FragmentSelector"
    assert fragment["conformsTo"] == "http://tools.ietf.org/rfc/rfc3986"
    assert isinstance(fragment["value"], str)
    refined = fragment["refinedBy"]
    assert refined == quote
    assert quote["type"] == "TextQuoteSelector"
    assert all(isinstance(quote[k], str) for k in ("exact", "prefix", "suffix"))
    element = page.find(id=fragment["value"])
    assert element is not None, fragment["value"]
    text = reader_text(element)
    assert quote["exact"] in text, (fragment["value"], quote["exact"])
    assert quote["prefix"] + quote["exact"] + quote["suffix"] in text, (fragment["value"], quote)


@pytest.mark.parametrize("siglum", SIGLA)
def test_web_annotations_follow_the_model_and_quote_the_published_page(built_book: Path, siglum: str) -> None:
    collection, found = pages(built_book, siglum)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert isinstance(collection["id"], str) and isinstance(collection["label"], str)
    assert collection["last"] == found[-1]["id"]
    items = []
    for number, page_doc in enumerate(found):
        assert page_doc["type"] == "AnnotationPage"
        assert isinstance(page_doc["id"], str)
        assert page_doc["partOf"]["id"] == collection["id"]
        assert page_doc["startIndex"] == len(items)
        assert isinstance(page_doc["items"], list) and page_doc["items"]
        if number:
            assert page_doc["@context"] == collection["@context"]
            assert page_doc["prev"] == found[number - 1]["id"]
        items.extend(page_doc["items"])
    assert collection["total"] == len(items)
    wanted = {a["id"]: a for a in annotations(siglum)}
    assert sorted(i["id"].split("#")[1] for i in items) == sorted(wanted)

    page = BeautifulSoup((built_book / "book" / f"{siglum}.html").read_text(encoding="utf-8"), "html.parser")
    for item in items:
        ann = wanted[item["id"].split("#")[1]]
        assert item["type"] == "Annotation"
        assert item["motivation"] == MOTIVATIONS[ann["kind"]]
        assert page.find(id=ann["id"]) is not None, ann["id"]  # the annotation's IRI leads to it
        assert isinstance(item["body"], list) and item["body"]
        for body in item["body"]:
            assert body["type"] == "TextualBody" and body["format"] == "text/plain"
            assert isinstance(body["value"], str) and body["value"].strip()
            assert "{cite" not in body["value"]  # citations as the reader reads them
        targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
        assert len(targets) > 1 if ann.get("passim") else len(targets) == 1
        for target in targets:
            assert target["type"] == "SpecificResource"
            assert urljoin(f"annotations/{siglum}.jsonld", target["source"]) == f"book/{siglum}.html"
            check_selectors(target["selector"], page)


def test_a_page_of_at_most_one_hundred(built_book: Path) -> None:
    _, found = pages(built_book, "lmi")
    assert len(found) == 2 and len(found[0]["items"]) == 100


# ---------------------------------------------------------------- TEI


def tei(built_book: Path, siglum: str) -> ET.Element:
    return ET.parse(built_book / "tei" / f"{siglum}.xml").getroot()


def test_tei_is_valid_against_tei_all(built_book: Path) -> None:
    jing = shutil.which("jing")
    if jing is None:
        if os.environ.get("CI") == "true":
            pytest.fail("jing is missing: scripts/setup installs it from debian-packages.txt")
        pytest.skip("jing is not installed (bash scripts/setup installs it)")
    files = [str(built_book / "tei" / f"{s}.xml") for s in SIGLA]
    result = subprocess.run([jing, str(SCHEMA), *files], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:]


def test_jing_finds_an_invalid_tei_file(built_book: Path, tmp_path: Path) -> None:
    """The validity test can fail: an attribute TEI does not know is refused."""
    jing = shutil.which("jing")
    if jing is None:
        if os.environ.get("CI") == "true":
            pytest.fail("jing is missing")
        pytest.skip("jing is not installed")
    bad = tmp_path / "bad.xml"
    bad.write_text((built_book / "tei" / "itc.xml").read_text(encoding="utf-8").replace('<p n="5"', '<p colour="red" n="5"'))
    result = subprocess.run([jing, str(SCHEMA), str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode != 0 and 'attribute "colour" not allowed' in result.stdout


POINTERS = ("target", "targetEnd", "ref", "from", "to", "ana", "wit")


@pytest.mark.parametrize("siglum", SIGLA)
def test_every_tei_pointer_leads_somewhere(built_book: Path, siglum: str) -> None:
    root = tei(built_book, siglum)
    ids = {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)}
    pointers = [p for e in root.iter() for a in POINTERS for p in (e.get(a) or "").split() if p.startswith("#")]
    assert len(pointers) > 100
    assert not [p for p in pointers if p[1:] not in ids]


def reading(element: ET.Element) -> str:
    """The edition's reading in a TEI element: the witness's readings left out, <lb/> a line break, calls [^N]."""
    out = [element.text or ""]
    for child in element:
        tag = child.tag.removeprefix(TEI)
        if tag == "lb":
            out.append("\n")
        elif tag == "ref" and child.get("type") == "noteAnchor":
            out.append(f"[^{child.text}]")
        elif tag not in ("orig", "sic", "rdg", "anchor"):
            out.append(reading(child))
        out.append(child.tail or "")
    return "".join(out)


@pytest.mark.parametrize("siglum", SIGLA)
def test_tei_holds_the_reading_text_unit_for_unit(built_book: Path, built_paragraphs: dict, siglum: str) -> None:
    root = tei(built_book, siglum)
    numbered = [e for e in root.find(f"{TEI}text/{TEI}body").iter() if e.get("n")]
    expected = sorted((v for v in built_paragraphs.values() if v[1] == siglum), key=lambda v: v[2])
    assert [int(e.get("n")) for e in numbered] == [v[2] for v in expected]
    for element, (_, _, number, text) in zip(numbered, expected, strict=True):
        assert element.get(XML_ID) == f"{siglum}-p{number}"
        if element.tag == f"{TEI}item":
            text = re.sub(r"^\d+ ", "", text)  # the list's number is the list's, not the text's
        assert reading(element) == text, number


@pytest.mark.parametrize("siglum", SIGLA)
def test_tei_encodes_each_intervention_by_its_kind(built_book: Path, siglum: str) -> None:
    root = tei(built_book, siglum)
    by_id = {e.get(XML_ID): e for e in root.iter() if e.get(XML_ID)}
    for ann in annotations(siglum):
        if ann["kind"] != "apparatus":
            assert by_id[ann["id"] + "-start"].tag == f"{TEI}anchor"
            if ann["kind"] in ("note", "source"):
                note = by_id[ann["id"]]
                assert note.tag == f"{TEI}note" and note.get("type") == "editorial" and note.get("subtype") == ann["kind"]
                assert note.get("target") == f"#{ann['id']}-start" and note.get("targetEnd") == f"#{ann['id']}-end"
            continue
        assert by_id[ann["id"] + "-note"].get("subtype") == "apparatus"
        if "witness" not in ann:
            continue
        inline = [by_id[ann["id"]]] if not ann.get("passim") else [e for i, e in by_id.items() if i.startswith(ann["id"] + "-")]
        inline = [e for e in inline if e.tag != f"{TEI}note"]
        assert inline, ann["id"]
        for element in inline:
            if ann["type"] == "regularisation":
                assert (
                    element.tag == f"{TEI}choice"
                    and element.find(f"{TEI}orig") is not None
                    and element.find(f"{TEI}reg") is not None
                )
            elif ann["type"] == "supplied" and not ann["witness"]:
                assert element.tag == f"{TEI}supplied"
            else:
                assert element.tag == f"{TEI}app" and element.get("type") == ann["type"]
                assert element.find(f"{TEI}rdg").get("wit") == f"#{siglum}-witness"


def test_tei_keeps_the_authors_notes_apart_and_the_relocation_pointer(built_book: Path) -> None:
    root = tei(built_book, "lmi")
    notes = [n for n in root.iter(f"{TEI}note") if n.get("type") == "authorial"]
    assert [n.get("n") for n in notes] == ["1", "2", "3", "4", "5"]
    assert [n.get(XML_ID) for n in notes] == [f"lmi-note-{n}" for n in range(1, 6)]
    calls = [r.get("target") for r in root.iter(f"{TEI}ref") if r.get("type") == "noteAnchor"]
    assert calls == ["#lmi-note-1", "#lmi-note-2", "#lmi-note-4", "#lmi-note-5"]
    itc = tei(built_book, "itc")
    moved = [p.get("target") for p in itc.iter(f"{TEI}ptr") if p.get("type") == "relocated"]
    assert moved == ["#itc-p1 #itc-p2 #itc-p3", "#itc-p25 #itc-p26"]


@pytest.mark.parametrize("siglum", SIGLA)
def test_tei_names_point_at_the_index_entries(built_book: Path, siglum: str) -> None:
    root = tei(built_book, siglum)
    registry = {
        e["id"]: e for e in yaml.safe_load((PROJECT / "annotations" / "index.yml").read_text(encoding="utf-8"))["entries"]
    }
    tags = {"persName": "person", "placeName": "place", "orgName": "org"}
    named = [e for e in root.find(f"{TEI}text").iter() if e.tag.removeprefix(TEI) in tags]
    assert len(named) > 50
    listed = {e.get(XML_ID) for e in root.find(f"{TEI}teiHeader").iter() if e.get(XML_ID, "").startswith("index-")}
    for element in named:
        entry = registry[element.get("ref").removeprefix("#index-")]
        assert entry["type"] == tags[element.tag.removeprefix(TEI)]
        assert reading(element) in entry["forms"]
        assert element.get("ref")[1:] in listed


@pytest.mark.parametrize("siglum", SIGLA)
def test_tei_header_describes_the_witness(built_book: Path, siglum: str) -> None:
    root = tei(built_book, siglum)
    witness = root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}sourceDesc/{TEI}listWit/{TEI}witness")
    assert witness.get(XML_ID) == f"{siglum}-witness"
    data = yaml.safe_load((PROJECT / "annotations" / f"{siglum}.yml").read_text(encoding="utf-8"))
    assert witness.find(f"{TEI}bibl/{TEI}idno").text == data["witness"]
    assert witness.find(f"{TEI}bibl/{TEI}note").text.startswith("The only witness is")
    licence = root.find(f".//{TEI}availability/{TEI}licence")
    assert "belongs to its authors" in licence.text


# ---------------------------------------------------------------- links in the book


@pytest.mark.parametrize("siglum", SIGLA)
def test_each_chapter_links_to_its_data(built_book: Path, siglum: str) -> None:
    page = BeautifulSoup((built_book / "book" / f"{siglum}.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select("p.edition-exports a")]
    assert links == [f"../annotations/{siglum}.jsonld", f"../tei/{siglum}.xml"]
    for href in links:
        assert (built_book / posixpath.normpath(posixpath.join("book", href))).is_file()


REPOSITORY = yaml.safe_load((PROJECT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]


@pytest.mark.parametrize("siglum", SIGLA)
def test_every_paragraph_offers_a_suggestion_that_carries_its_id(built_book: Path, siglum: str) -> None:
    page = BeautifulSoup((built_book / "book" / f"{siglum}.html").read_text(encoding="utf-8"), "html.parser")
    units = page.select(".edition-unit")
    assert units
    for unit in units:
        link = unit.select_one("a.edition-suggest")
        assert link is not None, unit["id"]
        query = parse_qs(urlparse(link["href"]).query)
        assert link["href"].startswith(f"{REPOSITORY}/issues/new?")
        assert unit["id"] in query["title"][0] and f"`{unit['id']}`" in query["body"][0]
        assert f"book/{siglum}.md" in query["body"][0]
        assert link["aria-label"] == f"Suggest a change to {siglum.upper()} ¶{unit['id'].split('-p')[1]}"
        assert link.get_text() == ""  # the paragraph's text stays the text


def test_pages_have_edit_and_issue_buttons(built_book: Path) -> None:
    page = (built_book / "book" / "itc.html").read_text(encoding="utf-8")
    assert f'href="{REPOSITORY}/edit/main/book/itc.md"' in page
    assert f'href="{REPOSITORY}/issues/new?title=' in page
