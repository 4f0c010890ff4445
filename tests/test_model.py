"""The typed model of the site (review_site.model) and the MkDocs-free helpers of the adapter:
every problem of every page reported together, front matter and relative URLs as MkDocs has them,
mkdocs.yml read for the command line, and the one command-line entry point."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from review_site import ProblemsError
from review_site.cache import ContentCache
from review_site.front_matter import split_front_matter
from review_site.mkdocs_yml import read_config
from review_site.model import Bibliography, SiteModel, check_site, read_page
from review_site.urls import page_item_id, relative_url

ROOT = Path(__file__).resolve().parent.parent
URLS = ["", ".", "..", "growth/", "a/b/", "a/b/c.html", "images/x.svg", "print/", "/x/", "a/../b/", "index.html"]


@pytest.mark.parametrize("url", URLS)
def test_relative_urls_are_the_ones_mkdocs_writes(url):
    for other in URLS:
        assert relative_url(url, other) == get_relative_url(url, other), (url, other)
    assert relative_url("growth/", "policy/") == "../growth/"
    assert page_item_id("") == "page-home" and page_item_id("growth/") == "page-growth"


@pytest.mark.parametrize(
    "source",
    [
        "---\ntitle: Growth\ndescription: Why.\n---\n\n# Growth { #growth }\n",
        "---\n- a list\n---\ntext\n",
        "---\ntitle: [unclosed\n---\ntext\n",
        "title: MultiMarkdown\n    continued\n\nbody\n",
        "no front matter\n",
    ],
)
def test_front_matter_is_split_as_mkdocs_splits_it(source):
    assert split_front_matter(source) == get_data(source)


def _done(value) -> Future:
    """A finished ``Future`` holding ``value`` (the rendered bibliography of a test model)."""
    future: Future = Future()
    future.set_result(value)
    return future


def _model(tmp_path: Path, pages: dict[str, str]) -> SiteModel:
    bibliography = Bibliography(
        tmp_path / "references.bib",
        "",
        frozenset({"porter1998clusters"}),
        tmp_path / "s.csl",
        "",
        [],
        "[]\n",
        tmp_path,
        _done(""),
    )
    model = SiteModel(tmp_path, ContentCache(None, ""), None, bibliography)
    model.pages = {src: read_page(src, text) for src, text in pages.items()}
    model.nav = list(pages)
    return model


GOOD = "---\ntitle: Good\ndescription: A good page.\n---\n\n## Section { #section }\n\nText [@porter1998clusters].\n"


def test_every_problem_of_every_page_and_of_the_places_is_reported_at_once(tmp_path):
    model = _model(
        tmp_path,
        {
            "good.md": GOOD,
            "bad.md": "---\ntitle: Bad\ndescription: A bad page.\n---\n\n## No id\n\nText [@nobody2000none].\n",
            "worse.md": "---\ntitle: [unclosed\n---\n\nText.\n",
        },
    )
    with pytest.raises(ProblemsError) as raised:
        check_site(model, "docs/data/places.csv", None)
    message = str(raised.value)
    assert "docs/bad.md:6:" in message  # the heading without an id, at its line in the file
    assert "nobody2000none" in message and "docs/bad.md:8:" in message
    assert "docs/worse.md:" in message
    assert "docs/data/places.csv: missing (the places of the map)" in message
    assert len(raised.value.problems) >= 4


def test_cached_page_checks_still_report_every_problem_on_the_next_build(tmp_path):
    """check_site caches a page's clean verdict (ContentCache): a bad page fails on every build, a
    page fixed since fails no more, a key gone from the bibliography is found although the page is unchanged."""
    bad = "---\ntitle: Bad\ndescription: A bad page.\n---\n\n## No id\n\nText.\n"

    def build(pages: dict[str, str], keys=frozenset({"porter1998clusters"})) -> SiteModel:
        model = _model(tmp_path, pages)
        model.cache = ContentCache(tmp_path / "cache", "salt")
        model.bibliography = Bibliography(
            tmp_path / "r.bib", "", keys, tmp_path / "s.csl", "", [], "[]\n", tmp_path, _done("")
        )
        return model

    for _ in range(2):
        with pytest.raises(ProblemsError, match="docs/bad.md:6:"):
            check_site(build({"good.md": GOOD, "bad.md": bad}), "docs/data/places.csv", b"")
    places = "id,name,region,country,lat,lon,page,anchor,note\nx,X,,Italy,45.0,9.0,good.md,section,\n"
    for _ in range(2):
        model = build({"good.md": GOOD})
        check_site(model, "docs/data/places.csv", places.encode())
    assert model.cache.hits >= 1  # the good page's verdict came from the cache
    with pytest.raises(ProblemsError, match="porter1998clusters"):
        check_site(build({"good.md": GOOD}, keys=frozenset()), "docs/data/places.csv", places.encode())


def test_a_good_site_fills_the_model(tmp_path):
    places = "id,name,region,country,lat,lon,page,anchor,note\nx,X,,Italy,45.0,9.0,good.md,section,\n"
    model = _model(tmp_path, {"good.md": GOOD})
    check_site(model, "docs/data/places.csv", places.encode())
    page = model.pages["good.md"]
    assert page.meta["title"] == "Good" and page.offset == 5 and page.heading_texts == {"section": "Section"}
    assert model.cited_in == {"porter1998clusters": [("good.md", "section", "Section")]}
    assert [place.page for place in model.places.places] == ["good.md"]


def test_mkdocs_yml_is_read_with_its_env_tags(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/review/")
    config = read_config(ROOT / "mkdocs.yml")
    assert config["site_url"] == "https://example.org/review/"
    assert config["extra"]["citation"]["title"]
    monkeypatch.delenv("SITE_URL")
    assert read_config(ROOT / "mkdocs.yml")["site_url"] == "http://127.0.0.1:8000/"


def test_one_command_line_runs_the_tools_as_their_modules_do():
    def run(*args):
        return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT)

    assert run("review_site", "citation-cff", "mkdocs.yml").stdout == run("review_site.cite", "mkdocs.yml").stdout
    unknown = run("review_site", "no-such-command")
    assert unknown.returncode == 2 and "links-lock" in unknown.stderr


def test_each_pages_citations_are_found_once_and_used_by_everything(tmp_path, monkeypatch):
    """One grammar, one pass: the checks, "Cited in" and mkdocs-bibtex's blocks come from one find_citations per page."""
    from review_site import bibtex_adapter, citation_grammar
    from review_site import model as site_model

    calls = []

    def counted(markdown):
        calls.append(markdown)
        return citation_grammar.find_citations(markdown)

    monkeypatch.setattr(site_model, "find_citations", counted)
    model = _model(tmp_path, {"good.md": GOOD, "other.md": GOOD.replace("Good", "Other")})
    places = "id,name,region,country,lat,lon,page,anchor,note\nx,X,,Italy,45.0,9.0,good.md,section,\n"
    check_site(model, "docs/data/places.csv", places.encode())
    blocks = bibtex_adapter.blocks_of_site([model.pages[src].citations for src in model.nav], {"porter1998clusters"})
    assert [page.cited_keys for page in model.pages.values()] == [["porter1998clusters"]] * 2
    assert len(calls) == 2 and blocks == ["[@porter1998clusters]"]
    assert model.cited_in["porter1998clusters"] == [
        ("good.md", "section", "Section"),
        ("other.md", "section", "Section"),
    ]
