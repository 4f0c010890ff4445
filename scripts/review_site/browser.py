"""Find the Chromium that browser tests and benchmarks drive, never assuming one.

Order of search (first hit wins):

1. the ``CHROMIUM`` environment variable (a path to the executable);
2. a system Chromium or Chrome on ``PATH`` (Debian's ``chromium`` package installs
   ``/usr/bin/chromium``; ``.ci/run`` installs it in CI);
3. the Chromium that ``python -m playwright install chromium`` downloaded.

Run ``python -m review_site.browser`` to print the browser found, or, when there is none, to
download Playwright's Chromium (this needs internet; CI uses Debian's package instead).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Executable names of a system Chromium/Chrome, in order of preference.
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Flags for a headless, offline-friendly Chromium. As root it needs --no-sandbox; without the
#: background-networking flags it keeps trying Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class BrowserNotFound(RuntimeError):
    """No Chromium was found; the message says how to get one."""


HOW_TO_GET_ONE = (
    "no Chromium found for the browser tests. Install one of:\n"
    "  - Debian/Ubuntu: sudo apt-get install --no-install-recommends chromium\n"
    "  - any machine with internet: .venv/bin/python -m playwright install chromium\n"
    "or point the CHROMIUM environment variable at a Chromium executable."
)


def find_chromium(
    environ: dict[str, str] | None = None, which=shutil.which, playwright_path: str | None = None
) -> Path:
    """Return the path of the Chromium executable to drive.

    Args:
        environ: environment variables to read ``CHROMIUM`` from (default ``os.environ``).
        which: the ``PATH`` lookup, ``shutil.which`` by default (replaceable in tests).
        playwright_path: where Playwright's own Chromium would be; looked up when ``None``.

    Returns:
        Path to an existing executable file.

    Raises:
        BrowserNotFound: ``CHROMIUM`` names a missing file, or no browser exists anywhere;
            the message lists the ways to install one.
    """
    environ = os.environ if environ is None else environ
    if environ.get("CHROMIUM"):
        path = Path(environ["CHROMIUM"])
        if not path.is_file():
            raise BrowserNotFound(f"CHROMIUM={path} does not exist.\n{HOW_TO_GET_ONE}")
        return path
    for name in SYSTEM_NAMES:
        found = which(name)
        if found:
            return Path(found)
    bundled = playwright_chromium_path() if playwright_path is None else playwright_path
    if bundled and Path(bundled).is_file():
        return Path(bundled)
    raise BrowserNotFound(HOW_TO_GET_ONE)


def playwright_chromium_path() -> str | None:
    """Return where Playwright keeps its downloaded Chromium, or ``None`` if Playwright fails.

    The path may not exist: it exists only after ``python -m playwright install chromium``.
    """
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path
    except Exception:  # noqa: BLE001 - a broken Playwright means "no bundled browser"
        return None


def main() -> int:
    """Print the Chromium found; download Playwright's when there is none. Exit status 0 or 1."""
    try:
        print(f"Browser for the tests: {find_chromium()}")
        return 0
    except BrowserNotFound:
        print("No Chromium found; downloading Playwright's (needs internet) ...", flush=True)
    result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"])
    try:
        print(f"Browser for the tests: {find_chromium()}")
        return 0
    except BrowserNotFound as error:
        print(f"error: {error}", file=sys.stderr)
        return result.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
