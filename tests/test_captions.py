"""Numbered table and figure captions (unit tests)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from review_site.captions import apply_captions, collect_captions, number_captions

PAGE = "Intro.\n\nTable: First table.\n{ #tbl-one }\n\n| a |\n|---|\n| 1 |\n\nFigure: A figure.\n{ #fig-one }\n"


def test_collect_and_number_across_pages():
    first, problems = collect_captions(PAGE, "docs/a.md")
    assert problems == [] and first == [("Table", "tbl-one"), ("Figure", "fig-one")]
    numbers, problems = number_captions([("docs/a.md", first), ("docs/b.md", [("Table", "tbl-two")])])
    assert problems == []
    assert numbers == {
        "tbl-one": ("Table", 1, "docs/a.md"),
        "fig-one": ("Figure", 1, "docs/a.md"),
        "tbl-two": ("Table", 2, "docs/b.md"),
    }


def test_caption_without_id_or_with_wrong_prefix_is_reported():
    _, problems = collect_captions("Table: No id.\n\n| a |\n", "docs/a.md")
    assert [str(p) for p in problems] == ["docs/a.md:1: table caption needs its id on the next line: { #tbl-… }"]
    _, problems = collect_captions("Figure: Wrong.\n{ #tbl-x }\n", "docs/a.md")
    assert len(problems) == 1


def test_duplicate_ids_across_pages_are_reported():
    _, problems = number_captions([("docs/a.md", [("Table", "tbl-x")]), ("docs/b.md", [("Table", "tbl-x")])])
    assert "already used in docs/a.md" in str(problems[0])


def test_apply_captions_makes_real_caption_and_figure():
    html = (
        '<p id="tbl-one">Table: First <em>table</em>.</p>\n<table><tr><th>a</th></tr></table>'
        '<p id="fig-one">Figure: A figure.</p>\n<p><img alt="x" src="f.svg"></p>'
    )
    numbers = {"tbl-one": ("Table", 3, "a"), "fig-one": ("Figure", 1, "a")}
    soup = BeautifulSoup(apply_captions(html, numbers), "html.parser")
    table = soup.find("table", id="tbl-one")
    assert table.caption.get_text() == "Table 3. First table.¶"
    assert table.caption.find("a", class_="headerlink")["href"] == "#tbl-one"
    figure = soup.find("figure", id="fig-one")
    assert figure.img["alt"] == "x" and figure.figcaption.get_text() == "Figure 1. A figure.¶"
    assert soup.find("p", id=True) is None


def test_caption_not_followed_by_table_is_an_error():
    with pytest.raises(ValueError, match="tbl-one"):
        apply_captions('<p id="tbl-one">Table: X.</p><p>text</p>', {"tbl-one": ("Table", 1, "a")})
