"""What a reader gets at phone (390 × 844) and laptop (1366 × 768) sizes in Chromium (issue 13):
no sideways scrolling of the page, whole captions, tap targets of at least 24 × 24 CSS px,
legible map and timeline, citation popovers by mouse, keyboard and touch, and the visible bugs
of the old site (sort hints on screen and in print, the ¶ in the cite dialog, sorted typologies).

Each page × size is its own test, so ``pytest -n`` spreads them over the workers.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, _nav_sources, _PermissiveLoader, page_url

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
PAGES = _nav_sources(yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PermissiveLoader)["nav"])


@pytest.fixture(scope="module", params=list(SIZES))
def sized(request, browser):
    """A browser context of one size; the phone one has touch, like a phone."""
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=SIZES[request.param], has_touch=phone, is_mobile=phone, device_scale_factor=1
    )
    context.size = request.param
    yield context
    context.close()


@pytest.fixture
def tab(sized):
    page = sized.new_page()
    page.size = sized.size
    yield page
    page.close()


#: Interactive elements that are not inline in a sentence or list (WCAG 2.5.8's inline exception),
#: visible, and smaller than 24 × 24 CSS px: "what (w × h)".
SMALL_TARGETS = """() => {
  const out = [];
  /* WCAG 2.5.8 inline exception: a link (or abbreviation) inside a sentence, e.g. citations and
     correction marks; buttons are never exempt. */
  const inline = el => ['inline', 'inline-block'].includes(getComputedStyle(el).display) && !el.matches('button')
      && el.closest('p, li, dd, dt, td, th, .csl-entry, caption, figcaption, blockquote, .md-copyright');
  for (const el of document.querySelectorAll('a[href], button, input, select, summary, label[for], [tabindex="0"]')) {
    if (el.closest('[hidden], .md-search, .md-sidebar--secondary')) continue;
    if (el.closest('.md-sidebar--primary') && innerWidth < 1220 && !document.querySelector('#__drawer:checked')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || style.pointerEvents === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || inline(el)) continue;
    if (el.classList.contains('md-skip') || el.closest('.md-typeset__scrollwrap') && r.right < 0) continue;
    if (r.width < 23.5 || r.height < 23.5) out.push(`${el.tagName.toLowerCase()}.${String(el.className.baseVal ?? el.className).split(' ')[0]} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" (${r.width.toFixed(1)} × ${r.height.toFixed(1)})`);
  }
  return out;
}"""


@pytest.mark.parametrize("source", PAGES)
def test_page_fits_the_screen_with_whole_captions_and_large_targets(tab, site_url, source):
    tab.goto(site_url + page_url(source))
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/{page_url(source)} at {tab.size}: the page scrolls sideways by {overflow} px"
    captions = tab.evaluate("""() => [...document.querySelectorAll('article caption, article figcaption')].map(c => {
        const r = c.getBoundingClientRect();
        return [c.textContent.slice(0, 40), r.left, r.right, c.scrollWidth - c.clientWidth, document.documentElement.clientWidth]; })""")
    for text, left, right, clipped, width in captions:
        assert left >= 0 and right <= width + 0.5 and clipped <= 0, (
            f"{text!r} at {tab.size} is cut: {left}–{right} of {width}"
        )
    small = tab.evaluate(SMALL_TARGETS)
    assert small == [], f"/{page_url(source)} at {tab.size}: targets under 24 × 24 px: {small[:8]}"


@pytest.mark.parametrize(
    "source, figure", [("places.md", "fig-places-map"), ("timeline.md", "fig-literature-timeline")]
)
def test_map_and_timeline_labels_are_at_least_12_px_and_every_point_named(tab, site_url, source, figure):
    tab.goto(site_url + page_url(source))
    sizes = tab.evaluate(
        """id => {
        const svg = document.querySelector('#' + id + ' svg');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const texts = [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().height > 0);
        const links = [...svg.querySelectorAll('a')];
        return {fonts: texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale),
                unnamed: links.filter(a => !(a.querySelector('title') || {}).textContent).length,
                links: links.length,
                targets: links.map(a => Math.min(a.getBoundingClientRect().width, a.getBoundingClientRect().height))}; }""",
        figure,
    )
    assert sizes["links"] >= 20 and sizes["unnamed"] == 0
    assert min(sizes["fonts"]) >= 11.9, f"{figure} at {tab.size}: smallest label {min(sizes['fonts']):.1f} px"
    assert min(sizes["targets"]) >= 23.5, f"{figure} at {tab.size}: smallest target {min(sizes['targets']):.1f} px"


def test_every_timeline_work_is_listed_below_the_figure(tab, site_url):
    tab.goto(site_url + "timeline/")
    points = tab.evaluate("[...document.querySelectorAll('.timeline-svg a')].map(a => a.getAttribute('href')).sort()")
    listed = tab.evaluate(
        "[...document.querySelectorAll('ul.timeline-list a')].map(a => a.getAttribute('href')).sort()"
    )
    assert listed == points and len(points) >= 50


def _popover(tab):
    return tab.locator("#citation-popover")


def _first_citation(tab):
    citation = tab.locator("article p a.citation").first
    key = citation.get_attribute("data-cite")
    expected = tab.locator(f".page-references .csl-entry[data-cite='{key}']").inner_text().strip()
    return citation, expected


def test_citation_popover_by_mouse_and_keyboard_and_esc_dismisses_it(tab, site_url):
    tab.goto(site_url + "growth/")
    citation, expected = _first_citation(tab)
    if tab.size == "laptop":
        citation.hover()
        _popover(tab).wait_for(state="visible")
        assert expected[:50] in _popover(tab).inner_text()
        tab.keyboard.press("Escape")
        _popover(tab).wait_for(state="hidden")
        tab.mouse.move(0, 0)
    citation.focus()
    _popover(tab).wait_for(state="visible")
    assert expected[:50] in _popover(tab).inner_text()
    assert citation.get_attribute("aria-describedby") == "citation-popover"
    box, popover = citation.bounding_box(), _popover(tab).bounding_box()
    width = tab.viewport_size["width"]
    assert popover["x"] >= 0 and popover["x"] + popover["width"] <= width, "the popover leaves the screen"
    assert box is not None
    tab.keyboard.press("Escape")
    _popover(tab).wait_for(state="hidden")
    assert tab.evaluate("document.activeElement.classList.contains('citation')"), "Esc moved the focus"


def test_citation_popover_by_touch_first_tap_shows_second_follows(browser, site_url):
    context = browser.new_context(viewport=SIZES["phone"], has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + "growth/")
    citation, expected = _first_citation(tab)
    citation.tap()
    _popover(tab).wait_for(state="visible")
    assert expected[:50] in _popover(tab).inner_text()
    assert tab.url.endswith("/growth/"), "the first tap followed the link"
    tab.locator("article h1").tap()
    _popover(tab).wait_for(state="hidden")
    citation.tap()
    _popover(tab).wait_for(state="visible")
    citation.tap()
    tab.wait_for_url("**/references/#ref-*")
    context.close()


def test_esc_dismisses_an_abbreviation_tooltip(tab, site_url):
    """WCAG 1.4.13: a tooltip shown on hover or focus can be dismissed without moving away."""
    tab.goto(site_url + "growth/")
    abbr = tab.locator("article abbr").first
    abbr.focus()
    tooltip = tab.locator(".md-tooltip2--active").first
    tooltip.wait_for(state="visible")
    tab.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")


def test_sort_hint_and_copy_status_are_visually_hidden_on_screen_and_in_print(tab, site_url):
    """Issue 13: ``md-visually-hidden`` was defined nowhere, so "(sort)" showed in every sortable
    header and "Citation copied to the clipboard" below the footer."""
    tab.goto(site_url + "policy/")
    hint = tab.locator("#tbl-empirical-studies th .md-visually-hidden").first
    assert hint.text_content() == " (sort)"
    for media in ("screen", "print"):
        tab.emulate_media(media=media)
        size = hint.evaluate("e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]")
        assert size[0] <= 1 and size[1] <= 1, f"the sort hint shows in {media}: {size}"
    tab.emulate_media(media="screen")
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.locator("#cite-this-page > summary").click()
    tab.locator("#cite-this-page .cite-copy").first.click()
    status = tab.locator("body > [role=status].md-visually-hidden")
    status.wait_for(state="attached")
    assert "copied" in status.text_content().lower() or "selected" in status.text_content().lower()
    assert status.evaluate("e => e.getBoundingClientRect().height") <= 1


def test_cite_dialog_names_the_section_without_the_pilcrow(tab, site_url):
    tab.goto(site_url + "growth/")
    button = tab.locator("article h2 .cite-section").first
    heading = button.evaluate("b => b.closest('h2').firstChild.textContent.trim()")
    button.focus()
    tab.keyboard.press("Enter")
    subtitle = tab.locator(".cite-dialog__section")
    subtitle.wait_for(state="visible")
    assert subtitle.inner_text() == heading and not subtitle.inner_text().endswith("¶")


def test_typology_tables_are_not_sortable_and_record_tables_are(tab, site_url):
    tab.goto(site_url + "definitions/")
    for table in ("tbl-district-typology", "tbl-mytelka-farinelli-types"):
        assert tab.locator(f"#{table} .sort-button").count() == 0, f"{table} can be sorted into nonsense"
    tab.goto(site_url + "policy/")
    buttons = tab.locator("#tbl-empirical-studies .sort-button")
    assert buttons.count() == 5
    buttons.nth(1).click()  # Country
    countries = tab.evaluate(
        "[...document.querySelectorAll('#tbl-empirical-studies tbody tr')].map(r => r.cells[1].textContent.trim())"
    )
    assert countries == sorted(countries, key=str.casefold)


def test_copy_link_buttons_on_rows_terms_and_entries_copy_their_address(tab, site_url):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    for url, selector, fragment in [
        ("policy/", "tr#tbl-empirical-studies-sialkot .item-link", "#tbl-empirical-studies-sialkot"),
        ("glossary/", "dt[id^='term-'] .item-link", "#term-"),
        ("references/", "#ref-porter1998clusters .item-link", "#ref-porter1998clusters"),
    ]:
        tab.goto(site_url + url)
        button = tab.locator(selector).first
        button.focus()
        tab.keyboard.press("Enter")
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert fragment in copied and copied.startswith("http"), (url, copied)


def test_link_index_filter_narrows_the_list(tab, site_url):
    tab.goto(site_url + "links/")
    items = tab.locator("ul.link-index > li")
    total = items.count()
    tab.locator("#link-index-filter").fill("Sialkot")
    shown = tab.evaluate("[...document.querySelectorAll('ul.link-index > li')].filter(li => !li.hidden).length")
    assert 0 < shown < total / 20
    assert "Sialkot" in tab.locator("ul.link-index > li:not([hidden])").first.inner_text()
