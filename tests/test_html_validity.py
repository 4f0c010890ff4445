"""Every built HTML file passes the Nu HTML Checker (vnu.jar from npm ``vnu-jar``, run on Java).

``make test`` installs vnu.jar with ``npm ci`` (``package.json``); Java must be on the machine
(``.ci/run`` installs it where it is missing). A missing checker fails, it never skips.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: The only checker errors accepted, each with its reason. A filter that no longer matches any
#: message fails the test, so this list cannot go stale.
FILTERED = [
    (
        r"Attribute “autocomplete” is only allowed when the input type is",
        'Material for MkDocs writes autocomplete="off" on its two checkbox toggles (navigation '
        "drawer, search) so that Firefox does not restore them open after going back; harmless.",
    ),
]
#: Built pages that cannot pass, with the reason. None so far.
EXCLUDED_PAGES: dict[str, str] = {}


def run_vnu(site) -> list[dict]:
    """All messages of vnu.jar over the built site's HTML files (JSON format)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed for the Nu HTML Checker: apt-get install default-jre-headless", pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `make test` (it runs `npm ci`)", pytrace=False)
    files = [
        str(path) for path in sorted(site.rglob("*.html")) if path.relative_to(site).as_posix() not in EXCLUDED_PAGES
    ]
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr)["messages"]


def test_built_pages_are_valid_html(build):
    messages = run_vnu(build.site)
    errors = [message for message in messages if message["type"] in ("error", "non-document-error")]
    used = {pattern: 0 for pattern, _ in FILTERED}
    unexpected = []
    for error in errors:
        pattern = next((p for p, _ in FILTERED if re.search(p, error["message"])), None)
        if pattern is None:
            where = error.get("url", "").split(str(build.site))[-1]
            unexpected.append(f"{where}:{error.get('lastLine', '?')}: {error['message']}")
        else:
            used[pattern] += 1
    assert unexpected == [], "Nu HTML Checker errors:\n" + "\n".join(unexpected)
    assert all(used.values()), f"filters that match nothing any more (remove them): {used}"
    assert len(list(build.site.rglob("*.html"))) >= 11  # 10 pages and the 404 page
