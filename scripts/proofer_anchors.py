"""MkDocs hook: mkdocs-htmlproofer-plugin parses pages with lxml instead of ``html.parser``.

mkdocs-htmlproofer-plugin 1.6.0 (pinned in pyproject.toml) parses the whole output of every
page, navigation included, with Python's ``html.parser`` to learn which ids the page provides
(``htmlproofer.plugin.read_anchors``): about a third of a warm build, growing with the square
of the site (every page carries the navigation of every page). This hook gives the plugin the
same function on libxml2 (lxml, already a dependency), about ten times faster. Likewise the
plugin's own ``BeautifulSoup(content, "html.parser", parse_only=...)``, which it uses only to
collect the ``href`` of every ``<a>`` and the ``src`` of every ``<img>`` of a page's content,
becomes :class:`LinkSoup`: the same two lists read with one lxml XPath, without building a
BeautifulSoup tree (which cost more than the rest of the plugin). With no external URL to
fetch (``validate_external_urls: false``), the plugin's per-page thread pool becomes
:class:`InlineExecutor` (:func:`on_config`), which runs each check when it is submitted: the
checks are dictionary look-ups, and starting threads and passing the GIL back and forth for every
link cost more than the checks. The plugin's ``find_source_file`` answers each ``(url, page)`` once
per build (:func:`_remembering`). The plugin still decides every verdict: which links to check,
how to resolve them, what to report.

The replacement returns the same set as the original: the ``id`` of every element and the
``name`` of every ``<a>``, except inside a ``<template>`` (its content is inert).
``tests/test_speed.py`` compares both readers, anchors and links, with the plugin's own on
every page of the built site (whole pages and their content), so a page where libxml2 and ``html.parser`` disagree fails the tests. A different plugin version is not
patched: the build warns (and ``--strict`` fails) until this hook is checked against it.
"""

from __future__ import annotations

import concurrent.futures
import logging
from concurrent.futures import Future
from importlib.metadata import version
from types import SimpleNamespace

import lxml.html
from lxml import etree

log = logging.getLogger("mkdocs.hooks.proofer_anchors")

#: The plugin version whose ``read_anchors`` this hook replaces (see the module docstring).
PATCHED_VERSION = "1.6.0"

_IDS = etree.XPath("//*[@id][not(ancestor::template)]/@id | //a[@name][not(ancestor::template)]/@name")


def read_anchors(rendered_content: str) -> frozenset[str]:
    """The anchors a rendered page provides, as ``htmlproofer.plugin.read_anchors`` gives them.

    Args:
        rendered_content: a page's HTML, a whole document or a fragment (``str``).

    Returns:
        ``frozenset`` of ``str``: every ``id`` value and every ``<a name>`` value outside
        ``<template>`` elements; empty for empty input.
    """
    if not rendered_content or not rendered_content.strip():
        return frozenset()
    root = lxml.html.document_fromstring(rendered_content)
    return frozenset(str(value) for value in _IDS(root))


_LINKS = {
    "a": etree.XPath("//a[@href]/@href"),
    "img": etree.XPath("//img[@src]/@src"),
}


class LinkSoup:
    """What the plugin reads from ``BeautifulSoup(markup, "html.parser", parse_only=strainer)``:
    ``find_all("a", href=True)`` and ``find_all("img", src=True)``, read with lxml.

    The plugin's strainer keeps ``a`` and ``img`` elements wherever they are, so every ``<a href>``
    and ``<img src>`` of the markup counts (inside ``<template>`` too, as for the plugin).

    Args:
        markup: HTML (``str``), a whole document or a fragment; other arguments are ignored.
    """

    def __init__(self, markup: str, features: str = "html.parser", **options):
        self._root = lxml.html.document_fromstring(markup) if markup and markup.strip() else None

    def find_all(self, name: str, **attrs: bool) -> list[dict[str, str]]:
        """``[{attribute: value}]`` of each ``name`` element (``"a"`` or ``"img"``) that has the one
        attribute asked for with ``True`` (``href`` or ``src``), in document order.

        Raises:
            NotImplementedError: any other query (the plugin makes none; a new plugin version might).
        """
        (attribute, wanted), *more = attrs.items()
        if more or wanted is not True or (name, attribute) not in (("a", "href"), ("img", "src")):
            raise NotImplementedError(f"LinkSoup.find_all({name!r}, **{attrs!r})")
        values = _LINKS[name](self._root) if self._root is not None else []
        return [{attribute: str(value)} for value in values]


def on_startup(command, dirty):
    """Install :func:`read_anchors` into the plugin, once per process (``mkdocs serve`` too)."""
    import htmlproofer.plugin as proofer

    found = version("mkdocs-htmlproofer-plugin")
    if found != PATCHED_VERSION:
        log.warning(
            "scripts/proofer_anchors.py: written for mkdocs-htmlproofer-plugin %s, found %s; "
            "the plugin keeps its own (slower) anchor reader. Compare the two with "
            "tests/test_speed.py, then update PATCHED_VERSION.",
            PATCHED_VERSION,
            found,
        )
        return
    proofer.read_anchors = read_anchors
    finder = proofer.HtmlProoferPlugin.find_source_file
    proofer.HtmlProoferPlugin.find_source_file = staticmethod(_remembering(getattr(finder, "original", finder)))
    index = proofer.HtmlProoferPlugin.file_index
    proofer.HtmlProoferPlugin.file_index = _remembering_index(getattr(index, "original", index))
    proofer.BeautifulSoup = LinkSoup
    proofer.parse_anchors.cache_clear()
    _state["patched"] = True


class InlineExecutor:
    """A stand-in for ``concurrent.futures.ThreadPoolExecutor`` that runs each call in the calling
    thread when it is submitted, for checks that never wait on the network.

    ``submit`` returns a finished ``Future`` holding the result or the exception raised, so
    ``as_completed`` and ``Future.result()`` behave as with the pool (an exception is raised again by
    ``result()``). ``max_workers`` is accepted and ignored.
    """

    def __init__(self, max_workers: int | None = None):
        self.max_workers = max_workers

    def __enter__(self) -> InlineExecutor:
        return self

    def __exit__(self, *exc_info) -> None:
        return None

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller by Future.result(), as the pool does
            future.set_exception(error)
        return future


#: Whether :func:`on_startup` patched the plugin (its version is :data:`PATCHED_VERSION`).
_state = {"patched": False}
#: ``(url, src_path) -> File or None`` found by the plugin's ``find_source_file`` in this build.
_sources: dict[tuple[str, str], object] = {}


def _remembering(find):
    """The plugin's ``HtmlProoferPlugin.find_source_file(url, src_path, files)``, each answer remembered for
    the rest of the build: the plugin asks it two or three times per link (about 24,000 times with five
    times the content, each time with ``pathlib``), and the site's files do not change while pages are
    checked. :func:`on_config` forgets the answers at the start of every build."""

    def find_source_file(url: str, src_path: str, files):
        key = (url, src_path)
        if key not in _sources:
            _sources[key] = find(url, src_path, files)
        return _sources[key]

    find_source_file.original = find
    return find_source_file


def _finished(futures):
    """``as_completed`` for the futures of :class:`InlineExecutor`, which are finished when submitted:
    all of them, in the order they were submitted (no waiter, no lock per future)."""
    return list(futures)


#: ``len(plugin.files) -> {URL or source path: File}`` of the plugin's ``file_index`` in this build.
_index: dict[int, dict] = {}


def _remembering_index(file_index):
    """The plugin's ``HtmlProoferPlugin.file_index(self)``, built once per build and number of files: the
    plugin builds it again for every page (about 800 ``os.path.normpath`` calls each with five times the
    content), though its files are only added to in ``on_files``, before any page is checked.
    :func:`on_config` forgets it at the start of every build."""

    def remembered(self):
        count = len(self.files)
        if count not in _index:
            _index.clear()
            _index[count] = file_index(self)
        return _index[count]

    remembered.original = file_index
    return remembered


#: What ``htmlproofer.plugin`` sees as ``concurrent`` when no check fetches a URL.
_INLINE_CONCURRENT = SimpleNamespace(futures=SimpleNamespace(ThreadPoolExecutor=InlineExecutor, as_completed=_finished))


def on_config(config):
    """The plugin checks links in the build's thread when none of them fetches a URL (see the module
    docstring); with ``validate_external_urls: true``, or a plugin version this hook was not checked
    against, it keeps its thread pool."""
    import htmlproofer.plugin as module

    _sources.clear()  # a new build (mkdocs serve rebuilds): its files may differ
    _index.clear()
    proofer = config.plugins.get("htmlproofer")
    inline = _state["patched"] and bool(proofer) and not proofer.config["validate_external_urls"]
    module.concurrent = _INLINE_CONCURRENT if inline else concurrent
    return config
