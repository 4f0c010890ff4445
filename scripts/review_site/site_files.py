"""The files the build adds to the site, as ``{path under the site: content}`` (no MkDocs types).

``scripts/hooks.py`` turns each into an MkDocs ``File.generated``: the bibliography for LaTeX and
reference managers, the CSV of each numbered table (and its old addresses), "Cite this section"
data per page, a link-preview image per page, and the map's basemap. Slow results (images, SVG)
come from the build cache when their inputs are unchanged.
"""

from __future__ import annotations

import base64
import json

from review_site.exports import published_bib
from review_site.geo import render_basemap_svg
from review_site.metadata import card_png
from review_site.model import SiteModel
from review_site.page_tools import cite_formats_html, section_citations_script
from review_site.references import csl_to_ris
from review_site.tables import old_ids
from review_site.urls import page_item_id

#: Published CSV copies of the numbered tables.
TABLES_DIR = "tables"
#: Where each page's "Cite this section" data goes (a script that cite.js loads on demand).
SECTION_CITATIONS_DIR = "javascripts/citations"
#: Link-preview images (review_site.metadata.card_png), one per page.
CARDS_DIR = "images/cards"
#: The map's basemap (land and borders), a separate SVG so that it is cached, not in every page view.
BASEMAP_IMAGE = "images/places-basemap.svg"
#: The page whose preview image shows the map of places.
PLACES_PAGE = "places.md"


def bibliography_files(model: SiteModel) -> dict[str, str]:
    """The bibliography for LaTeX (biblatex/biber) and reference managers: BibTeX cleaned for biblatex's
    data model, CSL-JSON (pandoc, cleaned) and RIS (rispy); see review_site.exports."""
    bib = model.bibliography
    return {
        "references.bib": model.cached("published-bib", [bib.text], lambda: published_bib(bib.text)),
        "references.json": bib.json_text,
        "references.ris": csl_to_ris(bib.items),
    }


def table_csv_paths(model: SiteModel) -> dict[str, list[str]]:
    """``{table id: [its CSV path, then one per old id (anchor_aliases)]}``: a renamed table keeps every
    old CSV address. The content comes from the rendered table (:func:`review_site.page_tree.table_csvs`)."""
    paths: dict[str, list[str]] = {}
    for page in model.pages.values():
        for kind, anchor in page.captions:
            if kind == "Table":
                for name in [anchor, *old_ids(page.aliases, anchor)]:
                    paths.setdefault(anchor, []).append(f"{TABLES_DIR}/{name}.csv")
    return paths


def section_citation_files(model: SiteModel, urls: dict[str, str]) -> dict[str, tuple[str, str]]:
    """``{src_uri: (path, script)}``: each page's "Cite this section" dialogs, loaded on the first click.

    Args:
        urls: ``{src_uri: URL path}`` of the pages (names the files).
    """
    files = {}
    for src_uri in model.nav:
        dialogs = {
            item: cite_formats_html(item, model.cite_formats[item]) for item in model.cite_sections[src_uri].values()
        }
        name = f"{SECTION_CITATIONS_DIR}/{page_item_id(urls[src_uri]).removeprefix('page-')}.js"
        files[src_uri] = (name, section_citations_script(dialogs))
    return files


def card_files(model: SiteModel, sources: list[str]) -> dict[str, tuple[str, bytes]]:
    """``{src_uri: (path, PNG)}``: a 1200×630 link-preview image per page, from the build cache when unchanged."""
    site = model.site
    host = site.url.split("://", 1)[-1].rstrip("/")
    files = {}
    for src_uri in sources:
        meta = model.pages[src_uri].meta
        title, description = meta.get("title") or site.title, meta.get("description", "")
        world = None
        if src_uri == PLACES_PAGE:  # the map's page shows the world and its places
            world = ([ring for ring in model.places.basemap.land], [(p.lon, p.lat) for p in model.places.places])
        encoded = model.cached(
            "card",
            [title, description, site.title, host, json.dumps(world)],
            lambda title=title, description=description, world=world: base64.b64encode(
                card_png(title, description, site.title, host, world)
            ).decode("ascii"),
        )
        files[src_uri] = (f"{CARDS_DIR}/{src_uri.removesuffix('.md').replace('/', '-')}.png", base64.b64decode(encoded))
    return files


def basemap_file(model: SiteModel) -> tuple[str, str]:
    """``(path, SVG)`` of the map's basemap: decorative and cached by the browser; places and links stay inline."""
    places = model.places
    svg = model.cached(
        "basemap", [places.text, places.basemap_text], lambda: render_basemap_svg(places.places, places.basemap)
    )
    return BASEMAP_IMAGE, svg
