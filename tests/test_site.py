"""The built site as a reader gets it: pages, headings, citations, tables, links, search."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml

from review_site.bibliography import bibtex_keys

from conftest import NO_NETWORK, ROOT, page_url

TABLE_1 = (
    "tbl-district-typology",
    ["Italianate industrial districts", "Satellite clusters", "Hub-and-spoke clusters"],
    ["Main features", "Main strengths", "Main weaknesses", "Typical development trajectories", "Policy intervention"],
)
TABLE_2 = (
    "tbl-mytelka-farinelli-types",
    ["Informal clusters", "Organised clusters", "Innovative clusters"],
    [
        "Examples",
        "Key actors' participation",
        "Firm size",
        "Innovation",
        "Trust",
        "Skills",
        "Technology",
        "Linkages",
        "Cooperation",
        "Competition",
        "Product innovation",
        "Exports",
    ],
)
TABLE_3 = ("tbl-analysis-levels", [], ["Macro", "Meso", "Micro"])


def front_matter(source: str) -> dict:
    text = (ROOT / "docs" / source).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_strict_build_has_no_warnings(build):
    assert not re.search(r"^(WARNING|ERROR)", build.log, re.MULTILINE), build.log


def test_every_nav_page_has_one_h1_equal_to_its_title_and_a_description(build, nav_pages):
    for source in nav_pages:
        soup = build.html(page_url(source))
        meta = front_matter(source)
        h1s = soup.select("article h1")
        assert len(h1s) == 1, source
        assert h1s[0].get_text(strip=True) == meta["title"], source
        assert soup.find("meta", attrs={"name": "description"})["content"] == meta["description"]
        assert len(meta["description"]) <= 160
        assert soup.title.get_text().startswith(meta["title"])


def test_every_heading_has_the_explicit_id_written_in_its_source(build, nav_pages):
    for source in [source for source in nav_pages if source != "links.md"]:  # the link index is generated
        text = (ROOT / "docs" / source).read_text(encoding="utf-8")
        declared = re.findall(r"^#{2,6} .*\{\s*#([a-z0-9-]+)\s*\}\s*$", text, re.MULTILINE)
        built = [h["id"] for h in build.html(page_url(source)).select("article h2, article h3, article h4")]
        extra = {"references"}  # the per-page reference list added by the hook
        assert [i for i in built if i not in extra] == declared, source


def test_citations_resolve_and_no_raw_syntax_survives(build, nav_pages):
    for source in nav_pages:
        soup = build.html(page_url(source))
        article = soup.select_one("article")
        text = article.get_text()
        assert "[@" not in text and "[-@" not in text, source
        assert "\\bibliography" not in text and "\\full_bibliography" not in text, source
        assert not re.search(r"\?\)|\*\*[a-z]+\d{4}", text), f"unresolved citation in {source}"
        for ref in article.select("a.footnote-ref"):
            target = ref["href"].lstrip("#")
            assert article.find(id=target) is not None, (source, target)
        for link in article.select("a.citation"):  # each citation's full reference is on the page
            assert article.select_one(f".page-references .csl-entry[data-cite='{link['data-cite']}']"), (source, link)


def test_citations_are_author_date_only_without_footnote_numbers(build, nav_pages):
    growth = build.html("growth/")
    link = growth.find("a", class_="citation", attrs={"data-cite": "martin2001growth"})
    assert "Martin and Ottaviano (2001)" in link.parent.get_text()  # the year links to the references page
    note = growth.select_one(".page-references .csl-entry[data-cite='martin2001growth']").get_text()
    assert "Martin, Philippe, and Gianmarco I. P. Ottaviano. 2001." in note
    assert "https://doi.org/10.1111/1468-2354.00141" in note
    for source in nav_pages:  # one mechanism: no footnote number beside any author-date citation
        article = build.html(page_url(source)).select_one("article")
        keys = {div["data-cite"] for div in article.select(".page-references .csl-entry")}
        for sup in article.select("sup[id^='fnref']"):
            assert sup["id"].split(":", 1)[1] not in keys, (source, str(sup.parent)[:200])
        assert not any(li["id"].removeprefix("fn:") in keys for li in article.select("div.footnote li[id]")), source


def test_each_page_lists_its_references_in_the_style_order(build, nav_pages):
    order = [div["id"].removeprefix("ref-") for div in build.html("references/").select("div.csl-entry")]
    checked = 0
    for source in nav_pages:
        listed = [div["data-cite"] for div in build.html(page_url(source)).select(".page-references .csl-entry")]
        assert listed == sorted(listed, key=order.index), source
        checked += len(listed) > 1
    assert checked >= 5


def test_every_citing_page_ends_with_its_reference_list(build, nav_pages):
    for source in nav_pages:
        article = build.html(page_url(source)).select_one("article")
        if article.select("a.citation"):
            heading = article.find("h2", id="references")
            assert heading is not None, source
            references = article.select_one("div.page-references")
            assert references is not None and heading.find_next("div", class_="page-references") is references


@pytest.mark.parametrize("anchor, columns, rows", [TABLE_1, TABLE_2, TABLE_3])
def test_source_tables_are_real_tables(build, anchor, columns, rows):
    tables = [soup.find("table", id=anchor) for _, soup in build.pages() if soup.find("table", id=anchor)]
    assert len(tables) == 1, anchor
    table = tables[0]
    assert re.match(r"Table \d+\. \S", table.caption.get_text()), anchor
    header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    for column in columns:
        assert column in header, (anchor, column, header)
    first_cells = [tr.find(["th", "td"]).get_text(" ", strip=True).replace("’", "'") for tr in table.select("tbody tr")]
    for row in rows:
        assert any(cell.startswith(row) for cell in first_cells), (anchor, row, first_cells)
    for tr in table.select("tbody tr"):
        assert len(tr.find_all(["td", "th"])) == len(header), (anchor, tr.get_text(" ", strip=True))


def test_new_comparison_tables_exist(build):
    tables = {table.get("id"): table for _, soup in build.pages() for table in soup.find_all("table")}
    assert {"tbl-agglomeration-theories", "tbl-empirical-studies"} <= set(tables)
    for anchor in ("tbl-agglomeration-theories", "tbl-empirical-studies"):
        cited = tables[anchor].select("tbody td a.citation")
        assert len(cited) >= 5, f"citations do not render in the cells of {anchor}"


def test_tables_and_figures_are_numbered_in_reading_order(build, nav_pages):
    seen = {"Table": [], "Figure": []}
    for source in nav_pages:
        soup = build.html(page_url(source))
        for caption in soup.select("article table > caption, article figure > figcaption"):
            kind, number = re.match(r"(Table|Figure) (\d+)\.", caption.get_text()).groups()
            seen[kind].append(int(number))
    assert seen["Table"] == list(range(1, len(seen["Table"]) + 1)) and len(seen["Table"]) >= 5
    assert seen["Figure"] == list(range(1, len(seen["Figure"]) + 1)) and len(seen["Figure"]) >= 3


def test_research_landscape_figure_is_a_local_svg_with_alt_text(build):
    figure = build.html("conclusions/").find("figure", id="fig-research-landscape")
    image = figure.find("img")
    assert image["alt"].strip() and image["src"].endswith(".svg") and not image["src"].startswith("http")
    svg = (build.site / "conclusions" / image["src"]).resolve()
    assert svg.is_file() and "<title" in svg.read_text(encoding="utf-8")


def _internal_targets(build):
    """Yield (page, href, target file, fragment) for every internal link of every built page."""
    for html_file, soup in build.pages():
        base = "/" + html_file.relative_to(build.site).as_posix()
        for element in soup.find_all(["a", "link", "img", "script"]):
            href = element.get("href") or element.get("src")
            if not href or urlparse(href).scheme or href.startswith("//"):
                continue
            url = urlparse(urljoin(base, href))
            path = unquote(url.path)
            target = build.site / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            yield html_file, href, target, url.fragment


def test_internal_links_and_anchors_resolve(build):
    broken = []
    ids_cache: dict[Path, set[str]] = {}
    for page, href, target, fragment in _internal_targets(build):
        if not target.exists():
            broken.append(f"{page.relative_to(build.site)}: {href} (no such file)")
            continue
        if fragment and target.suffix == ".html":
            if target not in ids_cache:
                ids_cache[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
            if unquote(fragment) not in ids_cache[target]:
                broken.append(f"{page.relative_to(build.site)}: {href} (no such anchor)")
    assert broken == []


def test_references_page_is_complete_sorted_and_has_no_dead_back_links(build):
    soup = build.html("references/")
    entries = soup.select("div.csl-entry")
    assert [e["id"] for e in entries] and {e["id"] for e in entries} == {
        f"ref-{k}" for k in bibtex_keys(ROOT / "bib/references.bib")
    }
    texts = [e.get_text(" ", strip=True) for e in entries]
    assert texts == sorted(texts, key=lambda t: t.casefold().replace("ö", "o").replace("ë", "e")), "not sorted"
    assert not soup.select('a[href^="#fnref"]')
    assert "Lösch, August. 1954." in soup.get_text()


def test_bib_file_is_downloadable_from_the_references_page(build):
    soup = build.html("references/")
    link = soup.find("a", href=re.compile(r"references\.bib$"))
    assert link is not None
    served = (build.site / "references" / link["href"]).resolve()
    # The source cleaned for biblatex/biber (review_site.exports.published_bib; tests/test_exports.py)
    from review_site.exports import published_bib

    assert served.read_text(encoding="utf-8") == published_bib(
        (ROOT / "bib" / "references.bib").read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    "term, location",
    [
        ("Marshall", "mechanisms/#marshall-externalities"),
        ("Meyer-Stamer", "innovation/#cooperation-innovation-environment"),
        ("Sialkot", "policy/#tuttlingen-sialkot"),
        ("Tuttlingen", "policy/#tuttlingen-sialkot"),
        ("agglomeration", "mechanisms/#agglomeration-economies"),
        ("Lösch", "mechanisms/#agglomeration-economies"),
    ],
)
def test_search_index_finds_authors_places_and_concepts(search_index, term, location):
    locations = [d["location"] for d in search_index["docs"] if term.lower() in (d["title"] + " " + d["text"]).lower()]
    assert location in locations, (term, locations[:10])


def test_no_third_party_requests_in_built_pages(build):
    """Nothing a page loads (scripts, styles, icons, images, fonts) comes from another host."""
    offenders = []
    for html_file, soup in build.pages():
        for element in soup.find_all(["script", "img", "iframe", "source", "link"]):
            if element.name == "link" and not {
                "stylesheet",
                "icon",
                "preload",
                "modulepreload",
                "manifest",
                "preconnect",
            } & set(element.get("rel", [])):
                continue
            url = element.get("src") or element.get("href") or ""
            if urlparse(url).netloc:
                offenders.append(f"{html_file.relative_to(build.site)}: {url}")
    for asset in build.site.rglob("*.css"):
        offenders += [
            f"{asset.name}: {m}"
            for m in re.findall(r"@import\s+url\((?:'|\")?https?://[^)]+", asset.read_text(encoding="utf-8"))
        ]
    assert offenders == []


def test_build_needs_no_network(build):
    """The session's build ran in a network namespace without network (``conftest.run_build``)."""
    assert build.offline, (
        "this machine cannot run `unshare --net --map-root-user`, so the build "
        "could not be shown to work offline; run the tests where it can (CI does)"
    )
    probe = subprocess.run(
        [*NO_NETWORK, sys.executable, "-c", "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"],
        capture_output=True,
        text=True,
    )
    assert probe.returncode != 0, "the namespace used for the offline build has network"


def _normalise(text: str) -> str:
    return " ".join(text.replace("↩", "").replace("\u00a0", " ").split())


def test_page_references_match_the_full_bibliography(build, nav_pages):
    """Year suffixes (Foss 1999a/b/c) and formatting agree between every page and the References page."""
    references = build.html("references/")
    for cited_in in references.select("div.cited-in"):
        cited_in.decompose()
    full = {div["id"].removeprefix("ref-"): _normalise(div.get_text()) for div in references.select("div.csl-entry")}
    for source in nav_pages:
        for item in build.html(page_url(source)).select(".page-references .csl-entry"):
            key = item["data-cite"]
            assert _normalise(item.get_text()) == full[key], (source, key)


def test_in_text_citations_link_to_their_entry_on_the_references_page(build, nav_pages):
    entries = {div["id"] for div in build.html("references/").select("div.csl-entry")}
    linked = 0
    for source in nav_pages:
        for link in build.html(page_url(source)).select("article a.citation"):
            key = link["data-cite"]
            assert link["href"] == f"../references/#ref-{key}", (source, key, str(link.parent)[:200])
            assert f"ref-{key}" in entries
            linked += 1
    assert linked > 100
    growth = build.html("growth/")
    assert "Martin and Ottaviano (" in growth.get_text()
    link = growth.find("a", href="../references/#ref-martin2001growth")
    assert link is not None and link.get_text() == "2001"


def test_every_cited_work_lists_the_sections_that_cite_it(build, nav_pages):
    references = build.html("references/")
    entry = references.find(id="ref-martin2001growth")
    links = {a["href"]: a.get_text() for a in entry.select("div.cited-in a")}
    assert links["../growth/#growth-and-agglomeration"].startswith("Clusters and Economic Growth › ")
    citing = {}
    for source in nav_pages:
        for link in build.html(page_url(source)).select("article a.citation"):
            citing.setdefault(link["data-cite"], set()).add(page_url(source))
    for key, pages in citing.items():
        listed = {
            a["href"].split("#")[0].removeprefix("../") for a in references.find(id=f"ref-{key}").select(".cited-in a")
        }
        assert pages <= listed, (key, pages, listed)


def test_name_particles_are_kept_in_citations(build, nav_pages):
    for source in nav_pages:
        text = build.html(page_url(source)).get_text(" ")
        assert "(Dijk and Nomaler" not in text and "Roelandt and Hertog" not in text, source
