"""The places data, the basemap, the projections, the map SVG and the places table
(``review_site.geo``): unit tests without a site build."""

from __future__ import annotations

import csv
import itertools
import json
import math
import re
from pathlib import Path

import pytest
from lxml import etree

from review_site.geo import (
    BASEMAP_PATH,
    EUROPE,
    Basemap,
    Place,
    _Box,
    _clip_polygon,
    _Marker,
    anchor_problems,
    basemap_from_topojson,
    equal_earth,
    equirectangular,
    format_coordinates,
    parse_places,
    place_labels,
    places_table_html,
    read_basemap,
    read_places,
    render_basemap_svg,
    render_map_svg,
    text_width,
)

ROOT = Path(__file__).resolve().parent.parent
PLACES_CSV = ROOT / "docs" / "data" / "places.csv"
SVG = "{http://www.w3.org/2000/svg}"
HEADER = "id,name,region,country,lat,lon,page,anchor,note\n"
GOOD_ROW = "sialkot,Sialkot,Punjab,Pakistan,32.49,74.53,policy.md,tuttlingen-sialkot,\n"


def link_for(place: Place) -> str:
    return f"../{place.page.removesuffix('.md')}/#{place.anchor}"


@pytest.fixture(scope="module")
def places() -> list[Place]:
    return read_places(PLACES_CSV.read_text(encoding="utf-8"), "docs/data/places.csv")


@pytest.fixture(scope="module")
def basemap() -> Basemap:
    return read_basemap(BASEMAP_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def svg_root(places, basemap):
    return etree.fromstring(render_map_svg(places, basemap, link_for).encode("utf-8"))


# --- the real places ---------------------------------------------------------------------------


def test_the_places_named_in_the_brief_are_all_there(places):
    ids = {place.id for place in places}
    expected = {
        "sialkot",
        "tuttlingen",
        "suame-magazine",
        "nnewi",
        "jutland",
        "belluno",
        "cambridge",
        "silicon-valley",
        "ruhr",
        "great-lakes",
        "lorraine",
        "tiexi-shenyang",
        "north-jutland",
        "western-sweden",
    }
    assert expected <= ids
    assert len(places) == len(ids) >= 20


def test_every_place_points_at_an_existing_page_and_section(places):
    anchors = {}
    for page in sorted({place.page for place in places}):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        anchors[page] = set(re.findall(r"\{\s*#([a-z0-9-]+)\s*\}", text))
    assert anchor_problems(places, anchors, "docs/data/places.csv") == []


def test_every_place_is_named_on_the_page_it_points_at(places):
    for place in places:
        text = (ROOT / "docs" / place.page).read_text(encoding="utf-8")
        word = place.name.split(",")[0].split(" industrial")[0].split(" suppliers")[0]
        assert word in text, f"{place.id}: '{word}' not on {place.page}"


def test_coordinates_are_given_to_two_decimals_at_most():
    rows = list(csv.DictReader(PLACES_CSV.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        for value in (row["lat"], row["lon"]):
            assert re.fullmatch(r"-?\d{1,3}\.\d{1,2}", value), row["id"]


# --- reading and checking the CSV ---------------------------------------------------------------


def test_a_good_file_is_read_with_line_numbers():
    places, problems = parse_places(HEADER + GOOD_ROW + "\n" + GOOD_ROW.replace("sialkot,Sialkot", "b,B"), "p.csv")
    assert problems == []
    assert [(p.id, p.line) for p in places] == [("sialkot", 2), ("b", 4)]
    assert places[0].lat == 32.49 and places[0].lon == 74.53 and places[0].region == "Punjab"


@pytest.mark.parametrize(
    "row, message",
    [
        ("Sialkot,Sialkot,,Pakistan,32.49,74.53,policy.md,x,", "kebab-case"),
        ("sial_kot,Sialkot,,Pakistan,32.49,74.53,policy.md,x,", "kebab-case"),
        ("tübingen,T,,Germany,48.5,9.05,policy.md,x,", "kebab-case"),
        ("a--b,A,,Germany,48.5,9.05,policy.md,x,", "kebab-case"),
        ("x,X,,Pakistan,92.5,74.53,policy.md,x,", "lat 92.5 is outside"),
        ("x,X,,Pakistan,32.5,-181,policy.md,x,", "lon -181 is outside"),
        ("x,X,,Pakistan,north,74.5,policy.md,x,", "lat 'north' is not a number"),
        ("x,X,,Pakistan,nan,74.5,policy.md,x,", "outside"),
        ("x,,,Pakistan,32.5,74.5,policy.md,x,", "empty name"),
        ("x,X,,Pakistan,32.5,74.5,,x,", "empty page"),
        ("x,X,,Pakistan,32.5,74.5,policy.html,x,", "page 'policy.html'"),
        ("x,X,,Pakistan,32.5,74.5,policy.md,Bad Anchor,", "not a section id"),
        ("x,X,,Pakistan,32.5,74.5,policy.md,x,note,extra", "expected 9 fields, found 10"),
    ],
)
def test_a_bad_row_is_reported_with_its_line(row, message):
    text = HEADER + GOOD_ROW + row + "\n"
    places, problems = parse_places(text, "docs/data/places.csv")
    assert [p.id for p in places] == ["sialkot"]
    assert len(problems) >= 1
    assert all(problem.line == 3 for problem in problems)
    assert any(message in problem.message for problem in problems), problems
    with pytest.raises(ValueError, match=r"^docs/data/places\.csv:3: "):
        read_places(text, "docs/data/places.csv")


def test_a_duplicate_id_names_both_lines():
    text = HEADER + GOOD_ROW + GOOD_ROW.replace("74.53", "74.50")
    _, problems = parse_places(text, "p.csv")
    assert [str(p) for p in problems] == ["p.csv:3: id 'sialkot' is already used on line 2"]


def test_a_quoted_multiline_note_keeps_the_line_numbers_right():
    text = HEADER + 'a,A,,X,1,2,p.md,s,"two\nlines"\n' + "b,B,,X,1,200,p.md,s,\n"
    _, problems = parse_places(text, "p.csv")
    assert [str(p) for p in problems] == ["p.csv:4: lon 200 is outside -180…180 degrees"]


@pytest.mark.parametrize(
    "header, message",
    [
        ("id,name,country,lat,lon,page,anchor,note", "missing column(s) region"),
        ("id,name,region,country,lat,lon,page,anchor,note,colour", "unknown column(s) colour"),
        ("", "empty"),
    ],
)
def test_a_bad_header_is_reported_on_line_1(header, message):
    places, problems = parse_places(header + ("\n" + GOOD_ROW if header else ""), "p.csv")
    assert places == []
    assert [p.line for p in problems] == [1]
    assert message in problems[0].message


def test_a_file_with_only_a_header_is_a_problem():
    _, problems = parse_places(HEADER, "p.csv")
    assert len(problems) == 1 and "no places" in problems[0].message


def test_anchor_problems_name_the_place_and_its_line():
    places = read_places(
        HEADER + GOOD_ROW + GOOD_ROW.replace("sialkot,Sialkot", "b,B").replace("policy.md", "gone.md"), "p.csv"
    )
    problems = anchor_problems(places, {"policy.md": {"other"}}, "p.csv")
    assert [str(p) for p in problems] == [
        "p.csv:2: place 'sialkot': no section { #tuttlingen-sialkot } in policy.md",
        "p.csv:3: place 'b': no page gone.md",
    ]


def test_a_country_row_is_recognised():
    place = Place("japan", "Japan", "", "Japan", 36, 138, "policy.md", "japanese-clusters")
    assert place.is_country
    assert not Place("x", "Sialkot", "Punjab", "Pakistan", 1, 1, "p.md", "a").is_country


# --- projections --------------------------------------------------------------------------------


def test_equal_earth_maps_known_points():
    assert equal_earth(0, 0) == pytest.approx((0, 0))
    assert equal_earth(180, 0)[0] == pytest.approx(2.7066, abs=1e-4)
    assert equal_earth(0, 90)[1] == pytest.approx(1.3173, abs=1e-4)
    x, y = equal_earth(74.53, 32.49)  # Sialkot: north-east quadrant
    assert x > 0 and y > 0
    assert equal_earth(-74.53, -32.49) == pytest.approx((-x, -y))
    # meridians converge towards the poles, parallels stay straight (pseudocylindrical)
    assert equal_earth(90, 60)[0] < equal_earth(90, 0)[0]
    assert equal_earth(10, 60)[1] == pytest.approx(equal_earth(-150, 60)[1])


def test_equal_earth_preserves_area():
    def cell_area(lat: float) -> float:
        corners = [equal_earth(lon, la) for lon, la in ((0, lat), (1, lat), (1, lat + 1), (0, lat + 1))]
        return (
            abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True)))
            / 2
        )

    def sphere_area(lat: float) -> float:
        return math.radians(1) * (math.sin(math.radians(lat + 1)) - math.sin(math.radians(lat)))

    for lat in (0, 30, 60, 80):
        assert cell_area(lat) == pytest.approx(sphere_area(lat), rel=2e-3)


def test_equirectangular_is_true_to_scale_on_its_standard_parallel():
    assert equirectangular(0, 0) == (0, 0)
    assert equirectangular(180, 90) == pytest.approx((math.pi, math.pi / 2))
    x, y = equirectangular(10, 52, standard_parallel=52)
    assert x == pytest.approx(math.radians(10) * math.cos(math.radians(52)))
    assert y == pytest.approx(math.radians(52))


# --- basemap ------------------------------------------------------------------------------------


def test_the_committed_basemap_is_compact_and_sane(basemap):
    assert BASEMAP_PATH.stat().st_size < 150_000
    assert len(basemap.land) > 100 and len(basemap.borders) > 100
    assert "Natural Earth" in basemap.source
    for ring in basemap.land + basemap.borders:
        for (lon0, lat0), (lon1, _) in itertools.pairwise(ring):
            assert -180 <= lon0 <= 180 and -60 <= lat0 <= 90
            assert abs(lon1 - lon0) < 180, "a line crosses the antimeridian"
    assert min(lat for ring in basemap.land for _, lat in ring) > -60  # Antarctica dropped


def test_the_data_readme_states_source_version_and_licence():
    readme = (BASEMAP_PATH.parent / "README.md").read_text(encoding="utf-8")
    for text in ("Natural Earth", "world-atlas", "2.0.2", "public domain", "basemap_from_topojson"):
        assert text in readme


def _topology(arcs, land, countries):
    return {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": arcs,
        "objects": {
            "land": {"type": "GeometryCollection", "geometries": land},
            "countries": {"type": "GeometryCollection", "geometries": countries},
        },
    }


def test_basemap_from_topojson_decodes_arcs_and_finds_borders():
    # two squares side by side sharing the arc 0 (x = 1): arcs are delta-encoded
    arcs = [
        [[1, 0], [0, 1]],  # (1,0)->(1,1): shared border
        [[1, 1], [-1, 0], [0, -1], [1, 0]],  # left square, rest of its ring
        [[1, 0], [1, 0], [0, 1], [-1, 0]],
    ]  # right square, rest of its ring
    countries = [{"type": "Polygon", "arcs": [[0, 1]]}, {"type": "Polygon", "arcs": [[~0, 2]]}]
    land = [{"type": "Polygon", "arcs": [[1, 2]]}]
    data = basemap_from_topojson(_topology(arcs, land, countries), precision=0.5)
    assert data["borders"] == [[2, 0, 2, 2]]  # in units of 0.5°
    assert data["land"] == [[2, 2, 0, 2, 0, 0, 2, 0, 4, 0, 4, 2]]
    basemap = read_basemap(json.dumps(data))
    assert basemap.borders == [[(1.0, 0.0), (1.0, 1.0)]]


def test_basemap_from_topojson_cuts_rings_at_the_antimeridian_and_drops_antarctica():
    arcs = [
        [[179, 10], [-358, 0], [0, 2], [358, 0]],  # 179 E → 179 W: crosses 180
        [[-50, -80], [10, 0], [0, 5], [-10, 0]],
    ]  # wholly south of 60° S
    land = [{"type": "MultiPolygon", "arcs": [[[0]], [[1]]]}]
    data = basemap_from_topojson(_topology(arcs, land, []), precision=1)
    assert len(data["land"]) == 2
    spans = sorted((min(r[0::2]), max(r[0::2])) for r in data["land"])
    assert spans == [(-180, -179), (179, 180)]


def test_polygon_clipping_keeps_the_part_inside():
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = _clip_polygon(square, _Box(0, 0, 10, 10))
    assert sorted(set(clipped)) == [(0, 0), (0, 5), (5, 0), (5, 5)]
    assert _clip_polygon(square, _Box(20, 20, 30, 30)) == []


# --- labels -------------------------------------------------------------------------------------


def _label_boxes(root, font_size=14.0):
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if "map-label" not in text.get("class", ""):
            continue
        x, y, width = float(text.get("x")), float(text.get("y")), text_width(text.text, font_size)
        x0 = {"start": x, "end": x - width, "middle": x - width / 2}[text.get("text-anchor")]
        boxes.append((text.text, _Box(x0, y - 0.78 * font_size, x0 + width, y + 0.24 * font_size)))
    return boxes


def test_place_labels_keeps_a_crowded_cluster_apart():
    markers = [_Marker(200 + 9 * (i % 4), 150 + 9 * (i // 4), 5, f"Place number {i}") for i in range(12)]
    bounds = _Box(0, 0, 500, 300)
    labels = place_labels(markers, bounds, 12)
    assert len(labels) == 12
    for a, b in itertools.combinations(labels.values(), 2):
        assert a.box.overlap(b.box) == 0
    for label in labels.values():
        assert bounds.contains(label.box)
    assert any(label.leader for label in labels.values())


def test_no_two_labels_of_the_real_map_overlap_and_none_covers_a_marker(svg_root):
    boxes = _label_boxes(svg_root)
    assert len(boxes) >= 20
    for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2):
        assert a.overlap(b) == 0, f"labels {name_a} and {name_b} overlap"
    for circle in svg_root.iter(f"{SVG}circle"):
        if circle.getparent().tag != f"{SVG}a":
            continue
        cx, cy, r = (float(circle.get(k)) for k in ("cx", "cy", "r"))
        marker = _Box(cx - r, cy - r, cx + r, cy + r)
        own = circle.getparent().find(f"{SVG}text").text
        for name, box in boxes:
            if name != own:
                assert marker.overlap(box) == 0, f"label {name} covers the marker of {own}"


# --- the map SVG --------------------------------------------------------------------------------


def test_the_map_is_valid_accessible_svg(svg_root):
    assert svg_root.tag == f"{SVG}svg"
    assert svg_root.get("role") == "group"
    labelled, described = svg_root.get("aria-labelledby"), svg_root.get("aria-describedby")
    assert svg_root.find(f"{SVG}title").get("id") == labelled == "places-map-title"
    assert svg_root.find(f"{SVG}desc").get("id") == described == "places-map-desc"
    assert svg_root.find(f"{SVG}title").text.strip()
    assert "Sialkot (Pakistan)" in svg_root.find(f"{SVG}desc").text
    assert re.fullmatch(r"0 0 800 \d+(\.\d)?", svg_root.get("viewBox"))
    assert svg_root.xpath("//svg:path[@class='map-land']", namespaces={"svg": SVG[1:-1]})


def _link(root, name):
    """The map's link whose visible label is ``name``."""
    found = [a for a in root.iter(f"{SVG}a") if a.find(f"{SVG}text").text == name]
    assert len(found) == 1, name
    return found[0]


def test_every_place_is_one_link_with_a_marker_a_label_and_a_tooltip(places, svg_root):
    assert len(list(svg_root.iter(f"{SVG}a"))) == len(places)
    for place in places:
        link = _link(svg_root, place.name)
        assert link.get("href") == link_for(place)
        assert link.find(f"{SVG}title").text.startswith(place.name)
        assert link.find(f"{SVG}circle") is not None
        assert link.find(f"{SVG}text").text == place.name
        assert "map-place" in link.get("class")
    ids = [element.get("id") for element in svg_root.iter() if element.get("id")]
    assert ids == ["places-map-title", "places-map-desc"]


def test_colours_follow_the_theme(svg_root):
    markup = etree.tostring(svg_root, encoding="unicode")
    assert "currentColor" in markup and "var(--md-default-bg-color" in markup
    assert not re.search(r'(fill|stroke)="#', markup), "hard-coded colour attribute"
    classes = {c for e in svg_root.iter() for c in (e.get("class") or "").split()}
    assert classes and all(c.startswith("map-") for c in classes)


def test_places_appear_where_they_are(places, svg_root):
    names = {place.id: place.name for place in places}

    def centre(place_id):
        circle = _link(svg_root, names[place_id]).find(f"{SVG}circle")
        return float(circle.get("cx")), float(circle.get("cy"))

    world = ["silicon-valley", "great-lakes", "suame-magazine", "sialkot", "tiexi-shenyang", "japan"]
    xs = [centre(i)[0] for i in world]
    assert xs == sorted(xs), "west to east"
    assert centre("volkswagen-argentina")[1] > centre("parana")[1] > centre("nnewi")[1] > centre("sialkot")[1]
    # the European places are on the larger-scale map, below the world map
    assert min(centre(p.id)[1] for p in places if p.country in {"Finland", "Italy", "Austria"}) > max(
        centre(i)[1] for i in world
    )
    assert centre("cambridge")[0] < centre("ruhr")[0] < centre("austria")[0] < centre("finland")[0]
    assert centre("finland")[1] < centre("north-jutland")[1] < centre("ruhr")[1] < centre("belluno")[1]
    # and the larger scale really is larger: Ruhr–Lorraine farther apart than Sialkot–Tiexi per degree
    ruhr, lorraine = centre("ruhr"), centre("lorraine")
    assert math.dist(ruhr, lorraine) / 2.6 > math.dist(centre("sialkot"), centre("tiexi-shenyang")) / 49


def test_without_a_detail_map_every_place_is_on_the_world_map(places, basemap):
    root = etree.fromstring(render_map_svg(places[:5], basemap, link_for, detail=None, id_prefix="m2").encode())
    assert len(list(root.iter(f"{SVG}a"))) == 5
    assert root.find(f".//{SVG}rect[@class='map-detail-box']") is None
    assert root.find(f"{SVG}title").get("id") == "m2-title"


def test_a_static_map_is_an_image_without_links(places, basemap):
    root = etree.fromstring(render_map_svg(places, basemap, link_for, interactive=False).encode())
    assert root.get("role") == "img"
    assert list(root.iter(f"{SVG}a")) == []
    assert len(root.findall(f".//{SVG}g[@class='map-place']")) == len(places)


def test_text_is_escaped(basemap):
    place = Place("a", "A & <B>", "", "C", 10, 10, "p.md", "s")
    markup = render_map_svg([place], basemap, lambda p: "../p/?a=1&b=2#s", title="Q & A")
    root = etree.fromstring(markup.encode())
    assert root.find(f".//{SVG}a").get("href") == "../p/?a=1&b=2#s"
    assert root.find(f".//{SVG}a/{SVG}text").text == "A & <B>"


def test_bad_map_input_raises(basemap):
    with pytest.raises(ValueError, match="no places"):
        render_map_svg([], basemap, link_for)
    place = Place("a", "A", "", "C", 10, 10, "p.md", "s")
    with pytest.raises(ValueError, match="duplicate place ids a"):
        render_map_svg([place, place], basemap, link_for)


def test_with_a_basemap_href_the_basemap_is_one_image(places, basemap, svg_root):
    root = etree.fromstring(render_map_svg(places, basemap, link_for, basemap_href="../assets/b.svg?v=1&x").encode())
    assert root.findall(f".//{SVG}path[@class='map-land']") == []
    assert root.findall(f".//{SVG}path[@class='map-borders']") == []
    images = list(root.iter(f"{SVG}image"))
    assert len(images) == 1
    image = images[0]
    assert image.get("href") == "../assets/b.svg?v=1&x" and image.get("class") == "map-basemap"
    assert image.get("aria-hidden") == "true"
    _, _, width, height = root.get("viewBox").split()
    assert (image.get("x"), image.get("y"), image.get("width"), image.get("height")) == ("0", "0", width, height)
    assert root.get("viewBox") == svg_root.get("viewBox")
    # first after <title>, <desc> and <style>
    assert [etree.QName(child).localname for child in root[:4]] == ["title", "desc", "style", "image"]

    # everything else as without it: the same elements, in the same order, minus the basemap paths
    def rest(tree):
        return [
            (e.tag, dict(e.attrib), e.text)
            for e in tree.iter()
            if e is not tree and e.get("class") not in {"map-land", "map-borders", "map-basemap"}
        ]

    assert rest(root) == rest(svg_root)
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == [a.get("href") for a in svg_root.iter(f"{SVG}a")]
    assert len(list(root.iter(f"{SVG}a"))) == len(places)


@pytest.mark.parametrize("detail", [EUROPE, None])
def test_the_basemap_file_lines_up_with_the_inline_map(places, basemap, detail):
    inline = etree.fromstring(render_map_svg(places, basemap, link_for, detail=detail).encode())
    markup = render_basemap_svg(places, basemap, detail=detail)
    root = etree.fromstring(markup.encode())
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == inline.get("viewBox")
    assert (root.get("width"), root.get("height")) == (inline.get("width"), inline.get("height"))
    for kind in ("map-land", "map-borders"):
        expected = [e.get("d") for e in inline.iter(f"{SVG}path") if e.get("class") == kind]
        assert [e.get("d") for e in root.iter(f"{SVG}path") if e.get("class") == kind] == expected
    assert len([e for e in root.iter(f"{SVG}path") if e.get("class") == "map-land"]) == (2 if detail else 1)
    # only the basemap: a style and paths, no ids, no links, no CSS variables (an <image> cannot see them)
    assert {etree.QName(e).localname for e in root.iter() if e is not root} == {"style", "path"}
    assert "id=" not in markup and "var(" not in markup


def test_bad_basemap_input_raises(basemap):
    with pytest.raises(ValueError, match="render_basemap_svg: no places"):
        render_basemap_svg([], basemap)
    place = Place("a", "A", "", "C", 10, 10, "p.md", "s")
    with pytest.raises(ValueError, match="duplicate place ids a"):
        render_basemap_svg([place, place], basemap)


def test_the_europe_box_covers_europe_only():
    lon0, lat0, lon1, lat1 = EUROPE
    assert lon0 < 0.12 < lon1 and lat0 < 64 < lat1  # Cambridge, Finland
    assert not (lon0 <= 74.53 <= lon1)  # Sialkot
    assert not (lat0 <= 6.72 <= lat1)  # Kumasi


# --- the table ----------------------------------------------------------------------------------


def test_the_table_has_one_row_per_place(places):
    html = places_table_html(places, link_for, "Places named in the review")
    table = etree.fromstring(html.encode("utf-8"))
    assert table.tag == "table" and table.get("class") is None
    assert table.find("caption").text == "Places named in the review"
    headers = table.findall("thead/tr/th")
    assert [th.get("scope") for th in headers] == ["col"] * len(headers)
    assert [th.text for th in headers] == ["Place", "Region", "Country", "Approximate location", "Note"]
    rows = table.findall("tbody/tr")
    assert [row.get("id") for row in rows] == [f"place-{p.id}" for p in places]
    for row, place in zip(rows, places, strict=True):
        assert row[0].tag == "th" and row[0].get("scope") == "row"
        assert row[0].find("a").get("href") == link_for(place)
        assert row[0].find("a").text == place.name
        assert row[2].text == place.country


def test_the_table_can_link_section_titles_and_omit_the_caption(places):
    html = places_table_html(places[:2], link_for, None, section_title=lambda p: f"Section {p.anchor}")
    table = etree.fromstring(html.encode("utf-8"))
    assert table.find("caption") is None
    assert table.findall("thead/tr/th")[4].text == "Discussed in"
    first = table.find("tbody/tr")
    assert first[0].text == places[0].name
    assert first[4].find("a").text == f"Section {places[0].anchor}"


def test_the_table_escapes_text():
    place = Place("a", "A & <B>", "R", "C", -1.5, -2.25, "p.md", "s", 'say "hi" <now>')
    html = places_table_html([place], link_for, "x < y")
    assert "<B>" not in html and "&lt;now&gt;" in html and "x &lt; y" in html
    assert "1.50° S, 2.25° W" in html


def test_format_coordinates():
    assert format_coordinates(32.49, 74.53) == "32.49° N, 74.53° E"
    assert format_coordinates(-34, -64) == "34.00° S, 64.00° W"


def test_every_place_has_tap_targets_of_at_least_24_units(svg_root):
    """Issue 13: map links were 6-7 px tall on a phone; each place now has a transparent target
    of at least 24 x 24 on its dot and at least 24 high on its label (drawn at full size on phones)."""
    links = list(svg_root.iter(f"{SVG}a"))
    assert links
    for link in links:
        hits = [r for r in link.findall(f"{SVG}rect") if r.get("class") == "map-hit"]
        assert len(hits) == 2, link.find(f"{SVG}title").text
        for hit in hits:
            assert float(hit.get("width")) >= 24 and float(hit.get("height")) >= 24
        dot = link.find(f"{SVG}circle")
        square = hits[0]
        assert float(square.get("x")) < float(dot.get("cx")) < float(square.get("x")) + float(square.get("width"))
