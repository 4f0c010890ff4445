"""The page tree (``review_site.page_tree``): per-page work in Python-Markdown's tree, seen by MkDocs."""

from __future__ import annotations

import csv
import io

import markdown
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from review_site.page_tree import PageContext, PageTree

EXTENSIONS = ["abbr", "attr_list", "footnotes", "tables", "toc", "smarty"]
NUMBERS = {"tbl-firms": ("Table", 2, "docs/a.md"), "tbl-new": ("Table", 3, "docs/a.md")}
PAGE = """\
## Firms { #firms }

Table: Firms of the cluster.
{ #tbl-firms }

| Firm | Founded |
|---|---|
| Smith's & Sons[^1] | 1890 |
| Smith's & Sons | 1901 |

As [](#tbl-firms) shows.

## Plain heading

[^1]: A note.
"""


def _render(text: str, context: PageContext, extensions=EXTENSIONS):
    tree = PageTree()
    tree.start_page(context)
    html = markdown.markdown(text, extensions=[*extensions, tree])
    return BeautifulSoup(html, "html.parser"), tree.finish_page()


def test_mkdocs_collects_the_ids_added_in_the_tree_itself(tmp_path):
    """Row ids, table ids and alias ids reach MkDocs' anchor validation with no registration code:
    the tree runs after toc and before MkDocs' own anchor extraction (both priority 5)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(PAGE, encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "t",
            "docs_dir": str(docs),
            "site_dir": str(tmp_path / "site"),
            "markdown_extensions": [*EXTENSIONS, {"toc": {"permalink": "¶"}}],
        }
    )
    errors, _ = config.validate()
    assert errors == []
    tree = PageTree()
    config.markdown_extensions.append(tree)  # as scripts/hooks.py's on_config does
    file = File("a.md", str(docs), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    page.read_source(config)
    tree.start_page(
        PageContext(
            "docs/a.md", NUMBERS, aliases={"tbl-old": "tbl-firms", "old-firms": "firms", "old-plain": "plain-heading"}
        )
    )
    page.render(config, Files([file]))
    assert tree.finish_page().problems == []
    assert {"tbl-firms", "tbl-firms-smiths-sons", "tbl-firms-smiths-sons-2"} <= page.present_anchor_ids
    assert {"tbl-old", "old-firms", "tbl-old-smiths-sons", "old-plain"} <= page.present_anchor_ids
    # toc ran before the tree: the id toc gave a heading without one can be aliased
    assert BeautifulSoup(page.content, "html.parser").find(id="old-plain").find_parent("h2")["id"] == "plain-heading"


def test_rows_csv_cross_references_and_labels():
    soup, result = _render(PAGE, PageContext("docs/a.md", NUMBERS, csv_hrefs={"tbl-firms": "tables/tbl-firms.csv"}))
    assert result.problems == []
    rows = list(csv.reader(io.StringIO(result.csvs["tbl-firms"])))
    assert rows == [["Firm", "Founded"], ["Smith’s & Sons", "1890"], ["Smith’s & Sons", "1901"]]  # no note number
    assert result.csvs["tbl-firms"].endswith("\r\n")
    table = soup.find("table", id="tbl-firms")
    assert [row["id"] for row in table.tbody.find_all("tr")] == ["tbl-firms-smiths-sons", "tbl-firms-smiths-sons-2"]
    assert table.has_attr("data-stack") and table.tbody.td["data-label"] == "Firm"
    download = table.find_next_sibling("p", class_="table-download").a
    assert download["href"] == "tables/tbl-firms.csv" and download.has_attr("download")
    assert soup.find("a", class_="cross-reference").get_text() == "Table\xa02"


def test_bad_cross_reference_alias_and_block_are_reported():
    text = PAGE + '\nSee [](#tbl-none).\n\n<div class="generated-table" data-generate="no-such"></div>\n'
    _, result = _render(text, PageContext("docs/a.md", NUMBERS, aliases={"old": "no-such-id"}))
    assert result.problems == [
        "docs/a.md: unknown generated block (known: places-map, places-table, literature-timeline, timeline-list)",
        "docs/a.md: cross-reference to unknown table or figure 'tbl-none'",
        "docs/a.md: front matter anchor_aliases: anchor alias 'old' -> 'no-such-id': the page has no id 'no-such-id'",
    ]


def test_generated_table_becomes_part_of_the_tree():
    """A drawn data table gets its caption, row ids and CSV like a Markdown table; a drawing stays raw HTML."""
    text = (
        "Table: Places.\n{ #tbl-new }\n\n"
        '<div class="generated-table" data-generate="places-table"></div>\n\n'
        '<div class="generated-figure" data-generate="places-map"></div>\n'
    )
    drawn = {
        "places-table": '<table>\n<thead><tr><th scope="col">Place</th></tr></thead>\n'
        '<tbody>\n<tr id="place-x"><th scope="row">Sialkot &amp; Co</th></tr>\n</tbody></table>\n',
        "places-map": '<div class="generated-figure"><svg viewBox="0 0 1 1"></svg></div>',
    }
    context = PageContext("docs/a.md", NUMBERS, csv_hrefs={"tbl-new": "t.csv"}, draw=drawn.__getitem__)
    soup, result = _render(text, context)
    assert result.problems == []
    table = soup.find("table", id="tbl-new")
    assert table.caption.get_text() == "Table 3. Places.¶" and table.find("tr", id="place-x") is not None
    assert result.csvs == {"tbl-new": "Place\r\nSialkot & Co\r\n"}
    assert soup.find("svg") is not None and soup.find(attrs={"data-generate": True}) is None


def test_buttons_on_headings_rows_and_terms_and_a_print_copy_without_them():
    text = PAGE + "\nSmith's { #term-smith }\n:   A firm.\n"
    context = PageContext(
        "docs/a.md", NUMBERS, address="https://example.org/a/", section_items={"firms": "page-a-firms"}
    )
    soup, result = _render(text, context, [*EXTENSIONS, "def_list"])
    heading = soup.find("h2", id="firms")
    assert [button["class"] for button in heading.find_all("button")] == [
        ["heading-action", "copy-link"],
        ["heading-action", "cite-section"],
    ]
    assert heading.button["aria-label"] == "Copy link to “Firms”"
    caption_button = soup.find("caption").button
    assert caption_button["data-clipboard-text"] == "https://example.org/a/#tbl-firms"
    assert caption_button["aria-label"] == "Copy link to “Table 2. Firms of the cluster.”"
    row_button = soup.find("tr", id="tbl-firms-smiths-sons").td.button
    assert row_button["class"] == ["heading-action", "copy-link", "item-link"]
    assert row_button["aria-label"] == "Copy link to “Table 2 row Smith’s & Sons”"
    assert row_button["data-clipboard-text"] == "https://example.org/a/#tbl-firms-smiths-sons"
    assert soup.find("dt", id="term-smith").button["aria-label"] == "Copy link to “Smith’s”"
    printed = BeautifulSoup(result.printed, "html.parser")
    assert printed.find("button") is None
    for button in soup.find_all("button"):
        button.decompose()
    assert str(printed) == str(soup)  # the same page otherwise
