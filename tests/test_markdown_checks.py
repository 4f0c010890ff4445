"""The citation grammar and the heading and front-matter checks on page Markdown (unit tests)."""

from __future__ import annotations

from review_site.citation_grammar import (
    AT_PLACEHOLDER,
    CitationBlock,
    citation_problems,
    cited_keys,
    find_citations,
    protect_literal_at,
    restore_literal_at,
)
from review_site.markdown_checks import (
    front_matter_lines,
    front_matter_problems,
    heading_problems,
    line_offset,
)

KEYS = {"porter1998clusters", "marshall1920principles"}


def problems(markdown: str) -> list[str]:
    return [str(p) for p in citation_problems(find_citations(markdown), KEYS, "docs/x.md", line_offset=4)]


def test_known_citations_pass():
    text = "Porter [-@porter1998clusters] and others [@marshall1920principles; @porter1998clusters, 80].\n"
    assert problems(text) == []
    assert cited_keys(text) == ["porter1998clusters", "marshall1920principles"]


def test_one_grammar_finds_each_block_as_written_with_its_keys_line_and_section():
    """The blocks every part of the build uses (the checks, "Cited in", mkdocs-bibtex): tricky inputs."""
    markdown = (
        "Porter [-@porter1998clusters] and [see @a, pp. 3; 5; @b_c-d, ch. 2].\n"  # locators with ';'
        "Mail x@example.org, <me@example.org> or [write to info@example.org; @k].\n"
        "Not cited: [foo@bar], `[@code]`, [\\@escaped], [@ alone], [x-@y].\n"
        "## Part { #part }\n"
        "[see [@inner] and [@a `@x` ]\n"
        "```\n[@fenced]\n```\n"
        "As @porter1998clusters says.\n"
    )
    found = find_citations(markdown)
    at = AT_PLACEHOLDER
    assert found.blocks == (
        CitationBlock("[-@porter1998clusters]", ("porter1998clusters",), 1),
        CitationBlock("[see @a, pp. 3; 5; @b_c-d, ch. 2]", ("a", "b_c-d"), 1),
        CitationBlock(f"[write to info{at}example.org; @k]", ("k",), 2),
        CitationBlock("[@inner]", ("inner",), 5, "part", "Part"),
        CitationBlock(f"[@a `{at}x` ]", ("a",), 5, "part", "Part"),
    )
    assert found.keys == ["porter1998clusters", "a", "b_c-d", "k", "inner"]
    assert found.bare == ((9, "porter1998clusters"),)
    protected = protect_literal_at(markdown)
    assert all(block.text in protected for block in found.blocks)  # the text mkdocs-bibtex replaces
    assert f"[{at}escaped]" in protected and restore_literal_at(protected).count("[@escaped]") == 1


def test_unknown_key_names_file_and_line():
    assert problems("One.\nTwo [@nosuchkey2020].\n") == [
        "docs/x.md:6: unknown citation key 'nosuchkey2020' (not in bib/references.bib)"
    ]


def test_key_with_colon_or_dot_is_an_error_not_a_truncated_citation():
    found = problems("See [@porter1998:clusters] and [@porter1998.clusters].\n")
    assert len(found) == 2 and all("cuts keys at ':' and '.'" in m for m in found)
    assert found[0].startswith("docs/x.md:5: citation key 'porter1998:clusters'")


def test_bare_known_key_is_an_error():
    assert "bare '@porter1998clusters'" in problems("As @porter1998clusters says.\n")[0]


def test_at_in_code_and_email_is_protected_and_not_a_citation():
    text = (
        "Write `[@porter1998clusters]` to cite.\n"
        "```python\n@dataclass\nx = '[@nosuchkey]'\n```\n"
        "Mail [contact: info@example.org] now.\n"
    )
    protected = protect_literal_at(text)
    assert "@" not in protected
    assert protect_literal_at("Mail <editors@example.org>.") == "Mail <editors@example.org>."
    assert problems(text) == []
    assert cited_keys(text) == []
    assert restore_literal_at(protected) == text
    assert AT_PLACEHOLDER in protected


def test_heading_rules():
    text = "# Title\n\n## Good { #good }\n\n### Missing id\n\n## Bad id { #Bad_Id }\n\n## Again { #good }\n"
    found = [str(p) for p in heading_problems(text, "docs/x.md", line_offset=3)]
    assert found == [
        "docs/x.md:4: H1 in the page body; the title comes from front matter 'title'",
        "docs/x.md:8: heading 'Missing id' has no explicit id: add { #some-id }",
        "docs/x.md:10: heading id 'Bad_Id' must be lowercase kebab-case [a-z0-9-]",
        "docs/x.md:12: heading id 'good' repeats line 6",
    ]


def test_headings_inside_code_are_ignored():
    assert heading_problems("```\n## not a heading\n```\n", "docs/x.md") == []


def test_heading_with_citation_keeps_explicit_id():
    assert heading_problems("## Porter [@porter1998clusters] { #porter }\n", "docs/x.md") == []


def test_front_matter_rules():
    assert front_matter_problems({"title": "T", "description": "D"}, "docs/x.md") == []
    found = [str(p) for p in front_matter_problems({"description": "x" * 161}, "docs/x.md")]
    assert found == [
        "docs/x.md:1: front matter lacks 'title'",
        "docs/x.md:1: description has 161 characters; the limit is 160",
    ]


def test_line_offset_counts_front_matter_and_blank_lines():
    source = "---\ntitle: T\n---\n\n\nBody\n"
    assert front_matter_lines(source) == 3
    assert line_offset(source, "Body\n") == 5


def test_citing_sections_name_the_h2_or_h3_of_each_citation():
    from review_site.citation_grammar import citing_sections

    markdown = (
        "Intro [@a].\n\n## Growth *and* space [@b] { #growth }\n\nText [@a; @b, 3].\n"
        "Again [@a].\n\n```\n[@code]\n```\n\n### Sub { #sub }\n\n[-@c]\n"
    )
    assert citing_sections(markdown) == [
        ("a", "", ""),
        ("b", "growth", "Growth and space"),  # a citation in a heading belongs to its section
        ("a", "growth", "Growth and space"),
        ("c", "sub", "Sub"),
    ]


def test_setext_and_nested_headings_need_an_explicit_id_too():
    """Underlined and list or quote headings were not seen, so they got mangled automatic ids
    (Python-Markdown's slug of 'Østergaard and Park' is 'stergaard-and-park')."""
    text = (
        "Intro.\n\nØstergaard and Park\n-------------------\n\n"
        "- item\n\n    ## In a list\n\n> ## In a quote\n\n"
        "| a |\n|---|\n\nTwo lines of\nprose\n---\n\n## Fine { #fine }\nUnder a heading\n===\n"
    )
    found = [str(p) for p in heading_problems(text, "docs/x.md", line_offset=3)]
    assert found == [
        "docs/x.md:6: setext (underlined) heading 'Østergaard and Park' would get an automatic id; "
        "write it as '## Østergaard and Park { #some-id }'",
        "docs/x.md:11: heading 'In a list' has no explicit id: add { #some-id }",
        "docs/x.md:13: heading 'In a quote' has no explicit id: add { #some-id }",
        "docs/x.md:23: setext (underlined) heading 'Under a heading' would get an automatic id; "
        "write it as '## Under a heading { #some-id }'",
    ]


def test_setext_rule_matches_python_markdown():
    """What the check calls a setext heading is what Python-Markdown renders as one."""
    import markdown as python_markdown

    from review_site.markdown_checks import _is_setext_heading
    from review_site.markdown_scan import prose_lines as _prose_lines

    samples = [
        "A\n---\n",
        "A\n===\n",
        "A\nB\n---\n",
        "\nA\n-\n",
        "| a |\n|---|\n",
        "    code\n---\n",
        "Para\n\n---\n",
        "## H { #h }\nA\n---\n",
    ]
    for sample in samples:
        html = python_markdown.markdown(sample, extensions=["attr_list", "tables"])
        lines = dict(_prose_lines(sample))
        found = any(_is_setext_heading(lines, number) for number in lines)
        rendered = "<h1>" in html or "<h2>" in html.replace('<h2 id="h">', "")
        assert found == rendered, (sample, html)


def test_malformed_front_matter_is_a_yaml_error_not_a_missing_title():
    from review_site.markdown_checks import front_matter_syntax_problems

    assert front_matter_syntax_problems("---\ntitle: T\ndescription: D\n---\nBody\n", "docs/x.md") == []
    assert front_matter_syntax_problems("No front matter.\n", "docs/x.md") == []
    found = [str(p) for p in front_matter_syntax_problems("---\ntitle: T\ndescription: a: b\n---\n", "docs/x.md")]
    assert found == ["docs/x.md:3: front matter is not valid YAML: mapping values are not allowed here"]
    assert "not valid YAML" in str(front_matter_syntax_problems('---\ntitle: "T\n---\n', "docs/x.md")[0])
    assert "mapping" in str(front_matter_syntax_problems("---\n- a\n---\n", "docs/x.md")[0])
    assert "no closing" in str(front_matter_syntax_problems("---\ntitle: T\n", "docs/x.md")[0])


def test_malformed_absolute_links_are_errors():
    from review_site.markdown_checks import link_problems

    text = (
        "[a](htps://example.org) [b](https:/example.org) [ok](https://example.org/x)\n"
        "[rel](growth.md#x) <https://example.org> [m](mailto:a@example.org) `[c](htps://code)`\n"
        "[r]: https//example.org\n[s]: http://localhost:8000/\n[^note]: Note: not a link.\n"
        '<a href="javascript:alert(1)">x</a>\n'
    )
    found = [str(p) for p in link_problems(text, "docs/x.md", line_offset=2)]
    assert found == [
        "docs/x.md:3: link 'htps://example.org': URL scheme 'htps:' is not one of http, https, mailto (a typo?)",
        "docs/x.md:3: link 'https:/example.org': malformed https URL (write https://host.example/path)",
        "docs/x.md:8: link 'javascript:alert(1)': URL scheme 'javascript:' is not one of http, https, mailto (a typo?)",
    ]


def test_invalid_utf8_names_line_and_column():
    from review_site.markdown_checks import decode_problems

    assert decode_problems("Ørsted\n".encode(), "docs/x.md") == []
    assert decode_problems(b"\xef\xbb\xbfBOM\n", "docs/x.md") == []
    found = [str(p) for p in decode_problems(b"one\ntwo \xe9t\xe9\n", "docs/x.md")]
    assert found == ["docs/x.md:2: not valid UTF-8 (byte 0xe9 at column 5); save the file as UTF-8"]


def test_own_references_heading_is_reserved_on_pages_that_cite():
    from review_site.markdown_checks import reserved_id_problems

    text = "Porter [-@porter1998clusters].\n\n## References { #references }\n"
    found = [str(p) for p in reserved_id_problems(text, "docs/x.md", line_offset=4)]
    assert len(found) == 1 and found[0].startswith("docs/x.md:7: heading id 'references' is reserved")
    assert reserved_id_problems("No citation.\n\n## References { #references }\n", "docs/x.md") == []


def test_id_maps_must_be_mappings():
    from review_site.markdown_checks import id_map_problems

    source = "---\ntitle: T\nanchor_aliases: [old-id]\nmoved_anchors:\n  e5: other.md#e5\n---\n"
    meta = {"title": "T", "anchor_aliases": ["old-id"], "moved_anchors": {"e5": "other.md#e5"}}
    assert [str(p) for p in id_map_problems(meta, source, "docs/x.md")] == [
        "docs/x.md:3: front matter 'anchor_aliases' must map each old id to its new place, one 'old-id: new-id' line each"
    ]
    assert id_map_problems({"moved_anchors": {"e5": "other.md#e5"}}, source, "docs/x.md") == []


def test_cross_references_to_unknown_tables_name_the_line():
    from review_site.markdown_checks import cross_reference_problems

    text = "See [](#tbl-known) and [](policy.md#fig-gone).\n`[](#tbl-in-code)` and [text](#tbl-not-empty).\n"
    assert [str(p) for p in cross_reference_problems(text, {"tbl-known"}, "docs/x.md", line_offset=2)] == [
        "docs/x.md:3: cross-reference to unknown table or figure 'fig-gone'"
    ]
