"""Teaching-grade tables and figures: CSV downloads, row anchors, sorting, "Table N"
cross-references, the map of places and the timeline of the literature."""

from __future__ import annotations

import csv
import io
import re

from pybtex.database import parse_file

from conftest import ROOT, page_url


def cell_text(cell) -> str:
    for noise in cell.select("sup, button, a.headerlink"):
        noise.decompose()
    return " ".join(cell.get_text(" ").split()).replace(" ,", ",").replace("( ", "(").replace(" )", ")")


def numbered_tables(build, nav_pages):
    for source in nav_pages:
        soup = build.html(page_url(source))
        for table in soup.select("article table[id^='tbl-']"):
            yield source, table


def test_every_numbered_table_has_a_csv_download_equal_to_it_cell_by_cell(build, nav_pages):
    count = 0
    for source, table in numbered_tables(build, nav_pages):
        link = table.find_next_sibling("p", class_="table-download").a
        assert link["href"] == f"../tables/{table['id']}.csv" and link.has_attr("download")
        rows = list(csv.reader(io.StringIO((build.site / "tables" / f"{table['id']}.csv").read_text(encoding="utf-8"))))
        shown = [[cell_text(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
        normalised = [[" ".join(cell.split()) for cell in row] for row in rows]
        assert [[re.sub(r"\s+", "", c) for c in r] for r in normalised] == [
            [re.sub(r"\s+", "", c) for c in r] for r in shown
        ], f"{source} #{table['id']}"
        count += 1
    assert count >= 10


def test_every_body_row_of_a_numbered_table_has_a_stable_unique_id(build, nav_pages):
    seen = set()
    for source, table in numbered_tables(build, nav_pages):
        for row in table.select("tbody tr"):
            assert row.get("id"), f"{source} #{table['id']}: row without id"
            assert row["id"] not in seen
            seen.add(row["id"])
    assert "tbl-empirical-studies-sialkot" in seen and "place-sialkot" in seen
    locked = (ROOT / "links.lock").read_text(encoding="utf-8")
    assert "/policy/#tbl-empirical-studies-sialkot\n" in locked


def test_cross_references_read_table_n_and_link_to_the_table(build):
    link = build.html("methods/").find("a", class_="cross-reference", href="../policy/#tbl-empirical-studies")
    assert link is not None and link.get_text() == "Table\u00a04"
    own = build.html("methods/").find("a", class_="cross-reference", href="#tbl-analysis-levels")
    label = build.html("methods/").find("table", id="tbl-analysis-levels").caption.select_one(".caption-label")
    assert own is not None and own.get_text() + "." == label.get_text().replace(" ", "\u00a0")
    caption = build.html("policy/").find("table", id="tbl-empirical-studies").caption
    assert caption.select_one(".caption-label").get_text() == "Table 4."
    figure = build.html("editorial-notes/").find(
        "a", class_="cross-reference", href="../conclusions/#fig-research-landscape"
    )
    assert figure.get_text() == "Figure\u00a01"


def test_map_links_every_place_to_its_section_and_repeats_it_as_a_table(build):
    places = list(csv.DictReader(io.StringIO((ROOT / "docs" / "data" / "places.csv").read_text(encoding="utf-8"))))
    soup = build.html("places/")
    figure = soup.find("figure", id="fig-places-map")
    svg = figure.find("svg")
    assert svg.find("title") and svg.get("aria-labelledby") and svg.get("aria-describedby")
    hrefs = {a.get("href") or a.get("xlink:href") for a in svg.find_all("a")}
    table = soup.find("table", id="tbl-places")
    for place in places:
        target = f"../{place['page'].removesuffix('.md')}/#{place['anchor']}"
        assert target in hrefs, f"map has no link for {place['id']}"
        row = table.find("tr", id=f"place-{place['id']}")
        assert row is not None and row.find("a", href=target) is not None
    assert len(places) >= 20
    names = {place["name"] for place in places}
    for required in ("Sialkot", "Tuttlingen", "Nnewi", "Belluno", "Cambridge", "Silicon Valley", "Ruhr"):
        assert any(required in name for name in names), required


def test_timeline_has_every_dated_work_linked_to_its_reference(build):
    entries = parse_file(str(ROOT / "bib" / "references.bib")).entries
    dated = {key for key, entry in entries.items() if re.fullmatch(r"\d{4}", entry.fields.get("year", ""))}
    svg = build.html("timeline/").find("figure", id="fig-literature-timeline").find("svg")
    linked = {re.sub(r"^.*#ref-", "", a.get("href") or a.get("xlink:href")) for a in svg.find_all("a")}
    assert linked == dated
    text = svg.get_text(" ")
    for strand in ("Mechanisms", "Growth", "Innovation", "Policy", "Methods"):
        assert strand in text
    for year in ("1920", "1990", "2000"):  # the axis starts at the earliest work (issue 13), zoomed from 1990
        assert year in text
    assert "1890" not in text


def test_diagrams_are_svg_drawn_at_build_time_with_no_diagram_script(build):
    for url in ("places/", "timeline/", "conclusions/"):
        soup = build.html(url)
        scripts = [s.get("src", "") for s in soup.find_all("script") if s.get("src")]
        assert not [s for s in scripts if "mermaid" in s or "d3" in s or "leaflet" in s], scripts
    sizes = {path.name: path.stat().st_size for path in (build.site / "javascripts").glob("*.js")}
    assert sizes and max(sizes.values()) < 10_000, sizes
