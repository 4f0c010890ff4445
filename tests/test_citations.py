"""The citation mechanism (review_site.citations) on Python-Markdown's own output, as
mkdocs-bibtex hands it over: author-date text plus a footnote per cited work."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from review_site.citations import AuthorDateCitations, style_order

SOURCE = """Porter ([1998](references.md#ref-porter)) and ([Marshall 1920](references.md#ref-marshall))[^marshall] say so[^porter].
A prose note here.[^aside]
Again Porter ([1998](references.md#ref-porter))[^porter].

[^aside]: A prose footnote with *emphasis*.
[^porter]: Porter, Michael E. 1998. “Clusters.”
[^marshall]: Marshall, Alfred. 1920. *Principles*.
"""


def render(order=("marshall", "porter")) -> BeautifulSoup:
    html = markdown.markdown(SOURCE, extensions=["footnotes", AuthorDateCitations(order)])
    return BeautifulSoup(html, "lxml")


def test_citation_footnotes_become_a_reference_list_in_style_order():
    soup = render()
    assert [div["data-cite"] for div in soup.select(".page-references .csl-entry")] == ["marshall", "porter"]
    assert soup.select_one(".csl-entry[data-cite='porter']").get_text() == "Porter, Michael E. 1998. “Clusters.”"
    assert soup.select_one(".csl-entry[data-cite='marshall'] em").get_text() == "Principles"
    links = soup.select("a.citation")
    assert [a["data-cite"] for a in links] == ["porter", "marshall", "porter"]
    assert "Porter (1998) and (Marshall 1920) say so" in soup.p.get_text()


def test_prose_footnotes_stay_footnotes_numbered_from_one():
    soup = render()
    sups = soup.select("sup[id^='fnref']")
    assert [sup.get_text() for sup in sups] == ["1"]
    assert sups[0].a["href"] == "#fn:aside"
    notes = soup.select("div.footnote li")
    assert [li["id"] for li in notes] == ["fn:aside"]
    assert "Jump back to footnote 1" in notes[0].select_one("a.footnote-backref")["title"]


def test_style_order_reads_the_bibliography_order():
    html = (
        '<div id="refs" class="references csl-bib-body"><div id="ref-b" class="csl-entry">B</div>'
        '<div id="ref-a" class="csl-entry" role="listitem">A</div></div>'
    )
    assert style_order(html) == ["b", "a"]


def test_without_order_nothing_changes():
    html = markdown.markdown(SOURCE, extensions=["footnotes", AuthorDateCitations()])
    assert html.count('class="footnote-ref"') == 4


def test_prose_footnotes_sit_above_the_references_heading():
    """A prose note is not read as an entry of "References" (the heading the build appends)."""
    source = SOURCE.replace("\n\n[^aside]", "\n\n## References { #references }\n\n[^aside]")
    html = markdown.markdown(source, extensions=["footnotes", "attr_list", AuthorDateCitations(("marshall", "porter"))])
    soup = BeautifulSoup(html, "lxml")
    heading = soup.find(id="references")
    assert heading.find_next_sibling("div")["class"] == ["references", "csl-bib-body", "page-references"]
    notes = soup.select_one("div.footnote-notes")
    assert notes.find_next_sibling("h2") is heading and notes.select_one("#fn\\:aside") is not None
