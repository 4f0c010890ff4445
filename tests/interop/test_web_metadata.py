"""What Zotero saves from the site's pages and citations (``make interop``), through Zotero's own
translation-server (fixture ``zotero_url`` in ``tests/interop/conftest.py``).

- ``/web`` (what the Zotero Connector saves) on a sample of pages, a section URL with ``#``
  included: a Web Page of the site with its title, the site as "Website Title", the date of the
  page's last revision, the public URL, the description as abstract, and no creator.
- ``/web`` on the References page: every work of the bibliography offered (COinS), and each
  saved with its type, title, creators, year, container, volume, issue, pages, DOI, publisher.
- ``/import`` of every "Cite this page/section" BibTeX and RIS snippet, field by field.

The site is built once more for these tests with a public ``SITE_URL``, so "the public URL" is
checked against an address that is not the local server's.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import re
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from review_site.exports import plain_item
import yaml

from review_site.server import serve

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]

#: The public address the pages are built for here (never the local server's address).
PUBLIC = "https://clusters.example.org/review/"
SITE_TITLE = "Industrial Clusters: A Research Review"
#: The /web sample: home, a chapter, a section URL, the index pages and the print page.
SAMPLE = ["", "growth/", "conclusions/#research-landscape", "glossary/", "links/", "places/", "print/"]
#: Zotero item type of each CSL type of references.json (the COinS genres, review_site.metadata).
ZOTERO_TYPES = {
    "article-journal": "journalArticle",
    "book": "book",
    "chapter": "bookSection",
    "report": "report",
    "paper-conference": "conferencePaper",
}


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def public_build(tmp_path_factory) -> Path:
    """The site built strictly with ``SITE_URL`` set to :data:`PUBLIC`; its folder."""
    site = tmp_path_factory.mktemp("public") / "site"
    env = dict(os.environ, SITE_URL=PUBLIC, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PREVIEW BUILD" not in result.stderr
    return site


@pytest.fixture(scope="module")
def served(public_build):
    """Base URL of the public build served on 127.0.0.1."""
    with serve(public_build) as base:
        yield base


def post(zotero_url: str, path: str, body: str, content_type: str = "text/plain") -> tuple[int, object]:
    """POST to the translation-server; ``(status, parsed JSON answer)``."""
    request = urllib.request.Request(
        zotero_url + path, data=body.encode("utf-8"), headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8")
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text


def front_matter(source: str) -> dict:
    text = (ROOT / "docs" / source).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def last_revised(site, path: str) -> str:
    """The page's last revision (ISO): its JSON-LD ``dateModified``, which is also the "last revised"
    date the reader sees at the foot of the page (when the build has git history)."""
    soup = parse(site / path.split("#")[0] / "index.html")
    modified = json.loads(soup.find("script", type="application/ld+json").string)["@graph"][1]["dateModified"]
    times = soup.select("article p.page-dates time")
    assert not times or times[-1]["datetime"] == modified, path
    return modified


def iso(zotero_date: str) -> str:
    """Zotero's date string ``2026/11/30`` or ``2026-11-30`` as ISO."""
    return zotero_date.replace("/", "-")


@pytest.mark.parametrize("path", SAMPLE)
def test_connector_saves_a_web_page_of_the_site(path, public_build, served, zotero_url):
    status, items = post(zotero_url, "/web", served + "/" + path)
    assert status == 200, items
    assert len(items) == 1, items
    item = items[0]
    page = path.split("#")[0]
    source = "index.md" if not page else page.rstrip("/") + ".md"
    meta = front_matter(source)
    title = meta["title"] if source != "print.md" else SITE_TITLE
    expected = {
        "itemType": "webpage",
        "websiteTitle": SITE_TITLE,
        "url": PUBLIC + page,  # the public address, the fragment dropped as browsers do
        "abstractNote": meta["description"],
        "date": last_revised(public_build, page),
        "language": "en",
        "creators": [],  # no invented person
    }
    got = {key: (iso(item.get(key, "")) if key == "date" else item.get(key)) for key in expected}
    assert got == expected
    assert item["title"].lower() == title.lower() and item["title"][0].isupper(), item["title"]


@pytest.fixture(scope="module")
def references(public_build) -> list[dict]:
    """The works as COinS carries them: plain text, without CSL-JSON ``nocase`` spans."""
    return [plain_item(item) for item in json.loads((public_build / "references.json").read_text(encoding="utf-8"))]


def test_references_page_offers_every_work_and_each_saves_whole(served, references, zotero_url):
    status, offer = post(zotero_url, "/web", served + "/references/")
    assert status == 300, offer  # "multiple": the Connector shows the list of works
    assert list(offer["items"].values()) == [item.get("title", "") for item in references]
    status, saved = post(zotero_url, "/web", json.dumps(offer), "application/json")
    assert status == 200, saved
    assert len(saved) == len(references)
    mismatches = []
    for item, work in zip(saved, references, strict=True):
        people = work.get("author") or work.get("editor") or []
        expected = {
            "itemType": ZOTERO_TYPES.get(work.get("type"), "document"),
            "title": work.get("title", ""),
            "creators": [
                ("one field:", p["literal"])
                if "literal" in p
                # a corporate author: one name, no person
                else (" ".join(filter(None, [p.get("non-dropping-particle"), p.get("family", "")])), p.get("given", ""))
                for p in people
            ],
            "year": str(((work.get("issued") or {}).get("date-parts") or [[""]])[0][0]),
            "container": work.get("container-title", "") if work.get("type") in ZOTERO_TYPES else "",
            "volume": str(work.get("volume", "")),
            "issue": str(work.get("issue", "")),
            "pages": str(work.get("page", "")).replace("–", "-"),
            "DOI": work.get("DOI", ""),
            "publisher": work.get("publisher", "") if work.get("type") != "article-journal" else "",
        }
        got = {
            "itemType": item["itemType"],
            "title": item.get("title", ""),
            "creators": [
                ("one field:", c["name"]) if "name" in c else (c.get("lastName", ""), c.get("firstName", ""))
                for c in item["creators"]
            ],
            "year": (item.get("date") or "")[:4],
            "container": item.get("publicationTitle") or item.get("bookTitle") or item.get("proceedingsTitle") or "",
            "volume": item.get("volume", ""),
            "issue": item.get("issue", ""),
            "pages": item.get("pages", "").replace("–", "-"),
            "DOI": item.get("DOI", ""),
            "publisher": item.get("publisher") or item.get("institution") or "",
        }
        mismatches += [
            (work["id"], field, expected[field], got[field]) for field in expected if expected[field] != got[field]
        ]
    assert not mismatches, "\n".join(map(repr, mismatches))


def snippets(site) -> list[tuple[str, bool, dict[str, str]]]:
    """Every "Cite this page" and "Cite this section" offer of the site:
    ``(item id, is a section, {"BibTeX": text, "RIS": text})``."""
    offers = []
    for path in sorted(site.rglob("index.html")):
        panel = parse(path).select_one("details#cite-this-page")
        if panel is not None:
            item_id, formats = _formats(str(panel))
            offers.append((item_id, False, formats))
    for script in sorted((site / "javascripts" / "citations").glob("*.js")):
        data = json.loads(script.read_text(encoding="utf-8").partition(" = ")[2].rstrip().removesuffix(";"))
        offers += [(item_id, True, _formats(body)[1]) for item_id, body in data.items()]
    return offers


def _formats(fragment: str) -> tuple[str, dict[str, str]]:
    """The item id and the BibTeX and RIS texts of one cite panel or dialog (code blocks 2 and 3)."""
    codes = re.findall(r'<code id="cite-(page-[a-z0-9-]+?)-(\d)">(.*?)</code>', fragment, re.DOTALL)
    texts = {int(number): html.unescape(text) for _, number, text in codes}
    return codes[0][0], {"BibTeX": texts[2], "RIS": texts[3]}


@pytest.mark.parametrize("kind", ["BibTeX", "RIS"])
def test_every_cite_snippet_imports_as_the_web_page_it_cites(kind, public_build, zotero_url):
    offers = snippets(public_build)
    pages = [offer for offer in offers if not offer[1]]
    sections = [offer for offer in offers if offer[1]]
    docs = Path(__file__).resolve().parents[2] / "docs"
    assert len(pages) == len(list(docs.glob("*.md"))) - 1  # every page but print.md
    assert len(sections) >= 2 * len(pages)  # and every section of them
    status, items = post(zotero_url, "/import", "\n\n".join(formats[kind] for _, _, formats in offers) + "\n")
    assert status == 200, items
    records = [item for item in items if item["itemType"] != "note"]
    notes = [item for item in items if item["itemType"] == "note"]
    assert len(records) == len(offers)
    mismatches = []
    for (item_id, section, formats), item in zip(offers, records, strict=True):
        text = formats[kind]
        title = re.search(r"title = \{(.*)\}," if kind == "BibTeX" else r"^TI  - (.*)$", text, re.MULTILINE).group(1)
        url = re.search(r"url = \{(.*)\}," if kind == "BibTeX" else r"^UR  - (.*)$", text, re.MULTILINE).group(1)
        expected = {
            "itemType": "webpage",
            "title": title.replace("\\&", "&"),
            "creators": [],
            "url": url,
            "date": re.search(r"(\d{4}-\d{2}-\d{2})" if kind == "BibTeX" else r"^DA  - (.*)$", text, re.MULTILINE)
            .group(1)
            .replace("/", "-"),
            "accessDate": date.today().isoformat(),
        }
        if kind == "RIS":
            expected["websiteTitle"] = SITE_TITLE
        got = {key: item.get(key) for key in expected}
        got["accessDate"] = (item.get("accessDate") or "")[:10]
        mismatches += [(item_id, key, expected[key], got[key]) for key in expected if expected[key] != got[key]]
        if not url.startswith(PUBLIC) or "\\" in url or re.search(r"\d{4}-\d{2}-\d{2}", expected["date"]) is None:
            mismatches.append((item_id, "url/date", url, expected["date"]))
        if section != ("#" in url):
            mismatches.append((item_id, "a section's URL has its #anchor, a page's none", url, ""))
    assert not mismatches, "\n".join(map(repr, mismatches[:20]))
    assert len(notes) == len(offers) and {note["note"] for note in notes} == {"<p>Version 1.0</p>"}


def test_every_bibtex_snippet_is_valid_biblatex(public_build, tmp_path):
    """biber checks every "Cite this page/section" entry against biblatex's data model: ``@online``
    fields only, the mandatory ones present; its own copy keeps each URL with a bare ``#``."""
    if shutil.which("biber") is None:
        pytest.fail(
            "biber is needed (Debian: apt-get install biber texlive-bibtex-extra; .ci/run installs it)", pytrace=False
        )
    offers = snippets(public_build)
    bib = tmp_path / "snippets.bib"
    bib.write_text("\n\n".join(formats["BibTeX"] for _, _, formats in offers) + "\n", encoding="utf-8")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", bib.name], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert not problems, "\n".join(problems)
    written = (tmp_path / "snippets_bibertool.bib").read_text(encoding="utf-8")
    urls = re.findall(r"url\s*=\s*\{(.*?)\}", written, re.IGNORECASE)
    assert len(urls) == len(offers) and all(url.startswith(PUBLIC) and "\\" not in url for url in urls)
    assert sum("#" in url for url in urls) == sum(section for _, section, _ in offers)
