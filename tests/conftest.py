"""Shared fixtures: the site is built once per test session with ``mkdocs build --strict``.

Tests read what a reader gets (the built HTML, the search index, the downloadable files).
Bad-input tests build a copy of the project in a temporary folder (:func:`project_copy`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
#: What a project copy needs to build.
PROJECT_PARTS = ("mkdocs.yml", "docs", "bib", "scripts", "includes")


@dataclass
class Build:
    """The result of one ``mkdocs build --strict``."""

    returncode: int
    log: str
    site: Path

    def html(self, page_url: str) -> BeautifulSoup:
        """Parse a built page, e.g. ``"growth/"`` or ``""`` for the home page."""
        return parse(self.site / page_url / "index.html")

    def pages(self):
        """Yield ``(path, soup)`` for every HTML file of the built site."""
        for path in sorted(self.site.rglob("*.html")):
            yield path, parse(path)


def parse(path: Path) -> BeautifulSoup:
    """Parse an HTML file with lxml."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def run_build(project: Path, site: Path) -> Build:
    """Build ``project`` strictly into ``site``; return code, combined log and site path."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site), "--config-file", str(project / "mkdocs.yml")],
        cwd=project, env=env, capture_output=True, text=True, timeout=300)
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> Build:
    """The real site, built once with ``--strict`` into a temporary folder."""
    result = run_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert result.returncode == 0, f"strict build failed:\n{result.log}"
    return result


@pytest.fixture(scope="session")
def nav_pages() -> list[str]:
    """Source paths of the pages in ``nav``, in reading order (e.g. ``"growth.md"``)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PermissiveLoader)
    return [entry if isinstance(entry, str) else next(iter(entry.values())) for entry in config["nav"]]


@pytest.fixture(scope="session")
def search_index(build) -> dict:
    """Material's search index of the built site."""
    return json.loads((build.site / "search" / "search_index.json").read_text(encoding="utf-8"))


def page_url(source: str) -> str:
    """Map a page source path to its directory URL: ``growth.md`` → ``growth/``, ``index.md`` → ``""``."""
    return "" if source == "index.md" else source.removesuffix(".md") + "/"


def project_copy(tmp_path: Path) -> Path:
    """Copy the buildable parts of the project into ``tmp_path/project`` and return it."""
    target = tmp_path / "project"
    target.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


class _PermissiveLoader(yaml.SafeLoader):
    """A YAML loader that ignores MkDocs tags such as ``!relative`` and ``!ENV``."""


_PermissiveLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
