"""Bad input fails the strict build with a message naming the file and line; traps stay closed.

Each test edits a copy of the project in a temporary folder and builds it with
``mkdocs build --strict`` (:func:`conftest.run_build`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import parse, project_copy, run_build

GROWTH = Path("docs/growth.md")
BIB = Path("bib/references.bib")


def edit(project: Path, relative: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in a project file; fail loudly if ``old`` is absent."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(project: Path, relative: Path, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in a project file."""
    text = (project / relative).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def failed_build(project: Path, tmp_path: Path):
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0, f"build should have failed:\n{result.log}"
    assert not (tmp_path / "site" / "index.html").exists() or "Aborted" in result.log
    return result.log


CASES = {
    "unbalanced brace": (BIB, "title   = {Growth and Agglomeration},", "title   = {Growth and Agglomeration,",
                         "@article{martin2001growth", r"bib/references\.bib:{line}: entry 'martin2001growth' has"),
    "duplicate key": (BIB, "@article{martin2001growth,", "@article{markusen1996sticky,",
                      "@article{martin2001growth", r"bib/references\.bib:{line}: duplicate key 'markusen1996sticky'"),
    "missing required field": (BIB, "  journal = {International Economic Review},\n", "",
                               "@article{martin2001growth",
                               r"bib/references\.bib:{line}: @article entry 'martin2001growth' lacks required field 'journal'"),
    "key with colon": (BIB, "@article{martin2001growth,", "@article{martin2001:growth,",
                       "@article{martin2001", r"bib/references\.bib:{line}: key 'martin2001:growth' breaks the key rule"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_bibtex_fails_naming_file_and_line(tmp_path, case):
    relative, old, new, anchor_text, pattern = CASES[case]
    project = project_copy(tmp_path)
    line = line_of(project, relative, anchor_text)
    edit(project, relative, old, new)
    log = failed_build(project, tmp_path)
    assert re.search(pattern.format(line=line), log), log


def append(project: Path, relative: Path, text: str) -> int:
    """Append ``text`` to a project file; return the 1-based line where it starts."""
    path = project / relative
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + "\n" + text, encoding="utf-8")
    return old.count("\n") + 2


PAGE_CASES = {
    "unknown citation key": ("An unknown work [@nosuchkey2020].\n",
                             "unknown citation key 'nosuchkey2020' (not in bib/references.bib)"),
    "key with colon, cut short by mkdocs-bibtex": ("Martin and Ottaviano [-@martin2001:growth].\n",
                                                   "citation key 'martin2001:growth' has characters outside"),
    "heading without id": ("## A heading without an id\n\nText.\n",
                           "heading 'A heading without an id' has no explicit id"),
}


@pytest.mark.parametrize("case", PAGE_CASES)
def test_bad_page_input_fails_naming_page_and_line(tmp_path, case):
    text, message = PAGE_CASES[case]
    project = project_copy(tmp_path)
    line = append(project, GROWTH, text)
    log = failed_build(project, tmp_path)
    assert f"docs/growth.md:{line}: {message}" in log, log


def test_missing_title_fails(tmp_path):
    project = project_copy(tmp_path)
    text = (project / GROWTH).read_text(encoding="utf-8")
    (project / GROWTH).write_text(re.sub(r"(?m)^title: .*\n", "", text, count=1), encoding="utf-8")
    log = failed_build(project, tmp_path)
    assert "docs/growth.md:1: front matter lacks 'title'" in log, log


def test_link_to_missing_page_fails(tmp_path):
    project = project_copy(tmp_path)
    append(project, GROWTH, "See [nowhere](nowhere.md).\n")
    log = failed_build(project, tmp_path)
    assert "growth.md" in log and "nowhere.md" in log, log


def test_link_to_missing_anchor_fails(tmp_path):
    project = project_copy(tmp_path)
    append(project, GROWTH, "See [gone](mechanisms.md#no-such-section).\n")
    log = failed_build(project, tmp_path)
    assert "growth.md" in log and "no-such-section" in log, log


def test_page_missing_from_nav_fails(tmp_path):
    project = project_copy(tmp_path)
    (project / "docs" / "orphan.md").write_text("---\ntitle: Orphan\ndescription: Not in nav.\n---\n\nText.\n")
    log = failed_build(project, tmp_path)
    assert "orphan.md" in log and "not included in the \"nav\"" in log, log


TRAP_PAGE = """\
---
title: Traps
description: Inputs that mkdocs-bibtex 4.4.0 mishandles.
---

## Porter on clusters [@porter1998clusters] { #porter-heading }

A locator: [@porter1998clusters, 80].
Two works: [@marshall1920principles; @weber1929theory].
Particles: [@vandijk2000technological; @roelandt1998cluster].
Write to [contact: info@example.org] or <editors@example.org>.
Inline code: `[@porter1998clusters]` and `@media`.

```python
@dataclass
class Cite:
    key = "[@nosuchkey2020]"
```
"""


def test_traps_render_correctly(tmp_path):
    """One build covers the positive traps: locators, several keys, @ in code and e-mail, heading ids."""
    project = project_copy(tmp_path)
    (project / "docs" / "traps.md").write_text(TRAP_PAGE, encoding="utf-8")
    edit(project, Path("mkdocs.yml"), "  - editorial-notes.md\n", "  - editorial-notes.md\n  - traps.md\n")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.log
    soup = parse(tmp_path / "site" / "traps" / "index.html")
    article = soup.select_one("article")
    text = article.get_text()
    heading = article.find("h2", string=re.compile("Porter on clusters")) or article.find(id="porter-heading")
    assert heading is not None and heading["id"] == "porter-heading"
    assert "(Porter 1998, 80)" in text
    assert "(Marshall 1920; Weber 1929)" in text
    assert "(van Dijk and Nomaler 2000; Roelandt and den Hertog 1998)" in text
    assert "[contact: info@example.org]" in text
    assert "editors@example.org" in text
    codes = [code.get_text() for code in article.find_all("code")]
    assert "[@porter1998clusters]" in codes and "@media" in codes
    block = article.select_one("pre code").get_text()
    assert "@dataclass" in block and '"[@nosuchkey2020]"' in block
    assert "\ue000" not in text
