"""Reading text plus apparatus gives each witness again, and any unexplained change is caught."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, copy_project, env_with_project
from edition.anchoring import Anchor
from edition.fidelity import Edit, reconstruct
from edition.model import Annotation, Location, Selector
from edition.text import Unit

# sha256 of the witnesses as published in shared/witnesses/README.md
WITNESSES = {
    "itc-2022-03-01.txt": "c6d9f2c73b79698e5445883f51b41baae871e6f1e3a1971770c33d002ff68b88",
    "lmi-2022-04-27.txt": "a8da376339cf4c6a167975c5d09add5e777fc0b61265b911276e0adbd2f4c740",
}


def run_fidelity(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edition", "fidelity", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env_with_project(),
        check=False,
    )


@pytest.mark.parametrize("name", sorted(WITNESSES))
def test_witness_is_byte_for_byte_the_published_one(name: str) -> None:
    assert hashlib.sha256((PROJECT / "sources" / name).read_bytes()).hexdigest() == WITNESSES[name]


def test_both_reading_texts_give_their_witnesses_again() -> None:
    result = run_fidelity(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ITC (book/itc): the reading text plus" in result.stdout
    assert "all 10600 characters" in result.stdout
    assert "LMI (book/lmi): the reading text plus" in result.stdout
    assert "all 29547 characters" in result.stdout


def test_one_changed_character_fails_with_a_readable_report(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    chapter = root / "book" / "itc.md"
    text = chapter.read_text(encoding="utf-8")
    assert text.count("not one major city") == 1
    chapter.write_text(text.replace("not one major city", "not one major town"), encoding="utf-8")
    result = run_fidelity(root)
    assert result.returncode == 1
    assert "ITC (book/itc): FAILED" in result.stdout
    assert "at ¶5:" in result.stdout
    assert "witness: " in result.stdout and "not one major city" in result.stdout
    assert "edition: " in result.stdout and "not one major town" in result.stdout


def test_the_no_break_space_is_accounted_for(tmp_path: Path) -> None:
    """Without its apparatus entry, the witness's one U+00A0 is missing, and the report shows it."""
    root = copy_project(tmp_path)
    ann = root / "annotations" / "lmi.yml"
    text = ann.read_text(encoding="utf-8")
    start = text.index("  - id: lmi-app-nbsp")
    end = text.index("  - id:", start + 5)
    ann.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_fidelity(root)
    assert result.returncode == 1
    assert "LMI (book/lmi): FAILED" in result.stdout
    assert "at ¶19:" in result.stdout
    assert "⍽" in result.stdout


def _unit(number: int, text: str) -> Unit:
    return Unit(number, None, text)  # type: ignore[arg-type]


def _entry(ident: str, witness: str) -> Annotation:
    return Annotation(
        id=ident,
        kind="apparatus",
        type="emendation",
        witness=witness,
        target=Selector(exact="x", p=1),
        location=Location("a.yml", 3),
        body="b",
    )


def test_an_entry_that_explains_nothing_is_refused() -> None:
    unit = _unit(1, "a cat")
    edit = Edit(_entry("t-same", "cat"), Anchor(unit, 2, 5), "cat")
    result = reconstruct("t", "a cat", [unit], [], [edit])
    assert not result.ok
    assert "explains nothing" in result.problems[0]


def test_overlapping_entries_are_refused() -> None:
    unit = _unit(1, "a black cat")
    edits = [
        Edit(_entry("t-one", "white c"), Anchor(unit, 2, 9), "white c"),
        Edit(_entry("t-two", "bat"), Anchor(unit, 8, 11), "bat"),
    ]
    result = reconstruct("t", "a white cat", [unit], [], edits)
    assert any("overlaps another entry" in p for p in result.problems)


def test_relocation_puts_moved_paragraphs_back() -> None:
    units = [_unit(1, "HEAD"), _unit(2, "one two")]
    moved = Annotation(
        id="t-move",
        kind="apparatus",
        type="relocated",
        witness="\n\n{moved}\n\n",
        moved=(1, 1),
        target=Selector(exact=" ", p=2),
        location=Location("a.yml", 3),
        body="b",
    )
    result = reconstruct("t", "one\n\nHEAD\n\ntwo", units, [], [Edit(moved, Anchor(units[1], 3, 4), moved.witness or "")])
    assert result.ok, result.problems
