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

from review_site.aggregate import LINK_INDEX_MARKER  # a link index: addresses to copy, not text to read, not printed
from review_site.links import published_links
from review_site.print_view import PrintedPage, print_view_html, rewrite_url

from conftest import ROOT, page_url


def _printed(nav_pages: list[str]) -> list[str]:
    """The pages the print view should hold: the navigation without its link indexes."""
    return [source for source in nav_pages if LINK_INDEX_MARKER not in (ROOT / "docs" / source).read_text("utf-8")]


#: A sane length for the PDF on A4: every page of the review is there, and nothing is repeated.
PDF_PAGES = range(40, 151)

SLUGS = {"/": "home", "/growth/": "growth", "/references/": "references"}


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("#equilibrium", "growth/", "#growth--equilibrium"),  # same page
        ("#", "growth/", "#growth"),
        ("../references/#ref-porter1998clusters", "growth/", "#references--ref-porter1998clusters"),
        ("../references/", "growth/", "#references"),
        ("..", "growth/", "#home"),  # MkDocs' link to the home page
        ("growth/#equilibrium", "", "#growth--equilibrium"),
        ("../links/#page-growth", "growth/", "../links/#page-growth"),  # a page not printed
        ("../references.bib", "growth/", "../references.bib"),  # a download
        ("../figures/map.svg", "growth/", "../figures/map.svg"),
        ("https://doi.org/10.1086/261763", "growth/", "https://doi.org/10.1086/261763"),
    ],
)
def test_rewrite_url_keeps_links_on_the_print_page(url, page, expected):
    assert rewrite_url(url, page, SLUGS, "print/") == expected


def test_rewrite_url_works_for_the_offline_copy_too():
    slugs = {"/index.html": "home", "/growth.html": "growth"}
    assert rewrite_url("index.html#scope", "growth.html", slugs, "print.html") == "#home--scope"
    assert rewrite_url("links.html", "growth.html", slugs, "print.html") == "links.html"


def test_print_view_makes_ids_unique_and_moves_headings_down():
    page = (
        '<h2 id="intro">Intro<a class="headerlink" href="#intro">¶</a></h2><p>See '
        '<a href="../b/#intro">B</a><sup id="fnref:x"><a href="#fn:x">1</a></sup></p>'
        '<h3 id="sub" aria-describedby="intro fn:x">Sub</h3><label for="box">L</label>'
        '<div class="footnote"><ol><li id="fn:x">X</li></ol></div><pre><code>&lt;h2 id="intro"&gt;</code></pre>'
    )
    html = print_view_html([PrintedPage("a", "Page A", "a/", page), PrintedPage("b", "Page B", "b/", page)], "print/")
    ids = [element["id"] for element in BeautifulSoup(html, "lxml").find_all(id=True)]
    assert len(ids) == 11 and [name for name, count in Counter(ids).items() if count > 1] == []
    assert (
        '<section class="print-view__page" id="a"><h2 class="print-view__title">Page A</h2><h3 id="a--intro">' in html
    )
    assert '<a href="#b--intro">B</a><sup id="a--fnref:x"><a href="#a--fn:x">' in html
    assert '<h4 id="a--sub" aria-describedby="a--intro a--fn:x">Sub</h4>' in html
    assert '<label for="b--box">' in html
    assert '<code>&lt;h2 id="intro"&gt;</code>' in html  # code is text, not markup
    assert '<li><a href="#a">Page A</a></li><li><a href="#b">Page B</a></li>' in html


@pytest.fixture(scope="module")
def print_page(build):
    return build.html("print/")


def test_print_page_holds_every_page_but_the_link_index_in_reading_order(print_page, build, nav_pages):
    printed = _printed(nav_pages)
    assert "links.md" not in printed and len(printed) == len(nav_pages) - 1
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


def test_pdf_of_the_whole_review_has_citations_tables_and_references(published_pdf, print_page):
    """The PDF readers download (Chromium's print of the print page, made by ``make build``)."""
    text = "\n".join(published_pdf)
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
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        "#cite-this-page",
        "article h2 button.heading-action",
    ):
        assert not tab.locator(selector).first.is_visible(), selector
    assert tab.locator("article h2").first.is_visible()
    text = tab.evaluate("""() => [...document.querySelectorAll("article :is(h1, h2, p, li, td, th, a, .csl-entry)")]
                                    .filter(element => element.checkVisibility())
                                    .map(element => getComputedStyle(element).color)""")
    assert set(text) == {"rgb(0, 0, 0)"} and len(text) > 50
    assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


# The PDF that `make build` prints (review_site.pdf), as published in site/, and what every
# printout of a page says about itself.

from datetime import date  # noqa: E402

import yaml  # noqa: E402

from conftest import _PermissiveLoader  # noqa: E402
from review_site.dates import format_day  # noqa: E402
from review_site.pdf import PDF_NAME, pdf_link_problems  # noqa: E402

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default site_url, as the test build has it


@pytest.fixture(scope="module")
def citation() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PermissiveLoader)["extra"]["citation"]


@pytest.fixture(scope="module")
def published_pdf(build) -> list[str]:
    """The text of each sheet of site/industrial-clusters-review.pdf (pypdf, NFKC)."""
    path = build.site / PDF_NAME
    assert path.is_file(), f"{PDF_NAME} is missing from the built site"
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(path).pages]


def test_published_pdf_opens_with_a_title_page_that_says_what_it_is_and_how_to_cite_it(published_pdf, citation):
    first = " ".join(published_pdf[0].split())
    released = citation["released"]
    released = released if isinstance(released, date) else date.fromisoformat(str(released))
    for expected in (
        citation["title"],
        citation["author"],
        f"Edition {citation['version']}",
        format_day(released),
        f"Online at {SITE_URL}",
        "Cite as:",
        f"Version {citation['version']}",
    ):
        assert expected in first, f"{expected!r} is not on the title page: {first[:400]}"
    assert "Contents" not in first and "The Whole Review on One Page" not in first


def test_published_pdf_has_every_page_of_the_review_and_no_blank_sheet(published_pdf, nav_pages, build):
    assert len(published_pdf) in PDF_PAGES
    header = ("Industrial Clusters: A Research Review", SITE_URL)
    for number, text in enumerate(published_pdf, 1):
        body = re.sub(r"Page \d+ of \d+", "", text)
        for line in header:
            body = body.replace(line, "")
        assert len(body.strip()) >= 20, f"sheet {number} of {len(published_pdf)} is blank: {text!r}"
        assert f"Page {number} of {len(published_pdf)}" in text
    flat = squeeze(" ".join(published_pdf))
    for source in _printed(nav_pages):
        title = build.html(page_url(source)).select_one("article h1").get_text(strip=True)
        assert squeeze(title) in flat, title


def test_every_page_links_the_pdf_and_names_it_for_citation_managers(build, nav_pages):
    assert pdf_link_problems(build.site) == []
    for source in nav_pages:
        soup = build.html(page_url(source))
        assert soup.select_one(f"article a.pdf-download, article .pdf-download a[href$='{PDF_NAME}']"), source
        meta = soup.select_one("meta[name='citation_pdf_url']")
        assert meta is not None and meta["content"] == SITE_URL + PDF_NAME, source


def _toggled_dark_tab(browser, site_url, path):
    """A tab on ``path`` after the reader chose the dark scheme with the palette toggle."""
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    tab = context.new_page()
    tab.goto(site_url)
    tab.locator("label[for='__palette_1']").click()
    tab.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    tab.goto(site_url + path)
    return context, tab


def test_printout_of_a_page_says_its_title_address_and_citation_in_light_output_from_dark_mode(browser, site_url):
    context, tab = _toggled_dark_tab(browser, site_url, "growth/")
    assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert not tab.locator("article .print-header").is_visible()  # print only
    tab.emulate_media(media="print")
    header = tab.locator("article .print-header")
    assert header.is_visible()
    text = " ".join(header.inner_text().split())
    assert "Industrial Clusters: A Research Review, edition 1.0" in text and f"{site_url.rstrip('/')}" not in text
    assert f"{SITE_URL}growth/" in text and "Cite as:" in text and "“Clusters and Economic Growth.”" in text
    for element in ("document.documentElement", "document.body"):  # the sheet and its margins
        assert tab.evaluate(f"getComputedStyle({element}).backgroundColor") in ("rgb(255, 255, 255)",)
        assert tab.evaluate(f"getComputedStyle({element}).colorScheme") == "light"
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4", margin={"top": "2cm", "bottom": "2cm"}, print_background=True)))
    first = " ".join(pdf.pages[0].extract_text().split())
    assert first.startswith("Clusters and Economic Growth") and "Cite as:" in first
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_places_prints_without_a_blank_sheet(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(site_url + "places/")
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4", margin={"top": "1cm", "bottom": "1cm"})))
    texts = [" ".join(page.extract_text().split()) for page in pdf.pages]
    assert texts[0].startswith("Places in the Review"), texts[0][:200]
    assert [number for number, text in enumerate(texts, 1) if len(text) < 20] == []
    context.close()
