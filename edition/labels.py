"""Where the names go on a map: beside their points, never on another name or point.

A name that fits nowhere is replaced by a number beside its point and listed in the map's key,
so that every name stays legible however crowded a region is.
"""

from __future__ import annotations

from dataclasses import dataclass

CHAR = 0.56  # average width of a sans-serif character, in font sizes
GAP = 5.0  # between a point and its name
DOT = 3.0  # radius of a point


@dataclass(frozen=True)
class Item:
    key: str
    x: float
    y: float
    text: str
    area: bool = False


@dataclass(frozen=True)
class Placed:
    """A name (or its number) as drawn: the top-left corner of its box, and the text shown."""

    item: Item
    x: float
    y: float
    shown: str
    numbered: bool


Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR + 2


def _candidates(item: Item, w: float, h: float) -> list[tuple[float, float]]:
    x, y = item.x, item.y
    if item.area:  # across the area, then nudged
        return [(x - w / 2, y - h / 2), (x - w / 2, y - 1.5 * h), (x - w / 2, y + 0.5 * h), (x - w, y - h / 2), (x, y - h / 2)]
    return [
        (x + GAP, y - h / 2),
        (x - GAP - w, y - h / 2),
        (x - w / 2, y - GAP - h),
        (x - w / 2, y + GAP),
        (x + GAP - 1, y - GAP - h + 2),
        (x + GAP - 1, y + GAP - 2),
        (x - GAP - w + 1, y - GAP - h + 2),
        (x - GAP - w + 1, y + GAP - 2),
    ]


_PUSH = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))  # away from the point


def place(items: list[Item], width: float, height: float, size: float) -> list[Placed]:
    """Names in the order given (most important first); numbers for those that fit nowhere."""
    h = size * 1.15
    taken: list[Box] = [(i.x - DOT, i.y - DOT, i.x + DOT, i.y + DOT) for i in items if not i.area]
    out: list[Placed] = []
    number = 0
    pending: list[Item] = []

    def fits(box: Box) -> bool:
        inside = box[0] >= 1 and box[1] >= 1 and box[2] <= width - 1 and box[3] <= height - 1
        return inside and not any(_overlap(box, t) for t in taken)

    for item in items:
        w = text_width(item.text, size)
        for cx, cy in _candidates(item, w, h):
            box = (cx, cy, cx + w, cy + h)
            if fits(box):
                taken.append(box)
                out.append(Placed(item, cx, cy, item.text, False))
                break
        else:
            pending.append(item)
    for item in pending:  # numbered in the order of the key
        number += 1
        shown = str(number)
        w = text_width(shown, size)
        point = Item(item.key, item.x, item.y, shown)  # a numbered area gets a point too (drawn hollow)
        spots = [
            (cx + dx, cy + dy, cx + dx + w, cy + dy + h)
            for reach in (0.0, 6.0, 12.0, 20.0)
            for (cx, cy), (dx, dy) in zip(_candidates(point, w, h), _PUSH, strict=True)
            for dx, dy in ((dx * reach, dy * reach),)
        ]
        box = next((b for b in spots if fits(b)), spots[0])
        taken.append(box)
        out.append(Placed(item, box[0], box[1], shown, True))
    return out
