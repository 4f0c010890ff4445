"""The build's speed-ups change no verdict: scripts/proofer_anchors.py reads the same anchors as
mkdocs-htmlproofer-plugin's own reader, on every page of the real site."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import proofer_anchors  # noqa: E402
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


def test_lxml_soup_finds_the_links_the_plugin_finds_on_every_built_page(build):
    """The plugin collects ``a[href]`` and ``img[src]`` from a strained parse; lxml must find the same."""
    from bs4 import BeautifulSoup, SoupStrainer

    strainer = SoupStrainer(("a", "h1", "h2", "h3", "h4", "h5", "h6", "li", "sup", "img"))

    def links(soup) -> set[str]:
        return {str(a["href"]) for a in soup.find_all("a", href=True)} | {
            str(img["src"]) for img in soup.find_all("img", src=True)
        }

    for path in sorted(build.site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        ours = links(proofer_anchors.lxml_soup(html, "html.parser", parse_only=strainer))
        theirs = links(BeautifulSoup(html, "html.parser", parse_only=strainer))
        assert ours == theirs, (
            f"{path.relative_to(build.site)}: only ours {ours - theirs}, only the plugin's {theirs - ours}"
        )


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
