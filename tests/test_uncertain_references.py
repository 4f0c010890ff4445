"""Works whose identification or year is not confirmed say so wherever a reader meets them.

The qualifier is a bracketed phrase at the end of the title in ``bib/references.bib`` (the site's
Chicago author-date CSL style prints no ``note``; every style and reference manager prints the
title), with the reason in ``note``. These tests read what a reader gets: the References page, the
reference list (footnotes) of each page that cites the work, which is also the text of the
citation's hover tooltip, and the CSL-JSON export.
"""

from __future__ import annotations

import json
import re

from conftest import ROOT

#: Citation key -> the qualifier its reference must show (references.md marks these works O or U,
#: or gives their year as not determined).
UNCERTAIN = {
    "andersen1994evolutionary": "[identification not confirmed]",
    "britto1998technological": "[identification and year not confirmed]",
    "dalum1999formation": "[identification not confirmed]",
    "foss1999capabilities": "[identification not confirmed]",
    "kaiborinduntraced": "[Work not traced:",
    "messner2000governance": "[identification not confirmed]",
    "meyerstamer2002clustering": "[identification not confirmed]",
    "quandt2000fostering": "[year not confirmed]",
    "romano2001new": "[identification not confirmed]",
    "vandijk2000technological": "[identification not confirmed]",
}


def text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).replace("[ ", "[").replace(" ]", "]")


def test_every_qualified_entry_is_listed():
    """An entry whose note says it is unconfirmed must be in UNCERTAIN (so it is checked below)."""
    bib = (ROOT / "bib" / "references.bib").read_text(encoding="utf-8")
    flagged = set(re.findall(r"@\w+\{([^,]+),(?:(?!\n@).)*?(?:not confirmed|not traced)", bib, re.DOTALL))
    assert flagged == set(UNCERTAIN), flagged ^ set(UNCERTAIN)


def test_references_page_shows_the_qualifier(build):
    page = build.html("references/")
    for key, marker in UNCERTAIN.items():
        entry = page.find(id=f"ref-{key}")
        assert entry is not None, key
        assert marker in text(entry), (key, text(entry))


def test_page_reference_lists_and_tooltips_show_the_qualifier(build):
    """Each entry of a citing page's reference list (which the citation popover shows) has it."""
    seen = {key: 0 for key in UNCERTAIN}
    for path, page in build.pages():
        if "print" in path.parts:
            continue
        for key, marker in UNCERTAIN.items():
            note = page.select_one(f'.page-references [data-cite="{key}"]')  # the list the popover reads
            if note is None:
                continue
            seen[key] += 1
            assert marker in text(note), (path, key, text(note))
    assert all(seen.values()), f"no page cites: {[key for key, count in seen.items() if not count]}"


def test_exports_carry_the_qualifier_and_the_reason(build):
    items = {item["id"]: item for item in json.loads((build.site / "references.json").read_text(encoding="utf-8"))}
    for key, marker in UNCERTAIN.items():
        assert marker in items[key]["title"], (key, items[key]["title"])
        assert items[key].get("note"), f"{key}: the export's note must give the reason"
