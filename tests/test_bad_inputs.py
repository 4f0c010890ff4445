"""Bad input fails the strict build with a message naming the file and line; traps stay closed.

Each test edits a copy of the project in a temporary folder. Bad input is built with
``make build`` over an already published ``site/`` (:func:`failed_build`), which must stay
exactly as it was: nothing is published half-built. Good input is built with
``mkdocs build --strict`` (:func:`conftest.run_build`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import make_build, parse, project_copy, run_build

GROWTH = Path("docs/growth.md")
BIB = Path("bib/references.bib")


def edit(project: Path, relative: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a project file; fail loudly if ``old`` is absent."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(project: Path, relative: Path, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in a project file."""
    text = (project / relative).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


PUBLISHED = "<!doctype html><title>the site as last published</title>\n"


def failed_build(project: Path, tmp_path: Path) -> str:
    """``make build`` must fail and leave the published ``site/`` untouched; return its log."""
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text(PUBLISHED, encoding="utf-8")
    result = make_build(project)
    assert result.returncode != 0, f"build should have failed:\n{result.stdout}"
    assert [p.name for p in (project / "site").iterdir()] == ["index.html"], "site/ was changed"
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == PUBLISHED
    assert not (project / "site.tmp").exists(), "a half-built site.tmp was left behind"
    return result.stdout


CASES = {
    "unbalanced brace": (
        BIB,
        "title   = {Growth and Agglomeration},",
        "title   = {Growth and Agglomeration,",
        "@article{martin2001growth",
        r"bib/references\.bib:{line}: entry 'martin2001growth' has",
    ),
    "duplicate key": (
        BIB,
        "@article{martin2001growth,",
        "@article{markusen1996sticky,",
        "@article{martin2001growth",
        r"bib/references\.bib:{line}: duplicate key 'markusen1996sticky'",
    ),
    "missing required field": (
        BIB,
        "  journal = {International Economic Review},\n",
        "",
        "@article{martin2001growth",
        r"bib/references\.bib:{line}: @article entry 'martin2001growth' lacks required field 'journal'",
    ),
    "key with colon": (
        BIB,
        "@article{martin2001growth,",
        "@article{martin2001:growth,",
        "@article{martin2001",
        r"bib/references\.bib:{line}: key 'martin2001:growth' breaks the key rule",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_bibtex_fails_naming_file_and_line(tmp_path, case):
    relative, old, new, anchor_text, pattern = CASES[case]
    project = project_copy(tmp_path)
    line = line_of(project, relative, anchor_text)
    edit(project, relative, old, new)
    log = failed_build(project, tmp_path)
    assert re.search(pattern.format(line=line), log), log


def append(project: Path, relative: Path, text: str) -> int:
    """Append ``text`` to a project file; return the 1-based line where it starts."""
    path = project / relative
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + "\n" + text, encoding="utf-8")
    return old.count("\n") + 2


PAGE_CASES = {
    "unknown citation key": (
        "An unknown work [@nosuchkey2020].\n",
        "unknown citation key 'nosuchkey2020' (not in bib/references.bib)",
    ),
    "key with colon, cut short by mkdocs-bibtex": (
        "Martin and Ottaviano [-@martin2001:growth].\n",
        "citation key 'martin2001:growth' has characters outside",
    ),
    "heading without id": (
        "## A heading without an id\n\nText.\n",
        "heading 'A heading without an id' has no explicit id",
    ),
}


@pytest.mark.parametrize("case", PAGE_CASES)
def test_bad_page_input_fails_naming_page_and_line(tmp_path, case):
    text, message = PAGE_CASES[case]
    project = project_copy(tmp_path)
    line = append(project, GROWTH, text)
    log = failed_build(project, tmp_path)
    assert f"docs/growth.md:{line}: {message}" in log, log


def test_missing_title_fails(tmp_path):
    project = project_copy(tmp_path)
    text = (project / GROWTH).read_text(encoding="utf-8")
    (project / GROWTH).write_text(re.sub(r"(?m)^title: .*\n", "", text, count=1), encoding="utf-8")
    log = failed_build(project, tmp_path)
    assert "docs/growth.md:1: front matter lacks 'title'" in log, log


def test_link_to_missing_page_fails(tmp_path):
    project = project_copy(tmp_path)
    append(project, GROWTH, "See [nowhere](nowhere.md).\n")
    log = failed_build(project, tmp_path)
    assert "growth.md" in log and "nowhere.md" in log, log


def test_link_to_missing_anchor_fails(tmp_path):
    project = project_copy(tmp_path)
    append(project, GROWTH, "See [gone](mechanisms.md#no-such-section).\n")
    log = failed_build(project, tmp_path)
    assert "growth.md" in log and "no-such-section" in log, log


def test_page_missing_from_nav_fails(tmp_path):
    project = project_copy(tmp_path)
    (project / "docs" / "orphan.md").write_text("---\ntitle: Orphan\ndescription: Not in nav.\n---\n\nText.\n")
    log = failed_build(project, tmp_path)
    assert "orphan.md" in log and 'not included in the "nav"' in log, log


TRAP_PAGE = """\
---
title: Traps
description: Inputs that mkdocs-bibtex 4.4.0 mishandles.
---

An aside first.[^aside]

## Porter on clusters [@porter1998clusters] { #porter-heading }

A locator: [@porter1998clusters, 80].
Two works: [@marshall1920principles; @weber1929theory].
Particles: [@vandijk2000technological; @roelandt1998cluster].
Write to [contact: info@example.org] or <editors@example.org>.
Inline code: `[@porter1998clusters]` and `@media`.

```python
@dataclass
class Cite:
    key = "[@nosuchkey2020]"
```

[^aside]: A prose note, not a reference.
"""


def test_traps_render_correctly(tmp_path):
    """One build covers the positive traps: locators, several keys, @ in code and e-mail, heading ids."""
    project = project_copy(tmp_path)
    (project / "docs" / "traps.md").write_text(TRAP_PAGE, encoding="utf-8")
    edit(project, Path("mkdocs.yml"), "      - editorial-notes.md\n", "      - editorial-notes.md\n      - traps.md\n")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.log
    soup = parse(tmp_path / "site" / "traps" / "index.html")
    article = soup.select_one("article")
    text = article.get_text()
    heading = article.find("h2", string=re.compile("Porter on clusters")) or article.find(id="porter-heading")
    assert heading is not None and heading["id"] == "porter-heading"
    assert "(Porter 1998, 80)" in text
    assert "(Marshall 1920; Weber 1929)" in text
    assert "(van Dijk and Nomaler 2000; Roelandt and den Hertog 1998)" in text
    assert "[contact: info@example.org]" in text
    assert "editors@example.org" in text
    codes = [code.get_text() for code in article.find_all("code")]
    assert "[@porter1998clusters]" in codes and "@media" in codes
    block = article.select_one("pre code").get_text()
    assert "@dataclass" in block and '"[@nosuchkey2020]"' in block
    assert "\ue000" not in text
    # A prose footnote used before any citation is a note above "References", not entry 1 under it.
    references = article.find(id="references").find_next_sibling("div", class_="page-references")
    assert references.select_one('[data-cite="porter1998clusters"]') is not None
    assert not references.find(id="fn:aside")
    notes = article.find(id="fn:aside").find_parent("div")
    assert "footnote-notes" in notes["class"] and notes.find_next_sibling("h2")["id"] == "references"
    assert article.find(id="fnref:aside").get_text() == "1"  # prose notes are numbered from 1


def test_raw_html_link_to_missing_anchor_in_a_table_fails(tmp_path):
    """Links MkDocs does not see (raw HTML, here in a table cell) are checked on the built HTML."""
    project = project_copy(tmp_path)
    append(project, GROWTH, '| Link |\n|---|\n| <a href="../mechanisms/#no-such-row">gone</a> |\n')
    log = failed_build(project, tmp_path)
    assert "invalid url - ../mechanisms/#no-such-row [404] [growth.md]" in log, log


def locked_line(project: Path, address: str) -> int:
    lines = (project / "links.lock").read_text(encoding="utf-8").splitlines()
    return lines.index(address) + 1


def test_removing_a_locked_anchor_fails_naming_the_lock_line(tmp_path):
    project = project_copy(tmp_path)
    line = locked_line(project, "/methods/#levels-of-analysis")
    edit(project, Path("docs/methods.md"), "{ #levels-of-analysis }", "{ #analysis-levels }")
    for page in (project / "docs").glob("*.md"):  # in-site links follow the rename; outside links cannot
        page.write_text(
            page.read_text(encoding="utf-8").replace("methods.md#levels-of-analysis", "methods.md#analysis-levels"),
            encoding="utf-8",
        )
    log = failed_build(project, tmp_path)
    assert (
        f"links.lock:{line}: published address '/methods/#levels-of-analysis' no longer works: "
        "'/methods/' has no anchor '#levels-of-analysis'"
    ) in log, log


def test_anchor_alias_keeps_a_renamed_id_working(tmp_path):
    project = project_copy(tmp_path)
    edit(project, Path("docs/methods.md"), "{ #levels-of-analysis }", "{ #analysis-levels }")
    edit(project, Path("docs/methods.md"), "{ #tbl-analysis-levels .ordered }", "{ #tbl-levels .ordered }")
    edit(
        project, Path("docs/methods.md"), "[](#tbl-analysis-levels)", "[](#tbl-levels)"
    )  # the author's own cross-reference
    edit(
        project,
        Path("docs/methods.md"),
        "---\n",  # the table renamed twice: two old ids, two old CSVs
        "---\nanchor_aliases:\n  levels-of-analysis: analysis-levels\n  tbl-analysis-levels: tbl-levels\n"
        "  tbl-levels-of-analysis: tbl-levels\n",
    )
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.log
    article = parse(tmp_path / "site" / "methods" / "index.html").select_one("article")
    assert article.find(id="levels-of-analysis").find_parent("h2")["id"] == "analysis-levels"
    assert article.find(id="tbl-analysis-levels").find_parent("table")["id"] == "tbl-levels"
    old_row = article.find(id="tbl-analysis-levels-micro-level-firm")
    assert old_row is not None and old_row.find_parent("tr")["id"] == "tbl-levels-micro-level-firm"
    tables = tmp_path / "site" / "tables"
    for old in ("tbl-analysis-levels", "tbl-levels-of-analysis"):
        assert (tables / f"{old}.csv").read_text(encoding="utf-8") == (tables / "tbl-levels.csv").read_text(
            encoding="utf-8"
        )


def test_anchor_alias_to_a_missing_id_fails(tmp_path):
    project = project_copy(tmp_path)
    edit(project, Path("docs/methods.md"), "---\n", "---\nanchor_aliases:\n  old-id: no-such-id\n")
    log = failed_build(project, tmp_path)
    assert "docs/methods.md: front matter anchor_aliases: anchor alias 'old-id' -> 'no-such-id'" in log, log


def test_moved_anchor_to_a_missing_id_fails_naming_the_front_matter_line(tmp_path):
    project = project_copy(tmp_path)
    page = Path("docs/editorial-notes.md")
    edit(project, page, "  e5: corrected-claims.md#e5\n", "  e5: corrected-claims.md#e55\n")
    log = failed_build(project, tmp_path)
    line = line_of(project, page, "  e5: corrected-claims.md#e55")
    assert (
        f"docs/editorial-notes.md:{line}: front matter moved_anchors: moved anchor 'e5' -> "
        "'../corrected-claims/#e55': that page has no id 'e55'"
    ) in log, log


def test_moved_page_keeps_its_locked_addresses_through_a_redirect(tmp_path):
    project = project_copy(tmp_path)
    (project / "docs" / "conclusions.md").rename(project / "docs" / "summary.md")
    for path in [*(project / "docs").glob("*.md"), project / "mkdocs.yml"]:
        path.write_text(path.read_text(encoding="utf-8").replace("conclusions.md", "summary.md"), encoding="utf-8")
    log = failed_build(project, tmp_path)
    line = locked_line(project, "/conclusions/")
    assert f"links.lock:{line}: published address '/conclusions/' no longer works: '/conclusions/' is missing" in log
    edit(project, Path("mkdocs.yml"), "redirect_maps: {}", "redirect_maps:\n        conclusions.md: summary.md")
    result = run_build(project, tmp_path / "site2")
    assert result.returncode == 0, result.log
    redirect = (tmp_path / "site2" / "conclusions" / "index.html").read_text(encoding="utf-8")
    assert 'url=../summary/"' in redirect and "location.hash" in redirect


def test_cross_reference_to_an_unknown_table_fails(tmp_path):
    project = project_copy(tmp_path)
    line = append(project, GROWTH, "As [](#tbl-no-such-table) shows.\n")
    log = failed_build(project, tmp_path)
    assert f"docs/growth.md:{line}: cross-reference to unknown table or figure 'tbl-no-such-table'" in log, log


def test_place_pointing_to_a_missing_section_fails_naming_the_csv_line(tmp_path):
    project = project_copy(tmp_path)
    places = Path("docs/data/places.csv")
    line = line_of(project, places, "sialkot,")
    edit(project, places, "policy.md,tuttlingen-sialkot,", "policy.md,no-such-section,", count=2)
    log = failed_build(project, tmp_path)
    assert f"docs/data/places.csv:{line}:" in log and "no-such-section" in log, log


# Bad input that used to get through (a mangled automatic id, a published typo URL), a
# traceback naming no file, or a misleading message. All page problems are collected in one
# pass, so one failed build checks them all: each case is a line the log must hold.
BAD_PAGE_TEXT = {
    "setext heading": (
        "Østergaard and Park\n-------------------\n\nText.\n",
        "setext (underlined) heading 'Østergaard and Park' would get an automatic id",
    ),
    "heading in a list item": (
        "- A point.\n\n    ## Østergaard in a list\n\nText.\n",
        "heading 'Østergaard in a list' has no explicit id",
    ),
    "htps typo": (
        "See [the data](htps://example.org/data).\n",
        "link 'htps://example.org/data': URL scheme 'htps:' is not one of http, https, mailto",
    ),
    "https with one slash": (
        "See [the data](https:/example.org/data).\n",
        "link 'https:/example.org/data': malformed https URL",
    ),
    "own References heading": ("## References { #references }\n\nMy list.\n", "heading id 'references' is reserved"),
}


@pytest.fixture(scope="module")
def bad_pages(tmp_path_factory):
    """One failed ``make build`` over a page with every case of BAD_PAGE_TEXT, and a page whose
    front matter is not valid YAML; returns ``(log, {case: line})``."""
    tmp_path = tmp_path_factory.mktemp("bad-pages")
    project = project_copy(tmp_path)
    lines = {case: append(project, GROWTH, text) for case, (text, _) in BAD_PAGE_TEXT.items()}
    lines["heading in a list item"] += 2
    edit(
        project,
        Path("docs/methods.md"),
        "title: Research Levels and Methods\n",
        "title: Research: Levels and Methods\n",
    )
    return failed_build(project, tmp_path), lines


@pytest.mark.parametrize("case", BAD_PAGE_TEXT)
def test_bad_page_text_fails_naming_page_and_line(bad_pages, case):
    log, lines = bad_pages
    assert f"docs/growth.md:{lines[case]}: {BAD_PAGE_TEXT[case][1]}" in log, log


def test_malformed_front_matter_is_reported_as_yaml_not_as_a_missing_title(bad_pages):
    log, _ = bad_pages
    assert "docs/methods.md:2: front matter is not valid YAML: mapping values are not allowed here" in log, log
    assert "docs/methods.md:1: front matter lacks 'title'" not in log, log


def test_invalid_utf8_in_a_page_names_page_and_line(tmp_path):
    project = project_copy(tmp_path)
    line = append(project, GROWTH, "Plain text.\n")
    path = project / GROWTH
    path.write_bytes(path.read_bytes().replace(b"Plain text.", b"Caf\xe9 text."))
    log = failed_build(project, tmp_path)
    assert f"docs/growth.md:{line}: not valid UTF-8 (byte 0xe9 at column 4)" in log, log
    assert "Traceback" not in log, log


def test_invalid_utf8_in_the_bibliography_names_file_and_line(tmp_path):
    project = project_copy(tmp_path)
    line = line_of(project, BIB, "Growth and Agglomeration")
    path = project / BIB
    path.write_bytes(path.read_bytes().replace(b"Growth and Agglomeration", b"Growth \xe0nd Agglomeration"))
    log = failed_build(project, tmp_path)
    assert f"bib/references.bib:{line}: not valid UTF-8 (byte 0xe0 at column " in log, log
    assert "Traceback" not in log, log


def test_empty_bibliography_is_one_clear_error(tmp_path):
    project = project_copy(tmp_path)
    (project / BIB).write_text("", encoding="utf-8")
    log = failed_build(project, tmp_path)
    assert "bib/references.bib: has no entries (an empty or truncated bibliography)" in log, log
    assert "unknown citation key" not in log, log


def test_latex_accent_in_the_bibliography_names_the_line(tmp_path):
    """``{\\'\\i}`` rendered as a dotless ı plus a combining accent, leaked ``[…]{.nocase}`` into
    citation tooltips and showed ``Mart\\'ınez`` on the timeline; UTF-8 is the rule."""
    project = project_copy(tmp_path)
    line = line_of(project, BIB, "Martin, Philippe")
    edit(project, BIB, "Martin, Philippe", "Mart{\\'\\i}n, Philippe")
    log = failed_build(project, tmp_path)
    assert f"bib/references.bib:{line}: entry 'martin2001growth' has the LaTeX accent" in log, log


def test_invalid_utf8_in_an_included_snippet_names_file_and_line(tmp_path):
    """pymdownx.snippets reads includes/abbreviations.md into every page; it raised a bare
    UnicodeDecodeError."""
    project = project_copy(tmp_path)
    line = append(project, Path("includes/abbreviations.md"), "*[ICT]: Information technology\n")
    path = project / "includes" / "abbreviations.md"
    path.write_bytes(path.read_bytes().replace(b"Information technology", b"Informa\xe7\xe3o"))
    log = failed_build(project, tmp_path)
    assert f"includes/abbreviations.md:{line}: not valid UTF-8 (byte 0xe7 at column 16)" in log, log
    assert "Traceback" not in log, log


def test_anchor_aliases_as_a_list_names_the_front_matter_line(tmp_path):
    project = project_copy(tmp_path)
    edit(project, Path("docs/methods.md"), "---\n", "---\nanchor_aliases: [levels-of-analysis]\n")
    log = failed_build(project, tmp_path)
    assert "docs/methods.md:2: front matter 'anchor_aliases' must map each old id" in log, log
    assert "Traceback" not in log, log
