"""Refuse a toolchain the site was not built for: a pre-release or a 2.x MkDocs.

MkDocs 1.6 is unmaintained and MkDocs 2.0 is announced as a rewrite without plugins, so neither
``mkdocs-bibtex`` nor this project's ``hooks:`` would run on it; its pre-releases must never be
installed (``pip install --pre`` or a loose pin would pull them). Run as
``python -m review_site.toolchain`` (the Makefile does after installing) it exits with a message
naming the package when the installed versions break the rule.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

from packaging.version import InvalidVersion, Version

#: Package -> the major version the site is built and tested with (see README "Maintenance").
SUPPORTED_MAJOR = {"mkdocs": 1, "mkdocs-material": 9, "mkdocs-bibtex": 4}


def toolchain_problems(installed: dict[str, str]) -> list[str]:
    """Check installed versions against the supported ones.

    Args:
        installed: ``{package name: version string}`` (PEP 440), e.g. ``{"mkdocs": "1.6.1"}``.

    Returns:
        One message per package of :data:`SUPPORTED_MAJOR` that is missing, has an invalid
        version, is a pre-release or development release (``2.0.0a1``, ``1.7.0.dev0``) or has
        another major version; an empty list when all is well.
    """
    problems = []
    for name, major in SUPPORTED_MAJOR.items():
        text = installed.get(name)
        if text is None:
            problems.append(f"{name} is not installed; run `make` (it installs the pinned versions)")
            continue
        try:
            found = Version(text)
        except InvalidVersion:
            problems.append(f"{name} {text}: not a valid version")
            continue
        if found.is_prerelease or found.is_devrelease:
            problems.append(
                f"{name} {text} is a pre-release; install the pinned version from pyproject.toml "
                "(never `pip install --pre`)"
            )
        elif found.major != major:
            problems.append(f"{name} {text}: the site is built for {name} {major}.x (see README, Maintenance)")
    return problems


def installed_versions() -> dict[str, str]:
    """The installed versions of the packages of :data:`SUPPORTED_MAJOR` (missing ones left out)."""
    found = {}
    for name in SUPPORTED_MAJOR:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def main() -> int:
    problems = toolchain_problems(installed_versions())
    for problem in problems:
        print(f"toolchain: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
