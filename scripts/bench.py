"""Performance benchmark of the site: build, rebuild, memory, page weight, search, Lighthouse, scaling.

Run from the repository root (``make bench``)::

    .venv/bin/python scripts/bench.py            # full run: 44 min on a busy 2-core machine
    .venv/bin/python scripts/bench.py --quick    # fewer repetitions, no 20x scaling: about 11 min
    .venv/bin/python scripts/bench.py --no-lighthouse --out /tmp/b   # options, see --help

Writes ``bench/results.json`` (every figure, machine-readable) and ``bench/summary.md`` (a
readable report with PASS/FAIL per budget), and prints the summary. Exit status is 0 even when a
budget fails: the benchmark is a measurement, not a test (it is not part of ``make test``).

Method (see ``summary.md`` for the figures):

* Everything is measured on a **snapshot** of the project copied into a temporary folder at the
  start, so edits made to the work tree during the run do not mix into the figures.
* Times are wall-clock seconds (``time.perf_counter``) of whole commands, including Python start
  and imports, as a reader of ``make build`` experiences them. Every figure is the **median** of
  repeated runs; variants that are compared with each other run interleaved (A B A B ...) so the
  noise of a shared 2-core machine hits both alike, and ratios are taken within one run.
* **Full build**: ``mkdocs build --strict`` of the project (all plugins and hooks).
  **Floor build**: the same pages with no plugins, hooks or citations, see :data:`FLOOR_DEFINITION`.
* **Rebuild**: ``mkdocs serve --strict`` runs in a copy; one page (then ``bib/references.bib``)
  is edited and the served page is polled until it shows the edit. The time from the write to
  the updated page is what an author waits; MkDocs' own "Documentation built in" figure is
  reported alongside.
* **Peak memory**: ``ru_maxrss`` of each build process from ``os.wait4`` (the largest resident
  set of the ``mkdocs`` process or of any child it waited for, e.g. pandoc), in bytes.
* **Page weight**: each page is opened in Chromium (Playwright) against a small static server
  that gzips text responses (level :data:`GZIP_LEVEL`, as a static host does) and logs every
  body it sends. First visit = all bodies sent for a fresh browser profile; repeat visit = the
  bodies sent when the same page is opened again in the same profile (HTML is ``no-cache``,
  assets are cacheable). Sizes are body bytes; HTTP headers are not counted.
* **Search**: index size raw and gzip against the UTF-8 bytes of the article text of every
  page; latency in Chromium from the ``keyup`` of the last character of a query (Material
  searches on keyup) to the animation frame that paints the result list, measured in the page
  (``performance.now()`` and a ``MutationObserver``), with the search worker's share timed.
* **Lighthouse** 12.2.3 (``scripts/bench/package-lock.json``; installed with ``npm ci`` when
  missing) with the local Chromium, mobile and desktop presets, on the home page, the heaviest
  page and the references page.
* **Scaling**: the site with every page duplicated 5x and 20x (unique file names, nav entries
  and caption ids), full and floor build, giving the marginal cost per page and per citation.
* **Profile**: when a build budget fails, ``cProfile`` of one full build plus ablation builds
  (the full build without one component at a time) name where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gzip
import json
import mimetypes
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# What a project copy needs, the build environment, the references page's marker, nav pages and
# their URLs: one definition for the build, the benchmark and the tests (review_site.project).
from review_site.server import SiteHandler, serve  # noqa: E402
from review_site.project import BIBLIOGRAPHY_MARKER, BUILD_ENV, PROJECT_PARTS, nav_pages, page_url  # noqa: E402, F401
from review_site.aggregate import LINK_INDEX_MARKER  # noqa: E402

#: A page holding one of these is made from the whole site (the Link Index, the full bibliography): a
#: scaled copy keeps one of it, which then covers all the copies, as in a site with more content.
WHOLE_SITE_MARKERS = (LINK_INDEX_MARKER, BIBLIOGRAPHY_MARKER)

#: Where results go (gitignored).
OUT_DIR = ROOT / "bench"
#: The npm project pinning Lighthouse (package.json + package-lock.json; node_modules gitignored).
LIGHTHOUSE_PROJECT = ROOT / "scripts" / "bench"
LIGHTHOUSE_CLI = LIGHTHOUSE_PROJECT / "node_modules" / "lighthouse" / "cli" / "index.js"
#: gzip level of the benchmark's static server: zlib's default, as nginx/CDNs commonly use.
GZIP_LEVEL = 6
#: 1 KB in the budgets and the summary.
KB = 1000
#: Flags for Chromium under Lighthouse (see /work/shared/research/toolchain-notes.md).
LIGHTHOUSE_CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --no-first-run"
)
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Search queries for the latency test: an author, a place, a concept, two common words.
SEARCH_QUERIES = ("Krugman", "Sialkot", "externalities", "innovation", "trust")

FLOOR_DEFINITION = (
    "The floor is the same project built with `mkdocs build --strict` after three changes to a "
    "temporary copy: (1) its mkdocs.yml becomes a child (`INHERIT:`) of the project's own, setting "
    "`plugins: [search]`, `hooks: []`, `watch: []` and `validation: {anchors: info}` (the ids the "
    "hooks add are absent; MkDocs still collects and checks every anchor), so MkDocs loads only the "
    "built-in `search` (theme, nav, markdown_extensions with snippets, the other validation, "
    "extra_css/extra_javascript and strict are the project's); (2) every "
    "citation `[...@key...]` removed from the Markdown pages (code untouched); (3) the files the "
    "plugins and hooks generate (e.g. references.bib, CSV downloads) copied from a full build into "
    "docs/ as static files, so the pages linking them still build strictly. Full and floor are both "
    "`mkdocs build --strict` alone: the PDF that `make build` prints with Chromium afterwards "
    "(review_site.pdf, about 10 s) is in neither, so like is compared with like."
)

#: What the floor's ``mkdocs.yml`` changes (:func:`derive_config`, an ``INHERIT:`` child):
#: the lists ``plugins``, ``hooks`` and ``watch`` are replaced whole (MkDocs' default plugin,
#: the built-in ``search``, stays); ``validation.anchors`` only informs, because the ids that the
#: hooks add (``anchor_aliases``) are absent without them while MkDocs still collects every anchor.
FLOOR_OVERRIDES = {"plugins": ["search"], "hooks": [], "watch": [], "validation": {"anchors": "info"}}

#: Budgets of issues 6 and 11: (key, description, limit, unit). ``value <= limit`` passes.
#: Build and rebuild budgets are relative to the floor measured in the same run (issue 11):
#: ``scaling_ratio_growth`` is (full / floor at 5x content) / (full / floor at 1x);
#: ``rebuild_page`` is the page rebuild minus the floor's page rebuild (s); ``rebuild_bib`` is the
#: bibliography rebuild over the floor's page rebuild (the floor has no bibliography to edit).
BUDGETS = (
    ("build_ratio", "Full build / plugin-free build", 2.0, "x"),
    ("scaling_ratio_growth", "Full/floor ratio at 5x content / at 1x", 1.0, "x"),
    ("rebuild_page", "Rebuild after editing one page, minus the floor's (mkdocs serve)", 0.5, "s"),
    ("rebuild_bib", "Rebuild after editing bib/ / the floor's page rebuild (mkdocs serve)", 2.0, "x"),
    ("first_visit", "Heaviest page, first visit (gzip)", 150 * KB, "B"),
    ("repeat_visit", "Heaviest page, repeat visit (gzip)", 20 * KB, "B"),
    ("search_latency", "Search: keystroke (keyup) to rendered results (median)", 0.050, "s"),
    ("search_index_ratio", "Search index / text it indexes (raw bytes)", 1.5, "x"),
)
#: Lighthouse (issue 11): performance at least this on every measured page and preset; the other
#: categories (accessibility, best practices, SEO) 100.
LIGHTHOUSE_PERFORMANCE = 95


# --------------------------------------------------------------------------------------------
# Pure helpers (unit-tested in tests/test_bench.py)
# --------------------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    """Return the median of ``values`` (floats, any unit; the mean of the middle two if even).

    Raises:
        ValueError: ``values`` is empty.
    """
    values = list(values)
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def gzip_size(data: bytes, level: int = GZIP_LEVEL) -> int:
    """Return the size in bytes of ``data`` gzip-compressed at ``level`` (1-9)."""
    return len(gzip_bytes(data, level))


def gzip_bytes(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """Return ``data`` gzip-compressed at ``level``, with a zero mtime (reproducible bytes)."""
    return gzip.compress(data, compresslevel=level, mtime=0)


def is_compressible(content_type: str) -> bool:
    """Say whether a static host would gzip a response of this ``Content-Type``.

    Text, JavaScript, JSON, XML and SVG are compressed; images, fonts and archives are not.
    """
    kind = content_type.split(";")[0].strip().lower()
    return (
        kind.startswith("text/")
        or kind.endswith(("+xml", "+json", "/xml", "/json", "/javascript"))
        or kind in ("application/x-javascript", "application/manifest+json")
    )


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_BRACKET = re.compile(r"\[([^\[\]]*)\](?![(\[{])")
_CITE_KEY = re.compile(r"(?:^|[\s;\[])-?@(?P<key>[\w-]+)")


def _prose_segments(markdown: str) -> list[tuple[bool, str]]:
    """Split Markdown into ``(is_prose, text)`` pieces: fenced code and code spans are not prose."""
    pieces: list[tuple[bool, str]] = []
    fence = None
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is not None:
            pieces.append((False, line))
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            pieces.append((False, line))
            continue
        start = 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append((True, line[start : span.start()]))
            pieces.append((False, span.group(0)))
            start = span.end()
        pieces.append((True, line[start:]))
    return pieces


def _is_citation(match: re.Match) -> bool:
    """A ``[...]`` match holding a citation key (a link reference definition ``[x]: url`` is not)."""
    text, start = match.string, match.start() + (1 if match.group(0).startswith(" ") else 0)
    definition = (start == 0 or text[start - 1] == "\n") and text[match.end() : match.end() + 1] == ":"
    return not definition and _CITE_KEY.search(match.group(1)) is not None


def strip_citations(markdown: str) -> str:
    """Remove every pandoc-style citation from Markdown, for the plugin-free floor build.

    Args:
        markdown: page source. Citations are ``[@key]``, ``[-@key]``, ``[@a; @b]``,
            ``[see @key, p. 3]``; links (``[text](url)``), code and e-mail addresses stay.

    Returns:
        The text without the citations and the one space before each.
    """
    out = []
    for prose, text in _prose_segments(markdown):
        if prose:
            text = re.sub(r" ?" + _BRACKET.pattern, lambda m: "" if _is_citation(m) else m.group(0), text)
        out.append(text)
    return "".join(out)


def count_citations(markdown: str) -> int:
    """Count the cited keys in Markdown (``[@a; @b]`` counts 2); code is ignored. Returns ``int``."""
    total = 0
    for prose, text in _prose_segments(markdown):
        if prose:
            for bracket in _BRACKET.finditer(text):
                if _is_citation(bracket):
                    total += len(_CITE_KEY.findall(bracket.group(1)))
    return total


#: The project's own configuration in a derived copy (floor, scaled, ablation): the copy's
#: ``mkdocs.yml`` is a child with ``INHERIT:`` pointing here, holding only what it changes.
BASE_CONFIG = "mkdocs.base.yml"


@dataclass(frozen=True)
class Tagged:
    """A YAML node with a MkDocs tag (``!ENV``, ``!relative``), kept to be written back as it was."""

    tag: str
    value: object


class _TagLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: object = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged("!" + suffix, value)


_TagLoader.add_multi_constructor("!", _construct_tagged)


class _TagDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_TagDumper.add_representer(Tagged, _represent_tagged)


def load_yaml_tagged(yaml_text: str) -> dict:
    """Parse YAML keeping MkDocs' tags as :class:`Tagged` values (see :func:`dump_yaml_tagged`)."""
    return yaml.load(yaml_text, Loader=_TagLoader) or {}


def dump_yaml_tagged(data: Mapping) -> str:
    """Write what :func:`load_yaml_tagged` read, tags included, as YAML text."""
    return yaml.dump(dict(data), Dumper=_TagDumper, sort_keys=False, allow_unicode=True, default_flow_style=False)


def plugin_name(item: object) -> str:
    """The name of a ``plugins:`` list item: ``"search"`` or ``{"search": {...}}`` → ``"search"``."""
    return item if isinstance(item, str) else next(iter(item))  # type: ignore[arg-type]


def derive_config(project: Path, overrides: Mapping[str, object]) -> None:
    """Make ``project/mkdocs.yml`` a child of the project's own configuration, changed by ``overrides``.

    The first call moves ``mkdocs.yml`` to :data:`BASE_CONFIG` and writes ``mkdocs.yml`` as
    ``INHERIT: mkdocs.base.yml`` plus ``overrides``; later calls (a floor of a scaled copy) add
    their overrides to the child's. MkDocs merges mappings key by key and **replaces lists**
    (toolchain-notes P29): an override of ``plugins``, ``hooks``, ``watch`` or ``nav`` is the
    whole new list, which is what the floor and the scaled copies want; a mapping such as
    ``validation`` changes only the keys given. Tags (``!ENV``) in values are :class:`Tagged`.

    Args:
        project: a copy of the project (its ``mkdocs.yml`` is rewritten).
        overrides: top-level keys and their new values.
    """
    config, base = project / "mkdocs.yml", project / BASE_CONFIG
    child: dict = {"INHERIT": BASE_CONFIG}
    if base.exists():
        child = load_yaml_tagged(config.read_text(encoding="utf-8"))
    else:
        config.rename(base)
    child.update(overrides)
    config.write_text(dump_yaml_tagged(child), encoding="utf-8")


def project_config(project: Path) -> dict:
    """The top-level keys of ``project``'s configuration, a derived copy's overrides applied
    (tags kept as :class:`Tagged`; mappings are not merged, which the callers do not need)."""
    config = load_yaml_tagged((project / "mkdocs.yml").read_text(encoding="utf-8"))
    if config.pop("INHERIT", None):
        config = {**load_yaml_tagged((project / BASE_CONFIG).read_text(encoding="utf-8")), **config}
    return config


def project_nav(project: Path) -> list:
    """The ``nav`` of ``project`` (derived copies included); ``[]`` when there is none."""
    return project_config(project).get("nav") or []


def load_yaml_loose(yaml_text: str) -> dict:
    """Parse YAML, turning unknown tags (``!ENV``, ``!relative``) into ``None``. Returns a dict."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(yaml_text, Loader=Loader) or {}


def copy_name(path: str, suffix: str) -> str:
    """``"growth.md"``, ``"c2"`` → ``"growth-c2.md"`` (the path of a duplicated page)."""
    return f"{path[:-3]}-{suffix}.md"


def duplicate_markdown(markdown: str, suffix: str, pages: Iterable[str]) -> str:
    """Rewrite a page so that its copy can live beside the original in one strict build.

    Args:
        markdown: the page's source.
        suffix: the copy's tag, e.g. ``"c2"``.
        pages: every page of the copied set (``docs``-relative ``.md`` paths).

    Returns:
        The text with caption ids ``#tbl-…``/``#fig-…`` renamed ``…-<suffix>`` (ids must be unique
        across the site; links to them follow) and links to pages of the set pointing to
        their copies (``growth.md#x`` → ``growth-<suffix>.md#x``), in links and in front-matter
        values such as ``moved_anchors``.
    """
    text = re.sub(r"#((?:tbl|fig)-[a-z0-9-]+)", lambda m: f"#{m.group(1)}-{suffix}", markdown)
    names = sorted(set(pages), key=len, reverse=True)
    if names:
        alternatives = "|".join(re.escape(name) for name in names)
        text = re.sub(
            rf"(\]\(\s*)({alternatives})(?=[#)\s])", lambda m: m.group(1) + copy_name(m.group(2), suffix), text
        )
        # front matter values naming a page, e.g. `moved_anchors: {e5: corrected-claims.md#e5}`
        text = re.sub(
            rf"(^\s+[\w-]+:\s+)({alternatives})(?=#)",
            lambda m: m.group(1) + copy_name(m.group(2), suffix),
            text,
            flags=re.MULTILINE,
        )
    return text


def scaled_nav(nav: list, factor: int, copied: Iterable[str] | None = None) -> list:
    """Return ``nav`` plus ``factor - 1`` sections holding copies of its pages (``-c2`` …).

    Args:
        nav: the ``nav`` of ``mkdocs.yml``. factor: copies in all (the original counts). copied: the pages
            to copy, in any order (default: every page of ``nav``); the copies keep ``nav``'s order.
    """
    chosen = set(nav_pages(nav) if copied is None else copied)
    pages = [page for page in nav_pages(nav) if page in chosen]
    scaled = list(nav)
    for number in range(2, factor + 1):
        scaled.append({f"Copy {number}": [copy_name(page, f"c{number}") for page in pages]})
    return scaled


def fit_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope dy/dx of points ``(xs[i], ys[i])``; e.g. seconds per page.

    Raises:
        ValueError: fewer than two distinct x values.
    """
    if len(set(xs)) < 2:
        raise ValueError("a slope needs two distinct x values")
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)


_BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


def parse_built_in(log: str) -> list[float]:
    """Return every "Documentation built in N seconds" figure (seconds) from an MkDocs log."""
    return [float(value) for value in _BUILT_IN.findall(log)]


def article_text(html: str) -> str:
    """Return the visible text of a built page's ``<article>``, whitespace collapsed to one space.

    Text nodes are joined with a space (so block elements never run together). Left out: headerlinks (the "¶" permalinks) and the content of ``<script>``, ``<style>`` and
    ``<template>`` (data, not text). Empty when the page has no ``<article>``.
    """
    import lxml.html

    tree = lxml.html.fromstring(html)
    articles = tree.xpath("//article")
    if not articles:
        return ""
    article = articles[0]
    for element in article.xpath(
        ".//a[contains(concat(' ', @class, ' '), ' headerlink ')] | .//script | .//style | .//template"
    ):
        element.drop_tree()
    return " ".join(" ".join(article.itertext()).split())


#: Disjoint parts of a built Material page, for :func:`html_composition` (name, XPath).
HTML_PARTS = (
    ("<head>", "//head"),
    ("header and search dialog", "//body//header[contains(concat(' ', @class, ' '), ' md-header ')]"),
    ("navigation sidebar", "//*[contains(concat(' ', @class, ' '), ' md-sidebar--primary ')]"),
    ("table-of-contents sidebar", "//*[contains(concat(' ', @class, ' '), ' md-sidebar--secondary ')]"),
    ("article: <script> data", "//article//script"),
    ("article: footnotes list", "//article//div[contains(concat(' ', @class, ' '), ' footnote ')]"),
    ("footer", "//body//footer"),
    ("<script> outside article", "//body//script[not(ancestor::article)]"),
)


def html_composition(html: str) -> list[dict]:
    """Split a built page into parts (:data:`HTML_PARTS`) and size each, raw and gzip.

    Args:
        html: a whole built page.

    Returns:
        ``[{"part", "bytes", "gzip_bytes"}]``: each part serialised by lxml (bytes of UTF-8);
        ``"article: text and markup"`` is the article without its scripts and footnotes, and
        ``"rest"`` is the page's size minus all parts. Gzip sizes are of each part alone, so
        they add up to more than the page's.
    """
    import lxml.html

    raw = html.encode("utf-8")
    tree = lxml.html.fromstring(raw)

    def serialise(elements) -> bytes:
        return b"".join(lxml.html.tostring(e, encoding="utf-8", with_tail=False) for e in elements)

    parts = []
    for name, xpath in HTML_PARTS:
        data = serialise(tree.xpath(xpath))
        parts.append({"part": name, "bytes": len(data), "gzip_bytes": gzip_size(data) if data else 0})
    articles = tree.xpath("(//article)[1]")
    rest = b""
    if articles:
        article = copy.deepcopy(articles[0])
        for element in article.xpath(".//script | .//div[contains(concat(' ', @class, ' '), ' footnote ')]"):
            element.drop_tree()
        rest = serialise([article])
    parts.insert(
        4, {"part": "article: text and markup", "bytes": len(rest), "gzip_bytes": gzip_size(rest) if rest else 0}
    )
    parts.append({"part": "rest", "bytes": max(len(raw) - sum(p["bytes"] for p in parts), 0), "gzip_bytes": None})
    return parts


def lighthouse_scores(report: Mapping) -> dict[str, int]:
    """Category scores 0-100 from a Lighthouse JSON report (``None`` where a category failed)."""
    scores = {}
    for category in LIGHTHOUSE_CATEGORIES:
        score = report.get("categories", {}).get(category, {}).get("score")
        scores[category] = None if score is None else round(score * 100)
    return scores


def lighthouse_failures(report: Mapping) -> dict[str, list[str]]:
    """The weighted audits that cost points, per category: ``{"performance": ["id (score)"]}``."""
    audits = report.get("audits", {})
    failures: dict[str, list[str]] = {}
    for name, category in report.get("categories", {}).items():
        for ref in category.get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                failures.setdefault(name, []).append(f"{ref['id']} ({score:.2f})")
    return failures


@dataclass
class BudgetResult:
    """One budget checked: ``value <= limit`` passes; ``value`` ``None`` means not measured."""

    key: str
    description: str
    limit: float
    unit: str
    value: float | None
    passed: bool | None
    detail: str = ""


def evaluate_budgets(results: Mapping) -> list[BudgetResult]:
    """Check the figures of ``results`` (the dict written to results.json) against :data:`BUDGETS`.

    Reads ``results["budget_inputs"]`` (``{key: value}`` in the budget's unit: seconds, bytes,
    ratio) and ``results["lighthouse"]`` (Lighthouse needs 100 in every category, per page and
    preset). A missing value gives ``passed = None`` ("not measured").

    Returns:
        One :class:`BudgetResult` per budget, Lighthouse last (one per page and preset).
    """
    inputs = results.get("budget_inputs", {})
    out = []
    for key, description, limit, unit in BUDGETS:
        value = inputs.get(key)
        out.append(BudgetResult(key, description, limit, unit, value, None if value is None else value <= limit))
    lighthouse = results.get("lighthouse") or {}
    for run in lighthouse.get("runs", []):
        scores = run.get("median_scores", {})
        values = [scores.get(category) for category in LIGHTHOUSE_CATEGORIES]
        measured = all(value is not None for value in values)
        performance = values[0] if measured else None
        passed = None if not measured else values[0] >= LIGHTHOUSE_PERFORMANCE and min(values[1:]) >= 100
        out.append(
            BudgetResult(
                f"lighthouse:{run['page']}:{run['preset']}",
                f"Lighthouse {run['preset']} /{run['page']} (perf >= {LIGHTHOUSE_PERFORMANCE}; a11y/bp/seo = 100)",
                LIGHTHOUSE_PERFORMANCE,
                "score",
                performance,
                passed,
                "/".join("-" if value is None else str(value) for value in values),
            )
        )
    if lighthouse.get("skipped"):
        out.append(BudgetResult("lighthouse", f"Lighthouse ({lighthouse['skipped']})", 100, "score", None, None))
    return out


def format_value(value: float | None, unit: str) -> str:
    """Format a figure for the summary: seconds as ``s``/``ms``, bytes as ``B``/``KB``, ratios ``x``."""
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "B":
        return f"{value / KB:.1f} KB" if value >= KB else f"{value:.0f} B"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "score":
        return f"{value:.0f}"
    return f"{value:g} {unit}"


def _verdict(passed: bool | None) -> str:
    return {True: "PASS", False: "**FAIL**", None: "n/a"}[passed]


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def format_summary(results: Mapping, budgets: Sequence[BudgetResult]) -> str:
    """Render the readable Markdown summary of a benchmark run.

    Args:
        results: the dict written to ``results.json`` (sections may be missing: they are skipped).
        budgets: as from :func:`evaluate_budgets`.

    Returns:
        Markdown text: budgets with PASS/FAIL first, then one section per measurement.
    """
    meta = results.get("meta", {})
    lines = ["# Performance benchmark", ""]
    if meta:
        lines.append(
            f"Run {meta.get('started', '?')} on {meta.get('machine', '?')}, "
            f"mode {meta.get('mode', '?')}, runtime {meta.get('runtime_seconds', 0):.0f} s. "
            f"Medians of repeated runs; ratios from the same run."
        )
        lines.append("")
    failed = sum(1 for budget in budgets if budget.passed is False)
    lines += [f"## Budgets: {len(budgets) - failed} of {len(budgets)} pass" if budgets else "## Budgets", ""]
    lines += _table(
        ["Budget", "Limit", "Measured", "Result"],
        [
            (
                b.description,
                (f"perf {b.limit:.0f}, others 100" if b.unit == "score" else format_value(b.limit, b.unit)),
                (b.detail or format_value(b.value, b.unit)),
                _verdict(b.passed),
            )
            for b in budgets
        ],
    )
    lines.append("")

    builds = results.get("builds")
    if builds:
        lines += ["## Build", ""]
        rows = []
        for name in ("full", "full-uncached", "floor"):
            build = builds.get(name)
            if build:
                rows.append(
                    (
                        name,
                        format_value(build["median_seconds"], "s"),
                        ", ".join(f"{s:.2f}" for s in build["seconds"]),
                        f"{build['median_max_rss_bytes'] / 2**20:.0f} MiB",
                        f"{max(build['max_rss_bytes']) / 2**20:.0f} MiB",
                    )
                )
        lines += _table(["Build", "Median", "Runs (s)", "Peak RSS (median)", "Peak RSS (max)"], rows)
        if "ratio" in builds:
            lines += ["", f"Full / floor: **{builds['ratio']:.2f}×**. {FLOOR_DEFINITION}"]
        if "ratio_uncached" in builds:
            lines += [
                "",
                f"`full` reuses the pandoc results of earlier builds (`.cache/review-site/`, keyed by "
                f"content hash); `full-uncached` runs every pandoc step (`REVIEW_SITE_CACHE=off`), as "
                f"the first build of a fresh clone does: **{builds['ratio_uncached']:.2f}×** the floor.",
            ]
        lines.append("")

    rebuild = results.get("rebuild")
    if rebuild:
        lines += ["## Rebuild while `mkdocs serve --strict` runs", ""]
        rows = []
        for name, data in rebuild.items():
            if isinstance(data, dict) and "median_seconds" in data:
                rows.append(
                    (
                        f"{name}: {data.get('edited', '')}",
                        format_value(data["median_seconds"], "s"),
                        format_value(data.get("median_built_in_seconds"), "s"),
                        ", ".join(f"{s:.2f}" for s in data["seconds"]),
                    )
                )
        lines += _table(
            ["Edit", "Write → updated page served (median)", "MkDocs 'built in' (median)", "Runs (s)"], rows
        )
        lines += ["", "The served time includes MkDocs' file-watcher poll (every 0.5 s) and its 0.1 s debounce.", ""]
        variants = results.get("rebuild_variants")
        if variants:
            lines += ["Rebuild after editing one page, other set-ups (same run; evidence for a fix):", ""]
            lines += _table(
                ["Set-up", "Write → updated page served (median)", "MkDocs 'built in' (median)"],
                [
                    (name, format_value(v["median_seconds"], "s"), format_value(v.get("median_built_in_seconds"), "s"))
                    for name, v in variants.items()
                ],
            )
            lines.append("")

    pages = results.get("pages")
    if pages:
        lines += ["## Page weight (gzip as served, body bytes)", ""]
        rows = [
            (
                f"/{p['url']}" + ("" if p.get("in_nav", True) else " (not in nav: no budget)"),
                format_value(p["html_bytes"], "B"),
                format_value(p["html_gzip_bytes"], "B"),
                format_value(p["first_visit_bytes"], "B"),
                p["first_visit_requests"],
                format_value(p["repeat_visit_bytes"], "B"),
                p["repeat_visit_requests"],
            )
            for p in pages
        ]
        lines += _table(["Page", "HTML", "HTML gzip", "First visit", "Requests", "Repeat visit", "Requests"], rows)
        heaviest = results.get("heaviest_page")
        if heaviest:
            lines += ["", f"Heaviest page: `/{heaviest}`. First-visit resources of that page:", ""]
            page = next(p for p in pages if p["url"] == heaviest)
            lines += _table(
                ["Resource", "Bytes sent"], [(r["path"], format_value(r["bytes"], "B")) for r in page["first_visit"]]
            )
            if page.get("composition"):
                lines += ["", "What the heaviest page's HTML is made of (each part gzipped alone):", ""]
                lines += _table(
                    ["Part", "Raw", "gzip"],
                    [
                        (c["part"], format_value(c["bytes"], "B"), format_value(c["gzip_bytes"], "B"))
                        for c in page["composition"]
                    ],
                )
        lines.append("")

    index = results.get("search_index")
    if index:
        lines += ["## Search index", ""]
        lines += _table(
            ["", "Raw", "gzip"],
            [
                ("search_index.json", format_value(index["raw_bytes"], "B"), format_value(index["gzip_bytes"], "B")),
                (
                    "Article text of all pages",
                    format_value(index["text_bytes"], "B"),
                    format_value(index["text_gzip_bytes"], "B"),
                ),
                ("Index / text", format_value(index["ratio"], "x"), format_value(index["gzip_ratio"], "x")),
            ],
        )
        lines += [
            "",
            f"{index['entries']} entries. Of the raw index: `text` fields "
            f"{format_value(index['text_field_bytes'], 'B')} (HTML tags in them "
            f"{format_value(index['markup_in_text_field_bytes'], 'B')}), `title` fields "
            f"{format_value(index['title_field_bytes'], 'B')}, `location` fields "
            f"{format_value(index['location_field_bytes'], 'B')}.",
            "",
        ]

    latency = results.get("search_latency")
    if latency:
        lines += ["## Search latency in Chromium", ""]
        rows = [
            (
                q,
                data["results"],
                format_value(data["median_dom_seconds"], "s"),
                format_value(data["median_seconds"], "s"),
            )
            for q, data in latency["queries"].items()
        ]
        lines += _table(["Query", "Results", "keyup → DOM updated (median)", "keyup → rendered frame (median)"], rows)
        lines += [
            "",
            f"All queries: median **{format_value(latency['median_seconds'], 's')}** from the keyup to the rendered "
            f"frame, {format_value(latency['median_dom_seconds'], 's')} to the DOM update "
            f"({latency['samples']} samples).",
            "",
        ]
        if latency.get("phases"):
            lines += ["Where the time goes (median of every sample, each phase from the previous mark):", ""]
            lines += _table(
                ["Phase", "Median"],
                [(label, format_value(latency["phases"].get(key), "s")) for key, label in SEARCH_PHASES],
            )
            lines.append("")
        fix = results.get("search_fix")
        if fix:
            lines += [
                f"Same pages, same run, with the CSS rule `{fix['css']}` added: median "
                f"**{format_value(fix['with_seconds'], 's')}** (without it, measured alternately: "
                f"{format_value(fix['without_seconds'], 's')}).",
                "",
            ]

    lighthouse = results.get("lighthouse")
    if lighthouse and lighthouse.get("runs"):
        lines += [
            f"## Lighthouse {lighthouse.get('version', '')} (medians of {lighthouse.get('repeats', '?')} runs)",
            "",
        ]
        rows = []
        for run in lighthouse["runs"]:
            s = run["median_scores"]
            m = run.get("median_metrics", {})
            rows.append(
                (
                    f"/{run['page']}",
                    run["preset"],
                    *(s.get(c) for c in LIGHTHOUSE_CATEGORIES),
                    format_value(m.get("largest-contentful-paint"), "s"),
                    format_value(m.get("total-blocking-time"), "s"),
                    "; ".join(f"{k}: {', '.join(v)}" for k, v in run.get("failed_audits", {}).items()) or "—",
                )
            )
        lines += _table(["Page", "Preset", "Perf", "A11y", "BP", "SEO", "LCP", "TBT", "Audits losing points"], rows)
        lines.append("")
        for run in lighthouse["runs"]:
            tasks = run.get("long_tasks") or {}
            if tasks:
                lines.append(
                    f"- /{run['page']} {run['preset']}: DOM {run.get('dom_elements', '?')} elements; "
                    "main-thread long tasks (last run): "
                    + ", ".join(f"{url} {ms:.0f} ms" for url, ms in sorted(tasks.items(), key=lambda x: -x[1])[:4])
                )
        lines.append("")
        features = results.get("features")
        if features and features.get("variants"):
            lines += [
                f"Main-thread time of loading /{features['page']} with the CPU slowed 4× (as Lighthouse mobile), "
                "each Material feature left out in turn (medians of 3 loads, interleaved):",
                "",
            ]
            lines += _table(
                ["Variant", "JavaScript", "Style and layout", "All tasks"],
                [
                    (
                        name,
                        format_value(v["script_seconds"], "s"),
                        format_value(v["style_layout_seconds"], "s"),
                        format_value(v["task_seconds"], "s"),
                    )
                    for name, v in features["variants"].items()
                ],
            )
            lines.append("")
    elif lighthouse and lighthouse.get("skipped"):
        lines += ["## Lighthouse", "", f"Skipped: {lighthouse['skipped']}", ""]

    scaling = results.get("scaling")
    if scaling:
        lines += ["## Scaling with content", ""]
        rows = [
            (
                f"{s['factor']}×",
                s.get("runs", "?"),
                s["pages"],
                s["citations"],
                format_value(s["full_seconds"], "s"),
                format_value(s.get("floor_seconds"), "s"),
                format_value(s["full_seconds"] / s["floor_seconds"], "x") if s.get("floor_seconds") else "n/a",
            )
            for s in scaling["points"]
        ]
        lines += _table(["Content", "Builds", "Pages", "Citations", "Full build", "Floor build", "Ratio"], rows)
        slopes = scaling.get("slopes", {})
        if slopes:
            lines += [
                "",
                f"Marginal cost of content (least-squares slope): full build "
                f"{slopes['full_per_page'] * 1000:.0f} ms per page, floor "
                f"{slopes['floor_per_page'] * 1000:.0f} ms per page; the plugins and hooks add "
                f"{slopes['plugins_per_page'] * 1000:.0f} ms per page, i.e. "
                f"{slopes['plugins_per_citation'] * 1000:.1f} ms per citation "
                f"({slopes['citations_per_page']:.1f} citations per page; pages and citations grow "
                f"together, so this bounds the citation cost from above).",
            ]
        lines.append("")

    profile = results.get("profile")
    if profile:
        lines += ["## Where the build time goes (profile)", ""]
        ablations = profile.get("ablations")
        if ablations:
            lines += [
                "Ablation builds (same run, interleaved, median seconds; the full build without one component):",
                "",
            ]
            base = ablations.get("full", {}).get("median_seconds")
            rows = [
                (
                    name,
                    format_value(a["median_seconds"], "s"),
                    format_value(base - a["median_seconds"], "s") if base and name != "full" else "—",
                )
                for name, a in ablations.items()
            ]
            lines += _table(["Variant", "Build (median)", "Saved vs full"], rows)
            lines.append("")
        if profile.get("handlers"):
            lines += [
                f"cProfile of one full build ({profile['total_seconds']:.1f} s under the profiler; "
                f"profilers slow Python code about 1.5-2×). Cumulative time of plugin and hook event handlers:",
                "",
            ]
            lines += _table(
                ["Handler", "Calls", "Cumulative"],
                [(h["name"], h["calls"], format_value(h["seconds"], "s")) for h in profile["handlers"]],
            )
            lines.append("")
        if profile.get("hotspots"):
            lines += ["Functions with the most cumulative time below the handlers (project and plugin code):", ""]
            lines += _table(
                ["Function", "Calls", "Cumulative", "Self"],
                [
                    (h["name"], h["calls"], format_value(h["seconds"], "s"), format_value(h["self_seconds"], "s"))
                    for h in profile["hotspots"]
                ],
            )
            lines.append("")
        if profile.get("notes"):
            lines += [f"- {note}" for note in profile["notes"]] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# Projects: snapshot, floor, scaled copies
# --------------------------------------------------------------------------------------------


def snapshot_project(source: Path, dest: Path) -> Path:
    """Copy the project as it is on disk into ``dest``: what a build of the work tree would see.

    The files are those git lists as tracked or untracked-but-not-ignored (``git ls-files``),
    so uncommitted edits are included and ``site/``, ``.venv/`` and ``node_modules/`` are not;
    ``.git`` is copied too (2 MB), because the build reads page dates from the history. Without
    git, :data:`PROJECT_PARTS` are copied.

    Returns:
        ``dest`` (a ``Path``), a project that ``mkdocs build --strict`` can build.
    """
    dest.mkdir(parents=True, exist_ok=True)
    listed = subprocess.run(
        ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard"], capture_output=True
    )
    if listed.returncode == 0 and (source / ".git").is_dir():
        for name in listed.stdout.decode("utf-8").split("\0"):
            path = source / name
            if name and path.is_file() and not name.startswith(("scripts/bench.py", "tests/")):
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest / name)
        shutil.copytree(source / ".git", dest / ".git")
        return dest
    ignore = shutil.ignore_patterns("__pycache__", "node_modules", "*.egg-info", "bench")
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, dest / part, ignore=ignore)
        elif path.is_file():
            shutil.copy2(path, dest / part)
    return dest


#: Site files MkDocs itself makes (never stand-ins for hook output).
_MKDOCS_OUTPUT = ("assets/", "search/", "sitemap.xml", "sitemap.xml.gz", "404.html")


def generated_files(site: Path, docs: Path) -> list[str]:
    """Files of a built site that no docs file produced: what plugins and hooks generated.

    Args:
        site: a full build of the project; docs: its ``docs`` folder.

    Returns:
        Site-relative POSIX paths (e.g. ``"references.bib"``, ``"tables/tbl-x.csv"``), sorted:
        every non-HTML file that is not MkDocs' own output and not a copy of a docs file.
    """
    found = []
    for path in site.rglob("*"):
        relative = path.relative_to(site).as_posix()
        if (
            path.is_file()
            and path.suffix != ".html"
            and not relative.startswith(_MKDOCS_OUTPUT)
            and not (docs / relative).exists()
        ):
            found.append(relative)
    return sorted(found)


def make_floor_project(source: Path, dest: Path, built_site: Path | None = None) -> Path:
    """Copy ``source`` into ``dest`` as the plugin-free floor (see :data:`FLOOR_DEFINITION`).

    Args:
        source: the project (or a scaled copy of it).
        dest: new folder.
        built_site: a full build of the project; the files its plugins and hooks generated
            (:func:`generated_files`) are copied into the floor's ``docs`` as static stand-ins,
            so that pages linking them still build strictly.

    Returns:
        ``dest``.
    """
    shutil.copytree(source, dest)
    derive_config(dest, FLOOR_OVERRIDES)
    for page in (dest / "docs").rglob("*.md"):
        page.write_text(strip_citations(page.read_text(encoding="utf-8")), encoding="utf-8")
    if built_site is not None:
        for relative in generated_files(built_site, source / "docs"):
            (dest / "docs" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(built_site / relative, dest / "docs" / relative)
    return dest


def make_scaled_project(source: Path, dest: Path, factor: int) -> Path:
    """Copy ``source`` into ``dest`` with ``factor`` times the content: every page of the nav written by
    hand duplicated ``factor`` times in all.

    Copies are ``docs/<page>-c2.md`` … ``-c<factor>.md`` (see :func:`duplicate_markdown`), each
    set in its own nav section. A page made from the whole site (:data:`WHOLE_SITE_MARKERS`: the Link
    Index, the full bibliography) is not copied: its one page covers the copies, as in a site with
    ``factor`` times the content (five Link Index pages each listing every page would make its share
    grow with the square of the content). ``links.lock`` is emptied: the copies change addresses of the
    original site (e.g. the link index); :func:`lock_scaled_project` refills it after a first build.

    Returns:
        ``dest``.
    """
    shutil.copytree(source, dest)
    nav = project_nav(dest)
    pages = [
        page
        for page in nav_pages(nav)
        if not any(marker in (dest / "docs" / page).read_text(encoding="utf-8") for marker in WHOLE_SITE_MARKERS)
    ]
    for number in range(2, factor + 1):
        suffix = f"c{number}"
        for page in pages:
            source_text = (dest / "docs" / page).read_text(encoding="utf-8")
            (dest / "docs" / copy_name(page, suffix)).write_text(
                duplicate_markdown(source_text, suffix, pages), encoding="utf-8"
            )
    derive_config(dest, {"nav": scaled_nav(nav, factor, pages)})
    lock = dest / "links.lock"
    if lock.exists():  # the copies change the site's addresses: start an empty lock (see lock_scaled_project)
        lock.write_text("# benchmark copy: filled by scripts/bench.py from a build of this copy\n", encoding="utf-8")
    return dest


def lock_scaled_project(project: Path, site: Path) -> None:
    """Fill a scaled copy's empty ``links.lock`` with every address of ``site`` (a build of it).

    Runs the copy's own ``python -m review_site.links SITE LOCK`` (as ``make links-lock`` does),
    so the timed builds check a lock of the scaled site's full size, as the real build does.

    Raises:
        BuildFailed: the command failed.
    """
    if not (project / "links.lock").exists():
        return
    result = subprocess.run(
        [sys.executable, "-m", "review_site.links", str(site), str(project / "links.lock")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**_env(), "PYTHONPATH": str(project / "scripts")},
    )
    if result.returncode != 0:
        raise BuildFailed(f"review_site.links in {project} exited {result.returncode}: {result.stderr[-2000:]}")


def project_counts(project: Path) -> tuple[int, int]:
    """Return ``(pages, citations)`` of a project: nav pages and cited keys in them."""
    nav = project_nav(project)
    pages = nav_pages(nav)
    citations = sum(count_citations((project / "docs" / page).read_text(encoding="utf-8")) for page in pages)
    return len(pages), citations


# --------------------------------------------------------------------------------------------
# Builds
# --------------------------------------------------------------------------------------------


class BuildFailed(RuntimeError):
    """A benchmark build exited non-zero; the message ends with the tail of its log."""


@dataclass
class BuildRun:
    """One ``mkdocs build``: wall time (s), peak resident set (bytes), MkDocs' own figure (s)."""

    seconds: float
    max_rss_bytes: int
    built_in_seconds: float | None


def _env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, **BUILD_ENV, **(extra or {})}


def run_build(
    project: Path, site_dir: Path, prefix: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> BuildRun:
    """Run ``mkdocs build --strict`` in ``project`` into ``site_dir`` and measure it.

    Args:
        project: a folder with ``mkdocs.yml``.
        site_dir: output folder (replaced).
        prefix: Python options before ``-m mkdocs`` (e.g. ``["-m", "cProfile", "-o", "x.prof"]``).
        env: extra environment variables (e.g. ``{"REVIEW_SITE_CACHE": "off"}``).

    Returns:
        :class:`BuildRun`; ``max_rss_bytes`` is ``ru_maxrss`` of the process from ``os.wait4``.

    Raises:
        BuildFailed: non-zero exit.
    """
    shutil.rmtree(site_dir, ignore_errors=True)
    command = [sys.executable, *prefix, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=_env(env), stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise BuildFailed(f"{' '.join(command)} in {project} exited {process.returncode}:\n{text[-3000:]}")
    built = parse_built_in(text)
    return BuildRun(seconds, usage.ru_maxrss * 1024, built[-1] if built else None)


def measure_builds(
    variants: Mapping[str, Path | tuple[Path, Mapping[str, str]]],
    work: Path,
    runs: int,
    warm_up: bool = True,
    progress: Callable[[str], None] = print,
) -> dict[str, dict]:
    """Build each project of ``variants`` ``runs`` times, interleaved, and summarise.

    Args:
        variants: name → project folder, or ``(folder, extra environment variables)``.
        work: scratch folder for the sites (``work/site-<name>``).
        runs: repetitions per variant (≥ 1).
        warm_up: first build each variant once unmeasured (disk cache, ``.pyc`` files, pandoc).

    Returns:
        name → ``{"seconds": [s…], "median_seconds", "max_rss_bytes": [B…], "median_max_rss_bytes",
        "built_in_seconds": [s…], "site": str}``.
    """
    runs_by_name: dict[str, list[BuildRun]] = {name: [] for name in variants}
    setups = {name: (value, None) if isinstance(value, Path) else value for name, value in variants.items()}
    for name, (project, env) in setups.items() if warm_up else ():
        progress(f"  warm-up build: {name}")
        run_build(project, work / f"site-{name}", env=env)
    for repeat in range(runs):
        for name, (project, env) in setups.items():
            run = run_build(project, work / f"site-{name}", env=env)
            runs_by_name[name].append(run)
            progress(f"  build {repeat + 1}/{runs} {name}: {run.seconds:.2f} s, {run.max_rss_bytes / 2**20:.0f} MiB")
    return {
        name: {
            "seconds": [r.seconds for r in runs],
            "median_seconds": median(r.seconds for r in runs),
            "max_rss_bytes": [r.max_rss_bytes for r in runs],
            "median_max_rss_bytes": median(r.max_rss_bytes for r in runs),
            "built_in_seconds": [r.built_in_seconds for r in runs],
            "site": str(work / f"site-{name}"),
        }
        for name, runs in runs_by_name.items()
    }


# --------------------------------------------------------------------------------------------
# Rebuild while mkdocs serve runs
# --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 30) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@contextlib.contextmanager
def mkdocs_serve(project: Path, extra_args: Sequence[str] = (), timeout: float = 300):
    """Run ``mkdocs serve --strict`` in ``project`` on a free port until the block ends.

    Yields:
        ``(base_url, log_path)``; the server has finished its first build.

    Raises:
        BuildFailed: the server exited or did not answer within ``timeout`` seconds.
    """
    port = _free_port()
    log_path = project / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}", *extra_args],
            cwd=project,
            env=_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + timeout
            while _get(base, timeout=5) is None:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise BuildFailed(f"mkdocs serve did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
            yield base, log_path
        finally:
            process.send_signal(signal.SIGINT)  # MkDocs shuts down cleanly and removes its temp site
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


_REBUILD_ERROR = "An error happened during the rebuild"


def _wait_for(url: str, marker: str, timeout: float, log_path: Path | None = None, errors_before: int = 0) -> float:
    """Poll ``url`` every 20 ms until its body contains ``marker``; return the seconds waited.

    Raises:
        BuildFailed: timeout, or the serve log (``log_path``) reports a failed rebuild.
    """
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if log_path is not None:
            log = log_path.read_text("utf-8", "replace")
            if log.count(_REBUILD_ERROR) > errors_before:
                raise BuildFailed(f"mkdocs serve failed to rebuild {url}:\n{log[-3000:]}")
        body = _get(url)
        if body is not None and marker.lower() in body.lower():
            return time.perf_counter() - start
        time.sleep(0.02)
    raise BuildFailed(f"{url} did not show {marker!r} within {timeout:.0f} s")


#: What ``mkdocs serve`` logs after every finished (re)build. Its "Documentation built in N
#: seconds" line is not reliable for counting: MkDocs drops a log message it has logged before.
_REBUILT = "Reloading browsers"


def _settle(log_path: Path, offset: int, quiet: float = 1.0, timeout: float = 120) -> str:
    """Wait until the serve log, from byte ``offset`` on, shows a finished build and then no
    further build for ``quiet`` seconds; return that part of the log.

    Raises:
        BuildFailed: no finished build within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    count = -1
    while time.monotonic() < deadline:
        time.sleep(quiet)
        new = log_path.read_bytes()[offset:].decode("utf-8", "replace")
        now = new.count(_REBUILT)
        if now > 0 and now == count and "Building documentation" not in new.rsplit(_REBUILT, 1)[1]:
            return new
        count = now
    raise BuildFailed(
        f"mkdocs serve did not finish a rebuild within {timeout:.0f} s:\n"
        f"{log_path.read_text('utf-8', 'replace')[-3000:]}"
    )


def edit_bib_title(bib_text: str, marker: str) -> str:
    """Insert ``marker`` as the first word of the first ``title`` field of a BibTeX text."""
    return re.sub(
        r"(\btitle\s*=\s*[{\"]\s*)", lambda m: m.group(1) + marker + " ", bib_text, count=1, flags=re.IGNORECASE
    )


def page_to_edit(project: Path) -> str:
    """The page the rebuild test edits: the first nav page after the home page that cites."""
    nav = nav_pages(project_nav(project))
    texts = {page: (project / "docs" / page).read_text("utf-8") for page in nav}
    return next((p for p in nav[1:] if count_citations(texts[p]) and BIBLIOGRAPHY_MARKER not in texts[p]), nav[0])


def measure_rebuilds(
    snapshot: Path,
    work: Path,
    runs: int,
    extra_args: Sequence[str] = (),
    kinds: Sequence[str] = ("page", "bib"),
    keep_log: Path | None = None,
    page: str | None = None,
    progress: Callable[[str], None] = print,
) -> dict:
    """Time ``mkdocs serve`` rebuilds after editing one page and after editing the bibliography.

    Args:
        snapshot: the project to copy (the copy is edited, never the work tree).
        work: scratch folder.
        runs: edits per kind.
        extra_args: more ``mkdocs serve`` options (e.g. ``["--dirty"]``).
        kinds: which edits, ``"page"`` and/or ``"bib"``.
        page: the page to edit (``docs``-relative); default :func:`page_to_edit`.
        keep_log: where to copy the server's log (optional).

    Returns:
        ``{"page": {...}, "bib": {...}}``, each with ``edited`` (file), ``seconds`` (write →
        updated page served, one per edit), ``median_seconds``, ``built_in_seconds`` and
        ``median_built_in_seconds`` (MkDocs' own figure for those rebuilds).
    """
    project = work / "serve-project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(snapshot, project)
    nav = nav_pages(project_nav(project))
    texts = {page: (project / "docs" / page).read_text("utf-8") for page in nav}
    references = next((p for p, t in texts.items() if BIBLIOGRAPHY_MARKER in t), "references.md")
    edited = page or page_to_edit(snapshot)
    bib = project / "bib" / "references.bib"
    bib_text = bib.read_text("utf-8")
    cases = {
        "page": (
            project / "docs" / edited,
            lambda i, m: texts[edited] + f"\n\nBenchmark edit {m}.\n",
            page_url(edited),
            f"docs/{edited}",
        ),
        "bib": (bib, lambda i, m: edit_bib_title(bib_text, m), page_url(references), "bib/references.bib"),
    }
    out = {}
    with mkdocs_serve(project, extra_args) as (base, log_path):
        for kind, (path, edit, url, label) in ((k, cases[k]) for k in kinds):
            original = path.read_text("utf-8")
            seconds, built = [], []
            for i in range(runs):
                marker = f"Benchedit{kind}{i}z{os.getpid()}"
                log = log_path.read_bytes()
                offset, errors = len(log), log.decode("utf-8", "replace").count(_REBUILD_ERROR)
                path.write_text(edit(i, marker), encoding="utf-8")
                seconds.append(_wait_for(base + url, marker, 300, log_path, errors))
                new = _settle(log_path, offset)
                figures = parse_built_in(new)  # may be missing: MkDocs drops repeated messages
                built.append(figures[0] if figures else None)
                if new.count(_REBUILT) != 1:
                    progress(f"  note: {new.count(_REBUILT)} MkDocs builds followed this edit")
                progress(f"  rebuild {kind} {i + 1}/{runs}: {seconds[-1]:.2f} s (MkDocs built in {built[-1]} s)")
            offset = len(log_path.read_bytes())
            path.write_text(original, encoding="utf-8")
            _settle(log_path, offset)
            known = [b for b in built if b is not None]
            out[kind] = {
                "edited": label,
                "seconds": seconds,
                "median_seconds": median(seconds),
                "built_in_seconds": built,
                "median_built_in_seconds": median(known) if known else None,
            }
        if keep_log:
            shutil.copy2(log_path, keep_log)
    return out


# --------------------------------------------------------------------------------------------
# A gzip-capable static server and the browser measurements
# --------------------------------------------------------------------------------------------


@dataclass
class Sent:
    """One response of the benchmark server: URL path, status, body bytes sent, Content-Type."""

    path: str
    status: int
    bytes: int
    content_type: str
    gzip: bool


class _GzipSiteHandler(SiteHandler):
    """Static files as a static host serves them: gzip for text, ``no-cache`` HTML, cacheable
    assets, the site's 404 page; every response logged in ``sent`` (see :func:`serve_gzip`)."""

    sent: list[Sent]
    gzip_cache: Callable[[Path, bytes], bytes]

    def do_GET(self):  # noqa: N802 - http.server API
        self._respond(send_body=True)

    def do_HEAD(self):  # noqa: N802 - http.server API
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        root = Path(self.directory)
        url_path = unquote(urlsplit(self.path).path)
        target = (root / url_path.lstrip("/")).resolve()
        status = 200
        if root.resolve() not in (target, *target.parents):
            target, status = root / "404.html", 404
        elif target.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            target, status = root / "404.html", 404
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        body = target.read_bytes()
        compress = is_compressible(content_type) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = self.gzip_cache(target, body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header(
            "Cache-Control", "no-cache" if content_type.startswith("text/html") else "public, max-age=31536000"
        )
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)
        self.sent.append(Sent(url_path, status, len(body), content_type.split(";")[0], compress))

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass


@contextlib.contextmanager
def serve_gzip(site: Path):
    """Serve ``site`` on 127.0.0.1 with the project's server (review_site.server) and gzip,
    logging every response.

    Yields:
        ``(base_url, log)``; ``log.sent`` is the list of :class:`Sent` responses (clear it freely).
    """
    sent: list[Sent] = []
    cache: dict[Path, bytes] = {}
    lock = threading.Lock()

    def gzip_cache(path: Path, body: bytes) -> bytes:
        with lock:
            if path not in cache:
                cache[path] = gzip_bytes(body)
            return cache[path]

    handler = type("_LoggingHandler", (_GzipSiteHandler,), {"sent": sent, "gzip_cache": staticmethod(gzip_cache)})
    with serve(site, handler) as base:
        yield base, SimpleNamespace(sent=sent)


def site_pages(site: Path) -> list[str]:
    """Return the directory URLs of a built site's content pages (``""`` for home), sorted.

    Redirect pages (``<meta http-equiv="refresh">``) and ``404.html`` are left out.
    """
    urls = []
    for path in sorted(site.rglob("index.html")):
        html = path.read_text("utf-8", "replace")
        if re.search(r"<meta[^>]+http-equiv=[\"']?refresh", html[:4000], re.IGNORECASE):
            continue
        relative = path.parent.relative_to(site).as_posix()
        urls.append("" if relative == "." else relative + "/")
    return sorted(urls)


def _launch(playwright):
    from review_site.browser import CHROMIUM_ARGS, find_chromium

    return playwright.chromium.launch(executable_path=str(find_chromium()), args=list(CHROMIUM_ARGS))


def _summarise_sent(sent: Sequence[Sent]) -> list[dict]:
    return [
        {"path": s.path, "status": s.status, "bytes": s.bytes, "gzip": s.gzip, "type": s.content_type} for s in sent
    ]


def measure_pages(
    site: Path, browser, base: str, server: SimpleNamespace, progress: Callable[[str], None] = print
) -> list[dict]:
    """Open every page twice in Chromium and record what the server sent.

    Args:
        site: the built site (for the HTML sizes on disk).
        browser: a Playwright ``Browser``.
        base, server: from :func:`serve_gzip` serving ``site``.

    Returns:
        One dict per page: ``url``, ``html_bytes``, ``html_gzip_bytes``, ``first_visit_bytes``,
        ``first_visit_requests``, ``first_visit`` (list of responses), and the same for
        ``repeat_visit`` (same browser profile, page opened again). Bytes are body bytes.
    """
    pages = []
    for url in site_pages(site):
        html = (site / url / "index.html").read_bytes()
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        visits = []
        for _ in range(2):
            tab = context.new_page()
            server.sent.clear()
            tab.goto(base + url, wait_until="networkidle")
            tab.wait_for_timeout(300)
            visits.append(list(server.sent))
            tab.close()
        context.close()
        first, repeat = visits
        pages.append(
            {
                "url": url,
                "html_bytes": len(html),
                "html_gzip_bytes": gzip_size(html),
                "first_visit_bytes": sum(s.bytes for s in first),
                "first_visit_requests": len(first),
                "first_visit": _summarise_sent(first),
                "repeat_visit_bytes": sum(s.bytes for s in repeat),
                "repeat_visit_requests": len(repeat),
                "repeat_visit": _summarise_sent(repeat),
                "composition": html_composition(html.decode("utf-8")),
            }
        )
        progress(
            f"  /{url}: HTML {len(html)} B, first visit {pages[-1]['first_visit_bytes']} B, "
            f"repeat {pages[-1]['repeat_visit_bytes']} B"
        )
    return pages


def measure_search_index(site: Path) -> dict:
    """Size of ``search/search_index.json`` (raw and gzip, bytes) against the text it indexes.

    The text is the article text of every content page (:func:`article_text`), UTF-8 bytes.

    Returns:
        ``raw_bytes``, ``gzip_bytes``, ``text_bytes``, ``text_gzip_bytes``, ``ratio`` (raw / text),
        ``gzip_ratio``, ``entries`` and the bytes of the index's ``text``, ``title`` and
        ``location`` fields (JSON-encoded) and of the HTML tags inside the ``text`` fields.
    """
    raw = (site / "search" / "search_index.json").read_bytes()
    index = json.loads(raw)
    text = " ".join(article_text((site / url / "index.html").read_text("utf-8")) for url in site_pages(site))
    text_bytes = text.encode("utf-8")

    def field_bytes(name: str) -> int:
        return sum(len(json.dumps(doc.get(name, ""), ensure_ascii=False).encode("utf-8")) for doc in index["docs"])

    markup = sum(len("".join(re.findall(r"<[^>]+>", doc.get("text", ""))).encode("utf-8")) for doc in index["docs"])
    return {
        "raw_bytes": len(raw),
        "gzip_bytes": gzip_size(raw),
        "text_bytes": len(text_bytes),
        "text_gzip_bytes": gzip_size(text_bytes),
        "ratio": len(raw) / len(text_bytes),
        "gzip_ratio": gzip_size(raw) / gzip_size(text_bytes),
        "entries": len(index["docs"]),
        "text_field_bytes": field_bytes("text"),
        "title_field_bytes": field_bytes("title"),
        "location_field_bytes": field_bytes("location"),
        "markup_in_text_field_bytes": markup,
    }


#: Installed before the page's scripts: logs every message to and from Web Workers (Material's
#: search runs in one), so the worker's share of the latency can be told apart from rendering.
_WORKER_SPY = """(() => {
  const Original = window.Worker;
  window.__workerLog = [];
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.__workerLog.push({t: performance.now(), dir: 'in'}));
    }
    postMessage(message, ...rest) {
      window.__workerLog.push({t: performance.now(), dir: 'out'});
      return super.postMessage(message, ...rest);
    }
  };
})();"""

_ARM_SEARCH = """() => {
  window.__bench = null;
  window.__workerLog.length = 0;
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  const input = document.querySelector('input.md-search__input');
  const idle = meta.textContent;
  let t0 = null, tUp = null;
  input.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true, capture: true});
  input.addEventListener('keyup', () => { tUp = performance.now(); }, {once: true, capture: true});
  const observer = new MutationObserver(() => {
    if (t0 === null || (list.children.length === 0 && meta.textContent === idle)) return;
    const dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      const frame = performance.now();
      const out = window.__workerLog.find(e => e.dir === 'out' && e.t >= t0);
      const back = out && window.__workerLog.find(e => e.dir === 'in' && e.t >= out.t);
      const s = x => (x === undefined || x === null) ? null : (x - t0) / 1000;
      window.__bench = {dom: s(dom), frame: s(frame), keyup: s(tUp), sent: s(out && out.t),
                        received: s(back && back.t), results: list.children.length};
    });
  });
  observer.observe(list, {childList: true, subtree: true});
  observer.observe(meta, {childList: true, subtree: true, characterData: true});
}"""

#: A candidate fix for slow search rendering, tried when the search budget fails: Material puts
#: each result's whole section text into the list; this lets Chromium skip laying out and
#: painting results outside the viewport.
SEARCH_FIX_CSS = ".md-search-result__item{content-visibility:auto;contain-intrinsic-size:auto 150px}"

#: Phases of one search, each the time from the previous mark (seconds). Material searches on
#: ``keyup``, the end of the keystroke; the latency (budget) runs from there to "frame".
SEARCH_PHASES = (
    ("keyup", "keydown → keyup (the key press itself; not in the latency)"),
    ("sent", "keyup → query posted to the worker"),
    ("received", "worker: search and reply"),
    ("dom", "reply → result list in the DOM"),
    ("frame", "DOM → next animation frame (paint)"),
)


def search_phases(sample: Mapping[str, float | None]) -> dict[str, float | None]:
    """Split one search sample (marks in seconds after keydown) into consecutive phase durations.

    Args:
        sample: ``{"keyup", "sent", "received", "dom", "frame"}``, each seconds after the
            ``keydown`` or ``None`` when not seen.

    Returns:
        ``{phase: seconds}`` for :data:`SEARCH_PHASES`, each the time since the previous mark
        that was seen (``None`` when its own mark is missing).
    """
    phases, previous = {}, 0.0
    for key, _ in SEARCH_PHASES:
        mark = sample.get(key)
        phases[key] = None if mark is None else mark - previous
        if mark is not None:
            previous = mark
    return phases


def measure_search_latency(
    browser, base: str, queries: Sequence[str], runs: int, css: str = "", progress: Callable[[str], None] = print
) -> dict:
    """Time Material's search in Chromium: last keystroke → result list painted.

    For each run the box holds the query minus its last character, set without events (so the
    result list is empty), then the last character is typed for real. In the page,
    ``performance.now()`` at its ``keyup`` (the end of the keystroke, on which Material
    searches) and a ``MutationObserver`` on the result list give the DOM update; the next
    animation frame is the rendered result. Messages to and from the search worker are timed
    too (:data:`SEARCH_PHASES`). ``css``, if given, is added to the page first (to try a fix).

    Returns:
        ``{"queries": {q: {"seconds": [...], "dom_seconds": [...], "median_seconds",
        "median_dom_seconds", "results"}}, "median_seconds", "median_dom_seconds", "samples",
        "phases": {phase: median seconds}}``; latencies are seconds after the ``keyup``.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(_WORKER_SPY)
    tab = context.new_page()
    tab.goto(base, wait_until="networkidle")
    if css:
        tab.add_style_tag(content=css)
    meta = ".md-search-result__meta"
    tab.wait_for_function(f"!document.querySelector('{meta}').textContent.startsWith('Initializing')")
    box = tab.locator("input.md-search__input")
    box.click()
    out: dict[str, dict] = {}
    phases: dict[str, list[float]] = {key: [] for key, _ in SEARCH_PHASES}
    for query in queries:
        samples = []
        for _ in range(runs + 1):  # the first run warms the worker and the JIT: not counted
            box.fill("")
            box.press("End")
            tab.wait_for_function("() => document.querySelector('.md-search-result__list').children.length === 0")
            tab.wait_for_timeout(150)
            tab.evaluate("q => { document.querySelector('input.md-search__input').value = q; }", query[:-1])
            tab.evaluate(_ARM_SEARCH)
            box.press(query[-1])
            tab.wait_for_function("window.__bench !== null", timeout=10_000)
            samples.append(tab.evaluate("window.__bench"))
        samples = samples[1:]
        for sample in samples:
            for key, value in search_phases(sample).items():
                if value is not None:
                    phases[key].append(value)
        frames = [x["frame"] - x["keyup"] for x in samples]
        doms = [x["dom"] - x["keyup"] for x in samples]
        out[query] = {
            "seconds": frames,
            "dom_seconds": doms,
            "median_seconds": median(frames),
            "median_dom_seconds": median(doms),
            "results": samples[-1]["results"],
        }
        progress(
            f"  search{' (with CSS)' if css else ''} {query!r}: {median(frames) * 1000:.0f} ms rendered, "
            f"{median(doms) * 1000:.0f} ms DOM, {samples[-1]['results']} results"
        )
    context.close()
    every = [s for q in out.values() for s in q["seconds"]]
    return {
        "queries": out,
        "median_seconds": median(every),
        "median_dom_seconds": median(s for q in out.values() for s in q["dom_seconds"]),
        "samples": len(every),
        "phases": {key: (median(values) if values else None) for key, values in phases.items()},
    }


# --------------------------------------------------------------------------------------------
# Lighthouse
# --------------------------------------------------------------------------------------------


def ensure_lighthouse(progress: Callable[[str], None] = print) -> str | None:
    """Install the pinned Lighthouse (``npm ci --prefix scripts/bench``) if it is missing.

    Returns:
        ``None`` when Lighthouse is ready, else the reason it cannot run (``str``).
    """
    if not shutil.which("node") or not shutil.which("npm"):
        return "node/npm not found (Debian: apt-get install nodejs npm)"
    if not LIGHTHOUSE_CLI.is_file():
        progress("  installing Lighthouse: npm ci --prefix scripts/bench")
        result = subprocess.run(
            ["npm", "ci", "--prefix", str(LIGHTHOUSE_PROJECT), "--no-audit", "--no-fund", "--loglevel=error"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not LIGHTHOUSE_CLI.is_file():
            return f"npm ci failed: {result.stderr.strip()[-500:]}"
    return None


def run_lighthouse(url: str, preset: str, output: Path) -> dict:
    """Run Lighthouse once on ``url`` with preset ``"mobile"`` (default) or ``"desktop"``.

    Returns:
        The parsed JSON report (also written to ``output``).

    Raises:
        RuntimeError: Lighthouse failed.
    """
    from review_site.browser import find_chromium

    command = [
        "node",
        str(LIGHTHOUSE_CLI),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": str(find_chromium())}
    )
    if result.returncode != 0 or not output.is_file():
        raise RuntimeError(f"lighthouse {url} ({preset}) exited {result.returncode}: {result.stderr[-1500:]}")
    return json.loads(output.read_text("utf-8"))


#: Lighthouse metrics kept per run (audit id → seconds, from numericValue in ms; CLS unitless).
LIGHTHOUSE_METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def measure_lighthouse(
    base: str, pages: Sequence[str], runs: int, out_dir: Path, progress: Callable[[str], None] = print
) -> dict:
    """Lighthouse scores (medians of ``runs``) for ``pages`` with the mobile and desktop presets.

    Returns:
        ``{"version", "repeats", "runs": [{"page", "preset", "scores": [...], "median_scores",
        "median_metrics" (seconds), "failed_audits"}]}``; the last report per page and preset
        is kept in ``out_dir``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    results, version = [], None
    for page in pages:
        for preset in ("mobile", "desktop"):
            reports = []
            name = (page.strip("/") or "home").replace("/", "_")
            for i in range(runs):
                report = run_lighthouse(base + page, preset, out_dir / f"{name}-{preset}.json")
                version = report.get("lighthouseVersion")
                reports.append(report)
                progress(f"  lighthouse /{page} {preset} {i + 1}/{runs}: {lighthouse_scores(report)}")
            scores = [lighthouse_scores(r) for r in reports]
            median_scores = {
                c: (None if any(s[c] is None for s in scores) else round(median(s[c] for s in scores)))
                for c in LIGHTHOUSE_CATEGORIES
            }
            metrics = {}
            for metric in LIGHTHOUSE_METRICS:
                values = [r["audits"][metric]["numericValue"] for r in reports if metric in r.get("audits", {})]
                if values:
                    metrics[metric] = median(values) / (1 if metric == "cumulative-layout-shift" else 1000)
            failed: dict[str, list[str]] = {}
            for report in reports:
                for category, audits in lighthouse_failures(report).items():
                    for audit in audits:
                        if audit.split(" ")[0] not in " ".join(failed.get(category, [])):
                            failed.setdefault(category, []).append(audit)
            long_tasks: dict[str, float] = {}
            for item in reports[-1].get("audits", {}).get("long-tasks", {}).get("details", {}).get("items", []):
                url = item.get("url", "?").replace(base, "/")
                long_tasks[url] = long_tasks.get(url, 0.0) + item.get("duration", 0.0)
            dom = reports[-1].get("audits", {}).get("dom-size", {}).get("numericValue")
            results.append(
                {
                    "page": page,
                    "preset": preset,
                    "scores": scores,
                    "median_scores": median_scores,
                    "median_metrics": metrics,
                    "failed_audits": failed,
                    "long_tasks": long_tasks,
                    "dom_elements": dom,
                }
            )
    return {"version": version, "repeats": runs, "runs": results}


#: Material features that run JavaScript over the page's content, tried one at a time (and the
#: two tooltip features together) when the heaviest page loses Lighthouse performance points.
FEATURE_VARIANTS = (
    ("content.footnote.tooltips",),
    ("content.tooltips",),
    ("toc.follow",),
    ("navigation.tracking",),
    ("content.footnote.tooltips", "content.tooltips"),
)
_MATERIAL_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


def without_features(html: str, drop: Iterable[str]) -> str | None:
    """Return a built Material page with ``drop`` removed from its ``__config`` features.

    Material's JavaScript reads the features from that inline JSON, so this is what the page
    would be if the features were left out of ``mkdocs.yml``. ``None`` if there is no config.
    """
    match = _MATERIAL_CONFIG.search(html)
    if not match:
        return None
    config = json.loads(match.group(2))
    config["features"] = [feature for feature in config.get("features", []) if feature not in set(drop)]
    return html[: match.start(2)] + json.dumps(config) + html[match.end(2) :]


def measure_features(
    browser, base: str, site: Path, page: str, runs: int, progress: Callable[[str], None] = print
) -> dict:
    """Main-thread time of loading ``page`` with Material features removed one at a time.

    Each variant (:data:`FEATURE_VARIANTS`, only features the site uses) is served in place of
    the page (Playwright route) and loaded in a mobile-sized tab with the CPU slowed 4× (as
    Lighthouse's mobile preset does); Chromium's ``Performance.getMetrics`` give the time spent
    in JavaScript, in style and layout, and in all main-thread tasks until 2 s after ``load``.

    Returns:
        ``{variant: {"script_seconds", "style_layout_seconds", "task_seconds"}}`` (medians of
        ``runs``), ``{}`` when the page has no Material config.
    """
    html = (site / page / "index.html").read_text("utf-8")
    match = _MATERIAL_CONFIG.search(html)
    if not match:
        return {}
    used = set(json.loads(match.group(2)).get("features", []))
    variants = {"all features": html}
    for drop in FEATURE_VARIANTS:
        if set(drop) <= used:
            variants["without " + " + ".join(drop)] = without_features(html, drop)
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in variants}

    def fulfil(body: str):
        return lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    for _ in range(runs):
        for name, body in variants.items():  # interleaved: machine noise hits every variant alike
            context = browser.new_context(viewport={"width": 412, "height": 823})
            tab = context.new_page()
            tab.route(base + page, fulfil(body))
            cdp = context.new_cdp_session(tab)
            cdp.send("Performance.enable")
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            tab.goto(base + page, wait_until="commit")
            tab.wait_for_load_state("load")
            tab.wait_for_timeout(2000)
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            samples[name].append(
                (
                    metrics["ScriptDuration"],
                    metrics["LayoutDuration"] + metrics["RecalcStyleDuration"],
                    metrics["TaskDuration"],
                )
            )
            context.close()
    out = {
        name: {
            "script_seconds": median(x[0] for x in values),
            "style_layout_seconds": median(x[1] for x in values),
            "task_seconds": median(x[2] for x in values),
        }
        for name, values in samples.items()
    }
    for name, data in out.items():
        progress(
            f"  /{page} {name}: script {data['script_seconds']:.2f} s, style+layout "
            f"{data['style_layout_seconds']:.2f} s (CPU 4× slower)"
        )
    return out


# --------------------------------------------------------------------------------------------
# Scaling and profile
# --------------------------------------------------------------------------------------------


def measure_scaling(
    snapshot: Path,
    work: Path,
    factors: Sequence[tuple[int, int]],
    base_point: dict,
    built_site: Path | None = None,
    progress: Callable[[str], None] = print,
) -> dict:
    """Full and floor build times of the site with its pages duplicated ``factors`` times.

    Args:
        snapshot: the project.
        work: scratch folder.
        factors: ``(factor, builds per variant)`` pairs, e.g. ``((5, 3), (20, 1))``; the 1×
            point is ``base_point`` (from the main builds). Times are medians.
        base_point: ``{"factor": 1, "pages", "citations", "full_seconds", "floor_seconds"}``.
        built_site: a full build of ``snapshot``, for the floor's stand-in files.

    Returns:
        ``{"points": [...per factor...], "slopes": {"full_per_page", "floor_per_page",
        "plugins_per_page", "citations_per_page", "full_per_citation", "plugins_per_citation"}}``
        (seconds per page / per citation).
    """
    points = [base_point]
    for factor, runs in factors:
        scaled = make_scaled_project(snapshot, work / f"scaled-{factor}", factor)
        floor = make_floor_project(scaled, work / f"scaled-{factor}-floor", built_site=built_site)
        pages, citations = project_counts(scaled)
        progress(f"  scaling {factor}×: {pages} pages, {citations} citations; first build (untimed) to lock its links")
        run_build(scaled, work / f"site-lock-{factor}x")
        lock_scaled_project(scaled, work / f"site-lock-{factor}x")
        shutil.rmtree(work / f"site-lock-{factor}x", ignore_errors=True)
        builds = measure_builds(
            {f"full-{factor}x": scaled, f"floor-{factor}x": floor}, work, runs, warm_up=False, progress=progress
        )
        points.append(
            {
                "factor": factor,
                "pages": pages,
                "citations": citations,
                "runs": runs,
                "full_seconds": builds[f"full-{factor}x"]["median_seconds"],
                "floor_seconds": builds[f"floor-{factor}x"]["median_seconds"],
                "full_max_rss_bytes": builds[f"full-{factor}x"]["median_max_rss_bytes"],
            }
        )
        shutil.rmtree(work / f"site-full-{factor}x", ignore_errors=True)
        shutil.rmtree(work / f"site-floor-{factor}x", ignore_errors=True)
    pages = [p["pages"] for p in points]
    full_slope = fit_slope(pages, [p["full_seconds"] for p in points])
    floor_slope = fit_slope(pages, [p["floor_seconds"] for p in points])
    citations_per_page = base_point["citations"] / base_point["pages"]
    return {
        "points": points,
        "slopes": {
            "full_per_page": full_slope,
            "floor_per_page": floor_slope,
            "plugins_per_page": full_slope - floor_slope,
            "citations_per_page": citations_per_page,
            "full_per_citation": full_slope / citations_per_page if citations_per_page else None,
            "plugins_per_citation": (full_slope - floor_slope) / citations_per_page if citations_per_page else None,
        },
    }


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/scripts/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return Path(filename).name


def profile_summary(stats_path: Path, snapshot: Path, top: int = 15) -> dict:
    """Summarise a cProfile file of ``mkdocs build``.

    Returns:
        ``total_seconds``; ``handlers``: every plugin/hook ``on_*`` event handler with calls and
        cumulative seconds; ``hotspots``: the ``top`` project/plugin functions by cumulative time
        (excluding the handlers and MkDocs' dispatch), each with self seconds; ``subprocesses``:
        processes started and seconds spent waiting for them.
    """
    stats = pstats.Stats(str(stats_path))
    entries = stats.stats  # {(file, line, name): (primitive calls, calls, self, cumulative, callers)}
    total = max(value[3] for value in entries.values())
    plugin_roots = ("mkdocs_bibtex", "htmlproofer", "mkdocs_redirects", "material/plugins", "mkdocs/contrib")
    project_roots = (str(snapshot / "scripts"),)

    def owned(filename: str) -> bool:
        return filename.startswith(project_roots) or any(f"site-packages/{root}" in filename for root in plugin_roots)

    handlers, hotspots = [], []
    for (filename, _line, name), (_, calls, self_time, cumulative, _) in entries.items():
        if not owned(filename):
            continue
        row = {"name": f"{_short(filename)}:{name}", "calls": calls, "seconds": cumulative, "self_seconds": self_time}
        (handlers if name.startswith("on_") else hotspots).append(row)
    handlers.sort(key=lambda row: -row["seconds"])
    hotspots.sort(key=lambda row: -row["seconds"])
    popen = [v for (f, _, n), v in entries.items() if n == "__init__" and f.endswith("subprocess.py") and v[3] > 0]
    waits = [v for (f, _, n), v in entries.items() if n == "communicate" and f.endswith("subprocess.py")]
    parsers = [v for (f, _, n), v in entries.items() if n == "__init__" and f.endswith("bs4/__init__.py")]
    return {
        "total_seconds": total,
        "handlers": [h for h in handlers if h["seconds"] >= 0.01],
        "hotspots": hotspots[:top],
        "subprocesses": {"started": sum(v[1] for v in popen), "wait_seconds": sum(v[3] for v in waits)},
        "beautifulsoup_parses": {"calls": sum(v[1] for v in parsers), "seconds": sum(v[3] for v in parsers)},
    }


def make_ablation(snapshot: Path, dest: Path, drop: str) -> Path:
    """Copy ``snapshot`` to ``dest`` without one component, for ablation builds.

    Args:
        drop: a plugin name (removed from ``plugins:``), or ``"links.lock check"`` (the copy's
            hook file loses ``on_post_build``), or ``"htmlproofer+links.lock check"``.

    Returns:
        ``dest``.
    """
    shutil.copytree(snapshot, dest)
    plugins = list(project_config(dest).get("plugins") or [])
    for part in drop.split("+"):
        if part == "links.lock check":
            hooks = dest / "scripts" / "hooks.py"
            hooks.write_text(hooks.read_text("utf-8") + "\n\ndel on_post_build  # benchmark ablation\n", "utf-8")
        else:
            plugins = [item for item in plugins if plugin_name(item) != part]
    derive_config(dest, {"plugins": plugins})
    return dest


def profile_build(
    snapshot: Path,
    work: Path,
    runs: int,
    out_dir: Path,
    ablations: bool = True,
    progress: Callable[[str], None] = print,
) -> dict:
    """Find where a full build spends its time: one cProfile run plus ablation builds.

    Args:
        snapshot: the project; work: scratch folder; out_dir: where ``build.prof`` is kept.
        runs: builds per ablation variant (median); ablations: run them at all.

    Returns:
        :func:`profile_summary` fields plus ``ablations`` (variant → build summary, see
        :func:`measure_builds`; empty when not run) and ``notes`` (plain-language findings).
    """
    prof = work / "build.prof"
    progress("  cProfile of one full build")
    run_build(snapshot, work / "site-profile", prefix=["-m", "cProfile", "-o", str(prof)])
    summary = profile_summary(prof, snapshot)
    shutil.copy2(prof, out_dir / "build.prof")
    variants = {"full": snapshot}
    for drop in ("htmlproofer", "links.lock check", "htmlproofer+links.lock check", "search"):
        variants[f"without {drop}"] = make_ablation(snapshot, work / f"ablation-{drop.replace(' ', '_')}", drop)
    ablations = measure_builds(variants, work, runs, warm_up=False, progress=progress) if ablations else {}
    for data in ablations.values():
        data.pop("site", None)
    notes = [
        f"{summary['subprocesses']['started']} subprocesses started (pandoc, git), "
        f"{summary['subprocesses']['wait_seconds']:.2f} s waiting for their output.",
        f"BeautifulSoup parsed {summary['beautifulsoup_parses']['calls']} documents in "
        f"{summary['beautifulsoup_parses']['seconds']:.2f} s under the profiler.",
        f"The full profile is {out_dir.name}/build.prof (`python -m pstats {out_dir.name}/build.prof`).",
    ]
    return {**summary, "ablations": ablations, "notes": notes}


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Repetitions of one benchmark mode (``--quick`` or full).

    ``experiments``: when a budget fails, also measure the evidence for a fix (ablation builds,
    rebuilds in other set-ups, search with :data:`SEARCH_FIX_CSS`); the quick mode only profiles.
    """

    mode: str
    build_runs: int
    rebuild_runs: int
    search_runs: int
    lighthouse_runs: int
    scaling: tuple[tuple[int, int], ...]  # (factor, builds per variant)
    ablation_runs: int
    experiments: bool


#: The 20× site takes minutes per build on 2 cores: it is built once (after an untimed build).
FULL = Settings(
    "full",
    build_runs=5,
    rebuild_runs=5,
    search_runs=5,
    lighthouse_runs=3,
    scaling=((5, 3), (20, 1)),
    ablation_runs=3,
    experiments=True,
)
QUICK = Settings(
    "quick",
    build_runs=3,
    rebuild_runs=2,
    search_runs=3,
    lighthouse_runs=1,
    scaling=((5, 1),),
    ablation_runs=1,
    experiments=False,
)


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-bibtex", "mkdocs-htmlproofer-plugin", "playwright"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _failing(results: Mapping, keys: Iterable[str]) -> bool:
    keys = set(keys)
    return any(b.passed is False for b in evaluate_budgets(results) if b.key in keys)


def run(settings: Settings, out_dir: Path, lighthouse: bool = True, progress: Callable[[str], None] = print) -> dict:
    """Run every measurement; return the results dict (the content of results.json, budgets aside).

    Args:
        settings: :data:`FULL` or :data:`QUICK`.
        out_dir: where Lighthouse reports, the serve log and the build profile are kept.
        lighthouse: run Lighthouse (needs node and npm).
    """
    started = time.perf_counter()
    results: dict = {
        "meta": {
            "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "mode": settings.mode,
            "machine": f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start",
            "versions": _versions(),
            "settings": asdict(settings),
        }
    }
    inputs: dict = {}
    results["budget_inputs"] = inputs
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        snapshot = snapshot_project(ROOT, work / "project")
        pages, citations = project_counts(snapshot)
        progress("Builds: warm-up (disk cache, .pyc files, pandoc) and the floor's stand-in files")
        run_build(snapshot, work / "site-generated")
        floor = make_floor_project(snapshot, work / "floor", built_site=work / "site-generated")
        run_build(floor, work / "site-floor")

        progress(f"Builds: full and floor, {settings.build_runs} runs each, interleaved")
        builds = measure_builds(
            {"full": snapshot, "full-uncached": (snapshot, {"REVIEW_SITE_CACHE": "off"}), "floor": floor},
            work,
            settings.build_runs,
            warm_up=False,
            progress=progress,
        )
        builds["ratio"] = builds["full"]["median_seconds"] / builds["floor"]["median_seconds"]
        builds["ratio_uncached"] = builds["full-uncached"]["median_seconds"] / builds["floor"]["median_seconds"]
        builds["floor_definition"] = FLOOR_DEFINITION
        results["builds"] = builds
        inputs["build_ratio"] = builds["ratio"]
        results["peak_memory_bytes"] = builds["full"]["median_max_rss_bytes"]

        progress(f"Rebuilds under mkdocs serve, {settings.rebuild_runs} edits each")
        rebuild = measure_rebuilds(
            snapshot, work, settings.rebuild_runs, keep_log=out_dir / "serve.log", progress=progress
        )
        progress(f"Rebuilds of the floor under mkdocs serve, {settings.rebuild_runs} edits of the same page")
        rebuild["floor-page"] = measure_rebuilds(
            floor, work, settings.rebuild_runs, kinds=("page",), page=page_to_edit(snapshot), progress=progress
        )["page"]
        results["rebuild"] = rebuild
        floor_rebuild = rebuild["floor-page"]["median_seconds"]
        inputs["rebuild_page"] = rebuild["page"]["median_seconds"] - floor_rebuild
        inputs["rebuild_bib"] = rebuild["bib"]["median_seconds"] / floor_rebuild
        if settings.experiments and _failing(results, ("rebuild_page", "rebuild_bib")):
            progress("Rebuild budget fails: rebuilds in other set-ups")
            ablated = make_ablation(snapshot, work / "rebuild-ablation", "htmlproofer+links.lock check")
            # --dirty needs both off: htmlproofer reports every link to a page that was not re-rendered.
            variants = {
                "floor (no plugins, hooks or citations)": (floor, ()),
                "full without htmlproofer and the links.lock check": (ablated, ()),
                "the same with `--dirty --no-strict` (MkDocs warns on every dirty build)": (
                    ablated,
                    ("--dirty", "--no-strict"),
                ),
            }
            results["rebuild_variants"] = {
                name: measure_rebuilds(
                    project,
                    work,
                    settings.rebuild_runs,
                    extra_args=args,
                    kinds=("page",),
                    page=page_to_edit(snapshot),
                    progress=progress,
                )["page"]
                for name, (project, args) in variants.items()
            }

        site = Path(builds["full"]["site"])
        from playwright.sync_api import sync_playwright

        with serve_gzip(site) as (base, server), sync_playwright() as playwright:
            browser = _launch(playwright)
            progress("Page weight in Chromium")
            page_data = measure_pages(site, browser, base, server, progress)
            results["pages"] = page_data
            # The budgets are for reading pages (those in nav). /print/ is the whole review on one
            # page, an export for printing like the .bib download: measured and shown, not budgeted.
            in_nav = {page_url(path) for path in nav_pages(project_nav(snapshot))}
            for data in page_data:
                data["in_nav"] = data["url"] in in_nav
            heaviest = max((p for p in page_data if p["in_nav"]), key=lambda p: p["first_visit_bytes"])
            results["heaviest_page"] = heaviest["url"]
            inputs["first_visit"] = heaviest["first_visit_bytes"]
            inputs["repeat_visit"] = heaviest["repeat_visit_bytes"]

            results["search_index"] = measure_search_index(site)
            inputs["search_index_ratio"] = results["search_index"]["ratio"]
            progress(f"Search latency, {settings.search_runs} runs per query")
            results["search_latency"] = measure_search_latency(
                browser, base, SEARCH_QUERIES, settings.search_runs, progress=progress
            )
            inputs["search_latency"] = results["search_latency"]["median_seconds"]
            if settings.experiments and _failing(results, ("search_latency",)):
                progress("Search budget fails: the same searches with and without a CSS fix, alternately")
                with_fix, without = [], []
                for _ in range(2):
                    without.append(
                        measure_search_latency(browser, base, SEARCH_QUERIES, settings.search_runs, progress=progress)[
                            "median_seconds"
                        ]
                    )
                    with_fix.append(
                        measure_search_latency(
                            browser, base, SEARCH_QUERIES, settings.search_runs, css=SEARCH_FIX_CSS, progress=progress
                        )["median_seconds"]
                    )
                results["search_fix"] = {
                    "css": SEARCH_FIX_CSS,
                    "with_seconds": median(with_fix),
                    "without_seconds": median(without),
                }
            browser.close()

            if lighthouse:
                reason = ensure_lighthouse(progress)
                if reason:
                    results["lighthouse"] = {"skipped": reason}
                else:
                    texts = {p: (snapshot / "docs" / p).read_text("utf-8") for p in nav_pages(project_nav(snapshot))}
                    references = page_url(
                        next((p for p, t in texts.items() if BIBLIOGRAPHY_MARKER in t), "references.md")
                    )
                    targets = list(dict.fromkeys(["", heaviest["url"], references]))
                    progress(f"Lighthouse on {targets}, {settings.lighthouse_runs} runs each")
                    results["lighthouse"] = measure_lighthouse(
                        base, targets, settings.lighthouse_runs, out_dir / "lighthouse", progress
                    )
                    slow = any(
                        run["page"] == heaviest["url"] and (run["median_scores"].get("performance") or 0) < 100
                        for run in results["lighthouse"]["runs"]
                    )
                    if settings.experiments and slow:
                        progress(
                            "Lighthouse performance < 100 on the heaviest page: main-thread time per Material feature"
                        )
                        browser = _launch(playwright)
                        results["features"] = {
                            "page": heaviest["url"],
                            "variants": measure_features(browser, base, site, heaviest["url"], 3, progress),
                        }
                        browser.close()
            else:
                results["lighthouse"] = {"skipped": "--no-lighthouse"}

        progress(f"Scaling (factor, runs): {settings.scaling}")
        base_point = {
            "factor": 1,
            "pages": pages,
            "citations": citations,
            "runs": settings.build_runs,
            "full_seconds": builds["full"]["median_seconds"],
            "floor_seconds": builds["floor"]["median_seconds"],
            "full_max_rss_bytes": builds["full"]["median_max_rss_bytes"],
        }
        results["scaling"] = measure_scaling(
            snapshot, work, settings.scaling, base_point, work / "site-generated", progress
        )
        fives = [p for p in results["scaling"]["points"] if p["factor"] == 5]
        if fives:
            inputs["scaling_ratio_growth"] = (fives[0]["full_seconds"] / fives[0]["floor_seconds"]) / builds["ratio"]

        if _failing(results, ("build_ratio", "rebuild_page", "rebuild_bib")):
            progress("Profile: a build budget fails")
            results["profile"] = profile_build(
                snapshot, work, settings.ablation_runs, out_dir, ablations=settings.experiments, progress=progress
            )
        for build in builds.values():
            if isinstance(build, dict):
                build.pop("site", None)
    results["meta"]["runtime_seconds"] = time.perf_counter() - started
    results["meta"]["machine"] += f", {os.getloadavg()[0]:.2f} at the end"
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``bench.py [--quick] [--no-lighthouse] [--out DIR]``. Returns exit status 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no 20x scaling")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: bench/)")
    args = parser.parse_args(argv)
    out_dir = args.out.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    results = run(
        QUICK if args.quick else FULL,
        out_dir,
        lighthouse=not args.no_lighthouse,
        progress=lambda message: print(message, flush=True),
    )
    budgets = evaluate_budgets(results)
    results["budgets"] = [asdict(b) for b in budgets]
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    summary = format_summary(results, budgets)
    (out_dir / "summary.md").write_text(summary, "utf-8")
    print()
    print(summary)
    print(f"Written: {out_dir / 'results.json'}, {out_dir / 'summary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
