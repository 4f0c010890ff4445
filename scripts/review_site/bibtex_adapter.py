"""The only code that touches mkdocs-bibtex's internals (pinned: mkdocs-bibtex==4.4.0).

mkdocs-bibtex formats citations page by page; the site formats them all in one pandoc run
(:func:`review_site.references.format_citations`) and hands the results to the plugin through
its private caches, so pages start no pandoc process and every page gets the year suffixes of the
whole bibliography. ``tests/test_bibtex_adapter.py`` pins what is used here against the installed
version: ``CitationBlock.from_markdown``, ``Citation(key=…)``, ``str(block)`` and the registry's
``_inline_cache`` and ``_reference_cache`` dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from mkdocs_bibtex.citation import Citation, CitationBlock

from review_site.markdown_checks import protect_literal_at
from review_site.model import SiteModel
from review_site.references import format_citations

#: The version whose internals this module uses (pyproject.toml pins it).
PINNED_VERSION = "4.4.0"


def citation_blocks(markdown: str) -> list[tuple[str, list[str]]]:
    """The citation blocks of a page as mkdocs-bibtex finds them: ``[(block text, [key, …]), …]``.

    Args:
        markdown: the page source, with literal ``@`` already protected
            (:func:`review_site.markdown_checks.protect_literal_at`).
    """
    return [
        (str(block), [citation.key for citation in block.citations]) for block in CitationBlock.from_markdown(markdown)
    ]


def entry_block(key: str) -> str:
    """The block text mkdocs-bibtex uses for one work alone, e.g. ``"[@porter1998clusters]"``."""
    return str(CitationBlock(citations=[Citation(key=key)]))


def fill_caches(registry: Any, inline: Mapping[str, str], references: Mapping[str, str]) -> None:
    """Replace the plugin registry's formatted citations (``{block: Markdown}``) and entries (``{key: Markdown}``)."""
    registry._inline_cache.clear()
    registry._inline_cache.update(inline)
    registry._reference_cache.clear()
    registry._reference_cache.update(references)


def blocks_of_site(markdowns: Iterable[str], keys: set[str]) -> list[str]:
    """Every citation block of the site whose keys are all known, then one block per key, each once."""
    blocks: dict[str, None] = {}
    for markdown in markdowns:
        for text, cited in citation_blocks(markdown):
            if all(key in keys for key in cited):
                blocks.setdefault(text, None)
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
    blocks = blocks_of_site([protect_literal_at(model.pages[src_uri].source) for src_uri in model.nav], bib.keys)
    return model.cached(
        "citations",
        [json.dumps(blocks), bib.json_text, bib.csl_text],
        lambda: format_citations(blocks, bib.json_path, bib.csl_path),
    )
