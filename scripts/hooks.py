"""MkDocs hooks of the site: a thin, typed adapter between MkDocs' events and ``review_site``.

Registered in ``mkdocs.yml`` under ``hooks:``. Each event turns MkDocs' objects into plain data and
calls one method of :class:`review_site.build.SiteBuild`, which holds the site's model (built once) and
everything made from it; the adapter only adds the generated files, sets the order of rendering, and
talks to the plugins (mkdocs-bibtex through ``review_site.bibtex_adapter``, htmlproofer, offline).
Bad input raises ``review_site.ProblemsError`` (``path:line: message`` lines, all problems together),
which each event reports as MkDocs' ``PluginError``: ``mkdocs build --strict`` stops, no traceback.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402

from review_site import ProblemsError, page_html  # noqa: E402
from review_site.bibtex_adapter import hand_over, install_bibliography, prepare  # noqa: E402
from review_site.build import IFRAME_WORKER_URL, PLACES, MkDocsRender, ReportCount, SiteBuild  # noqa: E402
from review_site.build import is_publishing, style_paths, toc_tokens  # noqa: E402
from review_site.metadata import is_preview_address  # noqa: E402
from review_site.model import citation_order  # noqa: E402
from review_site.project import PDF_NAME  # noqa: E402

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks")
_command: str | None = None
_build: SiteBuild  # set by on_config, for the build that follows
_reports = ReportCount()  # what MkDocs and the plugins report during the build
_ADAPTER = Path(__file__).read_bytes()  # the code of this module as it runs (mkdocs serve keeps it loaded)


def _reported(event):
    """Report ``ProblemsError`` as MkDocs' ``PluginError`` (its ``path:line: message`` lines, no traceback)."""

    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except ProblemsError as error:
            raise PluginError(str(error)) from error

    return wrapper


class _RenderedTable(File):
    """A table's CSV download, created once: its content is the table as its page rendered it
    (``SiteBuild.csvs``), read when MkDocs writes the file, after every page is rendered."""

    def __init__(self, config: MkDocsConfig, path: str, anchor: str):
        super().__init__(path, None, config.site_dir, config.use_directory_urls)
        self.anchor, self.generated_by = anchor, "scripts/hooks.py"

    @property
    def _content(self) -> str:  # what File.copy_file writes
        if self.anchor not in _build.csvs:
            raise PluginError(f"{self.src_uri}: table '{self.anchor}' was not rendered")
        return _build.csvs[self.anchor]  # read-only: a property without a setter


def _offline(config: MkDocsConfig) -> bool:
    """Whether this build is the offline copy (``OFFLINE=true``, Material's offline plugin)."""
    offline = config.plugins.get("material/offline")
    return bool(offline and offline.config.enabled)


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # before mkdocs-bibtex reads the bibliography and the CSL file
@_reported
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _reports.attach("mkdocs")  # counts from zero, for every build (mkdocs serve rebuilds)
    proofer = config.plugins.get("htmlproofer")
    if _command == "serve" and proofer:  # `make build`, `make test` and CI run the full link check
        proofer.config["enabled"] = False
    if proofer:  # the PDF is printed after the build (review_site.pdf checks its links)
        proofer.config["ignore_urls"].append(f"*{PDF_NAME}")
    if is_preview_address(config.site_url or ""):
        log.info("PREVIEW BUILD for %s: not for publishing (set SITE_URL to the public address)", config.site_url)
    root, bibtex = Path(config.config_file_path).resolve().parent, config.plugins["bibtex"].config
    bibtex.csl_file = str(next(iter(style_paths().values())))  # absolute: mkdocs-bibtex resolves it against the cwd
    snippets = (config.mdx_configs.get("pymdownx.snippets") or {}).get("base_path") or []
    publishing = is_publishing(_command, os.environ)
    _build = SiteBuild.start(root, root / bibtex.bib_file, config.site_url or "", config.extra, snippets, publishing)
    install_bibliography(_build.model.bibliography)  # mkdocs-bibtex's registry takes the model's parse
    # Author-date citations without footnote numbers (each page's list in the style's order, set in on_nav);
    # then each page's work in the tree (after toc, same priority 5, registered later; before MkDocs' ids).
    config.markdown_extensions += [_build.citations, _build.page_tree]
    if _offline(config):  # runs before the offline plugin's on_config, which then adds no CDN shim
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), IFRAME_WORKER_URL]
    return config


@event_priority(100)  # before htmlproofer indexes the files, so it can check the generated ones
@_reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Every page read once; the bibliography exports and the table CSVs added."""
    pages = {file.src_uri: file.content_bytes for file in files.documentation_pages()}
    for path, content in _build.read_pages(pages).items():
        files.append(File.generated(config, path, content=content))
    for anchor, paths in _build.table_csv_paths().items():
        for path in paths:  # the table's address, then its old ones
            files.append(_RenderedTable(config, path, anchor))
    if _offline(config):
        files.append(File.generated(config, IFRAME_WORKER_URL, abs_src_path=str(_build.offline_shim())))
    return files


@_reported
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Check everything (all problems at once, before any slow work); format all citations; set the order of
    rendering (pages made from other pages after them); add the generated files the pages link."""
    pages = files.documentation_pages()
    urls = {file.src_uri: "" if file.url in (".", "./") else file.url for file in pages}
    places = files.get_file_from_path(PLACES)
    nav_pages, order = [page.file.src_uri for page in nav.pages], [file.src_uri for file in pages]
    config_dir = Path(config.config_file_path).resolve().parent
    converter = [  # what every page's conversion depends on besides the model (SiteBuild.plan)
        *(part for path in sorted(config_dir.glob("*.yml")) for part in (path.name, path.read_bytes())),
        _ADAPTER,
        "\n".join(f"{file.src_uri}\t{file.url}" for file in files),
    ]
    order, generated = _build.plan(nav_pages, urls, order, places.content_bytes if places else None, converter)
    formats = prepare(config.plugins["bibtex"].registry, _build.model)  # mkdocs-bibtex: formatted citations
    _build.set_citation_formats(*formats, citation_order(_build.model.bibliography))  # pandoc ran meanwhile
    for src_uri in order:  # MkDocs renders the pages in the order of `files`
        files.remove(file := files.get_file_from_path(src_uri))
        files.append(file)
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return nav


@event_priority(100)  # before mkdocs-bibtex turns [@key] into citations
@_reported
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The site's additions (``SiteBuild.page_markdown``); the model's citation blocks handed to mkdocs-bibtex."""
    src_uri = page.file.src_uri
    markdown = _build.page_markdown(src_uri, markdown, config.copyright or "")
    return hand_over(markdown, _build.citations_to_format(src_uri))


@_reported
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page's HTML from the model (``SiteBuild.page_content``). A page replayed from the build cache gets
    back what MkDocs kept from its conversion: table of contents, ids, links to ids (checked by MkDocs)."""
    src_uri = page.file.src_uri
    links = {file.src_uri: dict(anchors) for file, anchors in (page.links_to_anchors or {}).items()}
    kept = MkDocsRender(toc_tokens(page.toc or []), sorted(page.present_anchor_ids or ()), links)
    # MkDocs records the links to ids only above DEBUG (not under -v): such a conversion is not stored
    content, kept = _build.page_content(src_uri, html, kept if page.links_to_anchors is not None else None)
    if _build.is_replayed(src_uri):
        page.toc, page.present_anchor_ids = get_toc(kept.toc), set(kept.anchors)
        targets = {target: files.get_file_from_path(target) for target in kept.links}
        page.links_to_anchors = {targets[target]: found for target, found in kept.links.items() if targets[target]}
    return content


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page (a template, not a page) gets the same repairs of the theme's markup."""
    return page_html.theme_repairs(output)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The theme's markup repaired; scholarly and link-preview metadata in ``<head>``."""
    return _build.page_output(page.file.src_uri, output, page.meta, config.site_description or "")


@event_priority(-100)  # after the plugins: htmlproofer reports its last links, search writes its index
@_reported
def on_post_build(config: MkDocsConfig) -> None:
    """Tune the search index, then fail the build when a published address (``links.lock``) no longer
    resolves; a build that reported nothing stores its pages' conversions (``SiteBuild.finish``).
    ``make build`` publishes only a build that passed."""
    message = _build.finish(Path(config.site_dir), config.use_directory_urls, clean=_reports.clean)
    for line in (_build.conversions_summary(), message):
        if line:
            log.info(line)
