"""The whole review on one page, to print or save as PDF (``docs/print.md``, built to ``/print/``).

The hook fills the page's marker with the content of every page in reading order, as each page
has it before its copy-link and cite buttons and its "Cite this page" panel are added. Pasting
pages together would repeat ids and break relative links, so :func:`print_view_html`:

- prefixes every id with its page's slug (``tbl-district-typology`` on the Definitions page
  becomes ``definitions--tbl-district-typology``), and every reference to an id with it
  (``href="#…"``, ``for``, ``headers``, ``aria-*``): the page has no duplicate id;
- turns links between the included pages into links inside the print page
  (``../references/#ref-porter1998clusters`` becomes ``#references--ref-porter1998clusters``),
  so they work in the PDF too, and makes links to other files (the ``.bib`` download, figures,
  pages left out) relative to the print page;
- moves every heading one level down under the page's title (an ``<h2>``), so the print page
  keeps one ``<h1>`` and no skipped heading level.

The HTML is MkDocs' own output, whose attributes are always double-quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import unquote, urljoin, urlsplit

from review_site.urls import relative_url as get_relative_url

#: Attributes whose value is an id (``for``) or a space-separated list of ids (the others).
ID_ATTRIBUTES = ("id", "for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_ID_ATTRIBUTE = re.compile(r"(\s(?:" + "|".join(ID_ATTRIBUTES) + r')=")([^"]*)(")')
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")


@dataclass
class PrintedPage:
    """One page of the print view: its slug (prefix of its ids), title, URL and content HTML."""

    slug: str
    title: str
    url: str
    html: str


def prefixed(slug: str, anchor: str) -> str:
    """The id that ``anchor`` of the page ``slug`` has on the print page (``slug--anchor``)."""
    return f"{slug}--{anchor}"


def rewrite_url(url: str, page_url: str, slugs: dict[str, str], print_url: str) -> str:
    """Where a link or image address of a page must point from the print page.

    Args:
        url: the address as written in the page (relative to ``page_url``).
        page_url: the page's URL from the site root, as MkDocs gives it (``"growth/"``, ``""``,
            ``"growth.html"``).
        slugs: ``{URL path from the site root: slug}`` of the printed pages (``{"/growth/": "growth"}``).
        print_url: the print page's URL from the site root (``"print/"``).

    Returns:
        ``#slug--anchor`` (or ``#slug``) for a place on a printed page, the address relative to
        the print page for any other file of the site, and ``url`` itself when it leaves the site.
    """
    if url.startswith("#"):
        return "#" + (prefixed(slugs[_path(page_url)], url[1:]) if url[1:] else slugs[_path(page_url)])
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    target = urlsplit(urljoin(_path(page_url), url))
    path = unquote(target.path)
    if path in slugs:
        return "#" + (prefixed(slugs[path], target.fragment) if target.fragment else slugs[path])
    relative = get_relative_url(path.lstrip("/"), print_url)
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")


def _path(page_url: str) -> str:
    return "/" + page_url


def page_section(page: PrintedPage, slugs: dict[str, str], print_url: str) -> str:
    """One page's content as a ``<section id="SLUG">`` of the print page (see the module doc)."""

    rewritten: dict[str, str] = {}  # attribute value -> new value: a page links the same places many times

    def url(value: str) -> str:
        if value not in rewritten:
            rewritten[value] = escape(rewrite_url(unescape(value), page.url, slugs, print_url))
        return rewritten[value]

    def attributes(tag: re.Match) -> str:
        text = _ID_ATTRIBUTE.sub(
            lambda m: m.group(1) + " ".join(prefixed(page.slug, value) for value in m.group(2).split()) + m.group(3),
            tag.group(0),
        )
        return _URL_ATTRIBUTE.sub(lambda m: m.group(1) + url(m.group(2)) + m.group(3), text)

    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", page.html)
    html = _TAG.sub(attributes, html)
    return (
        f'<section class="print-view__page" id="{escape(page.slug)}">'
        f'<h2 class="print-view__title">{escape(page.title)}</h2>{html}</section>'
    )


def title_page_html(
    title: str, author: str, edition: str, released: str, url: str, cite_as: str, license_text: str
) -> str:
    """The title page of the printed review (and of its PDF): what it is and how to cite it.

    Args:
        title, author: the site's title and author (plain text). edition: e.g. ``"1.0"``.
        released: the edition's date as shown (``"30 November 2026"``). url: the public address.
        cite_as: the site's citation as HTML (formatted by pandoc, trusted). license_text: plain text.

    Returns:
        ``<section class="print-view__title-page">`` whose text names the title, author,
        "Edition 1.0", the date, the address and "Cite as: …".
    """
    return (
        f'<section class="print-view__title-page" aria-label="Title page">'
        f'<p class="print-view__site-title">{escape(title)}</p>'
        f'<p class="print-view__author">{escape(author)}</p>'
        f'<p class="print-view__edition">Edition {escape(edition)} · {escape(released)}</p>'
        f'<p class="print-view__address">Online at <a href="{escape(url)}">{escape(url)}</a></p>'
        f'<div class="print-view__cite-as"><p><strong>Cite as:</strong></p>{cite_as}</div>'
        f'<p class="print-view__license">{escape(license_text)}</p></section>'
    )


def print_view_html(pages: Sequence[PrintedPage], print_url: str, title_page: str = "") -> str:
    """The print page's content: a title page, a list of contents, then every page (:func:`page_section`).

    Args:
        pages: the pages to print, in reading order.
        print_url: the print page's URL from the site root (``"print/"`` or ``"print.html"``).
        title_page: HTML put first (:func:`title_page_html`), or nothing.

    Returns:
        HTML with ids unique across all pages and links that stay on the print page.
    """
    slugs = {_path(page.url): page.slug for page in pages}
    contents = "".join(f'<li><a href="#{escape(page.slug)}">{escape(page.title)}</a></li>' for page in pages)
    return (
        title_page + f'<nav class="print-view__contents" aria-labelledby="print-view-contents">'
        f'<h2 id="print-view-contents">Contents</h2><ol>{contents}</ol></nav>'
        + "".join(page_section(page, slugs, print_url) for page in pages)
    )
