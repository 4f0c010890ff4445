"""What a page tells link previews, search engines and Zotero, and the public-address guard.

Zotero's own reading of these tags is tested in ``tests/interop/test_web_metadata.py``
(``make interop``); here: the tags each built page carries, its preview image, its JSON-LD, the
COinS of the References page, and that a publishing build refuses the preview address.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from urllib.parse import parse_qs

import pytest
from PIL import Image

from conftest import ROOT, make_build, page_url, project_copy, run_build
from review_site.exports import plain_text
from review_site.metadata import address_problem, card_png, context_object, is_preview_address

BASE = "http://127.0.0.1:8000/"  # the preview address of the session build (no SITE_URL)
SITE_TITLE = "Industrial Clusters: A Research Review"


def head_meta(soup) -> dict[str, list[str]]:
    meta = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            meta.setdefault(key, []).append(tag.get("content", ""))
    return meta


def json_ld(soup) -> dict:
    scripts = soup.head.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def pages(nav_pages):
    return [*nav_pages, "print.md"]


def test_every_page_has_open_graph_and_twitter_card_tags(build, nav_pages):
    for source in pages(nav_pages):
        soup = build.html(page_url(source))
        meta = head_meta(soup)
        title = soup.select_one("article h1").get_text().replace("¶", "").strip()
        description = meta["description"][0]
        assert meta["og:type"] == ["website"] and meta["og:site_name"] == [SITE_TITLE], source
        assert meta["og:title"] == meta["twitter:title"], source
        assert meta["og:title"][0] in (title, SITE_TITLE), source
        assert meta["og:description"] == meta["twitter:description"] == [description] and description, source
        assert meta["og:url"] == [BASE + page_url(source)], source
        assert meta["twitter:card"] == ["summary_large_image"], source
        assert meta["og:image"] == meta["twitter:image"] and meta["og:image"][0].startswith(BASE + "images/cards/")
        assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"], source
        assert meta["og:image:alt"][0] and meta["twitter:image:alt"] == meta["og:image:alt"], source


def test_preview_images_are_1200_by_630_pngs_and_differ_per_page(build, nav_pages):
    seen = set()
    for source in pages(nav_pages):
        image_url = head_meta(build.html(page_url(source)))["og:image"][0]
        path = build.site / image_url.removeprefix(BASE)
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (1200, 630), source
        assert path.stat().st_size < 150_000, source  # small enough for every preview service
        seen.add(path.read_bytes())
    assert len(seen) == len(pages(nav_pages))


def test_card_png_draws_the_title_without_network_or_system_fonts():
    png = card_png(
        "Clusters and Economic Growth", "How studies link clusters and growth.", SITE_TITLE, "example.org/review"
    )
    other = card_png("Glossary", "How studies link clusters and growth.", SITE_TITLE, "example.org/review")
    assert png.startswith(b"\x89PNG") and png != other


def test_json_ld_describes_the_site_and_each_page(build, nav_pages):
    for source in pages(nav_pages):
        soup = build.html(page_url(source))
        data = json_ld(soup)
        assert data["@context"] == "https://schema.org"
        website, webpage = data["@graph"]
        assert website["@type"] == "WebSite" and website["name"] == SITE_TITLE and website["url"] == BASE
        assert website["publisher"]["@type"] == "Organization" and website["publisher"]["name"]
        assert website["license"] == "https://creativecommons.org/licenses/by/4.0/" and website["version"] == "1.0"
        assert webpage["@type"] in ("WebPage", "CollectionPage", "AboutPage"), source
        assert webpage["url"] == webpage["@id"] == BASE + page_url(source)
        assert webpage["isPartOf"] == {"@id": website["@id"]}
        assert webpage["name"] == webpage["headline"] == head_meta(soup)["og:title"][0]
        assert webpage["description"] == head_meta(soup)["description"][0]
        assert date.fromisoformat(webpage["datePublished"]) <= date.fromisoformat(webpage["dateModified"])
        assert webpage["image"]["url"] == head_meta(soup)["og:image"][0]
        assert "author" not in webpage and "author" not in website  # no invented person
        dates = soup.select("article p.page-dates time")
        if dates:
            assert [t["datetime"] for t in dates] == [webpage["datePublished"], webpage["dateModified"]], source


def test_citation_tags_on_every_page_and_the_print_page(build, nav_pages):
    for source in pages(nav_pages):
        meta = head_meta(build.html(page_url(source)))
        assert meta["citation_title"][0] and "citation_author" not in meta, source
        assert meta["citation_public_url"] == [BASE + page_url(source)], source
        assert not any(name.startswith("citation_journal") for name in meta), source  # not a journal article
    printed = head_meta(build.html("print/"))
    assert printed["citation_title"] == ["Industrial clusters: A research review"]


def test_references_page_offers_every_work_as_coins(build):
    works = json.loads((build.site / "references.json").read_text(encoding="utf-8"))
    spans = build.html("references/").select("span.Z3988")
    assert len(spans) == len(works) > 50
    for span, work in zip(spans, works, strict=True):
        fields = parse_qs(span["title"])
        assert fields["ctx_ver"] == ["Z39.88-2004"]
        assert plain_text(work.get("title", "")) in (
            fields.get("rft.atitle") or fields.get("rft.btitle") or fields.get("rft.title")
        )
    assert not build.html("print/").select("span.Z3988")  # the print page saves as the whole review


def test_context_object_of_a_chapter_and_a_corporate_author():
    chapter = {
        "type": "chapter",
        "title": "A chapter",
        "container-title": "A book",
        "publisher": "P",
        "author": [{"family": "Hertog", "given": "Pim", "non-dropping-particle": "den"}],
        "issued": {"date-parts": [[1999]]},
        "page": "3–9",
        "DOI": "10.1/x",
    }
    fields = parse_qs(context_object(chapter))
    assert fields["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"] and fields["rft.genre"] == ["bookitem"]
    assert fields["rft.atitle"] == ["A chapter"] and fields["rft.btitle"] == ["A book"]
    assert fields["rft.au"] == ["den Hertog, Pim"] and fields["rft_id"] == ["info:doi/10.1/x"]
    report = {"type": "report", "title": "R", "author": [{"literal": "UNCTAD secretariat"}]}
    fields = parse_qs(context_object(report))
    assert fields["rft.aulast"] == ["UNCTAD secretariat"] and "rft.au" not in fields


@pytest.mark.parametrize(
    ("url", "preview"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/", True),
        ("", True),
        ("https://example.github.io/clusters/", False),
    ],
)
def test_preview_addresses(url, preview):
    assert is_preview_address(url) is preview
    assert (address_problem(url, publishing=True) is not None) is preview
    assert address_problem(url, publishing=False) is None


def test_a_preview_build_says_so(build):
    assert "PREVIEW BUILD for http://127.0.0.1:8000/" in build.log


def test_make_deploy_and_make_offline_are_publishing_builds():
    """Both recipes set REVIEW_SITE_PUBLISH, which makes the hook refuse the preview address."""
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "deploy", "offline", "VENV=.venv-none"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    # deploy runs `make build` (strict build and PDF) as a publishing build, then ghp-import.
    deploy = [line for line in result.stdout.splitlines() if line.endswith("make build")]
    offline = [line for line in result.stdout.splitlines() if "OFFLINE=true" in line]
    assert deploy and all("REVIEW_SITE_PUBLISH=1" in line for line in deploy), result.stdout
    assert offline and all("REVIEW_SITE_PUBLISH=1" in line for line in offline), result.stdout


def test_a_publishing_build_refuses_the_preview_address(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEW_SITE_PUBLISH", "1")
    monkeypatch.delenv("SITE_URL", raising=False)
    result = run_build(project_copy(tmp_path), tmp_path / "site")
    assert result.returncode != 0
    assert "site_url is the local preview address http://127.0.0.1:8000/" in result.log
    assert "SITE_URL=https://" in result.log and "Traceback" not in result.log
    assert not (tmp_path / "site" / "index.html").exists()


def test_gh_deploy_refuses_the_preview_address_before_pushing(tmp_path):
    project = project_copy(tmp_path)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "REVIEW_SITE_PUBLISH")}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--no-history"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "site_url is the local preview address" in result.stdout + result.stderr
    branches = subprocess.run(
        ["git", "-C", str(project), "branch", "--list", "gh-pages"], capture_output=True, text=True
    )
    assert branches.stdout.strip() == ""


def test_make_offline_refuses_the_preview_address(tmp_path):
    project = project_copy(tmp_path)
    # -o: take the npm-installed checker and shim as made; the build stops before it needs them.
    result = make_build(
        project,
        "offline",
        f"OFFLINE_ZIP={tmp_path / 'offline.zip'}",
        "SITE_URL=",
        "-o",
        "node_modules/vnu-jar/build/dist/vnu.jar",
        "-o",
        "node_modules/iframe-worker/shim/index.js",
    )
    assert result.returncode != 0
    assert "site_url is the local preview address" in result.stdout, result.stdout[-2000:]
    assert not (tmp_path / "offline.zip").exists()


def test_places_card_shows_the_map(build):
    """The preview of *Places in the Review* draws its places (amber dots) on the world."""
    with (
        Image.open(build.site / "images" / "cards" / "places.png") as places,
        Image.open(build.site / "images" / "cards" / "glossary.png") as glossary,
    ):
        amber = (255, 202, 40)
        assert amber in {colour for _, colour in places.convert("RGB").getcolors(1_000_000)}
        assert amber not in {colour for _, colour in glossary.convert("RGB").getcolors(1_000_000)}


def test_home_page_cite_example_matches_the_chicago_citation_of_that_page(build):
    """docs/index.md shows how a page is cited; the example is the build's own Chicago text, with
    the date and the URL (in italics) standing for what changes."""
    import re

    example = build.html("").find(id="cite-this-site").find_next("blockquote")
    pattern = ""
    for node in example.p.children:
        text = node.get_text() if getattr(node, "name", None) == "em" else str(node)
        pattern += r".+?" if getattr(node, "name", None) == "em" else re.escape(text)
    chicago = build.html("mechanisms/").select_one("details#cite-this-page dd p").get_text()
    pattern = re.sub(r"\\?\b\d{4}\b", r"\\d{4}", pattern.strip())  # the year of the last revision may change
    assert re.fullmatch(pattern, chicago.strip()), (pattern, chicago)
