"""The seven chapters number their sections like an encyclopedia article (issue 14).

Chapter N's H2 headings read ``## N.1 Title { #id }``, ``## N.2 …`` in order, and the H3
headings under ``N.M`` read ``### N.M.1 …``, ``### N.M.2 …``. Reads ``docs/*.md`` only (no build),
so it runs in well under a second.
"""

from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT

#: Chapter page -> chapter number, in reading order (the order of ``nav`` in mkdocs.yml).
CHAPTERS = {
    "definitions.md": 1,
    "mechanisms.md": 2,
    "growth.md": 3,
    "innovation.md": 4,
    "policy.md": 5,
    "methods.md": 6,
    "conclusions.md": 7,
}

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(?P<hashes>#{2,3}) (?P<text>.*?)\s*(\{[^}]*\})?\s*$")
_NUMBER = re.compile(r"^(?P<number>\d+(?:\.\d+){1,2}) \S")


def headings(path) -> list[tuple[int, int, str]]:
    """``(line, level, text)`` of every H2/H3 outside front matter and fenced code."""
    found = []
    in_fence = False
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if lines and lines[0] == "---":  # front matter
        start = lines.index("---", 1) + 1
    for number, line in enumerate(lines[start:], start + 1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if match:
            found.append((number, len(match["hashes"]), match["text"]))
    return found


def numbering_problems(page: str, chapter: int) -> list[str]:
    """Every heading of ``page`` whose number is not the next one in the scheme."""
    problems = []
    section = subsection = 0
    entries = headings(ROOT / "docs" / page)
    if not any(level == 2 for _, level, _ in entries):
        return [f"{page}: no H2 heading"]
    for line, level, text in entries:
        if level == 2:
            section, subsection = section + 1, 0
            expected = f"{chapter}.{section}"
        else:
            subsection += 1
            expected = f"{chapter}.{section}.{subsection}"
        match = _NUMBER.match(text)
        if section == 0 or match is None or match["number"] != expected:
            problems.append(f"docs/{page}:{line}: {'#' * level} {text!r} should start with '{expected} '")
    return problems


@pytest.mark.parametrize(("page", "chapter"), CHAPTERS.items())
def test_chapter_headings_are_numbered_consecutively(page, chapter):
    assert numbering_problems(page, chapter) == []


def test_the_check_catches_a_gap_and_a_wrong_chapter(tmp_path, monkeypatch):
    """The check itself fails on a skipped number, a wrong chapter and an unnumbered H3."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.md").write_text(
        "---\ntitle: X\n---\n\n## 3.1 One { #one }\n\n### 3.1.1 A { #a }\n\n```\n## not a heading\n```\n\n"
        "## 3.3 Three { #three }\n\n### Unnumbered { #b }\n\n## 4.4 Wrong { #wrong }\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    problems = numbering_problems("x.md", 3)
    assert [p.split(":")[1] for p in problems] == ["13", "15", "17"], problems
    assert "should start with '3.2 '" in problems[0]
    assert "should start with '3.2.1 '" in problems[1]
