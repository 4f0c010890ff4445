"""The only code that touches mkdocs-bibtex's internals (pinned: mkdocs-bibtex==4.4.0).

One citation grammar: the site's. Every citation block of a page is found once, by
:func:`review_site.citation_grammar.find_citations` (``review_site.model.PageSource.citations``);
mkdocs-bibtex is handed those blocks instead of parsing the page again with its own grammar
(``CitationBlock.from_markdown``, which reads ``[foo@bar]`` or ``[\\@key]`` as citations and
``[see [@key]`` as one block):

- :func:`prepare` (``on_nav``) formats every block of the site and every entry in one pandoc run
  (:func:`review_site.references.format_citations`) and fills the plugin registry's private
  caches with them, so pages start no pandoc process and every page gets the year suffixes of the
  whole bibliography; and it installs the finder below.
- :func:`install_bibliography` (``on_config``, before the plugin's) makes the plugin's registry take
  the model's one pybtex parse of the ``.bib`` (:func:`review_site.bibliography.parse_bibtex`)
  instead of reading and parsing the file again: ``ReferenceRegistry.__init__`` calls
  ``parse_file(path)`` through the name ``parse_file`` of ``mkdocs_bibtex.registry``.
- :func:`hand_over` (``on_page_markdown``, before the plugin's) gives the plugin the model's blocks
  of the page. The plugin's ``on_page_markdown`` calls ``CitationBlock.from_markdown(markdown)``
  through the name ``CitationBlock`` of ``mkdocs_bibtex.plugin``; :func:`install_finder` binds that
  name to a subclass whose ``from_markdown`` returns the handed-over blocks for exactly that
  Markdown. The plugin then replaces each ``str(block)`` (``"[" + block.raw + "]"``, the model's
  block text) by the cached citation and writes one footnote per ``citation.key``.

``tests/test_bibtex_adapter.py`` pins everything used here against the installed version: the
finder's name in ``mkdocs_bibtex.plugin``, ``parse_file`` in ``mkdocs_bibtex.registry``,
``CitationBlock(raw=…, citations=…)``, ``Citation(key=…)``,
``str(block)`` and the registry's ``_inline_cache`` and ``_reference_cache`` dicts, by running the
plugin's own ``on_page_markdown``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs_bibtex import citation as bibtex_citation
from mkdocs_bibtex import plugin as bibtex_plugin
from mkdocs_bibtex import registry as bibtex_registry
from pybtex.database import BibliographyData

from review_site.bibliography import parse_bibtex
from review_site.citation_grammar import CitationBlock, PageCitations
from review_site.model import Bibliography, SiteModel
from review_site.references import format_citations

#: The version whose internals this module uses (pyproject.toml pins it).
PINNED_VERSION = "4.4.0"

#: ``{page Markdown: the plugin's blocks}`` handed over by :func:`hand_over`, taken by the finder.
_handed: dict[str, list[bibtex_citation.CitationBlock]] = {}


def plugin_block(block: CitationBlock) -> bibtex_citation.CitationBlock:
    """mkdocs-bibtex's block for one of the model's: ``str()`` of it is ``block.text``, its citations ``block.keys``."""
    return bibtex_citation.CitationBlock(
        citations=[bibtex_citation.Citation(key=key) for key in block.keys], raw=block.text[1:-1]
    )


def entry_block(key: str) -> str:
    """The block text mkdocs-bibtex uses for one work alone, e.g. ``"[@porter1998clusters]"``."""
    return str(bibtex_citation.CitationBlock(citations=[bibtex_citation.Citation(key=key)]))


class _HandedOverBlocks(bibtex_citation.CitationBlock):
    """mkdocs-bibtex's ``CitationBlock`` whose finder returns the model's blocks (:func:`install_finder`)."""

    @classmethod
    def from_markdown(cls, markdown: str) -> list[bibtex_citation.CitationBlock]:
        """The blocks :func:`hand_over` gave for this exact page Markdown (taken: each page is read once).

        Raises:
            RuntimeError: nothing was handed over for this text (a plugin changed the page between
                ``scripts/hooks.py`` and mkdocs-bibtex, or a page bypassed the hook).
        """
        try:
            return _handed.pop(markdown)
        except KeyError:
            raise RuntimeError(
                "mkdocs-bibtex reads a page whose citations the site did not hand over "
                "(review_site.bibtex_adapter.hand_over must see the exact Markdown the plugin gets)"
            ) from None


def install_finder() -> None:
    """Make mkdocs-bibtex's ``on_page_markdown`` use the blocks of :func:`hand_over`, not its own grammar.

    Binds the name ``CitationBlock`` of ``mkdocs_bibtex.plugin`` (the plugin's only call of its
    finder, ``CitationBlock.from_markdown(markdown)``) to a subclass that differs only in
    ``from_markdown``, so the plugin's other use (``CitationBlock(citations=[…])`` for
    ``\\full_bibliography``, unused by the site) is unchanged. Idempotent; forgets earlier hand-overs.
    """
    _handed.clear()
    bibtex_plugin.CitationBlock = _HandedOverBlocks


def hand_over(markdown: str, citations: PageCitations) -> str:
    """Hand mkdocs-bibtex the model's citation blocks of the page it will read as ``markdown``.

    Args:
        markdown: the page's Markdown exactly as the plugin's ``on_page_markdown`` gets it
            (literal ``@`` protected, the site's additions made).
        citations: the page's citations as the model found them (``PageSource.citations``).

    Returns:
        ``markdown``, unchanged.

    Raises:
        ValueError: a block's text is not in ``markdown``: the model read another text than the
            one MkDocs renders (it would stay unformatted).
    """
    missing = [block.text for block in citations.blocks if block.text not in markdown]
    if missing:
        raise ValueError(f"citation blocks {missing} found by the model are not in the Markdown MkDocs renders")
    _handed[markdown] = [plugin_block(block) for block in citations.blocks]
    return markdown


def install_bibliography(bibliography: Bibliography) -> None:
    """Make mkdocs-bibtex's registry use the model's parse of the ``.bib``, not a second read and parse.

    Binds the name ``parse_file`` of ``mkdocs_bibtex.registry`` (called once per ``.bib`` file by
    ``ReferenceRegistry.__init__``, in the plugin's ``on_config``, which runs after the site's) to a
    function that returns :func:`~review_site.bibliography.parse_bibtex` of ``bibliography.text``.
    The registry uses it only to warn about unknown keys (the site has checked them) and, if it
    ever ran pandoc itself, as that run's input.

    Raises (when the registry asks):
        RuntimeError: the registry reads another file than ``bibliography.path``.
    """

    def parse_file(path: str, *args: Any, **kwargs: Any) -> BibliographyData:
        if Path(path).resolve() != Path(bibliography.path).resolve():
            raise RuntimeError(f"mkdocs-bibtex reads {path}, the site read {bibliography.path} (mkdocs.yml bib_file)")
        return parse_bibtex(bibliography.text)

    bibtex_registry.parse_file = parse_file


def fill_caches(registry: Any, inline: Mapping[str, str], references: Mapping[str, str]) -> None:
    """Replace the plugin registry's formatted citations (``{block: Markdown}``) and entries (``{key: Markdown}``)."""
    registry._inline_cache.clear()
    registry._inline_cache.update(inline)
    registry._reference_cache.clear()
    registry._reference_cache.update(references)


def blocks_of_site(pages: Iterable[PageCitations], keys: set[str] | frozenset[str]) -> list[str]:
    """Every citation block text of ``pages`` whose keys are all in ``keys``, then one block per key, each once."""
    blocks: dict[str, None] = {}
    for page in pages:
        for block in page.blocks:
            if all(key in keys for key in block.keys):
                blocks.setdefault(block.text, None)
    for key in sorted(keys):
        blocks.setdefault(entry_block(key), None)
    return list(blocks)


def format_site_citations(model: SiteModel) -> tuple[dict[str, str], dict[str, str]]:
    """Every citation of the site, and every entry, formatted in one pandoc run (from the build cache
    when unchanged): ``(inline, references)`` for :func:`fill_caches`.

    mkdocs-bibtex formats citations page by page, so pandoc's year suffixes ("Foss 1999a") would
    depend on which works share a page and could contradict the References page. One run over all
    citation blocks of ``model.nav`` plus one block per entry gives every page the suffixes of the
    full bibliography and links each author-date label to its entry on the References page.
    """
    bib = model.bibliography
    blocks = blocks_of_site([model.pages[src_uri].citations for src_uri in model.nav], bib.keys)
    return model.cached(
        "citations",
        [json.dumps(blocks), bib.json_text, bib.csl_text],
        lambda: format_citations(blocks, bib.json_path, bib.csl_path),
    )


def prepare(registry: Any, model: SiteModel) -> tuple[dict[str, str], dict[str, str]]:
    """Before any page is rendered: fill the plugin ``registry``'s caches with every citation of the
    site (:func:`format_site_citations`) and install the finder (:func:`install_finder`).

    Returns:
        ``(inline, references)`` as filled in: ``{block text: formatted Markdown}``, ``{key: formatted entry}``.
    """
    inline, references = format_site_citations(model)
    fill_caches(registry, inline, references)
    install_finder()
    return inline, references
