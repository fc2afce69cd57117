"""The validated shape of an annotation file: what every later stage may rely on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("note", "source", "apparatus", "theme")
MARGIN_KINDS = ("note", "source", "theme")


def shown(value: Any, limit: int = 60) -> str:
    """Input quoted in a message, cut short: a megabyte pasted by mistake must not flood the log."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Location:
    """A place in a file, for messages that a contributor can act on."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the input, said once, with where and how to mend it."""

    subtype: str
    message: str
    location: Location | None = None


@dataclass(frozen=True)
class Selector:
    """A W3C TextQuoteSelector restricted to one paragraph (or one authors' note)."""

    exact: str
    p: int | None = None
    note: int | None = None
    prefix: str = ""
    suffix: str = ""
    occurrence: int | None = None

    def describe(self) -> str:
        where = f"note {self.note}" if self.note is not None else f"¶{self.p}" if self.p else "the text"
        return f"{where}, {self.exact!r}"


@dataclass(frozen=True)
class Annotation:
    """One standoff annotation; body is MyST Markdown, parsed later with the chapter."""

    id: str
    kind: str
    target: Selector
    location: Location
    body: str = ""
    body_line: int = 0
    type: str | None = None
    witness: str | None = None
    moved: tuple[int, int] | None = None
    passim: bool = False
    themes: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()

    @property
    def is_margin(self) -> bool:
        return self.kind in MARGIN_KINDS


@dataclass
class AnnotationFile:
    """Everything one annotations/<siglum>.yml holds, and what was wrong with it."""

    path: str
    siglum: str = ""
    witness: str = ""
    annotations: list[Annotation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Theme:
    """A question both statements treat, named once in annotations/themes.yml."""

    id: str
    title: str
    description: str
    location: Location


@dataclass
class ThemesFile:
    """The shared themes, and what was wrong with their file."""

    path: str
    themes: list[Theme] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Position:
    """Where a place of the index is drawn on the map, and the page its coordinates were read from."""

    lat: float
    lon: float
    source: str
    basis: str
    area: bool = False  # a country or region: its name is written across it, with no point
    note: str = ""  # which of several places of the name, or what the point stands for


@dataclass(frozen=True)
class IndexEntry:
    """A person, place or organisation of the indexes, and the forms by which the texts name it."""

    id: str
    type: str
    name: str
    description: str
    location: Location
    forms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    position: Position | None = None  # places only
    unlocated: str = ""  # places only: why the map leaves it out


@dataclass(frozen=True)
class Mention:
    """Words of one paragraph that name or allude to an event of the timeline."""

    siglum: str
    p: int
    exact: str


@dataclass(frozen=True)
class Event:
    """A dated event of the timeline, the paragraphs that mention it, and the works that date it."""

    id: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    label: str
    mentions: tuple[Mention, ...]
    cite: tuple[str, ...]
    location: Location
    end: str = ""
    place: str = ""


@dataclass(frozen=True)
class StatementDate:
    """A statement's own date, marked on the timeline."""

    siglum: str
    date: str
    label: str


@dataclass
class EventsFile:
    """The timeline's events, the statements' dates, and what was wrong with their file."""

    path: str
    events: list[Event] = field(default_factory=list)
    statements: list[StatementDate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class IndexFile:
    """The registry of the indexes, and what was wrong with its file."""

    path: str
    entries: list[IndexEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Redirects:
    """Retired anchors, each with the anchor on its page that now answers for it."""

    path: str
    targets: dict[str, tuple[str, Location]] = field(default_factory=dict)  # retired id: (new id, where declared)
    problems: list[Problem] = field(default_factory=list)
