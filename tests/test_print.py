"""Printing and PDF: the whole review on one page (``/print/``, ``review_site.print_view``) and
the print stylesheet, as a reader gets them from Chromium's "Save as PDF"."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from review_site.links import published_links
from review_site.print_view import PrintedPage, print_view_html, rewrite_url

from conftest import page_url

NOT_PRINTED = ("links.md",)  # the link index (scripts/hooks.py NOT_PRINTED)
#: A sane length for the PDF on A4: every page of the review is there, and nothing is repeated.
PDF_PAGES = range(40, 151)

SLUGS = {"/": "home", "/growth/": "growth", "/references/": "references"}


@pytest.mark.parametrize(("url", "page", "expected"), [
    ("#equilibrium", "growth/", "#growth--equilibrium"),                # same page
    ("#", "growth/", "#growth"),
    ("../references/#ref-porter1998clusters", "growth/", "#references--ref-porter1998clusters"),
    ("../references/", "growth/", "#references"),
    ("..", "growth/", "#home"),                                          # MkDocs' link to the home page
    ("growth/#equilibrium", "", "#growth--equilibrium"),
    ("../links/#page-growth", "growth/", "../links/#page-growth"),       # a page not printed
    ("../references.bib", "growth/", "../references.bib"),               # a download
    ("../figures/map.svg", "growth/", "../figures/map.svg"),
    ("https://doi.org/10.1086/261763", "growth/", "https://doi.org/10.1086/261763"),
])
def test_rewrite_url_keeps_links_on_the_print_page(url, page, expected):
    assert rewrite_url(url, page, SLUGS, "print/") == expected


def test_rewrite_url_works_for_the_offline_copy_too():
    slugs = {"/index.html": "home", "/growth.html": "growth"}
    assert rewrite_url("index.html#scope", "growth.html", slugs, "print.html") == "#home--scope"
    assert rewrite_url("links.html", "growth.html", slugs, "print.html") == "links.html"


def test_print_view_makes_ids_unique_and_moves_headings_down():
    page = ('<h2 id="intro">Intro<a class="headerlink" href="#intro">¶</a></h2><p>See '
            '<a href="../b/#intro">B</a><sup id="fnref:x"><a href="#fn:x">1</a></sup></p>'
            '<h3 id="sub" aria-describedby="intro fn:x">Sub</h3><label for="box">L</label>'
            '<div class="footnote"><ol><li id="fn:x">X</li></ol></div><pre><code>&lt;h2 id="intro"&gt;</code></pre>')
    html = print_view_html([PrintedPage("a", "Page A", "a/", page), PrintedPage("b", "Page B", "b/", page)], "print/")
    ids = [element["id"] for element in BeautifulSoup(html, "lxml").find_all(id=True)]
    assert len(ids) == 11 and [name for name, count in Counter(ids).items() if count > 1] == []
    assert '<section class="print-view__page" id="a"><h2 class="print-view__title">Page A</h2><h3 id="a--intro">' in html
    assert '<a href="#b--intro">B</a><sup id="a--fnref:x"><a href="#a--fn:x">' in html
    assert '<h4 id="a--sub" aria-describedby="a--intro a--fn:x">Sub</h4>' in html
    assert '<label for="b--box">' in html
    assert '<code>&lt;h2 id="intro"&gt;</code>' in html  # code is text, not markup
    assert '<li><a href="#a">Page A</a></li><li><a href="#b">Page B</a></li>' in html


@pytest.fixture(scope="module")
def print_page(build):
    return build.html("print/")


def test_print_page_holds_every_page_but_the_link_index_in_reading_order(print_page, build, nav_pages):
    printed = [source for source in nav_pages if source not in NOT_PRINTED]
    titles = [build.html(page_url(source)).select_one("article h1").get_text(strip=True) for source in printed]
    assert [h2.get_text(strip=True) for h2 in print_page.select("section.print-view__page > h2")] == titles
    assert [a.get_text(strip=True) for a in print_page.select("nav.print-view__contents li a")] == titles
    assert len(print_page.find_all("h1")) == 1
    tables = [table for source in printed for table in build.html(page_url(source)).select("article table")]
    assert len(print_page.select("article table")) == len(tables) >= 9


def test_print_page_has_unique_ids_and_its_links_stay_on_it(print_page):
    ids = [element["id"] for element in print_page.find_all(id=True)]
    assert [name for name, count in Counter(ids).items() if count > 1] == []
    for link in print_page.select("article a[href^='#']"):
        assert link["href"] == "#" or link["href"][1:] in ids, link
    assert not print_page.select("article button.heading-action, article #cite-this-page, #section-citations")


def test_print_page_is_neither_searched_nor_locked(build, search_index):
    assert not [doc for doc in search_index["docs"] if doc["location"].startswith("print/")]
    assert not [link for link in published_links(build.site) if link.startswith("/print/")]
    assert build.html("").select_one("article a[href='print/']")  # the home page links to it


def squeeze(text: str) -> str:
    """Text without whitespace and ligatures, so that line breaks in the PDF do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def pdf_text(browser, site_url) -> tuple[int, str]:
    """Chromium's PDF of the print page (A4): page count and text (pypdf)."""
    tab = browser.new_page()
    tab.goto(site_url + "print/")
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4")))
    tab.close()
    return len(pdf.pages), unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pdf.pages))


def test_pdf_of_the_whole_review_has_citations_tables_and_references(pdf_text, print_page):
    pages, text = pdf_text
    assert pages in PDF_PAGES
    flat = " ".join(text.split())
    assert "(Porter 1990)" in flat and "Porter (1998)" in flat
    author_date = re.findall(r"\([A-Z][^()]{1,80}? (?:1[89]|20)\d\d[a-z]?(?:, [\d–-]+)?\)", flat)
    assert len(author_date) >= 50, author_date  # "(Krugman 1991a)", "(Porter 1990, 149)", …
    assert squeeze("Porter, Michael E. 1998. “Clusters and the New Economics of Competition.”") in squeeze(text)
    for table in print_page.select("article table"):  # every table, with every column (none cut off)
        label = table.caption.select_one(".caption-label").get_text(strip=True)
        last_column = table.select_one("tbody tr").find_all(["th", "td"])[-1].get_text(" ", strip=True)
        assert squeeze(label) in squeeze(text) and squeeze(last_column) in squeeze(text), label
    assert "Cite this page" not in text and "Copy link" not in text and "Type to start searching" not in text


def test_print_stylesheet_prints_any_page_black_on_white_without_navigation_or_tools(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    tab = context.new_page()
    tab.emulate_media(media="print")
    tab.goto(site_url + "growth/")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", "#cite-this-page",
                     "article h2 button.heading-action"):
        assert not tab.locator(selector).first.is_visible(), selector
    assert tab.locator("article h2").first.is_visible()
    text = tab.evaluate("""() => [...document.querySelectorAll("article :is(h1, h2, p, li, td, th, a, .csl-entry)")]
                                    .filter(element => element.checkVisibility())
                                    .map(element => getComputedStyle(element).color)""")
    assert set(text) == {"rgb(0, 0, 0)"} and len(text) > 50
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()
