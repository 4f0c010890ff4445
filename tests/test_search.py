"""Search as a student uses it, in Chromium: a table of real queries and the result each must
put first (Material's search, tuned by ``review_site.search_index``).

Run as a script to print the ranking table of a built site without asserting anything:
``.venv/bin/python tests/test_search.py site/``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from review_site.search_index import fold, split_entries, tune_index

from conftest import recording_tab

#: (query, locations any of which must lead the first result group). The first group's page
#: must be the page of one of them and its first section must be that location.
#: Authors (with and without their diacritics), places and concepts.
QUERIES = [
    ("Losch", ["mechanisms/#agglomeration-economies"]),
    ("Lösch", ["mechanisms/#agglomeration-economies"]),
    (
        "Holmen",
        [
            "mechanisms/#identifying-clusters",
            "methods/#methods",
            "methods/#levels-of-analysis",
            "innovation/#knowledge-based-clusters",
        ],
    ),
    ("Marin", ["mechanisms/#inter-firm-linkages"]),
    ("Caniels", ["innovation/#learning-capabilities"]),
    ("Caniëls", ["innovation/#learning-capabilities"]),
    ("Onder", ["references/#ref-vandijk2000technological"]),  # named in no chapter, only as an author
    ("Krugman", ["mechanisms/#krugman-core-periphery"]),
    (
        "Sialkot",
        ["policy/#tuttlingen-sialkot", "policy/#empirical-studies-compared", "definitions/#mytelka-farinelli-typology"],
    ),
    ("Tuttlingen", ["policy/#tuttlingen-sialkot"]),
    ("Tiexi", ["policy/#tiexi-shenyang"]),
    (
        "what is a cluster",
        ["glossary/#term-cluster", "definitions/#defining-clusters", "definitions/#porter-definition"],
    ),
    ("agglomeration economies", ["mechanisms/#agglomeration-economies", "glossary/#term-agglomeration-economies"]),
    (
        "externalities",
        [
            "mechanisms/#marshall-externalities",
            "glossary/#term-pecuniary-externalities",
            "glossary/#term-technological-externalities",
            "glossary/#term-external-economies",
        ],
    ),
]


def ranked_results(tab, base: str, query: str) -> list[list[str]]:
    """Search ``query`` on a fresh load of the home page ``base`` (``http://…/`` or
    ``file://…/index.html``, any width); the result groups in the order shown, each a list of
    locations relative to the home page's folder (``"growth/#equilibrium"``), query string dropped."""
    tab.goto(base)
    box = tab.locator("input.md-search__input")
    button = tab.locator(".md-header label.md-header__button[for='__search']")
    if button.is_visible():  # on a phone the header shows a search button, not the box
        button.click()
        tab.wait_for_function("document.getElementById('__search').checked")
    else:
        box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() alone sends none (toolchain-notes P17)
    tab.wait_for_function("""() => { const meta = document.querySelector('.md-search-result__meta');
                                     return meta && /matching/i.test(meta.textContent); }""")
    groups = tab.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')]
        .map(item => [...item.querySelectorAll('a.md-search-result__link')].map(link => link.href))""")

    def relative(href: str) -> str:
        parts = urlsplit(href)
        path = parts.path.removeprefix(urlsplit(base).path.rsplit("/", 1)[0] + "/")
        return path + (f"#{parts.fragment}" if parts.fragment else "")

    return [[relative(href) for href in group] for group in groups]


def rank_of(groups: list[list[str]], wanted: list[str]) -> int | None:
    """1-based number of the first group holding one of ``wanted``, or None."""
    return next((n for n, group in enumerate(groups, 1) if set(group) & set(wanted)), None)


@pytest.fixture(scope="module")
def tab(browser):
    with recording_tab(browser, 1366, 800) as page:
        yield page


@pytest.mark.parametrize(("query", "wanted"), QUERIES, ids=[query for query, _ in QUERIES])
def test_query_puts_the_section_that_answers_it_first(tab, site_url, query, wanted):
    groups = ranked_results(tab, site_url, query)
    assert groups, f"{query!r} finds nothing"
    top = groups[0]  # the page, then its sections from the best match down
    first = top[1] if len(top) > 1 else top[0]
    assert top[0] in {location.split("#")[0] for location in wanted} and first in wanted, (
        f"{query!r}: first result group is {top[:4]}, expected one of {wanted} first; "
        f"groups: {[group[0] for group in groups[:8]]}"
    )
    assert all(
        urlsplit(url).netloc == urlsplit(site_url).netloc or urlsplit(url).scheme in ("data", "blob")
        for url in tab.requests
    )


def test_a_result_found_without_accents_opens_with_the_accented_word_highlighted(tab, site_url):
    ranked_results(tab, site_url, "Losch")
    href = tab.locator("a.md-search-result__link[href*='mechanisms/'][href$='#agglomeration-economies']").first
    tab.goto(href.get_attribute("href"))  # the result's address, as a click opens it
    assert tab.url.endswith("/mechanisms/?h=losch#agglomeration-economies")
    marks = tab.locator("#agglomeration-economies ~ p mark[data-md-highlight]")
    assert "Lösch" in marks.all_inner_texts()


def test_glossary_terms_and_reference_entries_are_results_of_their_own(search_index):
    locations = {doc["location"] for doc in search_index["docs"]}
    assert "glossary/#term-cluster" in locations and "references/#ref-losch1954economics" in locations
    entry = next(doc for doc in search_index["docs"] if doc["location"] == "references/#ref-losch1954economics")
    assert "Lösch" in entry["title"] and "Cited in" not in entry["text"]
    glossary = next(doc for doc in search_index["docs"] if doc["location"] == "glossary/#term-cluster")
    assert glossary["title"] == "Cluster" and len(glossary["text"]) < 3000
    references = next(doc for doc in search_index["docs"] if doc["location"] == "references/")
    assert len(references["text"]) < 2000  # the page's introduction, not the whole bibliography


def test_every_word_with_diacritics_is_also_indexed_without_them(search_index):
    entry = next(doc for doc in search_index["docs"] if doc["location"] == "mechanisms/#agglomeration-economies")
    folded = " ".join(entry.get(field, "") for field in search_index["config"]["fields"] if field.endswith("_folded"))
    assert "Lösch" in entry["text"] and "losch" in folded.split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lösch", "Losch"),
        ("Caniëls", "Caniels"),
        ("Marín", "Marin"),
        ("Önder", "Onder"),
        ("Øresund", "Oresund"),
        ("王缉慈", "王缉慈"),
    ],
)
def test_fold_removes_diacritics_of_latin_letters_only(text, expected):
    assert fold(text) == expected


def test_tune_index_splits_entries_folds_both_ways_weights_and_drops_reference_lists():
    html = (
        '<h2 id="terms">Terms</h2><p>Intro.</p><dl><dt id="term-a">Alpha</dt><dd>Lösch<sup>1</sup> on A.</dd>'
        '<dt id="term-b">Beta</dt><dd>On B.</dd></dl>'
    )
    index = {
        "config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "g/", "title": "Glossary", "text": "<p>In brief.</p>"},
            {"location": "g/#terms", "title": "Terms", "text": "<p>Intro.</p>Alpha Lösch<sup>1</sup> on A. Beta On B."},
            {"location": "g/#references", "title": "References", "text": "Lösch, August. 1954."},
            {"location": "c/#e1", "title": "E1. Losch", "text": "The source's Losch."},
        ],
    }
    tuned = tune_index(index, {"g/": split_entries(html, "g/")}, {"c/": 0.5})
    docs = {doc["location"]: doc for doc in tuned["docs"]}
    assert list(docs) == ["g/", "g/#terms", "g/#term-a", "g/#term-b", "c/#e1"]
    assert docs["g/#terms"]["text"] == "Intro."
    assert docs["g/#term-a"] == {
        "location": "g/#term-a",
        "title": "Alpha",
        "text": "Lösch on A.",
        "term": "Alpha Alpha Alpha",
        "text_folded": "losch",
    }
    assert docs["c/#e1"]["boost"] == 0.5 and docs["c/#e1"]["title_folded"] == "lösch"  # ASCII → accented too
    assert {"title_folded", "text_folded", "term"} <= set(tuned["config"]["fields"])
    assert index["docs"][1]["text"].startswith("<p>Intro.")  # the input is not modified


def test_tune_index_fails_when_entries_are_found_in_no_section():
    index = {"config": {"fields": {}}, "docs": [{"location": "g/", "title": "Glossary", "text": "Nothing."}]}
    with pytest.raises(ValueError, match="g/#term-a"):
        tune_index(index, {"g/": split_entries('<dl><dt id="term-a">Alpha</dt><dd>A.</dd></dl>', "g/")}, {})


def main(site: Path) -> None:
    """Print the ranking table (markdown) of a built ``site`` folder, served locally."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from playwright.sync_api import sync_playwright

    from review_site.browser import CHROMIUM_ARGS, find_chromium
    from review_site.server import serve

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(find_chromium()), args=list(CHROMIUM_ARGS))
        tab = browser.new_context(viewport={"width": 1366, "height": 800}).new_page()
        print("| Query | Expected | Rank of its group | First result | First three groups |\n|---|---|---|---|---|")
        for query, wanted in QUERIES:
            groups = ranked_results(tab, base, query)
            firsts = ", ".join(group[0] or "(home)" for group in groups[:3]) or "(nothing)"
            first = (groups[0][1] if len(groups[0]) > 1 else groups[0][0]) if groups else "–"
            print(f"| {query} | {wanted[0]} | {rank_of(groups, wanted) or '–'} of {len(groups)} | {first} | {firsts} |")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))


@pytest.mark.unit
def test_brief_pages_keep_the_title_and_first_sentence_only():
    index = {
        "config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "fixes/#e1", "title": "E1 Caniëls", "text": "<p>First one, e.g. Dr. X. Second one.</p>"},
            {"location": "chapter/#s", "title": "S", "text": "<p>First. Second.</p>"},
        ],
    }
    tuned = tune_index(index, {}, {}, brief_pages=["fixes/"])
    assert [doc["text"] for doc in tuned["docs"]] == ["First one, e.g. Dr. X. Second one.", "<p>First. Second.</p>"]
    assert tuned["docs"][0]["title_folded"] == "caniels"  # the heading is still found without its accent
