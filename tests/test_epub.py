"""The EPUB edition as e-readers get it: the file that `bash scripts/epub` builds, valid under
epubcheck, with the editors' notes as asides beside their paragraphs and every paragraph anchored.

Built once per session; notes and chapters are taken from the annotation files.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import annotations_of, book_config, require_tool, run_script, sigla
from edition.nodes import CONTROL_CLASS

EPUBCHECK = "/usr/share/java/epubcheck.jar"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"


@dataclass
class Book:
    root: Path
    path: Path
    files: dict[str, bytes]

    def page(self, siglum: str) -> BeautifulSoup:
        (name,) = [n for n in self.files if n.endswith(f"/{siglum}.xhtml")]
        return BeautifulSoup(self.files[name].decode("utf-8"), "html.parser")

    def package(self) -> ElementTree.Element:
        return ElementTree.fromstring(self.files["content.opf"])


@pytest.fixture(scope="session")
def epub(tmp_path_factory: pytest.TempPathFactory) -> Book:
    require_tool("java", "epubcheck runs on Java")
    require_tool(EPUBCHECK, "the EPUB is validated with epubcheck")
    root = tmp_path_factory.mktemp("epub")
    result = run_script("epub", root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stdout + result.stderr
    (path,) = (root / "_build" / "epub").glob("*.epub")
    with zipfile.ZipFile(path) as packed:
        files = {name: packed.read(name) for name in packed.namelist()}
    return Book(root, path, files)


def test_epubcheck_finds_no_error(epub: Book, tmp_path: Path) -> None:
    report = tmp_path / "epubcheck.json"
    subprocess.run(["java", "-jar", EPUBCHECK, "--json", str(report), str(epub.path)], capture_output=True, check=False)
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR")] == []


def test_every_editors_note_is_an_aside_before_its_paragraph(epub: Book) -> None:
    for siglum in sigla():
        soup = epub.page(siglum)
        wanted = [a for a in annotations_of(siglum) if a["kind"] in ("note", "source")]
        asides = soup.select("aside.edition-note:not(.edition-theme)")
        assert sorted(a["id"] for a in asides) == sorted(a["id"] for a in wanted)
        for aside in asides:
            assert aside.get("role") == "note"
            passage = soup.find(id=f"{aside['id']}-passage")
            assert passage is not None, aside["id"]
            assert aside.select_one(f'.edition-note-head a[href="#{aside["id"]}-passage"]') is not None


def test_every_paragraph_is_anchored_and_numbered(epub: Book) -> None:
    for siglum in sigla():
        units = epub.page(siglum).select(".edition-unit")
        assert [u["id"] for u in units] == [f"{siglum}-p{n}" for n in range(1, len(units) + 1)] and len(units) > 10
        assert all(u.select_one("a.edition-pnum") is not None for u in units)


def test_pages_carry_no_scripts_and_the_figure_is_declared(epub: Book) -> None:
    pages = {n: BeautifulSoup(b.decode("utf-8"), "html.parser") for n, b in epub.files.items() if n.endswith(".xhtml")}
    assert [n for n, soup in pages.items() if soup.find("script")] == []
    with_svg = sorted(n for n, soup in pages.items() if soup.find("svg"))
    assert with_svg, "the themes figure is missing"
    items = epub.package().iter(f"{{{OPF}}}item")
    declared = sorted(i.get("href") for i in items if "svg" in (i.get("properties") or "").split())
    assert declared == with_svg


def test_pages_carry_none_of_the_web_editions_controls(epub: Book) -> None:
    pages = {n: BeautifulSoup(b.decode("utf-8"), "html.parser") for n, b in epub.files.items() if n.endswith(".xhtml")}
    assert [n for n, soup in pages.items() if soup.select(f"button, .{CONTROL_CLASS}")] == []


def test_metadata_and_file_name(epub: Book) -> None:
    config = book_config()["sphinx"]["config"]
    package = epub.package()
    assert package.findtext(f".//{{{DC}}}title") == config["epub_title"]
    assert package.findtext(f".//{{{DC}}}language") == config["language"]
    assert package.findtext(f".//{{{DC}}}identifier") == config["epub_identifier"]
    assert epub.path.name == f"{config['epub_basename']}.epub"


def test_the_epub_is_offered_with_the_html_book(epub: Book) -> None:
    copy = epub.root / "_build" / "html" / "downloads" / epub.path.name
    assert copy.read_bytes() == epub.path.read_bytes()
