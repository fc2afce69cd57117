"""The map and the timeline: drawn from the annotation data, linked, tabulated, checked, and redrawn when the data changes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT, copy_project, jupyter_book

INDEX = PROJECT / "annotations" / "index.yml"
EVENTS = PROJECT / "annotations" / "events.yml"
# where a place that the index says is in Ukraine may lie (the country's extreme points, with a margin)
UKRAINE_BOX = (22.0, 40.3, 44.3, 52.4)  # west, east, south, north
IN_UKRAINE = re.compile(r"Ukraine|Kyiv region|Chernihiv region|Oblast|oblast|Kyiv|Donetsk|Luhansk|Crimea")
NOT_IN_UKRAINE = ("Country", "Continent", "Former", "Region of Belarus", "The eastern part")


def _places() -> list[dict]:
    return [e for e in yaml.safe_load(INDEX.read_text(encoding="utf-8"))["entries"] if e["type"] == "place"]


def _events() -> dict:
    return yaml.safe_load(EVENTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(book_html: Path) -> BeautifulSoup:
    return BeautifulSoup((book_html / "book" / "pictures.html").read_text(encoding="utf-8"), "html.parser")


def test_every_place_is_located_inside_a_plausible_box_or_says_why_not() -> None:
    places = _places()
    located = [p for p in places if "lat" in (p.get("location") or {})]
    assert len(located) >= 100, f"only {len(located)} of {len(places)} places have coordinates"
    for place in places:
        location = place.get("location") or {}
        assert "lat" in location or len(location.get("unlocated", "")) >= 10, place["id"]
        if "lat" not in location:
            continue
        assert location["source"].startswith(("http://", "https://")) and location["basis"], place["id"]
        described = place["description"]
        if IN_UKRAINE.search(described) and not described.startswith(NOT_IN_UKRAINE) and "Belarus" not in place["name"]:
            west, east, south, north = UKRAINE_BOX
            assert west <= location["lon"] <= east and south <= location["lat"] <= north, (
                f"{place['id']} is described as in Ukraine but lies at {location['lat']}, {location['lon']}"
            )


def test_the_map_draws_every_located_place_and_links_it_to_its_index_entry(page: BeautifulSoup, book_html: Path) -> None:
    located = {p["id"] for p in _places() if "lat" in (p.get("location") or {})}
    drawn = [a for a in page.select("svg.edition-map a[data-place]")]
    assert {a["data-place"] for a in drawn} == located
    assert len(drawn) == len(located), "a place is drawn on more than one map"
    index = BeautifulSoup((book_html / "book" / "indexes.html").read_text(encoding="utf-8"), "html.parser")
    for a in drawn:
        target = urlparse(a["href"])
        assert target.path == "indexes.html" and target.fragment == f"index-{a['data-place']}", a["href"]
        assert index.find(id=target.fragment) is not None, a["href"]
        assert a.get("aria-label"), a["data-place"]
    # every name is written, either beside its point or as a number explained in the map's key
    for svg in page.select("svg.edition-map"):
        names = [t.get_text() for t in svg.select("a[data-place] text.edition-map-name")]
        key = [t.get_text() for t in svg.find_all("text", recursive=False)]
        for name in names:
            if name.isdigit():
                assert any(k.startswith(f"{name} ") for k in key), f"number {name} is not in the map's key"


def test_the_kyiv_region_is_drawn_at_a_scale_where_its_places_can_be_told_apart(page: BeautifulSoup) -> None:
    panel = page.select_one("svg.edition-map[aria-labelledby^='map-kyiv']")
    assert panel is not None
    points = [(float(c["cx"]), float(c["cy"])) for c in panel.select("a[data-place] circle")]
    assert len(points) >= 20
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1 :])
    assert closest >= 5, f"two places of the Kyiv map are {closest:.1f} units apart"


def test_the_places_table_gives_every_place_its_paragraphs_and_its_source(page: BeautifulSoup) -> None:
    for place in _places():
        row = page.find(id=f"place-{place['id']}")
        assert row is not None, place["id"]
        cells = row.find_all("td")
        location = place["location"]
        if "lat" in location:
            assert cells[2].get_text(strip=True).startswith("Map ")
            assert cells[2].find("a", href=location["source"]) is not None
        else:
            assert cells[2].get_text(" ", strip=True).startswith("Not on the map.")
            assert location["unlocated"] in cells[2].get_text(" ", strip=True)
        assert cells[1].find("a"), f"{place['id']}: no paragraph or note links to it"


def test_every_event_has_a_date_a_source_and_a_paragraph_that_mentions_it(page: BeautifulSoup, book_html: Path) -> None:
    events = _events()["events"]
    assert len(events) >= 30
    drawn = {a["data-event"]: a["href"] for a in page.select("svg.edition-timeline a[data-event]")}
    assert set(drawn) >= {e["id"] for e in events}
    chapters = {}
    for event in events:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event["date"]) and event["cite"], event["id"]
        first = event["mentions"][0]
        target = urlparse(drawn[event["id"]])
        assert target.fragment == f"{first['siglum']}-p{first['p']}"
        for mention in event["mentions"]:
            html = chapters.setdefault(
                mention["siglum"],
                BeautifulSoup((book_html / "book" / f"{mention['siglum']}.html").read_text(encoding="utf-8"), "html.parser"),
            )
            paragraph = html.find(id=f"{mention['siglum']}-p{mention['p']}")
            assert paragraph is not None
            words = " ".join(paragraph.get_text(" ").split())
            assert " ".join(mention["exact"].split()) in words or mention["exact"].split()[0] in words, (event["id"], mention)
    table = page.find(id="timeline-table")
    assert table is not None and len(table.find_all("tr")) == len(events) + 1
    assert len(table.select("a[href*='bibliography']")) >= len(events), "every row of the table cites its sources"


def test_the_timeline_runs_from_the_recognition_to_april_and_marks_the_statements_dates(page: BeautifulSoup) -> None:
    data = _events()
    dates = sorted(e["date"] for e in data["events"])
    assert "2022-02-21" in dates and any(d.startswith("2022-04") for d in dates) and dates[0] < "2022"
    svg = page.select_one("svg.edition-timeline")
    text = svg.get_text(" ")
    for statement in data["statements"]:
        assert statement["label"] in text
    assert svg.find("title").get_text() and svg.find("desc").get_text()


BAD_EVENTS = """\
statements:
  - {siglum: lmi, date: "2022-04-27", label: "LMI published"}
events:
  - id: words-not-there
    date: "2022-02-24"
    label: An event whose words are not in its paragraph
    mentions:
      - {siglum: lmi, p: 13, exact: "words that no paragraph has"}
    cite: [ukrainskapravda2022hostomil]
  - id: unknown-place
    date: "2022-02-24"
    label: An event at a place the index does not have
    mentions:
      - {siglum: lmi, p: 13, exact: "airborne"}
    cite: [ukrainskapravda2022hostomil]
    place: atlantis
  - id: unquoted-date
    date: 2014
    label: An event whose year YAML reads as a number
    mentions:
      - {siglum: lmi, p: 13, exact: "airborne"}
    cite: [ukrainskapravda2022hostomil]
"""


def test_bad_events_and_unlocated_places_are_located_errors_that_fail_the_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "annotations" / "events.yml").write_text(BAD_EVENTS, encoding="utf-8")
    index = (root / "annotations" / "index.yml").read_text(encoding="utf-8")
    index = re.sub(r"(  - id: kyiv\n(?:    (?!location).*\n)*)    location:\n(?:      .*\n)+", r"\1", index, count=1)
    (root / "annotations" / "index.yml").write_text(index, encoding="utf-8")
    result = jupyter_book(root, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    lines = {line for line in log.splitlines() if "WARNING" in line}
    expected = [
        r"annotations/events\.yml:\d+: WARNING: event 'words-not-there': the words 'words that no paragraph has' "
        r"are not in LMI ¶13\. Mend:",
        r"annotations/events\.yml:\d+: WARNING: event 'unknown-place': 'atlantis' is not a place of "
        r"annotations/index\.yml\. Mend:",
        r"annotations/events\.yml:\d+: WARNING: .*unquoted-date.*Mend:",
        r"annotations/index\.yml:\d+: WARNING: index entry 'kyiv' is a place with no location, so the map cannot show it\. Mend:",
    ]
    for pattern in expected:
        assert sum(1 for line in lines if re.search(pattern, line)) == 1, f"{pattern}\n{log[-4000:]}"


def test_the_pictures_are_redrawn_when_their_data_changes(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    assert jupyter_book(root, out).returncode == 0
    page = out / "_build" / "html" / "book" / "pictures.html"
    before = page.read_text(encoding="utf-8")
    assert "Russia recognises" in before
    events = (root / "annotations" / "events.yml").read_text(encoding="utf-8")
    (root / "annotations" / "events.yml").write_text(
        events.replace("Russia recognises", "Moscow recognises", 1), encoding="utf-8"
    )
    index = (root / "annotations" / "index.yml").read_text(encoding="utf-8")
    index = re.sub(r"(  - id: lviv\n(?:    .*\n)*?      lat: )[0-9.]+", r"\g<1>49.5", index, count=1)
    (root / "annotations" / "index.yml").write_text(index, encoding="utf-8")
    result = jupyter_book(root, out)
    assert result.returncode == 0, result.stdout[-2000:]
    after = page.read_text(encoding="utf-8")
    assert "Moscow recognises" in after and "Russia recognises" not in after
    lviv = re.compile(r'data-place="lviv"><title>Lviv</title><circle cx="[0-9.]+" cy="([0-9.]+)"')
    assert lviv.search(before).group(1) != lviv.search(after).group(1), "the map did not move Lviv"
