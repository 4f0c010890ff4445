"""Facts about the project shared by the build (``scripts/hooks.py``), the benchmark
(``scripts/bench.py``) and the tests (``tests/conftest.py``), so none of them keeps a copy.

Plain values and pure functions only: no MkDocs import, so the tests' and the benchmark's
processes can use them without loading the build.
"""

from __future__ import annotations

#: What a copy of the project needs to build (``make build`` included): the tests' project
#: copies and the benchmark's snapshot when git is unavailable.
PROJECT_PARTS = (
    "mkdocs.yml",
    "docs",
    "bib",
    "scripts",
    "includes",
    "overrides",
    "links.lock",
    "Makefile",
    "pyproject.toml",
)
#: Environment of every build: Material 9.8 and mkdocs-redirects print "MkDocs 2.0" banners at
#: every build; these variables silence them (they are not warnings). The Makefile exports the same.
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
#: The PDF of the whole review at the root of the site: `make build` prints it (review_site.pdf), every page links it.
PDF_NAME = "industrial-clusters-review.pdf"
#: Where the references page asks for the full bibliography (replaced by the build).
BIBLIOGRAPHY_MARKER = "<!-- full-bibliography -->"


def nav_pages(nav: object) -> list[str]:
    """The Markdown paths of a MkDocs ``nav``, in reading order.

    Args:
        nav: ``nav`` as YAML gives it: strings, ``{title: path}``, labelled sections (lists).

    Returns:
        ``docs``-relative paths ending in ``.md`` (external links and other entries left out).
    """
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    return []


def page_url(source: str) -> str:
    """A page's directory URL (MkDocs' ``use_directory_urls``), relative to the site root.

    ``"growth.md"`` → ``"growth/"``, ``"index.md"`` → ``""``, ``"a/index.md"`` → ``"a/"``.
    """
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"
