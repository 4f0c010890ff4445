"""The Link Index lists every address a reader can copy, with summaries cut at sentence ends
(issue 13), and the items have copy buttons on their own pages."""

from __future__ import annotations

import pytest

from review_site.links import first_sentence, index_entries


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("Porter, Michael E. 1998 argues so. Next one.", "Porter, Michael E. 1998 argues so."),
        (
            "Roelandt, Theo J. A., and Pim den Hertog define it. More.",
            "Roelandt, Theo J. A., and Pim den Hertog define it.",
        ),
        ("Henderson et al. 2001 find it. More.", "Henderson et al. 2001 find it."),
        ("See e.g. Marshall. Then more.", "See e.g. Marshall."),
        ("One. Two.", "One."),
        ("No full stop", "No full stop"),
    ],
)
def test_first_sentence_does_not_stop_at_initials_or_abbreviations(text, sentence):
    assert first_sentence(text) == sentence


def test_index_entries_include_rows_terms_and_references():
    html = (
        '<table id="tbl-x"><caption><span class="caption-label">Table 1.</span> Cap.</caption>'
        '<tbody><tr id="tbl-x-sialkot"><td>Sialkot</td><td>Pakistan</td></tr></tbody></table>'
        '<dl><dt id="term-a">Agglomeration</dt><dd>A concept of Alfred M. Marshall. Two.</dd></dl>'
        '<div id="ref-p" class="csl-entry">Porter, Michael E. 1998. “Clusters.” <em>HBR</em>.'
        '<div class="cited-in">Cited in: x</div></div>'
    )
    entries = {entry["anchor"]: entry for entry in index_entries(html)}
    assert entries["tbl-x-sialkot"] == {
        "anchor": "tbl-x-sialkot",
        "kind": "row",
        "title": "Sialkot",
        "summary": "Pakistan",
    }
    assert entries["term-a"]["kind"] == "term" and entries["term-a"]["summary"] == "A concept of Alfred M. Marshall."
    assert entries["ref-p"]["title"] == "Porter, Michael E. 1998"
    assert entries["ref-p"]["summary"] == "“Clusters.” HBR."


def test_the_link_index_lists_rows_terms_and_entries_with_copy_buttons(build):
    index = build.html("links/")
    kinds = {}
    for item in index.select("ul.link-index > li"):
        kind = item["class"][0].removeprefix("link-index__")
        kinds[kind] = kinds.get(kind, 0) + 1
        assert item.select_one("button.copy-link[data-clipboard-text]"), item.get_text()[:80]
    assert kinds.get("row", 0) >= 90 and kinds.get("term", 0) >= 30 and kinds.get("reference", 0) >= 50, kinds
    urls = {code.get_text() for code in index.select("code.link-index__url")}
    assert any(url.endswith("/policy/#tbl-empirical-studies-sialkot") for url in urls)
    assert any(url.endswith("/references/#ref-porter1998clusters") for url in urls)
    for summary in index.select(".link-index__summary"):
        words = summary.get_text().split()
        assert not (words and len(words[-1]) == 2 and words[-1][0].isupper() and words[-1][1] == "."), (
            summary.get_text()
        )
    assert index.select_one(".link-index__filter input[type=search]") is not None


@pytest.mark.parametrize(
    "page, selector",
    [
        ("policy/", "tr#tbl-empirical-studies-sialkot button.copy-link"),
        ("glossary/", "dt[id^='term-'] button.copy-link"),
        ("references/", "div#ref-porter1998clusters button.copy-link"),
    ],
)
def test_rows_terms_and_entries_have_copy_link_buttons(build, page, selector):
    button = build.html(page).select_one(selector)
    assert button is not None and button["data-clipboard-text"].startswith("http")
    assert button["aria-label"].startswith("Copy link to")


def test_home_page_explains_the_copy_link_buttons(build):
    heading = build.html("").select_one("h2#linking")
    text = ""
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        text += sibling.get_text(" ")
    assert "link button" in text and "Esc" in text and "Link Index" in text
    assert "address bar" not in text and "click the ¶" not in text
