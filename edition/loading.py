"""YAML in, validated model out: every problem located at a file and line.

The JSON Schema in ``schema/`` is the single statement of the file format; this module
turns its verdicts into messages a contributor can act on.
"""

from __future__ import annotations

import bisect
import difflib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import yaml

from .model import (
    Annotation,
    AnnotationFile,
    Event,
    EventsFile,
    IndexEntry,
    IndexFile,
    Location,
    Mention,
    Position,
    Problem,
    Redirects,
    Selector,
    StatementDate,
    Theme,
    ThemesFile,
    shown,
)

SCHEMA_DIR = Path(__file__).parent / "schema"
MAX_NODES = 200_000  # more YAML nodes than this is an alias bomb, not an annotation file
MAX_DEPTH = 64  # an annotation file is five levels deep; far deeper is an attack or an accident
PLAIN_SCALARS = {"str", "int", "float", "bool", "null"}

Path_ = tuple[Any, ...]


class _YamlError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@lru_cache(maxsize=4)
def schema(name: str = "annotations") -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


_BREAKS = ("\x85", "\u2028", "\u2029", "\r")  # line breaks to YAML, not to a contributor's editor
_text: list[str] = [""]  # the file being read (libyaml's marks do not carry it)
_newlines: list = [None, None]  # the text last looked at, and where its lines begin (None: YAML counts right)


def _row(mark: yaml.Mark) -> int:
    """The line of a mark as an editor counts lines (by "\\n"), which YAML does not when the text holds U+0085 and kin."""
    buffer = mark.buffer if isinstance(mark.buffer, str) else _text[0]
    if mark.index is None or not buffer:
        return mark.line + 1
    if _newlines[0] is not buffer:
        odd = any(b in buffer for b in _BREAKS)
        _newlines[0], _newlines[1] = buffer, ([i for i, c in enumerate(buffer) if c == "\n"] if odd else None)
    if _newlines[1] is None:
        return mark.line + 1
    return bisect.bisect_left(_newlines[1], mark.index) + 1


def _too_deep(line: int, rel: str) -> _YamlError:
    return _YamlError(
        Problem(
            "yaml",
            f"the values are nested more than {MAX_DEPTH} levels deep here (or an alias refers to itself). "
            "Mend: an annotation is a mapping of plain values; remove the extra brackets or indentation.",
            Location(rel, line),
        )
    )


def _check_size(root: yaml.Node, rel: str) -> None:
    """Refuse alias bombs and runaway nesting before anything is expanded.

    Each distinct node is sized once (aliases share nodes), so a file that would expand to
    billions of values is refused at the cost of reading it, not of expanding it.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _too_deep(_row(node.start_mark), rel)
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        if total > MAX_NODES:
            raise _YamlError(
                Problem(
                    "yaml",
                    f"the file expands to more than {MAX_NODES} values (aliases repeated too often?). "
                    "Mend: write each annotation out in full; do not use YAML anchors and aliases.",
                    Location(rel, _row(node.start_mark)),
                )
            )
        sizes[id(node)] = total
        return total

    size(root, 0)


def _deep_line(text: str, loader: type[yaml.SafeLoader]) -> int:
    """The line where the nesting first goes deeper than MAX_DEPTH (0 if it never does), found without recursion."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return _row(event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return 0


def _compose(text: str, rel: str) -> yaml.Node | None:
    """The file's node tree, composed safely and fast.

    libyaml (when PyYAML has it) first checks the nesting with its iterative parser, then
    composes, some ten times faster than Python: a corpus of hundreds of annotation files
    loads in seconds. Whatever libyaml finds wrong is read again by Python's parser, whose
    messages name the construct and the line; Python's own composer is recursive, so very
    deep nesting is caught there too.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            deep = _deep_line(text, fast)
            if not deep:
                return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            deep = 0  # Python's parser says what is wrong, below
        if deep:
            raise _too_deep(deep, rel)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise _too_deep(_deep_line(text, yaml.SafeLoader) or 1, rel) from None


def _plain(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], rel: str, budget: list[int], loader: yaml.SafeLoader | None = None
) -> Any:
    """Turn a composed YAML node into plain data, recording each value's line."""
    loader = loader or yaml.SafeLoader("")
    budget[0] -= 1
    if budget[0] < 0:
        raise _YamlError(
            Problem(
                "yaml",
                f"the file expands to more than {MAX_NODES} values (aliases repeated too often?). "
                "Mend: write each annotation out in full; do not use YAML anchors and aliases.",
                Location(rel, _row(node.start_mark)),
            )
        )
    if len(path) > MAX_DEPTH:
        raise _too_deep(_row(node.start_mark), rel)
    lines[path] = _row(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise _bad_tag(node, rel)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _YamlError(
                    Problem(
                        "yaml",
                        "a key must be a plain word. Mend: write `field: value`.",
                        Location(rel, _row(key_node.start_mark)),
                    )
                )
            key = key_node.value
            if key in out:
                raise _YamlError(
                    Problem(
                        "duplicate_key",
                        f"the field {key!r} is given twice in one mapping (first on line {lines[(*path, key)]}). "
                        "Mend: keep one of them.",
                        Location(rel, _row(key_node.start_mark)),
                    )
                )
            out[key] = _plain(value_node, (*path, key), lines, rel, budget, loader)
            lines[(*path, key)] = _row(key_node.start_mark)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _bad_tag(node, rel)
        return [_plain(item, (*path, i), lines, rel, budget, loader) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # a date such as 2022-03-01 is text here, as the schema wants it
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.rsplit(":", 1)[-1] not in PLAIN_SCALARS:
        raise _bad_tag(node, rel)
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:  # e.g. `!!int abc`, or 5000 digits
        raise _YamlError(
            Problem(
                "yaml",
                f"unreadable value {shown(node.value)}: {shown(str(exc), 120)}. Mend: write a plain number or text.",
                Location(rel, _row(node.start_mark)),
            )
        ) from exc


def _bad_tag(node: yaml.Node, rel: str) -> _YamlError:
    return _YamlError(
        Problem(
            "yaml",
            f"the YAML tag {node.tag!r} is not allowed. "
            "Mend: remove the tag; values are plain text, numbers, lists and mappings.",
            Location(rel, _row(node.start_mark)),
        )
    )


def _line(lines: dict[Path_, int], path: Path_) -> int:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def _item_name(data: Any, path: Path_, list_key: str) -> str:
    what = {"themes": "theme", "entries": "index entry", "events": "event"}.get(list_key, "annotation")
    if len(path) >= 2 and path[0] == list_key and isinstance(path[1], int):
        try:
            ident = data[list_key][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            ident = None
        return f"{what} {shown(ident)}" if isinstance(ident, str) else f"{what} #{path[1] + 1}"
    return "the file"


def _schema_problem(error: jsonschema.ValidationError, data: Any, lines: dict[Path_, int], rel: str, list_key: str) -> Problem:
    """Say what the schema found wrong in words that name the mend."""
    path = tuple(error.absolute_path)
    where = _item_name(data, path, list_key)
    field_name = next((p for p in reversed(path) if isinstance(p, str)), None)
    loc = Location(rel, _line(lines, path))
    validator = error.validator
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        bad = extra[0] if extra else "?"
        loc = Location(rel, _line(lines, (*path, bad)))
        guess = difflib.get_close_matches(bad, allowed, n=1)
        hint = f" Did you mean {guess[0]!r}?" if guess else ""
        return Problem("unknown_field", f"{where}: unknown field {shown(bad)}.{hint} Allowed fields: {', '.join(allowed)}.", loc)
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.message)
        return Problem("missing_field", f"{where}: the required field {missing!r} is missing. Mend: add `{missing}:` to it.", loc)
    if validator == "type":
        expected = error.validator_value
        return Problem(
            "wrong_type",
            f"{where}: {field_name or 'value'} must be {_a(expected)}, "
            f"not {_a(_json_type(error.instance))} ({shown(error.instance)})."
            + (
                " Mend: put it in double quotes." if expected == "string" and not isinstance(error.instance, (dict, list)) else ""
            ),
            loc,
        )
    if validator == "enum" and field_name == "kind":
        return Problem(
            "unknown_kind",
            f"{where}: unknown kind {shown(error.instance)}. Mend: use one of {', '.join(map(repr, error.validator_value))}.",
            loc,
        )
    if validator in ("enum", "const"):
        options = error.validator_value if validator == "enum" else [error.validator_value]
        return Problem(
            "bad_value", f"{where}: {field_name} is {shown(error.instance)}; use one of {', '.join(map(repr, options))}.", loc
        )
    if validator == "pattern" and field_name == "id":
        return Problem(
            "bad_id",
            f"{where}: the id {shown(error.instance)} is not of the form siglum-words "
            "(lower case, digits, hyphens), e.g. 'itc-minsk-agreements'.",
            loc,
        )
    return Problem("invalid", f"{where}: {field_name or 'value'}: {error.message[:200]}.", loc)


def _a(kind: Any) -> str:
    names = {
        "integer": "a whole number",
        "string": "text",
        "array": "a list",
        "object": "a mapping",
        "boolean": "true or false",
        "null": "empty",
        "number": "a number",
    }
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(kind, str(kind))


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _model(item: dict[str, Any], index: int, lines: dict[Path_, int], rel: str) -> Annotation:
    path: Path_ = ("annotations", index)
    target = item["target"]
    moved = item.get("moved")
    return Annotation(
        id=item["id"],
        kind=item["kind"],
        target=Selector(
            exact=target["exact"],
            p=target.get("p"),
            note=target.get("note"),
            prefix=target.get("prefix", ""),
            suffix=target.get("suffix", ""),
            occurrence=target.get("occurrence"),
        ),
        location=Location(rel, _line(lines, path)),
        body=item.get("body", ""),
        body_line=_line(lines, (*path, "body")) + (1 if "\n" in item.get("body", "") else 0),
        type=item.get("type"),
        witness=item.get("witness"),
        moved=(moved[0], moved[1]) if moved else None,
        passim=bool(item.get("passim", False)),
        themes=tuple(item.get("themes", ())),
        persons=tuple(item.get("persons", ())),
        places=tuple(item.get("places", ())),
        orgs=tuple(item.get("orgs", ())),
    )


def _semantic_problems(ann: Annotation) -> list[Problem]:
    """What the schema cannot say: combinations of fields."""
    problems = []
    t = ann.target
    where = f"annotation {ann.id!r}"
    if t.p is not None and t.note is not None:
        problems.append(Problem("bad_target", f"{where}: give either p or note in the target, not both.", ann.location))
    if t.p is None and t.note is None and not ann.passim:
        problems.append(
            Problem(
                "missing_field", f"{where}: the target needs p (the paragraph number) or note. Mend: add `p: N`.", ann.location
            )
        )
    if ann.kind != "apparatus" and (ann.witness is not None or ann.type or ann.moved or ann.passim):
        problems.append(
            Problem("bad_target", f"{where}: witness, type, moved and passim belong to apparatus entries only.", ann.location)
        )
    if ann.moved and (ann.witness is None or "{moved}" not in ann.witness):
        problems.append(
            Problem(
                "bad_target",
                f"{where}: a relocation needs a witness text with {{moved}} where the moved paragraphs stood.",
                ann.location,
            )
        )
    if ann.passim and not t.exact:
        problems.append(Problem("bad_target", f"{where}: a passim entry needs the exact words it regularises.", ann.location))
    if not t.exact and not (t.prefix or t.suffix):
        problems.append(
            Problem("bad_target", f"{where}: empty exact words mark a point and need a prefix or a suffix.", ann.location)
        )
    return problems


@dataclass
class _Parsed:
    """A YAML file read and checked against its schema: the data, each value's line, what was wrong."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bad_items: set[int] = field(default_factory=set)
    readable: bool = False


def _read(path: Path, rel: str, schema_name: str, list_key: str) -> _Parsed:
    """Parse safely, keep lines, validate against the named schema; never raises for bad content."""
    parsed = _Parsed()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        parsed.problems.append(Problem("yaml", f"cannot read the file: {exc}", Location(rel, 1)))
        return parsed
    _text[0] = text
    try:
        node = _compose(text, rel)
        if node is not None:
            _check_size(node, rel)
        data = _plain(node, (), parsed.lines, rel, [MAX_NODES], yaml.SafeLoader("")) if node is not None else None
    except _YamlError as exc:
        parsed.problems.append(exc.problem)
        return parsed
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        parsed.problems.append(
            Problem(
                "yaml",
                f"the file holds the control character U+{ord(char):04X}, which YAML does not allow. "
                f"Mend: delete it, or write it as \\u{ord(char):04x} inside double quotes.",
                Location(rel, text.count("\n", 0, exc.position) + 1),
            )
        )
        return parsed
    except yaml.MarkedYAMLError as exc:
        # the context is where the broken construct begins, the problem where the parser gave up
        mark = exc.context_mark or exc.problem_mark
        line = _row(mark) if mark else 1
        found = f" (the parser gave up on line {_row(exc.problem_mark)})" if exc.context_mark and exc.problem_mark else ""
        parsed.problems.append(
            Problem(
                "yaml",
                f"malformed YAML: {exc.context + ', ' if exc.context else ''}{exc.problem or exc}{found}. "
                "Mend: check the brackets, quotes and indentation from this line on.",
                Location(rel, line),
            )
        )
        return parsed
    except yaml.YAMLError as exc:
        parsed.problems.append(Problem("yaml", f"malformed YAML: {exc}", Location(rel, 1)))
        return parsed
    if not isinstance(data, dict):
        parsed.problems.append(Problem("invalid", f"the file must be a mapping with a list {list_key!r}.", Location(rel, 1)))
        return parsed
    parsed.data, parsed.readable = data, True
    validator = jsonschema.Draft202012Validator(schema(schema_name))
    errors = sorted(
        validator.iter_errors(data), key=lambda e: (_line(parsed.lines, tuple(e.absolute_path)), str(e.absolute_path))
    )
    seen: set[tuple[str, Location | None]] = set()
    for error in errors:
        if error.validator in ("if", "allOf"):
            continue
        where = tuple(error.absolute_path)
        if len(where) >= 2 and where[0] == list_key and isinstance(where[1], int):
            parsed.bad_items.add(where[1])
        problem = _schema_problem(error, data, parsed.lines, rel, list_key)
        if (problem.message, problem.location) in seen:  # the same fault found twice at one place
            continue
        seen.add((problem.message, problem.location))
        parsed.problems.append(problem)
    return parsed


def _items(parsed: _Parsed, list_key: str) -> list[tuple[int, dict[str, Any]]]:
    items = parsed.data.get(list_key) if isinstance(parsed.data.get(list_key), list) else []
    return [(i, item) for i, item in enumerate(items) if i not in parsed.bad_items and isinstance(item, dict)]


def _duplicate(ident: str, location: Location, seen: dict[str, Location], what: str) -> Problem | None:
    if ident in seen:
        return Problem(
            "duplicate_id",
            f"the id {shown(ident)} is used twice (first at line {seen[ident].line}). Mend: give this {what} a new id.",
            location,
        )
    seen[ident] = location
    return None


def load_annotation_file(path: Path, rel: str) -> AnnotationFile:
    """Read and validate one annotation file; never raises for bad content."""
    parsed = _read(path, rel, "annotations", "annotations")
    result = AnnotationFile(path=rel, problems=parsed.problems)
    if not parsed.readable:
        return result
    data = parsed.data
    result.siglum = data.get("siglum", "") if isinstance(data.get("siglum"), str) else ""
    result.witness = data.get("witness", "") if isinstance(data.get("witness"), str) else ""
    if result.witness and (PurePosixPath(result.witness).is_absolute() or ".." in PurePosixPath(result.witness).parts):
        result.problems.append(
            Problem(
                "bad_value",
                f"the witness {shown(result.witness)} lies outside the project. "
                "Mend: give the path of a file in sources/, relative to the project folder, e.g. sources/itc.txt.",
                Location(rel, _line(parsed.lines, ("witness",))),
            )
        )
        result.witness = ""
    seen: dict[str, Location] = {}
    for index, item in _items(parsed, "annotations"):
        ann = _model(item, index, parsed.lines, rel)
        problems = _semantic_problems(ann)
        duplicate = None if problems else _duplicate(ann.id, ann.location, seen, "annotation")
        if problems or duplicate:
            result.problems.extend(problems or [duplicate])  # type: ignore[list-item]
            continue
        result.annotations.append(ann)
    result.problems.sort(key=lambda p: p.location.line if p.location else 0)
    return result


def load_themes_file(path: Path, rel: str) -> ThemesFile:
    """Read and validate the file of shared themes; never raises for bad content."""
    parsed = _read(path, rel, "themes", "themes")
    result = ThemesFile(path=rel, problems=parsed.problems)
    seen: dict[str, Location] = {}
    for index, item in _items(parsed, "themes"):
        location = Location(rel, _line(parsed.lines, ("themes", index)))
        duplicate = _duplicate(item["id"], location, seen, "theme")
        if duplicate:
            result.problems.append(duplicate)
            continue
        result.themes.append(Theme(item["id"], item["title"], item["description"].strip(), location))
    result.problems.sort(key=lambda p: p.location.line if p.location else 0)
    return result


def load_index_file(path: Path, rel: str) -> IndexFile:
    """Read and validate the registry of persons, places and organisations; never raises for bad content."""
    parsed = _read(path, rel, "index", "entries")
    result = IndexFile(path=rel, problems=parsed.problems)
    seen: dict[str, Location] = {}
    names: dict[str, str] = {}  # index heading or alias: entry id
    forms: dict[str, str] = {}  # form in the reading texts: entry id
    for index, item in _items(parsed, "entries"):
        location = Location(rel, _line(parsed.lines, ("entries", index)))
        duplicate = _duplicate(item["id"], location, seen, "index entry")
        if duplicate:
            result.problems.append(duplicate)
            continue
        entry = IndexEntry(
            id=item["id"],
            type=item["type"],
            name=item["name"],
            description=item["description"].strip(),
            location=location,
            forms=tuple(item.get("forms", ())),
            aliases=tuple(item.get("aliases", ())),
            wikidata=item.get("wikidata", ""),
            position=_position(item.get("location")),
            unlocated=(item.get("location") or {}).get("unlocated", "").strip(),
        )
        clash = next((n for n in entry.forms if forms.get(n, entry.id) != entry.id), None)
        owner = forms
        if clash is None:
            clash = next((n for n in (entry.name, *entry.aliases) if names.get(n, entry.id) != entry.id), None)
            owner = names
        if clash is not None:
            result.problems.append(
                Problem(
                    "index_clash",
                    f"index entry {entry.id!r}: {clash!r} also belongs to {owner[clash]!r}. "
                    "Mend: give each form, and each name or alias, to one entry only.",
                    location,
                )
            )
            continue
        forms.update(dict.fromkeys(entry.forms, entry.id))
        names.update(dict.fromkeys((entry.name, *entry.aliases), entry.id))
        result.entries.append(entry)
    result.problems.sort(key=lambda p: p.location.line if p.location else 0)
    return result


def _position(value: Any) -> Position | None:
    if not isinstance(value, dict) or "lat" not in value:
        return None
    return Position(
        float(value["lat"]),
        float(value["lon"]),
        value["source"],
        value["basis"].strip(),
        value.get("extent") == "area",
        value.get("note", "").strip(),
    )


def load_events_file(path: Path, rel: str) -> EventsFile:
    """Read and validate the timeline's events; never raises for bad content."""
    parsed = _read(path, rel, "events", "events")
    result = EventsFile(path=rel, problems=parsed.problems)
    if not parsed.readable:
        return result
    seen: dict[str, Location] = {}
    for index, item in _items(parsed, "events"):
        location = Location(rel, _line(parsed.lines, ("events", index)))
        duplicate = _duplicate(item["id"], location, seen, "event")
        if duplicate:
            result.problems.append(duplicate)
            continue
        if item.get("end") and str(item["end"]) < str(item["date"]):
            result.problems.append(
                Problem(
                    "bad_value",
                    f"event {item['id']!r} ends ({item['end']}) before it begins ({item['date']}). "
                    "Mend: swap or correct the dates.",
                    location,
                )
            )
            continue
        result.events.append(
            Event(
                id=item["id"],
                date=item["date"],
                label=item["label"].strip(),
                mentions=tuple(Mention(m["siglum"], m["p"], m["exact"]) for m in item["mentions"]),
                cite=tuple(item["cite"]),
                location=location,
                end=item.get("end", ""),
                place=item.get("place", ""),
            )
        )
    if not parsed.problems:
        result.statements = [StatementDate(s["siglum"], s["date"], s["label"]) for s in parsed.data.get("statements", [])]
    result.problems.sort(key=lambda p: p.location.line if p.location else 0)
    return result


def load_redirects_file(path: Path, rel: str) -> Redirects:
    """Read and validate the redirects of retired anchors; never raises for bad content."""
    parsed = _read(path, rel, "redirects", "redirects")
    result = Redirects(path=rel, problems=parsed.problems)
    mapping = parsed.data.get("redirects") if parsed.readable else None
    if parsed.problems or not isinstance(mapping, dict):
        return result
    for old, new in mapping.items():
        result.targets[old] = (new, Location(rel, _line(parsed.lines, ("redirects", old))))
    return result
