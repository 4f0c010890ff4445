"""The typed model of the site, built once per build from the sources (no MkDocs types).

``scripts/hooks.py`` (the MkDocs adapter) builds it in three steps and keeps it in one
:class:`SiteModel`:

1. :func:`read_bibliography` (``on_config``): the ``.bib`` file, checked; its CSL-JSON and keys.
2. :func:`read_page` for every page (``on_files``): the front matter parsed once, headings,
   captions, citation blocks (found once, by the site's one citation grammar,
   :func:`~review_site.citation_grammar.find_citations`; mkdocs-bibtex is handed these blocks);
   then :func:`check_site` (``on_nav``) reports every problem of every page, the caption numbering,
   the cross-references and the places of the map together, as one
   :class:`~review_site.ProblemsError`, before any slow work (pandoc, images).
3. :func:`prepare_site_citations` (``on_nav``): "Cite this page/section" of every page and section.

Every problem is a :class:`~review_site.Problem` (``path:line: message``).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable, Mapping, Sequence

from review_site import Problem, fail
from review_site.bibliography import lint_bibtex, parse_bibtex
from review_site.cache import ContentCache
from review_site.captions import collect_captions, number_captions
from review_site.cite import SiteCitation, all_formats, csl_item, format_items, sentence_case
from review_site.dates import git_dates, git_revision
from review_site.exports import write_text
from review_site.front_matter import split_front_matter
from review_site.geo import BASEMAP_PATH, Basemap, Place, anchor_problems, parse_places, read_basemap
from review_site.citation_grammar import PageCitations, citation_problems, find_citations
from review_site.markdown_checks import (
    cross_reference_problems,
    decode_problems,
    front_matter_problems,
    front_matter_syntax_problems,
    heading_problems,
    id_map_problems,
    line_offset,
    link_problems,
    reserved_id_problems,
)
from review_site.markdown_scan import section_headings
from review_site.page_tools import citation_reference
from review_site.citations import style_order
from review_site.references import bibliography_csl_json, render_bibliography
from review_site.timeline import Work, works_from_bibtex

#: Pages whose citations decide a work's strand on the timeline, in this order of precedence.
STRANDS = {
    "mechanisms.md": "mechanisms",
    "growth.md": "growth",
    "innovation.md": "innovation",
    "policy.md": "policy",
    "methods.md": "methods",
}

#: ``(kind, id)`` of a caption, e.g. ``("Table", "table-growth-studies")``.
Caption = tuple[str, str]
#: ``(id, heading text, line)`` of an H2/H3 section.
Heading = tuple[str, str, int]
#: ``(page src_uri, section id, heading text)``: where a work is cited.
CitingPlace = tuple[str, str, str]


@dataclass(frozen=True)
class PageSource:
    """One page of ``docs/`` as written, its front matter parsed once.

    Attributes:
        src_uri: the path under ``docs/`` (``"growth.md"``). source: the whole file (front matter included).
        markdown: the text after the front matter. meta: the front matter (``{}`` when invalid).
        offset: lines of front matter, so that ``offset + line in markdown`` is the line in the file.
    """

    src_uri: str
    source: str
    markdown: str
    meta: dict[str, Any]
    offset: int

    @property
    def path(self) -> str:
        """The file as messages name it: ``"docs/growth.md"``."""
        return f"docs/{self.src_uri}"

    @cached_property
    def captions_found(self) -> tuple[list[Caption], list[Problem]]:
        """The page's table and figure captions and their problems (:func:`review_site.captions.collect_captions`)."""
        return collect_captions(self.source, self.path)

    @property
    def captions(self) -> list[Caption]:
        return self.captions_found[0]

    @cached_property
    def headings(self) -> list[Heading]:
        """The H2/H3 sections with their explicit ids."""
        return section_headings(self.markdown)

    @cached_property
    def heading_texts(self) -> dict[str, str]:
        """``{section id: heading text}``."""
        return {anchor: text for anchor, text, _ in self.headings}

    @cached_property
    def citations(self) -> PageCitations:
        """Every citation block of the page, found once (:func:`~review_site.citation_grammar.find_citations`):
        the checks, "Cited in", the ``<meta>`` tags and mkdocs-bibtex (``review_site.bibtex_adapter``) use these."""
        return find_citations(self.markdown)

    @property
    def cited_keys(self) -> list[str]:
        """The keys the page cites, in order of first citation."""
        return self.citations.keys

    @property
    def citing_sections(self) -> list[tuple[str, str, str]]:
        """``[(key, section id, heading text), …]``: which section cites which work."""
        return self.citations.sections

    @property
    def aliases(self) -> dict[str, str]:
        """``anchor_aliases`` of the front matter (``{old id: id}``); ``{}`` when malformed (reported by the checks)."""
        aliases = self.meta.get("anchor_aliases") or {}
        return aliases if isinstance(aliases, dict) else {}

    def problems(self, keys: Iterable[str]) -> list[Problem]:
        """Front matter, headings, citations (against ``keys``), links and reserved ids of the page."""
        path, markdown, offset = self.path, self.markdown, self.offset
        problems = front_matter_syntax_problems(self.source, path)  # MkDocs drops such front matter silently
        problems = problems or front_matter_problems(self.meta, path) + id_map_problems(self.meta, self.source, path)
        problems += heading_problems(markdown, path, offset)
        problems += citation_problems(self.citations, keys, path, offset)
        problems += link_problems(markdown, path, offset)
        return problems + reserved_id_problems(markdown, path, offset, cites=bool(self.citations.blocks))


def read_page(src_uri: str, source: str) -> PageSource:
    """The :class:`PageSource` of ``docs/<src_uri>`` with text ``source`` (already decoded: the adapter checks UTF-8 first)."""
    markdown, meta = split_front_matter(source)
    return PageSource(src_uri, source, markdown, meta, line_offset(source, markdown))


@dataclass(frozen=True)
class Bibliography:
    """The bibliography (``bib/references.bib``) and the CSL style of every citation.

    Attributes:
        path: the ``.bib`` file. text: its text, the only read of the file (parsed once by pybtex:
        :func:`~review_site.bibliography.parse_bibtex`). keys: its entry keys.
        csl_path: the CSL style file. csl_text: its text.
        items: the entries as CSL-JSON (pandoc, cleaned). json_text: the published ``references.json``.
        json_path: a copy of ``json_text`` in the temporary folder, the file pandoc formats from.
        rendering: the pandoc run that renders every entry in the style's order from ``json_path``
        (started by :func:`read_bibliography`, in a background thread: it runs while the build reads the
        pages and formats their citations in another pandoc run); read it as :attr:`html`.
    """

    path: Path
    text: str
    keys: frozenset[str]
    csl_path: Path
    csl_text: str
    items: list[dict]
    json_text: str
    json_path: Path
    rendering: Future

    @property
    def html(self) -> str:
        """Every entry rendered in the style's order (pandoc): the References page's list and the order of
        each page's list. Waits for :attr:`rendering`; raises what it raised (``RuntimeError``: pandoc failed)."""
        return self.rendering.result()

    @cached_property
    def meta_refs(self) -> dict[str, str]:
        """``{key: citation_reference content}`` for the ``<meta>`` tags of the pages that cite it."""
        return {item["id"]: citation_reference(item) for item in self.items}


def read_snippets(folders: Sequence[str]) -> dict[Path, bytes]:
    """``{path: content}`` of every file ``pymdownx.snippets`` may include: the files under each of ``folders``
    (its ``base_path``; an entry may also be a single file), read once per build, sorted by path."""
    found = {}
    for base in map(Path, folders):
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if path.is_file():
                found[path] = path.read_bytes()
    return found


def read_bibliography(
    root: Path, bib_path: Path, csl_path: Path, snippets: Mapping[Path, bytes], cache: ContentCache
) -> Bibliography:
    """Read and check the bibliography; its CSL-JSON from the build cache when unchanged.

    Args:
        root: the project folder (messages name files relative to it). bib_path: the ``.bib`` file.
        csl_path: the CSL style. snippets: ``{path: content}`` of the files ``pymdownx.snippets`` may include
        (:func:`read_snippets`), checked for UTF-8 here too. cache: the build cache.

    Raises:
        ProblemsError: invalid UTF-8 (the ``.bib`` or a snippet), then BibTeX problems (:func:`lint_bibtex`).
    """
    relative = bib_path.relative_to(root).as_posix()
    bib_bytes = bib_path.read_bytes()
    problems = decode_problems(bib_bytes, relative)
    for path, data in snippets.items():
        problems += decode_problems(data, path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))
    fail(problems)
    text = bib_bytes.decode("utf-8-sig")
    # A clean verdict is cached (the file and the checks unchanged); problems are found again to report them.
    if not cache.get_or_compute("bib-clean", [text, relative], lambda: not lint_bibtex(text, relative)):
        fail(lint_bibtex(text, relative))
    items = cache.get_or_compute("csl-json", [text], lambda: bibliography_csl_json(bib_path, text))
    # The published CSL-JSON is also what pandoc renders the site's references from, so the site,
    # the download and citeproc-js (tests/test_exports.py) read the same data.
    json_text = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    digest = hashlib.sha256(json_text.encode("utf-8")).hexdigest()[:16]
    json_path = write_text(Path(tempfile.gettempdir()) / f"review-site-references-{digest}.json", json_text)
    csl_text = csl_path.read_text(encoding="utf-8")
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bibliography")
    rendering = executor.submit(
        cache.get_or_compute, "bibliography", [json_text, csl_text], lambda: render_bibliography(json_path, csl_path)
    )
    executor.shutdown(wait=False)  # the thread ends with the run
    keys = frozenset(parse_bibtex(text).entries)
    return Bibliography(bib_path, text, keys, csl_path, csl_text, items, json_text, json_path, rendering)


def citation_order(bibliography: Bibliography) -> list[str]:
    """The keys in the order of the full bibliography (``bibliography.html``: pandoc, the CSL style): each
    page's reference list follows it (:class:`review_site.citations.AuthorDateCitations`)."""
    return style_order(bibliography.html)


@dataclass(frozen=True)
class Places:
    """The places of the map (``docs/data/places.csv``) and the basemap they are drawn on."""

    places: list[Place]
    text: str
    basemap: Basemap
    basemap_text: str


@dataclass(frozen=True)
class PageInfo:
    """What "Cite this page" and the page's metadata say of one page.

    Attributes:
        title: the display title. url: the absolute public URL. citation_title: the title in sentence case
        (or front matter ``citation_title``). first, last: first and last git revision (``date`` or None).
        issued: the date a citation gives (the last revision, else the edition's date).
    """

    title: str
    url: str
    first: date | None
    last: date | None
    issued: date
    citation_title: str


@dataclass
class SiteModel:
    """Everything the build knows about the site, filled event by event (see the module doc).

    Attributes:
        root: the project folder. cache: the build cache. site: the site as a citable work.
        bibliography: see :class:`Bibliography`. pages: every page of ``docs/`` by ``src_uri``.
        nav: the ``src_uri`` of the pages in the navigation, in reading order.
        captions: ``{id: (kind, number, page path)}`` of every numbered caption.
        cited_in: ``{key: [(src_uri, section id, heading), …]}``.
        places: the map's places. info: :class:`PageInfo` of the pages in the navigation.
        cite_formats: ``{item id: {format: text}}`` of "Cite this page/section".
        cite_sections: ``{src_uri: {section id: item id}}``. today: the access date of the citations.
    """

    root: Path
    cache: ContentCache
    site: SiteCitation
    bibliography: Bibliography
    pages: dict[str, PageSource] = field(default_factory=dict)
    nav: list[str] = field(default_factory=list)
    captions: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    cited_in: dict[str, list[CitingPlace]] = field(default_factory=dict)
    places: Places | None = None
    info: dict[str, PageInfo] = field(default_factory=dict)
    cite_formats: dict[str, dict[str, str]] = field(default_factory=dict)
    cite_sections: dict[str, dict[str, str]] = field(default_factory=dict)
    today: date = field(default_factory=date.today)

    def cached(self, name: str, inputs: list, compute: Callable[[], Any]) -> Any:
        """A slow, pure result (pandoc, images), from the build cache when its inputs are unchanged."""
        return self.cache.get_or_compute(name, inputs, compute)

    def timeline_works(self) -> list[Work]:
        """:func:`review_site.timeline.works_from_bibtex` of the bibliography and :meth:`strands`, from the
        build cache when both are unchanged (pybtex parses the whole file; the timeline page needs it twice).

        Raises:
            what ``works_from_bibtex`` raises (nothing is cached then).
        """
        strands = self.strands()
        rows = self.cached(
            "timeline-works",
            [self.bibliography.text, json.dumps(strands, sort_keys=True)],
            lambda: [asdict(work) for work in works_from_bibtex(self.bibliography.text, strands)],
        )
        return [Work(**row) for row in rows]

    def strands(self) -> dict[str, str]:
        """``{key: strand}`` for the timeline: the first page in :data:`STRANDS` order that cites the work."""
        strands = {}
        for key, places in self.cited_in.items():
            cited_on = {src_uri for src_uri, _, _ in places}
            strands[key] = next((strand for source, strand in STRANDS.items() if source in cited_on), "other")
        return strands


def check_site(model: SiteModel, places_path: str, places_data: bytes | None) -> None:
    """Check every page, number the captions, check the cross-references and the map's places: all at once.

    Sets ``model.captions``, ``model.cited_in`` and ``model.places``. The pages are ``model.pages``,
    read in ``model.nav`` order for the numbering.

    Raises:
        ProblemsError: every problem found, before any slow work.
    """
    pages, keys = model.pages, model.bibliography.keys
    listed_keys = "\n".join(sorted(keys))

    def page_problems(page: PageSource) -> list[Problem]:
        # A clean verdict is cached (the page, the keys and the checks' code unchanged); problems are
        # found again to report them.
        clean = model.cached("page-clean", [page.path, page.source, listed_keys], lambda: not page.problems(keys))
        return [] if clean else page.problems(keys)

    problems = [problem for page in pages.values() for problem in page_problems(page)]
    for src_uri in model.nav:
        problems += pages[src_uri].captions_found[1]
    numbers, found = number_captions([(pages[src_uri].path, pages[src_uri].captions) for src_uri in model.nav])
    problems += found
    for page in pages.values():  # "Table N" links
        problems += cross_reference_problems(page.markdown, numbers, page.path, page.offset)
    if places_data is None:
        problems.append(Problem(places_path, 0, "missing (the places of the map)"))
    else:
        places_problems = decode_problems(places_data, places_path)
        if not places_problems:
            text = places_data.decode("utf-8-sig")
            places, places_problems = parse_places(text, places_path)
            anchors = {
                src_uri: set(page.heading_texts) | {anchor for _, anchor in page.captions}
                for src_uri, page in pages.items()
            }
            places_problems += anchor_problems(places, anchors, places_path)
            basemap_text = BASEMAP_PATH.read_text(encoding="utf-8")
            model.places = Places(places, text, read_basemap(basemap_text), basemap_text)
        problems += places_problems
    fail(problems)
    model.captions = numbers
    for src_uri in model.nav:
        for key, section, heading in pages[src_uri].citing_sections:
            model.cited_in.setdefault(key, []).append((src_uri, section, heading))


def prepare_site_citations(model: SiteModel, urls: Mapping[str, str], styles: Mapping[str, Path]) -> None:
    """Format "Cite this page/section" for every page of ``model.nav`` and its H2/H3: one pandoc run per style.

    Args:
        urls: ``{src_uri: URL path}`` of the pages (``"growth/"``). styles: ``{label: CSL file}``.

    Sets ``model.info``, ``model.cite_sections`` and ``model.cite_formats``.
    """
    from review_site.urls import page_item_id

    site, today, root = model.site, model.today, model.root
    paths = [f"docs/{src_uri}" for src_uri in model.nav]
    revision = git_revision(root)
    if revision is None:
        dates = {}
    else:  # one git process per page on a cache miss, none on a hit
        stored = model.cached(
            "git-dates",
            [revision, json.dumps(paths)],
            lambda: {path: [day.isoformat() for day in pair] for path, pair in git_dates(root, paths).items()},
        )
        dates = {path: (date.fromisoformat(first), date.fromisoformat(last)) for path, (first, last) in stored.items()}
    items = []
    for src_uri in model.nav:
        page = model.pages[src_uri]
        meta = page.meta
        title = meta.get("title") or site.title
        url = site.url + urls[src_uri]
        first, last = dates.get(page.path, (None, None))
        issued = last or site.released
        cited_title = meta.get("citation_title") or sentence_case(title)
        item = csl_item(site, page_item_id(urls[src_uri]), cited_title, url, issued, today, meta.get("description", ""))
        items.append(item)
        model.cite_sections[src_uri] = {}
        for anchor, text, _ in page.headings:
            section_id = f"{item['id']}-{anchor}"
            items.append(csl_item(site, section_id, f"{cited_title}: {text}", f"{url}#{anchor}", issued, today))
            model.cite_sections[src_uri][anchor] = section_id
        model.info[src_uri] = PageInfo(title, url, first, last, issued, cited_title)
    items_json = json.dumps(items, sort_keys=True)
    formatted = {}
    for label, csl in styles.items():
        formatted[label] = model.cached(
            "site-citations", [items_json, csl.read_text(encoding="utf-8")], lambda csl=csl: format_items(items, csl)
        )
    model.cite_formats = model.cached(
        "cite-formats", [items_json, json.dumps(formatted, sort_keys=True)], lambda: all_formats(items, formatted)
    )
