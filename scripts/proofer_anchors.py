"""MkDocs hook: mkdocs-htmlproofer-plugin parses pages with lxml instead of ``html.parser``.

mkdocs-htmlproofer-plugin 1.6.0 (pinned in pyproject.toml) parses the whole output of every
page, navigation included, with Python's ``html.parser`` to learn which ids the page provides
(``htmlproofer.plugin.read_anchors``): about a third of a warm build, growing with the square
of the site (every page carries the navigation of every page). This hook gives the plugin the
same function on libxml2 (lxml, already a dependency), about ten times faster. Likewise the
plugin's own ``BeautifulSoup(content, "html.parser", parse_only=...)``, which finds the links
of each page's content, gets the ``lxml`` tree builder (:func:`lxml_soup`). The plugin still
decides every verdict: which links to check, how to resolve them, what to report.

The replacement returns the same set as the original: the ``id`` of every element and the
``name`` of every ``<a>``, except inside a ``<template>`` (its content is inert).
``tests/test_speed.py`` compares both readers, anchors and links, with the plugin's own on
every page of the built site, so a page where libxml2 and ``html.parser`` disagree fails the tests. A different plugin version is not
patched: the build warns (and ``--strict`` fails) until this hook is checked against it.
"""

from __future__ import annotations

import logging
from importlib.metadata import version

import lxml.html
from bs4 import BeautifulSoup
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


def lxml_soup(markup: str, features: str = "html.parser", **options) -> BeautifulSoup:
    """``BeautifulSoup(markup, features, **options)`` with the ``lxml`` tree builder instead of
    ``html.parser`` (other builders unchanged); ``parse_only`` and the other options pass through.

    Returns:
        The ``BeautifulSoup`` tree.
    """
    return BeautifulSoup(markup, "lxml" if features == "html.parser" else features, **options)


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
    proofer.BeautifulSoup = lxml_soup
    proofer.parse_anchors.cache_clear()
