"""What an instructor gets on every page: copy-link and cite buttons, "Cite this page",
citation_* meta tags, page dates (built HTML here; clicking in Chromium below)."""

from __future__ import annotations

import re


from conftest import ROOT, page_url


GENERATED = ("links.md",)  # the link index: its page headings are generated, its items have copy buttons


def test_every_heading_and_caption_has_a_copy_link_button_with_its_absolute_url(build, nav_pages):
    buttons = 0
    for source in [source for source in nav_pages if source not in GENERATED]:
        article = build.html(page_url(source)).select_one("article")
        for element in article.select("h2[id], h3[id], caption, figcaption"):
            anchor = element.get("id") or element.find_parent(["table", "figure"]).get("id")
            button = element.select_one("button.copy-link")
            assert button is not None, (source, anchor)
            assert button["data-clipboard-text"] == f"http://127.0.0.1:8000/{page_url(source)}#{anchor}"
            assert button["aria-label"].startswith("Copy link to “")
            assert element.select_one("a.headerlink")["href"] == f"#{anchor}"  # the ¶ permalink still works
            buttons += 1
    assert buttons > 100


def test_every_section_has_a_cite_button_whose_citation_is_in_the_pages_script(build, nav_pages):
    """The dialogs' data is a script per page (loaded by cite.js on the first click), not page weight."""
    import json
    from urllib.parse import urljoin

    for source in [source for source in nav_pages if source not in GENERATED]:
        soup = build.html(page_url(source))
        assert not soup.select("article script[type='application/json']"), source
        src = soup.find(id="section-citations")["data-src"]
        script = build.site / urljoin("/" + page_url(source), src).lstrip("/")
        prefix, _, data = script.read_text(encoding="utf-8").partition(" = ")
        assert prefix == "window.reviewSectionCitations", script
        data = json.loads(data.rstrip().removesuffix(";"))
        for heading in soup.select("article h2[id], article h3[id]"):
            if heading["id"] == "references":
                continue
            button = heading.select_one("button.cite-section")
            assert button is not None, (source, heading["id"])
            formats = data[button["data-cite"]]
            assert heading["id"] in formats and "Chicago author–date" in formats and "RIS" in formats


def test_cite_this_page_gives_chicago_apa_bibtex_and_ris(build):
    panel = build.html("growth/").select_one("details#cite-this-page")
    labels = [dt.get_text() for dt in panel.select("dt")]
    assert labels == ["Chicago author–date", "APA 7th edition", "BibTeX", "RIS"]
    chicago, apa, bibtex, ris = [dd for dd in panel.select("dd")]
    assert re.match(
        r"Industrial Clusters: A Research Review\. \d{4}\. “Clusters and Economic Growth\.” Version 1\.0\. ",
        chicago.p.get_text(),
    )
    assert re.match(
        r"Clusters and economic growth\. \(\d{4}, \w+ \d+\)\. Industrial Clusters: A Research Review\. http",
        apa.p.get_text(),
    )  # sentence case, the site named once, no invented author
    assert "@online{page-growth," in bibtex.get_text() and "url = {http://127.0.0.1:8000/growth/}" in bibtex.get_text()
    assert "TY  - ELEC" in ris.get_text() and "UR  - http://127.0.0.1:8000/growth/" in ris.get_text()
    for dd in (chicago, apa, bibtex, ris):
        copy = dd.select_one("button.cite-copy")
        assert dd.find(id=copy["data-copy-target"]) is not None


def test_scholarly_meta_tags_on_every_page(build, nav_pages):
    for source in nav_pages:
        head = build.html(page_url(source)).head
        meta = {}
        for tag in head.find_all("meta", attrs={"name": re.compile("^citation_")}):
            meta.setdefault(tag["name"], []).append(tag["content"])
        title = head.find("meta", attrs={"name": "citation_title"})["content"]
        h1 = build.html(page_url(source)).select_one("article h1").get_text()
        assert h1.lower().startswith(title.lower()), source  # in sentence case, as Zotero stores titles
        assert "citation_author" not in meta, source  # the site names no person (Zotero would invent one)
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", meta["citation_publication_date"][0])
        assert meta["citation_public_url"] == [f"http://127.0.0.1:8000/{page_url(source)}"]
    growth = build.html("growth/").head
    references = [tag["content"] for tag in growth.find_all("meta", attrs={"name": "citation_reference"})]
    cited = {link["data-cite"] for link in build.html("growth/").select("article a.citation")}
    assert len(references) == len(cited)
    assert any(
        r.startswith("citation_title=Growth and agglomeration; citation_author=Martin, Philippe;")
        and "citation_doi=10.1111/1468-2354.00141" in r
        for r in references
    )


def test_pages_show_when_they_were_first_published_and_last_revised(build, nav_pages):
    """With full git history every page shows its dates; a shallow clone (CI may make one)
    shows none rather than the date of its one commit."""
    import subprocess

    shallow = (
        subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"], capture_output=True, text=True
        ).stdout.strip()
        == "true"
    )
    for source in nav_pages:
        dates = build.html(page_url(source)).select_one("article p.page-dates")
        if shallow:
            assert dates is None, source
            continue
        assert dates is not None, source
        first, last = [time["datetime"] for time in dates.find_all("time")]
        assert first <= last


def test_without_git_history_no_dates_are_shown_rather_than_wrong_ones(tmp_path):
    """A copy outside git stands for any history-less checkout; shallow clones give no history
    either (``git_dates`` returns nothing for them, see test_cite.py)."""
    from conftest import project_copy, run_build

    result = run_build(project_copy(tmp_path), tmp_path / "site")
    assert result.returncode == 0, result.log
    assert result.html("growth/").select_one("p.page-dates") is None
    assert result.html("growth/").select_one("details#cite-this-page") is not None


# Terms the review uses (issue 14 replaced four it does not use: localisation and urbanisation
# economies, innovative milieu and core-periphery model; their ids are anchor aliases now).
GLOSSARY_TERMS = [
    "agglomeration-economies",
    "external-economies",
    "pecuniary-externalities",
    "technological-externalities",
    "industrial-district",
    "hub-and-spoke-cluster",
    "satellite-cluster",
    "innovative-environment",
    "absorptive-capacity",
    "value-chain",
    "national-innovation-system",
    "increasing-returns",
    "circular-cumulative-causation",
    "two-region-model",
    "transaction-costs",
]


def test_glossary_defines_the_key_terms_each_with_a_citation_and_a_link(build):
    article = build.html("glossary/").select_one("article")
    terms = {dt["id"].removeprefix("term-"): dt for dt in article.select("dt[id^='term-']")}
    missing = [term for term in GLOSSARY_TERMS if not any(key.startswith(term) for key in terms)]
    assert missing == []
    for key, dt in terms.items():
        definition = dt.find_next_sibling("dd")
        assert definition.select("sup[id^='fnref'], a[href*='references/#ref-']"), f"{key}: no citation"
        assert definition.select("a[href*='/#']"), f"{key}: no link to a section"
    names = [dt.get_text(" ", strip=True).lower() for dt in terms.values()]
    assert names == sorted(names, key=lambda n: n.replace("-", " ").replace("–", " ")), "not alphabetical"


def test_abbreviations_are_explained_and_focusable_on_every_page(build, nav_pages):
    seen = set()
    for source in nav_pages:
        for abbr in build.html(page_url(source)).select("article abbr"):
            inside = abbr.find_parent(["a", "button", "summary"]) is not None
            assert abbr.get("title") and (abbr.get("tabindex") == "0") != inside, (source, str(abbr))
            seen.add(abbr.get_text())
    assert {"OECD", "SME", "UNCTAD", "R&D", "ICT"} <= seen


def test_link_index_lists_every_page_section_table_and_figure_with_a_working_copy_button(build, nav_pages):
    from review_site.links import published_links

    index = build.html("links/").select_one("article")
    items = index.select("ul.link-index li")
    urls = [li.select_one("code.link-index__url").get_text() for li in items]
    assert len(urls) == len(set(urls))
    for li in items:
        href = li.a["href"]
        assert li.select_one("button.copy-link")["data-clipboard-text"] == li.select_one("code").get_text()
        assert li.select_one("code").get_text().endswith(href.removeprefix("../"))
    published = set(published_links(build.site))
    locked_kinds = [url.removeprefix("http://127.0.0.1:8000") for url in urls]
    assert set(locked_kinds) <= published, "the link index lists an address the site does not publish"
    for source in [s for s in nav_pages if s != "links.md"]:
        page = build.html(page_url(source)).select_one("article")
        for element in page.select("h2[id], h3[id], table[id], figure[id]"):
            address = f"/{page_url(source)}#{element['id']}"
            assert address in locked_kinds, f"link index misses {address}"
    assert len(items) > 120


def test_link_index_is_not_in_the_search_index(search_index):
    assert not [doc for doc in search_index["docs"] if doc["location"].startswith("links/")]
