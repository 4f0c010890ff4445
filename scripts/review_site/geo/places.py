"""Places: ``docs/data/places.csv`` read and checked (:func:`read_places`, :func:`parse_places`, :func:`anchor_problems`)."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from review_site import Problem


#: The columns of ``places.csv`` (written in this order; the header may order them otherwise).
PLACE_COLUMNS = ("id", "name", "region", "country", "lat", "lon", "page", "anchor", "note")
#: Columns that must not be empty.
REQUIRED_VALUES = ("id", "name", "country", "lat", "lon", "page", "anchor")
#: Places inside this box (lon min, lat min, lon max, lat max; degrees) get the detail map.
EUROPE = (-25.0, 34.0, 45.0, 72.0)

_ID_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ANCHOR_RULE = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # the heading-id rule of markdown_checks
_PAGE_RULE = re.compile(r"^[a-z0-9][a-z0-9_/-]*\.md$")


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
