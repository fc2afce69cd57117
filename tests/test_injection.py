"""Script, script links, event handlers and raw LaTeX in annotations come out inert in every output.

The test book tests/roots/test-hostile carries them in note bodies, an apparatus entry's
witness and a theme's title and description. Each builder (HTML, LaTeX source, EPUB) must
print them as text the reader can see, never as markup that runs, and the build must say
where each one is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, env_with_project
from edition.safety import safe_uri

# words of the payloads that must survive as visible text
MARKERS = ("x-script", "x-div", "x-img", "x-js1", "x-js2", "x-js3", "x-js4", "x-witness", "x-theme")
# LaTeX that would run if it reached TeX as written
LATEX_PAYLOADS = (
    r"\input{/etc/passwd",
    r"\input{/etc/hostname",
    r"\write18{touch",
    r"\immediate\write18",
    r"\catcode`\@=11",
    r"\def\x{y}",
)
SECRET = "SECRET-FILE-CONTENT-7341"


def _build(builder: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-q",
            "--keep-going",
            "-d",
            str(out / "doctrees"),
            str(out.parent / "src"),
            str(out / builder),
        ],
        capture_output=True,
        text=True,
        env=env_with_project(),
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    base = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOTS / "test-hostile", base / "src")
    built = {}
    for builder in ("html", "latex", "epub"):
        out = base / builder
        result = _build(builder, out)
        assert "Traceback" not in result.stderr and "Exception occurred" not in result.stderr, result.stderr
        built[builder] = (out / builder, result.stderr)
    return built


def assert_inert(markup: str, where: str) -> None:
    soup = BeautifulSoup(markup, "html.parser")
    for script in soup.find_all("script"):
        assert "alert" not in script.get_text(), (where, str(script)[:200])
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, str(tag)[:200])
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "data"):
                assert safe_uri(value), (where, name, value)
    for tag in soup.find_all(["iframe", "object", "embed"]):
        raise AssertionError((where, str(tag)[:200]))
    assert SECRET not in markup


def _no_secret_anywhere(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and path.suffix not in (".doctree", ".pickle"):
            assert SECRET.encode() not in path.read_bytes(), path
            assert path.name != "secret.md", path


def test_the_html_is_inert_and_keeps_the_words(outputs: dict[str, tuple[Path, str]]) -> None:
    html, _ = outputs["html"]
    pages = {name: (html / name).read_text(encoding="utf-8") for name in ("hostile.html", "themes.html")}
    for name, markup in pages.items():
        assert_inert(markup, name)
    text = BeautifulSoup(pages["hostile.html"] + pages["themes.html"], "html.parser").get_text()
    for marker in MARKERS:
        assert marker in text, marker
    _no_secret_anywhere(html)


def test_every_payload_is_reported_where_it_is(outputs: dict[str, tuple[Path, str]]) -> None:
    _, warnings = outputs["html"]
    source = (ROOTS / "test-hostile" / "annotations" / "hostile.yml").read_text(encoding="utf-8").splitlines()

    starts = [i for i, line in enumerate(source, 1) if line.strip().startswith("- id:")] + [len(source) + 1]

    def lines_of(ident: str) -> range:
        first = next(i for i, line in enumerate(source, 1) if line.strip() == f"- id: {ident}")
        return range(first, next(s for s in starts if s > first))

    for ident, subtype in (
        ("hostile-script", "raw_html"),
        ("hostile-block-html", "raw_html"),
        ("hostile-handler", "raw_html"),
        ("hostile-js-links", "unsafe_link"),
        ("hostile-directives", "unsafe_markup"),
        ("hostile-image", "unsafe_markup"),
    ):
        located = [w for w in warnings.splitlines() if f"[edition.{subtype}]" in w and f"'{ident}'" in w]
        assert located, (ident, warnings)
        for warning in located:
            assert warning.startswith("annotations/hostile.yml:"), warning
            assert int(warning.split(":")[1]) in lines_of(ident), warning


def test_the_latex_source_is_inert(outputs: dict[str, tuple[Path, str]]) -> None:
    latex, _ = outputs["latex"]
    [tex] = latex.glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    for payload in LATEX_PAYLOADS:
        assert payload not in source, payload
    # the words are printed, escaped: in the note, the theme's figure, its heading and the apparatus
    assert source.count(r"\textbackslash{}input\{/etc/passwd\}") >= 3
    assert r"\textbackslash{}input\{/etc/passwd\sphinxhyphen{}witness\}" in source
    assert "<script>" not in source
    _no_secret_anywhere(latex)


def test_the_epub_is_inert(outputs: dict[str, tuple[Path, str]]) -> None:
    epub_dir, _ = outputs["epub"]
    [epub] = epub_dir.glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        pages = [n for n in archive.namelist() if n.endswith(".xhtml")]
        assert "hostile.xhtml" in pages
        for name in pages:
            assert_inert(archive.read(name).decode("utf-8"), name)
        text = BeautifulSoup(archive.read("hostile.xhtml").decode("utf-8"), "html.parser").get_text()
        assert all(SECRET.encode() not in archive.read(n) for n in archive.namelist())
    for marker in ("x-script", "x-img", "x-js1", "x-witness"):
        assert marker in text, marker
