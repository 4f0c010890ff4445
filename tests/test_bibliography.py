"""The BibTeX file: lint rules (unit tests) and the project's own bibliography."""

from __future__ import annotations

import re

from review_site.bibliography import bibtex_keys, lint_bibtex
from review_site.citation_grammar import cited_keys

from conftest import ROOT

BIB = ROOT / "bib" / "references.bib"

GOOD = """\
@article{alpha2000one,
  author  = {Alpha, Anna},
  title   = {One},
  journal = {Journal},
  year    = {2000},
}

@book{beta2001two,
  editor    = {Beta, Ben},
  title     = {Two},
  publisher = {Press},
  year      = {2001},
}
"""


def messages(text: str) -> list[str]:
    return [str(problem) for problem in lint_bibtex(text, "refs.bib")]


def test_clean_bibtex_has_no_problems():
    assert messages(GOOD) == []


def test_unbalanced_brace_names_entry_and_line():
    bad = GOOD.replace("title     = {Two},", "title     = {Two,")
    found = messages(bad)
    assert any(m.startswith("refs.bib:8: entry 'beta2001two'") and "brace" in m for m in found), found


def test_extra_closing_brace_is_reported():
    bad = GOOD.replace("title   = {One},", "title   = {One}},")
    assert any(m.startswith("refs.bib:1: entry 'alpha2000one'") for m in messages(bad))


def test_duplicate_key_names_both_lines():
    bad = GOOD.replace("beta2001two", "alpha2000one").replace("@book{alpha2000one", "@book{alpha2000one")
    found = messages(bad)
    assert "refs.bib:8: duplicate key 'alpha2000one' (first defined on line 1)" in found


def test_key_with_colon_or_dot_breaks_key_rule():
    for bad_key in ("ketels:2003", "ketels.2003", "Ketels2003"):
        text = GOOD.replace("beta2001two", bad_key).replace("alpha2000one", "aaa")
        assert any(f"key '{bad_key}' breaks the key rule" in m and m.startswith("refs.bib:8:") for m in messages(text))


def test_missing_required_field_per_type():
    bad = GOOD.replace("  journal = {Journal},\n", "")
    assert "refs.bib:1: @article entry 'alpha2000one' lacks required field 'journal'" in messages(bad)
    bad = GOOD.replace("  editor    = {Beta, Ben},\n", "")
    assert "refs.bib:8: @book entry 'beta2001two' lacks required field 'author or editor'" in messages(bad)


def test_unsorted_entries_are_reported():
    bad = GOOD.replace("alpha2000one", "zeta2000one")
    assert any("not sorted" in m for m in messages(bad))


def test_unknown_entry_type_is_reported():
    bad = GOOD.replace("@article", "@articel")
    assert any("unknown type @articel" in m for m in messages(bad))


def test_project_bibliography_lints_clean():
    assert lint_bibtex(BIB.read_text(encoding="utf-8"), "bib/references.bib") == []


def test_names_keep_their_diacritics():
    text = BIB.read_text(encoding="utf-8")
    for name in ("Lösch", "Caniëls", "Holmén", "Marín", "Önder", "Meyer-Stamer", "Sargant"):
        assert name in text, name


def test_every_entry_is_cited_and_every_citation_exists():
    cited: set[str] = set()
    for page in (ROOT / "docs").rglob("*.md"):
        cited.update(cited_keys(page.read_text(encoding="utf-8")))
    keys = set(bibtex_keys(BIB))
    assert keys - cited == set(), "entries never cited"
    assert cited - keys == set(), "citations without an entry"


def test_keys_follow_lastname_year_word():
    for key in bibtex_keys(BIB):
        assert re.fullmatch(r"[a-z]+(\d{4}|nd)[a-z0-9_-]+", key), key


def test_bare_ampersand_and_hyphenated_report_numbers_are_reported():
    bad = GOOD.replace("title   = {One},", "title   = {One R&D},\n  number  = {98-26},")
    found = messages(bad)
    assert any("bare '&'" in m and m.startswith("refs.bib:1:") for m in found), found
    assert not messages(GOOD.replace("title   = {One},", "title   = {One {R\\&D}},")), "an escaped \\& is right"
    assert any("ASCII hyphen" in m for m in found), found


CROSSREF = """\
@book{bordo2003globalization,
  editor    = {Bordo, Michael D.},
  title     = {Globalization in Historical Perspective},
  booktitle = {Globalization in Historical Perspective},
  publisher = {University of Chicago Press},
  year      = {2003},
}

@incollection{crafts2003globalization,
  author    = {Crafts, Nicholas and Venables, Anthony J.},
  title     = {Globalization in History},
  crossref  = {bordo2003globalization},
  pages     = {323--370},
}
"""


def test_crossref_entry_inherits_required_fields(tmp_path):
    """A chapter that takes booktitle, publisher and year from its book (BibTeXing §4) is valid,
    and pandoc, which renders the site's citations, resolves it the same way: BibTeX copies
    fields of the same name, so the book needs a booktitle (a title alone is not enough)."""
    from review_site.references import bibliography_csl_json

    assert messages(CROSSREF) == []
    bib = tmp_path / "crossref.bib"
    bib.write_text(CROSSREF, encoding="utf-8")
    chapter = next(item for item in bibliography_csl_json(bib) if item["id"] == "crafts2003globalization")
    assert chapter["container-title"].lower() == "globalization in historical perspective"  # pandoc sentence-cases
    assert chapter["publisher"] == "University of Chicago Press"
    no_booktitle = CROSSREF.replace("  booktitle = {Globalization in Historical Perspective},\n", "")
    assert messages(no_booktitle) == [
        "refs.bib:8: @incollection entry 'crafts2003globalization' lacks required field 'booktitle'"
    ]
    bib.write_text(no_booktitle, encoding="utf-8")
    chapter = next(item for item in bibliography_csl_json(bib) if item["id"] == "crafts2003globalization")
    assert "container-title" not in chapter  # what the error prevents: a chapter without its book
    broken = CROSSREF.replace("crossref  = {bordo2003globalization}", "crossref  = {nosuch2003book}")
    found = messages(broken)
    assert (
        "refs.bib:9: entry 'crafts2003globalization' has crossref 'nosuch2003book', which is not a key of this file"
        in found
    )
    assert any("lacks required field 'booktitle'" in m for m in found), found


def test_empty_bibliography_is_one_clear_error():
    assert messages("") == ["refs.bib: has no entries (an empty or truncated bibliography)"]
    assert messages("% only a comment\n") == ["refs.bib: has no entries (an empty or truncated bibliography)"]


def test_latex_accents_are_errors_naming_the_line():
    bad = GOOD.replace("author  = {Alpha, Anna},", "author  = {Mart{\\'\\i}nez, Anna and M\\\"uller, Hans},")
    found = messages(bad)
    assert found == [
        "refs.bib:2: entry 'alpha2000one' has the LaTeX accent '\\'…': write the letter in UTF-8 "
        "(í, ö, ç, ß), as pandoc and the timeline do not convert every accent"
    ]
    for accent in ("\\c{c}", "\\ss{}", "{\\o}", "\\v{s}", "\\~n"):
        assert messages(GOOD.replace("{One}", "{One " + accent + "}")), accent
    for fine in ("R\\&D", "\\url{https://x.org}", "\\textit{x}", "50\\%"):
        assert not any("LaTeX accent" in m for m in messages(GOOD.replace("{One}", "{One " + fine + "}"))), fine


def test_malformed_url_fields_are_errors():
    for url, reason in (
        ("htps://example.org", "URL scheme 'htps:'"),
        ("https:/example.org", "malformed https URL"),
        ("www.example.org", "not an absolute URL"),
    ):
        found = messages(GOOD.replace("  year    = {2000},", f"  year    = {{2000}},\n  url     = {{{url}}},"))
        assert any(m.startswith("refs.bib:1: entry 'alpha2000one' field 'url'") and reason in m for m in found), found


def test_the_bibliography_is_parsed_once_for_the_lint_the_exports_and_the_timeline(monkeypatch):
    """One pybtex parse of the .bib per build (review_site.bibliography.parse_bibtex), shared by every reader."""
    from review_site import bibliography
    from review_site.exports import clean_csl_items, published_bib
    from review_site.timeline import works_from_bibtex

    parses = []
    real = bibliography.parse_string
    monkeypatch.setattr(bibliography, "parse_string", lambda text, fmt: parses.append(fmt) or real(text, fmt))
    bibliography.parse_bibtex.cache_clear()
    text = BIB.read_text(encoding="utf-8")
    assert lint_bibtex(text, "bib/references.bib") == []
    assert published_bib(text) and clean_csl_items([], text) == [] and works_from_bibtex(text, {})
    assert parses == ["bibtex"]
    bibliography.parse_bibtex.cache_clear()
    parsers = [  # every other module goes through parse_bibtex; the adapter hands it to mkdocs-bibtex's parse_file
        path.name
        for path in sorted((ROOT / "scripts").rglob("*.py"))
        if re.search(r"\bparse_(string|file)\b", path.read_text(encoding="utf-8"))
    ]
    assert parsers == ["bibliography.py", "bibtex_adapter.py"], parsers
