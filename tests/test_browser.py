"""The reader's edition in a real browser: Debian's Chromium, driven by Playwright, on the built book
served from 127.0.0.1.

At 1440 px the editors' notes stand in the margin beside their passages, overlapping neither each other
nor the text; at 375 px each note is a toggle beside its words that opens it in the text, by tap or by
keyboard; printing gives the text and its notes without the page's controls. The reader turns note
layers on and off and the choice holds on every page; every numbered paragraph can be cited; a link's
target is highlighted on arrival. No page has an axe-core violation of WCAG 2.1 A or AA, and the Nu HTML
Checker finds no error. Chapters are found in the build (pages with numbered paragraphs), so new
chapters and notes are checked without a change here. Screenshots and printed chapters are kept in
test-artifacts/ for people to look at.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 375, "height": 812}
PRINT = {"width": 794, "height": 1123}  # an A4 page in CSS pixels
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = PROJECT / "test-artifacts"

# Errors of the Nu HTML Checker that the theme's templates cause and the edition cannot mend, with why.
# An error not listed here fails the test.
THEME_HTML_ERRORS: dict[str, str] = {}

pytestmark = pytest.mark.browser


def require(present: bool, what: str) -> None:
    """A missing tool fails the test in CI (CI=true) and skips it elsewhere."""
    if present:
        return
    message = f"{what} is missing: `bash scripts/setup` installs it"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(book_html: Path) -> Iterator[str]:
    """The built book on 127.0.0.1 (not file://, where the theme's scripts meet CORS errors)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(book_html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for every test; each test opens its own context (own storage)."""
    require(CHROMIUM.exists(), "Chromium (/usr/bin/chromium, Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def book_pages(book_html: Path) -> list[str]:
    """Every page a reader can open (the redirect at the book's address leads to one of them)."""
    pages = []
    for path in sorted(book_html.rglob("*.html")):
        rel = path.relative_to(book_html).as_posix()
        if rel.startswith("_") or 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:2000]:
            continue
        pages.append(rel)
    return pages


@pytest.fixture(scope="session")
def chapters(book_html: Path, book_pages: list[str]) -> dict[str, str]:
    """siglum: page, for every page with a numbered reading text."""
    found = {}
    for rel in book_pages:
        first = re.search(r'\bid="([a-z0-9]+)-p1"', (book_html / rel).read_text(encoding="utf-8"))
        if first:
            found[first.group(1)] = rel
    assert found, "no chapter with numbered paragraphs in the build"
    return found


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@contextmanager
def opened(browser: Any, url: str, viewport: dict[str, int], **options: Any) -> Iterator[Any]:
    """A page in a fresh context (fresh storage), loaded and laid out by the edition's script."""
    context = browser.new_context(viewport=viewport, **options)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url, wait_until="load")
        page.wait_for_function("document.documentElement.classList.contains('edition-ready')")
        page.evaluate("document.fonts.ready")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        yield page
        assert not errors, f"script errors on {url}: {errors}"
    finally:
        context.close()


def settle(page: Any) -> None:
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def overlaps(a: dict[str, float], b: dict[str, float], tolerance: float = 0.5) -> bool:
    return (
        a["left"] < b["right"] - tolerance
        and b["left"] < a["right"] - tolerance
        and a["top"] < b["bottom"] - tolerance
        and b["top"] < a["bottom"] - tolerance
    )


BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left + scrollX, right: r.right + scrollX}; };
  const shown = e => e.getClientRects().length > 0;
  const inNote = e => e.closest('aside.edition-note');
  const notes = [...document.querySelectorAll('aside.edition-note')].filter(shown);
  const blocks = 'p, li, h1, h2, h3, h4, h5, h6, table, pre, blockquote, dl, figure, svg, .edition-panel';
  const text = [...document.querySelectorAll('article.bd-article')].flatMap(a => [...a.querySelectorAll(blocks)])
    .filter(e => shown(e) && !inNote(e) && !e.closest('.edition-cite-panel'))
    .filter(e => ![...e.querySelectorAll('aside.edition-note')].some(shown));  // its own blocks stand for it
  return {
    width: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    notes: notes.map(n => {
      const passage = document.getElementById(n.id + '-passage');
      return {id: n.id, box: box(n), compact: n.classList.contains('edition-compact'),
              want: passage ? box(passage).top : null};
    }),
    text: text.map(e => ({what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''), box: box(e)})),
  };
}"""


def assert_no_overlap(layout: dict[str, Any], where: str) -> None:
    notes, text = layout["notes"], layout["text"]
    for i, a in enumerate(notes):
        for b in notes[i + 1 :]:
            assert not overlaps(a["box"], b["box"]), f"{where}: the notes {a['id']} and {b['id']} overlap"
        for block in text:
            assert not overlaps(a["box"], block["box"]), f"{where}: the note {a['id']} overlaps the text ({block['what']})"
    assert layout["scrollWidth"] <= layout["width"], f"{where}: the page is wider than the window"


# ---------------------------------------------------------------- wide screens: the margin


def test_margin_notes_stand_beside_their_passages(chromium, site, chapters, artifacts) -> None:
    for siglum, rel in chapters.items():
        with opened(chromium, site + rel, WIDE) as page:
            assert page.evaluate("document.documentElement.classList.contains('edition-margin')"), siglum
            layout = page.evaluate(BOXES)
            where = f"{siglum} at 1440 px"
            notes = sorted(layout["notes"], key=lambda n: n["box"]["top"])
            assert notes, where
            text_right = max(b["box"]["right"] for b in layout["text"])
            bottom = float("-inf")
            for note in notes:
                box, want = note["box"], note["want"]
                assert want is not None, f"{where}: {note['id']} has no passage"
                assert box["left"] >= text_right, f"{where}: {note['id']} is not in the margin"
                assert box["top"] >= want - 1, f"{where}: {note['id']} stands above its passage"
                # as high as it can stand: beside its passage, or right below the note before it
                assert box["top"] <= max(want, bottom + 24) + 1, f"{where}: {note['id']} stands lower than it must"
                bottom = box["bottom"]
            assert_no_overlap(layout, where)
            page.locator(f"#{siglum}-p1").scroll_into_view_if_needed()
            page.evaluate(f"document.getElementById('{siglum}-p1').scrollIntoView({{block: 'start'}})")
            page.wait_for_timeout(600)  # the theme folds its contents menu away from the notes
            page.screenshot(path=str(artifacts / f"{siglum}-1440.png"))


def test_compact_margin_notes_open_and_close_by_keyboard(chromium, site, chapters) -> None:
    for siglum, rel in chapters.items():
        with opened(chromium, site + rel, WIDE) as page:
            compact = page.locator("aside.edition-note.edition-compact")
            if not compact.count():
                continue
            note_id = compact.first.get_attribute("id")
            more = page.locator(f"#{note_id} .edition-note-more")
            more.focus()
            assert more.get_attribute("aria-expanded") == "false"
            page.keyboard.press("Enter")
            settle(page)
            assert "edition-compact" not in (page.locator(f"#{note_id}").get_attribute("class") or "")
            assert more.get_attribute("aria-expanded") == "true"
            assert_no_overlap(page.evaluate(BOXES), f"{siglum} at 1440 px with {note_id} opened")
            page.keyboard.press("Escape")
            settle(page)
            assert "edition-compact" in (page.locator(f"#{note_id}").get_attribute("class") or "")


# ---------------------------------------------------------------- narrow screens: toggles

TOGGLES = """() => [...document.querySelectorAll('.edition-note-toggle')].filter(t => t.getClientRects().length).map(t => {
  const id = t.getAttribute('aria-controls');
  const note = document.getElementById(id);
  const parts = document.querySelectorAll('[data-notes~="' + CSS.escape(id) + '"]');
  const rects = parts.length ? parts[parts.length - 1].getClientRects() : [];
  const end = rects.length ? rects[rects.length - 1] : null;
  const r = t.getBoundingClientRect();
  return {id, expanded: t.getAttribute('aria-expanded'), shown: note.getClientRects().length > 0,
          toggle: {top: r.top, bottom: r.bottom, left: r.left, right: r.right},
          end: end && {top: end.top, bottom: end.bottom, right: end.right},
          line: parseFloat(getComputedStyle(t.parentElement).lineHeight) || 24};
})"""


def test_narrow_notes_are_toggles_beside_their_words(chromium, site, chapters, artifacts) -> None:
    for siglum, rel in chapters.items():
        options = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
        with opened(chromium, site + rel, NARROW, **options) as page:
            where = f"{siglum} at 375 px"
            assert page.evaluate("document.documentElement.classList.contains('edition-narrow')"), where
            notes = page.locator("aside.edition-note").count()
            toggles = page.evaluate(TOGGLES)
            assert len(toggles) == notes, f"{where}: {notes} notes but {len(toggles)} toggles"
            for t in toggles:
                assert t["expanded"] == "false" and not t["shown"], f"{where}: {t['id']} is open before it is asked for"
                assert t["end"], f"{where}: {t['id']} has no passage"
                # beside its words: on the line where they end, or at the start of the next
                assert abs(t["toggle"]["top"] - t["end"]["top"]) <= 1.6 * t["line"], f"{where}: {t['id']} is far from its words"
            page.evaluate(f"document.getElementById('{siglum}-p1').scrollIntoView({{block: 'start'}})")
            page.screenshot(path=str(artifacts / f"{siglum}-375.png"))

            for i in range(min(3, len(toggles))):  # a finger's tap; the rest are opened by the same handler
                page.locator(".edition-note-toggle").nth(i).tap()
            page.evaluate("document.querySelectorAll('.edition-note-toggle[aria-expanded=false]').forEach(t => t.click())")
            settle(page)
            opened_toggles = page.evaluate(TOGGLES)
            for t in opened_toggles:
                assert t["expanded"] == "true" and t["shown"], f"{where}: a tap did not open {t['id']}"
            layout = page.evaluate(BOXES)
            assert len(layout["notes"]) == notes
            tops = {t["id"]: t["toggle"]["bottom"] + page.evaluate("scrollY") for t in opened_toggles}
            for note in layout["notes"]:
                assert note["box"]["left"] >= 0 and note["box"]["right"] <= NARROW["width"], f"{where}: {note['id']} is cut off"
                assert note["box"]["top"] >= tops[note["id"]] - 2 * 24, f"{where}: {note['id']} opens far from its toggle"
            for i, a in enumerate(layout["notes"]):
                for b in layout["notes"][i + 1 :]:
                    assert not overlaps(a["box"], b["box"]), f"{where}: {a['id']} and {b['id']} overlap"
            assert layout["scrollWidth"] <= layout["width"], f"{where}: the page is wider than the window"
            page.evaluate(f"document.getElementById('{siglum}-p1').scrollIntoView({{block: 'start'}})")
            page.screenshot(path=str(artifacts / f"{siglum}-375-notes-open.png"))


def test_narrow_toggles_work_by_keyboard(chromium, site, chapters) -> None:
    rel = next(iter(chapters.values()))
    with opened(chromium, site + rel, NARROW) as page:
        for _ in range(600):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('edition-note-toggle')"):
                break
        else:
            pytest.fail("Tab never reaches a note toggle")
        note_id = page.evaluate("document.activeElement.getAttribute('aria-controls')")
        note = page.locator(f"#{note_id}")
        page.keyboard.press("Enter")
        assert note.is_visible() and page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
        page.keyboard.press(" ")
        assert not note.is_visible()
        page.keyboard.press(" ")
        assert note.is_visible()
        inside = f"document.getElementById('{note_id}').contains(document.activeElement)"
        for _ in range(3):  # into the note, past the toggles of other notes on the same words
            page.keyboard.press("Tab")
            if page.evaluate(inside):
                break
        assert page.evaluate(inside), "Tab does not lead into the opened note"
        page.keyboard.press("Escape")
        assert not note.is_visible()
        assert page.evaluate(f"document.activeElement.getAttribute('aria-controls') === '{note_id}'")


# ---------------------------------------------------------------- note layers

VISIBLE = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length).length"""
LAYER_ELEMENTS = {
    "Editors' notes": "aside.edition-note:not(.edition-theme)",
    "Apparatus markers": "a.edition-app-marker",
    "Theme links": "aside.edition-theme, .edition-theme-line",
}


def test_note_layers_hide_show_and_persist_across_pages(chromium, site, chapters) -> None:
    pages = list(chapters.values())
    context = chromium.new_context(viewport=WIDE)
    try:
        page = context.new_page()
        page.goto(site + pages[0])
        page.wait_for_function("document.documentElement.classList.contains('edition-ready')")
        for selector in LAYER_ELEMENTS.values():
            assert page.evaluate(VISIBLE, selector) > 0, selector
        for _ in range(80):  # the control is reached by keyboard
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "edition-layers-button":
                break
        else:
            pytest.fail("Tab never reaches the note layers control")
        page.keyboard.press("Enter")
        panel = page.locator("#edition-layers-panel")
        assert panel.is_visible()
        for label in LAYER_ELEMENTS:
            box = page.get_by_label(label)
            box.focus()
            page.keyboard.press(" ")
            assert not box.is_checked()
        page.keyboard.press("Escape")
        assert not panel.is_visible()
        assert page.evaluate("document.activeElement.id") == "edition-layers-button"
        for target in [pages[-1], pages[0]]:
            page.goto(site + target)
            page.wait_for_function("document.documentElement.classList.contains('edition-ready')")
            for label, selector in LAYER_ELEMENTS.items():
                assert page.evaluate(VISIBLE, selector) == 0, f"{label} still shown on {target}"
            assert page.evaluate(VISIBLE, ".edition-passage--note[data-notes]") > 0
            decoration = page.evaluate(
                "getComputedStyle(document.querySelector('span.edition-passage--note')).textDecorationLine"
            )
            assert decoration == "none", "passages of hidden notes are still marked"
            page.locator("#edition-layers-button").click()
            for label in LAYER_ELEMENTS:
                assert not page.get_by_label(label).is_checked()
        page.get_by_label("Editors' notes").check()
        page.reload()
        page.wait_for_function("document.documentElement.classList.contains('edition-ready')")
        assert page.evaluate(VISIBLE, LAYER_ELEMENTS["Editors' notes"]) > 0
        assert page.evaluate(VISIBLE, LAYER_ELEMENTS["Apparatus markers"]) == 0
        assert_no_overlap(page.evaluate(BOXES), "notes shown again, themes hidden")
    finally:
        context.close()


# ---------------------------------------------------------------- paragraph links


def test_every_numbered_paragraph_can_be_cited_by_keyboard(chromium, site, chapters) -> None:
    """The paragraph number, a link to the paragraph, opens a panel that copies the link or a citation."""
    siglum, rel = next(iter(chapters.items()))
    context = chromium.new_context(viewport=WIDE, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site + rel)
        page.wait_for_function("document.documentElement.classList.contains('edition-ready')")
        popups = page.evaluate(
            """[...document.querySelectorAll('.edition-unit')].map(u =>
                 [...u.querySelectorAll('a.edition-pnum')].filter(a => a.getAttribute('aria-haspopup') === 'dialog').length)"""
        )
        assert popups and all(n == 1 for n in popups), "every numbered paragraph has one citation control"
        target = page.evaluate("document.querySelectorAll('.edition-unit')[1].id")
        number = target.split("-p")[1]
        page.locator(f"#{target} a.edition-pnum").focus()
        page.keyboard.press("Enter")
        panel = page.get_by_role("dialog", name=f"Cite {siglum.upper()} ¶{number}")
        panel.wait_for()
        url = site + rel + "#" + target
        assert page.url == url, "following the number makes the paragraph the page's address"
        assert page.evaluate("document.activeElement.textContent") == "Copy link"
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.edition-cite-status').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == url
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.edition-cite-status').textContent.startsWith('Citation')")
        citation = page.evaluate("navigator.clipboard.readText()")
        assert url in citation and f"¶{number}" in citation
        assert page.locator(".edition-cite-text").inner_text() == citation
        page.keyboard.press("Escape")
        assert not panel.is_visible()
        assert page.evaluate("document.activeElement.classList.contains('edition-pnum')")
    finally:
        context.close()


ARRIVAL = """(id) => { const e = document.getElementById(id), r = e.getBoundingClientRect();
  const header = document.querySelector('.bd-header-article');
  const probe = document.createElement('span'); probe.style.background = 'var(--edition-passage)';
  document.body.append(probe); const want = getComputedStyle(probe).backgroundColor; probe.remove();
  return {bg: getComputedStyle(e).backgroundColor, want, top: r.top, height: innerHeight,
          below: header ? header.getBoundingClientRect().bottom : 0}; }"""


def test_link_targets_are_highlighted_and_opened_on_arrival(chromium, site, book_html, chapters) -> None:
    for siglum, rel in chapters.items():
        html = (book_html / rel).read_text(encoding="utf-8")
        units = [f"{siglum}-p{n}" for n in range(1, html.count('class="edition-pnum"') + 1)]
        target = units[len(units) // 2]
        with opened(chromium, f"{site}{rel}#{target}", WIDE) as page:
            found = page.evaluate(ARRIVAL, target)
            assert found["bg"] == found["want"], f"{siglum}: {target} is not highlighted on arrival"
            assert found["below"] - 1 <= found["top"] < found["height"], f"{siglum}: {target} is hidden on arrival"
            compact = page.evaluate("[...document.querySelectorAll('aside.edition-compact')].map(n => n.id)")
            if compact:  # following a link to a compact note opens it
                page.evaluate(f"location.hash = '#{compact[-1]}'")
                settle(page)
                note = page.locator(f"#{compact[-1]}")
                assert "edition-compact" not in note.get_attribute("class"), f"{siglum}: {compact[-1]} stays compact"
                assert note.is_visible()
        note_id = page_note_id(book_html / rel)
        with opened(chromium, f"{site}{rel}#{note_id}", NARROW) as page:
            assert page.locator(f"#{note_id}").is_visible(), f"{siglum}: the note {note_id} stays closed on arrival"
            toggle = page.locator(f".edition-note-toggle[aria-controls='{note_id}']")
            assert toggle.get_attribute("aria-expanded") == "true"


def page_note_id(path: Path) -> str:
    """A note from the middle of a chapter, read from the built page."""
    html = path.read_text(encoding="utf-8")
    ids = [chunk.split('id="', 1)[1].split('"', 1)[0] for chunk in html.split('<aside class="sidebar margin edition-note')[1:]]
    return ids[len(ids) // 2]


# ---------------------------------------------------------------- print


HIDDEN_IN_PRINT = (
    ".bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header, .bd-footer, "
    ".edition-layers, .edition-cite-panel, .edition-note-toggle, .edition-note-more"
)


def test_printing_gives_a_clean_page(chromium, site, chapters, artifacts) -> None:
    for siglum, rel in chapters.items():
        with opened(chromium, site + rel, WIDE) as page:
            notes = page.locator("aside.edition-note").count()
            page.set_viewport_size(PRINT)
            page.emulate_media(media="print")
            settle(page)
            where = f"{siglum} printed"
            assert page.evaluate(VISIBLE, HIDDEN_IN_PRINT) == 0, f"{where}: the page's controls are printed"
            layout = page.evaluate(BOXES)
            assert len(layout["notes"]) == notes, f"{where}: not every note is printed"
            assert page.evaluate(VISIBLE, "aside.edition-compact .edition-note-head + *") == page.evaluate(
                "document.querySelectorAll('aside.edition-compact .edition-note-head + *').length"
            ), f"{where}: compact notes are printed without their text"
            assert_no_overlap(layout, where)
            for note in layout["notes"]:
                assert note["box"]["right"] <= PRINT["width"], f"{where}: {note['id']} runs off the page"
            page.pdf(path=str(artifacts / f"{siglum}-print.pdf"), format="A4")
            assert (artifacts / f"{siglum}-print.pdf").stat().st_size > 10_000


# ---------------------------------------------------------------- accessibility: axe-core


def axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
          .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))""",
        WCAG_TAGS,
    )
    return result


def test_every_page_has_no_axe_violations(chromium, site, book_pages) -> None:
    require(AXE.is_file(), "axe-core (npm, node_modules/axe-core)")
    found = {}
    for rel in book_pages:
        with opened(chromium, site + rel, WIDE) as page:
            violations = axe(page)
            if violations:
                found[rel] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_chapters_have_no_axe_violations_in_every_state(chromium, site, chapters) -> None:
    """Dark mode, and at 375 px with every note, the layers panel and a citation open."""
    require(AXE.is_file(), "axe-core (npm, node_modules/axe-core)")
    found = {}
    for siglum, rel in chapters.items():
        context = chromium.new_context(viewport=WIDE, color_scheme="dark")
        try:
            page = context.new_page()
            page.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
            page.goto(site + rel)
            page.wait_for_function("document.documentElement.classList.contains('edition-ready')")
            assert page.evaluate("document.documentElement.dataset.theme") == "dark"
            if violations := axe(page):
                found[f"{siglum} dark"] = violations
        finally:
            context.close()
        with opened(chromium, site + rel, NARROW) as page:
            page.evaluate("document.querySelectorAll('.edition-note-toggle').forEach(t => t.click())")
            page.locator("#edition-layers-button").click()
            page.evaluate("document.querySelectorAll('a.edition-pnum')[1].click()")
            page.locator(".edition-cite-panel").wait_for()
            if violations := axe(page):
                found[f"{siglum} 375 px, all open"] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_pages_declare_their_language(chromium, site, book_pages) -> None:
    with opened(chromium, site + book_pages[0], WIDE) as page:
        assert page.evaluate("document.documentElement.lang") == "en"


# ---------------------------------------------------------------- valid HTML: the Nu HTML Checker


def nu_errors(files: list[Path]) -> list[dict[str, Any]]:
    java = shutil.which("java")
    require(java is not None, "Java (Debian package default-jre-headless)")
    require(VNU.is_file(), "the Nu HTML Checker (npm vnu-jar)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error" and not any(p in m["message"] for p in THEME_HTML_ERRORS)]


def test_html_is_valid(chromium, site, book_html, book_pages, chapters, tmp_path) -> None:
    """Every page as served, and each chapter as it stands once the script has added its controls."""
    files = [book_html / rel for rel in book_pages] + [book_html / "index.html"]
    for siglum, rel in chapters.items():
        with opened(chromium, site + rel, WIDE) as page:
            snapshot = tmp_path / f"{siglum}-after-script.html"
            snapshot.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
            files.append(snapshot)
    errors = nu_errors(files)
    assert not errors, "\n".join(f"{e['url'].rsplit('/', 2)[-1]}:{e.get('lastLine')}: {e['message']}" for e in errors)
