"""Numbered, linkable captions for tables and figures.

Markdown convention (one caption paragraph, its id on the next line, then the element)::

    Table: Cluster types after Knorringa and Meyer-Stamer [@knorringa1998new].
    { #tbl-district-typology }

    | | Italianate | Satellite | Hub-and-spoke |
    |---|---|---|---|

``attr_list`` puts the id on the caption paragraph. :func:`review_site.page_tree.apply_captions` then
moves the caption into the table's ``<caption>`` (or wraps an image in ``<figure>``/``<figcaption>``),
moves the id onto the table or figure, and prefixes "Table N." / "Figure N.", numbered across
the site in reading (nav) order by :func:`number_captions`. Real ``<caption>`` elements are
what WCAG 2.1 technique H39 asks of data tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from review_site import Problem

KINDS = {"Table": "tbl", "Figure": "fig"}
_CAPTION = re.compile(r"^(?P<kind>Table|Figure):[ \t]+\S.*\n(?P<attrs>[^\n]*)", re.MULTILINE)
#: ``{ #tbl-id }``, or ``{ #tbl-id .ordered }`` for a table whose row order carries meaning (a
#: typology, levels, the source's order): it is never offered for sorting (docs/javascripts/tables.js).
_CAPTION_ID = re.compile(r"^\{\s*#(?P<id>[a-z0-9-]+)(?:\s+\.ordered)?\s*\}\s*$")


def collect_captions(markdown: str, path: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Find the captions of one page's Markdown.

    Args:
        markdown: the page source (front matter included, so lines match the file).
        path: the page's source path for messages.

    Returns:
        ``(captions, problems)``: ``captions`` is a list of ``(kind, id)`` in page order, kind
        ``"Table"`` or ``"Figure"``; ``problems`` lists captions whose next line is not
        ``{ #tbl-… }`` / ``{ #fig-… }`` with the prefix matching the kind.
    """
    captions, problems = [], []
    for match in _CAPTION.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        kind = match.group("kind")
        id_match = _CAPTION_ID.match(match.group("attrs"))
        prefix = KINDS[kind] + "-"
        if not id_match or not id_match.group("id").startswith(prefix):
            problems.append(
                Problem(path, line, f"{kind.lower()} caption needs its id on the next line: {{ #{prefix}… }}")
            )
            continue
        captions.append((kind, id_match.group("id")))
    return captions, problems


def number_captions(
    pages: Iterable[tuple[str, list[tuple[str, str]]]],
) -> tuple[dict[str, tuple[str, int, str]], list[Problem]]:
    """Number captions across the site.

    Args:
        pages: ``(page path, captions)`` in reading order, captions as from :func:`collect_captions`.

    Returns:
        ``(numbers, problems)``: ``numbers`` maps each id to ``(kind, number, page path)``,
        numbered from 1 per kind in reading order; ``problems`` lists ids used twice.
    """
    numbers: dict[str, tuple[str, int, str]] = {}
    counters = {kind: 0 for kind in KINDS}
    problems = []
    for path, captions in pages:
        for kind, anchor in captions:
            if anchor in numbers:
                problems.append(Problem(path, 0, f"caption id '{anchor}' is already used in {numbers[anchor][2]}"))
                continue
            counters[kind] += 1
            numbers[anchor] = (kind, counters[kind], path)
    return numbers, problems
