"""The same sources give the same bytes: two clean builds of the HTML, the EPUB and the PDF are identical."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, env_with_project, jupyter_book

PDF_SCRIPT = PROJECT / "scripts" / "pdf"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def test_two_clean_html_builds_are_identical(book_html: Path, tmp_path: Path) -> None:
    result = jupyter_book(PROJECT, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    first, second = _files(book_html), _files(tmp_path / "_build" / "html")
    assert len(first) > 20
    assert _differences(first, second) == []


def _env_without_date() -> dict[str, str]:
    env = env_with_project()
    env.pop("SOURCE_DATE_EPOCH", None)  # the edition dates the EPUB by its last commit
    return env


def test_two_clean_epub_builds_are_identical(tmp_path: Path) -> None:
    books = []
    for n in (1, 2):
        out = tmp_path / str(n)
        result = jupyter_book(
            PROJECT, out, "--builder", "custom", "--custom-builder", "epub", env=_env_without_date(), strict=False
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        [epub] = (out / "_build" / "epub").glob("*.epub")
        books.append(epub.read_bytes())
    assert books[0] == books[1]


def _checkout(target: Path) -> Path:
    """The project's files in a scratch folder, without its builds, sharing this checkout's virtual environment."""
    shutil.copytree(
        PROJECT,
        target,
        ignore=shutil.ignore_patterns(".git", ".venv", "_build", "__pycache__", ".*_cache", ".hypothesis", "test-artifacts"),
    )
    (target / ".venv").symlink_to(PROJECT / ".venv")
    return target


@pytest.mark.skipif(not PDF_SCRIPT.exists(), reason="the PDF build (scripts/pdf) is not part of this checkout yet")
def test_two_clean_pdf_builds_with_source_date_epoch_are_identical(tmp_path: Path) -> None:
    if shutil.which("xelatex") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xelatex is missing: scripts/setup must install TeX Live from debian-packages.txt")
        pytest.skip("xelatex is not installed on this machine")
    root = _checkout(tmp_path / "project")
    env = {**env_with_project(), "SOURCE_DATE_EPOCH": "1700000000"}
    pdfs = []
    for _ in range(2):
        shutil.rmtree(root / "_build", ignore_errors=True)
        result = subprocess.run(["bash", "scripts/pdf"], cwd=root, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        built = sorted((root / "_build").rglob("*.pdf"))
        assert built, "scripts/pdf wrote no PDF under _build"
        pdfs.append({p.relative_to(root).as_posix(): p.read_bytes() for p in built})
    assert pdfs[0] == pdfs[1]
