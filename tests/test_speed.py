"""The build's speed-ups change no verdict: scripts/proofer_anchors.py reads the same anchors as
mkdocs-htmlproofer-plugin's own reader, on every page of the real site; scripts/search_entries.py gives
Material's search the entries its own indexer makes."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import proofer_anchors  # noqa: E402
import search_entries  # noqa: E402
from htmlproofer.plugin import read_anchors as plugin_read_anchors  # noqa: E402 - unpatched in this process


def test_lxml_reader_gives_the_plugins_anchors_on_every_built_page(build):
    pages = sorted(build.site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        ours, theirs = proofer_anchors.read_anchors(html), plugin_read_anchors(html)
        assert ours == theirs, (
            f"{path.relative_to(build.site)}: only ours {ours - theirs}, only the plugin's {theirs - ours}"
        )


def test_lxml_reader_follows_the_plugins_rules_on_fragments():
    html = (
        '<p id="a">x</p><a name="b">y</a><span name="not-an-anchor"></span>'
        '<template id="kept"><div id="inert"></div><a name="inert-name"></a></template>'
        '<svg><g id="in-svg"></g></svg>'
    )
    expected = frozenset({"a", "b", "kept", "in-svg"})
    assert proofer_anchors.read_anchors(html) == expected == plugin_read_anchors(html)
    assert proofer_anchors.read_anchors("") == frozenset() == proofer_anchors.read_anchors("  \n")


def test_the_installed_plugin_is_the_version_the_reader_was_checked_against():
    assert version("mkdocs-htmlproofer-plugin") == proofer_anchors.PATCHED_VERSION, (
        "mkdocs-htmlproofer-plugin changed: compare its read_anchors with scripts/proofer_anchors.py "
        "(this file's first test), then update PATCHED_VERSION"
    )


def test_the_installed_search_plugin_is_the_code_the_search_cache_was_checked_against():
    from material.plugins.search import plugin

    assert search_entries.source_digest(plugin.__file__) == search_entries.CHECKED_SOURCE, (
        "Material's search plugin changed: check SearchIndex.add_entry_from_context against "
        "scripts/search_entries.py (what it reads of a page), then update CHECKED_SOURCE"
    )


def test_search_entries_from_the_cache_are_the_plugins_own_on_every_built_page(build, tmp_path, monkeypatch):
    """Each page's article (its headings as the table of contents): the plugin's own entries, then the
    hook's on a miss (the plugin runs, the entries are stored) and on a hit (the stored entries)."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import AnchorLink

    from review_site.cache import ContentCache

    original = getattr(SearchIndex.add_entry_from_context, "original", SearchIndex.add_entry_from_context)
    remembered = search_entries._remembering(original)
    monkeypatch.setitem(search_entries._state, "cache", ContentCache(tmp_path / "cache", "salt"))
    pages = 0
    for path, html in build.pages():
        article, url = html.select_one("article"), path.relative_to(build.site).as_posix()
        if article is None:  # a redirect page
            continue
        toc = [AnchorLink(h.get_text(), h["id"], 1) for h in article.select("h2[id]")]
        page = SimpleNamespace(
            content=article.decode_contents(), toc=toc, url=url, title=url, meta={"title": html.title.get_text()}
        )
        entries = []
        for add in (original, remembered, remembered):  # the plugin's; a miss; a hit
            index = SearchIndex()
            add(index, page)
            entries.append(index.entries)
        assert entries[0] == entries[1] == entries[2] and len(entries[0]) >= 1, url
        pages += 1
    assert pages >= 15 and search_entries._state["cache"].hits == pages


_STRAINER_TAGS = ("a", "h1", "h2", "h3", "h4", "h5", "h6", "li", "sup", "img")  # the plugin's on_post_page


def _plugin_links(soup) -> set[str]:
    """The URLs mkdocs-htmlproofer-plugin 1.6.0 checks, from its soup (its on_post_page, verbatim)."""
    return {str(a["href"]) for a in soup.find_all("a", href=True)} | {
        str(img["src"]) for img in soup.find_all("img", src=True)
    }


def _links_both_ways(html: str) -> tuple[set[str], set[str]]:
    from bs4 import BeautifulSoup, SoupStrainer

    strainer = SoupStrainer(_STRAINER_TAGS)
    ours = _plugin_links(proofer_anchors.LinkSoup(html, "html.parser", parse_only=strainer))
    return ours, _plugin_links(BeautifulSoup(html, "html.parser", parse_only=strainer))


def test_lxml_link_reader_finds_the_links_the_plugin_finds_on_every_built_page(build):
    """The plugin checks the links of each page's content (``validate_rendered_template: false``):
    compared on every built page whole, and on its article (the content plus the page title)."""
    pages = sorted(build.site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        article = html[html.find("<article") : html.rfind("</article>") + len("</article>")]
        for part in (html, article):
            ours, theirs = _links_both_ways(part)
            assert ours == theirs, (
                f"{path.relative_to(build.site)}: only ours {ours - theirs}, only the plugin's {theirs - ours}"
            )


def test_lxml_link_reader_follows_the_plugins_rules_on_fragments():
    html = (
        '<p><a href="a.md#x">a</a><a>no href</a><a href="">empty</a><A HREF="CAPS">c</A>'
        '<a href="q?x=1&amp;y=2">entity</a><img src="i.png" alt=""><img alt="no src"></p>'
        '<template><a href="in-template">t</a></template><link href="not-a-link.css">'
        '<svg><a href="in-svg"><text>s</text></a></svg><div><ul><li><a href="#deep">d</a></li></ul></div>'
    )
    expected = {"a.md#x", "", "CAPS", "q?x=1&y=2", "i.png", "in-template", "in-svg", "#deep"}
    assert _links_both_ways(html) == (expected, expected)
    assert _links_both_ways("") == (set(), set()) == _links_both_ways("  \n")
    with pytest.raises(NotImplementedError):
        proofer_anchors.LinkSoup("<p></p>").find_all("a", id=True)


def test_without_external_urls_the_plugin_checks_links_without_threads():
    import concurrent.futures
    from types import SimpleNamespace

    import htmlproofer.plugin as module

    def config(validate_external_urls):
        return SimpleNamespace(
            plugins={"htmlproofer": SimpleNamespace(config={"validate_external_urls": validate_external_urls})}
        )

    originals = module.read_anchors, module.BeautifulSoup
    try:
        proofer_anchors.on_startup("build", False)  # patches the pinned version (checked above)
        proofer_anchors.on_config(config(False))
        assert module.concurrent.futures.ThreadPoolExecutor is proofer_anchors.InlineExecutor
        proofer_anchors.on_config(config(True))  # URLs fetched: the plugin's own thread pool
        assert module.concurrent is concurrent
        assert module.concurrent.futures.ThreadPoolExecutor is concurrent.futures.ThreadPoolExecutor
    finally:
        module.concurrent = concurrent
        module.read_anchors, module.BeautifulSoup = originals


def test_inline_executor_gives_results_and_exceptions_as_the_pool_does():
    import concurrent.futures

    def check(url):
        if url == "bad":
            raise ValueError("invalid url - bad [404]")
        return url.upper()

    with proofer_anchors.InlineExecutor(max_workers=None) as executor:
        futures = [executor.submit(check, url) for url in ("a", "bad", "b")]
        done = list(concurrent.futures.as_completed(futures))
    assert len(done) == 3 and [f.result() for f in (futures[0], futures[2])] == ["A", "B"]
    with pytest.raises(ValueError, match="invalid url - bad"):
        futures[1].result()


def test_copy_link_buttons_get_their_hint_on_hover_or_focus_not_at_load(browser, site_url):
    """No ``title`` at load (Material would mount a tooltip for each of the Link Index's 300+
    buttons); the first hover or keyboard focus gives the button its native "Copy link" hint."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(site_url + "links/")
    buttons = page.locator(".link-index button.copy-link")
    assert buttons.count() > 300
    assert page.locator("button.copy-link[title]").count() == 0
    buttons.nth(3).hover()
    assert buttons.nth(3).get_attribute("title") == "Copy link"
    buttons.nth(4).focus()
    assert buttons.nth(4).get_attribute("title") == "Copy link"
    assert page.locator("button.copy-link[title]").count() == 2
    page.close()
