"""Unit tests of the pure helpers of the benchmark (scripts/bench.py): no builds, no browser."""

from __future__ import annotations

import gzip
import logging
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import bench  # noqa: E402

CONFIG = """\
site_name: Test
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
nav:
  - index.md
  - growth.md

theme:
  name: material

plugins:
  - search:
      lang: en
  - bibtex:
      bib_file: bib/references.bib
  # a comment inside the block
  - htmlproofer:
      validate_external_urls: false
  - redirects
  - offline:
      enabled: !ENV [OFFLINE, false]

hooks:
  - scripts/hooks.py

watch:
  - bib

markdown_extensions:
  - pymdownx.snippets:
      base_path: [!relative $config_dir/includes]
"""


# --- statistics and sizes ------------------------------------------------------------------


def test_median_odd_even_and_empty():
    assert bench.median([3, 1, 2]) == 2
    assert bench.median([4, 1, 3, 2]) == 2.5
    assert bench.median(x for x in (0.5,)) == 0.5
    with pytest.raises(ValueError):
        bench.median([])


def test_gzip_size_is_the_length_of_a_valid_reproducible_gzip():
    data = b"industrial clusters " * 500
    size = bench.gzip_size(data)
    compressed = bench.gzip_bytes(data)
    assert size == len(compressed) < len(data) / 10
    assert gzip.decompress(compressed) == data
    assert bench.gzip_bytes(data) == compressed  # mtime 0: same bytes every time
    assert bench.gzip_size(data, level=1) >= bench.gzip_size(data, level=9)


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/html; charset=utf-8", True),
        ("text/css", True),
        ("text/javascript", True),
        ("application/javascript", True),
        ("application/json", True),
        ("image/svg+xml", True),
        ("application/xml", True),
        ("application/manifest+json", True),
        ("image/png", False),
        ("font/woff2", False),
        ("application/octet-stream", False),
        ("application/gzip", False),
    ],
)
def test_is_compressible(content_type, expected):
    assert bench.is_compressible(content_type) is expected


def test_fit_slope():
    assert bench.fit_slope([10, 50, 200], [5, 25, 100]) == pytest.approx(0.5)
    assert bench.fit_slope([1, 2], [3, 3]) == 0
    with pytest.raises(ValueError):
        bench.fit_slope([4, 4], [1, 2])


def test_parse_built_in():
    log = (
        "INFO    -  Documentation built in 5.39 seconds\nINFO    -  Detected file changes\n"
        "INFO    -  Documentation built in 0.71 seconds\n"
    )
    assert bench.parse_built_in(log) == [5.39, 0.71]
    assert bench.parse_built_in("nothing") == []


# --- Markdown and config rewriting ---------------------------------------------------------


def test_strip_citations_keeps_links_code_emails_and_definitions():
    text = (
        "Porter [-@porter1998clusters] argues [@a; @b, p. 3] that [see @c].\n"
        "A [link](growth.md) and [text @ts](https://x.org) and me@example.org stay.\n"
        "Code `[@inline]` stays.\n"
        "```python\n@dataclass [@fenced]\n```\n"
        "[label]: https://example.org\n"
        "Roelandt [-@roelandt1999state]: four methods.\n"
    )
    assert bench.strip_citations(text) == (
        "Porter argues that.\n"
        "A [link](growth.md) and [text @ts](https://x.org) and me@example.org stay.\n"
        "Code `[@inline]` stays.\n"
        "```python\n@dataclass [@fenced]\n```\n"
        "[label]: https://example.org\n"
        "Roelandt: four methods.\n"
    )


def test_count_citations_counts_keys_outside_code():
    text = "A [@a; @b, p. 3] b `[@c]` [see @d] x [-@e]: y [link](u)\n```\n[@f]\n```\n"
    assert bench.count_citations(text) == 4
    assert bench.count_citations("no citations, me@example.org") == 0


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return project


def test_floor_config_is_an_inherit_child_that_mkdocs_reads_as_intended(tmp_path):
    """What MkDocs itself makes of the floor's child config: lists replaced, mappings merged."""
    from mkdocs.config import load_config

    project = _project(tmp_path)
    bench.derive_config(project, bench.FLOOR_OVERRIDES)
    assert (project / bench.BASE_CONFIG).read_text(encoding="utf-8") == CONFIG  # the project's own, untouched
    assert (project / "mkdocs.yml").read_text(encoding="utf-8").startswith("INHERIT: mkdocs.base.yml\n")
    config = load_config(str(project / "mkdocs.yml"))
    assert list(config.plugins) == ["material/search"]  # the list is replaced whole (P29)
    assert not config.hooks and not config.watch
    assert "pymdownx.snippets" in config.markdown_extensions  # inherited unchanged
    assert config.validation.links.anchors == logging.INFO
    assert config.nav == ["index.md", "growth.md"]


def test_derived_configs_stack_and_keep_mkdocs_tags(tmp_path):
    project = _project(tmp_path)
    plugins = [item for item in bench.project_config(project)["plugins"] if bench.plugin_name(item) != "htmlproofer"]
    bench.derive_config(project, {"plugins": plugins})
    bench.derive_config(project, {"nav": ["index.md"]})
    child = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "htmlproofer" not in child and "bibtex" in child and "enabled: !ENV [OFFLINE, false]" in child
    config = bench.project_config(project)
    assert config["nav"] == ["index.md"] and "INHERIT" not in config
    assert [bench.plugin_name(item) for item in config["plugins"]] == ["search", "bibtex", "redirects", "offline"]
    assert bench.project_nav(project) == ["index.md"]


def test_load_yaml_loose_and_nav_pages():
    config = bench.load_yaml_loose(CONFIG)
    assert config["site_url"] is None  # !ENV is not evaluated
    assert bench.nav_pages(config["nav"]) == ["index.md", "growth.md"]
    nav = ["index.md", {"Part": ["a.md", {"Title": "b/c.md"}]}, {"Ext": "https://x.org"}]
    assert bench.nav_pages(nav) == ["index.md", "a.md", "b/c.md"]


def test_scaled_nav_adds_a_section_per_copy():
    nav = bench.scaled_nav(["index.md", "growth.md"], 3)
    assert nav == [
        "index.md",
        "growth.md",
        {"Copy 2": ["index-c2.md", "growth-c2.md"]},
        {"Copy 3": ["index-c3.md", "growth-c3.md"]},
    ]


def test_scaled_copy_multiplies_the_written_pages_and_keeps_one_page_made_from_the_whole_site(tmp_path):
    project = _project(tmp_path)
    docs = project / "docs"
    (docs / "growth.md").write_text("# Growth\n\nSee [links](links.md) and [refs](references.md#ref-a).\n")
    (docs / "links.md").write_text(f"# Links\n\n{bench.LINK_INDEX_MARKER}\n")
    (docs / "references.md").write_text(f"# References\n\n{bench.BIBLIOGRAPHY_MARKER}\n")
    (project / "mkdocs.yml").write_text(
        CONFIG.replace("  - growth.md\n", "  - growth.md\n  - links.md\n  - references.md\n"), encoding="utf-8"
    )
    scaled = bench.make_scaled_project(project, tmp_path / "scaled", 3)
    nav = bench.project_nav(scaled)
    assert bench.nav_pages(nav) == [
        *("index.md", "growth.md", "links.md", "references.md"),
        *("index-c2.md", "growth-c2.md", "index-c3.md", "growth-c3.md"),
    ]
    copy = (scaled / "docs" / "growth-c3.md").read_text(encoding="utf-8")
    assert "[links](links.md)" in copy and "[refs](references.md#ref-a)" in copy  # the one page of each
    assert not (scaled / "docs" / "links-c2.md").exists()


def test_duplicate_markdown_renames_caption_ids_and_links_to_copies():
    text = (
        "Table: Types.\n{ #tbl-types }\n\nSee [the table](#tbl-types), [growth](growth.md#x), "
        "[a table there](growth.md#tbl-other), [fig](#fig-map), [ext](https://e.org/growth.md) "
        "and [plain](editorial-notes.md).\n"
    )
    out = bench.duplicate_markdown(text, "c2", ["growth.md", "editorial-notes.md", "notes.md"])
    assert "{ #tbl-types-c2 }" in out and "(#tbl-types-c2)" in out and "(#fig-map-c2)" in out
    assert "(growth-c2.md#x)" in out and "(growth-c2.md#tbl-other-c2)" in out
    assert "(editorial-notes-c2.md)" in out and "(https://e.org/growth.md)" in out
    assert bench.copy_name("sub/page.md", "c5") == "sub/page-c5.md"


def test_edit_bib_title_and_page_urls():
    bib = "@book{a,\n  author = {X},\n  title = {Principles},\n}\n@book{b,\n  title = {Other},\n}\n"
    out = bench.edit_bib_title(bib, "Benchedit1")
    assert "title = {Benchedit1 Principles}" in out and "title = {Other}" in out
    assert bench.page_url("index.md") == ""
    assert bench.page_url("growth.md") == "growth/"
    assert bench.page_url("part/index.md") == "part/"


# --- HTML ------------------------------------------------------------------------------------


def test_article_text_drops_permalinks_scripts_and_chrome():
    html = (
        "<html><body><nav>Menu</nav><article><h2 id='a'>Title<a class='headerlink' href='#a'>¶</a></h2>"
        "<p>Some   <em>text</em>\n here.</p><script type='application/json'>{\"x\": 1}</script>"
        "<style>p{}</style></article><footer>Foot</footer></body></html>"
    )
    assert bench.article_text(html) == "Title Some text here."
    assert bench.article_text("<html><body><p>No article</p></body></html>") == ""


def test_site_pages_skips_redirects_and_404():
    with tempfile.TemporaryDirectory() as folder:  # not tmp_path: its clean-up of old runs is slow
        _check_site_pages(Path(folder))


def _check_site_pages(tmp_path: Path) -> None:
    for folder, html in {
        "": "<html>home</html>",
        "growth": "<html>page</html>",
        "old": '<html><head><meta http-equiv="refresh" content="0; url=../growth/"></head></html>',
    }.items():
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "index.html").write_text(html)
    (tmp_path / "404.html").write_text("<html>404</html>")
    assert bench.site_pages(tmp_path) == ["", "growth/"]


# --- Lighthouse reports, budgets and the summary ---------------------------------------------

REPORT = {
    "categories": {
        "performance": {
            "score": 0.96,
            "auditRefs": [{"id": "first-contentful-paint", "weight": 10}, {"id": "diagnostics", "weight": 0}],
        },
        "accessibility": {"score": 1.0, "auditRefs": [{"id": "aria-dialog-name", "weight": 7}]},
        "best-practices": {"score": 1.0, "auditRefs": []},
        "seo": {"score": None, "auditRefs": []},
    },
    "audits": {
        "first-contentful-paint": {"score": 0.83},
        "diagnostics": {"score": 0.1},
        "aria-dialog-name": {"score": 1},
    },
}


def test_lighthouse_scores_and_failures():
    assert bench.lighthouse_scores(REPORT) == {
        "performance": 96,
        "accessibility": 100,
        "best-practices": 100,
        "seo": None,
    }
    assert bench.lighthouse_failures(REPORT) == {"performance": ["first-contentful-paint (0.83)"]}


def _results(**inputs) -> dict:
    values = {
        "build_ratio": 2.5,
        "scaling_ratio_growth": 1.0,
        "rebuild_page": 0.4,
        "rebuild_bib": 2.1,
        "first_visit": 150_000,
        "repeat_visit": 35_000,
        "search_latency": 0.049,
        "search_index_ratio": 1.1,
    }
    values.update(inputs)
    return {
        "budget_inputs": {k: v for k, v in values.items() if v is not None},
        "lighthouse": {
            "runs": [
                {"page": "", "preset": "mobile", "median_scores": dict.fromkeys(bench.LIGHTHOUSE_CATEGORIES, 100)},
                {
                    "page": "growth/",
                    "preset": "desktop",
                    "median_scores": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100},
                },
                {
                    "page": "growth/",
                    "preset": "mobile",
                    "median_scores": {"performance": 94, "accessibility": 100, "best-practices": 100, "seo": 100},
                },
                {
                    "page": "links/",
                    "preset": "mobile",
                    "median_scores": {"performance": 99, "accessibility": 98, "best-practices": 100, "seo": 100},
                },
            ]
        },
    }


def test_evaluate_budgets_limits_are_inclusive_and_missing_is_not_measured():
    budgets = {b.key: b for b in bench.evaluate_budgets(_results(search_latency=None))}
    assert budgets["build_ratio"].passed is False
    assert budgets["scaling_ratio_growth"].passed is True  # exactly 1.0 passes
    assert budgets["rebuild_page"].passed is True
    assert budgets["rebuild_bib"].passed is False
    assert budgets["first_visit"].passed is True  # exactly 150 KB passes
    assert budgets["repeat_visit"].passed is False
    assert budgets["search_latency"].passed is None and budgets["search_latency"].value is None
    assert budgets["search_index_ratio"].passed is True
    assert budgets["lighthouse::mobile"].passed is True
    assert budgets["lighthouse:growth/:desktop"].passed is True  # performance 98 >= 95
    assert budgets["lighthouse:growth/:desktop"].value == 98
    assert budgets["lighthouse:growth/:desktop"].detail == "98/100/100/100"
    assert budgets["lighthouse:growth/:mobile"].passed is False  # performance 94 < 95
    assert budgets["lighthouse:links/:mobile"].passed is False  # accessibility 98 < 100
    skipped = bench.evaluate_budgets({"budget_inputs": {}, "lighthouse": {"skipped": "no npm"}})
    assert skipped[-1].passed is None and "no npm" in skipped[-1].description


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0.0493, "s", "49 ms"),
        (7.456, "s", "7.46 s"),
        (150_000, "B", "150.0 KB"),
        (812, "B", "812 B"),
        (1.234, "x", "1.23×"),
        (98, "score", "98"),
        (None, "s", "n/a"),
    ],
)
def test_format_value(value, unit, text):
    assert bench.format_value(value, unit) == text


def test_format_summary_lists_budgets_and_sections():
    results = _results()
    results["meta"] = {"started": "2026-11-30 01:00 UTC", "machine": "2 CPUs", "mode": "quick", "runtime_seconds": 60}
    results["builds"] = {
        "full": {
            "median_seconds": 6.0,
            "seconds": [6.0, 6.1],
            "max_rss_bytes": [2**27, 2**28],
            "median_max_rss_bytes": 2**27,
        },
        "floor": {"median_seconds": 2.0, "seconds": [2.0], "max_rss_bytes": [2**25], "median_max_rss_bytes": 2**25},
        "ratio": 3.0,
    }
    results["scaling"] = {
        "points": [
            {"factor": 1, "pages": 10, "citations": 100, "full_seconds": 6.0, "floor_seconds": 2.0},
            {"factor": 5, "runs": 3, "pages": 50, "citations": 500, "full_seconds": 26.0, "floor_seconds": 4.0},
        ],
        "slopes": {
            "full_per_page": 0.5,
            "floor_per_page": 0.05,
            "plugins_per_page": 0.45,
            "plugins_per_citation": 0.045,
            "citations_per_page": 10.0,
        },
    }
    budgets = bench.evaluate_budgets(results)
    summary = bench.format_summary(results, budgets)
    assert summary.startswith("# Performance benchmark\n")
    assert "## Budgets: 7 of 12 pass" in summary
    assert "| Full build / plugin-free build | 2.00× | 2.50× | **FAIL** |" in summary
    assert "| Heaviest page, first visit (gzip) | 150.0 KB | 150.0 KB | PASS |" in summary
    assert (
        "| Lighthouse mobile /growth/ (perf >= 95; a11y/bp/seo = 100) | perf 95, others 100 | 94/100/100/100 | **FAIL** |"
        in summary
    )
    assert "Full / floor: **3.00×**" in summary and "128 MiB" in summary and "256 MiB" in summary
    assert "| 5× | 3 | 50 | 500 | 26.00 s | 4.00 s | 6.50× |" in summary
    assert "450 ms per page" in summary and "45.0 ms per citation" in summary
    assert "## Search latency" not in summary  # missing sections are skipped


def test_html_composition_parts_add_up_to_the_page():
    html = (
        "<html><head><title>T</title></head><body>"
        "<header class='md-header'>H</header>"
        "<div class='md-sidebar md-sidebar--primary'>NAV</div>"
        "<div class='md-sidebar md-sidebar--secondary'>TOC</div>"
        "<article><p>Text</p><script type='application/json'>{\"a\": 1}</script>"
        "<div class='footnote'><ol><li>Note</li></ol></div></article>"
        "<footer>F</footer><script src='x.js'></script></body></html>"
    )
    parts = {p["part"]: p for p in bench.html_composition(html)}
    assert list(parts) == [
        "<head>",
        "header and search dialog",
        "navigation sidebar",
        "table-of-contents sidebar",
        "article: text and markup",
        "article: <script> data",
        "article: footnotes list",
        "footer",
        "<script> outside article",
        "rest",
    ]
    assert parts["article: <script> data"]["bytes"] == len('<script type="application/json">{"a": 1}</script>')
    assert parts["article: text and markup"]["bytes"] == len("<article><p>Text</p></article>")
    assert parts["footer"]["bytes"] == len("<footer>F</footer>")
    assert sum(p["bytes"] for p in parts.values()) == len(html)


def test_search_phases_are_consecutive_durations():
    sample = {"keyup": 0.010, "sent": 0.011, "received": 0.025, "dom": 0.030, "frame": 0.045}
    phases = bench.search_phases(sample)
    assert list(phases) == [key for key, _ in bench.SEARCH_PHASES]
    assert phases == pytest.approx({"keyup": 0.010, "sent": 0.001, "received": 0.014, "dom": 0.005, "frame": 0.015})
    assert (
        bench.search_phases({"keyup": 0.01, "sent": None, "received": 0.02, "dom": 0.03, "frame": 0.04})["sent"] is None
    )
    assert bench.search_phases({"keyup": 0.01, "sent": None, "received": 0.02, "dom": 0.03, "frame": 0.04})[
        "received"
    ] == pytest.approx(0.01)


def test_without_features_rewrites_material_config_only():
    html = (
        '<p>x</p><script id="__config" type="application/json">'
        '{"base": ".", "features": ["content.tooltips", "toc.follow"], "search": "s.js"}</script>'
    )
    out = bench.without_features(html, ["content.tooltips"])
    assert out.startswith("<p>x</p>") and '"features": ["toc.follow"]' in out and '"search": "s.js"' in out
    assert bench.without_features("<p>no config</p>", ["toc.follow"]) is None


@pytest.mark.parametrize(
    ("path", "url"), [("index.md", ""), ("growth.md", "growth/"), ("a/index.md", "a/"), ("a/b.md", "a/b/")]
)
def test_directory_url(path, url):
    assert bench.page_url(path) == url


def test_duplicated_page_keeps_its_moved_anchors_pointing_at_copies():
    text = "---\nmoved_anchors:\n  e5: claims.md#e5\n  tbl-x: claims.md#tbl-x\n---\nSee [E5](claims.md#e5).\n"
    out = bench.duplicate_markdown(text, "c2", ["claims.md", "notes.md"])
    assert "  e5: claims-c2.md#e5\n  tbl-x: claims-c2.md#tbl-x-c2\n" in out
    assert "[E5](claims-c2.md#e5)" in out
