"""Finding a browser: a system Chromium first, else Playwright's download, else a clear error."""

from __future__ import annotations

import pytest

from review_site.browser import BrowserNotFound, find_chromium


def test_environment_variable_wins(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    assert find_chromium({"CHROMIUM": str(chromium)}, which=lambda name: "/usr/bin/x") == chromium


def test_missing_file_in_environment_variable_is_an_error(tmp_path):
    with pytest.raises(BrowserNotFound, match="does not exist"):
        find_chromium({"CHROMIUM": str(tmp_path / "nope")})


def test_system_chromium_before_playwright_download(tmp_path):
    bundled = tmp_path / "bundled"
    bundled.write_text("")
    found = find_chromium(
        {}, which=lambda name: "/usr/bin/chromium" if name == "chromium" else None, playwright_path=str(bundled)
    )
    assert str(found) == "/usr/bin/chromium"


def test_playwright_download_when_no_system_browser(tmp_path):
    bundled = tmp_path / "bundled"
    bundled.write_text("")
    assert find_chromium({}, which=lambda name: None, playwright_path=str(bundled)) == bundled


def test_no_browser_at_all_says_how_to_get_one(tmp_path):
    with pytest.raises(BrowserNotFound, match="apt-get install --no-install-recommends chromium"):
        find_chromium({}, which=lambda name: None, playwright_path=str(tmp_path / "not-downloaded"))
