"""Shared fixtures: the site is built once per test session with ``mkdocs build --strict``.

Tests read what a reader gets (the built HTML, the search index, the downloadable files).
Bad-input tests build a copy of the project in a temporary folder (:func:`project_copy`).
"""

from __future__ import annotations

import fcntl
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from review_site.browser import CHROMIUM_ARGS, BrowserNotFound, find_chromium
from review_site.project import BUILD_ENV, PROJECT_PARTS, page_url  # noqa: F401 - page_url: used by the tests
from review_site.project import nav_pages as _nav_sources
from review_site.server import serve

ROOT = Path(__file__).resolve().parent.parent
# Project copies built by the tests share the project's build cache (review_site.cache): a
# pandoc result depends only on its inputs, and test_cache checks that cached equals uncached.
os.environ.setdefault("REVIEW_SITE_CACHE", str(ROOT / ".cache" / "review-site"))
MKDOCS = [sys.executable, "-m", "mkdocs"]


@dataclass
class Build:
    """The result of one ``mkdocs build --strict``."""

    returncode: int
    log: str
    site: Path
    #: Built inside a network namespace with no network at all (``unshare --net``).
    offline: bool = False

    def html(self, url: str) -> BeautifulSoup:
        """Parse a built page, e.g. ``"growth/"`` or ``""`` for the home page."""
        return parse(self.site / url / "index.html")

    def pages(self):
        """Yield ``(path, soup)`` for every HTML file of the built site."""
        for path in sorted(self.site.rglob("*.html")):
            yield path, parse(path)


@contextmanager
def recording_tab(browser, width: int, height: int):
    """A new browser tab of ``width`` × ``height`` CSS px whose every request URL is recorded in
    ``tab.requests``; its context is closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    try:
        yield tab
    finally:
        context.close()


def parse(path: Path) -> BeautifulSoup:
    """Parse an HTML file with lxml."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


#: Runs a command with no network: a new network namespace holding only a loopback that is down.
NO_NETWORK = ["unshare", "--net", "--map-root-user"]


def network_namespaces_work() -> bool:
    """Whether this machine lets us run a command in a namespace without network."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run([*NO_NETWORK, "true"], capture_output=True).returncode == 0


def run_build(project: Path, site: Path, offline: bool = False) -> Build:
    """Build ``project`` strictly into ``site``; return code, combined log and site path.

    With ``offline=True`` the build runs in a network namespace without network, so any
    request it tried would fail the build.
    """
    env = dict(os.environ, **BUILD_ENV)
    command = [*MKDOCS, "build", "--strict", "--site-dir", str(site), "--config-file", str(project / "mkdocs.yml")]
    result = subprocess.run(
        [*NO_NETWORK, *command] if offline else command,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Build(result.returncode, result.stdout + result.stderr, site, offline)


def make_build(project: Path, target: str = "build", *variables: str) -> subprocess.CompletedProcess:
    """Run ``make build`` (or another target, with ``NAME=value`` variables) in a project copy
    with this test run's virtual environment.

    Returns the finished process (``returncode``, ``stdout`` + ``stderr`` in ``stdout``).
    """
    venv = Path(sys.executable).parent.parent
    os.utime(project / "pyproject.toml", (0, 0))  # older than the venv's stamp: make must not reinstall
    return subprocess.run(
        ["make", "--no-print-directory", target, f"VENV={venv}", *variables],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )


def _build_with_pdf(site: Path) -> Build:
    """Build the real site strictly into ``site`` (without network where the machine allows it), then
    print its PDF as ``make build`` does (review_site.pdf, Chromium)."""
    result = run_build(ROOT, site, offline=network_namespaces_work())
    if result.returncode == 0:
        pdf = subprocess.run(
            [sys.executable, "-m", "review_site.pdf", str(result.site)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if pdf.returncode != 0:
            result.returncode, result.log = (
                pdf.returncode,
                f"the PDF step of `make build` failed:\n{pdf.stdout}{pdf.stderr}",
            )
    return result


@pytest.fixture(scope="session")
def build(tmp_path_factory, worker_id) -> Build:
    """The real site, built once per test run with ``--strict`` into a temporary folder, without
    network where the machine allows it (``test_build_needs_no_network`` fails where it does not),
    with the PDF that ``make build`` prints into it. Under pytest-xdist the first worker builds it
    and the others wait for it (a lock file in the run's shared temporary folder) and read it."""
    if worker_id == "master":  # no xdist (-n 0)
        result = _build_with_pdf(tmp_path_factory.mktemp("site") / "site")
    else:
        shared = tmp_path_factory.getbasetemp().parent  # the same for every worker of this run
        with open(shared / "site.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            record = shared / "site.json"
            if record.is_file():
                data = json.loads(record.read_text(encoding="utf-8"))
                result = Build(data["returncode"], data["log"], Path(data["site"]), data["offline"])
            else:
                result = _build_with_pdf(shared / "site")
                fields = {"returncode": result.returncode, "log": result.log, "site": str(result.site)}
                record.write_text(json.dumps({**fields, "offline": result.offline}), encoding="utf-8")
    assert result.returncode == 0, f"strict build failed:\n{result.log}"
    return result


@pytest.fixture(scope="session")
def nav_pages() -> list[str]:
    """Source paths of the pages in ``nav``, in reading order (e.g. ``"growth.md"``)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PermissiveLoader)
    return _nav_sources(config["nav"])


@pytest.fixture(scope="session")
def search_index(build) -> dict:
    """Material's search index of the built site."""
    return json.loads((build.site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site_url(build) -> str:
    """Base URL of the built site, served in-process on 127.0.0.1 with an ephemeral port."""
    with serve(build.site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright (see ``review_site.browser``).

    A missing browser fails the tests that need it, with the ways to install one; it never
    skips them.
    """
    from playwright.sync_api import sync_playwright

    try:
        executable = find_chromium()
    except BrowserNotFound as error:
        pytest.fail(str(error), pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


def project_copy(tmp_path: Path) -> Path:
    """Copy the buildable parts of the project into ``tmp_path/project`` and return it."""
    target = tmp_path / "project"
    target.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            # not node_modules: the Lighthouse of `make bench` (scripts/bench/, 110 MB) would be copied for every test
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        else:
            shutil.copy2(source, target / part)
    return target


class _PermissiveLoader(yaml.SafeLoader):
    """A YAML loader that ignores MkDocs tags such as ``!relative`` and ``!ENV``."""


_PermissiveLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


#: Fixtures that build the site or start a browser: a test that requests one is not a unit test.
SLOW_FIXTURES = {"build", "search_index", "site_url", "browser"}
#: Helpers that build a project copy, run ``make`` or start a process; a test calling one is not a unit test.
SLOW_CALLS = re.compile(r"\b(?:run_build|make_build|failed_build|project_copy|subprocess|sync_playwright)\b")


def _calls_slow_helper(function) -> bool:
    try:
        return bool(SLOW_CALLS.search(inspect.getsource(function)))
    except (OSError, TypeError):
        return True


def _is_unit(item) -> bool:
    """A unit test requests no slow fixture (also through other fixtures, also a module's own
    fixture that builds something) and calls no slow helper itself."""
    names = set(getattr(item, "fixturenames", ()))
    if SLOW_FIXTURES & names or getattr(item, "function", None) is None or _calls_slow_helper(item.function):
        return False
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    return not any(
        _calls_slow_helper(definition.func)
        for name in names
        for definition in definitions.get(name, ())
        if definition.baseid
    )  # baseid "": pytest's own fixtures (tmp_path, monkeypatch, …)


def pytest_collection_modifyitems(config, items):
    """Mark every unit test ``unit``: ``make test-fast`` (``pytest -m unit``) runs them alone.
    A fast test that starts a small process can opt in with ``pytestmark = pytest.mark.unit``."""
    for item in items:
        if _is_unit(item):
            item.add_marker(pytest.mark.unit)
