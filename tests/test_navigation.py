"""The navigation a reader sees: the home page, then four labelled groups, pages in reading
order (issue 13)."""

from __future__ import annotations

import yaml

from conftest import ROOT, _PermissiveLoader

#: The groups of ``nav`` in mkdocs.yml and their first page.
GROUPS = {
    "The review": "definitions.md",
    "Explore": "places.md",
    "For instructors": "links.md",
    "Editorial": "editorial-notes.md",
}


def test_nav_is_grouped_in_labelled_sections_in_reading_order(nav_pages):
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PermissiveLoader)
    home, *sections = config["nav"]
    assert home == "index.md", "the home page must stay top-level (MkDocs' homepage, the logo's link)"
    assert all(isinstance(entry, dict) and len(entry) == 1 for entry in sections), "every other entry is a section"
    assert [next(iter(entry)) for entry in sections] == list(GROUPS)
    assert [next(iter(entry.values()))[0] for entry in sections] == list(GROUPS.values())
    assert nav_pages[:8] == [
        "index.md",
        "definitions.md",
        "mechanisms.md",
        "growth.md",
        "innovation.md",
        "policy.md",
        "methods.md",
        "conclusions.md",
    ]
    assert len(nav_pages) == 16


def test_built_navigation_shows_the_section_labels(build):
    nav = build.html("growth/").select_one("nav.md-nav--primary")
    labels = [label.get_text(" ", strip=True) for label in nav.select("li.md-nav__item--section > label")]
    for group in GROUPS:
        assert any(group in label for label in labels), f"no nav section {group!r}: {labels}"
    logo = build.html("growth/").select_one("a.md-header__button.md-logo")
    assert logo["href"] == "..", "the logo must link to the home page"
