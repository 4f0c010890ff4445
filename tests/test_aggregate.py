"""The order in which the build renders pages made from other pages (review_site.aggregate)."""

from __future__ import annotations

import pytest

from review_site import ProblemsError
from review_site.aggregate import LINK_INDEX_MARKER, PRINT_VIEW_MARKER, page_reads, printed_pages, render_order
from review_site.model import read_page


def _pages(**sources: str):
    return {f"{name}.md": read_page(f"{name}.md", text) for name, text in sources.items()}


def test_pages_made_from_others_are_rendered_after_them_and_the_rest_keep_their_order():
    pages = _pages(
        a="---\ntitle: A\nmoved_anchors:\n  e1: c.md#e1\n---\nText.\n",
        b=f"---\ntitle: B\n---\n{LINK_INDEX_MARKER}\n",
        c="---\ntitle: C\n---\nText.\n",
        d="---\ntitle: D\n---\nText.\n",
        p=f"---\ntitle: P\n---\n{PRINT_VIEW_MARKER}\n",
    )
    nav = ["a.md", "b.md", "c.md", "d.md"]
    reads = page_reads(pages, nav)
    assert reads == {"a.md": ["c.md"], "b.md": ["a.md", "c.md", "d.md"], "p.md": ["a.md", "c.md", "d.md"]}
    # MkDocs' order is alphabetical: a page reading later pages waits for them, nothing else moves.
    assert render_order(["a.md", "b.md", "c.md", "d.md", "p.md"], reads) == ["c.md", "a.md", "d.md", "b.md", "p.md"]
    assert render_order(["c.md", "d.md"], reads) == ["c.md", "d.md"]


def test_the_print_view_leaves_out_the_link_index():
    pages = _pages(links=f"---\ntitle: L\n---\n{LINK_INDEX_MARKER}\n", p=f"---\ntitle: P\n---\n{PRINT_VIEW_MARKER}\n")
    assert page_reads(pages, ["links.md"]) == {}  # the link index lists the other pages; there are none


def test_the_print_view_leaves_out_every_link_index_whatever_its_name():
    pages = _pages(
        a="---\ntitle: A\n---\nText.\n",
        links=f"---\ntitle: L\n---\n{LINK_INDEX_MARKER}\n",
        addresses=f"---\ntitle: L2\n---\nIntro.\n\n{LINK_INDEX_MARKER}\n",
        p=f"---\ntitle: P\n---\n{PRINT_VIEW_MARKER}\n",
    )
    nav = ["a.md", "links.md", "addresses.md"]
    assert printed_pages(pages, nav) == ["a.md"]
    assert page_reads(pages, nav)["p.md"] == ["a.md"]


def test_pages_that_read_each_other_are_an_error_naming_the_page():
    reads = {"a.md": ["b.md"], "b.md": ["a.md"]}
    with pytest.raises(ProblemsError, match=r"docs/a.md:1: pages read each other: a.md, b.md"):
        render_order(["a.md", "b.md"], reads)


def test_two_link_indexes_do_not_wait_for_each_other():
    pages = _pages(
        a="---\ntitle: A\n---\nText.\n",
        l1=f"---\ntitle: L1\n---\n{LINK_INDEX_MARKER}\n",
        l2=f"---\ntitle: L2\n---\n{LINK_INDEX_MARKER}\n",
    )
    reads = page_reads(pages, ["a.md", "l1.md", "l2.md"])
    assert reads == {"l1.md": ["a.md"], "l2.md": ["a.md"]}
    assert render_order(["a.md", "l1.md", "l2.md"], reads) == ["a.md", "l1.md", "l2.md"]
