"""The basemap: Natural Earth land and borders converted from world-atlas TopoJSON, and read back."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from review_site.geo.screen import _Box, _clip_polygon


#: The committed basemap (see ``data/README.md``).
BASEMAP_PATH = Path(__file__).resolve().parent.parent / "data" / "basemap-110m.json"


@dataclass(frozen=True)
class Basemap:
    """Land and borders in geographic coordinates.

    Attributes:
        land: closed rings (outer boundaries and holes) as lists of ``(lon, lat)`` degrees.
        borders: land borders between countries as open lines of ``(lon, lat)`` degrees.
        source: where the data come from (for the SVG's metadata).
    """

    land: list[list[tuple[float, float]]]
    borders: list[list[tuple[float, float]]]
    source: str = ""


def basemap_from_topojson(
    topology: Mapping, precision: float = 0.1, south_limit: float = -60.0, source: str = ""
) -> dict:
    """Convert world-atlas ``countries-110m.json`` (TopoJSON) into the committed basemap.

    This is the conversion that produced ``data/basemap-110m.json``; run it again with
    ``python -m review_site.geo countries-110m.json > scripts/review_site/data/basemap-110m.json``.

    Args:
        topology: the parsed TopoJSON (quantized, with ``transform``), holding the objects
            ``land`` (polygons) and ``countries`` (one geometry per country).
        precision: grid in degrees that coordinates are rounded to (0.1° ≈ 11 km).
        south_limit: rings lying wholly south of this latitude (Antarctica) are dropped.
        source: a one-line statement of origin stored in the output.

    Returns:
        A JSON-ready dict ``{"source", "precision", "land", "borders"}`` where ``land`` and
        ``borders`` are lists of flat integer lists ``[lon0, lat0, lon1, lat1, …]`` in units of
        ``precision`` degrees. Borders are the arcs shared by two different countries; rounded
        duplicates are removed, and rings with fewer than 3 distinct points dropped.

    Raises:
        KeyError: the topology lacks ``arcs``, ``transform`` or the two objects.
    """
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def arc_points(index: int) -> list[tuple[float, float]]:
        return arcs[index] if index >= 0 else arcs[~index][::-1]

    def ring_points(ring: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in ring:
            part = arc_points(index)
            points.extend(part if not points else part[1:])
        return points

    def grid(points: Iterable[tuple[float, float]]) -> list[int]:
        flat: list[int] = []
        for lon, lat in points:
            cell = [round(lon / precision), round(lat / precision)]
            if flat[-2:] != cell:
                flat.extend(cell)
        return flat

    land = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                points = ring_points(ring)
                if max(lat for _, lat in points) < south_limit:
                    continue
                for part in _split_at_antimeridian(points):
                    flat = grid(part)
                    if flat[:2] == flat[-2:] and len(flat) > 2:
                        flat = flat[:-2]
                    if len(flat) >= 6:
                        land.append(flat)

    users: dict[int, set[int]] = {}

    def collect(arcs_tree, owner: int) -> None:
        if isinstance(arcs_tree, int):
            users.setdefault(arcs_tree if arcs_tree >= 0 else ~arcs_tree, set()).add(owner)
        else:
            for item in arcs_tree:
                collect(item, owner)

    for number, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        collect(geometry.get("arcs", []), number)
    borders = []
    for index in sorted(users):
        if len(users[index]) >= 2:
            points = arcs[index]
            if max(lat for _, lat in points) < south_limit:
                continue
            pieces: list[list[tuple[float, float]]] = [[]]
            for point in points:  # a border never crosses the antimeridian; split if one did
                if pieces[-1] and abs(point[0] - pieces[-1][-1][0]) > 180:
                    pieces.append([])
                pieces[-1].append(point)
            for piece in pieces:
                flat = grid(piece)
                if len(flat) >= 4:
                    borders.append(flat)
    return {"source": source, "precision": precision, "land": land, "borders": borders}


def _split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Cut a ring that crosses ±180° longitude into parts that each stay within −180…180.

    TopoJSON from world-atlas keeps such rings whole (Fiji, Chukotka), which a flat projection
    would draw as a line across the map. The longitudes are unwrapped so the ring is continuous,
    then the ring and its copy shifted by 360° are clipped to −180…180 (rings enclosing a pole
    are not handled; Antarctica is dropped beforehand).
    """
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        unwrapped.append((lon, lat))
    low, high = min(p[0] for p in unwrapped), max(p[0] for p in unwrapped)
    if low >= -180 and high <= 180:
        return [ring]
    world = _Box(-180.0, -90.0, 180.0, 90.0)
    parts = []
    for shift in (-360.0, 0.0, 360.0):
        shifted = [(lon + shift, lat) for lon, lat in unwrapped]
        clipped = _clip_polygon(shifted, world)
        if len(clipped) >= 3:
            parts.append(clipped)
    return parts


def read_basemap(json_text: str) -> Basemap:
    """Read the committed basemap (the output of :func:`basemap_from_topojson`).

    Args:
        json_text: the JSON text of ``data/basemap-110m.json``.

    Returns:
        A :class:`Basemap` with coordinates in degrees.

    Raises:
        ValueError: the JSON lacks ``precision``, ``land`` or ``borders``, or a line has an odd
            number of values.
    """
    data = json.loads(json_text)
    try:
        precision = float(data["precision"])
        raw_land, raw_borders = data["land"], data["borders"]
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"basemap: missing or bad field {error}") from None

    def points(flat: Sequence[int]) -> list[tuple[float, float]]:
        if len(flat) % 2:
            raise ValueError("basemap: a line has an odd number of values")
        return [(flat[i] * precision, flat[i + 1] * precision) for i in range(0, len(flat), 2)]

    return Basemap(
        [points(ring) for ring in raw_land], [points(line) for line in raw_borders], str(data.get("source", ""))
    )


def main(argv: list[str]) -> int:
    """``python -m review_site.geo countries-110m.json``: print the converted basemap JSON."""
    if len(argv) != 1:
        print("usage: python -m review_site.geo path/to/world-atlas/countries-110m.json")
        return 2
    topology = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    source = (
        "Natural Earth 1:110m Admin 0 countries (public domain), via world-atlas 2.0.2 "
        "countries-110m.json; converted by review_site.geo.basemap_from_topojson"
    )
    data = basemap_from_topojson(topology, source=source)
    print(
        "{"
        + f'"source": {json.dumps(data["source"])},\n"precision": {data["precision"]},\n"land": [\n'
        + ",\n".join(json.dumps(ring, separators=(",", ":")) for ring in data["land"])
        + '\n],\n"borders": [\n'
        + ",\n".join(json.dumps(line, separators=(",", ":")) for line in data["borders"])
        + "\n]}"
    )
    return 0
