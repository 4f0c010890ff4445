"""The map as an accessible SVG (:func:`render_map_svg`) and the standalone basemap SVG (:func:`render_basemap_svg`)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from review_site.geo.basemap import Basemap
from review_site.geo.labels import _fit_extent, _Label, _Marker, _Panel, place_labels, text_width
from review_site.geo.places import EUROPE, Place
from review_site.geo.projections import equal_earth, equirectangular
from review_site.geo.screen import Point, _Box, _clip_polygon, _clip_segment, _num, _path, _simplify, _simplify_ring


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
