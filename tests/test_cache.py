"""The build cache (review_site.cache): equal inputs give the stored result, any change recomputes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import project_copy, run_build

from review_site.build import UNCACHED_MARKERS
from review_site.project import BUILD_ENV
from review_site.cache import KEEP_PER_NAME, ContentCache, cache_key, code_salt, running_code_salt


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_same_inputs_are_computed_once_and_come_back_equal(tmp_path):
    cache = ContentCache(tmp_path, "salt")
    compute, calls = counting({"a": ["x", 1]})
    assert cache.get_or_compute("step", ["in"], compute) == {"a": ["x", 1]}
    assert cache.get_or_compute("step", ["in"], compute) == {"a": ["x", 1]}
    assert len(calls) == 1 and (cache.hits, cache.misses) == (1, 1)


@pytest.mark.parametrize(
    "change",
    [
        ("other-step", ["in"], "salt"),
        ("step", ["in2"], "salt"),
        ("step", ["i", "n"], "salt"),
        ("step", ["in"], "new-code"),
    ],
)
def test_any_change_of_name_inputs_or_salt_misses(change):
    assert cache_key(*change) != cache_key("step", ["in"], "salt")


def test_tuples_come_back_as_lists_both_times(tmp_path):
    cache = ContentCache(tmp_path, "s")
    first = cache.get_or_compute("step", ["x"], lambda: ({"k": "v"}, {}))
    again = cache.get_or_compute("step", ["x"], lambda: pytest.fail("computed twice"))
    assert first == again == [{"k": "v"}, {}]


def test_a_corrupt_file_is_recomputed_and_replaced(tmp_path):
    cache = ContentCache(tmp_path, "s")
    cache.get_or_compute("step", ["x"], lambda: 1)
    (stored,) = tmp_path.glob("step-*.json")
    stored.write_text("{half", encoding="utf-8")
    assert cache.get_or_compute("step", ["x"], lambda: 2) == 2
    assert stored.read_text(encoding="utf-8") == "2"


def test_an_error_in_compute_stores_nothing(tmp_path):
    cache = ContentCache(tmp_path, "s")
    with pytest.raises(RuntimeError, match="pandoc failed"):
        cache.get_or_compute("step", ["x"], lambda: (_ for _ in ()).throw(RuntimeError("pandoc failed")))
    assert not list(tmp_path.glob("*.json"))


def test_off_computes_every_time(tmp_path):
    cache = ContentCache.for_project(tmp_path, tmp_path, {"REVIEW_SITE_CACHE": "off"})
    compute, calls = counting(3)
    cache.get_or_compute("step", ["x"], compute)
    cache.get_or_compute("step", ["x"], compute)
    assert len(calls) == 2 and not (tmp_path / ".cache").exists()


def test_old_results_are_pruned(tmp_path):
    old_build = ContentCache(tmp_path, "s")
    for number in range(KEEP_PER_NAME + 3):
        old_build.get_or_compute("step", [str(number)], lambda number=number: number)
    ContentCache(tmp_path, "s").get_or_compute("step", ["new"], lambda: "new")  # the next build
    assert len(list(tmp_path.glob("step-*.json"))) == KEEP_PER_NAME + 1


def test_a_build_with_more_results_than_kept_finds_all_of_them_next_time(tmp_path):
    """A site with more pages than KEEP_PER_NAME: pruning never evicts what the same build used,
    so the second build hits every result (before, 5x content missed every page, every build)."""
    inputs = [str(number) for number in range(KEEP_PER_NAME + 9)]
    first = ContentCache(tmp_path, "s")
    for text in inputs:
        first.get_or_compute("step", [text], lambda text=text: text)
    second = ContentCache(tmp_path, "s")
    compute, calls = counting("never")
    assert [second.get_or_compute("step", [text], compute) for text in inputs] == inputs
    assert second.hits == len(inputs) and not calls


def test_bad_step_name_raises():
    with pytest.raises(ValueError, match="use \\[a-z0-9_-\\]"):
        cache_key("Step/1", [], "s")


def test_salt_follows_the_code(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    before = code_salt(tmp_path, ())
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert code_salt(tmp_path, ()) != before


def test_pruning_skips_a_result_another_build_removed_meanwhile(tmp_path):
    """Parallel builds share the cache: a stored result may vanish between listing and reading its time."""
    earlier = ContentCache(tmp_path, "salt")
    for number in range(KEEP_PER_NAME + 1):  # one build may keep more: it never prunes what it used
        earlier.get_or_compute("step", [str(number)], lambda number=number: number)
    (tmp_path / "step-gone.json").symlink_to(tmp_path / "removed-by-another-build.json")  # listed, cannot be read
    assert ContentCache(tmp_path, "salt").get_or_compute("step", ["new"], lambda: "new") == "new"
    kept = [path for path in tmp_path.glob("step-*.json") if path.exists()]
    assert len(kept) == KEEP_PER_NAME + 1  # the other build's most recent ones and this build's own


def _replayed(log: str) -> int:
    """How many pages a build took from the build cache (its log line, ``SiteBuild.conversions_summary``)."""
    found = re.search(r"Pages converted: (\d+); from the build cache: (\d+)", log)
    assert found, log
    return int(found.group(2))


def test_a_page_conversion_comes_back_from_the_cache_only_while_its_inputs_are_the_same(tmp_path, monkeypatch):
    """The first build in an empty cache computes everything (as with ``REVIEW_SITE_CACHE=off``); the second
    takes the pandoc results and the pages from the cache and publishes the same files; an edited page and, after a
    ``.bib`` edit, every page citing the changed work (and no other) are converted again and show the change. Last, the
    Definitions page links an id of the Growth page that goes away while Definitions is unchanged: its
    conversion comes from the cache with the links MkDocs recorded (``Page.links_to_anchors``), so MkDocs
    itself still reports the broken link (htmlproofer is off for that build, to show it)."""
    project = project_copy(tmp_path)
    monkeypatch.setenv("REVIEW_SITE_CACHE", str(tmp_path / "cache"))
    growth, definitions = project / "docs" / "growth.md", project / "docs" / "definitions.md"
    conclusions, methods = project / "docs" / "conclusions.md", project / "docs" / "methods.md"
    note = "\nA remark.[^zz2001test]\n\n[^zz2001test]: A prose footnote, named like a key added later.\n"
    conclusions.write_text(conclusions.read_text(encoding="utf-8") + note, encoding="utf-8")
    heading = "\n## A heading for the cache test { #cache-test-heading }\n\nText.\n"
    growth.write_text(growth.read_text(encoding="utf-8") + heading, encoding="utf-8")
    definitions.write_text(
        definitions.read_text(encoding="utf-8") + "\nSee [that heading](growth.md#cache-test-heading).\n",
        encoding="utf-8",
    )
    first = run_build(project, tmp_path / "first")
    assert first.returncode == 0, first.log
    assert _replayed(first.log) == 0
    second = run_build(project, tmp_path / "second")
    assert second.returncode == 0, second.log
    assert _replayed(second.log) >= 10  # every page made only from its own text (build.UNCACHED_MARKERS)
    files = sorted(path.relative_to(first.site) for path in first.site.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second.site) for path in second.site.rglob("*") if path.is_file())
    assert [str(f) for f in files if (first.site / f).read_bytes() != (second.site / f).read_bytes()] == []

    growth.write_text(growth.read_text(encoding="utf-8") + "\nA sentence added by the cache test.\n", encoding="utf-8")
    edited = run_build(project, tmp_path / "edited")
    assert edited.returncode == 0, edited.log
    assert _replayed(edited.log) == _replayed(second.log) - 1
    assert "A sentence added by the cache test." in (edited.site / "growth" / "index.html").read_text("utf-8")
    assert "A sentence added by the cache test." in (edited.site / "print" / "index.html").read_text("utf-8")

    bib = project / "bib" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    old = "Cluster Analysis and Cluster-Based Policy in {OECD} Countries"
    assert text.count(old) == 1  # roelandt1998cluster, cited on the Definitions page
    entry = "\n@book{zz2001test,\n  author    = {Zz, Aa},\n  title     = {A Test},\n  publisher = {P},\n  year      = {2001},\n}\n"
    bib.write_text(text.replace(old, "Zzyzx Cluster Approach") + entry, encoding="utf-8")
    methods.write_text(methods.read_text(encoding="utf-8") + "\nA test citation [@zz2001test].\n", encoding="utf-8")
    cited = run_build(project, tmp_path / "cited")
    assert cited.returncode == 0, cited.log
    # converted again: the pages citing the changed work (the .bib reaches a page only through its citations),
    # the edited Methods page, and Conclusions, whose footnote is now named like a key (a citation)
    texts = {page.name: page.read_text("utf-8") for page in (project / "docs").glob("*.md")}
    cached = [name for name, text in texts.items() if not any(marker in text for marker in UNCACHED_MARKERS)]
    again = {name for name in cached if "@roelandt1998cluster" in texts[name]} | {"methods.md", "conclusions.md"}
    assert "definitions.md" in again and _replayed(cited.log) == _replayed(edited.log) + 1 - len(again), cited.log
    assert "Zzyzx Cluster Approach" in (cited.site / "definitions" / "index.html").read_text("utf-8")
    assert 'data-cite="zz2001test"' in (cited.site / "conclusions" / "index.html").read_text("utf-8")

    monkeypatch.setenv("HTMLPROOFER", "false")
    growth.write_text(growth.read_text(encoding="utf-8").replace(heading, "\n"), encoding="utf-8")
    broken = run_build(project, tmp_path / "broken")
    assert broken.returncode != 0 and _replayed(broken.log) == _replayed(second.log) - 1, broken.log
    assert "contains a link 'growth.md#cache-test-heading'" in broken.log, broken.log


def test_a_build_that_reported_a_problem_stores_no_conversion(tmp_path):
    """MkDocs warns about an absolute link while converting the page (htmlproofer finds the file and passes
    it): the strict build fails, and so does the next one, because the page is converted again."""
    project = project_copy(tmp_path)  # the test run's cache (the page with this link is never stored)
    growth = project / "docs" / "growth.md"
    growth.write_text(growth.read_text(encoding="utf-8") + "\nSee [the places](/data/places.csv).\n", encoding="utf-8")
    for attempt in ("first", "second"):
        result = run_build(project, tmp_path / attempt)
        assert result.returncode != 0, result.log
        assert "contains an absolute link '/data/places.csv'" in result.log, result.log


def test_a_report_counter_loaded_again_replaces_the_earlier_one():
    import logging

    from review_site.build import ReportCount

    logger = logging.getLogger("review-site-test")
    first, second = ReportCount(), ReportCount()
    first.attach("review-site-test")
    logger.warning("one")
    second.attach("review-site-test")  # mkdocs serve: the hooks module loaded again for a rebuild
    logger.warning("two")
    logger.info("not counted")
    assert (first.count, second.count) == (1, 1)
    assert [handler for handler in logger.handlers if isinstance(handler, ReportCount)] == [second]
    logger.removeHandler(second)


def test_a_quiet_or_verbose_build_stores_no_conversion(tmp_path):
    """``-q`` hides warnings from every handler (so a build that warned would look clean) and ``-v`` keeps
    MkDocs from recording a page's links to ids (a replay could not have them checked): neither stores."""
    project = project_copy(tmp_path)
    cache = tmp_path / "cache"
    for flag in ("-q", "-v"):
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", flag, "--site-dir", str(tmp_path / flag)],
            cwd=project,
            env={**os.environ, **BUILD_ENV, "REVIEW_SITE_CACHE": str(cache)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert sorted(path.name for path in cache.glob("page-render-*")) == [], flag
        assert any(cache.glob("citations-*")), flag  # the other steps are stored as before


def test_the_cache_salt_is_that_of_the_code_the_process_runs(tmp_path):
    """``mkdocs serve`` keeps its modules loaded: a file edited meanwhile must not key the old code's results."""
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    running = running_code_salt(tmp_path)
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert running_code_salt(tmp_path) == running != code_salt(tmp_path)
