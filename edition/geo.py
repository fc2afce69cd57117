"""Borders and coastlines for the map: TopoJSON from the npm package world-atlas, projected per panel.

world-atlas (ISC licence) packages Natural Earth's public-domain country shapes; scripts/setup
installs it from the npm registry, so the build reads local files and fetches nothing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ATLAS_DIR = Path("node_modules/world-atlas")
Ring = list[tuple[float, float]]  # (lon, lat)


@dataclass(frozen=True)
class Panel:
    """One map: a box of longitude and latitude drawn with equal scale along the central parallel."""

    id: str
    title: str
    west: float
    east: float
    south: float
    north: float
    atlas: str  # world-atlas file: countries-50m.json (detailed) or countries-110m.json
    width: float = 640.0

    @property
    def _k(self) -> float:
        return self.width / ((self.east - self.west) * math.cos(math.radians((self.north + self.south) / 2)))

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self._k, 1)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Panel coordinates: x from the west edge, y down from the north edge."""
        return (lon - self.west) * self._k * math.cos(math.radians((self.north + self.south) / 2)), (self.north - lat) * self._k


# the most detailed first: a place is drawn on the first panel that contains it
PANELS = (
    Panel("kyiv", "Map 1. North of Kyiv: the Kyiv and Chernihiv regions", 29.4, 32.6, 50.05, 52.2, "countries-50m.json"),
    Panel("ukraine", "Map 2. Ukraine", 22.0, 40.4, 44.2, 52.6, "countries-50m.json"),
    Panel("europe", "Map 3. Europe and the Middle East", -11.0, 50.0, 29.0, 61.0, "countries-110m.json"),
    Panel("world", "Map 4. The world", -170.0, 180.0, -56.0, 78.0, "countries-110m.json"),
)


def atlas_path(srcdir: str | Path, name: str) -> Path:
    return Path(srcdir) / ATLAS_DIR / name


@cache
def countries(path: Path) -> tuple[tuple[str, str, tuple[Ring, ...]], ...]:
    """(numeric id, name, rings) of every country in a world-atlas TopoJSON file."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    scale_x, scale_y = topo["transform"]["scale"]
    shift_x, shift_y = topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:  # delta-encoded, quantised positions
        x = y = 0
        ring: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            ring.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(ring)

    def ring_of(indexes: list[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    found = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", []) if kind == "MultiPolygon" else []
        rings = tuple(ring_of(r) for polygon in polygons for r in polygon)
        found.append((str(geometry.get("id", "")), geometry.get("properties", {}).get("name", ""), rings))
    return tuple(found)


def _unwrapped(ring: Ring) -> Ring:
    """A ring that crosses the 180th meridian, made continuous on the side where most of it lies."""
    lons = [p[0] for p in ring]
    if max(lons) - min(lons) <= 270:
        return ring
    east = sum(1 for lon in lons if lon > 0) * 2 > len(lons)
    return [(lon + 360 if east and lon < 0 else lon - 360 if not east and lon > 0 else lon, lat) for lon, lat in ring]


def _overlaps(ring: Ring, panel: Panel) -> bool:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return not (max(lons) < panel.west or min(lons) > panel.east or max(lats) < panel.south or min(lats) > panel.north)


def _clip(ring: Ring, west: float, east: float, south: float, north: float) -> Ring:
    """Sutherland–Hodgman against a box: the parts of a country far outside a panel are not drawn at all."""

    def cut(points: Ring, inside, meet) -> Ring:
        out: Ring = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(meet(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(meet(previous, current))
        return out

    def at_lon(lon: float):
        return lambda a, b: (lon, a[1] + (b[1] - a[1]) * (lon - a[0]) / (b[0] - a[0]))

    def at_lat(lat: float):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (lat - a[1]) / (b[1] - a[1]), lat)

    for inside, meet in (
        (lambda p: p[0] >= west, at_lon(west)),
        (lambda p: p[0] <= east, at_lon(east)),
        (lambda p: p[1] >= south, at_lat(south)),
        (lambda p: p[1] <= north, at_lat(north)),
    ):
        if not ring:
            break
        ring = cut(ring, inside, meet)
    return ring


def projected_rings(panel: Panel, srcdir: str | Path) -> list[tuple[str, list[tuple[float, float]]]]:
    """(country name, ring in panel coordinates) of the rings that reach into the panel, thinned to what shows."""
    margin = 0.6  # points closer than this (panel units) to the last kept one add nothing visible
    out = []
    for _id, name, rings in countries(atlas_path(srcdir, panel.atlas)):
        for ring in rings:
            ring = _unwrapped(ring)
            if len(ring) < 4 or not _overlaps(ring, panel):
                continue
            pad_x, pad_y = (panel.east - panel.west) * 0.02, (panel.north - panel.south) * 0.02
            ring = _clip(ring, panel.west - pad_x, panel.east + pad_x, panel.south - pad_y, panel.north + pad_y)
            kept: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = panel.project(lon, lat)
                if kept and abs(x - kept[-1][0]) < margin and abs(y - kept[-1][1]) < margin:
                    continue
                kept.append((round(x, 1), round(y, 1)))
            if len(kept) >= 3:
                out.append((name, kept))
    return out
