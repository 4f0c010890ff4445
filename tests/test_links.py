"""Published addresses: the lock file, anchor aliases and redirects (``review_site.links``)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import pytest
from markdown.serializers import to_html_string

from review_site import ProblemsError
from review_site.anchors import moved_forwards, moved_script, resolve_moves
from review_site.links import (
    broken_locked_links,
    format_lock,
    page_anchors,
    published_links,
    read_lock,
    redirect_target,
    resolve,
)
from review_site.page_tree import add_moved_anchors, apply_anchor_aliases

from conftest import ROOT

PAGE = """<html><body><nav id="toc"></nav><article class="md-content__inner">
<h1 id="title">T</h1><h2 id="intro">Intro</h2>
<p>Text<sup id="fnref:porter"><a href="#fn:porter">1</a></sup><sup id="fnref2:porter">1</sup></p>
<table id="tbl-x"><caption>Cap</caption><tr id="tbl-x-row"><td>a</td></tr></table>
<div id="ref-porter1998clusters" class="csl-entry">Porter</div>
<li id="fn:porter">Porter</li></article></body></html>"""
REDIRECT = (
    "<html><head><script>var anchor=window.location.hash.substr(1);</script>"
    '<meta http-equiv="refresh" content="0; url=../summary/"></head></html>'
)


def test_page_anchors_are_the_article_ids_without_footnotes():
    assert page_anchors(PAGE) == ["title", "intro", "tbl-x", "tbl-x-row", "ref-porter1998clusters"]
    assert page_anchors(REDIRECT) == []


def test_redirect_target_reads_the_meta_refresh():
    assert redirect_target(REDIRECT) == "../summary/"
    assert redirect_target(PAGE) is None


@pytest.fixture
def site(tmp_path):
    (tmp_path / "summary").mkdir()
    (tmp_path / "summary" / "index.html").write_text(PAGE)
    (tmp_path / "conclusions").mkdir()
    (tmp_path / "conclusions" / "index.html").write_text(REDIRECT)
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "references.bib").write_text("@book{a, title={A}}")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "main.css").write_text("")
    (tmp_path / "404.html").write_text(PAGE)
    return tmp_path


def test_published_links_lists_pages_anchors_and_files_not_redirects_or_machinery(site):
    links = published_links(site)
    assert "/" in links and "/#intro" in links and "/summary/#tbl-x-row" in links
    assert "/references.bib" in links
    assert not [link for link in links if link.startswith(("/conclusions/", "/assets/", "/404"))]
    assert not [link for link in links if "fn" in link]


@pytest.mark.parametrize(
    ("link", "why"),
    [
        ("/summary/#intro", None),
        ("/conclusions/#intro", None),  # through the redirect, fragment kept
        ("/conclusions/", None),
        ("/references.bib", None),
        ("/summary/#gone", "'/summary/' has no anchor '#gone'"),
        ("/conclusions/#gone", "'/summary/' has no anchor '#gone'"),
        ("/gone/", "'/gone/' is missing"),
        ("/references.bib#x", "'/references.bib' is not a page, so it has no anchor '#x'"),
    ],
)
def test_resolve(site, link, why):
    assert resolve(site, link) == why


def test_broken_locked_links_name_the_lock_line(site):
    lock = format_lock(["/summary/#intro", "/summary/#gone", "/"])
    problems = broken_locked_links(lock, site)
    line = [number for number, link in read_lock(lock) if link == "/summary/#gone"][0]
    assert [str(p) for p in problems] == [
        f"links.lock:{line}: published address '/summary/#gone' no longer works: '/summary/' has no "
        "anchor '#gone'. Keep it with a redirect (mkdocs.yml redirect_maps) or an anchor alias "
        "(front matter anchor_aliases)"
    ]


def test_lock_format_round_trips_with_comments_and_home_page():
    text = format_lock(["/b/", "/", "/#a", "/b/#c", "/b/"])
    assert text.startswith("#")
    assert [link for _, link in read_lock(text)] == ["/", "/#a", "/b/", "/b/#c"]


def _aliased(html: str, aliases: dict) -> str:
    """``html`` (well-formed) after :func:`apply_anchor_aliases`, serialised as Python-Markdown does."""
    root = etree.fromstring(f"<div>{html}</div>")
    apply_anchor_aliases(root, aliases)
    return to_html_string(root)


def test_anchor_alias_goes_inside_the_target_where_html_allows_a_span():
    html = '<h2 id="new">T</h2><table id="tbl-new"><caption>C</caption><tr id="row"><td>x</td></tr></table>'
    out = _aliased(html, {"old": "new", "tbl-old": "tbl-new", "row-old": "row"})
    assert '<h2 id="new"><span class="anchor-alias" id="old"></span>T</h2>' in out
    assert '<caption><span class="anchor-alias" id="tbl-old"></span>C</caption>' in out
    assert '<td><span class="anchor-alias" id="row-old"></span>x</td>' in out


def test_renamed_table_keeps_its_row_anchors():
    html = '<table id="tbl-new"><caption>C</caption><tbody><tr id="tbl-new-porter"><td>x</td></tr></tbody></table>'
    out = _aliased(html, {"tbl-old": "tbl-new"})
    assert '<td><span class="anchor-alias" id="tbl-old-porter"></span>x</td>' in out


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ({"old": "missing"}, "anchor alias 'old' -> 'missing': the page has no id 'missing'"),
        ({"new": "new"}, "anchor alias 'new': that id is still used in the page; remove the alias"),
        ({"old": ["new"]}, "anchor alias 'old': ['new'] must map an old id to a new id"),
    ],
)
def test_bad_anchor_alias_raises(aliases, message):
    with pytest.raises(ValueError, match="^" + message.replace("[", r"\[").replace("]", r"\]") + "$"):
        _aliased('<h2 id="new">T</h2>', aliases)


def test_moved_anchors_stay_on_the_old_page_and_forward_to_the_new_one():
    new_ids = {"e1", "tbl-names", "tbl-names-porter", "tbl-namesake"}
    forwards = moved_forwards({"e1": ("../new/", "e1", new_ids), "tbl-old": ("../new/", "tbl-names", new_ids)})
    assert forwards == {
        "e1": "../new/#e1",
        "tbl-old": "../new/#tbl-names",
        "tbl-old-porter": "../new/#tbl-names-porter",
    }
    root = etree.fromstring('<div><p>Intro</p><ul><li id="e1"><a href="../new/#e1">E1</a></li></ul></div>')
    add_moved_anchors(root, forwards)
    out = to_html_string(root)
    assert out.count('id="e1"') == 1  # still used on the page (the index entry): kept, not doubled
    assert (
        '<p>Intro</p><ul><li id="e1"><span class="anchor-alias" id="tbl-old"></span>'
        '<span class="anchor-alias" id="tbl-old-porter"></span><a href'
    ) in out
    assert "tbl-old-mesake" not in out  # only rows (NEW-x) of the moved table come along
    script = moved_script(forwards).split('<script class="moved-anchors">')[1]
    assert '{"e1":"../new/#e1","tbl-old":"../new/#tbl-names","tbl-old-porter":"../new/#tbl-names-porter"}' in script
    assert "location.replace" in script
    assert moved_script({}) == ""


def test_moved_anchors_without_an_element_to_hold_them_go_first_on_the_page():
    root = etree.fromstring("<div>Text<p>More</p></div>")
    add_moved_anchors(root, {"gone": "../new/#here"})
    assert to_html_string(root) == '<div><span class="anchor-alias" id="gone"></span>Text<p>More</p></div>'


def test_moved_anchor_to_a_missing_id_names_the_front_matter_line():
    source = "---\ntitle: T\nmoved_anchors:\n  e1: new.md#e9\n---\nText\n"
    target = {"new.md": ("new/", {"e1"})}.get
    with pytest.raises(ProblemsError, match="^docs/old.md:4: front matter moved_anchors: moved anchor 'e1' -> "):
        resolve_moves(source, "docs/old.md", {"e1": "new.md#e9"}, "old/", target)
    with pytest.raises(ProblemsError, match="^docs/old.md:4: front matter moved_anchors: 'e1: gone.md#e1' must"):
        resolve_moves(source, "docs/old.md", {"e1": "gone.md#e1"}, "old/", target)


@pytest.mark.parametrize("old", ["e5", "tbl-name-corrections", "tbl-name-corrections-mike-porter"])
def test_anchors_moved_off_the_editorial_notes_still_resolve_there(build, old):
    """Published as /editorial-notes/#… before the corrections got their own pages (links.lock)."""
    assert build.html("editorial-notes/").find(id=old) is not None


def test_lock_file_holds_every_published_address_of_the_site(build):
    locked = {link for _, link in read_lock((ROOT / "links.lock").read_text(encoding="utf-8"))}
    new = sorted(set(published_links(build.site)) - locked)
    assert new == [], f"addresses not yet in links.lock (run `make links-lock` and commit it): {new}"
    assert len(locked) >= 180


def test_every_locked_address_resolves_in_the_built_site(build):
    problems = broken_locked_links((ROOT / "links.lock").read_text(encoding="utf-8"), build.site)
    assert problems == []
