"""Citation, heading and front-matter checks on page Markdown (unit tests)."""

from __future__ import annotations

from review_site.markdown_checks import (
    AT_PLACEHOLDER, citation_problems, cited_keys, front_matter_lines, front_matter_problems,
    heading_problems, line_offset, protect_literal_at, restore_literal_at)

KEYS = {"porter1998clusters", "marshall1920principles"}


def problems(markdown: str) -> list[str]:
    return [str(p) for p in citation_problems(protect_literal_at(markdown), KEYS, "docs/x.md", line_offset=4)]


def test_known_citations_pass():
    text = "Porter [-@porter1998clusters] and others [@marshall1920principles; @porter1998clusters, 80].\n"
    assert problems(text) == []
    assert cited_keys(text) == ["porter1998clusters", "marshall1920principles"]


def test_unknown_key_names_file_and_line():
    assert problems("One.\nTwo [@nosuchkey2020].\n") == [
        "docs/x.md:6: unknown citation key 'nosuchkey2020' (not in bib/references.bib)"]


def test_key_with_colon_or_dot_is_an_error_not_a_truncated_citation():
    found = problems("See [@porter1998:clusters] and [@porter1998.clusters].\n")
    assert len(found) == 2 and all("cuts keys at ':' and '.'" in m for m in found)
    assert found[0].startswith("docs/x.md:5: citation key 'porter1998:clusters'")


def test_bare_known_key_is_an_error():
    assert "bare '@porter1998clusters'" in problems("As @porter1998clusters says.\n")[0]


def test_at_in_code_and_email_is_protected_and_not_a_citation():
    text = ("Write `[@porter1998clusters]` to cite.\n"
            "```python\n@dataclass\nx = '[@nosuchkey]'\n```\n"
            "Mail [contact: info@example.org] now.\n")
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
    assert found == ["docs/x.md:1: front matter lacks 'title'",
                     "docs/x.md:1: description has 161 characters; the limit is 160"]


def test_line_offset_counts_front_matter_and_blank_lines():
    source = "---\ntitle: T\n---\n\n\nBody\n"
    assert front_matter_lines(source) == 3
    assert line_offset(source, "Body\n") == 5


def test_citing_sections_name_the_h2_or_h3_of_each_citation():
    from review_site.markdown_checks import citing_sections
    markdown = ("Intro [@a].\n\n## Growth *and* space [@b] { #growth }\n\nText [@a; @b, 3].\n"
                "Again [@a].\n\n```\n[@code]\n```\n\n### Sub { #sub }\n\n[-@c]\n")
    assert citing_sections(markdown) == [("a", "", ""), ("a", "growth", "Growth and space"),
                                         ("b", "growth", "Growth and space"), ("c", "sub", "Sub")]
