"""Whatever a careless or hostile pull request puts in an annotation file gives a correct build or a located error.

Never a traceback, never a hang, never an annotation lost in silence. Property-based: the
loader, the anchoring and the insertion of notes are driven directly with thousands of
generated files, texts and selectors (fast); a handful of real builds of the small test book
close the loop. The number of cases tried is printed at the end of the run.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASES_TRIED, strict_build
from edition import nodes as ed
from edition.anchoring import Anchor, _candidates, anchor
from edition.loading import load_annotation_file
from edition.model import Annotation, Location, Problem, Selector, Theme
from edition.text import Unit, reading_units
from edition.transforms import _insert

REL = "annotations/hostile.yml"
SLOW = 5.0  # seconds: a single file or selector taking longer than this is a hang
PROFILE = settings(
    deadline=None,  # timed by the tests themselves, generously: CI machines are shared
    database=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _count(name: str) -> None:
    CASES_TRIED[name] = CASES_TRIED.get(name, 0) + 1


# ---------------------------------------------------------------- strategies

# any Unicode a text editor can save, surrogates aside; sometimes right-to-left, combining or astral
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
huge_text = st.builds(lambda s, n: (s or "x") * n, st.text(max_size=5), st.integers(20_000, 400_000))
odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    any_text,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
maybe = lambda good: st.one_of(good, good, good, odd)  # noqa: E731 — mostly right, sometimes anything

target = st.fixed_dictionaries(
    {"exact": maybe(any_text)},
    optional={
        "p": maybe(st.integers(-1, 30)),
        "note": maybe(st.integers(0, 5)),
        "prefix": maybe(any_text),
        "suffix": maybe(any_text),
        "occurrence": maybe(st.integers(0, 4)),
        "colour": odd,
    },
)
annotation = st.fixed_dictionaries(
    {
        "id": maybe(st.from_regex(r"x-[a-c]{1,2}", fullmatch=True)),  # a small space: duplicates happen
        "kind": maybe(st.sampled_from(["note", "source", "apparatus", "theme", "comment"])),
        "target": maybe(target),
    },
    optional={
        "body": st.one_of(any_text, any_text, huge_text, odd),
        "type": maybe(st.sampled_from(["emendation", "regularisation", "layout", "supplied", "nonsense"])),
        "witness": maybe(any_text),
        "moved": maybe(st.lists(st.integers(0, 9), min_size=2, max_size=2)),
        "passim": maybe(st.booleans()),
        "themes": maybe(st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), max_size=3)),
        "persons": maybe(st.lists(any_text, max_size=2)),
        "extra": odd,
    },
)
annotation_file = st.fixed_dictionaries(
    {"annotations": maybe(st.lists(annotation, max_size=8))},
    optional={
        "siglum": maybe(st.just("x")),
        "witness": maybe(st.sampled_from(["sources/x.txt", "../../etc/passwd", "/etc/passwd"])),
    },
)
structure = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_text),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=25,
)


def _dump(data: Any, flow: bool, unicode: bool) -> str:
    return yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False, width=80)


def _load(tmp_path: Path, text: str):
    path = tmp_path / f"{uuid.uuid4().hex}.yml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = load_annotation_file(path, REL)
    elapsed = time.perf_counter() - started
    path.unlink()
    assert elapsed < SLOW, f"{elapsed:.1f} s for one file"
    return result


def _assert_located(result, text: str) -> None:
    last_line = text.count("\n") + 2
    for problem in result.problems:
        assert problem.subtype and problem.message
        assert problem.location is not None and problem.location.path == REL, problem
        assert 1 <= problem.location.line <= last_line, problem
        assert len(problem.message) < 2000, problem.message[:200]


def _assert_valid(result) -> None:
    """Whatever the loader keeps is an annotation every later stage can rely on."""
    ids = [a.id for a in result.annotations]
    assert len(ids) == len(set(ids))
    for ann in result.annotations:
        assert ann.kind in ("note", "source", "apparatus", "theme")
        assert isinstance(ann.target.exact, str) and isinstance(ann.body, str)
        assert (ann.target.p is None) != (ann.target.note is None) or ann.passim


# ---------------------------------------------------------------- the loader


@settings(PROFILE, max_examples=300)
@given(data=annotation_file, flow=st.booleans(), unicode=st.booleans())
def test_an_annotation_file_is_kept_or_its_faults_are_located(
    tmp_path_factory: pytest.TempPathFactory, data, flow, unicode
) -> None:
    _count("annotation files (generated structure)")
    text = _dump(data, flow, unicode)
    result = _load(tmp_path_factory.getbasetemp(), text)
    _assert_located(result, text)
    _assert_valid(result)
    items = yaml.compose(text, Loader=yaml.SafeLoader)
    listing = next((v for k, v in items.value if k.value == "annotations"), None)
    if not isinstance(listing, yaml.SequenceNode):
        assert result.problems or not data.get("annotations")
        return
    kept_at = {a.location.line for a in result.annotations}
    problem_lines = [p.location.line for p in result.problems]
    for item in listing.value:
        # lines as an editor counts them (by "\n"): YAML also breaks lines at U+0085 and U+2028
        first, last = (text.count("\n", 0, m.index) + 1 for m in (item.start_mark, item.end_mark))
        # every annotation is kept, or a problem names a line inside it: nothing is lost in silence
        assert first in kept_at or any(first <= line <= last for line in problem_lines), (first, last, result.problems)
    if "siglum" not in data or "witness" not in data:
        assert result.problems


@settings(PROFILE, max_examples=200)
@given(data=structure, flow=st.booleans(), unicode=st.booleans())
def test_any_yaml_structure_is_read_or_refused_with_a_location(
    tmp_path_factory: pytest.TempPathFactory, data, flow, unicode
) -> None:
    _count("annotation files (random YAML)")
    text = _dump({"siglum": "x", "witness": "sources/x.txt", "annotations": data}, flow, unicode)
    result = _load(tmp_path_factory.getbasetemp(), text)
    _assert_located(result, text)
    _assert_valid(result)
    if data and not result.annotations:
        assert result.problems


GOOD = """siglum: x
witness: sources/x.txt
annotations:
  - id: x-one
    kind: note
    target: {p: 1, exact: "first"}
    body: A note.
  - id: x-two
    kind: apparatus
    type: emendation
    target: {p: 2, exact: "second"}
    witness: "secnod"
    body: A correction.
"""
SENTINEL = Path("/tmp") / f"edition-hostile-{uuid.uuid4().hex}"
TAGS = [
    f'!!python/object/apply:os.makedirs ["{SENTINEL}"]',
    "!!python/object:builtins.dict {}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!custom thing",
    "!!int not-a-number",
    "!!float nan-ish",
    "!!timestamp 2022-03-01",
    "2022-03-01",
]


def _alias_bomb(width: int, depth: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, depth + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + f"\nsiglum: x\nwitness: sources/x.txt\nannotations: *a{depth}\n"


hostile_text = st.one_of(
    # a tag in place of a value, dangerous or merely unknown
    st.builds(lambda tag: GOOD.replace("body: A note.", f"body: {tag}"), st.sampled_from(TAGS)),
    st.builds(lambda tag: GOOD.replace('{p: 1, exact: "first"}', tag), st.sampled_from(TAGS)),
    # a field given twice, in a note or at the top
    st.builds(
        lambda line: GOOD.replace("    kind: note\n", f"    kind: note\n    {line}\n"),
        st.sampled_from(["kind: source", "id: x-three", "body: again"]),
    ),
    st.just(GOOD + "siglum: y\n"),
    # alias bombs of every shape
    st.builds(_alias_bomb, st.integers(2, 12), st.integers(1, 9)),
    # deep nesting, flow or block
    st.builds(lambda d: GOOD + "extra: " + "[" * d + "]" * d + "\n", st.integers(30, 6000)),
    st.builds(lambda d: GOOD + "extra:\n" + "".join("  " * i + "- \n" for i in range(1, d)), st.integers(30, 1500)),
    st.builds(lambda d: GOOD + "extra: &loop [*loop]\n" if d else GOOD, st.booleans()),
    # characters YAML refuses, anywhere
    st.builds(
        lambda at, ch: GOOD[:at] + ch + GOOD[at:],
        st.integers(0, len(GOOD)),
        st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x9f", "\ufffe", "\ufeff", "\x85", "\u2028"]),
    ),
    # a huge value
    st.builds(lambda n: GOOD.replace("body: A note.", "body: " + "é" * n), st.integers(100_000, 3_000_000)),
    # a random cut or splice: anything at all
    st.builds(lambda a, b, junk: GOOD[:a] + junk + GOOD[b:], st.integers(0, len(GOOD)), st.integers(0, len(GOOD)), any_text),
)


@settings(PROFILE, max_examples=250)
@given(text=hostile_text)
def test_hostile_yaml_is_refused_with_a_location_and_runs_nothing(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    _count("annotation files (hostile YAML)")
    result = _load(tmp_path_factory.getbasetemp(), text)
    _assert_located(result, text)
    _assert_valid(result)
    assert not SENTINEL.exists()  # no YAML tag ever runs code
    for ann in result.annotations:  # only plain values get through
        assert all(isinstance(v, (str, int, bool, type(None))) for v in (ann.id, ann.body, ann.target.exact, ann.target.p))
    if "x-one" not in {a.id for a in result.annotations} or "x-two" not in {a.id for a in result.annotations}:
        assert result.problems  # what is missing was reported


# ---------------------------------------------------------------- anchoring


def _reference_candidates(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
    """The first, obviously correct and quadratic, statement of what a selector matches."""
    starts = [i for i in range(len(text) - len(exact) + 1) if text.startswith(exact, i)] if exact else range(len(text) + 1)
    return [i for i in starts if text[:i].endswith(prefix) and text[i + len(exact) :].startswith(suffix)]


small_text = st.text(st.sampled_from("ab ,.\u00e9\u05d0\u0301\U0001f600\u00a0"), max_size=30)


@settings(PROFILE, max_examples=600)
@given(data=st.data(), texts=st.lists(small_text, min_size=1, max_size=4))
def test_a_selector_anchors_exactly_or_says_why_not(data, texts: list[str]) -> None:
    _count("selectors")
    units = [Unit(n, nodes.paragraph(), text) for n, text in enumerate(texts, 1)]
    p = data.draw(st.integers(0, len(units) + 1))
    text = units[p - 1].text if 1 <= p <= len(units) else ""
    if text and data.draw(st.booleans()):  # words that are there, with some context
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        exact = text[start:end]
        prefix = text[max(0, start - data.draw(st.integers(0, 3))) : start]
        suffix = text[end : end + data.draw(st.integers(0, 3))]
    else:
        exact, prefix, suffix = data.draw(small_text), data.draw(small_text), data.draw(small_text)
    if not exact and not prefix and not suffix:
        suffix = "a"
    occurrence = data.draw(st.none() | st.integers(1, 4))
    ann = Annotation("x-a", "note", Selector(exact, p=p, prefix=prefix, suffix=suffix, occurrence=occurrence), Location(REL, 3))
    assert _candidates(text, exact, prefix, suffix) == list(_reference_candidates(text, exact, prefix, suffix))
    started = time.perf_counter()
    found = anchor(ann, units, [])
    assert time.perf_counter() - started < SLOW
    if isinstance(found, Problem):
        assert found.subtype in ("out_of_range", "quote_not_found", "ambiguous_quote")
        assert found.location == ann.location
        return
    assert found.unit.number == p
    assert found.unit.text[found.start : found.end] == exact
    assert found.unit.text.endswith(prefix, 0, found.start) and found.unit.text.startswith(suffix, found.end)


def test_anchoring_a_long_paragraph_is_fast() -> None:
    """The search grows with the text, not its square: a 2-million-character paragraph is read in well under a second."""
    text = "word " * 400_000 + "the end"
    units = [Unit(1, nodes.paragraph(), text)]
    started = time.perf_counter()
    point = anchor(Annotation("x-a", "note", Selector("", p=1, prefix="word ", suffix="the end"), Location(REL, 1)), units, [])
    assert isinstance(point, Anchor) and point.start == len(text) - len("the end")
    assert time.perf_counter() - started < 1.0


# ---------------------------------------------------------------- inserting notes into the text


def _chapter(pieces: list[list[tuple[str, bool]]]) -> tuple[nodes.document, nodes.section]:
    document = new_document("hostile", get_default_settings(Parser))
    region = nodes.section(ids=["text"])
    region += nodes.title("", "Text")
    for paragraph in pieces:
        para = nodes.paragraph()
        for words, emphasised in paragraph:
            para += nodes.emphasis("", words) if emphasised else nodes.Text(words)
        region += para
    document += region
    apparatus = nodes.section(ids=["apparatus"])
    apparatus += ed.apparatus_list()
    document += apparatus
    return document, region


paragraphs = st.lists(
    st.lists(st.tuples(st.text(st.sampled_from("ab c\u00e9"), min_size=1, max_size=8), st.booleans()), min_size=1, max_size=3),
    min_size=1,
    max_size=4,
)


@settings(PROFILE, max_examples=300)
@given(data=st.data(), pieces=paragraphs)
def test_notes_go_in_without_changing_a_word_of_the_text(data, pieces) -> None:
    _count("notes inserted into generated chapters")
    document, region = _chapter(pieces)
    units = reading_units(region)
    before = [u.text for u in units]
    annotations, anchors = [], {}
    for n in range(data.draw(st.integers(1, 8))):
        unit = data.draw(st.sampled_from(units))
        start = data.draw(st.integers(0, len(unit.text)))
        end = data.draw(st.integers(start, len(unit.text)))
        kind = data.draw(st.sampled_from(["note", "source", "apparatus", "theme"]))
        prefix = unit.text[max(0, start - 2) : start]
        suffix = unit.text[end : end + 2] if not prefix else ""
        if start == end and not prefix and not suffix:
            continue
        ann = Annotation(
            f"x-n{n}",
            kind,
            Selector(unit.text[start:end], p=unit.number, prefix=prefix, suffix=suffix),
            Location(REL, n + 1),
            type="emendation" if kind == "apparatus" else None,
            themes=("th",) if kind == "theme" else (),
        )
        found = anchor(ann, units, [])
        if isinstance(found, Anchor):
            annotations.append(ann)
            anchors[ann.id] = found
    themes = {"th": Theme("th", "A theme", "On something.", Location("annotations/themes.yml", 1))}
    _insert(document, "x", units, [], annotations, anchors, {}, {}, themes)
    assert [u.text for u in reading_units(region)] == before  # the reading text is untouched
    ids = {i for node in document.findall(nodes.Element) for i in node["ids"]}
    for ann in annotations:
        assert ann.id in ids, ann  # every note, entry and theme box is there
        exact = ann.target.exact
        if ann.kind != "apparatus" and exact:
            wrapped = "".join(w.astext() for w in document.findall(ed.passage) if ann.id in w["note_ids"])
            assert wrapped == exact, (ann.id, wrapped, exact)
    assert len(list(document.findall(ed.apparatus_marker))) == sum(1 for a in annotations if a.kind == "apparatus")
    assert [n["target"] for n in document.findall(ed.paragraph_number)] == [f"x-p{u.number}" for u in units]


# ---------------------------------------------------------------- real builds of the test book

BUILDS = {
    "alias bomb": (_alias_bomb(9, 9), "yaml"),
    "python tag": (GOOD.replace("body: A note.", f"body: {TAGS[0]}"), "yaml"),
    "deep nesting": (GOOD + "extra: " + "[" * 20_000 + "]" * 20_000 + "\n", "yaml"),
    "control character": (GOOD.replace("A note.", "A \x07note."), "yaml"),
    "duplicate key": (GOOD.replace("    kind: note\n", "    kind: note\n    kind: source\n"), "duplicate_key"),
}
DEMO_GOOD = """siglum: demo
witness: sources/demo.txt
annotations:
  - id: demo-unicode
    kind: note
    target: {p: 1, exact: "first paragraph"}
    body: "Ünïcödé: עברית, русский, 中文, emoji \U0001f600, combining e\u0301, no-break\u00a0space, {} <> & \\" ' `x`"
  - id: demo-huge
    kind: note
    target: {p: 1, exact: "the world"}
    body: "LONG"
"""


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_a_hostile_file_fails_the_build_with_one_located_message(demo_book: Path, tmp_path: Path, name: str) -> None:
    text, subtype = BUILDS[name]
    (demo_book / "annotations" / "demo.yml").write_text(text, encoding="utf-8")
    result = strict_build(demo_book, tmp_path / "html", timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Exception occurred" not in result.stderr, result.stderr[-2000:]
    located = [line for line in result.stderr.splitlines() if f"[edition.{subtype}]" in line]
    assert len(located) == 1, result.stderr[-2000:]
    assert located[0].startswith("annotations/demo.yml:"), located[0]
    assert not SENTINEL.exists()


def test_unicode_and_a_huge_note_build_and_are_all_there(demo_book: Path, tmp_path: Path) -> None:
    """The good side: strange but valid notes build strictly and reach the page whole."""
    long_body = "A long note. " * 20_000
    text = DEMO_GOOD.replace('"LONG"', f'"{long_body.strip()}"')
    old = (demo_book / "annotations" / "demo.yml").read_text(encoding="utf-8")
    (demo_book / "annotations" / "demo.yml").write_text(text + old.split("annotations:\n", 1)[1], encoding="utf-8")
    result = strict_build(demo_book, tmp_path / "html", timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / "html" / "demo.html").read_text(encoding="utf-8")
    for ident in ("demo-unicode", "demo-huge", "demo-world", "demo-app-emphasis"):
        assert f'id="{ident}"' in html
    assert "emoji \U0001f600, combining e\u0301" in html and "&lt;&gt; &amp;" in html
    assert html.count("A long note.") == 20_000
