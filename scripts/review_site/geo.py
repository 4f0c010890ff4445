"""The map of the places the review names: data, basemap, projections and an accessible SVG.

Inputs:

- ``docs/data/places.csv``: one row per cluster, region or country the pages name, read and
  checked by :func:`read_places` (or :func:`parse_places`, which returns problems instead of
  raising); :func:`anchor_problems` checks that each row's page and section exist.
  Columns: ``id,name,region,country,lat,lon,page,anchor,note``.
- ``scripts/review_site/data/basemap-110m.json``: land polygons and country borders from
  Natural Earth 1:110m (public domain) via the npm package ``world-atlas@2.0.2``, converted by
  :func:`basemap_from_topojson` and read by :func:`read_basemap` (see ``data/README.md``).

Outputs (strings, nothing is written to disk):

- :func:`render_map_svg`: an inline SVG with a world map and, where several places lie in
  Europe, a second, larger map of Europe; every place is a link (``<a href>``) with a visible
  label and a ``<title>`` tooltip; the colours follow the page's theme (``currentColor`` and
  Material's CSS variables, with fallbacks), so the map works in the light and dark schemes.
  With ``basemap_href`` the land and borders are left out and drawn by one ``<image>`` of the
  file that :func:`render_basemap_svg` makes (the caller writes it), so that the decorative,
  unchanging part is a separate file the browser caches and the page is lighter.
- :func:`render_basemap_svg`: that file, a standalone SVG of the land and borders only.
- :func:`places_table_html`: the same places as a data table for screen readers and search.

Projections (both take degrees and return lengths in units of the Earth's radius):

- :func:`equal_earth` for the world map: the Equal Earth projection of Šavrič, Patterson and
  Jenny (2019, *International Journal of Geographical Information Science* 33 (3): 454–65),
  an equal-area pseudocylindrical projection that looks like the Robinson projection.
- :func:`equirectangular` for the detail map: the equidistant cylindrical projection with a
  standard parallel (true scale along that parallel), which is close enough to conformal for a
  region of Europe's size.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from review_site import Problem

#: The committed basemap (see ``data/README.md``).
BASEMAP_PATH = Path(__file__).resolve().parent / "data" / "basemap-110m.json"
#: The columns of ``places.csv`` (written in this order; the header may order them otherwise).
PLACE_COLUMNS = ("id", "name", "region", "country", "lat", "lon", "page", "anchor", "note")
#: Columns that must not be empty.
REQUIRED_VALUES = ("id", "name", "country", "lat", "lon", "page", "anchor")
#: Places inside this box (lon min, lat min, lon max, lat max; degrees) get the detail map.
EUROPE = (-25.0, 34.0, 45.0, 72.0)

_ID_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ANCHOR_RULE = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # the heading-id rule of markdown_checks
_PAGE_RULE = re.compile(r"^[a-z0-9][a-z0-9_/-]*\.md$")


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One place the review names.

    Attributes:
        id: lowercase kebab-case ASCII (``[a-z0-9]+(-[a-z0-9]+)*``); the table row is ``#place-<id>``.
        name: the place as the site names it, e.g. ``"Sialkot"``; also the map label.
        region: the province, state or region it lies in (may be empty).
        country: the country, e.g. ``"Pakistan"``.
        lat: latitude in decimal degrees, north positive, −90…90.
        lon: longitude in decimal degrees, east positive, −180…180.
        page: source path of the page that discusses it, relative to ``docs/`` (``policy.md``).
        anchor: the id of the section there (``tuttlingen-sialkot``), without ``#``.
        note: a short remark (may be empty).
        line: the row's line in the CSV file (1 is the header), for messages; 0 if unknown.
    """

    id: str
    name: str
    region: str
    country: str
    lat: float
    lon: float
    page: str
    anchor: str
    note: str = ""
    line: int = field(default=0, compare=False)

    @property
    def is_country(self) -> bool:
        """Whether the row stands for a whole country (its name is its country, no region)."""
        return self.name == self.country and not self.region


def parse_places(csv_text: str, path: str) -> tuple[list[Place], list[Problem]]:
    """Read and check ``places.csv``.

    Args:
        csv_text: the file's text (UTF-8 decoded); the first line is the header.
        path: the file's path for messages, e.g. ``docs/data/places.csv``.

    Returns:
        ``(places, problems)``: the valid rows in file order, and one :class:`Problem` per defect
        naming ``path:line``: a missing or unknown column; a row with the wrong number of fields;
        an empty required value; an id that is not lowercase kebab-case ASCII or is used twice;
        a latitude outside −90…90 or a longitude outside −180…180 (or not a number); a page that
        is not a ``.md`` path; an anchor that is not a valid section id. No rows at all is a problem too.
    """
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(csv_text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(path, 1, "the file is empty; the first line must be the header " + ",".join(PLACE_COLUMNS))]
    header = [name.strip().lstrip("\ufeff") for name in header]
    missing = [name for name in PLACE_COLUMNS if name not in header]
    unknown = [name for name in header if name not in PLACE_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s) " + ", ".join(unknown))
        if len(set(header)) != len(header):
            parts.append("a column is repeated")
        return [], [Problem(path, 1, "; ".join(parts) + "; the header must be " + ",".join(PLACE_COLUMNS))]

    places: list[Place] = []
    first_line: dict[str, int] = {}
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    path, start, f"expected {len(header)} fields, found {len(row)} (quote values that contain commas)"
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
        found = [f"empty {name}" for name in REQUIRED_VALUES if not values[name]]
        place_id = values["id"]
        if place_id and not _ID_RULE.match(place_id):
            found.append(f"id '{place_id}' must be lowercase kebab-case ASCII (a-z, 0-9, single hyphens)")
        elif place_id in first_line:
            found.append(f"id '{place_id}' is already used on line {first_line[place_id]}")
        lat = _number(values["lat"], "lat", -90, 90, found)
        lon = _number(values["lon"], "lon", -180, 180, found)
        if values["page"] and not _PAGE_RULE.match(values["page"]):
            found.append(f"page '{values['page']}' must be a page source path such as policy.md")
        if values["anchor"] and not _ANCHOR_RULE.match(values["anchor"].lstrip("#")):
            found.append(f"anchor '{values['anchor']}' is not a section id (a-z, 0-9 and hyphens)")
        if found:
            problems.extend(Problem(path, start, message) for message in found)
            continue
        first_line[place_id] = start
        places.append(
            Place(
                place_id,
                values["name"],
                values["region"],
                values["country"],
                lat,
                lon,
                values["page"],
                values["anchor"].lstrip("#"),
                values["note"],
                start,
            )
        )
    if not places and not problems:
        problems.append(Problem(path, 0, "no places: add one row per place below the header"))
    return places, problems


def _number(text: str, name: str, low: float, high: float, found: list[str]) -> float:
    """Parse a coordinate, appending a message to ``found`` if it is not a number in ``low…high``."""
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        found.append(f"{name} '{text}' is not a number (decimal degrees)")
        return 0.0
    if not (math.isfinite(value) and low <= value <= high):
        found.append(f"{name} {text} is outside {low:g}…{high:g} degrees")
    return value


def read_places(csv_text: str, path: str) -> list[Place]:
    """Read ``places.csv`` like :func:`parse_places`, but raise on any problem.

    Raises:
        ValueError: one ``path:line: message`` line per problem.
    """
    places, problems = parse_places(csv_text, path)
    if problems:
        raise ValueError("\n".join(str(problem) for problem in problems))
    return places


def anchor_problems(places: Iterable[Place], anchors: Mapping[str, Iterable[str]], path: str) -> list[Problem]:
    """Check that each place points at an existing page and section.

    Args:
        places: as from :func:`read_places`.
        anchors: page source path (``"policy.md"``) → the section ids of that page.
        path: the CSV path for messages.

    Returns:
        One problem per place whose page is not a key of ``anchors`` or whose anchor is not
        among that page's ids, naming the place's line.
    """
    known = {page: set(ids) for page, ids in anchors.items()}
    problems = []
    for place in places:
        if place.page not in known:
            problems.append(Problem(path, place.line, f"place '{place.id}': no page {place.page}"))
        elif place.anchor not in known[place.page]:
            problems.append(
                Problem(path, place.line, f"place '{place.id}': no section {{ #{place.anchor} }} in {place.page}")
            )
    return problems


# --------------------------------------------------------------------------------------------
# Projections
# --------------------------------------------------------------------------------------------

_EE_A1, _EE_A2, _EE_A3, _EE_A4 = 1.340264, -0.081106, 0.000893, 0.003796
_EE_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project a point with the Equal Earth projection (sphere of radius 1).

    Args:
        lon: longitude in degrees, east positive (−180…180).
        lat: latitude in degrees, north positive (−90…90).

    Returns:
        ``(x, y)`` in Earth radii, x east and y north; x spans about ±2.7066 at the equator and
        y about ±1.3173 at the poles. Areas are preserved (equal-area projection).
    """
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_EE_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_EE_M * (_EE_A1 + 3 * _EE_A2 * t2 + t6 * (7 * _EE_A3 + 9 * _EE_A4 * t2)))
    y = theta * (_EE_A1 + _EE_A2 * t2 + t6 * (_EE_A3 + _EE_A4 * t2))
    return x, y


def equirectangular(lon: float, lat: float, standard_parallel: float = 0.0) -> tuple[float, float]:
    """Project a point with the equidistant cylindrical projection (sphere of radius 1).

    Args:
        lon, lat: degrees, east and north positive.
        standard_parallel: latitude in degrees where east–west distances are true to scale.

    Returns:
        ``(x, y)`` in Earth radii: ``x = λ·cos φ₁``, ``y = φ`` (angles in radians), x east, y north.
    """
    return math.radians(lon) * math.cos(math.radians(standard_parallel)), math.radians(lat)


# --------------------------------------------------------------------------------------------
# Basemap
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Geometry on the screen (SVG user units, y down)
# --------------------------------------------------------------------------------------------

Point = tuple[float, float]


@dataclass(frozen=True)
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: _Box, gap: float = 0.0) -> float:
        """Area shared with ``other`` once both are grown by ``gap`` (0 when apart)."""
        width = min(self.x1, other.x1) - max(self.x0, other.x0) + 2 * gap
        height = min(self.y1, other.y1) - max(self.y0, other.y0) + 2 * gap
        return width * height if width > 0 and height > 0 else 0.0

    def contains(self, other: _Box) -> bool:
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1


def _clip_polygon(points: list[Point], box: _Box) -> list[Point]:
    """Sutherland–Hodgman clipping of a closed ring against a rectangle."""
    edges = (
        (lambda p: p[0] >= box.x0, lambda p, q: _at_x(p, q, box.x0)),
        (lambda p: p[0] <= box.x1, lambda p, q: _at_x(p, q, box.x1)),
        (lambda p: p[1] >= box.y0, lambda p, q: _at_y(p, q, box.y0)),
        (lambda p: p[1] <= box.y1, lambda p, q: _at_y(p, q, box.y1)),
    )
    output = points
    for inside, cross in edges:
        if not output:
            break
        source, output = output, []
        previous = source[-1]
        for current in source:
            if inside(current):
                if not inside(previous):
                    output.append(cross(previous, current))
                output.append(current)
            elif inside(previous):
                output.append(cross(previous, current))
            previous = current
    return output


def _at_x(p: Point, q: Point, x: float) -> Point:
    t = (x - p[0]) / (q[0] - p[0])
    return x, p[1] + t * (q[1] - p[1])


def _at_y(p: Point, q: Point, y: float) -> Point:
    t = (y - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), y


def _clip_segment(p: Point, q: Point, box: _Box) -> tuple[Point, Point] | None:
    """Liang–Barsky clipping of a segment against a rectangle; ``None`` if it lies outside."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - box.x0), (dx, box.x1 - p[0]), (-dy, p[1] - box.y0), (dy, box.y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return None
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (p[0] + t0 * dx, p[1] + t0 * dy), (p[0] + t1 * dx, p[1] + t1 * dy)


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker simplification of a line: keep the points farther than ``tolerance``
    (user units) from the simplified line; the first and last points are always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            if distance > farthest:
                farthest, index = distance, i
        if index > 0 and farthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _simplify_ring(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker for a closed ring: split it at the point farthest from its first point."""
    if len(points) < 4:
        return points
    x0, y0 = points[0]
    split = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    return _simplify(points[: split + 1], tolerance)[:-1] + _simplify(points[split:] + [points[0]], tolerance)[:-1]


def _num(value: float) -> str:
    """Format a coordinate with at most one decimal (``12``, ``12.5``, ``-0.3``)."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _path(lines: Iterable[list[Point]], closed: bool) -> str:
    """SVG path data: each line an absolute ``M`` and then relative ``l`` steps, on a 0.1 grid.

    Steps between neighbouring points are short numbers, so the basemap is about a quarter
    smaller (gzip) than with absolute coordinates; points are rounded to the grid first, so the
    steps add up exactly and no error accumulates.
    """
    parts = []
    for points in lines:
        grid = [(round(x * 10), round(y * 10)) for x, y in points]
        if not grid:
            continue
        (x0, y0), steps = grid[0], []
        for x, y in grid[1:]:
            if (x, y) != (x0, y0):
                steps.append(f"{_num((x - x0) / 10)} {_num((y - y0) / 10)}")
                x0, y0 = x, y
        parts.append(
            f"M{_num(grid[0][0] / 10)} {_num(grid[0][1] / 10)}"
            + ("l" + " ".join(steps) if steps else "")
            + ("Z" if closed else "")
        )
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Panels and labels
# --------------------------------------------------------------------------------------------


@dataclass
class _Panel:
    """A map drawn in a rectangle of the SVG: projection, visible extent and screen box."""

    project: Callable[[float, float], Point]
    extent: _Box  # projected coordinates (x east, y north)
    screen: _Box  # SVG user units
    name: str

    @property
    def scale(self) -> float:
        return (self.screen.x1 - self.screen.x0) / (self.extent.x1 - self.extent.x0)

    def to_screen(self, lon: float, lat: float) -> Point:
        x, y = self.project(lon, lat)
        return (self.screen.x0 + (x - self.extent.x0) * self.scale, self.screen.y0 + (self.extent.y1 - y) * self.scale)


def _fit_extent(points: list[Point], aspect: float, pad: float, minimum: float) -> _Box:
    """Smallest box of the given width/height ``aspect`` around ``points`` (projected), padded."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    width, height = max(x1 - x0, minimum), max(y1 - y0, minimum / aspect)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return _Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def text_width(text: str, font_size: float) -> float:
    """Estimate the rendered width of ``text`` in a sans-serif font, in the font's units.

    A per-character estimate (narrow, regular and wide glyphs), calibrated so that it is not
    below the width Chromium measures in DejaVu Sans, a wide fallback font (other system fonts
    are narrower), so label boxes used for overlap tests cover the real text.
    """
    width = 0.0
    for char in text:
        if char in "ijl.,;:'|!Iíì":
            width += 0.29
        elif char in "ftr -()/":
            width += 0.39
        elif char in "mwMW":
            width += 0.92
        elif char.isupper():
            width += 0.72
        elif char.isdigit():
            width += 0.64
        else:
            width += 0.6
    return width * font_size * 1.03


@dataclass
class _Marker:
    x: float
    y: float
    r: float
    label: str = ""  # empty: no visible label


@dataclass
class _Label:
    box: _Box
    anchor: str  # text-anchor
    tx: float
    ty: float  # baseline
    leader: tuple[Point, Point] | None


_DIRECTIONS = (0, 180, -45, 45, -135, 135, -90, 90, -22.5, 22.5, -157.5, 157.5, -67.5, 67.5, -112.5, 112.5)


def _candidate(marker: _Marker, angle: float, distance: float, font_size: float) -> _Label:
    """A label box whose nearest point to the marker is ``distance`` away in direction ``angle``."""
    width = text_width(marker.label, font_size)
    ascent, descent = 0.78 * font_size, 0.24 * font_size
    height = ascent + descent
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    ax, ay = marker.x + dx * distance, marker.y + dy * distance
    if dx > 0.3:
        x0, anchor, tx = ax, "start", ax
    elif dx < -0.3:
        x0, anchor, tx = ax - width, "end", ax
    else:
        x0, anchor, tx = ax - width / 2, "middle", ax
    if dy > 0.3:
        y0 = ay
    elif dy < -0.3:
        y0 = ay - height
    else:
        y0 = ay - height / 2
    box = _Box(x0, y0, x0 + width, y0 + height)
    leader = None
    if distance > marker.r + 6:
        end_x = min(max(marker.x, box.x0), box.x1)
        end_y = min(max(marker.y, box.y0), box.y1)
        length = math.hypot(end_x - marker.x, end_y - marker.y)
        if length > marker.r + 2:
            start = (
                marker.x + (end_x - marker.x) * (marker.r + 1) / length,
                marker.y + (end_y - marker.y) * (marker.r + 1) / length,
            )
            leader = (start, (end_x, end_y))
    return _Label(box, anchor, tx, y0 + ascent, leader)


def _segment_hits_box(segment: tuple[Point, Point], box: _Box) -> bool:
    return _clip_segment(segment[0], segment[1], box) is not None


def place_labels(
    markers: list[_Marker],
    bounds: _Box,
    font_size: float,
    distances: Sequence[float] = (0, 14, 24, 36, 50, 66),
    extra_obstacles: Sequence[_Box] = (),
) -> dict[int, _Label]:
    """Place the labels of ``markers`` so that they do not overlap, greedily.

    Args:
        markers: points with their radius and label text (empty text: no label, but still an obstacle).
        bounds: the rectangle labels must stay inside (SVG user units).
        font_size: label font size in user units.
        extra_obstacles: further boxes that labels must avoid (frames, other text).
        distances: extra distances from a marker's edge to try, in order; beyond the first, a
            leader line joins label and marker.

    Returns:
        Marker index → :class:`_Label`. Crowded markers are placed first; each takes the first
        of 16 directions × ``distances`` whose box stays inside ``bounds`` and clears every
        marker, label and leader line already placed; if none does, the candidate with the
        least overlap is used.
    """
    obstacles = [_Box(m.x - m.r - 1.5, m.y - m.r - 1.5, m.x + m.r + 1.5, m.y + m.r + 1.5) for m in markers]
    obstacles += list(extra_obstacles)
    placed: list[_Label] = []

    def crowding(index: int) -> float:
        marker = markers[index]
        return -sum(
            1 for other in markers if other is not marker and math.hypot(other.x - marker.x, other.y - marker.y) < 60
        )

    order = sorted(
        (i for i, m in enumerate(markers) if m.label), key=lambda i: (crowding(i), markers[i].y, markers[i].x)
    )
    result: dict[int, _Label] = {}
    for index in order:
        marker = markers[index]
        best, best_cost = None, math.inf
        for extra in distances:
            directions = _DIRECTIONS[:8] if extra == 0 else _DIRECTIONS
            for angle in directions:
                label = _candidate(marker, angle, marker.r + 3 + extra, font_size)
                cost = 0.0
                if not bounds.contains(label.box):
                    cost += 1000
                cost += sum(label.box.overlap(other.box, 1.5) for other in placed)
                cost += sum(label.box.overlap(box) for i, box in enumerate(obstacles) if i != index)
                cost += sum(30 for other in placed if other.leader and _segment_hits_box(other.leader, label.box))
                if label.leader:
                    cost += sum(30 for other in placed if _segment_hits_box(label.leader, other.box))
                    cost += sum(
                        30 for i, box in enumerate(obstacles) if i != index and _segment_hits_box(label.leader, box)
                    )
                if cost < best_cost:
                    best, best_cost = label, cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        assert best is not None
        result[index] = best
        placed.append(best)
    return result


# --------------------------------------------------------------------------------------------
# The map
# --------------------------------------------------------------------------------------------

#: Styles of the map; classes are prefixed ``map-``. Colours come from the text colour and
#: Material's variables, with fallbacks for the SVG opened on its own.
MAP_CSS = """\
.map-svg{max-width:100%;height:auto}
.map-svg text{font-family:var(--md-text-font-family,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif)}
.map-land{fill:currentColor;fill-opacity:.14}
.map-borders{fill:none;stroke:var(--md-default-bg-color,#fff);stroke-width:.7;stroke-linejoin:round}
.map-frame{fill:none;stroke:currentColor;stroke-opacity:.35}
.map-detail-box{fill:none;stroke:currentColor;stroke-opacity:.75;stroke-dasharray:4 3}
.map-heading{fill:currentColor;font-size:14px;font-weight:700}
.map-legend{fill:currentColor;font-size:14px}
.map-dot{fill:var(--md-typeset-a-color,#3f51b5);stroke:var(--md-default-bg-color,#fff);stroke-width:1.5}
.map-ring{fill:var(--md-default-bg-color,#fff);stroke:var(--md-typeset-a-color,#3f51b5);stroke-width:2.5}
.map-minor{fill:currentColor;fill-opacity:.6}
.map-label{fill:currentColor;font-size:14px;stroke:var(--md-default-bg-color,#fff);stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
.map-leader{fill:none;stroke:currentColor;stroke-opacity:.65;stroke-width:.8}
.map-place:hover .map-label,.map-place:focus .map-label{text-decoration:underline}
.map-place:hover .map-dot,.map-place:focus .map-dot,.map-place:hover .map-ring,.map-place:focus .map-ring{stroke:currentColor}
.map-place:focus-visible{outline:2px solid currentColor;outline-offset:2px}
.map-hit{fill:transparent}
"""

WIDTH = 800.0
FONT = 14.0  # >= 12 CSS px on screen when the 800-unit map is scaled to 0.86 (laptop column)
_MARGIN = 10.0  # around each map and the legend
_HEADING = 22.0  # room for a map's heading above it


def render_map_svg(
    places: Sequence[Place],
    basemap: Basemap,
    link_for: Callable[[Place], str],
    *,
    title: str = "Places named in the review",
    desc: str | None = None,
    id_prefix: str = "places-map",
    detail: tuple[float, float, float, float] | None = EUROPE,
    detail_name: str = "Europe",
    interactive: bool = True,
    embed_css: bool = True,
    basemap_href: str | None = None,
) -> str:
    """Draw the places on a world map, with a detail map of Europe, as an inline SVG.

    Args:
        places: the places (at least one), e.g. from :func:`read_places`.
        basemap: from :func:`read_basemap`.
        link_for: place → the ``href`` of the section that discusses it, relative to the page
            the map is on (e.g. ``"../policy/#tuttlingen-sialkot"``).
        title: the SVG's ``<title>`` (its accessible name).
        desc: the SVG's ``<desc>``; by default a sentence naming every place and its country.
        id_prefix: prefix of the two ``id`` attributes (``<prefix>-title``, ``<prefix>-desc``);
            use a different one for each map on a page.
        detail: box ``(lon min, lat min, lon max, lat max)`` in degrees; if two or more places lie
            in it, they get a second, larger map (equirectangular, below the world map) and appear
            on the world map only as small unlabelled dots inside a dashed frame. ``None``: no detail map.
        detail_name: what the detail map shows, for its heading and the description.
        interactive: ``True`` (default): each place is a link and the ``<svg>`` has
            ``role="group"``, so screen readers reach the links (axe-core's rule
            ``nested-interactive`` forbids links inside ``role="img"``, whose children are
            presentational). ``False``: a static picture with ``role="img"``, each place a
            ``<g class="map-place">`` instead of an ``<a>`` (use it where the table is the only
            way to the sections).
        embed_css: include the ``<style>`` (:data:`MAP_CSS`); set ``False`` if the site's
            stylesheet carries it.
        basemap_href: ``None`` (default): the land and borders are inline ``<path>`` elements.
            A URL (relative to the page, e.g. ``"../assets/places-basemap.svg"``): they are left
            out and drawn instead by one ``<image class="map-basemap" href="…">`` of the file
            :func:`render_basemap_svg` makes for the same ``places``, ``basemap`` and ``detail``
            (the caller writes it there). The basemap is decorative and the same on every visit,
            so as a separate file the browser caches it and the page is lighter (about 18 KB
            gzip less); the links, labels and legend stay inline.

    Returns:
        The SVG markup (``viewBox="0 0 800 H"``, ``width``/``height`` 800×H user units), with
        ``role="group"`` (or ``"img"``), ``aria-labelledby="<prefix>-title"``, ``aria-describedby="<prefix>-desc"``,
        ``<title>`` and ``<desc>``; the basemap as two ``<path>`` elements per map
        (``map-land``, ``map-borders``), or with ``basemap_href`` as one
        ``<image class="map-basemap" x="0" y="0" width="800" height="H" aria-hidden="true">``
        right after the ``<style>``; one ``<a href class="map-place">`` per place holding
        its marker ``<circle>`` (filled for a cluster or region, a ring for a whole country),
        its visible ``<text>`` label and a ``<title>`` tooltip; leader lines where a label had
        to move away; a legend. The only ``id`` attributes are those of ``<title>`` and
        ``<desc>`` (every id in a page's article becomes a locked address in ``links.lock``).

    Raises:
        ValueError: no places, or two places share an id.
    """
    layout = _layout(places, detail, "render_map_svg")
    height = layout.height

    out: list[str] = []
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    if desc is None:
        desc = _default_map_desc(places, layout.in_detail, detail_name, interactive)
    role = "group" if interactive else "img"
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" role="{role}" '
        f'aria-labelledby="{escape(title_id)}" aria-describedby="{escape(desc_id)}" '
        f'viewBox="0 0 {_num(WIDTH)} {_num(height)}" width="{_num(WIDTH)}" height="{_num(height)}">'
    )
    out.append(f'<title id="{escape(title_id)}">{escape(title)}</title>')
    out.append(f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>')
    if embed_css:
        out.append(f"<style>{MAP_CSS}</style>")
    if basemap_href is not None:
        out.append(
            f'<image class="map-basemap" href="{escape(basemap_href)}" x="0" y="0" '
            f'width="{_num(WIDTH)}" height="{_num(height)}" aria-hidden="true"/>'
        )
    for panel in layout.panels:
        heading_text = "World" if panel.name == "world" else f"{detail_name} (larger scale)"
        out.append(
            _panel_svg(
                panel,
                heading_text,
                places,
                layout.in_detail,
                layout.detail_ids,
                None if basemap_href is not None else basemap,
                link_for if interactive else None,
            )
        )
    out.append(_legend_svg(_MARGIN, layout.legend_y, any(p.is_country for p in places), bool(layout.in_detail)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


#: Styles of the standalone basemap (:func:`render_basemap_svg`). An ``<image>`` cannot see the
#: page's CSS variables, so the colours are a neutral grey, half transparent, that reads on
#: Material's light (white) and dark (``slate``, about ``#1e2129``) backgrounds alike.
BASEMAP_CSS = (
    ".map-land{fill:#808080;fill-opacity:.3}"
    ".map-borders{fill:none;stroke:#808080;stroke-opacity:.55;stroke-width:.7;stroke-linejoin:round}"
)


def render_basemap_svg(
    places: Sequence[Place], basemap: Basemap, *, detail: tuple[float, float, float, float] | None = EUROPE
) -> str:
    """Draw only the land and borders of the map of ``places``, as a standalone SVG file.

    The counterpart of :func:`render_map_svg` with ``basemap_href``: the basemap is decorative
    and the same on every visit, so it is served as a separate file the browser caches (and
    the page carries only the interactive layer), drawn under the inline map by an ``<image>``.
    The layout is the one :func:`render_map_svg` computes (:func:`_layout`), so for the same
    ``places``, ``basemap`` and ``detail`` the two line up exactly.

    Args:
        places: the places (at least one), as given to :func:`render_map_svg`; they decide the
            extent of the world map and whether there is a detail map.
        basemap: from :func:`read_basemap`.
        detail: the same ``detail`` box as given to :func:`render_map_svg`.

    Returns:
        An SVG document (``<svg xmlns=… viewBox="0 0 800 H" width="800" height="H">``, no XML
        declaration, no ``id``), with a ``<style>`` (:data:`BASEMAP_CSS`, neutral colours for the
        light and dark schemes) and, per map, a ``<path class="map-land">`` and a
        ``<path class="map-borders">`` with the same ``d`` as the inline map's.

    Raises:
        ValueError: no places, or two places share an id.
    """
    layout = _layout(places, detail, "render_basemap_svg")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(WIDTH)} {_num(layout.height)}" '
        f'width="{_num(WIDTH)}" height="{_num(layout.height)}">',
        f"<style>{BASEMAP_CSS}</style>",
    ]
    for panel in layout.panels:
        out.extend(_basemap_paths(panel, basemap))
    out.append("</svg>")
    return "\n".join(out) + "\n"


@dataclass
class _Layout:
    """Where the maps go in the SVG: the panels (world, then detail if any) and the legend."""

    panels: list[_Panel]
    in_detail: list[Place]  # the places drawn on the detail map (empty: no detail map)
    detail_ids: set[str]
    legend_y: float
    height: float  # of the viewBox; the width is WIDTH


def _layout(places: Sequence[Place], detail: tuple[float, float, float, float] | None, caller: str) -> _Layout:
    """The panels of the map of ``places``, shared by :func:`render_map_svg` and :func:`render_basemap_svg`.

    Raises ValueError (message prefixed by ``caller``) if there are no places or two share an id.
    """
    if not places:
        raise ValueError(f"{caller}: no places")
    ids = [place.id for place in places]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{caller}: duplicate place ids " + ", ".join(sorted({i for i in ids if ids.count(i) > 1})))

    in_detail = [p for p in places if detail and detail[0] <= p.lon <= detail[2] and detail[1] <= p.lat <= detail[3]]
    if len(in_detail) < 2:
        in_detail = []

    margin, heading = _MARGIN, _HEADING
    # World panel: Equal Earth, cropped to the places (and the detail area) with room for labels.
    world_extent = _world_extent([equal_earth(p.lon, p.lat) for p in places])
    world_width = WIDTH - 2 * margin
    world_height = world_width * (world_extent.y1 - world_extent.y0) / (world_extent.x1 - world_extent.x0)
    world = _Panel(
        equal_earth,
        world_extent,
        _Box(margin, margin + heading, margin + world_width, margin + heading + world_height),
        "world",
    )
    panels = [world]
    y = world.screen.y1 + margin
    if in_detail:
        parallel = round(sum(p.lat for p in in_detail) / len(in_detail))

        def detail_project(lon: float, lat: float, _parallel: float = parallel) -> Point:
            return equirectangular(lon, lat, _parallel)

        detail_points = [detail_project(p.lon, p.lat) for p in in_detail]
        detail_height = 390.0
        extent = _fit_extent(detail_points, world_width / detail_height, math.radians(2.2), math.radians(10))
        panels.append(
            _Panel(
                detail_project,
                extent,
                _Box(margin, y + heading, margin + world_width, y + heading + detail_height),
                "detail",
            )
        )
        y = panels[-1].screen.y1 + margin
    legend_y = y + 8
    return _Layout(panels, in_detail, {p.id for p in in_detail}, legend_y, legend_y + 18)


def _world_extent(points: list[Point], pad: float = 0.22) -> _Box:
    """The part of the world map to draw: the places' box, padded (Equal Earth units).

    If the places span more than 60 % of the world's width the full width is drawn, so that
    no continent is cut at the sides; the height is kept within 56° S … 84° N (no Antarctica).
    """
    full_x = equal_earth(180, 0)[0]
    south, north = equal_earth(0, -56)[1], equal_earth(0, 84)[1]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = max(min(ys) - pad, south), min(max(ys) + pad, north)
    if x1 - x0 > 0.6 * 2 * full_x:
        x0, x1 = -full_x, full_x
    x0, x1 = max(x0, -full_x), min(x1, full_x)
    if (x1 - x0) < 2 * (y1 - y0):  # keep the world panel at least twice as wide as high
        middle, half = (x0 + x1) / 2, (y1 - y0)
        x0, x1 = max(middle - half, -full_x), min(middle + half, full_x)
    return _Box(x0, y0, x1, y1)


def _default_map_desc(places: Sequence[Place], in_detail: Sequence[Place], detail_name: str, interactive: bool) -> str:
    def named(place: Place) -> str:
        return place.name if place.is_country else f"{place.name} ({place.country})"

    text = (
        f"A world map marking the {len(places)} places the review names"
        + (", each a link to the section that discusses it: " if interactive else ": ")
        + "; ".join(named(p) for p in places)
        + "."
    )
    if in_detail:
        text += f" A second map shows the {len(in_detail)} places in {detail_name} at a larger scale."
    if any(p.is_country for p in places):
        text += " Filled dots mark clusters, cities and regions; rings mark whole countries."
    return text


def _basemap_paths(panel: _Panel, basemap: Basemap) -> list[str]:
    """The land (``<path class="map-land">``) and, if any, the borders of ``panel``, clipped to it."""
    screen = panel.screen
    clip = _Box(screen.x0 - 1, screen.y0 - 1, screen.x1 + 1, screen.y1 + 1)
    tolerance = 1.0  # SVG user units (1/800 of the map's width)
    rings = []
    for ring in basemap.land:
        projected = [panel.to_screen(lon, lat) for lon, lat in ring]
        xs, ys = [p[0] for p in projected], [p[1] for p in projected]
        if max(xs) < clip.x0 or min(xs) > clip.x1 or max(ys) < clip.y0 or min(ys) > clip.y1:
            continue
        clipped = _simplify_ring(_clip_polygon(projected, clip), tolerance)
        if len(clipped) >= 3:
            rings.append(clipped)
    lines = []
    for line in basemap.borders:
        projected = [panel.to_screen(lon, lat) for lon, lat in line]
        current: list[Point] = []
        for p, q in itertools.pairwise(projected):
            segment = _clip_segment(p, q, clip)
            if segment is None:
                if len(current) >= 2:
                    lines.append(current)
                current = []
                continue
            if not current or current[-1] != segment[0]:
                if len(current) >= 2:
                    lines.append(current)
                current = [segment[0]]
            current.append(segment[1])
        if len(current) >= 2:
            lines.append(current)
    lines = [_simplify(line, tolerance) for line in lines]
    paths = [f'<path class="map-land" d="{_path(rings, True)}"/>']
    if lines:
        paths.append(f'<path class="map-borders" d="{_path(lines, False)}"/>')
    return paths


def _panel_svg(
    panel: _Panel,
    heading: str,
    places: Sequence[Place],
    in_detail: Sequence[Place],
    detail_ids: set[str],
    basemap: Basemap | None,
    link_for: Callable[[Place], str] | None,
) -> str:
    """One map's ``<g>``: heading, basemap (unless ``basemap`` is ``None``), frame, markers, labels."""
    screen = panel.screen
    parts = [f'<g class="map-panel map-panel-{panel.name}">']
    parts.append(f'<text class="map-heading" x="{_num(screen.x0)}" y="{_num(screen.y0 - 7)}">{escape(heading)}</text>')
    if basemap is not None:
        parts.extend(_basemap_paths(panel, basemap))
    parts.append(
        f'<rect class="map-frame" x="{_num(screen.x0)}" y="{_num(screen.y0)}" '
        f'width="{_num(screen.x1 - screen.x0)}" height="{_num(screen.y1 - screen.y0)}"/>'
    )

    if panel.name == "world":
        shown = [p for p in places if p.id not in detail_ids]
        minor = [p for p in places if p.id in detail_ids]
    else:
        shown, minor = list(in_detail), []
    markers = [_Marker(*panel.to_screen(p.lon, p.lat), 6.0 if p.is_country else 5.0, p.name) for p in shown]
    minor_markers = [_Marker(*panel.to_screen(p.lon, p.lat), 2.5) for p in minor]
    obstacles = list(markers) + minor_markers
    if panel.name == "world" and minor:
        box = _detail_frame(panel, minor)
        parts.append(
            f'<rect class="map-detail-box" x="{_num(box.x0)}" y="{_num(box.y0)}" '
            f'width="{_num(box.x1 - box.x0)}" height="{_num(box.y1 - box.y0)}"/>'
        )
        frames = [box]
    else:
        frames = []
    bounds = _Box(screen.x0 + 2, screen.y0 + 2, screen.x1 - 2, screen.y1 - 2)
    labels = place_labels(obstacles, bounds, FONT, extra_obstacles=frames)
    for marker in minor_markers:
        parts.append(
            f'<circle class="map-minor" cx="{_num(marker.x)}" cy="{_num(marker.y)}" r="{_num(marker.r)}" aria-hidden="true"/>'
        )
    for index, label in labels.items():
        if index < len(markers) and label.leader:
            (x1, y1), (x2, y2) = label.leader
            parts.append(
                f'<path class="map-leader" d="M{_num(x1)} {_num(y1)}L{_num(x2)} {_num(y2)}" aria-hidden="true"/>'
            )
    for index, (place, marker) in enumerate(zip(shown, markers, strict=True)):
        label = labels[index]
        tooltip = (
            place.name
            if place.is_country
            else f"{place.name} ({', '.join(v for v in (place.region, place.country) if v)})"
        )
        opening = f'<a class="map-place" href="{escape(link_for(place))}">' if link_for else '<g class="map-place">'
        parts.append(
            f"{opening}<title>{escape(tooltip)}</title>{_hit_rects(marker, label)}"
            f'<circle class="{"map-ring" if place.is_country else "map-dot"}" cx="{_num(marker.x)}" '
            f'cy="{_num(marker.y)}" r="{_num(marker.r)}"/>'
            f'<text class="map-label" x="{_num(label.tx)}" y="{_num(label.ty)}" '
            f'text-anchor="{label.anchor}">{escape(place.name)}</text>{"</a>" if link_for else "</g>"}'
        )
    parts.append("</g>")
    return "\n".join(parts)


#: The smallest tap target, in SVG units (WCAG 2.5.8: 24 x 24 CSS px at full size).
HIT = 30.0


def _hit_rects(marker: _Marker, label: _Label) -> str:
    """Transparent ``rect.map-hit`` targets of a place: a :data:`HIT` square on its dot and its
    label's box grown to at least :data:`HIT` high, both centred on what they cover."""
    rects = [(marker.x - HIT / 2, marker.y - HIT / 2, HIT, HIT)]
    box = label.box
    height = max(HIT, box.y1 - box.y0)
    rects.append((box.x0, (box.y0 + box.y1) / 2 - height / 2, max(HIT, box.x1 - box.x0), height))
    return "".join(
        f'<rect class="map-hit" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}"/>'
        for x, y, w, h in rects
    )


def _detail_frame(panel: _Panel, minor: Sequence[Place]) -> _Box:
    """The dashed frame on the world map around the places drawn again in the detail map."""
    points = [panel.to_screen(p.lon, p.lat) for p in minor]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad = 6.0
    return _Box(min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def _legend_svg(x: float, y: float, has_countries: bool, has_detail: bool) -> str:
    parts = ['<g class="map-legend-group" aria-hidden="true">']
    cursor = x + 6
    items = [("dot", "Cluster, city or region")]
    if has_countries:
        items.append(("ring", "A country as a whole"))
    if has_detail:
        items.append(("box", "Area shown at a larger scale"))
    for kind, text in items:
        if kind == "dot":
            parts.append(f'<circle class="map-dot" cx="{_num(cursor)}" cy="{_num(y)}" r="5"/>')
        elif kind == "ring":
            parts.append(f'<circle class="map-ring" cx="{_num(cursor)}" cy="{_num(y)}" r="6"/>')
        else:
            parts.append(
                f'<rect class="map-detail-box" x="{_num(cursor - 7)}" y="{_num(y - 5)}" width="14" height="10"/>'
            )
        parts.append(f'<text class="map-legend" x="{_num(cursor + 11)}" y="{_num(y + 4)}">{escape(text)}</text>')
        cursor += 11 + text_width(text, 14) + 28
    parts.append("</g>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


def places_table_html(
    places: Sequence[Place],
    link_for: Callable[[Place], str],
    caption: str | None,
    section_title: Callable[[Place], str] | None = None,
) -> str:
    """The places as an HTML data table (the map's text alternative).

    Args:
        places: the places, in the order to list them.
        link_for: place → ``href`` of the section that discusses it (as for the map).
        caption: plain text of the ``<caption>``; ``None`` leaves the caption out (when the page
            supplies it, e.g. through :mod:`review_site.captions`).
        section_title: place → the text of the link to that section (e.g. ``"Policy and Empirical
            Studies: Surgical instruments in Tuttlingen and Sialkot"``); if given, a "Discussed in"
            column holds the link; if not, the place's name is the link.

    Returns:
        ``<table>`` (no class, so the theme styles it) with the caption, a header row of
        ``<th scope="col">`` cells (Place, Region, Country, Approximate location, [Discussed in,]
        Note), and one ``<tr id="place-<id>">`` per place whose first cell is a
        ``<th scope="row">``. Text is HTML-escaped; the location reads e.g. ``32.49° N, 74.53° E``.
    """
    columns = ["Place", "Region", "Country", "Approximate location"]
    if section_title is not None:
        columns.append("Discussed in")
    columns.append("Note")
    out = ["<table>"]
    if caption is not None:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>" + "\n".join(f'<th scope="col">{name}</th>' for name in columns) + "</tr></thead>")
    out.append("<tbody>")
    for place in places:
        href = escape(link_for(place))
        name = escape(place.name) if section_title is not None else f'<a href="{href}">{escape(place.name)}</a>'
        cells = [
            f'<th scope="row">{name}</th>',
            f"<td>{escape(place.region)}</td>",
            f"<td>{escape(place.country)}</td>",
            f"<td>{format_coordinates(place.lat, place.lon)}</td>",
        ]
        if section_title is not None:
            cells.append(f'<td><a href="{href}">{escape(section_title(place))}</a></td>')
        cells.append(f"<td>{escape(place.note)}</td>")
        # Cells on lines of their own: Material's search index joins the text of adjacent cells.
        out.append(f'<tr id="place-{escape(place.id)}">' + "\n".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out) + "\n"


def format_coordinates(lat: float, lon: float) -> str:
    """``(32.49, -74.5)`` → ``"32.49° N, 74.50° W"`` (two decimals, hemispheres as letters)."""
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


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


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
