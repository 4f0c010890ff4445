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

Modules, one job each: :mod:`~review_site.geo.places` (the CSV), :mod:`~review_site.geo.projections`,
:mod:`~review_site.geo.basemap` (TopoJSON conversion, reading; ``python -m review_site.geo``),
:mod:`~review_site.geo.screen` (clipping, simplification, SVG paths), :mod:`~review_site.geo.labels`
(panels, label placement), :mod:`~review_site.geo.svg` (the map) and :mod:`~review_site.geo.table`.
Everything public is importable from ``review_site.geo`` as before.
"""

from review_site.geo.basemap import BASEMAP_PATH, Basemap, basemap_from_topojson, main, read_basemap
from review_site.geo.labels import _Marker, place_labels, text_width
from review_site.geo.places import (
    EUROPE,
    PLACE_COLUMNS,
    REQUIRED_VALUES,
    Place,
    anchor_problems,
    parse_places,
    read_places,
)
from review_site.geo.projections import equal_earth, equirectangular
from review_site.geo.screen import Point, _Box, _clip_polygon
from review_site.geo.svg import render_basemap_svg, render_map_svg
from review_site.geo.table import format_coordinates, places_table_html

__all__ = [
    "BASEMAP_PATH",
    "EUROPE",
    "PLACE_COLUMNS",
    "REQUIRED_VALUES",
    "Basemap",
    "Place",
    "Point",
    "_Box",
    "_Marker",
    "_clip_polygon",
    "anchor_problems",
    "basemap_from_topojson",
    "equal_earth",
    "equirectangular",
    "format_coordinates",
    "main",
    "parse_places",
    "place_labels",
    "places_table_html",
    "read_basemap",
    "read_places",
    "render_basemap_svg",
    "render_map_svg",
    "text_width",
]
