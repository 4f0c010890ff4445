"""Numbered table and figure captions (unit tests)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import pytest
from bs4 import BeautifulSoup

from review_site.captions import collect_captions, number_captions
from review_site.page_tree import PageContext, PageResult, PageTree, apply_captions

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


def _render(markdown_text: str, numbers: dict) -> tuple[str, PageResult]:
    """Python-Markdown's HTML of a page with the site's page tree, and the tree's result."""
    tree = PageTree()
    tree.start_page(PageContext("docs/a.md", numbers))
    html = markdown.markdown(markdown_text, extensions=["attr_list", "tables", "toc", tree])
    return html, tree.finish_page()


def test_apply_captions_makes_real_caption_and_figure():
    page = (
        "Table: First *table*.\n{ #tbl-one }\n\n| a |\n|---|\n| 1 |\n\nFigure: A figure.\n{ #fig-one }\n\n![x](f.svg)\n"
    )
    numbers = {"tbl-one": ("Table", 3, "a"), "fig-one": ("Figure", 1, "a")}
    html, result = _render(page, numbers)
    assert result.problems == []
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("table", id="tbl-one")
    assert table.caption.get_text() == "Table 3. First table.¶"
    assert table.contents[0] is table.caption  # the first child, as HTML requires
    assert table.caption.find("a", class_="headerlink")["href"] == "#tbl-one"
    figure = soup.find("figure", id="fig-one")
    assert figure.img["alt"] == "x" and figure.figcaption.get_text() == "Figure 1. A figure.¶"
    assert soup.find("p", id=True) is None


def test_caption_not_followed_by_table_is_an_error():
    _, result = _render("Table: X.\n{ #tbl-one }\n\ntext\n", {"tbl-one": ("Table", 1, "a")})
    assert result.problems == ["docs/a.md: caption 'tbl-one' is not followed by a table"]
    with pytest.raises(ValueError, match="tbl-one"):
        apply_captions(
            etree.fromstring('<div><p id="tbl-one">Table: X.</p><p>text</p></div>'), {"tbl-one": ("Table", 1, "a")}
        )
