"""The timeline of cited works (``review_site.timeline``): labels from BibTeX, lanes, stacking
and the SVG; unit tests without a site build."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
from lxml import etree
from pybtex.database import parse_string

from review_site.geo import text_width

from review_site.timeline import (
    STRAND_LABELS,
    STRANDS,
    Work,
    axis_range,
    render_timeline_svg,
    stack_rows,
    timeline_list_html,
    works_from_bibtex,
    year_x,
    zoom_year,
)

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"

BIB = r"""
@book{marshall1920principles, author = {Marshall, Alfred}, title = {Principles of Economics}, year = {1920}}
@article{beaudry2001growth, author = {Beaudry, Catherine and Swann, G. M. Peter}, title = {Growth}, year = {2001}}
@article{henderson2001geography, author = {Henderson, J. Vernon and Shalizi, Zmarak and Venables, Anthony J.},
  title = {Geography and Development}, year = {2001}}
@book{oecd1999managing, author = {{OECD}}, title = {Managing National Innovation Systems}, year = {1999}}
@book{oecd1999boosting, author = {{OECD}}, title = {Boosting Innovation}, year = {1999}}
@article{vandijk2000technological, author = {van Dijk, Machiel and Nomaler, {\"O}nder}, title = {T}, year = {2000}}
@article{losch1954economics, author = {L{\"o}sch, August}, title = {The Economics of Location}, year = {1954}}
@misc{untraced, author = {Kaibori, Shohei}, title = {Untraced}}
@book{edited2001, editor = {den Hertog, Pim and Bergman, Edward M.}, title = {Innovative Clusters}, year = {2001}}
"""


def link_for(key: str) -> str:
    return f"../references/#ref-{key}"


def labels(works):
    return {work.key: work.label for work in works}


# --- labels from BibTeX -------------------------------------------------------------------------


def test_labels_follow_the_chicago_author_date_short_form():
    works = works_from_bibtex(BIB, {})
    assert labels(works) == {
        "marshall1920principles": "Marshall 1920",
        "beaudry2001growth": "Beaudry and Swann 2001",
        "henderson2001geography": "Henderson et al. 2001",
        "oecd1999managing": "OECD 1999b",  # same author and year: a, b by title
        "oecd1999boosting": "OECD 1999a",
        "vandijk2000technological": "van Dijk and Nomaler 2000",
        "losch1954economics": "Lösch 1954",
        "edited2001": "den Hertog and Bergman 2001",  # editors when there is no author
    }


def test_a_work_without_a_year_is_left_out_and_strands_default_to_other():
    works = works_from_bibtex(BIB, {"marshall1920principles": "mechanisms", "untraced": "policy"})
    assert "untraced" not in labels(works)
    strands = {work.key: work.strand for work in works}
    assert strands["marshall1920principles"] == "mechanisms"
    assert strands["beaudry2001growth"] == "other"
    assert [work.key for work in works][:2] == ["marshall1920principles", "beaudry2001growth"]  # file order
    assert next(w for w in works if w.key == "marshall1920principles").year == 1920


def test_bad_strands_are_reported():
    with pytest.raises(ValueError, match="marshall1920principles: economics"):
        works_from_bibtex(BIB, {"marshall1920principles": "economics"})
    with pytest.raises(ValueError, match="not in the bibliography: nosuchkey"):
        works_from_bibtex(BIB, {"nosuchkey": "growth"})


def test_the_real_bibliography_gives_the_labels_the_site_prints():
    bib = (ROOT / "bib" / "references.bib").read_text(encoding="utf-8")
    works = works_from_bibtex(bib, {})
    found = labels(works)
    assert found["foss1999capabilities"] == "Foss 1999a"
    assert found["foss1999networks"] == "Foss 1999b"
    assert found["foss1999understanding"] == "Foss 1999c"
    assert found["krugman1991geography"] == "Krugman 1991a"
    assert found["krugman1991increasing"] == "Krugman 1991b"
    assert found["dalum1999formation"] == "Dalum et al. 1999"
    assert found["porter1998clusters"] == "Porter 1998"
    assert "kaiborinduntraced" not in found  # no year: cannot be placed
    assert len(works) == len(parse_string(bib, "bibtex").entries) - 1
    assert all(1890 <= work.year <= 2005 for work in works)


# --- stacking -----------------------------------------------------------------------------------


def test_stack_rows_uses_a_new_row_only_when_points_collide():
    assert stack_rows([0, 20, 40], 10) == [0, 0, 0]
    assert stack_rows([0, 5, 9, 30], 10) == [0, 1, 2, 0]
    assert stack_rows([9, 0, 5], 10) == [2, 0, 1]  # order of the input is kept
    assert stack_rows([], 10) == []


def test_year_x_maps_the_ends_of_the_axis_to_the_ends_of_the_plot():
    left, right = year_x(1890, 1890, 2005), year_x(2005, 1890, 2005)
    assert 0 < left < right <= 800
    assert year_x(1947.5, 1890, 2005) == pytest.approx((left + right) / 2)


# --- the SVG ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_works():
    strands = {
        "marshall1920principles": "mechanisms",
        "krugman1991increasing": "mechanisms",
        "martin2001growth": "growth",
        "paija2001ict": "growth",
        "dalum1999formation": "innovation",
        "foss1999capabilities": "innovation",
        "foss1999networks": "innovation",
        "foss1999understanding": "innovation",
        "porter1998clusters": "policy",
        "nadvi2002local": "policy",
        "roelandt1999state": "methods",
    }
    return works_from_bibtex((ROOT / "bib" / "references.bib").read_text(encoding="utf-8"), strands)


@pytest.fixture(scope="module")
def root(real_works):
    return etree.fromstring(render_timeline_svg(real_works, link_for).encode("utf-8"))


def test_the_timeline_is_valid_accessible_svg(root):
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group"
    assert root.find(f"{SVG}title").get("id") == root.get("aria-labelledby") == "timeline-title"
    assert root.find(f"{SVG}desc").get("id") == root.get("aria-describedby") == "timeline-desc"
    assert root.find(f"{SVG}title").text.strip() and root.find(f"{SVG}desc").text.strip()
    assert re.fullmatch(r"0 0 800 \d+(\.\d)?", root.get("viewBox"))


def test_every_work_is_one_link_with_a_point_and_a_tooltip(real_works, root):
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == len(real_works)
    by_href = {a.get("href"): a for a in links}
    for work in real_works:
        link = by_href[link_for(work.key)]
        assert link.find(f"{SVG}title").text == work.label
        assert link.find(f"{SVG}circle") is not None
        text = link.find(f"{SVG}text")
        assert text is None or text.text == work.label
    assert [e.get("id") for e in root.iter() if e.get("id")] == ["timeline-title", "timeline-desc"]


def test_points_never_overlap(root):
    circles = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in root.iter(f"{SVG}circle")]
    for (x0, y0, r0), (x1, y1, r1) in itertools.combinations(circles, 2):
        assert math.hypot(x1 - x0, y1 - y0) >= r0 + r1, ((x0, y0), (x1, y1))


def test_same_year_works_are_stacked_in_their_lane(root):
    foss = [a.find(f"{SVG}circle") for a in root.iter(f"{SVG}a") if a.get("href").startswith(link_for("foss1999"))]
    assert len(foss) == 3
    assert len({c.get("cx") for c in foss}) == 1
    assert len({c.get("cy") for c in foss}) == 3


def test_axis_starts_at_the_earliest_work_and_zooms_where_the_works_cluster(real_works, root):
    """Issue 13: the axis began in 1890 (the earliest work is of 1920) and squeezed the 48 works
    of 1990-2003 into a seventh of the plot."""
    years = [work.year for work in real_works]
    assert min(years) == 1920 and axis_range(years) == (1920, 2005)
    assert zoom_year(years, 1920, 2005) == 1990
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "timeline-tick-label"]
    assert ticks == ["1920", "1940", "1960"] + [str(year) for year in range(1990, 2005, 2)]
    plot = year_x(2005, 1920, 2005, zoom=1990) - year_x(1920, 1920, 2005, zoom=1990)
    zoomed = year_x(2005, 1920, 2005, zoom=1990) - year_x(1990, 1920, 2005, zoom=1990)
    assert zoomed / plot == pytest.approx(0.8)
    assert "zoomed from 1990" in root.find(f"{SVG}desc").text


def test_every_point_has_a_tap_target_of_at_least_24_units(real_works, root):
    for link in root.iter(f"{SVG}a"):
        hit = link.find(f"{SVG}rect")
        assert hit is not None and hit.get("class") == "timeline-hit"
        assert float(hit.get("width")) >= 24 and float(hit.get("height")) >= 24
    hits = [
        (float(r.get("x")), float(r.get("y")), float(r.get("width")))
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "timeline-hit"
    ]
    for (x0, y0, w0), (x1, y1, _w1) in itertools.combinations(hits, 2):
        assert abs(x1 - x0) >= w0 or abs(y1 - y0) >= w0, ((x0, y0), (x1, y1))


def test_the_list_names_every_work_by_year(real_works):
    html = timeline_list_html(real_works, link_for)
    for work in real_works:
        assert f'<a href="{link_for(work.key)}">{work.label}</a>' in html
    years = [int(y) for y in re.findall(r"<strong>(\d{4})</strong>", html)]
    assert years == sorted(set(w.year for w in real_works))


def test_axis_lanes_follow_the_strands(real_works, root):
    lanes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "timeline-lane-label"]
    assert lanes == [STRAND_LABELS[s] for s in STRANDS if any(w.strand == s for w in real_works)]
    assert lanes[-1] == "Other"


def test_each_point_sits_in_its_own_lane(real_works, root):
    bands = {}
    lane_groups = [g for g in root.iter(f"{SVG}g") if "timeline-lane-" in (g.get("class") or "")]
    for group in lane_groups:
        strand = group.get("class").split("timeline-lane-")[1]
        ys = [float(c.get("cy")) for c in group.iter(f"{SVG}circle")]
        bands[strand] = (min(ys), max(ys))
    ordered = [bands[s] for s in STRANDS if s in bands]
    for upper, lower in itertools.pairwise(ordered):
        assert upper[1] < lower[0]


def test_visible_labels_touch_no_point_and_no_other_label(root):
    circles = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in root.iter(f"{SVG}circle")]
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if text.get("class") != "timeline-label":
            continue
        x, y, width = float(text.get("x")), float(text.get("y")), text_width(text.text, 14)
        x0 = x if text.get("text-anchor") == "start" else x - width
        boxes.append((text.text, x0, y - 10.9, x0 + width, y + 3.4))
    assert "Marshall 1920" in {box[0] for box in boxes}
    for name, x0, y0, x1, y1 in boxes:
        for cx, cy, r in circles:
            assert not (x0 < cx + r and cx - r < x1 and y0 < cy + r and cy - r < y1), name
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]), (a[0], b[0])


def test_colours_follow_the_theme(root):
    markup = etree.tostring(root, encoding="unicode")
    assert "currentColor" in markup and "var(--md-typeset-a-color" in markup
    assert not re.search(r'(fill|stroke)="#', markup)
    classes = {c for e in root.iter() for c in (e.get("class") or "").split()}
    assert all(c.startswith("timeline-") for c in classes)


def test_options_change_the_axis_and_ids():
    works = [Work("a", 1950, "A 1950", "growth"), Work("b", 1950, "B & C 1950", "growth")]
    root = etree.fromstring(
        render_timeline_svg(works, link_for, start=1940, end=1960, tick=5, id_prefix="t2", desc="Two works.").encode()
    )
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "timeline-tick-label"] == [
        "1940",
        "1945",
        "1950",
        "1955",
        "1960",
    ]
    assert root.find(f"{SVG}desc").text == "Two works." and root.get("aria-labelledby") == "t2-title"
    assert {a.find(f"{SVG}title").text for a in root.iter(f"{SVG}a")} == {"A 1950", "B & C 1950"}


@pytest.mark.parametrize(
    "works, message",
    [
        ([], "no works"),
        (
            [Work("a", 1880, "A 1880", "growth"), Work("b", 1995, "B 1995", "growth")],
            r"year outside 1890–2005: a \(1880\)",
        ),
        ([Work("a", 1990, "A 1990", "economics")], r"strand not one of .*: a \(economics\)"),
        ([Work("a", 1990, "A", "growth"), Work("a", 1991, "A", "growth")], "duplicate key"),
    ],
)
def test_bad_timeline_input_raises(works, message):
    with pytest.raises(ValueError, match=message):
        render_timeline_svg(works, link_for, start=1890, end=2005)
