"""The printed edition as readers get it: the PDF that `bash scripts/pdf` builds, read with the
positions of its words and its named destinations (every id of the HTML edition is one).

Built once per session; the notes, paragraphs and chapters are taken from the annotation files
and the table of contents, so that new notes and chapters need no change here.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml

from conftest import PROJECT, annotations_of, book_config, env_with_project, require_tool, run_script, sigla

PT = 72 / 72.27  # one TeX point in PDF points


@dataclass(frozen=True)
class Dest:
    """A named destination: its page (from 0) and its place, in PDF points from the top left."""

    page: int
    x: float
    y: float


@dataclass
class Printed:
    root: Path
    path: Path
    log: str
    reader: pypdf.PdfReader
    doc: pdfplumber.PDF
    dests: dict[str, Dest]
    layout: dict[str, float]  # the text block and the margin, in PDF points

    @property
    def text_right(self) -> float:
        return self.layout["textleft"] + self.layout["textwidth"]

    @property
    def margin(self) -> tuple[float, float]:
        left = self.text_right + self.layout["marginparsep"]
        return left, left + self.layout["marginparwidth"]


def _layout(log: str) -> dict[str, float]:
    """The page as LaTeX set it (edition.sty writes it to the log), converted to PDF points."""
    found = re.search(r"edition-layout:(.*?paperheight=[\d.]+)", log, re.S)
    assert found, "the log does not record the edition's layout; is edition.sty loaded?"
    values = dict(re.findall(r"(\w+)=(\d+(?:\.\d+)?)", found.group(1).replace("\n", "")))
    return {k: float(v) * PT for k, v in values.items()}


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory):
    require_tool("xelatex", "the PDF is set with XeLaTeX")
    require_tool("latexmk", "latexmk runs XeLaTeX until the margin notes settle")
    root = tmp_path_factory.mktemp("printed")
    result = run_script("pdf", root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stdout + result.stderr
    (path,) = (root / "_build" / "latex").glob("*.pdf")
    log = path.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    reader = pypdf.PdfReader(path)
    height = float(reader.pages[0].mediabox.height)
    dests = {
        str(name): Dest(reader.get_destination_page_number(d), float(d.left or 0), height - float(d.top or 0))
        for name, d in reader.named_destinations.items()
    }
    with pdfplumber.open(path) as doc:
        yield Printed(root, path, log, reader, doc, dests, _layout(log))


def _explanatory_notes() -> list[tuple[str, dict]]:
    return [(s, a) for s in sigla() for a in annotations_of(s) if a["kind"] in ("note", "source")]


def _margin_chars(printed: Printed, start: Dest, end: Dest) -> list[dict]:
    """The characters of the outer margin between a note's first and last destinations."""
    page = printed.doc.pages[start.page]
    gutter = printed.text_right + printed.layout["marginparsep"] / 2
    return [c for c in page.chars if c["x0"] >= gutter and start.y - 1 <= c["top"] and c["bottom"] <= end.y + 3]


# ---------------------------------------------------------------- the build


def test_every_character_has_a_font_and_every_reference_resolves_once(printed: Printed) -> None:
    assert "Missing character" not in printed.log
    assert "undefined" not in printed.log.replace("\n", "")
    assert "multiply defined" not in printed.log.replace("\n", "")
    assert len(printed.reader.pages) > 10


# ---------------------------------------------------------------- margin notes


def test_every_explanatory_note_stands_in_the_margin_on_the_page_of_its_passage(printed: Printed) -> None:
    notes = _explanatory_notes()
    for siglum in sigla():
        assert sum(1 for s, _ in notes if s == siglum) >= 10, siglum
    left, right = printed.margin
    top = printed.layout["texttop"]
    bottom = top + printed.layout["textheight"]
    checked = 0
    for _, ann in notes:
        ident = ann["id"]
        assert {ident, f"{ident}-end", f"{ident}-passage"} <= printed.dests.keys(), ident
        start, end, passage = printed.dests[ident], printed.dests[f"{ident}-end"], printed.dests[f"{ident}-passage"]
        assert start.page == end.page == passage.page, f"{ident}: passage on page {passage.page + 1}, note on {start.page + 1}"
        assert passage.x < printed.text_right <= start.x, ident
        chars = _margin_chars(printed, start, end)
        text = "".join(c["text"] for c in chars).replace(" ", "")
        kind = "EDITORS'SOURCENOTE" if ann["kind"] == "source" else "EDITORS'NOTE"
        target = ann["target"]
        where = f"¶{target['p']}" if "p" in target else f"note{target['note']}"
        assert text.upper().startswith(kind) and where in text[: len(kind) + 8], f"{ident}: {text[:60]!r}"
        assert all(left - 0.5 <= c["x0"] and c["x1"] <= right + 0.5 for c in chars), ident
        assert top - 1 <= start.y < end.y <= bottom + 1, ident
        checked += 1
    assert checked == len(notes)


def test_margin_notes_never_overlap(printed: Printed) -> None:
    margin_kinds = ("note", "source", "theme")
    idents = [a["id"] for s in sigla() for a in annotations_of(s) if a["kind"] in margin_kinds]
    boxes: dict[int, list[tuple[float, float, str]]] = {}
    for ident in idents:
        start, end = printed.dests[ident], printed.dests[f"{ident}-end"]
        boxes.setdefault(start.page, []).append((start.y, end.y, ident))
    for page, column in boxes.items():
        column.sort()
        for (_, above_bottom, above), (below_top, _, below) in itertools.pairwise(column):
            assert below_top >= above_bottom - 0.5, f"page {page + 1}: {below} overlaps {above}"


def test_paragraph_numbers_stand_in_the_left_margin(printed: Printed) -> None:
    left = printed.layout["textleft"]
    for siglum in sigla():
        numbers = sorted(int(m.group(1)) for n in printed.dests if (m := re.fullmatch(rf"{siglum}-p(\d+)", n)))
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 10, siglum
        for number in numbers:
            dest = printed.dests[f"{siglum}-p{number}"]
            page = printed.doc.pages[dest.page]
            chars = [c for c in page.chars if c["x1"] <= left - 1 and dest.y - 2 <= c["top"] <= dest.y + 16]
            assert "".join(c["text"] for c in chars) == str(number), f"{siglum} ¶{number}"


# ---------------------------------------------------------------- the authors' notes, the apparatus, the bibliography


def _authors_notes(siglum: str) -> list[int]:
    source = (PROJECT / "book" / f"{siglum}.md").read_text(encoding="utf-8")
    return [int(n) for n in re.findall(r"^```\{authors-note\}\s+(\d+)", source, re.M)]


def test_authors_notes_are_footnotes_on_the_page_of_their_call(printed: Printed) -> None:
    found = 0
    for siglum in sigla():
        for number in _authors_notes(siglum):
            note = printed.dests.get(f"{siglum}-note-{number}")
            assert note is not None, f"{siglum} note {number} is not printed"
            call = printed.dests.get(f"{siglum}-call-{number}")
            if call is None:  # a note the witness leaves without a call is printed under the authors' notes
                continue
            page = printed.doc.pages[note.page]
            body = Counter(round(c["size"]) for c in page.chars if c["x1"] <= printed.text_right).most_common(1)[0][0]
            text = [c for c in page.chars if c["x1"] <= printed.text_right and note.y - 1 <= c["top"] <= note.y + 12]
            assert note.page == call.page and note.y > call.y, f"{siglum} note {number}"
            assert text and max(c["size"] for c in text) < body, f"{siglum} note {number} is not set as a footnote"
            found += 1
    assert found >= 1


def test_every_apparatus_entry_is_printed_and_reached_from_its_marker(printed: Printed) -> None:
    targets = _link_targets(printed)
    for siglum in sigla():
        entries = [a for a in annotations_of(siglum) if a["kind"] == "apparatus"]
        assert entries, siglum
        for entry in entries:
            assert entry["id"] in printed.dests, entry["id"]
            if not entry.get("passim"):
                marker = printed.dests[f"{entry['id']}-ref"]
                assert entry["id"] in targets and f"{entry['id']}-ref" in targets, entry["id"]
                assert printed.dests[entry["id"]].page >= marker.page


def test_the_bibliography_lists_every_cited_work(printed: Printed) -> None:
    sources = [*(PROJECT / "book").glob("*.md"), *(PROJECT / "annotations").glob("*.yml")]
    cited = {
        key.strip()
        for path in sources
        for keys in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]*)`", path.read_text(encoding="utf-8"))
        for key in keys.split(",")
    }
    entries = [n for n in printed.dests if n.startswith("cite.")]
    assert len(cited) > 10 and len(entries) >= len(cited)
    assert _link_targets(printed).issuperset(entries[:1])


# ---------------------------------------------------------------- links, bookmarks, metadata, title page


def _links(printed: Printed) -> list[str]:
    out = []
    for page in printed.reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") == "/Link" and action is not None and action.get_object().get("/S") == "/GoTo":
                out.append(str(action.get_object()["/D"]))
    return out


def _link_targets(printed: Printed) -> set[str]:
    return set(_links(printed))


def test_internal_links_resolve_and_theme_links_reach_their_passages(printed: Printed) -> None:
    links = _links(printed)
    assert len(links) > 500
    assert [name for name in links if name not in printed.dests] == []
    targets = set(links)
    themed = [a["id"] for s in sigla() for a in annotations_of(s) if a.get("themes")]
    assert themed
    assert [i for i in themed if f"{i}-passage" not in targets] == []


def _chapter_titles() -> list[str]:
    toc = yaml.safe_load((PROJECT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"], *(c["file"] for c in toc.get("chapters", []))]
    titles = []
    for name in files:
        text = (PROJECT / f"{name}.md").read_text(encoding="utf-8")
        titles.append(re.search(r"^# (.+)$", text, re.M).group(1).strip())
    return titles


def test_every_chapter_is_a_bookmark(printed: Printed) -> None:
    top_level = [item.title for item in printed.reader.outline if not isinstance(item, list)]
    # Sphinx adds its general index at the end once the book has index entries
    assert [t for t in top_level if t != "Index"] == _chapter_titles()


def test_metadata_and_title_page(printed: Printed) -> None:
    config = book_config()
    info = printed.reader.metadata
    assert info.title == config["title"]
    assert info.author == config["author"]
    assert info.creation_date is not None
    assert str(printed.reader.trailer["/Root"]["/Lang"]) == config["sphinx"]["config"]["language"]
    title_page = printed.doc.pages[0].extract_text()
    assert f"Version {config['sphinx']['config']['release']}" in title_page
    assert config["author"] in title_page


def test_the_themes_figure_is_drawn(printed: Printed) -> None:
    page = printed.doc.pages[printed.dests["theme-figure"].page]
    marks = sum(len(a.get("themes", [])) for s in sigla() for a in annotations_of(s))
    assert marks and len(page.rects) >= marks


def test_the_web_editions_controls_are_not_printed(printed: Printed) -> None:
    """No label of a note toggle, a "more" button or a suggestion link, as the web pages write them."""
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in printed.reader.pages)
    assert len(text) > 10_000
    for words in ("Suggest a change to", "less of the", "Editors' note on", "Editors' source note on", "Themes of "):
        assert words not in text, words


def test_the_pdf_is_offered_with_the_html_book(printed: Printed) -> None:
    copy = printed.root / "_build" / "html" / "downloads" / printed.path.name
    assert copy.read_bytes() == printed.path.read_bytes()
    assert printed.path.stem == Path(book_config()["latex"]["latex_documents"]["targetname"]).stem


def test_a_note_taller_than_the_margin_still_stands_on_the_page_of_its_passage(demo_book: Path) -> None:
    """The last resort of the layout: the paragraph begins a page and its notes are set smaller."""
    require_tool("xelatex", "the PDF is set with XeLaTeX")
    require_tool("latexmk", "latexmk runs XeLaTeX until the margin notes settle")
    notes = demo_book / "annotations" / "demo.yml"
    filler = " ".join(["Words of a long note that runs on to fill more than the margin of a page."] * 70)
    longer = notes.read_text(encoding="utf-8").replace("`doe2020world`.", f"`doe2020world`. {filler}", 1)
    notes.write_text(longer, encoding="utf-8")
    (demo_book / "conf.py").write_text((demo_book / "conf.py").read_text(encoding="utf-8") + '\nlatex_engine = "xelatex"\n')
    out = demo_book / "_build" / "latex"
    build = [sys.executable, "-m", "sphinx", "-b", "latex", "-n", "-W", "--keep-going", "-q", str(demo_book), str(out)]
    result = subprocess.run(build, capture_output=True, text=True, env=env_with_project(), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (tex,) = out.glob("*.tex")
    latexmk = ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode", "-halt-on-error", "-e", "$max_repeat=30", tex.name]
    result = subprocess.run(latexmk, cwd=out, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "taller than the page" in result.stdout
    reader = pypdf.PdfReader(tex.with_suffix(".pdf"))
    page = {str(n): reader.get_destination_page_number(d) for n, d in reader.named_destinations.items()}
    assert page["demo-world"] == page["demo-world-end"] == page["demo-world-passage"]


def test_the_map_and_the_timeline_are_drawn(printed: Printed) -> None:
    """Each map panel is a drawing (country outlines) with its places' names on the page; the timeline likewise."""

    def drawn_with(name: str) -> bool:
        return any(
            name in (page.extract_text() or "").replace(" ", "") and len(page.curves) + len(page.lines) >= 5
            for page in printed.doc.pages
        )

    for name in ("Senkivka", "Lviv", "Guernica", "Detroit", "ITCwritten", "LMIpublished"):
        assert drawn_with(name), f"no drawing on the page that names {name}"
