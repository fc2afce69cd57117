"""Shared themes: at least eight, in both statements, linked both ways, set side by side, and checked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT, copy_project, jupyter_book, strict_build

SIGLA = ("itc", "lmi")


@pytest.fixture(scope="module")
def site(book_html: Path) -> Path:
    return book_html


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tagged(siglum: str) -> list[dict]:
    data = yaml.safe_load((PROJECT / "annotations" / f"{siglum}.yml").read_text(encoding="utf-8"))
    return [a for a in data["annotations"] if a.get("themes")]


def test_at_least_eight_themes_each_tagged_in_both_statements() -> None:
    themes = yaml.safe_load((PROJECT / "annotations" / "themes.yml").read_text(encoding="utf-8"))["themes"]
    assert len(themes) >= 8
    for theme in themes:
        for siglum in SIGLA:
            assert any(theme["id"] in a["themes"] for a in tagged(siglum)), (theme["id"], siglum)


def _resolve(site: Path, page: Path, href: str, ids: dict[Path, set[str]]) -> bool:
    parts = urlparse(href)
    target = (page.parent / parts.path).resolve() if parts.path else page
    if target.is_file() and target not in ids:  # each page is read once, not once per link
        ids[target] = {t["id"] for t in soup_of(target).find_all(id=True)}
    return target.is_file() and (not parts.fragment or parts.fragment in ids[target])


def test_every_theme_link_resolves(site: Path) -> None:
    count = 0
    ids: dict[Path, set[str]] = {}
    for name in ("itc", "lmi", "themes"):
        page = site / "book" / f"{name}.html"
        soup = soup_of(page)
        for link in soup.select("a.edition-theme-link") + soup.select("svg.edition-theme-figure a"):
            assert _resolve(site, page, link["href"], ids), (name, link["href"])
            count += 1
    assert count > 100


def test_theme_links_go_both_ways_with_previews(site: Path) -> None:
    pages = {s: soup_of(site / "book" / f"{s}.html") for s in SIGLA}
    for siglum, other in (("itc", "lmi"), ("lmi", "itc")):
        for ann in tagged(siglum):
            box = pages[siglum].find("aside", id=ann["id"])
            assert box is not None, ann["id"]
            targets = {urlparse(a["href"]).fragment for a in box.select("a.edition-theme-link")}
            for theme in ann["themes"]:
                expected = {f"{b['id']}-passage" for b in tagged(other) if theme in b["themes"]}
                assert expected <= targets, (ann["id"], theme)
            for link in box.select("a.edition-theme-link"):
                preview = link.select_one(".edition-preview")
                assert preview is not None and preview.get_text().strip("“”")
                assert link.get("title", "").startswith(other.upper())


def test_themes_chapter_sets_passages_side_by_side_with_figure_and_table(site: Path) -> None:
    soup = soup_of(site / "book" / "themes.html")
    themes = yaml.safe_load((PROJECT / "annotations" / "themes.yml").read_text(encoding="utf-8"))["themes"]
    for theme in themes:
        section = soup.find(id=f"theme-{theme['id']}")
        assert section is not None and theme["description"].split()[0] in section.get_text()
        cells = section.select("table.edition-concordance tbody td")
        assert len(cells) == 2 and all(cell.select("a.edition-theme-link") for cell in cells)
    svg = soup.select_one("svg.edition-theme-figure")
    # a group, not an image: its marks are links (axe-core: nested-interactive)
    assert svg["role"] == "group" and svg.find("title") and svg.find("desc")
    marks = svg.select("rect.edition-mark")
    assert len(marks) == sum(len(a["themes"]) for s in SIGLA for a in tagged(s))
    table_rows = soup.select("table.edition-theme-table tbody tr")
    assert len(table_rows) == len(themes)


def _marks(html: Path) -> set[tuple[str, str, str]]:
    svg = soup_of(html).select_one("svg.edition-theme-figure")
    return {(m["data-theme"], m["data-siglum"], m["data-p"]) for m in svg.select("rect.edition-mark")}


def test_changing_a_tag_rebuilds_the_figure_and_the_concordance(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    assert jupyter_book(root, out).returncode == 0
    themes_page = out / "_build" / "html" / "book" / "themes.html"
    before = _marks(themes_page)
    assert ("bombardment", "lmi", "43") in before
    ann = root / "annotations" / "lmi.yml"
    text = ann.read_text(encoding="utf-8")
    text = text.replace(
        'target: {p: 43, exact: "bombings of cities, vital infrastructure, schools, hospitals"}',
        'target: {p: 64, exact: "the bombings, destruction and methods"}',
    )
    ann.write_text(text, encoding="utf-8")
    result = jupyter_book(root, out)  # incremental: only lmi is read again
    assert result.returncode == 0, result.stdout[-2000:]
    assert re.search(r"reading sources\.\.\. .*book/lmi", result.stdout)
    assert not re.search(r"reading sources\.\.\. .*book/themes", result.stdout)
    after = _marks(themes_page)
    assert ("bombardment", "lmi", "43") not in after and ("bombardment", "lmi", "64") in after
    section = soup_of(themes_page).find(id="theme-bombardment")
    assert "the bombings, destruction and methods" in section.get_text()


# ---------------------------------------------------------------- errors, on the small test book


def _append(book: Path, name: str, text: str) -> int:
    path = book / "annotations" / name
    body = path.read_text(encoding="utf-8") + text
    path.write_text(body, encoding="utf-8")
    return next(i for i, line in enumerate(body.splitlines(), 1) if "#HERE" in line)


def test_unknown_theme_is_located(demo_book: Path, tmp_path: Path) -> None:
    line = _append(
        demo_book,
        "demo.yml",
        '  - id: demo-theme-x  #HERE\n    kind: theme\n    target: {p: 1, exact: "world"}\n    themes: [greetings]\n',
    )
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0
    [message] = [m for m in result.stderr.splitlines() if "[edition.unknown_theme]" in m]
    assert f"annotations/demo.yml:{line}:" in message and "did you mean 'greeting'?" in message


def test_theme_in_one_statement_only_is_located(demo_book: Path, tmp_path: Path) -> None:
    other = demo_book / "annotations" / "other.yml"
    text = other.read_text(encoding="utf-8")
    other.write_text(text[: text.index("  - id: other-theme-greeting")], encoding="utf-8")
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0
    [message] = [m for m in result.stderr.splitlines() if "[edition.theme_one_sided]" in m]
    assert "annotations/themes.yml:2:" in message and "tagged only in DEMO, not in OTHER" in message


def test_unused_theme_is_located(demo_book: Path, tmp_path: Path) -> None:
    line = _append(demo_book, "themes.yml", "  - id: weather  #HERE\n    title: Weather\n    description: Rain and sun.\n")
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0
    [message] = [m for m in result.stderr.splitlines() if "[edition.theme_unused]" in m]
    assert f"annotations/themes.yml:{line}:" in message


def test_no_themes_file_means_no_themes(demo_book: Path, tmp_path: Path) -> None:
    """A project without themes builds; tags then name unknown themes."""
    (demo_book / "annotations" / "themes.yml").unlink()
    shutil.rmtree(tmp_path / "html", ignore_errors=True)
    result = strict_build(demo_book, tmp_path / "html")
    assert "[edition.unknown_theme]" in result.stderr
