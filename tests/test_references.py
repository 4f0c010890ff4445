"""Formatting helpers for references (unit tests)."""

from review_site.references import unescape_url_link_texts


def test_escaped_url_link_text_is_repaired():
    html = '<a href="https://x.org/p?a_id=1&amp;b=2">https://x.org/p?a\\_id=1&amp;b=2</a>'
    assert unescape_url_link_texts(html) == '<a href="https://x.org/p?a_id=1&amp;b=2">https://x.org/p?a_id=1&amp;b=2</a>'


def test_other_links_are_untouched():
    html = '<a href="https://x.org/">see a\\_b</a> <a href="#fn:x">1</a>'
    assert unescape_url_link_texts(html) == html
