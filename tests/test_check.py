"""The fast check gives, without a build, the build's own located messages and the build's own units."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, ROOTS, env_with_project, strict_build
from edition.check import run

BROKEN = Path(__file__).parent / "data" / "broken"
CASES = yaml.safe_load((BROKEN / "expected.yml").read_text(encoding="utf-8"))


def broken_book(tmp_path: Path, case: dict) -> Path:
    book = tmp_path / "book"
    shutil.copytree(ROOTS / "test-edition", book)
    shutil.copy(BROKEN / case["file"], book / case["replaces"])
    return book


def test_every_broken_file_has_its_expected_messages() -> None:
    files = sorted(p.name for p in BROKEN.iterdir() if p.name != "expected.yml")
    assert sorted(c["file"] for c in CASES) == files
    assert all(c["messages"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_broken_file_gives_its_located_messages(tmp_path: Path, case: dict) -> None:
    book = broken_book(tmp_path, case)
    result = run(book)
    assert not result.ok
    assert [m.replace(str(book), "<root>") for m in result.messages] == case["messages"]


def test_the_good_test_book_checks_clean() -> None:
    result = run(ROOTS / "test-edition")
    assert result.messages == []
    assert result.ok
    assert sorted(result.fidelity) == ["demo", "other"]


# a few cases of each family, to show that the full build says the same, word for word
SAME_AS_BUILD = ["quote-not-found.yml", "unexplained-change.yml", "references-uncited.bib", "stray-file.yml", "index-unused.yml"]


@pytest.mark.parametrize("name", SAME_AS_BUILD)
def test_the_strict_build_gives_the_same_messages(tmp_path: Path, name: str) -> None:
    case = next(c for c in CASES if c["file"] == name)
    book = broken_book(tmp_path, case)
    result = strict_build(book, tmp_path / "html")
    assert result.returncode != 0
    for message in case["messages"]:
        assert message.replace("<root>", str(book)) in result.stderr


def test_the_check_command_passes_on_the_edition() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edition", "check", "--root", str(PROJECT)],
        capture_output=True,
        text=True,
        env=env_with_project(),
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout
    assert "ITC (book/itc): the reading text plus" in result.stdout
    assert result.stdout.strip().endswith("Everything checks.")


def test_the_check_names_its_failures_and_exits_1(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["file"] == "quote-not-found.yml")
    book = broken_book(tmp_path, case)
    result = subprocess.run(
        [sys.executable, "-m", "edition", "check", "--root", str(book)],
        capture_output=True,
        text=True,
        env=env_with_project(),
        check=False,
    )
    assert result.returncode == 1
    assert case["messages"][0] in result.stdout
    assert "1 problem to mend." in result.stdout


def test_the_check_reads_the_same_units_as_the_build(built_book: Path) -> None:
    """The check reads the chapters without Jupyter Book; its paragraphs are the book's, character for character."""
    with (built_book.parent / ".doctrees" / "environment.pickle").open("rb") as f:
        env = pickle.load(f)
    built = env.domaindata["edition"]["paragraphs"]
    checked = run(PROJECT).paragraphs
    assert len(checked) == 102
    assert checked == built


@pytest.mark.parametrize("name", ["references-uncited.bib", "themes-unused.yml"])
def test_a_fault_of_the_whole_book_fails_every_build_until_mended(tmp_path: Path, name: str) -> None:
    """Sphinx keeps its environment before the whole-book checks; the next build must not forget them."""
    case = next(c for c in CASES if c["file"] == name)
    book = broken_book(tmp_path, case)
    out = tmp_path / "html"
    for _ in range(2):
        result = strict_build(book, out)
        assert result.returncode != 0
        assert case["messages"][0] in result.stderr
    shutil.copy(ROOTS / "test-edition" / case["replaces"], book / case["replaces"])
    for _ in range(2):
        result = strict_build(book, out)
        assert result.returncode == 0, result.stderr
