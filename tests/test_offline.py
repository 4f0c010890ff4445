"""``make offline``: a zip of the site for courses without reliable internet. Unzipped, it works
from ``file://`` in Chromium: navigation, search (Material's offline plugin) and the print page,
with no request to any host."""

from __future__ import annotations

import os
import shutil
import zipfile
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, make_build, project_copy
from test_browser import search

FOLDER = "industrial-clusters-review"  # the one folder inside the zip (Makefile)


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """``make offline`` run in a project copy, its zip unzipped; the site folder."""
    tmp = tmp_path_factory.mktemp("offline")
    project = project_copy(tmp)
    for part in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / part, project / part)
        os.utime(project / part, (0, 0))  # older than node_modules: make must not run npm ci here
    os.symlink(ROOT / "node_modules", project / "node_modules")  # installed by `make test` (npm ci)
    archive = tmp / "offline.zip"
    result = make_build(project, "offline", f"OFFLINE_ZIP={archive}", "SITE_URL=https://example.org/clusters/")
    assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(archive) as opened:
        assert {name.split("/")[0] for name in opened.namelist()} == {FOLDER}
        opened.extractall(tmp / "unzipped")
    return tmp / "unzipped" / FOLDER


def test_offline_copy_has_every_page_as_a_file_and_the_search_index_as_a_script(offline_site, nav_pages):
    for source in [*nav_pages, "print.md"]:
        assert (offline_site / source.replace(".md", ".html")).is_file(), source
    assert (offline_site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index =")
    growth = (offline_site / "growth.html").read_text(encoding="utf-8")
    assert '<script src="javascripts/iframe-worker/shim.js"></script>' in growth
    assert "unpkg.com" not in growth


def test_offline_copy_navigates_and_searches_from_file_urls_without_the_network(offline_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto((offline_site / "index.html").as_uri())
    tab.locator(".md-nav--primary a", has_text="Clusters and Economic Growth").first.click()
    tab.wait_for_url("**/growth.html")
    assert tab.locator("article h1").inner_text() == "Clusters and Economic Growth"
    results = search(tab, "Krugman")
    hrefs = results.evaluate_all("links => links.map(link => link.href)")
    assert (offline_site / "mechanisms.html").as_uri() + "?h=krugman#krugman-core-periphery" in hrefs
    tab.locator("a.md-search-result__link[href*='#krugman-core-periphery']").first.click()
    tab.wait_for_url("**/mechanisms.html?h=krugman#krugman-core-periphery")
    tab.goto((offline_site / "print.html").as_uri())
    assert tab.locator("section.print-view__page").count() >= 10
    assert any(url.endswith("/search/search_index.js") for url in requests)
    assert [url for url in requests if urlsplit(url).scheme not in ("file", "data", "blob")] == []
    context.close()


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("Losch", "mechanisms.html#agglomeration-economies"),
        ("Caniëls", "innovation.html#learning-capabilities"),
        ("what is a cluster", "glossary.html#term-cluster"),
    ],
)
def test_offline_search_ignores_accents_and_ranks_the_chapter_first(offline_site, browser, query, target):
    from test_search import ranked_results

    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    groups = ranked_results(tab, (offline_site / "index.html").as_uri(), query)
    context.close()
    assert groups and target == groups[0][1], f"{query!r} from file://: {groups[:3]}"
