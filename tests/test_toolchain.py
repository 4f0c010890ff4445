"""The toolchain check that refuses a pre-release or 2.x MkDocs (unit tests)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from review_site.toolchain import installed_versions, toolchain_problems

# Fast despite the subprocess (a few ms), so in `make test-fast`.
pytestmark = pytest.mark.unit

GOOD = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2", "mkdocs-bibtex": "4.4.0"}


def test_pinned_versions_pass():
    assert toolchain_problems(GOOD) == []


@pytest.mark.parametrize(
    "mkdocs, message",
    [
        ("2.0.0a1", "mkdocs 2.0.0a1 is a pre-release"),
        ("1.7.0.dev0", "mkdocs 1.7.0.dev0 is a pre-release"),
        ("2.0.0rc1", "is a pre-release"),
        ("2.0.0", "mkdocs 2.0.0: the site is built for mkdocs 1.x"),
    ],
)
def test_prerelease_or_2x_mkdocs_is_refused(mkdocs, message):
    found = toolchain_problems({**GOOD, "mkdocs": mkdocs})
    assert len(found) == 1 and message in found[0], found


def test_missing_package_is_reported():
    assert "mkdocs-bibtex is not installed" in toolchain_problems({"mkdocs": "1.6.1", "mkdocs-material": "9.8.2"})[0]


def test_this_environment_passes_the_check():
    """What `make` runs after installing: the environment the tests run in must pass it."""
    assert toolchain_problems(installed_versions()) == []
    result = subprocess.run([sys.executable, "-m", "review_site.toolchain"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
