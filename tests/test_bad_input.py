"""Every kind of bad annotation gives one located message, fails the strict build, and loses nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import strict_build

GOOD_NOTE = """  - id: demo-extra
    kind: note
    target: {p: 1, exact: "first paragraph"}
    body: An extra note.
"""

# name, the replacement of GOOD_NOTE (the offending line ends with "#HERE"), subtype, words the message must hold
CASES = [
    ("malformed_yaml", GOOD_NOTE.replace("kind: note", "kind: [note  #HERE"), "yaml", "malformed YAML"),
    ("unknown_field", GOOD_NOTE + "    colour: red  #HERE\n", "unknown_field", "unknown field 'colour'"),
    (
        "missing_field",
        GOOD_NOTE.replace("  - id: demo-extra", "  - id: demo-extra  #HERE").replace("    body: An extra note.\n", ""),
        "missing_field",
        "the required field 'body' is missing",
    ),
    (
        "wrong_type",
        GOOD_NOTE.replace('{p: 1, exact: "first paragraph"}', '{p: "one", exact: "first paragraph"}  #HERE'),
        "wrong_type",
        "p must be a whole number, not text ('one')",
    ),
    (
        "quote_not_found",
        GOOD_NOTE.replace("  - id: demo-extra", "  - id: demo-extra  #HERE").replace("first paragraph", "last paragraph"),
        "quote_not_found",
        "'last paragraph' is not in ¶1",
    ),
    (
        "quote_twice",
        GOOD_NOTE.replace("  - id: demo-extra", "  - id: demo-extra  #HERE").replace(
            'p: 1, exact: "first paragraph"', 'p: 2, exact: "hello"'
        ),
        "ambiguous_quote",
        "'hello' occurs 2 times in ¶2",
    ),
    (
        "paragraph_out_of_range",
        GOOD_NOTE.replace("  - id: demo-extra", "  - id: demo-extra  #HERE").replace("p: 1,", "p: 9,"),
        "out_of_range",
        "¶9 does not exist; the reading text has ¶1 to ¶2",
    ),
    (
        "duplicate_id",
        GOOD_NOTE.replace("  - id: demo-extra", "  - id: demo-world  #HERE"),
        "duplicate_id",
        "the id 'demo-world' is used twice",
    ),
    ("unknown_kind", GOOD_NOTE.replace("kind: note", "kind: comment  #HERE"), "unknown_kind", "unknown kind 'comment'"),
    (
        "raw_html",
        GOOD_NOTE.replace("    body: An extra note.", "    body: An extra <script>alert(1)</script> note.  #HERE"),
        "raw_html",
        "raw HTML or other raw markup is not allowed",
    ),
]


def _break(book: Path, addition: str) -> int:
    """Append a bad annotation to the good file; return the line the message must name."""
    path = book / "annotations" / "demo.yml"
    text = path.read_text(encoding="utf-8") + addition
    path.write_text(text, encoding="utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if "#HERE" in line)


@pytest.mark.parametrize(("name", "addition", "subtype", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_annotation_is_reported_once_located_and_fails_the_build(
    demo_book: Path, tmp_path: Path, name: str, addition: str, subtype: str, words: str
) -> None:
    line = _break(demo_book, addition)
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0, result.stderr
    messages = [m for m in result.stderr.splitlines() if f"[edition.{subtype}]" in m]
    assert len(messages) == 1, result.stderr
    message = messages[0]
    assert words in message
    assert re.search(rf"annotations/demo\.yml:{line}: WARNING:", message), message
    if name != "malformed_yaml":
        # every good annotation is still there: nothing else was dropped
        html = (tmp_path / "html" / "demo.html").read_text(encoding="utf-8")
        for ident in ("demo-world", "demo-hello-again"):
            assert f'id="{ident}"' in html
        assert 'id="demo-app-emphasis"' in html


def test_malformed_file_loses_no_annotation_in_silence(demo_book: Path, tmp_path: Path) -> None:
    """A file that cannot be read at all is one loud failure, never a quietly empty chapter."""
    _break(demo_book, GOOD_NOTE.replace("kind: note", "kind: [note  #HERE"))
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0
    assert "[edition.yaml]" in result.stderr


def test_unsafe_link_in_body_is_refused(demo_book: Path, tmp_path: Path) -> None:
    line = _break(demo_book, GOOD_NOTE.replace("    body: An extra note.", "    body: See [this](javascript:alert(1)).  #HERE"))
    result = strict_build(demo_book, tmp_path / "html")
    assert result.returncode != 0
    assert f"annotations/demo.yml:{line}" in result.stderr
    html = (tmp_path / "html" / "demo.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in html.lower()


def test_good_book_builds_strictly_and_in_parallel(demo_book: Path, tmp_path: Path) -> None:
    serial = strict_build(demo_book, tmp_path / "serial")
    assert serial.returncode == 0, serial.stderr
    parallel = strict_build(demo_book, tmp_path / "parallel", "-j", "2")
    assert parallel.returncode == 0, parallel.stderr
    for out in ("serial", "parallel"):
        html = (tmp_path / out / "demo.html").read_text(encoding="utf-8")
        assert html.count('class="sidebar margin edition-note edition-note--') == 2
        assert html.count('class="sidebar margin edition-note edition-theme') == 1
