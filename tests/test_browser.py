"""What a reader gets in a real browser: search, citation tooltips, deep links, palette, figures,
the 404 page, and no request to any host but the site's own.

Chromium is driven by Playwright against the built site served on 127.0.0.1 (fixtures
``browser`` and ``site_url`` in ``conftest.py``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import page_url, recording_tab

#: (query, section a result must lead to): an author, a place and a concept.
SEARCHES = [
    ("Krugman", "mechanisms/#krugman-core-periphery"),
    ("Tuttlingen", "policy/#tuttlingen-sialkot"),
    ("externalities", "mechanisms/#marshall-externalities"),
]


@pytest.fixture
def page(browser, site_url):
    """A fresh browser tab whose every request is recorded in ``page.requests``."""
    with recording_tab(browser, 1280, 800) as tab:
        yield tab


def foreign(requests: list[str], site_url: str) -> list[str]:
    """The requested URLs that go to any host but the local site (data: and blob: are local)."""
    return [url for url in requests if not url.startswith(site_url) and urlsplit(url).scheme not in ("data", "blob")]


def search(page, query: str):
    """Type ``query`` into Material's search box and wait for the result list."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() alone sends none
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__link")


def in_viewport(page, element_id: str) -> dict:
    """Where the element with ``element_id`` is: its top (CSS px), the viewport height, the scroll."""
    return page.evaluate(
        """id => { const e = document.getElementById(id); if (!e) return null;
                   return {top: e.getBoundingClientRect().top, height: innerHeight, scroll: scrollY}; }""",
        element_id,
    )


def assert_scrolled_to(page, element_id: str) -> None:
    page.wait_for_function("id => document.getElementById(id) && scrollY > 0", arg=element_id)
    where = in_viewport(page, element_id)
    assert where is not None, f"no element #{element_id} on {page.url}"
    assert 0 <= where["top"] < where["height"] / 3, f"#{element_id} is not at the top of the view: {where}"


@pytest.mark.parametrize(("query", "target"), SEARCHES)
def test_search_result_lands_on_the_section_with_the_term_highlighted(page, site_url, query, target):
    page.goto(site_url)
    links = search(page, query)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    wanted = [
        i
        for i, href in enumerate(hrefs)
        if urlsplit(href).path.endswith("/" + target.split("#")[0]) and urlsplit(href).fragment == target.split("#")[1]
    ]
    assert wanted, f"searching {query!r} offers no link to {target}: {hrefs}"
    link = links.nth(wanted[0])
    if not link.is_visible():  # a section behind Material's "N more on this page": open it, as a reader would
        link.evaluate("a => { const more = a.closest('details'); if (more) more.open = true; }")
    link.click()
    path, fragment = target.split("#")
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + path) and urlsplit(url).fragment == fragment)
    assert f"h={query.lower()}" in page.url.lower(), page.url
    assert_scrolled_to(page, fragment)
    marks = page.locator("article mark[data-md-highlight]")
    assert marks.count() > 0, f"{query!r} is not highlighted on {page.url}"
    assert query.lower() in marks.first.inner_text().lower()
    assert foreign(page.requests, site_url) == []


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_citation_shows_the_formatted_reference(page, site_url, how):
    page.goto(site_url + "growth/")
    citation = page.locator("article a.citation").first
    key = citation.get_attribute("data-cite")
    expected = page.locator(f".page-references .csl-entry[data-cite='{key}']").inner_text().strip()
    getattr(citation, how)()
    popover = page.locator("#citation-popover")
    popover.wait_for(state="visible")
    assert expected[:60] in popover.inner_text(), f"popover on {how} shows {popover.inner_text()!r}"


@pytest.mark.parametrize(
    "target",
    [
        "policy/#tuttlingen-sialkot",
        "definitions/#tbl-district-typology",
        "references/#ref-porter1998clusters",
        "corrected-citations/#e15",
    ],
)
def test_deep_link_opens_scrolled_to_its_section(page, site_url, target):
    page.goto(site_url + target)
    assert_scrolled_to(page, target.split("#")[1])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("editorial-notes/#e5", "corrected-claims/#e5"),
        ("editorial-notes/#tbl-name-corrections-mike-porter", "corrected-citations/#tbl-name-corrections-mike-porter"),
    ],
)
def test_old_link_to_a_moved_section_lands_on_its_new_page(page, site_url, old, new):
    page.goto(site_url + old)
    page.wait_for_url(site_url + new)
    assert_scrolled_to(page, new.split("#")[1])


def test_deep_link_followed_inside_the_site_lands_on_its_section(page, site_url):
    page.goto(site_url + "corrected-claims/")
    page.locator("article a[href$='policy/#tuttlingen-sialkot']").first.click()
    page.wait_for_url("**/policy/#tuttlingen-sialkot")
    assert_scrolled_to(page, "tuttlingen-sialkot")


def test_palette_toggle_switches_scheme_and_persists_across_pages(page, site_url):
    page.goto(site_url)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function(f"{scheme} === 'slate'")
    page.locator(".md-nav__link[href$='definitions/']").first.click()
    page.wait_for_url("**/definitions/")
    assert page.evaluate(scheme) == "slate", "dark scheme lost after navigating"
    page.reload()
    assert page.evaluate(scheme) == "slate", "dark scheme lost after reloading"
    page.locator("label[for='__palette_0']").click()
    page.wait_for_function(f"{scheme} === 'default'")


def test_figures_render_without_the_network(page, site_url, build, nav_pages):
    figures = 0
    for source in nav_pages:
        page.goto(site_url + page_url(source))
        for image in page.locator("article figure img").all():
            image.scroll_into_view_if_needed()
            size = image.evaluate(
                "i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width, i.getBoundingClientRect().height]"
            )
            assert size[0] and size[1] > 0 and size[2] > 0 and size[3] > 0, f"{source}: figure not drawn {size}"
            figures += 1
    assert figures >= 1
    assert foreign(page.requests, site_url) == []


def test_pages_and_search_make_no_request_to_other_hosts(page, site_url, nav_pages):
    """Every page open in its own tab until the network is idle (the tabs wait together), then a search."""
    requests = []  # every tab's (the context's), besides page.requests
    page.context.on("request", lambda request: requests.append(request.url))
    tabs = [page.context.new_page() for _ in nav_pages]
    for tab, source in zip(tabs, nav_pages, strict=True):
        tab.goto(site_url + page_url(source))
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
    assert len({url for url in requests if url.endswith("/")}) >= len(nav_pages)
    page.goto(site_url)
    search(page, "cluster")
    page.wait_for_load_state("networkidle")
    assert any("search_index.json" in url or "search" in url for url in page.requests)
    assert foreign(requests, site_url) == []


def test_404_page_is_styled_and_its_links_work(page, site_url, nav_pages):
    response = page.goto(site_url + "no/such/page/")
    assert response.status == 404
    assert page.locator("link[rel=stylesheet][href*='main']").count() == 1
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "404 page is unstyled"
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    here = site_url + "no/such/page/"
    local = sorted(
        {href.split("#")[0] for href in hrefs if href.startswith(site_url) and not href.startswith(here)}
    )  # not search's share link
    assert len(local) >= 10, local
    assert page.locator("article h1").inner_text() == "Page not found"
    assert page.locator("article li a").count() == len(nav_pages), "the 404 page should list every page"
    for href in local:
        assert page.request.get(href).status == 200, f"404 page links to {href}, which is missing"
    assert foreign(page.requests, site_url) == []


@pytest.fixture
def clipboard_page(browser, site_url):
    """A tab allowed to read and write the clipboard."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, permissions=["clipboard-read", "clipboard-write"]
    )
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_copy_link_copies_the_permanent_url_and_confirms(clipboard_page, site_url, how):
    page = clipboard_page
    page.goto(site_url + "growth/")
    button = page.locator("h2#growth-and-agglomeration button.copy-link")
    if how == "click":
        page.locator("h2#growth-and-agglomeration").hover()
        button.click()
    else:
        button.focus()
        assert button.evaluate("b => getComputedStyle(b).opacity") == "1", "focused button is invisible"
        page.keyboard.press("Enter")
    notice = page.locator(".md-dialog__inner")
    notice.wait_for(state="visible")
    assert "Copied" in notice.inner_text()
    assert notice.get_attribute("role") == "status"
    assert page.evaluate("navigator.clipboard.readText()") == "http://127.0.0.1:8000/growth/#growth-and-agglomeration"
    assert page.locator("h2#growth-and-agglomeration a.headerlink").get_attribute("href") == "#growth-and-agglomeration"


def test_cite_this_section_opens_a_dialog_with_its_citation_and_copies_it(clipboard_page, site_url):
    page = clipboard_page
    page.goto(site_url + "policy/")
    opener = page.locator("h2#tuttlingen-sialkot button.cite-section")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.cite-dialog")
    dialog.wait_for(state="visible")
    text = dialog.inner_text()
    assert "Cite this section" in text
    assert "Policy and empirical studies: " in text and "http://127.0.0.1:8000/policy/#tuttlingen-sialkot" in text
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    assert f"urldate = {{{today}}}" in text and f"Y2  - {today.replace('-', '/')}" in text, "access date is not today"
    copy = dialog.locator("button.cite-copy").first
    copy.click()
    copy.page.wait_for_function(
        "b => b.textContent === 'Copied'", arg=copy.element_handle()
    )  # after the clipboard's promise
    assert page.evaluate("navigator.clipboard.readText()").startswith("Industrial Clusters: A Research Review. ")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.cite") == "page-policy-tuttlingen-sialkot"


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_abbreviations_show_their_expansion(page, site_url, how):
    page.goto(site_url + "policy/")
    abbr = page.locator("article abbr", has_text="OECD").first
    getattr(abbr, how)()
    tooltip = page.locator(".md-tooltip--active, .md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert "Organisation for Economic Co-operation and Development" in tooltip.inner_text()


def test_sortable_table_sorts_by_keyboard_and_reads_without_javascript(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    plain = context.new_page()
    plain.goto(site_url + "policy/")
    assert plain.locator("#tbl-empirical-studies tbody tr").count() >= 5
    assert plain.locator("#tbl-empirical-studies .sort-button").count() == 0
    context.close()


def test_sortable_table_sorts_by_keyboard(page, site_url):
    page.goto(site_url + "policy/")
    first_column = (
        "[...document.querySelectorAll('#tbl-empirical-studies tbody tr')].map(r => r.cells[0].textContent.trim())"
    )
    before = page.evaluate(first_column)
    button = page.locator("#tbl-empirical-studies thead th").first.locator("button.sort-button")
    button.focus()
    page.keyboard.press("Enter")
    ascending = page.evaluate(first_column)
    assert ascending == sorted(before, key=str.casefold)
    assert page.locator("#tbl-empirical-studies thead th").first.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert page.evaluate(first_column) == list(reversed(ascending))
    assert page.locator("#tbl-empirical-studies thead th").first.get_attribute("aria-sort") == "descending"


def test_row_anchor_scrolls_to_and_highlights_the_row(page, site_url):
    page.goto(site_url + "policy/#tbl-empirical-studies-sialkot")
    assert_scrolled_to(page, "tbl-empirical-studies-sialkot")
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('#tbl-empirical-studies-sialkot > td')).backgroundColor"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), "target row is not highlighted"


@pytest.mark.parametrize(("url", "figure"), [("places/", "fig-places-map"), ("timeline/", "fig-literature-timeline")])
def test_generated_diagrams_render_and_link(page, site_url, url, figure):
    page.goto(site_url + url)
    box = page.locator(f"#{figure} svg").first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert page.locator(f"#{figure} svg a").count() >= 20
    assert foreign(page.requests, site_url) == []


LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const entry of list.getEntries()) window.__shifts.push({
  value: entry.value, sources: (entry.sources || []).map(s => s.node ? s.node.nodeName + "#" + (s.node.id || "") : "?")
}); }).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("path", ["places/", "policy/", "glossary/", "corrected-citations/"])
def test_pages_do_not_shift_while_loading(browser, site_url, path):
    """Cumulative layout shift stays below 0.01 (Core Web Vitals call 0.1 "good"): the scripts
    that enhance tables and citations must not move what the reader already sees."""
    page = browser.new_page(viewport={"width": 1350, "height": 940})
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    shifts = page.evaluate("window.__shifts")
    page.close()
    assert sum(shift["value"] for shift in shifts) < 0.01, shifts


def test_cite_this_page_gives_the_readers_date_as_access_date(browser, site_url):
    page = browser.new_page()
    page.clock.install(time="2031-05-06T10:00:00")
    page.goto(site_url + "growth/")
    page.locator("#cite-this-page summary").click()
    page.wait_for_function(
        "document.querySelector('#cite-this-page').textContent.includes('2031-05-06')", timeout=5000
    )  # the toggle event comes after the click
    text = page.locator("#cite-this-page").inner_text()
    page.close()
    assert "urldate = {2031-05-06}" in text and "Y2  - 2031/05/06" in text, text
