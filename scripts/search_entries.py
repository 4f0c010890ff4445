"""MkDocs hook: Material's search indexes a page again only when what it reads of the page changes.

Material for MkDocs (9.8.2, or 9.7.7 under Python 3.10: pinned in pyproject.toml) indexes every page on every build: its
``SearchIndex.add_entry_from_context(page)`` feeds the page's content to Python's ``html.parser``
(pure Python, the slowest step of a warm build after the page conversions, which the build cache
already keeps: ``review_site.build.RENDER_STEP``) and appends one entry (``{"location", "title",
"text"}`` and, from the front matter, ``"tags"`` and ``"boost"``) per section. Those entries depend
only on what the function reads: the page's content, URL, table of contents, title and front matter
(``search``, ``tags``, ``title``), whether jieba is installed, and the plugin's code. This hook keeps
the entries in the build cache (``.cache/review-site/``, step :data:`STEP`, keyed by a SHA-256 of all
of these, the pinned tool versions and this file) and appends the stored entries when they are
equal; otherwise the plugin's own function runs and its entries are stored. The plugin still writes
the index (``on_post_build``) and removes the ``data-search-*`` attributes from the page.

``tests/test_cache.py`` builds the site twice with an empty cache and compares every file, the search
index included (the first build runs the plugin's function for every page, the second appends the
stored entries). The hook wraps the function only when the plugin's source file is the one it was
checked against (:data:`CHECKED_SOURCE`, a SHA-256: both pinned versions ship the same
``material/plugins/search/plugin.py``); with any other the build warns (and ``--strict`` fails) until
the hook is checked again. ``REVIEW_SITE_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_site.build import toc_tokens  # noqa: E402
from review_site.cache import ContentCache  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search_entries")

#: SHA-256 of ``material/plugins/search/plugin.py`` as checked (Material 9.7.7 and 9.8.2 ship this file).
CHECKED_SOURCE = "cc8a3ac0a8862662d11e87fefcdaa4a42d9ebd70a7943fa921c1c80e2661730b"
#: The build cache's step of a page's search entries.
STEP = "search-entries"

#: ``cache``: the project's build cache (set by :func:`on_config`); ``patched``: :func:`on_startup` wrapped
#: the plugin's function (the installed version is :data:`PATCHED_VERSION`).
_state: dict = {"cache": None, "patched": False}
#: This file as it runs (mkdocs serve keeps it loaded while it may be edited): part of every key.
_CODE = Path(__file__).read_bytes()


def source_digest(path: str) -> str:
    """SHA-256 (hex) of a file: which code of the plugin is installed."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def page_inputs(page) -> list[str]:
    """Everything ``SearchIndex.add_entry_from_context`` reads of a page, as texts for the cache key.

    Args:
        page: an MkDocs ``Page`` whose content is rendered.

    Returns:
        ``[content, URL, table of contents (JSON), title, front matter search/tags/title (JSON), jieba]``.
    """
    meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
    return [
        page.content or "",
        page.url,
        json.dumps(toc_tokens(page.toc or []), ensure_ascii=False),
        str(page.title),
        json.dumps(meta, sort_keys=True, default=str, ensure_ascii=False),
        str(importlib.util.find_spec("jieba") is not None),
    ]


def _remembering(add_entry_from_context):
    """The plugin's ``SearchIndex.add_entry_from_context(self, page)``, its entries kept in the build cache."""

    def remembered(self, page) -> None:
        cache: ContentCache | None = _state["cache"]
        if cache is None:
            return add_entry_from_context(self, page)
        key = [_CODE, *page_inputs(page)]
        found = cache.get(STEP, key)
        if found is not None:
            self.entries.extend(found[0])
            return None
        before = len(self.entries)
        add_entry_from_context(self, page)
        cache.put(STEP, key, self.entries[before:])
        return None

    remembered.original = add_entry_from_context
    return remembered


def on_startup(command, dirty):
    """Wrap the plugin's function, once per process (``mkdocs serve`` too), if its source is the one checked."""
    from material.plugins.search import plugin
    from material.plugins.search.plugin import SearchIndex

    if source_digest(plugin.__file__) != CHECKED_SOURCE:
        log.warning(
            "scripts/search_entries.py: %s is not the file this hook was checked against; search indexes every "
            "page on every build. Check the hook against its SearchIndex.add_entry_from_context "
            "(tests/test_cache.py), then update CHECKED_SOURCE.",
            plugin.__file__,
        )
        return
    add = SearchIndex.add_entry_from_context
    SearchIndex.add_entry_from_context = _remembering(getattr(add, "original", add))
    _state["patched"] = True


def on_config(config):
    """The build cache of the project this build belongs to (``REVIEW_SITE_CACHE`` as for the build's other steps)."""
    root = Path(config.config_file_path).resolve().parent
    _state["cache"] = ContentCache.for_project(root, Path(__file__).resolve().parent / "review_site")
    return config
